// Privacy in conversations and real time (issue 13.5–13.7, API.md "Safety and
// moderation"): a stranger's conversation is a message request, a blocked
// pair learns nothing of each other even in a shared group, a restricted user
// never gets the restrictor's presence, typing or read markers, and hidden
// words hide requests. Each case looks at every surface: the REST lists,
// message:new, typing, message:read, presence and notifications, with a
// follower (or a third member) as the control who does get them.
//
// "Nothing arrives" is checked against a fence: an event published after the
// one that must not arrive and sent to the same socket (events reach one
// socket in the order they were published), or the same broadcast reaching a
// control user, plus a grace period.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from './lib/server.mjs';
import { expectError } from './lib/client.mjs';
import { nextEvent, collect, request, sleep } from './lib/sockets.mjs';
import { api, ok, follow, block, restrict, unrestrict, start, send, view, participant, messages, openSocket, people as everyone } from './lib/conversations.mjs';

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

const folder = async (who, name) => ok(who.client.get(api(`/conversations?folder=${name}&limit=100`)));
const ids = (page) => page.items.map((c) => c.id);
const typing = (socket, conversation) => request(socket, 'typing', { conversationId: conversation.id });
const read = (socket, conversation, message) =>
  request(socket, 'message:read', { conversationId: conversation.id, messageId: message.id });

// The next presence event about `whom` (others may come first: each socket's
// own connection is announced to its contacts too, a moment later — and to a
// contact's tab opened in that moment, so "the next event about whom" is only
// the one a test means once whom's announcement is behind it: openSeenBy).
function presenceOf(socket, whom, ms = 5_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off('presence', on); reject(new Error(`no presence of ${whom.user.username}`)); }, ms);
    const on = (event) => {
      if (event.userId !== whom.user.id) return;
      clearTimeout(timer);
      socket.off('presence', on);
      resolve(event);
    };
    socket.on('presence', on);
  });
}

// What a viewer may learn of a participant's activity: nothing.
function assertNoActivity(p) {
  assert.equal(p.online, false);
  assert.equal(p.lastSeenAt, null);
  assert.equal(p.lastReadMessageId, null);
}

