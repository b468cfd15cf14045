// Accounts and sessions as API.md describes them: register, log in by username
// or email, me, refresh with rotation and reuse detection, logout.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './lib/server.mjs';
import { Client, newAccount, signUp, expectError } from './lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const PUBLIC_USER_FIELDS = ['id', 'username', 'displayName', 'bio', 'website', 'avatarUrl', 'isPrivate',
  'postCount', 'followerCount', 'followingCount', 'followedByMe', 'requestedByMe'];

describe('register', () => {
  test('creates the account, answers 201 {user} and signs in with two HttpOnly cookies', async () => {
    const client = new Client(server.origin);
    const account = newAccount();
    const r = await client.post('/api/v1/auth/register', { ...account, displayName: 'Ada Lovelace' });
    assert.equal(r.status, 201, r.text);
    for (const f of PUBLIC_USER_FIELDS) assert.ok(f in r.body.user, `user.${f} missing`);
    assert.equal(typeof r.body.user.id, 'string');
    assert.equal(r.body.user.username, account.username);
    assert.equal(r.body.user.displayName, 'Ada Lovelace');
    assert.equal(r.body.user.isPrivate, false);
    assert.equal(r.body.user.postCount, 0);
    assert.ok(!('password' in r.body.user) && !('passwordHash' in r.body.user));

    const session = [...client.cookies.values()].find((c) => c.path === '/');
    const refresh = [...client.cookies.values()].find((c) => c.path === '/api/v1/auth');
    assert.ok(session, 'a session cookie on /');
    assert.ok(refresh, 'a refresh cookie scoped to /api/v1/auth');
    for (const c of [session, refresh]) {
      assert.ok(c.attributes.httponly, `${c.raw} must be HttpOnly`);
      assert.equal(String(c.attributes.samesite).toLowerCase(), 'lax');
      assert.ok(!c.attributes.secure, 'not Secure over plain http');
    }
    const me = await client.get('/api/v1/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.username, account.username);
    assert.equal(me.body.user.email, account.email);
  });

  test('displayName defaults to the username', async () => {
    const { user, account } = await signUp(server.origin);
    assert.equal(user.displayName, account.username);
  });

  test('usernames are unique without regard to case', async () => {
    const { account } = await signUp(server.origin);
    const again = newAccount();
    const r = await new Client(server.origin).post('/api/v1/auth/register', { ...again, username: account.username.toUpperCase() });
    expectError(assert, r, 409, 'username_taken');
  });

  test('emails are unique without regard to case', async () => {
    const { account } = await signUp(server.origin);
    const again = newAccount();
    const r = await new Client(server.origin).post('/api/v1/auth/register', { ...again, email: account.email.toUpperCase() });
    expectError(assert, r, 409, 'email_taken');
  });

  const invalid = [
    ['username', 'ab', 'too short'],
    ['username', 'a'.repeat(31), 'too long'],
    ['username', 'has space', 'a space'],
    ['username', 'émile', 'non-ASCII'],
    ['username', 'semi;colon', 'punctuation'],
    ['username', 'admin', 'reserved'],
    ['username', 'explore', 'reserved'],
    ['email', 'not-an-email', 'no @'],
    ['email', 'a@b', 'no dot in the domain'],
    ['email', 'two@@example.org', 'two @'],
    ['email', 'sp ace@example.org', 'a space'],
    ['password', 'short', 'under 8 characters'],
    ['password', 'x'.repeat(129), 'over 128 characters'],
  ];
  for (const [field, value, why] of invalid) {
    test(`refuses ${field} ${JSON.stringify(value.length > 20 ? value.slice(0, 8) + '…' : value)} (${why}) with 422`, async () => {
      const r = await new Client(server.origin).post('/api/v1/auth/register', { ...newAccount(), [field]: value });
      const error = expectError(assert, r, 422, 'invalid_value');
      assert.equal(error.field, field);
    });
  }

  test('refuses as a username every top-level page of the web app (its /:username route would hide it)', async () => {
    // Read from the router itself, so a screen added later cannot be shadowed by an account.
    const router = readFileSync(new URL('../../web/src/app/router.tsx', import.meta.url), 'utf8');
    const pages = [...router.matchAll(/path="\/([a-z0-9._]+)(?:\/[^"]*)?"/g)].map((m) => m[1]);
    const names = [...new Set(pages)].filter((name) => name.length >= 3);
    assert.ok(names.includes('moderation') && names.includes('settings'), names.join(' '));
    for (const name of names) {
      const r = await new Client(server.origin).post('/api/v1/auth/register', { ...newAccount(), username: name });
      assert.equal(expectError(assert, r, 422, 'invalid_value').field, 'username', name);
    }
  });

  test('refuses a password equal to the username', async () => {
    const a = newAccount();
    const r = await new Client(server.origin).post('/api/v1/auth/register', { ...a, password: a.username.toUpperCase() + '' });
    // usernames are at least 3 characters; make sure this one is 8+ so only the equality rule applies
    assert.ok(a.username.length >= 8);
    const error = expectError(assert, r, 422, 'invalid_value');
    assert.equal(error.field, 'password');
  });

  test('missing fields and wrong types are 422 naming the field', async () => {
    const c = new Client(server.origin);
    const a = newAccount();
    let r = await c.post('/api/v1/auth/register', { email: a.email, password: a.password });
    assert.equal(expectError(assert, r, 422, 'invalid_value').field, 'username');
    r = await c.post('/api/v1/auth/register', { ...a, username: 12345 });
    assert.equal(expectError(assert, r, 422, 'invalid_value').field, 'username');
    r = await c.post('/api/v1/auth/register', { ...a, password: ['an', 'array'] });
    assert.equal(expectError(assert, r, 422, 'invalid_value').field, 'password');
    r = await c.post('/api/v1/auth/register', { ...a, displayName: { x: 1 } });
    assert.equal(expectError(assert, r, 422, 'invalid_value').field, 'displayName');
  });

  test('unknown fields such as isAdmin or id are ignored, never applied', async () => {
    const c = new Client(server.origin);
    const a = newAccount();
    const r = await c.post('/api/v1/auth/register', { ...a, id: '1', isAdmin: true, followerCount: 1000, isPrivate: true });
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.body.user.id, '1');
    assert.equal(r.body.user.followerCount, 0);
    assert.equal(r.body.user.isPrivate, false);
    assert.ok(!('isAdmin' in r.body.user));
  });
});

