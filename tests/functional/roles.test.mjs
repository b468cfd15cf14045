// Roles (issue 13.1): the first account of an empty instance is admin, of two
// simultaneous first sign-ups exactly one; `role` is in the signed-in user's
// own object only; staff endpoints answer 404 — exactly like a path that does
// not exist — to everyone but moderators and admins; `lenslet admin role`
// changes a role and the running server obeys it on the next request.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, newAccount, signUp, expectError } from './lib/client.mjs';
import { setRole } from './lib/admin.mjs';

// A staff-only endpoint with no side effects, to knock on.
const STAFF_ONLY = '/api/v1/admin/invites';

describe('the first account', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.stop(); });

  test('is admin; the next ones are users; the role is in their own user objects only', async () => {
    const first = await signUp(server.origin, 'first');
    assert.equal(first.user.role, 'admin');
    const second = await signUp(server.origin, 'second');
    assert.equal(second.user.role, 'user');

    assert.equal((await first.client.get('/api/v1/auth/me')).body.user.role, 'admin');
    assert.equal((await second.client.get('/api/v1/auth/me')).body.user.role, 'user');
    const login = await new Client(server.origin).post('/api/v1/auth/login',
      { login: first.account.username, password: first.account.password });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.role, 'admin');
    const token = await new Client(server.origin).post('/api/v1/auth/token',
      { login: second.account.email, password: second.account.password });
    assert.equal(token.status, 200);
    assert.equal(token.body.user.role, 'user');

    // Others are not told who is staff.
    for (const viewer of [second.client, new Client(server.origin)]) {
      const profile = await viewer.get(`/api/v1/users/${first.account.username}`);
      assert.equal(profile.status, 200);
      assert.ok(!('role' in profile.body.user), JSON.stringify(profile.body.user));
    }
  });

  test('a role sent with the sign-up form is ignored', async () => {
    const client = new Client(server.origin);
    const r = await client.post('/api/v1/auth/register', { ...newAccount('sneaky'), role: 'admin', isAdmin: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.user.role, 'user');
    expectError(assert, await client.get(STAFF_ONLY), 404, 'not_found');
  });
});

test('of simultaneous first sign-ups on an empty instance, exactly one is admin', async () => {
  // Several rounds, each on a fresh instance: one lucky interleaving must not
  // hide a missing lock.
  for (let round = 0; round < 3; round++) {
    const server = await startServer();
    try {
      const forms = Array.from({ length: 6 }, () => newAccount('racer'));
      const answers = await Promise.all(forms.map((form) => new Client(server.origin).post('/api/v1/auth/register', form)));
      for (const r of answers) assert.equal(r.status, 201, r.text);
      const roles = answers.map((r) => r.body.user.role).sort();
      assert.deepEqual(roles, ['admin', 'user', 'user', 'user', 'user', 'user'], `round ${round}`);
    } finally {
      await server.stop();
    }
  }
});

describe('staff-only endpoints', () => {
  let server;
  let admin;
  let bob;
  before(async () => {
    server = await startServer();
    admin = await signUp(server.origin, 'admin');
    bob = await signUp(server.origin, 'bob');
  });
  after(async () => { await server.stop(); });

  test('do not exist for users: 404 with the body of an unknown path; 401 when signed out', async () => {
    const unknown = await bob.client.get('/api/v1/no/such/path');
    expectError(assert, unknown, 404, 'not_found');
    for (const [method, path, json] of [
      ['GET', '/api/v1/admin/users?status=pending'],
      ['GET', '/api/v1/admin/users?status=bogus&cursor=%%%'],
      ['POST', '/api/v1/admin/users/nobody/approve'],
      ['POST', '/api/v1/admin/users/nobody/reject'],
      ['GET', '/api/v1/admin/invites?limit=oops'],
      ['POST', '/api/v1/admin/invites', { uses: 'many' }],
      ['DELETE', '/api/v1/admin/invites/0000-0000-0000-0000'],
    ]) {
      const r = await bob.client.request(method, path, json === undefined ? {} : { json });
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
      assert.deepEqual(r.body, unknown.body, `${method} ${path}`);
      expectError(assert, await new Client(server.origin).request(method, path, json === undefined ? {} : { json }),
        401, 'unauthenticated');
    }
  });

  test('answer the admin', async () => {
    const r = await admin.client.get(STAFF_ONLY);
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.body.items));
  });

  test('`lenslet admin role` promotes and demotes while the server runs, effective on the next request', async () => {
    expectError(assert, await bob.client.get(STAFF_ONLY), 404, 'not_found');

    let cli = setRole(server, bob.account.username.toUpperCase(), 'moderator');
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /moderator/);
    assert.equal((await bob.client.get(STAFF_ONLY)).status, 200);
    assert.equal((await bob.client.get('/api/v1/auth/me')).body.user.role, 'moderator');

    // Demoted: the same access token loses access at once (the role is not in it).
    cli = setRole(server, bob.account.username, 'user');
    assert.equal(cli.status, 0, cli.stderr);
    expectError(assert, await bob.client.get(STAFF_ONLY), 404, 'not_found');
    assert.equal((await bob.client.get('/api/v1/auth/me')).body.user.role, 'user');

    cli = setRole(server, bob.account.username, 'admin');
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal((await bob.client.get(STAFF_ONLY)).status, 200);
    assert.equal((await bob.client.get('/api/v1/auth/me')).body.user.role, 'admin');
    assert.equal(setRole(server, bob.account.username, 'user').status, 0);
  });

  test('`lenslet admin role` refuses unknown users and roles with one clear line', async () => {
    let cli = setRole(server, 'nobody_here', 'admin');
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /no user named 'nobody_here'/);
    assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);

    for (const role of ['root', 'Admin', '', 'moderator;drop']) {
      cli = setRole(server, bob.account.username, role);
      assert.notEqual(cli.status, 0, role);
      assert.match(cli.stderr, /role/i, role);
    }
    cli = setRole(server, "x' OR '1'='1", 'admin');
    assert.equal(cli.status, 1, cli.stderr);
    expectError(assert, await bob.client.get(STAFF_ONLY), 404, 'not_found');
  });
});