describe('message requests: a stranger starts a conversation', () => {
  test('it is a request for the recipient, who tells the sender nothing until they accept', async () => {
    const [ann, bob, dan] = await people(3, 'req');
    const annTab = await open(ann);
    const annTyping = collect(annTab, 'typing');
    const annReads = collect(annTab, 'message:read');
    const annPresence = collect(annTab, 'presence');

    const convo = await start(ann, bob);
    assert.equal(convo.isRequest, false, 'not for its starter');
    const first = await send(ann, convo, 'hi bob, we met at the pier');
    // Bob's lists: in requests, not in the inbox, not in the Messages badge.
    let inbox = await folder(bob, 'inbox');
    let requests = await folder(bob, 'requests');
    assert.deepEqual(ids(inbox), []);
    assert.deepEqual(ids(requests), [convo.id]);
    assert.equal(requests.items[0].isRequest, true);
    assert.equal(requests.items[0].lastMessage.text, 'hi bob, we met at the pier');
    assert.equal(inbox.unreadTotal, 0);
    assert.equal(inbox.requestCount, 1);
    assert.deepEqual(ids(await folder(ann, 'inbox')), [convo.id]);
    expectError(assert, await bob.client.get(api('/conversations?folder=spam')), 422, 'invalid_value');

    // Bob comes online, reads, types: Ann hears none of it. Dan, to whom Bob
    // wrote himself, is the control: he gets Bob's presence.
    const dan2bob = await start(bob, dan);
    const danTab = await open(dan);
    const danHeard = presenceOf(danTab, bob);
    const bobTab = await open(bob);
    assert.equal((await danHeard).userId, bob.user.id);
    assert.equal((await read(bobTab, convo, first))?.error, undefined);
    assert.equal((await typing(bobTab, convo))?.error, undefined);
    // Fence: Ann's own message reaches her socket after anything published before it.
    const fence = nextEvent(annTab, 'message:new');
    await send(ann, convo, 'fence');
    await fence;
    await sleep(GRACE);
    assert.deepEqual(annTyping.items, []);
    assert.deepEqual(annReads.items, []);
    assert.deepEqual(annPresence.items.filter((e) => e.userId === bob.user.id), []);
    assertNoActivity(participant(await view(ann, convo), bob));
    // Bob still gets Ann's messages live (his Requests folder updates).
    const bobGets = nextEvent(bobTab, 'message:new');
    await send(ann, convo, 'are you there?');
    assert.equal((await bobGets).message.text, 'are you there?');

    // Accepting: 200 with the conversation, now in the inbox; from then on
    // Ann gets his typing, read markers and presence — that he is online, at once.
    const online = presenceOf(annTab, bob);
    const accepted = await ok(bob.client.post(api(`/conversations/${convo.id}/accept`)));
    assert.equal(accepted.conversation.isRequest, false);
    assert.deepEqual({ ...(await online), lastSeenAt: undefined }, { userId: bob.user.id, online: true, lastSeenAt: undefined });
    assert.equal((await ok(bob.client.post(api(`/conversations/${convo.id}/accept`)))).conversation.isRequest, false, 'idempotent');
    assert.deepEqual(ids(await folder(bob, 'inbox')), [convo.id, dan2bob.id]);
    assert.equal((await folder(bob, 'requests')).requestCount, 0);
    const typed = nextEvent(annTab, 'typing');
    await sleep(1100); // the typing relay throttle (one a second per socket and conversation)
    await typing(bobTab, convo);
    assert.equal((await typed).user.username, bob.user.username);
    const last = await send(ann, convo, 'good');
    const receipt = nextEvent(annTab, 'message:read');
    await read(bobTab, convo, last);
    assert.equal((await receipt).userId, bob.user.id);
    const seen = participant(await view(ann, convo), bob);
    assert.equal(seen.online, true);
    assert.equal(seen.lastReadMessageId, last.id);
  });

  test('a follower\'s conversation is in the inbox at once; a reply accepts a request', async () => {
    const [ann, bob, carl] = await people(3, 'req');
    await follow(bob, ann);
    const fromFollowed = await start(ann, bob);
    assert.deepEqual(ids(await folder(bob, 'inbox')), [fromFollowed.id]);
    assert.equal((await view(bob, fromFollowed)).isRequest, false);

    const fromStranger = await start(carl, bob);
    await send(carl, fromStranger, 'hello?');
    assert.deepEqual(ids(await folder(bob, 'requests')), [fromStranger.id]);
    await send(bob, fromStranger, 'hi carl');
    assert.deepEqual(ids(await folder(bob, 'requests')), []);
    assert.ok(ids(await folder(bob, 'inbox')).includes(fromStranger.id));
    assert.equal(participant(await view(carl, fromStranger), bob).lastReadMessageId, null);
  });

  test('a group: a member added by someone they do not follow sees it as a request', async () => {
    const [ann, bob, dan, eve] = await people(4, 'grp');
    await follow(dan, ann);
    const group = await start(ann, bob, dan);
    assert.equal((await view(bob, group)).isRequest, true);
    assert.equal((await view(dan, group)).isRequest, false);
    // Bob's activity stays with Bob until he accepts: Dan sees none of it either.
    const bobTab = await open(bob);
    const danTab = await open(dan);
    const danTyping = collect(danTab, 'typing');
    await typing(bobTab, group);
    const fence = nextEvent(danTab, 'message:new');
    await send(ann, group, 'fence');
    await fence;
    await sleep(GRACE);
    assert.deepEqual(danTyping.items, []);
    assertNoActivity(participant(await view(dan, group), bob));
    // Dan adds Eve, who does not follow Dan: a request for her too.
    await ok(dan.client.post(api(`/conversations/${group.id}/members`), { usernames: [eve.user.username] }));
    assert.deepEqual(ids(await folder(eve, 'requests')), [group.id]);
    assert.deepEqual(ids(await folder(eve, 'inbox')), []);
  });

  test('DELETE removes a conversation from my lists until a new message, which brings back only what is new', async () => {
    const [ann, bob] = await people(2, 'del');
    const request = await start(ann, bob);
    await send(ann, request, 'first try');
    await ok(bob.client.delete(api(`/conversations/${request.id}`)), 204);
    await ok(bob.client.delete(api(`/conversations/${request.id}`)), 204);
    assert.deepEqual(ids(await folder(bob, 'requests')), []);
    assert.deepEqual(await messages(bob, request), [], 'deleted for bob');
    assert.deepEqual(await messages(ann, request), ['first try'], 'not for ann, who is not told');
    await send(ann, request, 'second try');
    const back = await folder(bob, 'requests');
    assert.deepEqual(ids(back), [request.id], 'a request again');
    assert.equal(back.items[0].unreadCount, 1);
    assert.deepEqual(await messages(bob, request), ['second try']);

    // Any conversation, not only requests; and never someone else's.
    await ok(bob.client.post(api(`/conversations/${request.id}/accept`)));
    await ok(bob.client.delete(api(`/conversations/${request.id}`)), 204);
    assert.deepEqual(ids(await folder(bob, 'inbox')), []);
    await send(ann, request, 'third');
    assert.deepEqual(ids(await folder(bob, 'inbox')), [request.id]);
    const [mallory] = await people(1, 'del');
    expectError(assert, await mallory.client.delete(api(`/conversations/${request.id}`)), 404, 'not_found');
    expectError(assert, await mallory.client.post(api(`/conversations/${request.id}/accept`)), 404, 'not_found');
    expectError(assert, await mallory.client.delete(api('/conversations/nope')), 404, 'not_found');
  });
});

