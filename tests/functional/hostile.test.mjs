// Hostile and broken input: every case gets a clear 4xx with the JSON error
// envelope (or, below HTTP, a 400 and a closed connection), and the server
// keeps serving everyone else.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, JWT_SECRET } from './lib/server.mjs';
import { Client, newAccount, signUp, expectError, freshAddress } from './lib/client.mjs';
import { rawExchange, statusOf, countResponses } from './lib/raw.mjs';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { sign, decode } from './lib/jwt.mjs';

let server;
before(async () => {
  server = await startServer({ args: ['--header-timeout-ms', '1000', '--login-limit', '8', '--login-failure-limit', '5', '--register-limit', '4'] });
});
after(async () => { await server.stop(); });

describe('malformed bodies', () => {
  test('malformed JSON is 400 malformed_json', async () => {
    const r = await new Client(server.origin).request('POST', '/api/v1/auth/login', {
      body: '{"login": "x", "password": ', headers: { 'content-type': 'application/json' },
    });
    expectError(assert, r, 400, 'malformed_json');
  });

  test('a JSON array or string instead of an object is 400', async () => {
    for (const body of ['[1,2,3]', '"text"', '42', 'null', '']) {
      const r = await new Client(server.origin).request('POST', '/api/v1/auth/register', {
        body, headers: { 'content-type': 'application/json' },
      });
      expectError(assert, r, 400, 'malformed_json');
    }
  });

  test('invalid UTF-8 in a string is refused', async () => {
    const r = await new Client(server.origin).request('POST', '/api/v1/auth/register', {
      body: Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","email":"a@b.co","password":"12345678"}')]),
      headers: { 'content-type': 'application/json' },
    });
    assert.ok(r.status === 400 || r.status === 422, `got ${r.status}`);
    assert.ok(r.body.error);
  });

  test('a body over 64 KB is 413 without the server reading the rest', async () => {
    const big = JSON.stringify({ ...newAccount(), displayName: 'x'.repeat(70 * 1024) });
    const r = await new Client(server.origin).request('POST', '/api/v1/auth/register', {
      body: big, headers: { 'content-type': 'application/json' },
    }).catch((e) => ({ error: e }));
    // The server may close before the client finishes sending; either we see the 413 or the socket closes.
    if (!r.error) expectError(assert, r, 413, 'payload_too_large');

    // Announce 10 MB but send only the head: the answer comes at once.
    const head = `POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n`;
    const raw = await rawExchange(server.port, head, { timeoutMs: 2000 });
    assert.equal(statusOf(raw.text), 413);
    assert.ok(raw.closed, 'connection closed after 413');
    assert.ok(raw.elapsedMs < 1500);
  });
});

describe('malformed query strings', () => {
  test('a broken percent-escape in ?cursor= or ?limit= is 400, never read as "no cursor"', async () => {
    const client = new Client(server.origin);
    for (const query of ['cursor=%%%', 'cursor=%zz', 'limit=%4']) {
      const r = await client.get(`/api/v1/explore?${query}`);
      const error = expectError(assert, r, 400, 'bad_request');
      assert.equal(error.field, query.split('=')[0]);
    }
  });
});

