// Two `lenslet serve` processes on one PostgreSQL database and one Redis act
// as one server (docs/operations.md "Many instances"): what happens through
// one instance reaches sockets connected to the other, through the Redis
// fan-out (server/realtime/redis/); and who is online is the same whichever
// instance is asked (server/realtime/redis/presence/).
//
// Needs PostgreSQL (LENSLET_TEST_DATABASE=postgres; on the SQLite run it is
// skipped: SQLite is one machine's database) and LENSLET_TEST_REDIS_URL
// (scripts/test.sh starts both). Without the Redis URL it fails, unless
// LENSLET_ALLOW_NO_REDIS=1 says skipping is intended.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { LensletServer, BIN, DATABASE_KIND, JWT_SECRET } from './lib/server.mjs';
import { Client, signUp } from './lib/client.mjs';
import { connectSocket, connected, nextEvent, collect, disconnection, sleep } from './lib/sockets.mjs';
import { REDIS_URL, redisSkip, requireRedis } from './lib/redis.mjs';

const skip = DATABASE_KIND !== 'postgres'
  ? 'many instances need PostgreSQL (this run is on SQLite)'
  : redisSkip();

const api = (path) => `/api/v1${path}`;
// This file's instances are one cluster, named apart from other files'
// clusters on the same Redis: their databases number users and logins from 1
// too, and the name keeps their events, presence and logouts apart.
const CLUSTER = ['--cluster-name', `so-${randomUUID()}`];

// The second instance: the first one's database and data folder (media are
// shared), its own port. lib/server.mjs always creates a fresh database, so
// this one is spawned here, the same way.
class SecondInstance {
  constructor(first, extraArgs = []) { this.first = first; this.extraArgs = extraArgs; this.output = []; }

  async start() {
    const args = [
      'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', this.first.dataDir,
      '--database', this.first.database, '--trust-proxy', '--jwt-secret', JWT_SECRET, '--redis-url', REDIS_URL,
      ...this.extraArgs,
    ];
    this.process = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`second instance did not start:\n${this.log()}`)), 20_000);
      const onData = (chunk) => {
        this.output.push(chunk.toString());
        const m = /listening on http:\/\/[^:\s]+:(\d+)/.exec(this.log());
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      };
      this.process.stdout.on('data', onData);
      this.process.stderr.on('data', onData);
      this.process.on('exit', (code) => { clearTimeout(timer); reject(new Error(`second instance exited (${code}):\n${this.log()}`)); });
    });
    this.origin = `http://127.0.0.1:${port}`;
    // LensletServer.waitReady only needs `origin`.
    await LensletServer.prototype.waitReady.call(this);
    return this;
  }

  log() { return this.output.join(''); }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      const killer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
      this.exitStatus = await this.exited;
      clearTimeout(killer);
    }
  }
}

// Presence claims refreshed every 200 ms and lapsing after 1 s (10 s and
// 30 s by default), so a crashed instance's users go offline within the test.
const PRESENCE_TIMINGS = ['--presence-refresh-ms', '200', '--presence-ttl-ms', '1000'];

let one;
let two;
const sockets = [];
const track = (socket) => { sockets.push(socket); return socket; };

before(async () => {
  if (skip) return;
  requireRedis();
  one = await new LensletServer({ args: ['--redis-url', REDIS_URL, ...CLUSTER, ...PRESENCE_TIMINGS] }).start();
  two = await new SecondInstance(one, [...CLUSTER, ...PRESENCE_TIMINGS]).start();
  for (const instance of [one, two]) await subscribed(instance);
});

// Instances log when their subscribers are on the channels; events published
// before that would be missed (presence claims: learnt only at the next
// refresh), so wait for it.
async function subscribed(instance) {
  for (let i = 0; i < 100 && !/redis subscriber: connected/.test(instance.log()); i++) await sleep(50);
  assert.match(instance.log(), /redis subscriber: connected/, `no Redis subscriber:\n${instance.log()}`);
  for (let i = 0; i < 100 && !/redis presence subscriber: connected/.test(instance.log()); i++) await sleep(50);
  assert.match(instance.log(), /redis presence subscriber: connected/, `no presence subscriber:\n${instance.log()}`);
}

after(async () => {
  for (const s of sockets) s.disconnect();
  await two?.stop();   // first: it shares the first one's data folder
  await one?.stop();
});

async function tokenOf(instance, who) {
  const client = new Client(instance.origin);
  const r = await client.post(api('/auth/token'), { login: who.account.username, password: who.account.password });
  assert.equal(r.status, 200, r.text);
  return r.body.accessToken;
}