describe('blocks everywhere', () => {
  test('a group cannot be formed or grown around a blocked pair, whoever asks (409)', async () => {
    const [ann, bob, cat, dan] = await people(4, 'blk');
    await block(ann, bob);
    expectError(assert, await cat.client.post(api('/conversations'), { usernames: [ann.user.username, bob.user.username] }), 409, 'conflict');
    const group = await start(cat, ann, dan);
    expectError(assert, await cat.client.post(api(`/conversations/${group.id}/members`), { usernames: [bob.user.username] }), 409, 'conflict');
    expectError(assert, await dan.client.post(api(`/conversations/${group.id}/members`), { usernames: [bob.user.username] }), 409, 'conflict');
    assert.equal((await view(cat, group)).participants.length, 3);
    // A 1:1 stays refused: to Bob, whom Ann blocked, she is a name nobody has
    // (dm-blocks.test.mjs); Ann is told why.
    expectError(assert, await bob.client.post(api('/conversations'), { usernames: [ann.user.username] }), 422, 'invalid_value');
    expectError(assert, await ann.client.post(api('/conversations'), { usernames: [bob.user.username] }), 403, 'forbidden');
  });

  test('in a group they already share, a blocked pair gets none of each other\'s messages, typing, read markers, presence or profile', async () => {
    const [ann, bob, cat, dan] = await people(4, 'blk');
    await follow(bob, cat);
    await follow(ann, cat);
    await follow(dan, cat);
    const group = await start(cat, ann, bob);
    const early = await send(bob, group, 'before the block');
    await ok(ann.client.post(api(`/conversations/${group.id}/read`), { messageId: early.id }), 204);
    await block(ann, bob);

    const annTab = await open(ann);
    const catTab = await open(cat);
    const annGot = { new: collect(annTab, 'message:new'), typing: collect(annTab, 'typing'),
      read: collect(annTab, 'message:read'), presence: collect(annTab, 'presence'),
      notes: collect(annTab, 'notification:new'), updated: collect(annTab, 'conversation:updated') };
    // Bob comes online: Cat hears it (the control), Ann does not.
    const catHeard = presenceOf(catTab, bob);
    const bobTab = await open(bob);
    const bobGot = { new: collect(bobTab, 'message:new'), typing: collect(bobTab, 'typing'),
      read: collect(bobTab, 'message:read') };
    assert.equal((await catHeard).userId, bob.user.id);

    const catGets = nextEvent(catTab, 'message:new');
    const fromBob = (await request(bobTab, 'message:send', { conversationId: group.id, text: 'from bob', clientId: randomUUID() })).message;
    assert.equal((await catGets).message.id, fromBob.id);
    const catTyping = nextEvent(catTab, 'typing');
    await typing(bobTab, group);
    assert.equal((await catTyping).user.username, bob.user.username);
    const catRead = nextEvent(catTab, 'message:read');
    await read(bobTab, group, fromBob);
    assert.equal((await catRead).userId, bob.user.id);
    // Ann's activity does not reach Bob either.
    const fromAnn = (await request(annTab, 'message:send', { conversationId: group.id, text: 'from ann', clientId: randomUUID() })).message;
    await typing(annTab, group);
    await read(annTab, group, fromAnn);
    // Cat adds Dan: every member gets conversation:updated, each their own view.
    const updated = nextEvent(annTab, 'conversation:updated');
    await ok(cat.client.post(api(`/conversations/${group.id}/members`), { usernames: [dan.user.username] }));
    const event = (await updated).conversation;
    // Fences: Cat's message reaches both after everything above.
    const annFence = nextEvent(annTab, 'message:new');
    const bobFence = nextEvent(bobTab, 'message:new');
    await send(cat, group, 'fence');
    await Promise.all([annFence, bobFence]);
    await sleep(GRACE);

    assert.deepEqual(annGot.new.items.map((e) => e.message.text), ['fence']);
    assert.deepEqual(bobGot.new.items.map((e) => e.message.text), ['fence']);
    assert.deepEqual(annGot.typing.items, []);
    assert.deepEqual(bobGot.typing.items, []);
    assert.deepEqual(annGot.read.items.filter((e) => e.userId === bob.user.id), []);
    assert.deepEqual(bobGot.read.items.filter((e) => e.userId === ann.user.id), []);
    assert.deepEqual(annGot.presence.items.filter((e) => e.userId === bob.user.id), []);
    assert.deepEqual(annGot.notes.items, []);
    assert.equal(annGot.updated.items.length, 1);

    // REST: the message lists, the last message, the unread count.
    assert.deepEqual(await messages(ann, group), ['fence', 'from ann']);
    assert.deepEqual(await messages(bob, group), ['fence', 'from bob', 'before the block']);
    assert.deepEqual(await messages(cat, group), ['fence', 'from ann', 'from bob', 'before the block']);
    await sleep(1100); // typing throttle before the next typing of Bob's below
    const annView = await view(ann, group);
    assert.equal(annView.unreadCount, 1, 'cat\'s fence; none of bob\'s');
    // The profile in the shared group: who it is, nothing more; no activity.
    for (const [shown, whom] of [[participant(annView, bob), bob], [participant(event, bob), bob],
      [participant(await view(bob, group), ann), ann]]) {
      assert.equal(shown.hidden, true);
      assert.equal(shown.username, whom.user.username);
      assert.equal(shown.displayName, '');
      assert.equal(shown.avatarUrl, null);
      assertNoActivity(shown);
    }
    const catSees = participant(await view(cat, group), bob);
    assert.equal(catSees.hidden, false);
    assert.equal(catSees.online, true);
    assert.equal(catSees.lastReadMessageId, fromBob.id);
    const notes = await ok(ann.client.get(api('/notifications')));
    assert.equal(notes.items.filter((n) => n.actor.id === bob.user.id).length, 0);

    // Unblocking brings it all back.
    await ok(ann.client.delete(api(`/users/${bob.user.username}/block`)), 204);
    assert.deepEqual(await messages(ann, group), ['fence', 'from ann', 'from bob', 'before the block']);
    const typed = nextEvent(annTab, 'typing');
    await typing(bobTab, group);
    assert.equal((await typed).user.username, bob.user.username);
  });
});

