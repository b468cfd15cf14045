// The server's edges: health, routing errors, headers every response carries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, expectError } from './lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('GET /api/v1/health reports the server and the database', async () => {
  const r = await new Client(server.origin).get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.database, 'ok');
  assert.match(r.body.version, /^\d+\.\d+\.\d+/);
  assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
});

test('every response carries the security headers', async () => {
  const r = await new Client(server.origin).get('/api/v1/health');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
  assert.ok(r.headers.get('referrer-policy'));
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('each response has a request id', async () => {
  const c = new Client(server.origin);
  const a = await c.get('/api/v1/health');
  const b = await c.get('/api/v1/health');
  assert.match(a.headers.get('x-request-id'), /^[A-Za-z0-9-]{8,}$/);
  assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
});

test('an unknown API path is a JSON 404', async () => {
  const r = await new Client(server.origin).get('/api/v1/no-such-thing');
  expectError(assert, r, 404, 'not_found');
});

test('a known path with the wrong method is 405 with Allow', async () => {
  const r = await new Client(server.origin).request('DELETE', '/api/v1/health');
  expectError(assert, r, 405, 'method_not_allowed');
  assert.match(r.headers.get('allow'), /GET/);
});

test('HEAD answers like GET without a body', async () => {
  const r = await new Client(server.origin).request('HEAD', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
});

test('tiny JSON bodies are not worth compressing', async () => {
  const r = await fetch(`${server.origin}/api/v1/health`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-encoding'), null);
  await r.text();
});