describe('two instances, one database, one Redis', { skip }, () => {
  test('a follow through instance 2 reaches the followed user\'s socket on instance 1', async () => {
    const alice = await signUp(one.origin, 'alice');
    const bob = await signUp(two.origin, 'bob');
    const aliceSocket = track(connectSocket(one, { token: await tokenOf(one, alice) }));
    await connected(aliceSocket);

    const pushed = nextEvent(aliceSocket, 'notification:new', 5_000);
    const follow = await bob.client.post(api(`/users/${alice.user.username}/follow`));
    assert.equal(follow.status, 200, follow.text);

    const event = await pushed;
    assert.equal(event.notification.type, 'follow');
    assert.equal(event.notification.actor.username, bob.user.username);
    assert.equal(event.unreadCount, 1);
    // The same notification as the list shows, whichever instance is asked.
    const listed = await alice.client.get(api('/notifications'));
    assert.deepEqual(event.notification, listed.body.items[0]);
  });

  test('the instance that handled the action delivers once, not once more through Redis', async () => {
    const carol = await signUp(one.origin, 'carol');
    const dave = await signUp(one.origin, 'dave');
    const onOne = track(connectSocket(one, { token: await tokenOf(one, carol) }));
    const onTwo = track(connectSocket(two, { token: await tokenOf(two, carol) }));
    await Promise.all([connected(onOne), connected(onTwo)]);
    const gotOne = collect(onOne, 'notification:new');
    const gotTwo = collect(onTwo, 'notification:new');

    assert.equal((await dave.client.post(api(`/users/${carol.user.username}/follow`))).status, 200);
    await nextEvent(onTwo, 'notification:new', 5_000).catch(() => {});
    await sleep(500);
    assert.equal(gotOne.items.length, 1, 'the socket on the instance that handled the follow');
    assert.equal(gotTwo.items.length, 1, 'the socket on the other instance');
  });

  test('a logout through instance 2 ends that login\'s socket on instance 1', async () => {
    const erin = await signUp(two.origin, 'erin');
    // The browser tab: the login's cookie, connected to instance 1.
    const tab = track(connectSocket(one, { cookie: erin.client.cookieHeader('/socket.io/') }));
    await connected(tab);
    const closed = disconnection(tab, 5_000);
    assert.equal((await erin.client.post(api('/auth/logout'))).status, 204);
    assert.equal(await closed, 'io server disconnect');
  });

  describe('presence across instances', () => {
    // `other` follows `who` first: an inbox conversation, not a message
    // request (whose recipient sends the starter no presence).
    async function conversationBetween(who, other) {
      assert.equal((await other.client.post(api(`/users/${who.user.username}/follow`))).status, 200);
      const r = await who.client.post(api('/conversations'), { usernames: [other.user.username] });
      assert.ok(r.status === 201 || r.status === 200, r.text);
      return r.body.conversation;
    }

    async function participant(who, conversationId, user) {
      const one = await who.client.get(api(`/conversations/${conversationId}`));
      assert.equal(one.status, 200, one.text);
      const list = await who.client.get(api('/conversations'));
      assert.equal(list.status, 200, list.text);
      const listed = list.body.items.find((c) => c.id === conversationId);
      const fromOne = one.body.conversation.participants.find((p) => p.id === user.user.id);
      const fromList = listed.participants.find((p) => p.id === user.user.id);
      assert.equal(fromOne.online, fromList.online, 'GET /conversations and GET /conversations/{id} disagree');
      return fromOne;
    }

    const about = (events, who) => events.items.filter((e) => e.userId === who.user.id).map((e) => e.online);

    test('a user connected to instance 2 is online for a viewer on instance 1, who hears online and offline once each', async () => {
      const henry = await signUp(one.origin, 'henry');
      const iris = await signUp(one.origin, 'iris');
      const convo = await conversationBetween(henry, iris);
      assert.equal((await participant(henry, convo.id, iris)).online, false);

      const henryTab = track(connectSocket(one, { token: await tokenOf(one, henry) }));
      await connected(henryTab);
      const heard = collect(henryTab, 'presence');
      const cameOnline = nextEvent(henryTab, 'presence', 5_000);
      const irisOnTwo = track(connectSocket(two, { token: await tokenOf(two, iris) }));
      await connected(irisOnTwo);
      assert.deepEqual({ ...(await cameOnline), lastSeenAt: undefined },
        { userId: iris.user.id, online: true, lastSeenAt: undefined });
      // Instance 1 has no socket of hers, and still knows.
      assert.equal((await participant(henry, convo.id, iris)).online, true);

      const wentOffline = nextEvent(henryTab, 'presence', 5_000);
      irisOnTwo.disconnect();
      const gone = await wentOffline;
      assert.equal(gone.userId, iris.user.id);
      assert.equal(gone.online, false);
      assert.ok(!Number.isNaN(Date.parse(gone.lastSeenAt)));
      const seenThere = await participant(henry, convo.id, iris);
      assert.equal(seenThere.online, false);
      assert.ok(seenThere.lastSeenAt, 'lastSeenAt recorded when her last device left');
      await sleep(500);
      assert.deepEqual(about(heard, iris), [true, false], 'each transition once, not once per instance');
    });

    test('a second device on the other instance announces nothing; the last device anywhere does, once', async () => {
      const jack = await signUp(one.origin, 'jack');
      const kate = await signUp(two.origin, 'kate');
      const convo = await conversationBetween(jack, kate);
      // Jack watches through both instances: neither may double an event.
      const jackOnOne = track(connectSocket(one, { token: await tokenOf(one, jack) }));
      const jackOnTwo = track(connectSocket(two, { token: await tokenOf(two, jack) }));
      await Promise.all([connected(jackOnOne), connected(jackOnTwo)]);
      const heardOnOne = collect(jackOnOne, 'presence');
      const heardOnTwo = collect(jackOnTwo, 'presence');

      const cameOnline = nextEvent(jackOnOne, 'presence', 5_000);
      const kateOnTwo = track(connectSocket(two, { token: await tokenOf(two, kate) }));
      await connected(kateOnTwo);
      assert.equal((await cameOnline).online, true);
      // Her phone, through the other instance: she was online already.
      const kateOnOne = track(connectSocket(one, { token: await tokenOf(one, kate) }));
      await connected(kateOnOne);
      await sleep(500);
      assert.deepEqual(about(heardOnOne, kate), [true]);
      assert.deepEqual(about(heardOnTwo, kate), [true]);

      // The first device goes: still online, through instance 1 alone.
      kateOnTwo.disconnect();
      await sleep(500);
      assert.deepEqual(about(heardOnOne, kate), [true]);
      assert.equal((await participant(jack, convo.id, kate)).online, true);
      const jackViaTwo = new Client(two.origin);
      const login = await jackViaTwo.post(api('/auth/token'), { login: jack.account.username, password: jack.account.password });
      assert.equal(login.status, 200, login.text);
      jackViaTwo.bearer = login.body.accessToken;
      const viaTwo = await jackViaTwo.get(api(`/conversations/${convo.id}`));
      assert.equal(viaTwo.status, 200, viaTwo.text);
      assert.equal(viaTwo.body.conversation.participants.find((p) => p.id === kate.user.id).online, true,
        'instance 2 knows she is on instance 1');

      const wentOffline = nextEvent(jackOnTwo, 'presence', 5_000);
      kateOnOne.disconnect();
      assert.equal((await wentOffline).online, false);
      await sleep(500);
      assert.deepEqual(about(heardOnOne, kate), [true, false]);
      assert.deepEqual(about(heardOnTwo, kate), [true, false]);
      assert.equal((await participant(jack, convo.id, kate)).online, false);
    });

    test('an instance that is killed: a survivor announces its users offline, once', async () => {
      const victim = await new SecondInstance(one, [...CLUSTER, ...PRESENCE_TIMINGS]).start();
      try {
        await subscribed(victim);
        const lena = await signUp(one.origin, 'lena');
        const mark = await signUp(one.origin, 'mark');
        const convo = await conversationBetween(lena, mark);
        const lenaTab = track(connectSocket(one, { token: await tokenOf(one, lena) }));
        await connected(lenaTab);
        const heard = collect(lenaTab, 'presence');
        const cameOnline = nextEvent(lenaTab, 'presence', 5_000);
        const markOnVictim = track(connectSocket(victim, { token: await tokenOf(victim, mark) }));
        await connected(markOnVictim);
        assert.equal((await cameOnline).online, true);

        // No goodbye: the process is gone with mark's socket still counted.
        const wentOffline = nextEvent(lenaTab, 'presence', 10_000);
        victim.process.kill('SIGKILL');
        const gone = await wentOffline;
        assert.equal(gone.userId, mark.user.id);
        assert.equal(gone.online, false);
        assert.ok(!Number.isNaN(Date.parse(gone.lastSeenAt)));
        const seen = await participant(lena, convo.id, mark);
        assert.equal(seen.online, false);
        assert.ok(seen.lastSeenAt, 'lastSeenAt recorded by the survivor');
        await sleep(1_000);  // five more refreshes on each survivor: no second announcement
        assert.deepEqual(about(heard, mark), [true, false]);
      } finally {
        await victim.stop();
      }
    });
  });

  test('a presence ttl not longer than its refresh interval is refused at start', () => {
    const run = spawnSync(BIN, ['serve', '--redis-url', REDIS_URL, '--presence-refresh-ms', '1000',
      '--presence-ttl-ms', '1000', '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr + run.stdout, /--presence-ttl-ms must be longer than --presence-refresh-ms/);
  });
});
