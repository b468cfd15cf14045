// Blocks and conversations, from the outside (API.md "Safety and moderation":
// blocks cover everything; "Conventions": 404, also for what the caller may
// not see). message-safety.test.mjs covers a group a blocked pair already
// shares and one that would hold a pair of others; conversations.test.mjs
// that an existing 1:1 carries no messages. Here: what the blocked person can
// learn when they try to reach the one who blocked them (nothing: the name
// answers as a name nobody has), and a 1:1 the two already share (no message,
// typing, read marker, presence or profile passes, either way).
//
// "Nothing arrives" is checked against a fence, as in message-safety: a later
// event sent to the same socket by a third person, plus a grace period.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from './lib/server.mjs';
import { expectError, newAccount } from './lib/client.mjs';
import { nextEvent, collect, request, sleep } from './lib/sockets.mjs';
import { api, ok, follow, block, unblock, restrict, start, send, view, participant, messages, openSocket, people as everyone } from './lib/conversations.mjs';

let server;
const sockets = [];
before(async () => { server = await startServer({ args: ['--message-limit', '1000'] }); });
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

const GRACE = 300;
const open = (who) => openSocket(server, sockets, who);
const people = (n, prefix) => everyone(server, n, prefix);

const inbox = async (who) => (await ok(who.client.get(api('/conversations?limit=100')))).items.map((c) => c.id);

// The answer to `body` (naming `name`) next to the same body naming a
// username nobody has: nothing in it may tell the two apart.
async function answersAsUnknown(call, name) {
  const nobody = newAccount('nobody').username;
  const real = await call(name);
  const unknown = await call(nobody);
  assert.equal(real.status, unknown.status, `${real.text} / ${unknown.text}`);
  assert.deepEqual({ ...real.body.error, message: real.body.error.message.replaceAll(name, 'X') },
    { ...unknown.body.error, message: unknown.body.error.message.replaceAll(nobody, 'X') });
  return real;
}

describe('the blocked person trying to reach the one who blocked them', () => {
  test('starting a 1:1 or a group with them, or adding them to a group, answers as for a name nobody has', async () => {
    const [ann, bob, cat, dan] = await people(4, 'dmb');
    const group = await start(bob, cat, dan);
    await block(ann, bob);
    const name = ann.user.username;
    for (const r of [
      await answersAsUnknown((n) => bob.client.post(api('/conversations'), { usernames: [n] }), name),
      await answersAsUnknown((n) => bob.client.post(api('/conversations'), { usernames: [n, cat.user.username] }), name),
      await answersAsUnknown((n) => bob.client.post(api('/conversations'), { usernames: [cat.user.username, n] }), name),
      await answersAsUnknown((n) => bob.client.post(api(`/conversations/${group.id}/members`), { usernames: [n] }), name),
    ]) {
      expectError(assert, r, 422, 'invalid_value');
      assert.equal(r.body.error.field, 'usernames');
    }
    // As their profile does.
    expectError(assert, await bob.client.get(api(`/users/${name}`)), 404, 'not_found');
    assert.deepEqual(await inbox(bob), [group.id], 'nothing was created');
    assert.equal((await view(bob, group)).participants.length, 3, 'nobody was added');

    // The one who blocked knows it: told why.
    expectError(assert, await ann.client.post(api('/conversations'), { usernames: [bob.user.username] }), 403, 'forbidden');
    expectError(assert, await ann.client.post(api('/conversations'), { usernames: [bob.user.username, cat.user.username] }), 409, 'conflict');
    // Blocked both ways, each is a blocker who knows.
    await block(bob, ann);
    expectError(assert, await bob.client.post(api('/conversations'), { usernames: [name] }), 403, 'forbidden');
    await unblock(bob, ann);
    await unblock(ann, bob);
    assert.equal((await bob.client.post(api('/conversations'), { usernames: [name] })).status, 201);
  });
});

