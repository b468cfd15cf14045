// Start-up and shutdown: the access log, and the graceful drain on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, newAccount } from './lib/client.mjs';

test('each request gets one access-log line with its request id, and no secrets', async () => {
  const server = await startServer();
  try {
    const c = new Client(server.origin);
    const account = newAccount();
    const r = await c.post('/api/v1/auth/register', account);
    assert.equal(r.status, 201);
    const id = r.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = server.log().split('\n').filter((l) => l.includes(id));
    assert.equal(lines.length, 1, `expected one line for ${id}:\n${server.log()}`);
    assert.match(lines[0], /POST/);
    assert.match(lines[0], /\/api\/v1\/auth\/register/);
    assert.match(lines[0], /201/);
    const log = server.log();
    assert.ok(!log.includes(account.password), 'password in the log');
    // The tokens (HttpOnly); the signed-in hint's "1" is no secret.
    for (const cookie of c.cookies.values()) {
      if (cookie.attributes.httponly) assert.ok(!log.includes(cookie.value), 'a token in the log');
    }
  } finally {
    await server.stop();
  }
});

test('SIGTERM lets a request in flight finish, then the process exits 0', async () => {
  const server = await startServer();
  const c = new Client(server.origin);
  // Registration hashes a password (tens of milliseconds): still in flight when the signal lands.
  const inFlight = c.post('/api/v1/auth/register', newAccount());
  await new Promise((resolve) => setTimeout(resolve, 5));
  server.process.kill('SIGTERM');
  const r = await inFlight;
  assert.equal(r.status, 201, r.text);
  const { code } = await server.exited;
  assert.equal(code, 0, server.log());
  assert.match(server.log(), /stopped/);
  await server.stop();
  // new connections are refused once it has stopped
  await assert.rejects(fetch(`${server.origin}/api/v1/health`));
});