describe('restrict', () => {
  test('the restricted user gets none of the restrictor\'s presence, typing or read markers; their conversations are requests', async () => {
    const [ann, bob, cat] = await people(3, 'rst');
    await follow(ann, bob);
    await follow(bob, ann);
    await follow(cat, ann);
    const direct = await start(bob, ann);
    assert.equal((await view(ann, direct)).isRequest, false);
    await start(ann, cat); // Cat: the control for Ann's presence
    await restrict(ann, bob);

    // The existing 1:1 moves to Ann's requests (Bob sees no change) ...
    assert.deepEqual(ids(await folder(ann, 'requests')), [direct.id]);
    assert.equal((await view(bob, direct)).isRequest, false);
    // ... and so does a new group Bob starts, though Ann follows him.
    const [dan] = await people(1, 'rst');
    const group = await start(bob, ann, dan);
    assert.equal((await view(ann, group)).isRequest, true);

    const bobTab = await open(bob);
    const catTab = await open(cat);
    const bobGot = { typing: collect(bobTab, 'typing'), read: collect(bobTab, 'message:read'),
      presence: collect(bobTab, 'presence') };
    const catHeard = presenceOf(catTab, ann);
    const annTab = await open(ann);
    assert.equal((await catHeard).userId, ann.user.id);
    // Bob's messages still reach Ann.
    const annGets = nextEvent(annTab, 'message:new');
    const fromBob = await send(bob, direct, 'hey ann');
    assert.equal((await annGets).message.id, fromBob.id);
    await typing(annTab, direct);
    await read(annTab, direct, fromBob);
    const fence = nextEvent(bobTab, 'message:new');
    await send(bob, direct, 'fence');
    await fence;
    await sleep(GRACE);
    assert.deepEqual(bobGot.typing.items, []);
    assert.deepEqual(bobGot.read.items.filter((e) => e.userId === ann.user.id), []);
    assert.deepEqual(bobGot.presence.items.filter((e) => e.userId === ann.user.id), []);
    assertNoActivity(participant(await view(bob, direct), ann));
    // One way only: Ann still gets Bob's typing.
    const annTyping = nextEvent(annTab, 'typing');
    await typing(bobTab, direct);
    assert.equal((await annTyping).user.username, bob.user.username);

    // Lifting it puts the 1:1 back in Ann's inbox and her activity back.
    await unrestrict(ann, bob);
    assert.ok(ids(await folder(ann, 'inbox')).includes(direct.id));
    assert.equal(participant(await view(bob, direct), ann).online, true);
  });
});

