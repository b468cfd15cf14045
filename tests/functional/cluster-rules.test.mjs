// One cluster, one set of rules (issue 15.6, docs/operations.md "Many
// instances"): two `lenslet serve` processes on one database and one Redis
// count each rate limit once between them (server/cluster/redis_limiters.hpp),
// and a login ended through one is refused by the other with the very next
// request, not within the session cache's 2 s (server/cluster/redis_revocations.hpp).
// With Redis gone, each instance limits on its own and nothing hangs. The
// export limit and the limits of mailed links (password resets per account)
// are counted once too: the mails that reach the SMTP sink are the allowed ones.
//
// Runs on both databases: on SQLite the two processes share the file. Needs
// LENSLET_TEST_REDIS_URL (scripts/test.sh starts one); without it the file
// fails, unless LENSLET_ALLOW_NO_REDIS=1 says skipping is intended. The outage
// case starts a redis-server of its own (LENSLET_REDIS_SERVER or PATH).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { LensletServer } from './lib/server.mjs';
import { Client, signUp } from './lib/client.mjs';
import { SmtpSink } from './lib/smtp.mjs';
import { waitExport } from './lib/exports.mjs';
import { REDIS_URL, redisSkip, requireRedis } from './lib/redis.mjs';

const skip = redisSkip();
const api = (path) => `/api/v1${path}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Small limits, so a test reaches them in a few requests.
const ACTION_LIMIT = 6;
const LOGIN_LIMIT = 4;
const LIMITS = ['--action-limit', String(ACTION_LIMIT), '--login-limit', String(LOGIN_LIMIT)];
// Many logins from fresh addresses and sign-ups below.
const ROOMY = ['--register-limit', '1000'];

// The rules are shared once the command client is connected; it logs it.
async function rulesConnected(instance) {
  for (let i = 0; i < 200 && !/redis rules: connected/.test(instance.log()); i++) await sleep(50);
  assert.match(instance.log(), /redis rules: connected/, `no Redis command client:\n${instance.log()}`);
}

async function startPair(redisUrl, extra = []) {
  // Keys of their own on the shared Redis: another run (or file) counts apart.
  const cluster = `lenslet-test-${randomBytes(6).toString('hex')}`;
  const args = ['--redis-url', redisUrl, '--cluster-name', cluster, ...LIMITS, ...ROOMY, ...extra];
  const one = await new LensletServer({ args }).start();
  const two = await new LensletServer({ args, sharing: one }).start();
  for (const instance of [one, two]) {
    instance.log = () => instance.output.join('');
    await rulesConnected(instance);
  }
  return [one, two];
}

// A client of `origin` that presents `token` as a Bearer and nothing else.
function bearer(origin, token, address) {
  const client = new Client(origin, address ? { address } : {});
  client.bearer = token;
  return client;
}

async function tokenLogin(origin, account, address) {
  const client = new Client(origin, address ? { address } : {});
  const r = await client.post(api('/auth/token'), { login: account.username, password: account.password });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

let one;
let two;
let admin;  // the first account of the database: its admin

before(async () => {
  if (skip) return;
  requireRedis();
  [one, two] = await startPair(REDIS_URL);
  admin = await signUp(one.origin, 'admin');
});

after(async () => {
  await two?.stop();  // first: it shares the first one's data folder
  await one?.stop();
});

describe('two instances, one Redis: one set of rules', { skip }, () => {
  test(`a per-user write limit of ${ACTION_LIMIT} allows ${ACTION_LIMIT} in total across both instances`, async () => {
    const me = await signUp(one.origin, 'limited');
    const other = await signUp(one.origin, 'target');
    const { accessToken } = await tokenLogin(one.origin, me.account);
    const clients = [bearer(one.origin, accessToken), bearer(two.origin, accessToken)];
    const statuses = [];
    let refusal;
    for (let i = 0; i < 2 * ACTION_LIMIT; i++) {
      // follow, unfollow, follow, … alternating instances: each is one action.
      const client = clients[i % 2];
      const path = api(`/users/${other.user.username}/follow`);
      const r = i % 2 === 0 ? await client.post(path) : await client.delete(path);
      statuses.push(r.status);
      if (r.status === 429 && !refusal) refusal = r;
    }
    const allowed = statuses.filter((s) => s < 300).length;
    assert.equal(allowed, ACTION_LIMIT, `statuses: ${statuses.join(' ')}`);
    assert.deepEqual(statuses.slice(ACTION_LIMIT), Array(ACTION_LIMIT).fill(429), statuses.join(' '));
    assert.equal(refusal.body.error.code, 'rate_limited');
    const retryAfter = Number(refusal.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  });

  test(`the login limit per address (${LOGIN_LIMIT}) is one budget for both instances`, async () => {
    const me = await signUp(one.origin, 'logins');
    const address = `10.250.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const statuses = [];
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
      const client = new Client([one, two][i % 2].origin, { address });
      const r = await client.post(api('/auth/token'), { login: me.account.username, password: me.account.password });
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, [...Array(LOGIN_LIMIT).fill(200), 429, 429]);
  });

  // Each case: a login that instance 2 has just seen active (so its session
  // cache holds "active"), ended through instance 1; instance 2's very next
  // request with the old token must be refused. Looped with fresh logins, so
  // a race between the revocation and the check would show.
  const ROUNDS = 50;

  test(`a logout on instance 1 is refused by instance 2 at once (${ROUNDS} logins)`, async () => {
    const me = await signUp(one.origin, 'leaver');
    for (let round = 0; round < ROUNDS; round++) {
      const { accessToken } = await tokenLogin(one.origin, me.account);
      const there = bearer(two.origin, accessToken);
      assert.equal((await there.get(api('/auth/me'))).status, 200);
      assert.equal((await bearer(one.origin, accessToken).post(api('/auth/logout'))).status, 204);
      const after = await there.get(api('/auth/me'));
      assert.equal(after.status, 401, `round ${round}: ${after.text}`);
    }
  });

  test(`ending one login (DELETE /auth/sessions/{id}) on instance 1 is refused by instance 2 at once (${ROUNDS} logins)`, async () => {
    let me;
    let keeper;
    for (let round = 0; round < ROUNDS; round++) {
      // Each DELETE counts as an action: a new account before the limit.
      if (round % (ACTION_LIMIT - 1) === 0) {
        me = await signUp(one.origin, 'ender');
        keeper = (await tokenLogin(one.origin, me.account)).accessToken;
      }
      const { accessToken } = await tokenLogin(one.origin, me.account);
      const there = bearer(two.origin, accessToken);
      assert.equal((await there.get(api('/auth/me'))).status, 200);
      const list = await bearer(one.origin, accessToken).get(api('/auth/sessions'));
      const id = list.body.items.find((s) => s.current).id;
      const ended = await bearer(one.origin, keeper).delete(api(`/auth/sessions/${id}`));
      assert.equal(ended.status, 204, ended.text);
      const after = await there.get(api('/auth/me'));
      assert.equal(after.status, 401, `round ${round}: ${after.text}`);
    }
  });

  test('a password change on instance 1 ends the other logins on instance 2 at once (20 rounds)', async () => {
    const me = await signUp(one.origin, 'changer');
    let password = me.account.password;
    for (let round = 0; round < 20; round++) {
      const account = { ...me.account, password };
      const { accessToken: caller } = await tokenLogin(one.origin, account);
      const { accessToken: other } = await tokenLogin(one.origin, account);
      const there = bearer(two.origin, other);
      assert.equal((await there.get(api('/auth/me'))).status, 200);
      const next = `${me.account.password}-${round}`;
      const changed = await bearer(one.origin, caller).post(api('/auth/password'),
        { currentPassword: password, newPassword: next });
      assert.equal(changed.status, 204, changed.text);
      password = next;
      const after = await there.get(api('/auth/me'));
      assert.equal(after.status, 401, `round ${round}: ${after.text}`);
    }
  });

  test('a suspension on instance 1 is refused by instance 2 at once (20 accounts)', async () => {
    for (let round = 0; round < 20; round++) {
      const member = await signUp(one.origin, 'suspect');
      const token = member.client.cookies.get('lenslet_session').value;
      const there = bearer(two.origin, token);
      assert.equal((await there.get(api('/auth/me'))).status, 200);
      const suspended = await admin.client.post(api(`/admin/users/${member.user.username}/suspend`), { reason: 'test' });
      assert.equal(suspended.status, 204, suspended.text);
      const after = await there.get(api('/auth/me'));
      assert.equal(after.status, 401, `round ${round}: ${after.text}`);
    }
  });
});

