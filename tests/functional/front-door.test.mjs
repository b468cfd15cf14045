// The real front door (issue 15.7): three `lenslet serve` instances on one
// PostgreSQL database, one Redis and one data folder, behind Debian's nginx
// configured with deploy/multi-instance/nginx-upstream.conf and
// deploy/nginx/lenslet-locations.conf themselves (tests/functional/lib/nginx.mjs).
//
// nginx's ip_hash sends a client to an instance by the first three bytes of
// its address, so each simulated person here talks from an address of their
// own (127.0.K.1: all of 127/8 is loopback on Linux), chosen so that every
// instance has people on it. Then:
//   - REST, uploads and Socket.IO over WebSocket and over long-polling work
//     through the front door, across instances;
//   - a rolling restart under load (each instance in turn gets SIGTERM, exits,
//     and comes back on its port) fails no request that the client did not
//     retry, and loses no message: the clients reconnect through nginx and
//     catch up, as the web app does.
//
// Needs PostgreSQL and Redis (scripts/test.sh starts both; skipped on the
// SQLite run), nginx (scripts/install-deps.sh), and the upstream's ports
// (8081–8083) free.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { LensletServer, DATABASE_KIND, createPostgresDatabase } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { postForm } from './lib/posts.mjs';
import { sleep } from './lib/sockets.mjs';
import { Nginx, upstreamPorts, portIsFree } from './lib/nginx.mjs';

const REDIS_URL = process.env.LENSLET_TEST_REDIS_URL;
const skip = DATABASE_KIND !== 'postgres'
  ? 'many instances need PostgreSQL (this run is on SQLite)'
  : (!REDIS_URL && process.env.LENSLET_ALLOW_NO_REDIS === '1' ? 'LENSLET_ALLOW_NO_REDIS=1: no Redis' : false);

const api = (p) => `/api/v1${p}`;
const PORTS = upstreamPorts();
// Generous write limits: the load below is many messages from few people.
// A cluster name of its own: other files' clusters share this Redis with
// databases of their own, whose session ids collide with this one's (a logout
// there, kept a minute in Redis, would end a login here).
const ARGS = ['--message-limit', '100000', '--action-limit', '100000', '--presence-refresh-ms', '200',
  '--presence-ttl-ms', '1000', '--cluster-name', `fd-${randomUUID()}`];

let shared;        // the one database and data folder
let instances = [];
let nginx;

before(async () => {
  if (skip) return;
  if (!REDIS_URL) throw new Error('LENSLET_TEST_REDIS_URL is not set: run scripts/test.sh');
  assert.equal(PORTS.length, 3, 'nginx-upstream.conf names three local instances');
  for (const port of PORTS) {
    assert.ok(await portIsFree(port), `port ${port} (deploy/multi-instance/nginx-upstream.conf) is in use: stop what holds it`);
  }
  const pg = createPostgresDatabase();
  shared = { dataDir: mkdtempSync(path.join(tmpdir(), 'lenslet-fd-')), database: pg.url, pg };
  instances = PORTS.map((port) => new LensletServer({ sharing: shared, port, args: ['--redis-url', REDIS_URL, ...ARGS] }));
  // The first one migrates the database; the others then start together.
  await instances[0].start();
  await Promise.all(instances.slice(1).map((instance) => instance.start()));
  for (const instance of instances) await subscribed(instance);
  nginx = await new Nginx().start();
});

after(async () => {
  for (const tab of Tab.all) tab.close();
  await nginx?.stop();
  await Promise.all(instances.map((instance) => instance.stop()));
  shared?.pg.drop();
  if (shared) rmSync(shared.dataDir, { recursive: true, force: true });
});

// Until its Redis subscribers are on their channels, an instance would miss
// what the others publish.
async function subscribed(instance) {
  for (const what of [/redis subscriber: connected/, /redis presence subscriber: connected/]) {
    for (let i = 0; i < 200 && !what.test(instance.log()); i++) await sleep(50);
    assert.match(instance.log(), what, `instance on ${instance.port} never subscribed:\n${instance.log()}`);
  }
}