describe('a 1:1 the two already share', () => {
  for (const blocker of ['the sender', 'the recipient']) {
    test(`after a block by ${blocker}: no message, typing, read marker, presence or profile passes either way`, async () => {
      const [ann, bob, cat] = await people(3, 'dmb1');
      await Promise.all([follow(ann, bob), follow(bob, ann), follow(cat, ann), follow(cat, bob)]);
      const direct = await start(ann, bob);
      const fromAnn = await send(ann, direct, 'hello bob');
      const fromBob = await send(bob, direct, 'hello ann');
      await ok(ann.client.post(api(`/conversations/${direct.id}/read`), { messageId: fromBob.id }), 204);
      // The fences: Cat writes to each in a 1:1 of their own.
      const [toAnn, toBob] = [await start(cat, ann), await start(cat, bob)];
      if (blocker === 'the sender') await block(ann, bob); else await block(bob, ann);

      const annTab = await open(ann);
      const bobTab = await open(bob);
      const got = (tab) => ({ new: collect(tab, 'message:new'), typing: collect(tab, 'typing'),
        read: collect(tab, 'message:read'), presence: collect(tab, 'presence') });
      const annGot = got(annTab);
      const bobGot = got(bobTab);

      for (const [tab, who] of [[annTab, ann], [bobTab, bob]]) {
        const ack = await request(tab, 'message:send', { conversationId: direct.id, text: 'still there?', clientId: randomUUID() });
        assert.equal(ack.error?.code, 'forbidden', JSON.stringify(ack));
        expectError(assert, await who.client.post(api(`/conversations/${direct.id}/messages`), { text: 'hi', clientId: randomUUID() }), 403, 'forbidden');
        await request(tab, 'typing', { conversationId: direct.id });
      }
      await request(bobTab, 'message:read', { conversationId: direct.id, messageId: fromAnn.id });
      await request(annTab, 'message:read', { conversationId: direct.id, messageId: fromBob.id });
      const fences = [nextEvent(annTab, 'message:new'), nextEvent(bobTab, 'message:new')];
      await send(cat, toAnn, 'fence');
      await send(cat, toBob, 'fence');
      await Promise.all(fences);
      await sleep(GRACE);
      for (const [seen, other] of [[annGot, bob], [bobGot, ann]]) {
        assert.deepEqual(seen.new.items.map((e) => e.message.text), ['fence']);
        assert.deepEqual(seen.typing.items, []);
        assert.deepEqual(seen.read.items.filter((e) => e.userId === other.user.id), []);
        assert.deepEqual(seen.presence.items.filter((e) => e.userId === other.user.id), []);
      }

      // REST: each sees only their own messages, the other's profile hidden
      // (who it is, nothing more), no presence or read marker; the 1:1 stays
      // in both lists.
      assert.deepEqual(await messages(ann, direct), ['hello bob']);
      assert.deepEqual(await messages(bob, direct), ['hello ann']);
      for (const [who, other, own] of [[ann, bob, fromAnn], [bob, ann, fromBob]]) {
        const seen = await view(who, direct);
        assert.equal(seen.lastMessage?.id, own.id);
        const shown = participant(seen, other);
        assert.equal(shown.hidden, true);
        assert.equal(shown.username, other.user.username);
        assert.equal(shown.displayName, '');
        assert.equal(shown.avatarUrl, null);
        assert.equal(shown.online, false);
        assert.equal(shown.lastSeenAt, null);
        assert.equal(shown.lastReadMessageId, null);
        assert.ok((await inbox(who)).includes(direct.id));
      }

      if (blocker === 'the sender') await unblock(ann, bob); else await unblock(bob, ann);
      assert.deepEqual(await messages(ann, direct), ['hello ann', 'hello bob']);
      assert.equal(participant(await view(bob, direct), ann).lastReadMessageId, fromBob.id);
    });
  }
});

describe('unread counts', () => {
  test('a block takes each one\'s unread messages out of the other\'s counts and badge; unblocking puts them back', async () => {
    const [ann, bob, cat] = await people(3, 'dmbu');
    await Promise.all([follow(ann, bob), follow(bob, ann), follow(ann, cat), follow(bob, cat)]);
    const direct = await start(ann, bob);
    const group = await start(cat, ann, bob);
    await send(bob, direct, 'one');
    await send(bob, direct, 'two');
    await send(bob, group, 'three');
    await send(ann, direct, 'four');
    await send(cat, group, 'five');
    const counts = async (who) => ({
      direct: (await view(who, direct)).unreadCount,
      group: (await view(who, group)).unreadCount,
      badge: (await ok(who.client.get(api('/conversations')))).unreadTotal,
    });
    assert.deepEqual(await counts(ann), { direct: 2, group: 2, badge: 2 });
    assert.deepEqual(await counts(bob), { direct: 1, group: 1, badge: 2 });
    // Messages neither may see any more are nothing to read: a count of them
    // was the one trace of them left.
    await block(ann, bob);
    assert.deepEqual(await counts(ann), { direct: 0, group: 1, badge: 1 });
    assert.deepEqual(await counts(bob), { direct: 0, group: 1, badge: 1 });
    await unblock(ann, bob);
    assert.deepEqual(await counts(ann), { direct: 2, group: 2, badge: 2 });
    assert.deepEqual(await counts(bob), { direct: 1, group: 1, badge: 2 });
  });
});

