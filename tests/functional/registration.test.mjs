// Who may sign up (issue 13.4): --registration open|approval|invite|closed and
// --max-users. Whatever the policy, the first account of an empty instance is
// let in (as admin). Each policy runs on its own fresh instance.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, newAccount, signUp, expectError } from './lib/client.mjs';
import { execSql } from './lib/admin.mjs';

const register = (server, form) => new Client(server.origin).post('/api/v1/auth/register', form);
const login = (server, account) =>
  new Client(server.origin).post('/api/v1/auth/login', { login: account.username, password: account.password });

describe('--registration closed', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--registration', 'closed'] }); });
  after(async () => { await server.stop(); });

  test('lets the first account in, as admin, and nobody after it', async () => {
    const first = await signUp(server.origin, 'owner');
    assert.equal(first.user.role, 'admin');
    const client = new Client(server.origin);
    expectError(assert, await client.post('/api/v1/auth/register', newAccount('late')), 403, 'registration_closed');
    assert.equal(client.cookies.size, 0);
    // Logging in is unaffected.
    assert.equal((await login(server, first.account)).status, 200);
  });
});

describe('--max-users', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--max-users', '3'] }); });
  after(async () => { await server.stop(); });

  test('refuses the account past the cap with 403 registration_full, also when they come at once', async () => {
    await signUp(server.origin, 'one');
    const answers = await Promise.all([0, 1, 2, 3].map(() => register(server, newAccount('many'))));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 403, 403], answers.map((r) => r.text).join('\n'));
    for (const r of answers.filter((a) => a.status === 403)) expectError(assert, r, 403, 'registration_full');
    expectError(assert, await register(server, newAccount('more')), 403, 'registration_full');
  });
});

describe('--registration approval', () => {
  let server;
  let admin;
  let user;
  before(async () => {
    server = await startServer({ args: ['--registration', 'approval', '--max-users', '4'] });
    admin = await signUp(server.origin, 'admin');
    assert.equal(admin.user.role, 'admin');
  });
  after(async () => { await server.stop(); });

  const pending = async (prefix) => {
    const account = newAccount(prefix);
    const client = new Client(server.origin);
    const r = await client.post('/api/v1/auth/register', account);
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.body, { status: 'pending_approval' });
    assert.equal(client.cookies.size, 0, 'no cookies for a pending account');
    return account;
  };
  const pendingList = async (query = '') => {
    const r = await admin.client.get(`/api/v1/admin/users?status=pending${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };

  test('a sign-up waits: 202, no login (403 account_pending), invisible, its name held', async () => {
    const account = await pending('waiting');
    expectError(assert, await login(server, account), 403, 'account_pending');
    expectError(assert, await new Client(server.origin).post('/api/v1/auth/token',
      { login: account.email.toUpperCase(), password: account.password }), 403, 'account_pending');
    // A wrong password learns nothing of it.
    expectError(assert, await login(server, { ...account, password: 'wrong password!' }), 401, 'invalid_credentials');
    // Not a user: no profile, nobody can follow it.
    expectError(assert, await admin.client.get(`/api/v1/users/${account.username}`), 404);
    expectError(assert, await admin.client.post(`/api/v1/users/${account.username}/follow`), 404);
    // Its username and email stay taken.
    expectError(assert, await register(server, { ...newAccount('x'), username: account.username.toUpperCase() }), 409,
      'username_taken');
    expectError(assert, await register(server, { ...newAccount('x'), email: account.email }), 409, 'email_taken');

    const list = await pendingList();
    const item = list.items.find((i) => i.username === account.username);
    assert.ok(item, JSON.stringify(list));
    assert.equal(item.email, account.email);
    assert.equal(typeof item.id, 'string');
    assert.ok(!Number.isNaN(Date.parse(item.createdAt)));
    assert.ok(!('password' in item) && !('passwordHash' in item) && !JSON.stringify(list).includes('argon2'));
  });

  test('approving lets it in as a user; rejecting deletes it and frees its name', async () => {
    const yes = await pending('approved');
    const no = await pending('rejected');

    const approved = await admin.client.post(`/api/v1/admin/users/${yes.username.toUpperCase()}/approve`);
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.user.username, yes.username);
    const signedIn = await login(server, yes);
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.equal(signedIn.body.user.role, 'user');
    user = { account: yes };
    expectError(assert, await admin.client.post(`/api/v1/admin/users/${yes.username}/approve`), 404);

    const rejected = await admin.client.post(`/api/v1/admin/users/${no.username}/reject`);
    assert.equal(rejected.status, 204, rejected.text);
    expectError(assert, await login(server, no), 401, 'invalid_credentials');
    expectError(assert, await admin.client.post(`/api/v1/admin/users/${no.username}/reject`), 404);
    const names = (await pendingList()).items.map((i) => i.username);
    assert.ok(!names.includes(yes.username) && !names.includes(no.username));
    // The name is free again.
    assert.equal((await register(server, { ...newAccount('again'), username: no.username })).status, 202);
  });

  test('approval and rejection are for staff only; the approved user is not staff', async () => {
    const account = await pending('hopeful');
    const signedIn = new Client(server.origin);
    assert.equal((await signedIn.post('/api/v1/auth/login', { login: user.account.username, password: user.account.password })).status, 200);
    const unknown = await signedIn.get('/api/v1/not/a/route');
    for (const r of [
      await signedIn.get('/api/v1/admin/users?status=pending'),
      await signedIn.post(`/api/v1/admin/users/${account.username}/approve`),
      await signedIn.post(`/api/v1/admin/users/${account.username}/reject`),
    ]) {
      assert.equal(r.status, 404, r.text);
      assert.deepEqual(r.body, unknown.body);
    }
    // Nothing happened to it.
    expectError(assert, await login(server, account), 403, 'account_pending');
  });

  test('the list pages oldest first and refuses other statuses; unknown names are 404', async () => {
    await pending('page');
    const first = await pendingList('&limit=1');
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.nextCursor, 'string');
    const second = await pendingList(`&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    assert.equal(second.items.length, 1);
    assert.ok(Number(second.items[0].id) > Number(first.items[0].id));
    const all = await pendingList('&limit=100');
    assert.equal(all.nextCursor, null);
    assert.equal((await admin.client.get('/api/v1/admin/users')).status, 200);

    expectError(assert, await admin.client.get('/api/v1/admin/users?status=active'), 422, 'invalid_value');
    expectError(assert, await admin.client.get('/api/v1/admin/users?status=pending&cursor=garbage'), 422, 'invalid_value');
    for (const name of ['nobody_at_all', "x' OR 1=1 --", '%00', 'a'.repeat(300)]) {
      const path = encodeURIComponent(name);
      expectError(assert, await admin.client.post(`/api/v1/admin/users/${path}/approve`), 404);
      expectError(assert, await admin.client.post(`/api/v1/admin/users/${path}/reject`), 404);
    }
    // A real user is not a pending account.
    expectError(assert, await admin.client.post(`/api/v1/admin/users/${admin.account.username}/approve`), 404);
  });

  test('approving past --max-users is 403 registration_full and keeps the account waiting', async () => {
    // admin + the approved user: two accounts; the cap is four.
    const a = await pending('capa');
    const b = await pending('capb');
    const c = await pending('capc');
    assert.equal((await admin.client.post(`/api/v1/admin/users/${a.username}/approve`)).status, 200);
    assert.equal((await admin.client.post(`/api/v1/admin/users/${b.username}/approve`)).status, 200);
    expectError(assert, await admin.client.post(`/api/v1/admin/users/${c.username}/approve`), 403, 'registration_full');
    expectError(assert, await login(server, c), 403, 'account_pending');
    // And a new sign-up is refused outright.
    expectError(assert, await register(server, newAccount('full')), 403, 'registration_full');
  });
});

