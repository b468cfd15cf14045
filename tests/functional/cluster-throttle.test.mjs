// The wrong-password throttle is one for the cluster (issue 15.6, "every
// limit once across instances"; docs/operations.md "Many instances"): two
// `lenslet serve` processes on one database and one Redis count an address's
// failures on an account once between them, queue an attacked account's
// strangers in one line, and tell its owner once — not once per instance
// (server/cluster/redis_throttle_state.hpp).
//
// Runs on both databases: on SQLite the two processes share the file. Needs
// LENSLET_TEST_REDIS_URL (scripts/test.sh starts one); without it the file
// fails, unless LENSLET_ALLOW_NO_REDIS=1 says skipping is intended.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LensletServer } from './lib/server.mjs';
import { Client, signUp, expectError, freshAddress } from './lib/client.mjs';
import { REDIS_URL, redisSkip, requireRedis } from './lib/redis.mjs';

const skip = redisSkip();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The throttle's defaults: five free failures per address, the gate at ten
// per account. The per-address login limit is raised so it never answers first.
const FREE_FAILURES = 5;
const GATE = 10;
const ARGS = ['--login-limit', '1000', '--register-limit', '1000', '--login-failure-limit', String(GATE)];

let one;
let two;

before(async () => {
  if (skip) return;
  requireRedis();
  // Keys of their own on the shared Redis: another run (or file) counts apart.
  const cluster = `lenslet-test-${randomBytes(6).toString('hex')}`;
  const args = ['--redis-url', REDIS_URL, '--cluster-name', cluster, ...ARGS];
  one = await new LensletServer({ args }).start();
  two = await new LensletServer({ args, sharing: one }).start();
  // The throttle is shared once the command client is connected; it logs it.
  for (const instance of [one, two]) {
    for (let i = 0; i < 200 && !/redis rules: connected/.test(instance.output.join('')); i++) await sleep(50);
    assert.match(instance.output.join(''), /redis rules: connected/, 'no Redis command client');
  }
});

after(async () => {
  await two?.stop();  // first: it shares the first one's data folder
  await one?.stop();
});

const login = (origin, address, name, password) =>
  new Client(origin, { address }).post('/api/v1/auth/login', { login: name, password });

async function securityAlerts(owner) {
  const list = await owner.client.get('/api/v1/notifications');
  assert.equal(list.status, 200, list.text);
  return list.body.items.filter((n) => n.type === 'security');
}

describe('two instances, one Redis: one wrong-password throttle', { skip }, () => {
  test(`${FREE_FAILURES} wrong passwords from one address spread over both instances: the next gets 429 on either`, async () => {
    const owner = await signUp(one.origin, 'guessed');
    const address = freshAddress();
    for (let i = 0; i < FREE_FAILURES; i++) {
      const r = await login([one, two][i % 2].origin, address, owner.account.username, `wrong-${i}-password`);
      expectError(assert, r, 401, 'invalid_credentials');
    }
    // Both instances refuse it for a second, even with the right password
    // (a refusal is not a failure; each instance alone saw fewer than five).
    for (const instance of [one, two]) {
      const r = await login(instance.origin, address, owner.account.username, owner.account.password);
      expectError(assert, r, 429, 'rate_limited');
      assert.equal(r.headers.get('retry-after'), '1');
    }
    // Another address is not held back.
    const elsewhere = await login(two.origin, freshAddress(), owner.account.username, owner.account.password);
    assert.equal(elsewhere.status, 200, elsewhere.text);
  });

  test(`${GATE} wrong passwords from strangers spread over both instances: strangers queue on both, the owner is told once and gets in`, async () => {
    const owner = await signUp(one.origin, 'attacked');
    for (let i = 0; i < GATE; i++) {
      const r = await login([one, two][i % 2].origin, freshAddress(), owner.account.email, `wrong-${i}-password`);
      expectError(assert, r, 401, 'invalid_credentials');
    }
    // Each instance saw half: only the cluster's count reaches the threshold.
    const told = await securityAlerts(owner);
    assert.equal(told.length, 1, JSON.stringify(told));

    // A burst of strangers on both instances: one queue (turns 500 ms apart,
    // at most 5 s long), so those beyond it are told when to come back.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      login([one, two][i % 2].origin, freshAddress(), owner.account.username, `burst-${i}-password`)));
    const refused = burst.filter((r) => r.status === 429);
    assert.ok(refused.length > 0, `statuses: ${burst.map((r) => r.status).join(' ')}`);
    for (const r of refused) {
      expectError(assert, r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
    for (const r of burst.filter((x) => x.status !== 429)) expectError(assert, r, 401, 'invalid_credentials');

    // The owner on their own address walks past the queue, on either instance.
    for (const instance of [two, one]) {
      const r = await login(instance.origin, owner.client.address, owner.account.username, owner.account.password);
      assert.equal(r.status, 200, r.text);
    }
    // Told once for the whole attack, not once per instance (telling again
    // would replace the alert with a new one).
    const alerts = await securityAlerts(owner);
    assert.deepEqual(alerts.map((n) => n.id), [told[0].id], JSON.stringify(alerts));
  });
});