// Which instance served requests from `address` (their access logs name it).
function instanceOf(address) {
  const found = instances.filter((instance) => instance.log().includes(`ip=${address} `)
    || instance.log().includes(`ip=${address}\n`));
  return found.length === 1 ? instances.indexOf(found[0]) : -1;
}

// One person's browser tab behind the front door: their cookies, their own
// source address, a keep-alive connection pool like a browser's.
class Tab {
  static all = [];

  constructor(who, address) {
    this.who = who;
    this.address = address;
    this.agent = new http.Agent({ keepAlive: true, localAddress: address, maxSockets: 4 });
    Tab.all.push(this);
  }

  // One HTTP exchange through nginx; resolves {status, body, text}; rejects on
  // a network error.
  send(method, target, { json, body, contentType } = {}) {
    const headers = { cookie: this.who.client.cookieHeader(target) };
    if (method !== 'GET') headers.origin = nginx.origin;
    let payload = body;
    if (json !== undefined) {
      payload = Buffer.from(JSON.stringify(json));
      headers['content-type'] = 'application/json';
    } else if (contentType) {
      headers['content-type'] = contentType;
    }
    if (payload) headers['content-length'] = payload.length;
    return new Promise((resolve, reject) => {
      const request = http.request(`${nginx.origin}${target}`, { method, headers, agent: this.agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
          resolve({ status: response.statusCode, body: parsed, text });
        });
        response.on('error', reject);
      });
      request.setTimeout(15_000, () => request.destroy(new Error('timed out')));
      request.on('error', reject);
      request.end(payload);
    });
  }

  // What the web app does: a request that never got an answer, or got one
  // from the front door rather than from Lenslet (502/503/504 while an
  // instance restarts), is sent again; writes carry what makes them safe to
  // repeat (a message's clientId; likes are idempotent).
  async request(method, target, options = {}, stats = null) {
    for (let attempt = 1; ; attempt++) {
      let outcome;
      try {
        outcome = await this.send(method, target, options);
      } catch (error) {
        outcome = { status: 0, error };
      }
      const retryable = outcome.status === 0 || [502, 503, 504].includes(outcome.status);
      if (!retryable || attempt === 30) return outcome;
      if (stats) stats.retries += 1;
      await sleep(100);
    }
  }

  // The Socket.IO connection, with the official client's reconnection: on
  // every reconnect the tab reads the latest messages of its conversation,
  // as the web app does.
  connect(transports) {
    this.received = new Map();   // message id -> message (from the partner)
    this.reconnects = 0;
    const socket = io(nginx.origin, {
      transports,
      extraHeaders: { cookie: this.who.client.cookieHeader('/socket.io/'), origin: nginx.origin },
      agent: this.agent,
      localAddress: this.address,
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      randomizationFactor: 0.2,
      timeout: 10_000,
      forceNew: true,
    });
    this.socket = socket;
    socket.on('message:new', ({ message }) => this.take(message));
    let first = true;
    this.ready = new Promise((resolve, reject) => {
      socket.once('connect_error', (error) => { if (first) reject(error); });
      socket.on('connect', () => {
        if (first) { first = false; resolve(); return; }
        this.reconnects += 1;
        this.catchUp();
      });
    });
    return this.ready;
  }

  take(message) {
    if (message.conversationId === this.conversationId && message.sender?.id !== this.who.user.id) {
      this.received.set(message.id, message);
    }
  }

  async catchUp() {
    if (!this.conversationId) return;
    const r = await this.request('GET', api(`/conversations/${this.conversationId}/messages?limit=100`));
    if (r.status === 200) for (const message of r.body.items) this.take(message);
  }

  close() {
    this.socket?.disconnect();
    this.agent.destroy();
  }
}

// Addresses 127.0.K.1 for K = 1, 2, …, until each instance serves `perInstance`
// of them; returns them grouped by instance.
async function addressesPerInstance(perInstance) {
  const groups = instances.map(() => []);
  for (let k = 1; k < 250 && groups.some((g) => g.length < perInstance); k++) {
    const address = `127.0.${k}.1`;
    const agent = new http.Agent({ localAddress: address });
    await new Promise((resolve, reject) => {
      http.get(`${nginx.origin}/api/v1/health`, { agent }, (response) => { response.resume(); response.on('end', resolve); })
        .on('error', reject);
    });
    agent.destroy();
    let index = -1;
    for (let i = 0; i < 100 && index < 0; i++) { index = instanceOf(address); if (index < 0) await sleep(20); }
    assert.ok(index >= 0, `no instance logged ${address}`);
    if (groups[index].length < perInstance) groups[index].push(address);
  }
  assert.ok(groups.every((g) => g.length === perInstance), `ip_hash left an instance without clients: ${JSON.stringify(groups)}`);
  return groups;
}