describe('two instances, one Redis: exports and mailed links', { skip }, () => {
  const EXPORT_LIMIT = 2;
  const MAIL_LIMIT = 2;
  let smtp;
  let pair = [];

  before(async () => {
    if (skip) return;
    smtp = await SmtpSink.start();
    pair = await startPair(REDIS_URL, ['--smtp-url', smtp.url, '--export-poll-ms', '100',
      '--export-limit', String(EXPORT_LIMIT), '--account-mail-limit', String(MAIL_LIMIT)]);
  });

  after(async () => {
    await pair[1]?.stop();
    await pair[0]?.stop();
    await smtp?.stop();
  });

  test(`an export limit of ${EXPORT_LIMIT} a day allows ${EXPORT_LIMIT} in total across both instances`, async () => {
    const [a, b] = pair;
    const me = await signUp(a.origin, 'exporter');
    const { accessToken } = await tokenLogin(a.origin, me.account);
    const clients = [bearer(a.origin, accessToken), bearer(b.origin, accessToken)];
    const statuses = [];
    let refusal;
    for (let i = 0; i < 2 * EXPORT_LIMIT; i++) {
      const client = clients[i % 2];
      const r = await client.post(api('/users/me/export'));
      statuses.push(r.status);
      if (r.status === 429 && !refusal) refusal = r;
      // Asking while one is pending answers that one, uncounted: the next
      // request counts only once this export is built.
      if (r.status === 202) await waitExport(client);
    }
    assert.deepEqual(statuses, [...Array(EXPORT_LIMIT).fill(202), ...Array(EXPORT_LIMIT).fill(429)]);
    assert.equal(refusal.body.error.code, 'rate_limited');
    assert.ok(Number(refusal.headers.get('retry-after')) >= 1);
  });

  test(`reset mails per account (${MAIL_LIMIT}) are one budget for both instances, the same for an unknown address`, async () => {
    const [a, b] = pair;
    const me = await signUp(a.origin, 'forgetful');
    await smtp.nextMail(me.account.email);  // the confirmation
    const unknown = `nobody-${randomBytes(4).toString('hex')}@example.org`;
    for (const email of [me.account.email, unknown]) {
      const statuses = [];
      for (let i = 0; i < 2 * MAIL_LIMIT; i++) {
        // A fresh client address each time: only the per-account limit applies.
        const r = await new Client([a, b][i % 2].origin).post(api('/auth/password/forgot'), { email });
        statuses.push(r.status);
      }
      assert.deepEqual(statuses, [...Array(MAIL_LIMIT).fill(202), ...Array(MAIL_LIMIT).fill(429)], email);
    }
    // The allowed requests were mailed (the refused ones never are).
    for (let i = 0; i < MAIL_LIMIT; i++) {
      const mail = await smtp.nextMail(me.account.email);
      assert.match(mail.text, /\/reset-password\?token=/);
    }
  });
});