describe('hidden words', () => {
  test('a request containing one is hidden from its recipient, not from its author', async () => {
    const [ann, bob, dan] = await people(3, 'hw');
    await ok(bob.client.put(api('/users/me/hidden-words'), { words: ['crypto'] }));
    await follow(bob, dan);
    const fromDan = await start(dan, bob);
    const bobTab = await open(bob);
    const bobGot = collect(bobTab, 'message:new');
    const request = await start(ann, bob);
    await send(ann, request, 'Cheap CRYPTO, act now');
    await send(ann, request, 'hello?');
    // A follower's conversation is no request: hidden words do not apply there.
    const fence = nextEvent(bobTab, 'message:new');
    await send(dan, fromDan, 'crypto talk tonight?');
    await fence;
    await sleep(GRACE);
    assert.deepEqual(bobGot.items.map((e) => e.message.text), ['crypto talk tonight?']);
    const requests = await folder(bob, 'requests');
    assert.deepEqual(ids(requests), []);
    assert.equal(requests.requestCount, 0);
    assert.deepEqual(ids(await folder(ann, 'inbox')), [request.id]);
    assert.deepEqual(await messages(ann, request), ['hello?', 'Cheap CRYPTO, act now']);
    // A clean request still arrives.
    const [eve] = await people(1, 'hw');
    const clean = await start(eve, bob);
    await send(eve, clean, 'hi bob');
    assert.deepEqual(ids(await folder(bob, 'requests')), [clean.id]);
  });
});

