// Direct messages over REST (API.md "/conversations"): 1:1 found or created
// (also when both start it at once), groups of up to 32, adding and leaving,
// 404 for non-members, blocks, idempotent sends (also racing), read markers
// and unread counts, pagination both ways without gaps, image messages through
// the media pipeline, the rate limit, and hostile inputs.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { fixture, mediaFiles, spoolFiles } from './lib/posts.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;
let clientCounter = 0;
const nextClientId = () => `c-${process.pid}-${++clientCounter}`;

async function users(n, prefix = 'dm') {
  return Promise.all(Array.from({ length: n }, () => signUp(server.origin, prefix)));
}

// The others follow `who` first, so the conversation is in their inbox, not
// their message requests (message-safety.test.mjs covers requests).
async function befriend(who, others) {
  for (const o of others) {
    const r = await o.client.post(api(`/users/${who.user.username}/follow`));
    assert.equal(r.status, 200, r.text);
  }
}

async function start(who, others, extra = {}) {
  await befriend(who, others);
  const r = await who.client.post(api('/conversations'), { usernames: others.map((o) => o.user.username), ...extra });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.body.conversation;
}

async function send(who, conversation, text = 'hello', clientId = nextClientId()) {
  const r = await who.client.post(api(`/conversations/${conversation.id}/messages`), { text, clientId });
  assert.equal(r.status, 201, r.text);
  return r.body.message;
}

async function find(who, id) {
  const r = await who.client.get(api('/conversations?limit=100'));
  assert.equal(r.status, 200, r.text);
  return r.body.items.find((c) => c.id === id);
}

function imageForm({ image = 'plain.jpg', text, clientId = nextClientId(), alt, type = 'image/jpeg' } = {}) {
  const form = new FormData();
  if (image) form.append('image', new Blob([fixture(image)], { type }), image);
  if (text !== undefined) form.append('text', text);
  if (clientId !== null) form.append('clientId', clientId);  // null: leave it out
  if (alt !== undefined) form.append('alt', alt);
  return form;
}

