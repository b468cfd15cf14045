// A small HTTP client with a cookie jar, like a browser tab: cookies set by the
// server are sent back on later requests to the paths they are scoped to.
import { randomBytes } from 'node:crypto';

let addressCounter = 0;
// Each client looks like a different machine to the rate limiter (the server
// runs with --trust-proxy in tests), unless a test shares one on purpose.
export function freshAddress() {
  addressCounter += 1;
  const r = randomBytes(2);
  return `10.${(process.pid % 250) + 1}.${r[0]}.${(addressCounter % 250) + 1}`;
}

export class Client {
  constructor(origin, { address = freshAddress(), origin: sendOrigin = true } = {}) {
    this.base = origin;
    this.address = address;
    this.sendOrigin = sendOrigin;
    this.cookies = new Map(); // name -> { value, path }
    this.bearer = null;
  }

  cookieHeader(path) {
    const parts = [];
    for (const [name, c] of this.cookies) {
      if (path.startsWith(c.path)) parts.push(`${name}=${c.value}`);
    }
    return parts.join('; ');
  }

  storeCookies(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = Object.fromEntries(attrs.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), true] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }));
      if (attr['max-age'] === '0' || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attr.path ?? '/', attributes: attr, raw: line });
    }
  }

  async request(method, path, { json, body, headers = {} } = {}) {
    const h = { 'x-forwarded-for': this.address, ...headers };
    if (this.sendOrigin && method !== 'GET' && method !== 'HEAD' && !('origin' in h)) h.origin = this.base;
    const cookie = this.cookieHeader(path);
    if (cookie && !('cookie' in h)) h.cookie = cookie;
    if (this.bearer && !('authorization' in h)) h.authorization = `Bearer ${this.bearer}`;
    if (json !== undefined) {
      h['content-type'] = 'application/json';
      body = JSON.stringify(json);
    }
    for (const k of Object.keys(h)) if (h[k] === undefined) delete h[k];
    const response = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    this.storeCookies(response);
    const text = await response.text();
    let data = null;
    if (text && (response.headers.get('content-type') ?? '').includes('application/json')) data = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: data, text };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, json, opts = {}) { return this.request('POST', path, { json, ...opts }); }
  patch(path, json, opts = {}) { return this.request('PATCH', path, { json, ...opts }); }
  put(path, json, opts = {}) { return this.request('PUT', path, { json, ...opts }); }
  delete(path, opts) { return this.request('DELETE', path, opts); }
}

let userCounter = 0;
// A unique, valid account form.
export function newAccount(prefix = 'user') {
  userCounter += 1;
  const tag = `${randomBytes(3).toString('hex')}${userCounter}`;
  return {
    username: `${prefix}_${tag}`.slice(0, 30),
    email: `${prefix}.${tag}@example.org`,
    password: `pw-${tag}-correct horse`,
  };
}

// Registers a fresh account on a fresh client; returns { client, account, user }.
export async function signUp(origin, prefix) {
  const client = new Client(origin);
  const account = newAccount(prefix);
  const r = await client.post('/api/v1/auth/register', account);
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${r.text}`);
  return { client, account, user: r.body.user };
}

// Asserts the API.md error envelope and returns it.
export function expectError(assert, response, status, code) {
  assert.equal(response.status, status, `expected ${status} ${code}, got ${response.status}: ${response.text}`);
  assert.ok(response.body && response.body.error, `error envelope missing: ${response.text}`);
  assert.equal(typeof response.body.error.message, 'string');
  if (code) assert.equal(response.body.error.code, code);
  return response.body.error;
}