describe('Redis stops in the middle of a run', { skip }, () => {
  let redis;
  let pair = [];

  before(async () => {
    if (skip) return;
    redis = await startRedis();
    pair = await startPair(redis.url);
  });

  after(async () => {
    await pair[1]?.stop();
    await pair[0]?.stop();
    redis?.kill();
  });

  test('each instance goes on limiting on its own, logouts still end logins, nothing hangs', async () => {
    const [a, b] = pair;
    const me = await signUp(a.origin, 'outage');
    const other = await signUp(a.origin, 'outage_target');
    const { accessToken } = await tokenLogin(a.origin, me.account);
    redis.kill();
    await redis.exited;

    const clients = [bearer(a.origin, accessToken), bearer(b.origin, accessToken)];
    const statuses = [];
    for (let i = 0; i < 4 * ACTION_LIMIT; i++) {
      const client = clients[i % 2];
      const path = api(`/users/${other.user.username}/follow`);
      // A generous bound: the point is that no request waits for Redis forever.
      const r = await (i % 2 === 0 ? client.post(path) : client.delete(path));
      statuses.push(r.status);
    }
    // Every request answered; each instance allowed its own ACTION_LIMIT.
    assert.equal(statuses.filter((s) => s < 300).length, 2 * ACTION_LIMIT, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 2 * ACTION_LIMIT, statuses.join(' '));

    // A logout still works, and the other instance refuses the token within
    // the session cache's 2 s (the documented fallback).
    const { accessToken: leaving } = await tokenLogin(a.origin, me.account);
    assert.equal((await bearer(b.origin, leaving).get(api('/auth/me'))).status, 200);
    assert.equal((await bearer(a.origin, leaving).post(api('/auth/logout'))).status, 204);
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      status = (await bearer(b.origin, leaving).get(api('/auth/me'))).status;
      if (status === 200) await sleep(100);
    }
    assert.equal(status, 401);
    assert.match(a.log(), /rate limits: Redis does not answer/);
  });
});

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A redis-server of this test's own: the shared one must not die under others.
async function startRedis() {
  const port = await freePort();
  const child = spawn(process.env.LENSLET_REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    exited,
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
}