// Two people who follow each other (so their 1:1 is no message request),
// signed up directly on an instance, then each at a tab behind nginx.
async function pairOfTabs(addressA, addressB, label) {
  const [a, b] = await Promise.all([signUp(instances[0].origin, `${label}a`), signUp(instances[1].origin, `${label}b`)]);
  const ta = new Tab(a, addressA);
  const tb = new Tab(b, addressB);
  for (const [from, to] of [[ta, b], [tb, a]]) {
    const r = await from.request('POST', api(`/users/${to.user.username}/follow`));
    assert.equal(r.status, 200, r.text);
  }
  const conversation = await ta.request('POST', api('/conversations'), { json: { usernames: [b.user.username] } });
  assert.ok([200, 201].includes(conversation.status), conversation.text);
  ta.conversationId = tb.conversationId = conversation.body.conversation.id;
  return [ta, tb];
}

describe('three instances behind nginx (deploy/multi-instance/nginx-upstream.conf)', { skip }, () => {
  let groups;

  test('ip_hash spreads people over the instances, and keeps each on one', async () => {
    groups = await addressesPerInstance(2);
    // Every request from one address stays on its instance.
    const tab = new Tab((await signUp(instances[0].origin, 'sticky')), groups[2][0]);
    for (let i = 0; i < 5; i++) assert.equal((await tab.request('GET', api('/auth/me'))).status, 200);
    assert.equal(instanceOf(groups[2][0]), 2);
  });

  test('an upload through one instance is a post the others serve, media included', async () => {
    const [author, reader] = await pairOfTabs(groups[0][0], groups[1][0], 'up');
    const form = new Response(postForm({ caption: 'through the front door' }));
    const upload = await author.request('POST', api('/posts'), {
      body: Buffer.from(await form.arrayBuffer()), contentType: form.headers.get('content-type'),
    });
    assert.equal(upload.status, 201, upload.text);
    const post = await reader.request('GET', api(`/posts/${upload.body.post.id}`));
    assert.equal(post.status, 200, post.text);
    assert.equal(post.body.post.caption, 'through the front door');
    const image = await reader.send('GET', post.body.post.media[0].url);
    assert.equal(image.status, 200);
    assert.equal(instanceOf(groups[0][0]), 0);
    assert.equal(instanceOf(groups[1][0]), 1);
  });

  test('Socket.IO over WebSocket and over long-polling, people on different instances', async () => {
    const [ws, polling] = await pairOfTabs(groups[0][1], groups[2][1], 'rt');
    await ws.connect(['websocket']);
    await polling.connect(['polling']);
    const text = `hello ${randomUUID()}`;
    const sent = await ws.request('POST', api(`/conversations/${ws.conversationId}/messages`), {
      json: { text, clientId: randomUUID() },
    });
    assert.equal(sent.status, 201, sent.text);
    for (let i = 0; i < 100 && !polling.received.has(sent.body.message.id); i++) await sleep(50);
    assert.equal(polling.received.get(sent.body.message.id)?.text, text, 'the long-polling tab got the message');
    // And back, long-polling → WebSocket (the ack of a socket send).
    const reply = await new Promise((resolve) => polling.socket.emit('message:send',
      { conversationId: polling.conversationId, text: 'and back', clientId: randomUUID() }, resolve));
    assert.ok(reply.message, JSON.stringify(reply));
    for (let i = 0; i < 100 && !ws.received.has(reply.message.id); i++) await sleep(50);
    assert.ok(ws.received.has(reply.message.id), 'the WebSocket tab got the reply');
    ws.close();
    polling.close();
  });

  test('a rolling restart under load fails no request the client did not retry, and loses no message', async () => {
    // Three pairs, each across two instances; one side of each on WebSocket,
    // the other on long-polling.
    const pairs = [
      await pairOfTabs(groups[0][0], groups[1][1], 'ra'),
      await pairOfTabs(groups[1][0], groups[2][1], 'rb'),
      await pairOfTabs(groups[2][0], groups[0][1], 'rc'),
    ];
    const tabs = pairs.flat();
    await Promise.all(pairs.map(([a, b]) => Promise.all([a.connect(['websocket']), b.connect(['polling'])])));
    const partner = new Map(pairs.flatMap(([a, b]) => [[a, b], [b, a]]));
    const stats = { requests: 0, retries: 0, failures: [] };
    const acknowledged = new Map(tabs.map((tab) => [tab, new Map()]));  // tab -> clientId -> message id
    let running = true;

    const load = async (tab) => {
      for (let n = 0; running; n++) {
        let r;
        if (n % 3 === 0) {
          const clientId = randomUUID();
          r = await tab.request('POST', api(`/conversations/${tab.conversationId}/messages`), {
            json: { text: `m${n} from ${tab.who.user.username}`, clientId },
          }, stats);
          if (r.status === 200 || r.status === 201) acknowledged.get(tab).set(clientId, r.body.message.id);
        } else if (n % 3 === 1) {
          r = await tab.request('GET', api('/feed'), {}, stats);
        } else {
          r = await tab.request('GET', api(`/users/${partner.get(tab).who.user.username}`), {}, stats);
        }
        stats.requests += 1;
        if (r.status < 200 || r.status > 299) stats.failures.push(`${tab.who.user.username} n=${n}: ${r.status} ${r.text ?? r.error}`);
        await sleep(40);
      }
    };
    const loops = tabs.map(load);

    // A failed step must stop the load too, or its loops keep the file (and
    // the whole run) going forever.
    try {
      await sleep(1_000);
      for (const instance of instances) {
        await instance.stop();          // SIGTERM: drain, then exit
        assert.equal(instance.exitStatus?.code, 0,
          `instance on ${instance.port} did not stop cleanly (${JSON.stringify(instance.exitStatus)}):\n${instance.log()}`);
        await sleep(300);
        await instance.start();
        await subscribed(instance);
        await sleep(700);
      }
      await sleep(1_000);
    } finally {
      running = false;
      await Promise.all(loops);
    }

    assert.deepEqual(stats.failures, [], 'every request succeeded, at worst after retries');
    assert.ok(stats.requests > 100, `enough load: ${stats.requests} requests`);
    // Each acknowledged message reached the partner's tab (live, or caught up
    // at a reconnect) — never a final "reload" here, which would hide a loss.
    for (const [tab, sent] of acknowledged) {
      const other = partner.get(tab);
      const missing = () => [...sent.values()].filter((id) => !other.received.has(id));
      for (let i = 0; i < 200 && missing().length > 0; i++) await sleep(50);
      assert.deepEqual(missing(), [], `${other.who.user.username} missed messages of ${tab.who.user.username}`
        + ` (${sent.size} sent, ${other.reconnects} reconnects)`);
    }
    // And the server holds each message once, whatever was retried.
    for (const [a] of pairs) {
      const clientIds = [];
      for (let cursor = ''; ;) {
        const page = await a.request('GET', api(`/conversations/${a.conversationId}/messages?limit=100${cursor}`));
        assert.equal(page.status, 200, page.text);
        clientIds.push(...page.body.items.map((m) => m.clientId));
        if (!page.body.nextCursor) break;
        cursor = `&cursor=${encodeURIComponent(page.body.nextCursor)}`;
      }
      assert.equal(new Set(clientIds).size, clientIds.length, 'no message stored twice');
    }
    const reconnects = tabs.reduce((sum, tab) => sum + tab.reconnects, 0);
    assert.ok(reconnects >= tabs.length, `every tab's instance restarted, so every tab reconnected (${reconnects})`);
    console.log(`# rolling restart: ${stats.requests} requests, ${stats.retries} retried, `
      + `${[...acknowledged.values()].reduce((s, m) => s + m.size, 0)} messages, ${reconnects} reconnects`);
    for (const tab of tabs) tab.close();
  });
});
