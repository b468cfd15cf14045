// The HTTP edge as clients and attackers meet it: the header limit on every
// path however the bytes arrive, one Host only, refusals a client still
// sending its body can read (lingering close), the Socket.IO mount under the
// same rules as every route, and the per-address limits on connections,
// Socket.IO handshakes and media bandwidth.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer, LensletServer } from './lib/server.mjs';
import { Client, signUp, freshAddress } from './lib/client.mjs';
import { rawExchange, statusOf } from './lib/raw.mjs';
import { createPost } from './lib/posts.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

// 10,000 lines of `X-A: b` (80 KB), five times the 16 KB limit.
function manyHeaders(path, lines = 10_000) {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(lines)}\r\n`;
}

function pieces(text, size) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('the header limit holds on every path', () => {
  for (const path of ['/', '/api/v1/health', '/api/v1/auth/me', '/socket.io/?EIO=4&transport=polling', '/media/x']) {
    test(`80 KB of small headers to ${path} in one write is 431`, async () => {
      const r = await rawExchange(server.port, manyHeaders(path), { timeoutMs: 5000 });
      assert.equal(statusOf(r.text), 431, r.text.slice(0, 200));
      assert.match(r.text, /"headers_too_large"/);
    });
  }

  test('80 KB of small headers in many small writes is 431', async () => {
    for (const path of ['/api/v1/health', '/api/v1/auth/me']) {
      const r = await rawExchange(server.port, pieces(manyHeaders(path), 400), { timeoutMs: 8000, gapMs: 2 });
      assert.equal(statusOf(r.text), 431, `${path}: ${r.text.slice(0, 200)}`);
    }
  });

  test('a long request line and headers that are each under the limit but together over it are 431', async () => {
    const r = await rawExchange(server.port,
      `GET /api/v1/health?q=${'a'.repeat(10 * 1024)} HTTP/1.1\r\nHost: x\r\nX-B: ${'b'.repeat(10 * 1024)}\r\n\r\n`);
    assert.equal(statusOf(r.text), 431);
  });

  test('12 KB of headers in many small writes is still served (control)', async () => {
    const r = await rawExchange(server.port, pieces(manyHeaders('/api/v1/health', 1500), 400),
      { timeoutMs: 8000, gapMs: 2 });
    assert.equal(statusOf(r.text), 200, r.text.slice(0, 200));
  });
});

describe('Host', () => {
  test('two Host headers are 400 (RFC 9112 3.2)', async () => {
    for (const hosts of ['Host: x\r\nHost: x\r\n', 'Host: a.example\r\nHost: b.example\r\n']) {
      const r = await rawExchange(server.port, `GET /api/v1/health HTTP/1.1\r\n${hosts}\r\n`);
      assert.equal(statusOf(r.text), 400, r.text);
    }
    const one = await rawExchange(server.port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(one.text), 200);
  });
});

// A plain Node http.request that writes a 3 MB body: it must read the early
// refusal, not fail with EPIPE/ECONNRESET because the server closed while it
// was still sending.
function sendBig({ path, headers = {}, bytes = 3 * 1024 * 1024, setHost = true }) {
  return new Promise((resolve, reject) => {
    const body = Buffer.alloc(bytes, 'a');
    const req = http.request({
      host: '127.0.0.1', port: server.port, method: 'POST', path, setHost, agent: false,
      headers: { 'content-length': String(body.length), ...headers },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('early refusals reach a client still sending its body (lingering close)', () => {
  const expectRefusal = (r, status, code) => {
    assert.equal(r.status, status, r.text);
    assert.equal(JSON.parse(r.text).error.code, code);
    assert.equal(r.headers.connection, 'close');
  };

  test('413: a 3 MB JSON body to POST /auth/login', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await sendBig({ path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() } });
      expectRefusal(r, 413, 'payload_too_large');
    }
  });

  test('400: a 3 MB body in a request without Host', async () => {
    const r = await sendBig({ path: '/api/v1/auth/login', setHost: false, headers: { 'content-type': 'application/json' } });
    expectRefusal(r, 400, 'bad_request');
  });

  test('431: a 3 MB body after 20 KB of headers', async () => {
    const r = await sendBig({ path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'x-big': 'a'.repeat(20 * 1024) } });
    expectRefusal(r, 431, 'headers_too_large');
  });

  test('415: a 3 MB photo upload that is not a multipart form', async () => {
    const { client } = await signUp(server.origin, 'edge');
    const r = await sendBig({
      path: '/api/v1/posts',
      headers: { 'content-type': 'image/jpeg', cookie: client.cookieHeader('/api/v1/posts'), 'x-forwarded-for': client.address },
    });
    expectRefusal(r, 415, 'unsupported_media_type');
  });
});

describe('the Socket.IO mount follows the rules of every route', () => {
  const handshake = async (headers = {}) => {
    const r = await fetch(`${server.origin}/socket.io/?EIO=4&transport=polling`, { headers });
    const text = await r.text();
    return { r, text, sid: r.status === 200 ? JSON.parse(text.slice(1)).sid : null };
  };

  test('polling answers carry the security headers', async () => {
    const { r, sid } = await handshake();
    assert.equal(r.status, 200);
    assert.ok(sid);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.ok(r.headers.get('content-security-policy'));
    assert.ok(r.headers.get('x-request-id'));
    const bad = await fetch(`${server.origin}/socket.io/?EIO=4&transport=polling&sid=nope`);
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-content-type-options'), 'nosniff');
  });

  test('a polling POST with a foreign Origin is 403; the same POST from our origin is accepted', async () => {
    const { sid } = await handshake();
    const url = `${server.origin}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    const foreign = await fetch(url, { method: 'POST', body: '40', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' } });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error.code, 'foreign_origin');
    const own = await fetch(url, { method: 'POST', body: '40', headers: { origin: server.origin, 'content-type': 'text/plain' } });
    assert.equal(own.status, 200);
    assert.equal(await own.text(), 'ok');
  });

  test('session ids never reach the access log', async () => {
    const { sid } = await handshake();
    const url = `${server.origin}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    assert.equal((await fetch(url, { method: 'POST', body: '40' })).status, 200);
    assert.equal((await fetch(url)).status, 200);
    const deadline = Date.now() + 5000;
    while (!/path=\/socket\.io\/ query="EIO=4&transport=polling&sid=\*\*\*"/.test(server.log()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(server.log(), /sid=\*\*\*/);
    assert.ok(!server.log().includes(sid), 'the sid was logged');
  });

  test('debug logs name a session by a serial number, never by its sid', async () => {
    const verbose = new LensletServer({ args: ['--log-level', 'debug'] });
    await verbose.start();
    try {
      const first = await fetch(`${verbose.origin}/socket.io/?EIO=4&transport=polling`);
      const { sid } = JSON.parse((await first.text()).slice(1));
      const url = `${verbose.origin}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
      // A packet the decoder refuses: the session is logged and closed.
      assert.equal((await fetch(url, { method: 'POST', body: 'z' })).status, 400);
      const deadline = Date.now() + 5000;
      while (!/engine\.io session #\d+/.test(verbose.log()) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(verbose.log(), /engine\.io session #\d+/);
      assert.ok(!verbose.log().includes(sid), 'the sid was logged');
    } finally {
      await verbose.stop();
    }
  });
});