describe('reports', () => {
  test('a message hidden from me by a block is, to a report of mine, an id nobody has (404), either way', async () => {
    const [ann, bob, cat] = await people(3, 'dmbr');
    await Promise.all([follow(ann, cat), follow(bob, cat)]);
    const group = await start(cat, ann, bob);
    const early = await send(ann, group, 'before the block');
    const fromBob = await send(bob, group, 'bob before the block');
    await block(ann, bob);
    const late = await send(ann, group, 'after the block');
    const report = (who, id) => who.client.post(api('/reports'), { targetType: 'message', targetId: id, reason: 'spam' });
    // Bob cannot see Ann's messages: probing ids must not tell him she still
    // writes there (or when). Nor can Ann see Bob's.
    for (const [who, id] of [[bob, late.id], [bob, early.id], [ann, fromBob.id]]) {
      const hidden = await report(who, id);
      const unknown = await report(who, '999999999');
      expectError(assert, hidden, 404, 'not_found');
      assert.deepEqual(hidden.body, unknown.body);
    }
    // Cat sees both: the control.
    assert.equal((await report(cat, late.id)).status, 201);
    await unblock(ann, bob);
    assert.equal((await report(bob, late.id)).status, 201);
  });
});

describe('read markers', () => {
  test('a message hidden from me by a block is, to my read marker, an id not in the conversation (422), either way', async () => {
    const [ann, bob, cat] = await people(3, 'dmbm');
    await Promise.all([follow(ann, cat), follow(bob, cat)]);
    const group = await start(cat, ann, bob);
    const fromBob = await send(bob, group, 'bob before the block');
    await block(ann, bob);
    const late = await send(ann, group, 'after the block');
    const other = await send(cat, await start(cat, bob), 'elsewhere');
    const read = (who, id) => who.client.post(api(`/conversations/${group.id}/read`), { messageId: id });
    for (const [who, id] of [[bob, late.id], [ann, fromBob.id]]) {
      const hidden = await read(who, id);
      const elsewhere = await read(who, other.id);
      expectError(assert, hidden, 422, 'invalid_value');
      assert.deepEqual(hidden.body, elsewhere.body);
    }
    await ok(cat.client.post(api(`/conversations/${group.id}/read`), { messageId: late.id }), 204);
  });

  test('a third member\'s marker on a message hidden from me shows me the latest below it I may see; its move is not told to me', async () => {
    const [ann, bob, cat] = await people(3, 'dmbk');
    await Promise.all([follow(ann, cat), follow(bob, cat)]);
    const group = await start(cat, ann, bob);
    const fromCat = await send(cat, group, 'hello both');
    await block(ann, bob);
    const late = await send(ann, group, 'after the block');
    const annTab = await open(ann);
    const bobTab = await open(bob);
    const bobReads = collect(bobTab, 'message:read');
    const annHears = nextEvent(annTab, 'message:read');
    await ok(cat.client.post(api(`/conversations/${group.id}/read`), { messageId: late.id }), 204);
    assert.equal((await annHears).messageId, late.id, 'Ann may see her message: the control');
    assert.equal(participant(await view(ann, group), cat).lastReadMessageId, late.id);
    assert.equal(participant(await view(bob, group), cat).lastReadMessageId, fromCat.id,
      'not the id of a message Bob cannot see');
    // The fence: Cat's next marker names a message Bob sees.
    const fromBob = await send(bob, group, 'bob writes');
    const fence = nextEvent(bobTab, 'message:read');
    await ok(cat.client.post(api(`/conversations/${group.id}/read`), { messageId: fromBob.id }), 204);
    assert.equal((await fence).messageId, fromBob.id);
    await sleep(GRACE);
    assert.deepEqual(bobReads.items.map((e) => e.messageId), [fromBob.id]);
  });
});

