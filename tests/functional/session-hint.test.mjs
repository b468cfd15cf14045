// The signed-in hint cookie (docs/architecture.md, "Sessions"): every browser
// login also gets `lenslet_signed_in=1`, readable by the page (not HttpOnly),
// living as long as the refresh cookie, and cleared on logout. The web app asks
// GET /auth/me only when it is there; /auth/me itself still answers 401 when
// signed out.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp } from './lib/client.mjs';

const HINT = 'lenslet_signed_in';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

function assertHintBesideRefresh(client) {
  const hint = client.cookies.get(HINT);
  const refresh = client.cookies.get('lenslet_refresh');
  assert.ok(hint, `no ${HINT} cookie`);
  assert.equal(hint.value, '1');
  assert.equal(hint.path, '/');
  assert.ok(!hint.attributes.httponly, 'the hint must be readable by the page');
  assert.equal(hint.attributes.samesite, 'Lax');
  assert.equal(hint.attributes['max-age'], refresh.attributes['max-age'], 'lives as long as the refresh cookie');
}

describe('the signed-in hint cookie', () => {
  test('register, login and refresh set it; logout clears it', async () => {
    const { client, account } = await signUp(server.origin, 'hint');
    assertHintBesideRefresh(client);

    const other = new Client(server.origin);
    assert.equal((await other.post('/api/v1/auth/login', { login: account.username, password: account.password })).status, 200);
    assertHintBesideRefresh(other);

    assert.equal((await other.post('/api/v1/auth/refresh')).status, 200);
    assertHintBesideRefresh(other);

    const out = await other.post('/api/v1/auth/logout');
    assert.equal(out.status, 204);
    const cleared = out.headers.getSetCookie().find((line) => line.startsWith(`${HINT}=`));
    assert.ok(cleared, 'logout clears the hint');
    assert.match(cleared, /Max-Age=0/i);
    assert.ok(!other.cookies.has(HINT));
  });

  test('it is no credential: the hint alone is signed out, and /auth/me stays 401', async () => {
    const visitor = new Client(server.origin);
    assert.equal((await visitor.get('/api/v1/auth/me')).status, 401);
    const r = await visitor.get('/api/v1/auth/me', { headers: { cookie: `${HINT}=1` } });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code !== undefined, true);
  });

  test('a token client (POST /auth/token) gets no cookie at all', async () => {
    const { account } = await signUp(server.origin, 'hint');
    const app = new Client(server.origin, { origin: false });
    assert.equal((await app.post('/api/v1/auth/token', { login: account.email, password: account.password })).status, 200);
    assert.equal(app.cookies.size, 0);
  });
});
