// Direct messages through the socket door (API.md "Real time"): message:send
// with its ack, delivery to every device of every participant, idempotent
// retries, typing, read receipts, presence, catch-up after a reconnect, and
// what other users' ids and hostile payloads get. Official socket.io-client.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import {
  socketOf, connected, nextEvent, collect, disconnection, request, sleep,
} from './lib/sockets.mjs';

let server;
const sockets = [];
before(async () => { server = await startServer({ args: ['--message-limit', '1000'] }); });
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

const api = (path) => `/api/v1${path}`;
const track = (socket) => { sockets.push(socket); return socket; };
const open = async (who, options) => connected(track(socketOf(server, who, options)));

// The others follow `who` first: an inbox conversation, not a message request
// (whose recipient tells the sender nothing: message-safety.test.mjs).
async function conversationBetween(who, ...others) {
  for (const o of others) assert.equal((await o.client.post(api(`/users/${who.user.username}/follow`))).status, 200);
  const r = await who.client.post(api('/conversations'), { usernames: others.map((o) => o.user.username) });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.body.conversation;
}

const send = (socket, conversationId, text, clientId = randomUUID()) =>
  request(socket, 'message:send', { conversationId, text, clientId });

describe('message:send', () => {
  test('the ack carries the stored message; every other device of both users gets message:new once, the sending socket none', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    const alicePhone = await open(alice, { transports: ['polling'] });
    const bobDevices = await Promise.all([
      open(bob), open(bob, { transports: ['polling'] }), open(bob, { transports: ['polling', 'websocket'] }),
    ]);
    const everyone = [aliceTab, alicePhone, ...bobDevices];
    const received = everyone.map((s) => collect(s, 'message:new'));

    const ack = await send(aliceTab, convo.id, 'hello bob', 'c-1');
    assert.ok(ack.message, JSON.stringify(ack));
    assert.equal(ack.message.text, 'hello bob');
    assert.equal(ack.message.clientId, 'c-1');
    assert.equal(ack.message.conversationId, convo.id);
    assert.equal(ack.message.sender.username, alice.user.username);

    await sleep(400);
    // API.md: "to every connected device of every participant, the sender's
    // other devices too"; the sending socket has the message in its ack.
    assert.equal(received[0].items.length, 0, 'the sending socket got message:new besides its ack');
    for (const [i, got] of received.entries()) {
      if (i === 0) continue;
      assert.equal(got.items.length, 1, `device ${i} got ${got.items.length} message:new`);
      assert.deepEqual(got.items[0].message, ack.message);
    }
    // What was delivered is what is stored.
    const history = await bob.client.get(api(`/conversations/${convo.id}/messages`));
    assert.equal(history.body.items[0].id, ack.message.id);
  });

  test('a retry with the same clientId returns the original and delivers nothing new', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    const bobTab = await open(bob);
    const got = collect(bobTab, 'message:new');
    const first = await send(aliceTab, convo.id, 'once', 'retry-me');
    const again = await send(aliceTab, convo.id, 'once', 'retry-me');
    // The same key over the REST door too: still the same message.
    const rest = await alice.client.post(api(`/conversations/${convo.id}/messages`), { text: 'once', clientId: 'retry-me' });
    assert.equal(rest.status, 200, rest.text);
    assert.equal(again.message.id, first.message.id);
    assert.equal(rest.body.message.id, first.message.id);
    await sleep(300);
    assert.equal(got.items.length, 1);
  });

  test('messages arrive in the order they were sent', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    const bobTab = await open(bob);
    const got = collect(bobTab, 'message:new');
    const acks = await Promise.all(Array.from({ length: 20 }, (_, i) => send(aliceTab, convo.id, `m${i}`)));
    await sleep(400);
    const ids = got.items.map((p) => BigInt(p.message.id));
    assert.equal(ids.length, 20);
    assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'delivered in id order');
    assert.equal(new Set(acks.map((a) => a.message.id)).size, 20);
  });

  test('another user\'s conversation id: not_found, nothing delivered, nothing stored', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const mallory = await signUp(server.origin, 'mallory');
    const convo = await conversationBetween(alice, bob);
    const bobTab = await open(bob);
    const got = collect(bobTab, 'message:new');
    const typing = collect(bobTab, 'typing');
    const malloryTab = await open(mallory);
    const ack = await send(malloryTab, convo.id, 'let me in');
    assert.equal(ack.error?.code, 'not_found');
    malloryTab.emit('typing', { conversationId: convo.id });
    const read = await request(malloryTab, 'message:read', { conversationId: convo.id, messageId: '1' });
    assert.equal(read.error?.code, 'not_found');
    const unknown = await send(malloryTab, '999999999', 'nobody');
    assert.equal(unknown.error?.code, 'not_found');
    await sleep(300);
    assert.equal(got.items.length, 0);
    assert.equal(typing.items.length, 0);
    const history = await bob.client.get(api(`/conversations/${convo.id}/messages`));
    assert.equal(history.body.items.length, 0);
  });

  test('hostile payloads get an error ack and the connection stays usable', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const tab = await open(alice);
    const cases = [
      ['a string', 'bad_request'],
      [42, 'bad_request'],
      [null, 'bad_request'],
      [[convo.id], 'bad_request'],
      [{ conversationId: convo.id, clientId: 'x' }, 'invalid_value'],
      [{ conversationId: convo.id, text: 'hi' }, 'invalid_value'],
      [{ conversationId: Number(convo.id), text: 'hi', clientId: 'y' }, 'invalid_value'],
      [{ conversationId: convo.id, text: 7, clientId: 'z' }, 'invalid_value'],
      [{ conversationId: convo.id, text: 'x'.repeat(4001), clientId: 'long' }, 'invalid_value'],
      [{ conversationId: 'abc', text: 'hi', clientId: 'w' }, 'not_found'],
    ];
    for (const [payload, code] of cases) {
      const ack = await request(tab, 'message:send', payload);
      assert.equal(ack.error?.code, code, `payload ${JSON.stringify(payload)?.slice(0, 60)} → ${JSON.stringify(ack)}`);
      assert.equal(typeof ack.error.message, 'string');
    }
    // No argument at all, and events nobody handles: ignored, still connected.
    assert.equal((await tab.timeout(5000).emitWithAck('message:send')).error?.code, 'bad_request');
    tab.emit('no-such-event', { a: 1 });
    const ok = await send(tab, convo.id, 'still here');
    assert.ok(ok.message);
    assert.equal(tab.connected, true);
  });

  test('a blocked user cannot message', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    assert.equal((await bob.client.post(api(`/users/${alice.user.username}/block`))).status < 300, true);
    const tab = await open(alice);
    const ack = await send(tab, convo.id, 'are you there?');
    assert.ok(ack.error, JSON.stringify(ack));
    assert.ok(['forbidden', 'not_found'].includes(ack.error.code), ack.error.code);
  });
});

