// POST /auth/password {currentPassword, newPassword}: the password changes,
// every OTHER login of the user ends (refresh token dead, sockets closed) while
// the caller stays signed in; wrong current password (401, rate-limited like a
// login), invalid new password (422), no or forged token, CSRF, hostile bodies.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, JWT_SECRET } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { sign, decode } from './lib/jwt.mjs';
import { connected, disconnection, socketOf, sleep } from './lib/sockets.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const PATH = '/api/v1/auth/password';
const sockets = [];
const track = (s) => { sockets.push(s); return s; };
after(() => { for (const s of sockets) s.close(); });

// A second device of the same account: a fresh cookie jar, logged in.
async function anotherLogin(account) {
  const client = new Client(server.origin);
  const r = await client.post('/api/v1/auth/login', { login: account.username, password: account.password });
  assert.equal(r.status, 200, r.text);
  return client;
}

async function loginStatus(account, password) {
  return (await new Client(server.origin).post('/api/v1/auth/login', { login: account.email, password })).status;
}

describe('change password', () => {
  test('204: the new password works, the old one not; other logins end, the caller stays signed in', async () => {
    const me = await signUp(server.origin, 'pw');
    const phone = await anotherLogin(me.account);
    const app = new Client(server.origin, { origin: false });
    const issued = await app.post('/api/v1/auth/token', { login: me.account.username, password: me.account.password });
    assert.equal(issued.status, 200, issued.text);

    const mySocket = track(socketOf(server, me));
    const phoneSocket = track(socketOf(server, { client: phone }));
    await Promise.all([connected(mySocket), connected(phoneSocket)]);
    const phoneGone = disconnection(phoneSocket);

    const newPassword = 'a brand new passphrase';
    const r = await me.client.post(PATH, { currentPassword: me.account.password, newPassword });
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, '');

    // The other device: its socket is closed by the server, its session and refresh token are dead.
    assert.equal(await phoneGone, 'io server disconnect');
    expectError(assert, await phone.get('/api/v1/auth/me'), 401, 'unauthenticated');
    expectError(assert, await phone.post('/api/v1/auth/refresh'), 401, 'invalid_token');
    // The non-browser login ended too.
    app.bearer = issued.body.accessToken;
    expectError(assert, await app.get('/api/v1/auth/me'), 401, 'unauthenticated');
    expectError(assert, await app.post('/api/v1/auth/token/refresh', { refreshToken: issued.body.refreshToken }), 401);

    // The caller: still signed in, socket still up, refresh token still good.
    assert.equal((await me.client.get('/api/v1/auth/me')).status, 200);
    await sleep(300);
    assert.ok(mySocket.connected, 'the caller\'s own socket stays connected');
    assert.equal((await me.client.post('/api/v1/auth/refresh')).status, 200);
    assert.equal((await me.client.get('/api/v1/auth/me')).status, 200);

    assert.equal(await loginStatus(me.account, me.account.password), 401);
    assert.equal(await loginStatus(me.account, newPassword), 200);
  });

  test('works for a bearer client, which keeps its own login', async () => {
    const me = await signUp(server.origin, 'pw');
    const app = new Client(server.origin, { origin: false });
    const issued = await app.post('/api/v1/auth/token', { login: me.account.username, password: me.account.password });
    app.bearer = issued.body.accessToken;
    const r = await app.post(PATH, { currentPassword: me.account.password, newPassword: 'bearer changed it 1' });
    assert.equal(r.status, 204, r.text);
    assert.equal((await app.get('/api/v1/auth/me')).status, 200);
    // The browser login from the sign-up is another login: it ended.
    expectError(assert, await me.client.get('/api/v1/auth/me'), 401, 'unauthenticated');
    assert.equal((await app.post('/api/v1/auth/token/refresh', { refreshToken: issued.body.refreshToken })).status, 200);
  });

  test('a wrong current password is 401 invalid_credentials on currentPassword and changes nothing', async () => {
    const me = await signUp(server.origin, 'pw');
    const phone = await anotherLogin(me.account);
    for (const currentPassword of ['not my password', '', 'x'.repeat(5000)]) {
      const e = expectError(assert, await me.client.post(PATH, { currentPassword, newPassword: 'whatever it is 1' }), 401, 'invalid_credentials');
      assert.equal(e.field, 'currentPassword');
    }
    // A wrong current password does not sign the caller out.
    assert.equal((await me.client.get('/api/v1/auth/me')).status, 200);
    assert.equal((await phone.get('/api/v1/auth/me')).status, 200);
    assert.equal(await loginStatus(me.account, me.account.password), 200);
    assert.equal(await loginStatus(me.account, 'whatever it is 1'), 401);
  });

  test('a new password that breaks the registration rules is 422 on newPassword', async () => {
    const me = await signUp(server.origin, 'pw');
    const bad = ['short', '', '1234567', 'é'.repeat(129), me.account.username.toUpperCase()];
    for (const newPassword of bad) {
      const e = expectError(assert, await me.client.post(PATH, { currentPassword: me.account.password, newPassword }), 422, 'invalid_value');
      assert.equal(e.field, 'newPassword', `for ${JSON.stringify(newPassword)}`);
    }
    // 128 code points (more bytes) is allowed.
    const longest = 'é'.repeat(128);
    assert.equal((await me.client.post(PATH, { currentPassword: me.account.password, newPassword: longest })).status, 204);
    assert.equal(await loginStatus(me.account, longest), 200);
  });

  test('wrong types and missing fields are 422 naming the field; malformed JSON is 400', async () => {
    const me = await signUp(server.origin, 'pw');
    const cases = [
      [{ newPassword: 'valid password 1' }, 'currentPassword'],
      [{ currentPassword: me.account.password }, 'newPassword'],
      [{ currentPassword: 12345678, newPassword: 'valid password 1' }, 'currentPassword'],
      [{ currentPassword: me.account.password, newPassword: ['valid password 1'] }, 'newPassword'],
      [{ currentPassword: null, newPassword: 'valid password 1' }, 'currentPassword'],
    ];
    for (const [body, field] of cases) {
      const e = expectError(assert, await me.client.post(PATH, body), 422, 'invalid_value');
      assert.equal(e.field, field);
    }
    for (const body of ['{"currentPassword":', 'not json', '']) {
      const r = await me.client.request('POST', PATH, { body, headers: { 'content-type': 'application/json' } });
      expectError(assert, r, 400, 'malformed_json');
    }
    expectError(assert, await me.client.post(PATH, [1, 2]), 400, 'malformed_json');
    assert.equal(await loginStatus(me.account, me.account.password), 200, 'nothing changed');
  });

  test('no session, a forged or an ended session token: 401', async () => {
    const me = await signUp(server.origin, 'pw');
    const body = { currentPassword: me.account.password, newPassword: 'valid password 1' };
    expectError(assert, await new Client(server.origin).post(PATH, body), 401, 'unauthenticated');

    const access = me.client.cookies.get('lenslet_session').value;
    const { payload } = decode(access);
    const forged = [
      sign(payload, 'not-the-server-secret-0123456789abcdef'),
      sign({ ...payload, sid: 999999 }, JWT_SECRET),
      sign(payload, '', { alg: 'none', typ: 'JWT' }),
      'garbage',
    ];
    for (const token of forged) {
      const r = await new Client(server.origin).post(PATH, body, { headers: { cookie: `lenslet_session=${token}` } });
      expectError(assert, r, 401, 'unauthenticated');
      const b = await new Client(server.origin, { origin: false }).post(PATH, body, { headers: { authorization: `Bearer ${token}` } });
      expectError(assert, b, 401, 'unauthenticated');
    }
    assert.equal((await me.client.post('/api/v1/auth/logout')).status, 204);
    const r = await new Client(server.origin).post(PATH, body, { headers: { cookie: `lenslet_session=${access}` } });
    expectError(assert, r, 401, 'unauthenticated');
    assert.equal(await loginStatus(me.account, me.account.password), 200, 'nothing changed');
  });

  test('CSRF: a foreign Origin or Referer is 403 and changes nothing', async () => {
    const me = await signUp(server.origin, 'pw');
    const body = { currentPassword: me.account.password, newPassword: 'attacker chose this' };
    expectError(assert, await me.client.post(PATH, body, { headers: { origin: 'https://evil.example' } }), 403, 'foreign_origin');
    const noOrigin = new Client(server.origin, { origin: false });
    noOrigin.cookies = me.client.cookies;
    expectError(assert, await noOrigin.post(PATH, body, { headers: { referer: 'https://evil.example/x' } }), 403, 'foreign_origin');
    assert.equal(await loginStatus(me.account, 'attacker chose this'), 401);
    assert.equal((await me.client.get('/api/v1/auth/me')).status, 200);
  });

  test('guessing the current password is rate-limited like a login, and counts with login failures', async () => {
    const me = await signUp(server.origin, 'pw');
    let limited = null;
    // Until the delay has grown to seconds, so the next requests surely fall inside it.
    for (let i = 0; i < 15 && !limited; i++) {
      const r = await me.client.post(PATH, { currentPassword: `guess-${i}-password`, newPassword: 'valid password 1' });
      const wait = Number(r.headers.get('retry-after'));
      if (r.status === 429 && wait >= 4) limited = r;
      else if (r.status === 429) await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      else expectError(assert, r, 401, 'invalid_credentials');
    }
    assert.ok(limited, 'the per-account limit kicked in');
    expectError(assert, limited, 429, 'rate_limited');
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    // Even the right password is refused now from this client, here and at the login form.
    expectError(assert, await me.client.post(PATH, { currentPassword: me.account.password, newPassword: 'valid password 1' }), 429, 'rate_limited');
    const sameAddress = new Client(server.origin, { address: me.client.address });
    expectError(assert, await sameAddress.post('/api/v1/auth/login', { login: me.account.username, password: me.account.password }), 429, 'rate_limited');
    // Still signed in: a rate limit is not a logout. And no lockout: another device gets in (issue 17.4).
    assert.equal((await me.client.get('/api/v1/auth/me')).status, 200);
    const other = await new Client(server.origin).post('/api/v1/auth/login', { login: me.account.username, password: me.account.password });
    assert.equal(other.status, 200, other.text);
  });
});