describe('login', () => {
  test('by username, by email, in any case', async () => {
    const { account } = await signUp(server.origin);
    for (const login of [account.username, account.email, account.username.toUpperCase(), account.email.toUpperCase()]) {
      const c = new Client(server.origin);
      const r = await c.post('/api/v1/auth/login', { login, password: account.password });
      assert.equal(r.status, 200, `${login}: ${r.text}`);
      assert.equal(r.body.user.username, account.username);
      assert.equal((await c.get('/api/v1/auth/me')).status, 200);
    }
  });

  test('unknown user and wrong password look the same', async () => {
    const { account } = await signUp(server.origin);
    const wrong = await new Client(server.origin).post('/api/v1/auth/login', { login: account.username, password: 'wrong password!' });
    const unknown = await new Client(server.origin).post('/api/v1/auth/login', { login: 'nobody_here_xyz', password: 'wrong password!' });
    expectError(assert, wrong, 401, 'invalid_credentials');
    expectError(assert, unknown, 401, 'invalid_credentials');
    assert.deepEqual(wrong.body, unknown.body);
  });

  test('unknown user and wrong password take about the same time', async () => {
    const { account } = await signUp(server.origin);
    const time = async (login) => {
      const t = performance.now();
      await new Client(server.origin).post('/api/v1/auth/login', { login, password: 'wrong password!' });
      return performance.now() - t;
    };
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const wrong = []; const unknown = [];
    for (let i = 0; i < 5; i++) { wrong.push(await time(account.username)); unknown.push(await time(`nobody_${i}_xyz`)); }
    // Both pay one Argon2id verification; an unknown login that skipped it would be many times faster.
    assert.ok(median(unknown) > median(wrong) / 3, `unknown ${median(unknown)} ms vs wrong ${median(wrong)} ms`);
  });

  test('me without a session is 401', async () => {
    expectError(assert, await new Client(server.origin).get('/api/v1/auth/me'), 401, 'unauthenticated');
  });
});