describe('--registration invite', () => {
  let server;
  let admin;
  before(async () => {
    server = await startServer({ args: ['--registration', 'invite'] });
    admin = await signUp(server.origin, 'admin');  // the first account needs no code
    assert.equal(admin.user.role, 'admin');
  });
  after(async () => { await server.stop(); });

  const invite = async (body) => {
    const r = await admin.client.post('/api/v1/admin/invites', body);
    assert.equal(r.status, 201, r.text);
    return r.body;
  };

  test('staff make codes with uses and an expiry, and list them newest first', async () => {
    const before = Date.now();
    const made = await invite({ uses: 3, expiresInDays: 2 });
    assert.match(made.code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal(made.uses, 3);
    assert.equal(made.usesLeft, 3);
    assert.equal(made.createdBy, admin.account.username);
    const expires = Date.parse(made.expiresAt);
    assert.ok(expires >= before + 2 * 86_400_000 - 2000 && expires <= Date.now() + 2 * 86_400_000 + 2000, made.expiresAt);

    const defaults = await invite(undefined);
    assert.equal(defaults.usesLeft, 1);
    const list = await admin.client.get('/api/v1/admin/invites?limit=1');
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].code, defaults.code);
    const next = await admin.client.get(`/api/v1/admin/invites?limit=1&cursor=${encodeURIComponent(list.body.nextCursor)}`);
    assert.equal(next.body.items[0].code, made.code);
  });

  test('a sign-up needs a valid code (422), any case and without dashes, and takes one use', async () => {
    expectError(assert, await register(server, newAccount('nocode')), 422, 'invalid_value');
    for (const inviteCode of ['', 'ABCD-EFGH-JKMN-PQRS', 'not a code', 123, ['x'], { code: 'x' }, true, 'A'.repeat(100000)]) {
      const r = await register(server, { ...newAccount('forged'), inviteCode });
      assert.ok(r.status === 422 || r.status === 413, `${JSON.stringify(inviteCode).slice(0, 40)}: ${r.status} ${r.text.slice(0, 200)}`);
      if (r.status === 422) assert.equal(r.body.error.field, 'inviteCode');
    }

    const made = await invite({ uses: 2 });
    const typed = made.code.toLowerCase().replaceAll('-', '');
    const client = new Client(server.origin);
    const r = await client.post('/api/v1/auth/register', { ...newAccount('invited'), inviteCode: typed });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.user.role, 'user');
    assert.equal((await client.get('/api/v1/auth/me')).status, 200);
    const listed = (await admin.client.get('/api/v1/admin/invites?limit=100')).body.items.find((i) => i.code === made.code);
    assert.equal(listed.usesLeft, 1);

    // A sign-up that fails for another reason does not spend a use.
    expectError(assert, await register(server, { ...newAccount('dup'), username: admin.account.username, inviteCode: made.code }),
      409, 'username_taken');
    assert.equal((await register(server, { ...newAccount('second'), inviteCode: made.code })).status, 201);
    const spent = await register(server, { ...newAccount('third'), inviteCode: made.code });
    expectError(assert, spent, 403, 'invite_used_up');
    assert.equal(spent.body.error.field, 'inviteCode');
  });

  test('two sign-ups at once cannot both take the last use', async () => {
    const made = await invite({ uses: 1 });
    const answers = await Promise.all([0, 1, 2, 3, 4].map(() => register(server, { ...newAccount('rush'), inviteCode: made.code })));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 403, 403, 403, 403], answers.map((r) => r.text).join('\n'));
    for (const r of answers.filter((a) => a.status === 403)) expectError(assert, r, 403, 'invite_used_up');
  });

  test('an expired code is 403 invite_expired; a deleted one stops working at once', async () => {
    const old = await invite({ uses: 5 });
    execSql(server, `UPDATE invites SET expires_at = 1000 WHERE code = '${old.code}'`);
    const r = await register(server, { ...newAccount('late'), inviteCode: old.code });
    expectError(assert, r, 403, 'invite_expired');
    assert.equal(r.body.error.field, 'inviteCode');

    const gone = await invite({ uses: 5 });
    assert.equal((await admin.client.delete(`/api/v1/admin/invites/${gone.code.toLowerCase()}`)).status, 204);
    expectError(assert, await register(server, { ...newAccount('gone'), inviteCode: gone.code }), 422, 'invalid_value');
    expectError(assert, await admin.client.delete(`/api/v1/admin/invites/${gone.code}`), 404);
    expectError(assert, await admin.client.delete('/api/v1/admin/invites/%27%20OR%201%3D1'), 404);
  });

  test('hostile invite forms are 422 naming the field', async () => {
    for (const [field, value] of [
      ['uses', 0], ['uses', -1], ['uses', 1001], ['uses', 1.5], ['uses', '3'], ['uses', true], ['uses', [1]],
      ['uses', 1e300], ['uses', 18446744073709551615],
      ['expiresInDays', 0], ['expiresInDays', 366], ['expiresInDays', 'soon'], ['expiresInDays', { days: 1 }],
    ]) {
      const r = await admin.client.post('/api/v1/admin/invites', { [field]: value });
      expectError(assert, r, 422, 'invalid_value');
      assert.equal(r.body.error.field, field, `${field}=${JSON.stringify(value)}`);
    }
    expectError(assert, await admin.client.request('POST', '/api/v1/admin/invites',
      { body: '{"uses":', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
  });

  test('users cannot make, list or delete codes (404)', async () => {
    const made = await invite({ uses: 1 });
    const client = new Client(server.origin);
    assert.equal((await client.post('/api/v1/auth/register', { ...newAccount('plain'), inviteCode: made.code })).status, 201);
    for (const r of [
      await client.post('/api/v1/admin/invites', { uses: 10 }),
      await client.get('/api/v1/admin/invites'),
      await client.delete(`/api/v1/admin/invites/${made.code}`),
    ]) expectError(assert, r, 404, 'not_found');
  });
});

describe('--registration open (the default)', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.stop(); });

  test('ignores an invite code and needs none', async () => {
    await signUp(server.origin, 'first');
    assert.equal((await register(server, { ...newAccount('open'), inviteCode: 'whatever' })).status, 201);
    assert.equal((await register(server, newAccount('open'))).status, 201);
  });
});

test('bad --registration and --max-users values are refused at start', async () => {
  const { spawnSync } = await import('node:child_process');
  const { BIN } = await import('./lib/server.mjs');
  for (const args of [['--registration', 'invites'], ['--registration', ''], ['--max-users=-1'], ['--max-users', 'ten']]) {
    const r = spawnSync(BIN, ['serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, /registration|max-users/, r.stderr);
  }
});