describe('typing, read receipts and presence', () => {
  test('typing reaches the other participants with the typist, not the typist', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    const bobTab = await open(bob);
    const mine = collect(aliceTab, 'typing');
    const seen = nextEvent(bobTab, 'typing');
    aliceTab.emit('typing', { conversationId: convo.id });
    const event = await seen;
    assert.equal(event.conversationId, convo.id);
    assert.equal(event.user.username, alice.user.username);
    await sleep(200);
    assert.equal(mine.items.length, 0);
  });

  test('message:read moves the marker, tells every participant and clears the unread count', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    const bobTab = await open(bob);
    const bobPhone = await open(bob, { transports: ['polling'] });
    await send(aliceTab, convo.id, 'one');
    const last = await send(aliceTab, convo.id, 'two');
    const before = await bob.client.get(api('/conversations'));
    assert.equal(before.body.items.find((c) => c.id === convo.id).unreadCount, 2);

    const receipts = [nextEvent(aliceTab, 'message:read'), nextEvent(bobPhone, 'message:read')];
    const ack = await request(bobTab, 'message:read', { conversationId: convo.id, messageId: last.message.id });
    assert.equal(ack?.error, undefined, JSON.stringify(ack));
    for (const receipt of await Promise.all(receipts)) {
      assert.deepEqual(receipt, { conversationId: convo.id, userId: bob.user.id, messageId: last.message.id });
    }
    const after = await bob.client.get(api('/conversations'));
    assert.equal(after.body.items.find((c) => c.id === convo.id).unreadCount, 0);
  });

  test('presence goes to people who share a conversation, nobody else', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const carol = await signUp(server.origin, 'carol');
    await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    const carolTab = await open(carol);
    const carolSaw = collect(carolTab, 'presence');
    const online = nextEvent(aliceTab, 'presence');
    const bobTab = await open(bob);
    assert.deepEqual({ ...(await online), lastSeenAt: undefined }, { userId: bob.user.id, online: true, lastSeenAt: undefined });
    // A second device is not news; the last one leaving is.
    const bobPhone = await open(bob, { transports: ['polling'] });
    const offline = nextEvent(aliceTab, 'presence');
    bobTab.disconnect();
    await sleep(200);
    bobPhone.disconnect();
    const gone = await offline;
    assert.equal(gone.userId, bob.user.id);
    assert.equal(gone.online, false);
    assert.ok(!Number.isNaN(Date.parse(gone.lastSeenAt)));
    const list = await alice.client.get(api('/conversations'));
    const bobThere = list.body.items[0].participants.find((p) => p.id === bob.user.id);
    assert.equal(bobThere.online, false);
    assert.ok(bobThere.lastSeenAt);
    await sleep(200);
    assert.equal(carolSaw.items.length, 0);
  });
});