// A change of who may see whom reaches the screens already open: without it,
// a conversation screen kept showing "online" for someone who had just blocked
// or restricted the viewer (stale, and not theirs to know), and a sender whose
// request was answered waited for the next coming online to see it.
describe('presence follows who may see it, at once', () => {
  const both = (a, b) => Promise.all([follow(a, b), follow(b, a)]);
  const hidden = (event, whom) => assert.deepEqual(event, { userId: whom.user.id, online: false, lastSeenAt: null });
  const online = (event, whom) => {
    assert.equal(event.userId, whom.user.id);
    assert.equal(event.online, true);
  };
  // Opens `who`'s tab and waits until `witness` (a contact's tab, open) hears
  // them come online. A connection is announced a moment after it is accepted
  // (api/live/socket_handler.cpp), so without this a tab opened next could get
  // that "online" after it started listening for what a block or restriction
  // tells it, and take one for the other (it did, on a loaded machine).
  async function openSeenBy(who, witness) {
    const seen = presenceOf(witness, who);
    const tab = await open(who);
    online(await seen, who);
    return tab;
  }

  test('a block tells both sides "offline" with nothing more; an unblock shows each online again', async () => {
    const [ann, bob, cat] = await people(3, 'pblk');
    await both(ann, bob);
    await start(ann, bob);
    await start(ann, cat); // Cat witnesses Ann coming online: Bob's tab opens after that
    const catTab = await open(cat);
    const annTab = await openSeenBy(ann, catTab);
    const bobTab = await openSeenBy(bob, annTab);
    // Both connections are announced: the next event about each is the block's.
    const annHearsBob = presenceOf(annTab, bob);
    const bobHearsAnn = presenceOf(bobTab, ann);
    await block(ann, bob);
    hidden(await bobHearsAnn, ann);
    hidden(await annHearsBob, bob);

    const again = [presenceOf(bobTab, ann), presenceOf(annTab, bob)];
    await ok(ann.client.delete(api(`/users/${bob.user.username}/block`)), 204);
    const [toBob, toAnn] = await Promise.all(again);
    online(toBob, ann);
    online(toAnn, bob);
  });

  test('a restriction tells the restricted "offline"; its end shows the restrictor online again', async () => {
    const [ann, bob] = await people(2, 'prst');
    await both(ann, bob);
    await start(ann, bob);
    const bobTab = await open(bob);
    await openSeenBy(ann, bobTab);
    const told = presenceOf(bobTab, ann);
    await restrict(ann, bob);
    hidden(await told, ann);
    const back = presenceOf(bobTab, ann);
    await unrestrict(ann, bob);
    online(await back, ann);
  });

  test('answering a request, or opening that 1:1, shows the sender that the recipient is online', async () => {
    const [cat, dan, eve] = await people(3, 'pacc');
    const request = await start(cat, dan);
    await send(cat, request, 'hello dan');
    const catTab = await open(cat);
    const danHeard = presenceOf(catTab, dan);
    await open(dan);
    await send(dan, request, 'hello cat');   // a reply accepts the request
    online(await danHeard, dan);

    const second = await start(eve, dan);
    await send(eve, second, 'hello dan, eve here');
    const eveTab = await open(eve);
    const eveHears = presenceOf(eveTab, dan);
    await start(dan, eve);                   // opening the existing 1:1 accepts it
    online(await eveHears, dan);
  });
});