describe('per-address limits', () => {
  let limited;
  before(async () => {
    limited = await startServer({
      args: ['--connections-per-address', '2', '--handshakes-per-minute', '3', '--media-bytes-per-second', '500'],
    });
  });
  after(async () => { await limited.stop(); });

  // A keep-alive connection that has made one request from `address`.
  const openConnection = (address) => new Promise((resolve, reject) => {
    const socket = net.connect(limited.port, '127.0.0.1');
    let text = '';
    socket.on('data', (c) => {
      text += c.toString('latin1');
      if (/\r\n\r\n/.test(text)) resolve({ socket, status: statusOf(text), text });
    });
    socket.on('error', reject);
    socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${address}\r\n\r\n`);
  });

  test('concurrent connections: beyond the limit 503 with Retry-After; a closed one frees its place', async () => {
    const address = freshAddress();
    const first = await openConnection(address);
    const second = await openConnection(address);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const third = await openConnection(address);
    assert.equal(third.status, 503, third.text);
    assert.match(third.text, /Retry-After: \d+/i);
    third.socket.destroy();
    const other = await openConnection(freshAddress());
    assert.equal(other.status, 200, 'another address has its own count');
    other.socket.destroy();
    first.socket.destroy();
    let again;
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      again = await openConnection(address);
      again.socket.destroy();
      if (again.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(again.status, 200);
    second.socket.destroy();
  });

  test('loopback is not limited (a proxy on this host carries everyone)', async () => {
    const open = [];
    for (let i = 0; i < 5; i++) {
      const c = await openConnection('127.0.0.1');
      open.push(c);
      assert.equal(c.status, 200);
    }
    for (const c of open) c.socket.destroy();
  });

  test('Socket.IO handshakes: beyond the limit 429 with Retry-After, per address', async () => {
    const address = freshAddress();
    const polling = `${limited.origin}/socket.io/?EIO=4&transport=polling`;
    for (let i = 0; i < 3; i++) {
      const r = await fetch(polling, { headers: { 'x-forwarded-for': address } });
      assert.equal(r.status, 200);
      await r.text();
    }
    const over = await fetch(polling, { headers: { 'x-forwarded-for': address } });
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get('retry-after')) >= 1);
    assert.equal((await over.json()).error.code, 'rate_limited');
    const upgrade = await rawExchange(limited.port,
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${address}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    assert.equal(statusOf(upgrade.text), 429);
    const other = await fetch(polling, { headers: { 'x-forwarded-for': freshAddress() } });
    assert.equal(other.status, 200);
    await other.text();
  });

  test('media egress is paced per address', async () => {
    const { client } = await signUp(limited.origin, 'egress');
    const created = await createPost(client);
    assert.equal(created.status, 201, created.text);
    // The largest rendition, measured from loopback (not paced).
    let url = null;
    let size = 0;
    for (const v of created.body.post.media[0].variants) {
      const bytes = (await (await fetch(limited.origin + v.url)).arrayBuffer()).byteLength;
      if (bytes > size) { size = bytes; url = v.url; }
    }
    assert.ok(size > 600, `a rendition of ${size} bytes is too small to see pacing`);
    const address = freshAddress();
    const started = Date.now();
    let received = 0;
    for (let i = 0; i < 2; i++) {
      const r = await fetch(limited.origin + url, { headers: { 'x-forwarded-for': address } });
      assert.equal(r.status, 200);
      received += (await r.arrayBuffer()).byteLength;
    }
    const elapsed = (Date.now() - started) / 1000;
    // 500 bytes a second with one second of burst: the rest takes at least this long.
    const floor = (received - 500) / 500;
    assert.ok(elapsed >= floor - 0.2, `${received} bytes in ${elapsed.toFixed(2)} s (at least ${floor.toFixed(2)} s expected)`);
  });
});