describe('reconnecting', () => {
  test('a client cut off catches up on everything it missed, nothing lost, nothing doubled', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const convo = await conversationBetween(alice, bob);
    const aliceTab = await open(alice);
    let bobTab = await open(bob);
    const live = collect(bobTab, 'message:new');
    await send(aliceTab, convo.id, 'before');
    await sleep(200);
    const lastSeen = live.items.at(-1).message.id;

    const cut = disconnection(bobTab);
    bobTab.io.engine.close(); // the network goes away
    await cut;
    const missed = [];
    for (let i = 0; i < 5; i++) missed.push((await send(aliceTab, convo.id, `missed ${i}`)).message.id);

    bobTab = await open(bob);
    const after = collect(bobTab, 'message:new');
    const caughtUp = [];
    let cursor = null;
    do {
      const q = `?after=${lastSeen}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await bob.client.get(api(`/conversations/${convo.id}/messages${q}`));
      assert.equal(page.status, 200, page.text);
      caughtUp.push(...page.body.items.map((m) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(caughtUp, missed, 'oldest first, exactly the missed ones');
    const next = await send(aliceTab, convo.id, 'live again');
    await sleep(300);
    assert.deepEqual(after.items.map((p) => p.message.id), [next.message.id]);
  });
});

// Issue 12.4: `typing` and `message:read` had no per-socket limit, and
// `typing` stored every conversation id it was sent before checking
// membership. Beyond the limit: an error ack with the HTTP door's body
// (issue 12.7), or nothing at all when no ack was asked.
describe('per-socket limits of typing and message:read', () => {
  test('beyond --typing-limit / --read-limit per minute: rate_limited with retryAfter, dropped without an ack, per socket', async () => {
    const own = await startServer({ args: ['--typing-limit', '3', '--read-limit', '2'] });
    const mine = [];
    const openOwn = async (who) => {
      const socket = socketOf(own, who);
      mine.push(socket);
      return connected(socket);
    };
    try {
      const [alice, bob, mallory] = await Promise.all([signUp(own.origin, 'tl'), signUp(own.origin, 'tl'), signUp(own.origin, 'tl')]);
      assert.equal((await bob.client.post(api(`/users/${alice.user.username}/follow`))).status, 200);
      const created = await alice.client.post(api('/conversations'), { usernames: [bob.user.username] });
      assert.equal(created.status, 201, created.text);
      const convo = created.body.conversation;
      const aliceTab = await openOwn(alice);
      const bobTab = await openOwn(bob);

      const expectLimited = (answer, what) => {
        assert.deepEqual(Object.keys(answer?.error ?? {}).sort(), ['code', 'message', 'retryAfter'], JSON.stringify(answer));
        assert.equal(answer.error.code, 'rate_limited', what);
        assert.ok(Number.isInteger(answer.error.retryAfter) && answer.error.retryAfter >= 1 && answer.error.retryAfter <= 60,
          JSON.stringify(answer));
      };

      // typing: three answered (the first relayed, the others throttled), the fourth refused.
      const relayed = nextEvent(bobTab, 'typing');
      for (let i = 0; i < 3; i++) {
        const answer = await request(aliceTab, 'typing', { conversationId: convo.id });
        assert.equal(answer?.error, undefined, JSON.stringify(answer));
      }
      assert.equal((await relayed).user.username, alice.user.username);
      expectLimited(await request(aliceTab, 'typing', { conversationId: convo.id }), 'typing');
      // Another socket of the same user has its own budget.
      const aliceDesk = await openOwn(alice);
      assert.equal((await request(aliceDesk, 'typing', { conversationId: convo.id }))?.error, undefined);

      // A non-member's ids cost the same budget: not_found three times, then refused.
      const malloryTab = await openOwn(mallory);
      for (const id of [convo.id, '999999999', '123456789']) {
        assert.equal((await request(malloryTab, 'typing', { conversationId: id })).error?.code, 'not_found');
      }
      expectLimited(await request(malloryTab, 'typing', { conversationId: '424242' }), 'typing of a non-member');

      // message:read: two answered, then refused; without an ack, dropped.
      const first = await alice.client.post(api(`/conversations/${convo.id}/messages`), { text: 'one', clientId: 'tl-1' });
      assert.equal(first.status, 201, first.text);
      for (let i = 0; i < 2; i++) {
        const answer = await request(bobTab, 'message:read', { conversationId: convo.id, messageId: first.body.message.id });
        assert.equal(answer?.error, undefined, JSON.stringify(answer));
      }
      const second = await alice.client.post(api(`/conversations/${convo.id}/messages`), { text: 'two', clientId: 'tl-2' });
      assert.equal(second.status, 201, second.text);
      bobTab.emit('message:read', { conversationId: convo.id, messageId: second.body.message.id });
      expectLimited(await request(bobTab, 'message:read', { conversationId: convo.id, messageId: second.body.message.id }),
        'message:read');
      const unread = async () => (await bob.client.get(api('/conversations'))).body.items.find((c) => c.id === convo.id).unreadCount;
      assert.equal(await unread(), 1, 'the refused reads moved nothing');
      assert.equal(bobTab.connected, true);
      // Bob's other device is not limited.
      const bobPhone = await openOwn(bob);
      const answer = await request(bobPhone, 'message:read', { conversationId: convo.id, messageId: second.body.message.id });
      assert.equal(answer?.error, undefined, JSON.stringify(answer));
      assert.equal(await unread(), 0);
    } finally {
      for (const s of mine) s.disconnect();
      await own.stop();
    }
  });
});