describe('conversation lists', () => {
  test('a message hidden from me moves nothing in my list: the group keeps its place and updatedAt', async () => {
    const [ann, bob, cat, dan] = await people(4, 'dmbl');
    await Promise.all([follow(ann, cat), follow(bob, cat), follow(bob, dan)]);
    const group = await start(cat, ann, bob);
    const visible = await send(cat, group, 'hello both');
    await sleep(5);
    const other = await start(dan, bob);
    await send(dan, other, 'later, elsewhere');
    await block(ann, bob);
    await sleep(5);
    await send(ann, group, 'after the block');
    const list = await ok(bob.client.get(api('/conversations?limit=100')));
    assert.deepEqual(list.items.map((c) => c.id), [other.id, group.id], 'nothing Bob may see happened in the group since');
    const seen = list.items.find((c) => c.id === group.id);
    assert.equal(seen.lastMessage.id, visible.id);
    assert.equal(seen.updatedAt, visible.createdAt);
    assert.equal((await view(bob, group)).updatedAt, visible.createdAt);
    // Paging by its cursor lands on the same order.
    const first = await ok(bob.client.get(api('/conversations?limit=1')));
    const second = await ok(bob.client.get(api(`/conversations?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)));
    assert.deepEqual([...first.items, ...second.items].map((c) => c.id), [other.id, group.id]);
    // Cat sees the group move: the control.
    assert.equal((await ok(cat.client.get(api('/conversations?limit=1')))).items[0].id, group.id);
    // Deleted for Bob, the group stays out of his list when only Ann writes;
    // Cat's message brings it back.
    await ok(bob.client.delete(api(`/conversations/${group.id}`)), 204);
    await send(ann, group, 'still here');
    assert.deepEqual(await inbox(bob), [other.id]);
    await send(cat, group, 'back');
    assert.deepEqual(await inbox(bob), [group.id, other.id]);
  });
});

describe('message requests', () => {
  const requests = async (who) => {
    const list = await ok(who.client.get(api('/conversations?folder=requests&limit=100')));
    const ids = list.items.map((c) => c.id);
    assert.equal(list.requestCount, ids.length, 'the count is what the folder lists');
    return { ids, count: list.requestCount };
  };

  test('a request from someone I block leaves my requests and their count while the block lasts', async () => {
    const [ann, bob] = await people(2, 'dmbq');
    const direct = await start(bob, ann);
    await send(bob, direct, 'hi, we met at the lake');
    assert.deepEqual(await requests(ann), { ids: [direct.id], count: 1 });
    await block(ann, bob);
    assert.deepEqual(await requests(ann), { ids: [], count: 0 });
    await unblock(ann, bob);
    assert.deepEqual(await requests(ann), { ids: [direct.id], count: 1 });
    const [back] = (await ok(ann.client.get(api('/conversations?folder=requests')))).items;
    assert.equal(back.lastMessage.text, 'hi, we met at the lake');
  });

  test('a request to someone I then block leaves theirs too', async () => {
    const [cat, dan] = await people(2, 'dmbq');
    const direct = await start(cat, dan);
    await send(cat, direct, 'hello');
    assert.deepEqual(await requests(dan), { ids: [direct.id], count: 1 });
    await block(cat, dan);
    assert.deepEqual(await requests(dan), { ids: [], count: 0 });
  });

  test('a 1:1 I answered stays, with my messages, though it is a request because I restrict them', async () => {
    const [hal, ivy] = await people(2, 'dmbq');
    await restrict(hal, ivy);
    const direct = await start(ivy, hal);
    await send(ivy, direct, 'hello');
    await send(hal, direct, 'hi, who is this?');
    assert.deepEqual(await requests(hal), { ids: [direct.id], count: 1 });
    await block(hal, ivy);
    assert.deepEqual(await requests(hal), { ids: [direct.id], count: 1 });
    assert.deepEqual(await messages(hal, direct), ['hi, who is this?']);
  });

  test('a group request stays when I block one of its members: only their messages are hidden', async () => {
    const [eve, fay, gus] = await people(3, 'dmbq');
    const group = await start(fay, eve, gus);
    await send(fay, group, 'welcome');
    assert.deepEqual(await requests(eve), { ids: [group.id], count: 1 });
    await block(eve, fay);
    assert.deepEqual(await requests(eve), { ids: [group.id], count: 1 });
  });
});