describe('malformed HTTP', () => {
  test('a bad request line is 400 and the connection is closed', async () => {
    const r = await rawExchange(server.port, 'GARBAGE\r\n\r\n');
    assert.equal(statusOf(r.text), 400);
    assert.ok(r.closed);
  });

  test('conflicting Content-Length and Transfer-Encoding is 400', async () => {
    const r = await rawExchange(server.port,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    assert.equal(statusOf(r.text), 400);
    assert.ok(r.closed);
  });

  test('two different Content-Length headers are 400', async () => {
    const r = await rawExchange(server.port,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}');
    assert.equal(statusOf(r.text), 400);
  });

  test('a bad chunk size is 400', async () => {
    const r = await rawExchange(server.port,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n');
    assert.equal(statusOf(r.text), 400);
  });

  test('headers over the limit are 431', async () => {
    const r = await rawExchange(server.port, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40 * 1024)}\r\n\r\n`);
    assert.equal(statusOf(r.text), 431);
  });

  test('keep-alive and pipelining: two requests in one write, two answers in order', async () => {
    const req = 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n';
    const r = await rawExchange(server.port, req + req, { timeoutMs: 1000 });
    assert.equal(countResponses(r.text), 2);
  });

  test('a slow client that never finishes its headers is cut off', async () => {
    const r = await rawExchange(server.port, ['GET /api/v1/health HTTP/1.1\r\n', 'Host: x\r\n'], { timeoutMs: 5000, gapMs: 100 });
    assert.ok(r.closed, 'server closed the connection');
    assert.ok(r.elapsedMs < 4000, `closed after ${r.elapsedMs} ms`);
    // and the server still answers others
    assert.equal((await new Client(server.origin).get('/api/v1/health')).status, 200);
  });
});

// The server's resident memory now and at its peak (kB), from /proc.
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

// Sends `head`, then `filler` bytes of 'a' a megabyte at a time as fast as the
// server takes them (never buffering them here), then `tail`. Like any HTTP
// client sending a body (RFC 9112 9.5), it stops sending once the server's
// answer begins: a client that keeps writing into a connection the server has
// reset can lose the answer it had not read yet (the write's EPIPE comes
// first). Resolves with what the server answered, how much was sent
// and how the exchange ended.
function streamHostile(port, { head, filler, tail = '' }) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const block = Buffer.alloc(1024 * 1024, 'a');
    const chunks = [];
    let sent = 0;
    let done = false;
    const finish = (ending) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), sent, ending });
    };
    const timer = setTimeout(() => finish('timeout'), 120_000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => finish('end'));
    socket.on('close', () => finish('close'));
    socket.on('error', (error) => finish(`error ${error.code}`));
    const answered = () => chunks.length > 0;
    socket.on('connect', async () => {
      socket.write(head);
      while (sent < filler && !socket.destroyed && !done && !answered()) {
        const n = Math.min(block.length, filler - sent);
        sent += n;
        if (!socket.write(n === block.length ? block : block.subarray(0, n))) {
          await new Promise((r) => { socket.once('drain', r); socket.once('close', r); socket.once('data', r); });
        }
        // Let the event loop poll the socket between writes. When the kernel
        // takes each megabyte at once, 'drain' comes on the next tick and
        // this loop never yields to I/O: it could send 64 MiB without reading
        // the answer that arrived after the first, until the server's lingering
        // close ended with a reset and the write's EPIPE destroyed the unread
        // answer (CI: "no answer at all").
        await new Promise((r) => setImmediate(r));
      }
      if (!socket.destroyed && !done && !answered()) socket.write(tail);
    });
  });
}

// What a failed exchange says about itself: the answer's start, how it ended, how much was sent.
const described = (r) => `${JSON.stringify(r.text.slice(0, 300))}, ended by ${r.ending} after ${r.sent} bytes`;

describe('chunked framing cannot make the server hold unbounded memory', () => {
  const MB = 1024 * 1024;
  const chunkedLogin = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n';

  test('a 256 MiB chunk extension is refused with 400 and the server\'s memory stays flat', async () => {
    const before = memoryOf(server.process.pid);
    const r = await streamHostile(server.port, { head: `${chunkedLogin}1c;e=`, filler: 256 * MB, tail: '\r\n' });
    const after = memoryOf(server.process.pid);
    assert.ok(after.peak - before.peak < 64 * 1024, `peak RSS grew by ${after.peak - before.peak} kB`);
    assert.ok(after.rss - before.rss < 64 * 1024, `RSS grew by ${after.rss - before.rss} kB`);
    assert.equal(statusOf(r.text), 400, described(r));
    // Refused at the limit, not after reading it all: the answer stopped the sending half way.
    assert.ok(r.sent < 64 * MB, described(r));
  });

  test('a 128 MiB trailer field is refused with 431 and the server\'s memory stays flat', async () => {
    const before = memoryOf(server.process.pid);
    const body = '{"login":"x","password":"y"}';
    const head = `${chunkedLogin}${body.length.toString(16)}\r\n${body}\r\n0\r\nX-Trailer: `;
    const r = await streamHostile(server.port, { head, filler: 128 * MB, tail: '\r\n\r\n' });
    const after = memoryOf(server.process.pid);
    assert.ok(after.peak - before.peak < 64 * 1024, `peak RSS grew by ${after.peak - before.peak} kB`);
    assert.ok(after.rss - before.rss < 64 * 1024, `RSS grew by ${after.rss - before.rss} kB`);
    assert.equal(statusOf(r.text), 431, described(r));
    // Refused at the limit, not after reading it all: the answer stopped the sending half way.
    assert.ok(r.sent < 64 * MB, described(r));
  });

  test('many trailer fields adding up past the limit are 431', async () => {
    const body = '{"login":"x","password":"y"}';
    const trailer = 'X-T: b\r\n'.repeat(20_000);
    const r = await rawExchange(server.port,
      `${chunkedLogin}${body.length.toString(16)}\r\n${body}\r\n0\r\n${trailer}\r\n`, { timeoutMs: 5000 });
    assert.equal(statusOf(r.text), 431, r.text.slice(0, 300));
  });

  test('short chunk extensions and trailers are still accepted (control)', async () => {
    const body = JSON.stringify({ login: 'nobody_here', password: 'wrong password' });
    const r = await rawExchange(server.port,
      `${chunkedLogin.replace('Host: x', `Host: x\r\nX-Forwarded-For: ${freshAddress()}`)}` +
      `${body.length.toString(16)};name=value;q="quoted"\r\n${body}\r\n0;last=1\r\nX-Checksum: abc\r\n\r\n`,
      { timeoutMs: 3000 });
    assert.equal(statusOf(r.text), 401, r.text.slice(0, 300));
  });

  test('nothing was thrown out of a handler', () => {
    assert.ok(!server.log().includes('handler threw'), server.log());
  });
});

describe('forged and tampered tokens', () => {
  let victim;
  let claims;
  before(async () => {
    victim = await signUp(server.origin);
    claims = decode(victim.client.cookies.get('lenslet_session').value).payload;
  });
  const me = (token) => new Client(server.origin).get('/api/v1/auth/me', { headers: { cookie: `lenslet_session=${token}` } });
  const bearerMe = (token) => new Client(server.origin).get('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });

  test('the genuine token works (control)', async () => {
    assert.equal((await me(victim.client.cookies.get('lenslet_session').value)).status, 200);
  });
  test('alg none is refused', async () => {
    expectError(assert, await me(sign(claims, '', { alg: 'none', typ: 'JWT' })), 401, 'unauthenticated');
  });
  test('another algorithm is refused', async () => {
    expectError(assert, await me(sign(claims, JWT_SECRET, { alg: 'HS512', typ: 'JWT' })), 401, 'unauthenticated');
  });
  test('a token signed with another secret is refused', async () => {
    expectError(assert, await me(sign(claims, 'not-the-secret-not-the-secret-xx')), 401, 'unauthenticated');
  });
  test('a tampered payload (another user id) is refused', async () => {
    const token = victim.client.cookies.get('lenslet_session').value;
    const [h, , s] = token.split('.');
    const p = Buffer.from(JSON.stringify({ ...claims, sub: String(Number(claims.sub) + 1) })).toString('base64url');
    expectError(assert, await me(`${h}.${p}.${s}`), 401, 'unauthenticated');
  });
  test('an expired token is refused even with a valid signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectError(assert, await me(sign({ ...claims, iat: now - 3600, exp: now - 60 }, JWT_SECRET)), 401, 'unauthenticated');
  });
  test('a validly signed token for a session that does not exist is refused', async () => {
    expectError(assert, await me(sign({ ...claims, sid: '999999999' }, JWT_SECRET)), 401, 'unauthenticated');
  });
  test('garbage in the cookie or the Authorization header is refused', async () => {
    for (const t of ['', 'x', 'a.b.c', '....', 'e30.e30.', 'Ünïcödé']) {
      expectError(assert, await me(encodeURIComponent(t)), 401);
    }
    expectError(assert, await bearerMe('not-a-jwt'), 401, 'unauthenticated');
    const r = await new Client(server.origin).get('/api/v1/auth/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectError(assert, r, 401, 'unauthenticated');
  });
});

describe('CSRF: foreign origins', () => {
  test('a write with a foreign Origin is 403', async () => {
    const r = await new Client(server.origin).post('/api/v1/auth/register', newAccount(), { headers: { origin: 'https://evil.example' } });
    expectError(assert, r, 403, 'foreign_origin');
  });
  test('a write with a foreign Referer and no Origin is 403', async () => {
    const c = new Client(server.origin, { origin: false });
    const r = await c.post('/api/v1/auth/register', newAccount(), { headers: { referer: 'https://evil.example/page' } });
    expectError(assert, r, 403, 'foreign_origin');
  });
  test('Origin: null is refused', async () => {
    const r = await new Client(server.origin).post('/api/v1/auth/login', { login: 'x', password: 'y' }, { headers: { origin: 'null' } });
    expectError(assert, r, 403, 'foreign_origin');
  });
  test('a signed-in victim\'s logout cannot be forced from another site', async () => {
    const { client } = await signUp(server.origin);
    const r = await client.post('/api/v1/auth/logout', undefined, { headers: { origin: 'http://attacker.test' } });
    expectError(assert, r, 403, 'foreign_origin');
    assert.equal((await client.get('/api/v1/auth/me')).status, 200);
  });
  test('the same origin and requests without Origin or Referer are accepted', async () => {
    const same = await new Client(server.origin).post('/api/v1/auth/register', newAccount());
    assert.equal(same.status, 201, same.text);
    const none = await new Client(server.origin, { origin: false }).post('/api/v1/auth/register', newAccount());
    assert.equal(none.status, 201, none.text);
  });
});

describe('rate limits', () => {
  test('brute force on one account from rotating addresses is slowed with 429 and Retry-After; the owner still gets in', async () => {
    const owner = await signUp(server.origin);
    const { account } = owner;
    let limited = null;
    for (let i = 0; i < 20 && !limited; i++) {
      // a new address each try: the per-account throttle must hold on its own (issue 17.4)
      const r = await new Client(server.origin).post('/api/v1/auth/login', { login: account.username, password: `wrong-${i}-password` });
      if (r.status === 429) limited = r; else expectError(assert, r, 401, 'invalid_credentials');
    }
    assert.ok(limited, 'the per-account throttle kicked in');
    expectError(assert, limited, 429, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // No lockout: the owner, from the address they signed up from, gets in.
    const right = await owner.client.post('/api/v1/auth/login', { login: account.username, password: account.password });
    assert.equal(right.status, 200, right.text);
  });

  test('many logins from one address are limited', async () => {
    const address = freshAddress();
    let limited = false;
    for (let i = 0; i < 15 && !limited; i++) {
      const r = await new Client(server.origin, { address }).post('/api/v1/auth/login', { login: `someone_${i}`, password: 'whatever-password' });
      limited = r.status === 429;
    }
    assert.ok(limited);
  });

  test('registration is limited per address', async () => {
    const address = freshAddress();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await new Client(server.origin, { address }).post('/api/v1/auth/register', newAccount())).status);
    }
    assert.deepEqual(statuses.slice(0, 4), [201, 201, 201, 201]);
    assert.equal(statuses[5], 429);
  });
});