describe('refresh and logout', () => {
  test('refresh rotates the refresh cookie and keeps the user signed in', async () => {
    const { client, account } = await signUp(server.origin);
    const before = client.cookies.get('lenslet_refresh')?.value;
    assert.ok(before, 'refresh cookie named lenslet_refresh');
    const r = await client.post('/api/v1/auth/refresh');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.username, account.username);
    const after = client.cookies.get('lenslet_refresh').value;
    assert.notEqual(after, before);
    assert.equal((await client.get('/api/v1/auth/me')).status, 200);
  });

  test('presenting an already-used refresh token answers 401 and revokes the whole login', async () => {
    const { client } = await signUp(server.origin);
    const stolen = client.cookies.get('lenslet_refresh').value;
    assert.equal((await client.post('/api/v1/auth/refresh')).status, 200);
    // An attacker replays the old token...
    const attacker = new Client(server.origin);
    const replay = await attacker.post('/api/v1/auth/refresh', undefined, { headers: { cookie: `lenslet_refresh=${stolen}` } });
    expectError(assert, replay, 401, 'invalid_token');
    // ...and the legitimate login is revoked too: its newest refresh token and its access token stop working.
    expectError(assert, await client.post('/api/v1/auth/refresh'), 401, 'invalid_token');
    expectError(assert, await client.get('/api/v1/auth/me'), 401, 'unauthenticated');
  });

  test('refresh without a cookie, or with garbage, is 401', async () => {
    expectError(assert, await new Client(server.origin).post('/api/v1/auth/refresh'), 401);
    const r = await new Client(server.origin).post('/api/v1/auth/refresh', undefined, { headers: { cookie: 'lenslet_refresh=garbage' } });
    expectError(assert, r, 401, 'invalid_token');
  });

  test('logout ends the login at once, also for the access token already issued', async () => {
    const { client } = await signUp(server.origin);
    const access = client.cookies.get('lenslet_session').value;
    const r = await client.post('/api/v1/auth/logout');
    assert.equal(r.status, 204);
    assert.ok(!client.cookies.has('lenslet_session'), 'session cookie cleared');
    const replay = await new Client(server.origin).get('/api/v1/auth/me', { headers: { cookie: `lenslet_session=${access}` } });
    expectError(assert, replay, 401, 'unauthenticated');
  });

  test('logout of one login leaves the user\'s other logins working', async () => {
    const { client, account } = await signUp(server.origin);
    const other = new Client(server.origin);
    assert.equal((await other.post('/api/v1/auth/login', { login: account.username, password: account.password })).status, 200);
    assert.equal((await client.post('/api/v1/auth/logout')).status, 204);
    assert.equal((await other.get('/api/v1/auth/me')).status, 200);
  });
});

describe('clients that are not browsers', () => {
  test('POST /auth/token gives a bearer token pair that works and rotates', async () => {
    const { account } = await signUp(server.origin);
    const app = new Client(server.origin, { origin: false });
    const r = await app.post('/api/v1/auth/token', { login: account.email, password: account.password });
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof r.body.accessToken, 'string');
    assert.equal(typeof r.body.refreshToken, 'string');
    assert.equal(r.body.user.username, account.username);
    assert.equal(app.cookies.size, 0, 'no cookies for token clients');

    app.bearer = r.body.accessToken;
    assert.equal((await app.get('/api/v1/auth/me')).status, 200);

    const next = await app.post('/api/v1/auth/token/refresh', { refreshToken: r.body.refreshToken });
    assert.equal(next.status, 200, next.text);
    assert.notEqual(next.body.refreshToken, r.body.refreshToken);
    // the old refresh token is spent: reuse revokes the family
    expectError(assert, await app.post('/api/v1/auth/token/refresh', { refreshToken: r.body.refreshToken }), 401, 'invalid_token');
    app.bearer = next.body.accessToken;
    expectError(assert, await app.get('/api/v1/auth/me'), 401, 'unauthenticated');
  });

  test('logout with a bearer token revokes it', async () => {
    const { account } = await signUp(server.origin);
    const app = new Client(server.origin, { origin: false });
    const r = await app.post('/api/v1/auth/token', { login: account.username, password: account.password });
    app.bearer = r.body.accessToken;
    assert.equal((await app.post('/api/v1/auth/logout')).status, 204);
    expectError(assert, await app.get('/api/v1/auth/me'), 401, 'unauthenticated');
  });
});