describe('1:1 conversations', () => {
  test('201 when created, 200 after, the same conversation from either side', async () => {
    const [ann, bob] = await users(2);
    let r = await ann.client.post(api('/conversations'), { usernames: [bob.user.username.toUpperCase()] });
    assert.equal(r.status, 201, r.text);
    const c = r.body.conversation;
    assert.equal(c.isGroup, false);
    assert.equal(c.title, null);
    assert.equal(c.lastMessage, null);
    assert.equal(c.unreadCount, 0);
    assert.match(c.updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(c.participants.map((p) => p.username).sort(), [ann.user.username, bob.user.username].sort());
    for (const p of c.participants) {
      assert.equal(p.online, false);
      assert.equal(p.lastSeenAt, null);
      assert.equal(typeof p.followerCount, 'number');
      assert.equal(p.email, undefined);
    }
    r = await ann.client.post(api('/conversations'), { usernames: [bob.user.username] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.conversation.id, c.id);
    r = await bob.client.post(api('/conversations'), { usernames: [ann.user.username] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.conversation.id, c.id);
    // The caller's own name is ignored.
    r = await bob.client.post(api('/conversations'), { usernames: [bob.user.username, ann.user.username] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.conversation.id, c.id);
  });

  test('racing creations from both sides make exactly one conversation', async () => {
    const [ann, bob] = await users(2);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => {
      const [me, other] = i % 2 ? [ann, bob] : [bob, ann];
      return me.client.post(api('/conversations'), { usernames: [other.user.username] });
    }));
    for (const r of results) assert.ok(r.status === 201 || r.status === 200, r.text);
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.equal(new Set(results.map((r) => r.body.conversation.id)).size, 1);
  });

  test('a title, nobody else, unknown users and wrong shapes are refused', async () => {
    const [ann, bob] = await users(2);
    expectError(assert, await ann.client.post(api('/conversations'), { usernames: [bob.user.username], title: 'x' }), 422, 'invalid_value');
    let e = expectError(assert, await ann.client.post(api('/conversations'), { usernames: [ann.user.username] }), 422, 'invalid_value');
    assert.equal(e.field, 'usernames');
    e = expectError(assert, await ann.client.post(api('/conversations'), { usernames: ['no_such_user_zz'] }), 422, 'invalid_value');
    assert.equal(e.field, 'usernames');
    assert.match(e.message, /no_such_user_zz/);
    for (const body of [{}, { usernames: [] }, { usernames: bob.user.username }, { usernames: [7] }, { usernames: null },
      { usernames: [bob.user.username, 'x'], title: 5 }]) {
      expectError(assert, await ann.client.post(api('/conversations'), body), 422, 'invalid_value');
    }
    expectError(assert, await ann.client.request('POST', api('/conversations'), {
      body: '{"usernames": [', headers: { 'content-type': 'application/json' },
    }), 400, 'malformed_json');
    expectError(assert, await ann.client.request('POST', api('/conversations'), {
      body: '[1,2]', headers: { 'content-type': 'application/json' },
    }), 400, 'malformed_json');
    const anonymous = await fetch(server.origin + api('/conversations'));
    assert.equal(anonymous.status, 401);
  });
});

describe('groups', () => {
  test('a group of the caller and 31 others; 32 others is too many; adding is capped at 32', async () => {
    const [owner, ...rest] = await users(33, 'grp');
    let r = await owner.client.post(api('/conversations'), { usernames: rest.map((u) => u.user.username), title: 'too many' });
    expectError(assert, r, 422, 'invalid_value');
    r = await owner.client.post(api('/conversations'), { usernames: rest.slice(0, 31).map((u) => u.user.username), title: '  Big group ' });
    assert.equal(r.status, 201, r.text);
    const group = r.body.conversation;
    assert.equal(group.isGroup, true);
    assert.equal(group.title, 'Big group');
    assert.equal(group.participants.length, 32);
    assert.ok(group.participants.some((p) => p.id === owner.user.id));
    r = await rest[0].client.post(api(`/conversations/${group.id}/members`), { usernames: [rest[32 - 1].user.username] });
    const e = expectError(assert, r, 422, 'invalid_value');
    assert.equal(e.field, 'usernames');
    // Members already in it are ignored, so this changes nothing and is fine.
    r = await rest[0].client.post(api(`/conversations/${group.id}/members`), { usernames: [owner.user.username, rest[1].user.username] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.conversation.participants.length, 32);
  });

  test('members add people; they see the history with nothing unread; strangers get 404', async () => {
    const [ann, bob, cat, dan, eve] = await users(5);
    const group = await start(ann, [bob, cat], { title: 'trip' });
    assert.equal(group.title, 'trip');
    await send(bob, group, 'before dan');
    await befriend(bob, [dan]);
    let r = await bob.client.post(api(`/conversations/${group.id}/members`), { usernames: [dan.user.username, cat.user.username] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.conversation.participants.length, 4);
    const seen = await find(dan, group.id);
    assert.equal(seen.unreadCount, 0);
    assert.equal(seen.lastMessage.text, 'before dan');
    r = await dan.client.get(api(`/conversations/${group.id}/messages`));
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1);
    expectError(assert, await eve.client.post(api(`/conversations/${group.id}/members`), { usernames: [eve.user.username] }), 404, 'not_found');
    expectError(assert, await ann.client.post(api(`/conversations/${group.id}/members`), { usernames: ['nobody_here_zz'] }), 422, 'invalid_value');
  });

  test('1:1 conversations take nobody else and cannot be left', async () => {
    const [ann, bob, cat] = await users(3);
    const direct = await start(ann, [bob]);
    expectError(assert, await ann.client.post(api(`/conversations/${direct.id}/members`), { usernames: [cat.user.username] }), 409, 'conflict');
    expectError(assert, await ann.client.delete(api(`/conversations/${direct.id}/members`)), 409, 'conflict');
  });

  test('leaving: 404 afterwards, no more messages, gone from the list', async () => {
    const [ann, bob, cat] = await users(3);
    const group = await start(ann, [bob, cat]);
    await send(ann, group, 'one');
    let r = await cat.client.delete(api(`/conversations/${group.id}/members`));
    assert.equal(r.status, 204, r.text);
    await send(ann, group, 'two');
    expectError(assert, await cat.client.get(api(`/conversations/${group.id}/messages`)), 404, 'not_found');
    expectError(assert, await cat.client.post(api(`/conversations/${group.id}/messages`), { text: 'x', clientId: nextClientId() }), 404, 'not_found');
    expectError(assert, await cat.client.delete(api(`/conversations/${group.id}/members`)), 404, 'not_found');
    assert.equal(await find(cat, group.id), undefined);
    const mine = await find(ann, group.id);
    assert.deepEqual(mine.participants.map((p) => p.id).sort(), [ann.user.id, bob.user.id].sort());
    assert.equal((await find(bob, group.id)).unreadCount, 2);
  });
});

describe('privacy and blocks', () => {
  test('other people\'s conversations are 404 everywhere, like unknown and malformed ids', async () => {
    const [ann, bob, mallory] = await users(3);
    const c = await start(ann, [bob]);
    const m = await send(ann, c, 'secret');
    for (const id of [c.id, '999999999', 'abc', '0', '-1', '1e3', '99999999999999999999']) {
      const base = api(`/conversations/${encodeURIComponent(id)}`);
      for (const r of [
        await mallory.client.get(base),
        await mallory.client.get(`${base}/messages`),
        await mallory.client.get(`${base}/messages?after=${m.id}`),
        await mallory.client.post(`${base}/messages`, { text: 'hi', clientId: nextClientId() }),
        await mallory.client.post(`${base}/read`, { messageId: m.id }),
        await mallory.client.post(`${base}/members`, { usernames: [mallory.user.username] }),
        await mallory.client.delete(`${base}/members`),
      ]) {
        const e = expectError(assert, r, 404, 'not_found');
        assert.ok(!JSON.stringify(e).includes('secret'));
      }
    }
    assert.equal(await find(mallory, c.id), undefined);
  });

  test('no 1:1 with a user blocked either way; an existing one cannot carry messages', async () => {
    const [ann, bob, cat] = await users(3);
    const existing = await start(ann, [cat]);
    let r = await bob.client.post(api(`/users/${ann.user.username}/block`));
    assert.equal(r.status, 204, r.text);
    // To Ann, whom Bob blocked, Bob is a name nobody has (dm-blocks.test.mjs);
    // Bob, who blocked, is told why.
    expectError(assert, await ann.client.post(api('/conversations'), { usernames: [bob.user.username] }), 422, 'invalid_value');
    expectError(assert, await bob.client.post(api('/conversations'), { usernames: [ann.user.username] }), 403, 'forbidden');
    // A group that would hold a blocked pair, made or grown, is a conflict
    // (API.md; message-safety.test.mjs covers pairs without the caller).
    expectError(assert, await bob.client.post(api('/conversations'), { usernames: [ann.user.username, cat.user.username] }), 409, 'conflict');
    const group = await start(cat, [bob, (await users(1))[0]]);
    expectError(assert, await bob.client.post(api(`/conversations/${group.id}/members`), { usernames: [ann.user.username] }), 409, 'conflict');

    r = await cat.client.post(api(`/users/${ann.user.username}/block`));
    assert.equal(r.status, 204);
    expectError(assert, await ann.client.post(api(`/conversations/${existing.id}/messages`), { text: 'hi', clientId: nextClientId() }), 403, 'forbidden');
    expectError(assert, await cat.client.post(api(`/conversations/${existing.id}/messages`), { text: 'hi', clientId: nextClientId() }), 403, 'forbidden');
    // Still readable.
    assert.equal((await ann.client.get(api(`/conversations/${existing.id}/messages`))).status, 200);
    await cat.client.delete(api(`/users/${ann.user.username}/block`));
    await send(ann, existing, 'after unblock');
  });
});

describe('sending', () => {
  test('201 with the message; the same clientId again → 200 with the original', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const clientId = nextClientId();
    let r = await ann.client.post(api(`/conversations/${c.id}/messages`), { text: '  hi there\n', clientId });
    assert.equal(r.status, 201, r.text);
    const m = r.body.message;
    assert.equal(m.conversationId, c.id);
    assert.equal(m.text, '  hi there\n');  // kept as typed
    assert.equal(m.clientId, clientId);
    assert.equal(m.media, null);
    assert.deepEqual(Object.keys(m.sender).sort(), ['avatarUrl', 'displayName', 'id', 'username']);
    assert.equal(m.sender.id, ann.user.id);
    r = await ann.client.post(api(`/conversations/${c.id}/messages`), { text: 'different text', clientId });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.message, m);
    // The other side may use the same clientId for their own message.
    r = await bob.client.post(api(`/conversations/${c.id}/messages`), { text: 'mine', clientId });
    assert.equal(r.status, 201, r.text);
    // The same sender's clientId in another conversation is a conflict.
    const other = await start(ann, (await users(1)));
    const e = expectError(assert, await ann.client.post(api(`/conversations/${other.id}/messages`), { text: 'x', clientId }), 409, 'conflict');
    assert.equal(e.field, 'clientId');
    const page = (await bob.client.get(api(`/conversations/${c.id}/messages`))).body.items;
    assert.equal(page.length, 2);
    assert.equal((await find(bob, c.id)).unreadCount, 1);
  });

  test('racing sends with one clientId store one message', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const clientId = nextClientId();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      ann.client.post(api(`/conversations/${c.id}/messages`), { text: `try ${i}`, clientId })));
    for (const r of results) assert.ok(r.status === 201 || r.status === 200, r.text);
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.equal(new Set(results.map((r) => r.body.message.id)).size, 1);
    const page = (await bob.client.get(api(`/conversations/${c.id}/messages`))).body.items;
    assert.equal(page.length, 1);
    assert.equal((await find(bob, c.id)).unreadCount, 1);
  });

  test('text: 4,000 characters counted in code points; blank, too long and wrong types are 422', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const path = api(`/conversations/${c.id}/messages`);
    await send(ann, c, '🙂'.repeat(4000));
    await send(ann, c, 'a'.repeat(4000));
    const cases = [
      [{ text: 'a'.repeat(4001), clientId: nextClientId() }, 'text'],
      [{ text: '🙂'.repeat(4001), clientId: nextClientId() }, 'text'],
      [{ text: '', clientId: nextClientId() }, 'text'],
      [{ text: ' \n ', clientId: nextClientId() }, 'text'],
      [{ text: 'bell\u0007', clientId: nextClientId() }, 'text'],
      [{ text: 5, clientId: nextClientId() }, 'text'],
      [{ clientId: nextClientId() }, 'text'],
      [{ text: 'hi' }, 'clientId'],
      [{ text: 'hi', clientId: '' }, 'clientId'],
      [{ text: 'hi', clientId: 'x'.repeat(65) }, 'clientId'],
      [{ text: 'hi', clientId: 'has space' }, 'clientId'],
      [{ text: 'hi', clientId: 'é' }, 'clientId'],
      [{ text: 'hi', clientId: 12 }, 'clientId'],
    ];
    for (const [body, field] of cases) {
      const e = expectError(assert, await ann.client.post(path, body), 422, 'invalid_value');
      assert.equal(e.field, field, JSON.stringify(body).slice(0, 80));
    }
    expectError(assert, await ann.client.request('POST', path, { body: 'not json', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
    expectError(assert, await ann.client.request('POST', path, { body: '"text"', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
    expectError(assert, await ann.client.request('POST', path, { body: JSON.stringify({ text: 'x'.repeat(70_000), clientId: 'big' }), headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
    assert.equal((await ann.client.get(path)).body.items.length, 2);
  });
});

describe('reading', () => {
  test('unread counts, forward-only read markers and the last message in the list', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const m1 = await send(bob, c, 'one');
    const m2 = await send(bob, c, 'two');
    await send(ann, c, 'mine');
    const m4 = await send(bob, c, 'three');
    let mine = await find(ann, c.id);
    assert.equal(mine.unreadCount, 3);
    assert.equal(mine.lastMessage.id, m4.id);
    assert.equal(mine.lastMessage.text, 'three');
    assert.equal((await find(bob, c.id)).unreadCount, 1);

    let r = await ann.client.post(api(`/conversations/${c.id}/read`), { messageId: m2.id });
    assert.equal(r.status, 204, r.text);
    assert.equal((await find(ann, c.id)).unreadCount, 1);
    r = await ann.client.post(api(`/conversations/${c.id}/read`), { messageId: m1.id });
    assert.equal(r.status, 204);
    assert.equal((await find(ann, c.id)).unreadCount, 1);  // never backwards
    await ann.client.post(api(`/conversations/${c.id}/read`), { messageId: m4.id });
    mine = await find(ann, c.id);
    assert.equal(mine.unreadCount, 0);

    const elsewhere = await start(ann, (await users(1)));
    const foreign = await send(ann, elsewhere, 'x');
    for (const body of [{ messageId: foreign.id }, { messageId: '999999999' }, { messageId: 'abc' }, { messageId: 5 }, {}]) {
      const e = expectError(assert, await ann.client.post(api(`/conversations/${c.id}/read`), body), 422, 'invalid_value');
      assert.equal(e.field, 'messageId');
    }
  });
});

describe('one conversation, read markers and the unread total', () => {
  test('GET /conversations/{id} is the object the list shows, for every member', async () => {
    const [ann, bob, cat] = await users(3);
    const c = await start(ann, [bob, cat], { title: 'Trip' });
    await send(bob, c, 'hello');
    for (const who of [ann, bob, cat]) {
      const r = await who.client.get(api(`/conversations/${c.id}`));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.conversation, await find(who, c.id));
    }
    const one = (await ann.client.get(api(`/conversations/${c.id}`))).body.conversation;
    assert.equal(one.title, 'Trip');
    assert.equal(one.unreadCount, 1);
    assert.equal(one.lastMessage.text, 'hello');
    assert.equal(one.participants.length, 3);
    // Signed out: 401, not 404 (nothing is said about the id either way).
    expectError(assert, await new Client(server.origin).get(api(`/conversations/${c.id}`)), 401, 'unauthenticated');
  });

  test('every participant carries lastReadMessageId, also after a reload', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const fresh = (await ann.client.get(api(`/conversations/${c.id}`))).body.conversation;
    for (const p of fresh.participants) assert.equal(p.lastReadMessageId, null);
    const m1 = await send(ann, c, 'one');
    const m2 = await send(ann, c, 'two');
    assert.equal((await bob.client.post(api(`/conversations/${c.id}/read`), { messageId: m1.id })).status, 204);
    const marker = (conversation, who) => conversation.participants.find((p) => p.id === who.user.id).lastReadMessageId;
    // Ann sees how far Bob read (her "Seen"), in the list and the single object.
    let seen = (await ann.client.get(api(`/conversations/${c.id}`))).body.conversation;
    assert.equal(marker(seen, bob), m1.id);
    assert.equal(marker(seen, ann), null);
    assert.equal(marker(await find(ann, c.id), bob), m1.id);
    await bob.client.post(api(`/conversations/${c.id}/read`), { messageId: m2.id });
    seen = (await ann.client.get(api(`/conversations/${c.id}`))).body.conversation;
    assert.equal(marker(seen, bob), m2.id);
    assert.equal(typeof marker(seen, bob), 'string');
  });

  test('unreadTotal counts the conversations with unread messages, over every page', async () => {
    const [ann, bob, cat, dan] = await users(4);
    const total = async (who, query = '') => {
      const r = await who.client.get(api(`/conversations${query}`));
      assert.equal(r.status, 200, r.text);
      return r.body.unreadTotal;
    };
    assert.equal(await total(ann), 0);
    const withBob = await start(ann, [bob]);
    const withCat = await start(ann, [cat]);
    const withDan = await start(ann, [dan]);
    await send(bob, withBob, 'b1');
    await send(bob, withBob, 'b2');
    const fromCat = await send(cat, withCat, 'c1');
    await send(ann, withDan, 'mine');  // her own message is never unread for her
    assert.equal(await total(ann), 2);
    assert.equal(await total(ann, '?limit=1'), 2, 'the whole inbox, not the page');
    const second = await ann.client.get(api('/conversations?limit=1'));
    assert.equal((await ann.client.get(api(`/conversations?limit=1&cursor=${encodeURIComponent(second.body.nextCursor)}`))).body.unreadTotal, 2);
    assert.equal(await total(dan), 1);
    await ann.client.post(api(`/conversations/${withCat.id}/read`), { messageId: fromCat.id });
    assert.equal(await total(ann), 1);
    assert.equal(await total(bob), 0);
  });
});

describe('pagination', () => {
  test('messages newest first and ?after= oldest first, without gaps or repeats', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const sent = [];
    for (let i = 0; i < 23; i++) sent.push(await send(i % 2 ? ann : bob, c, `m${i}`));
    const collect = async (first) => {
      const ids = [];
      let url = first;
      for (let guard = 0; guard < 20; guard++) {
        const r = await ann.client.get(url);
        assert.equal(r.status, 200, r.text);
        assert.ok(r.body.items.length <= 5);
        ids.push(...r.body.items.map((m) => m.id));
        if (r.body.nextCursor === null) return ids;
        url = `${first}&cursor=${encodeURIComponent(r.body.nextCursor)}`;
      }
      throw new Error('too many pages');
    };
    const base = api(`/conversations/${c.id}/messages?limit=5`);
    assert.deepEqual(await collect(base), sent.map((m) => m.id).reverse());
    // A message arriving between pages appears on no page of the newest-first walk... and in catch-up.
    assert.deepEqual(await collect(`${base}&after=${sent[9].id}`), sent.slice(10).map((m) => m.id));
    const late = await send(bob, c, 'late');
    assert.deepEqual(await collect(`${base}&after=${sent[21].id}`), [sent[22].id, late.id]);
    assert.deepEqual((await ann.client.get(api(`/conversations/${c.id}/messages?after=${late.id}`))).body, { items: [], nextCursor: null });
    for (const q of ['after=abc', 'after=-1', 'after=0', 'limit=0', 'limit=abc', 'cursor=bm9wZQ']) {
      expectError(assert, await ann.client.get(api(`/conversations/${c.id}/messages?${q}`)), 422, 'invalid_value');
    }
  });

  test('the conversation list pages by latest activity without gaps', async () => {
    const [me, ...others] = await users(8, 'lst');
    const conversations = [];
    for (const other of others) conversations.push(await start(me, [other]));
    // Activity is kept in milliseconds and equal times list by id: the bump must
    // come after the last creation's millisecond, which back-to-back requests
    // on a fast loopback can share (the list then rightly puts the newer id first).
    await new Promise((resolve) => setTimeout(resolve, 5));
    await send(others[0], conversations[0], 'bump');  // the oldest becomes the newest
    const ids = [];
    let url = api('/conversations?limit=3');
    for (let guard = 0; guard < 10; guard++) {
      const r = await me.client.get(url);
      assert.equal(r.status, 200, r.text);
      ids.push(...r.body.items.map((c) => c.id));
      if (!r.body.nextCursor) break;
      url = api(`/conversations?limit=3&cursor=${encodeURIComponent(r.body.nextCursor)}`);
    }
    assert.equal(ids.length, 7);
    assert.equal(new Set(ids).size, 7);
    assert.equal(ids[0], conversations[0].id);
    assert.deepEqual(ids.slice(1), conversations.slice(1).map((c) => c.id).reverse());
  });
});

describe('image messages', () => {
  test('an image goes through the media pipeline: renditions, no EXIF/GPS, text optional', async () => {
    const [ann, bob] = await users(2);
    const c = await start(ann, [bob]);
    const r = await ann.client.request('POST', api(`/conversations/${c.id}/messages`), {
      body: imageForm({ image: 'rotated_gps.jpg', alt: 'a view' }),
    });
    assert.equal(r.status, 201, r.text);
    const m = r.body.message;
    assert.equal(m.text, '');
    assert.equal(m.media.alt, 'a view');
    assert.ok(m.media.width > 0 && m.media.height > 0);
    assert.ok(m.media.variants.length >= 2);
    assert.match(m.media.placeholder, /\S/);
    for (const v of m.media.variants) {
      const bytes = Buffer.from(await (await fetch(server.origin + v.url)).arrayBuffer());
      assert.ok(bytes.length > 0);
      const text = bytes.toString('latin1');
      assert.ok(!text.includes('Exif\0\0'), `${v.url} has EXIF`);
      assert.ok(!text.includes('GPS'), `${v.url} has GPS`);
    }
    const listed = (await bob.client.get(api(`/conversations/${c.id}/messages`))).body.items[0];
    assert.deepEqual(listed, m);
    assert.deepEqual((await find(bob, c.id)).lastMessage, m);
  });

  test('415 for non-images, 422 over 100 MP; a repeat stores nothing; no orphaned files', async () => {
    const [ann, bob, eve] = await users(3);
    const c = await start(ann, [bob]);
    const path = api(`/conversations/${c.id}/messages`);
    const clientId = nextClientId();
    let r = await ann.client.request('POST', path, { body: imageForm({ image: 'plain.jpg', text: 'pic', clientId }) });
    assert.equal(r.status, 201, r.text);
    const original = r.body.message;
    const files = mediaFiles(server.dataDir);
    r = await ann.client.request('POST', path, { body: imageForm({ image: 'plain.webp', clientId }) });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.message, original);
    assert.deepEqual(mediaFiles(server.dataDir), files);

    expectError(assert, await ann.client.request('POST', path, { body: imageForm({ image: 'doc.pdf', type: 'image/jpeg' }) }), 415, 'unsupported_media_type');
    expectError(assert, await ann.client.request('POST', path, { body: imageForm({ image: 'image.svg' }) }), 415, 'unsupported_media_type');
    expectError(assert, await ann.client.request('POST', path, { body: imageForm({ image: 'huge_header.png' }) }), 422, 'invalid_value');
    expectError(assert, await ann.client.request('POST', path, { body: imageForm({ image: 'truncated.jpg' }) }), 422);
    let e = expectError(assert, await ann.client.request('POST', path, { body: imageForm({ image: null, text: 'no image' }) }), 422, 'invalid_value');
    assert.equal(e.field, 'image');
    e = expectError(assert, await ann.client.request('POST', path, { body: imageForm({ clientId: null }) }), 422, 'invalid_value');
    assert.equal(e.field, 'clientId');
    const two = imageForm();
    two.append('image', new Blob([fixture('plain.jpg')], { type: 'image/jpeg' }), 'b.jpg');
    e = expectError(assert, await ann.client.request('POST', path, { body: two }), 422, 'invalid_value');
    assert.equal(e.field, 'image', 'one image per message: a count, not bytes');
    // A stranger's upload is refused before any processing.
    expectError(assert, await eve.client.request('POST', path, { body: imageForm({ image: 'photo.jpg' }) }), 404, 'not_found');
    assert.deepEqual(mediaFiles(server.dataDir), files);
    assert.deepEqual(spoolFiles(server.dataDir), []);
    assert.equal((await bob.client.get(path)).body.items.length, 1);
  });
});

describe('rate limit', () => {
  test('sends beyond --message-limit per minute → 429 with Retry-After, retries still answered, others not affected', async () => {
    const own = await startServer({ args: ['--message-limit', '3'] });
    try {
      const [ann, bob] = await Promise.all([signUp(own.origin, 'rl'), signUp(own.origin, 'rl')]);
      const r0 = await ann.client.post(api('/conversations'), { usernames: [bob.user.username] });
      const id = r0.body.conversation.id;
      for (let i = 0; i < 3; i++) {
        const r = await ann.client.post(api(`/conversations/${id}/messages`), { text: `m${i}`, clientId: `rl-${i}` });
        assert.equal(r.status, 201, r.text);
      }
      const r = await ann.client.post(api(`/conversations/${id}/messages`), { text: 'm3', clientId: 'rl-3' });
      expectError(assert, r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      // A retry of a stored message still gets its original (a reconnecting
      // client re-sending what was not acknowledged).
      const retry = await ann.client.post(api(`/conversations/${id}/messages`), { text: 'm0', clientId: 'rl-0' });
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.body.message.text, 'm0');
      // Others are not affected.
      const other = await bob.client.post(api(`/conversations/${id}/messages`), { text: 'fine', clientId: 'rl-0' });
      assert.equal(other.status, 201, other.text);
    } finally {
      await own.stop();
    }
  });
});

// Issue 12.4: creating conversations and adding members had no limit (a
// script could pull anyone into any number of groups).
describe('conversation limit', () => {
  test('new conversations and member additions share --conversation-limit per hour: 429, Retry-After, retryAfter in the body; per user', async () => {
    const own = await startServer({ args: ['--conversation-limit', '3'] });
    try {
      const [ann, bob, cat, dan, eve] = await Promise.all(Array.from({ length: 5 }, () => signUp(own.origin, 'cl')));
      const create = (who, others) => who.client.post(api('/conversations'), { usernames: others.map((o) => o.user.username) });
      let r = await create(ann, [bob]);
      assert.equal(r.status, 201, r.text);
      r = await create(ann, [bob, cat]);
      assert.equal(r.status, 201, r.text);
      const group = r.body.conversation;
      r = await ann.client.post(api(`/conversations/${group.id}/members`), { usernames: [dan.user.username] });
      assert.equal(r.status, 200, r.text);

      const refusals = [
        await ann.client.post(api(`/conversations/${group.id}/members`), { usernames: [eve.user.username] }),
        await create(ann, [eve]),
        await create(ann, [cat, dan, eve]),
      ];
      for (const refused of refusals) {
        const e = expectError(assert, refused, 429, 'rate_limited');
        const wait = Number(refused.headers.get('retry-after'));
        assert.ok(wait >= 1 && wait <= 3600, refused.text);
        // One error body for both doors (issue 12.7): the header's value is in the body too.
        assert.equal(e.retryAfter, wait);
      }
      // Nothing was added or created by the refused requests.
      const seen = await ann.client.get(api(`/conversations/${group.id}`));
      assert.equal(seen.body.conversation.participants.length, 4);
      assert.equal((await eve.client.get(api('/conversations'))).body.items.length, 0);
      // Others are not affected.
      r = await create(bob, [eve]);
      assert.equal(r.status, 201, r.text);
      r = await bob.client.post(api(`/conversations/${group.id}/members`), { usernames: [eve.user.username] });
      assert.equal(r.status, 200, r.text);
    } finally {
      await own.stop();
    }
  });
});
