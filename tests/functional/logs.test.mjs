// Issue 15.3: --log-format json writes one JSON object per line on stdout and
// stderr alike, each with its level and message and, when written for a
// request, that request's id (also the X-Request-Id header, taken from the
// client only when short and safe); libvips's complaints about a broken image
// arrive as such lines too, with the request's id (also from libvips's own
// threads), never raw on stderr; a warning stays a warning (the post is made).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { fixture } from './lib/posts.mjs';

let server;
before(async () => { server = await startServer({ args: ['--log-format', 'json', '--log-level', 'debug'] }); });
after(async () => { await server.stop(); });

function lines() {
  return server.log().split('\n').filter((line) => line.length > 0);
}

async function waitForLog(what, predicate, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = lines().map((line) => JSON.parse(line)).filter(predicate);
    if (found.length > 0) return found;
    if (Date.now() > deadline) throw new Error(`no log line ${what} in:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('takes a short safe X-Request-Id, replaces any other, and logs every request line with its id', async () => {
  const { client } = await signUp(server.origin, 'logs');
  const kept = await client.get('/api/v1/auth/me', { headers: { 'x-request-id': 'trace-42.a_b' } });
  assert.equal(kept.headers.get('x-request-id'), 'trace-42.a_b');
  for (const bad of ['has space', 'x'.repeat(65), 'quote"d', 'brace{}']) {
    const r = await client.get('/api/v1/auth/me', { headers: { 'x-request-id': bad } });
    assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{16}$/, bad);
  }
  const [access] = await waitForLog('for trace-42.a_b', (l) => l.request_id === 'trace-42.a_b');
  assert.match(access.msg, /^request id=trace-42\.a_b method=GET path=\/api\/v1\/auth\/me status=200/);
  assert.equal(access.level, 'info');
  assert.ok(!server.log().includes('has space'), 'a refused id reached the log');
});

// libvips decodes on worker threads of its own; what it logs there is named
// for the request whose image it decodes (server/media/detail/vips_request.hpp).
const vipsLine = (l) => l.msg.startsWith('VIPS: ');

test('logs a broken image through the same logger, as JSON, with the id of the request that sent it', async () => {
  const { client } = await signUp(server.origin, 'vips');
  const form = new FormData();
  form.append('images', new Blob([fixture('truncated.jpg')], { type: 'image/jpeg' }), 'truncated.jpg');
  const r = await client.request('POST', '/api/v1/posts', { body: form, headers: { 'x-request-id': 'broken-upload-1' } });
  assert.equal(r.status, 422, r.text);
  const found = await waitForLog('from libvips for the upload',
    (l) => vipsLine(l) && l.request_id === 'broken-upload-1');
  assert.ok(['warning', 'error'].includes(found[0].level), JSON.stringify(found[0]));
});

// Two stray bytes before the scan: libjpeg warns ("extraneous bytes before
// marker 0xda") and decodes the whole picture, as it does for many phones' JPEGs.
function withExtraneousBytes(jpeg) {
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at + 1] !== 0xda) at += 2 + jpeg.readUInt16BE(at + 2);
  return Buffer.concat([jpeg.subarray(0, at), Buffer.alloc(2), jpeg.subarray(at)]);
}

test('a slightly broken JPEG is still accepted; its libvips warning carries the request id', async () => {
  const { client } = await signUp(server.origin, 'phone');
  const form = new FormData();
  form.append('images', new Blob([withExtraneousBytes(fixture('plain.jpg'))], { type: 'image/jpeg' }), 'phone.jpg');
  const r = await client.request('POST', '/api/v1/posts', { body: form, headers: { 'x-request-id': 'phone-upload-1' } });
  assert.equal(r.status, 201, r.text);
  const found = await waitForLog('from libvips for the phone upload',
    (l) => vipsLine(l) && l.request_id === 'phone-upload-1');
  assert.equal(found[0].level, 'warning', JSON.stringify(found[0]));
});

test('writes nothing but JSON lines, each with ts, level and msg, request lines with their id', async () => {
  const all = lines();
  assert.ok(all.length > 5);
  for (const line of all) {
    let entry;
    assert.doesNotThrow(() => { entry = JSON.parse(line); }, `not JSON: ${line}`);
    assert.equal(typeof entry.ts, 'string', line);
    assert.match(entry.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(typeof entry.level, 'string', line);
    assert.equal(typeof entry.msg, 'string', line);
    const access = /^request id=(\S+) /.exec(entry.msg);
    if (access) assert.equal(entry.request_id, access[1], line);
    // Every libvips line above came from an upload: none without its request.
    if (vipsLine(entry)) assert.equal(typeof entry.request_id, 'string', line);
  }
});
