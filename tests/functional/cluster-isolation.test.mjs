// Two clusters on one Redis (docs/operations.md "Many instances"), say staging
// and production: each has a database of its own, whose user ids are the same
// numbers, and a --cluster-name of its own. User N of one cluster never hears
// the events of user N of the other: the real-time channel and the presence
// keys are the cluster's (server/app/application.cpp), as its rate-limit and
// logout keys are. Before, the channel was one for every cluster, and a
// notification reached both users numbered N.
//
// Runs on both databases (each instance a database of its own). Needs
// LENSLET_TEST_REDIS_URL (scripts/test.sh starts one); without it the file
// fails, unless LENSLET_ALLOW_NO_REDIS=1 says skipping is intended.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LensletServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { socketOf, connected, nextEvent, collect, sleep } from './lib/sockets.mjs';
import { REDIS_URL, redisSkip, requireRedis } from './lib/redis.mjs';

const skip = redisSkip();

async function subscribed(instance) {
  const log = () => instance.output.join('');
  for (let i = 0; i < 200 && !/redis subscriber: connected/.test(log()); i++) await sleep(50);
  assert.match(log(), /redis subscriber: connected/, `no Redis subscriber:\n${log()}`);
}

const clusters = [];

before(async () => {
  if (skip) return;
  requireRedis();
  const run = randomBytes(6).toString('hex');
  for (const name of ['staging', 'production']) {
    const server = await new LensletServer({ args: ['--redis-url', REDIS_URL, '--cluster-name', `${name}-${run}`] }).start();
    clusters.push(server);
    await subscribed(server);
  }
});

after(async () => {
  for (const server of clusters) await server.stop();
});

describe('two clusters on one Redis', { skip }, () => {
  test("user N of one cluster never gets the notifications of user N of the other", async () => {
    // In each database: an owner, then a fan — the same ids on both sides.
    const people = [];
    for (const server of clusters) {
      const owner = await signUp(server.origin, 'owner');
      const fan = await signUp(server.origin, 'fan');
      people.push({ server, owner, fan });
    }
    assert.equal(people[0].owner.user.id, people[1].owner.user.id, 'the owners share an id: the case this is about');

    const sockets = people.map(({ server, owner }) => socketOf(server, owner));
    await Promise.all(sockets.map(connected));
    const heardOnStaging = collect(sockets[0], 'notification:new');
    const heardOnProduction = nextEvent(sockets[1], 'notification:new');

    // Production's fan follows production's owner: production's owner is told.
    const r = await people[1].fan.client.post(`/api/v1/users/${people[1].owner.account.username}/follow`);
    assert.equal(r.status, 200, r.text);
    const told = await heardOnProduction;
    assert.equal(told.notification.type, 'follow');
    assert.equal(told.notification.actor.username, people[1].fan.account.username);

    // Staging's owner, the same id in the other database, hears nothing.
    await sleep(750);
    assert.deepEqual(heardOnStaging.items, [], "another cluster's notification reached this one");
    for (const socket of sockets) socket.disconnect();
  });
});
