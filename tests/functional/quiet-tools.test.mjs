// Mute, Restrict and Hidden words (API.md "Safety and moderation", issue 13.5)
// from the outside: the endpoints and their hostile input, the mutedByMe /
// restrictedByMe flags, and what each tool hides on which surface — the home
// feed, notifications (REST and the live notification:new), comments.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';
import { socketOf, connected, collect, nextEvent } from './lib/sockets.mjs';

let server;
const sockets = [];
before(async () => { server = await startServer({ args: ['--post-limit', '1000', '--comment-limit', '1000'] }); });
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

const api = (path) => `/api/v1${path}`;

async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.body;
}

const mute = (who, target) => ok(who.client.post(api(`/users/${target.user.username}/mute`)), 204);
const unmute = (who, target) => ok(who.client.delete(api(`/users/${target.user.username}/mute`)), 204);
const restrict = (who, target) => ok(who.client.post(api(`/users/${target.user.username}/restrict`)), 204);
const unrestrict = (who, target) => ok(who.client.delete(api(`/users/${target.user.username}/restrict`)), 204);
const follow = (who, target) => ok(who.client.post(api(`/users/${target.user.username}/follow`)));
const profile = (who, target) => ok(who.client.get(api(`/users/${target.user.username}`)));
const usernames = (page) => page.items.map((u) => u.username);

describe('mute and restrict endpoints', () => {
  test('mute: 204, idempotent both ways, listed in /users/me/muted, flagged on the profile for the muter only', async () => {
    const [me, them, other] = await Promise.all([signUp(server.origin, 'muter'), signUp(server.origin, 'muted'), signUp(server.origin, 'other')]);
    const theirViewBefore = (await profile(them, me)).user;
    await mute(me, them);
    await mute(me, them);
    assert.deepEqual(usernames(await ok(me.client.get(api('/users/me/muted')))), [them.user.username]);
    const shown = (await profile(me, them)).user;
    assert.equal(shown.mutedByMe, true);
    assert.equal(shown.restrictedByMe, false);
    // They are not told: their view of the muter is unchanged, and others see nothing.
    assert.deepEqual((await profile(them, me)).user, theirViewBefore);
    assert.equal((await profile(them, me)).user.mutedByMe, false);
    assert.equal((await profile(other, them)).user.mutedByMe, false);
    assert.deepEqual((await ok(them.client.get(api('/users/me/muted')))).items, []);
    // Anonymous viewers and the user themselves get no flags at all.
    const anonymous = (await ok(new Client(server.origin).get(api(`/users/${them.user.username}`)))).user;
    assert.ok(!('mutedByMe' in anonymous) && !('restrictedByMe' in anonymous), JSON.stringify(anonymous));
    const own = (await profile(them, them)).user;
    assert.ok(!('mutedByMe' in own) && !('restrictedByMe' in own), JSON.stringify(own));
    await unmute(me, them);
    await unmute(me, them);
    assert.equal((await profile(me, them)).user.mutedByMe, false);
    assert.deepEqual((await ok(me.client.get(api('/users/me/muted')))).items, []);
  });

  test('restrict: 204, idempotent, listed in /users/me/restricted, flagged for the restrictor only', async () => {
    const [me, them] = await Promise.all([signUp(server.origin, 'rest'), signUp(server.origin, 'restd')]);
    await restrict(me, them);
    await restrict(me, them);
    const page = await ok(me.client.get(api('/users/me/restricted')));
    assert.deepEqual(usernames(page), [them.user.username]);
    assert.equal(page.items[0].restrictedByMe, true);
    assert.equal(page.items[0].mutedByMe, false);
    assert.equal((await profile(me, them)).user.restrictedByMe, true);
    assert.equal((await profile(them, me)).user.restrictedByMe, false);
    await unrestrict(me, them);
    await unrestrict(me, them);
    assert.equal((await profile(me, them)).user.restrictedByMe, false);
    assert.deepEqual((await ok(me.client.get(api('/users/me/restricted')))).items, []);
  });

  test('the lists are newest first and paginated; the flags come with every user list and search', async () => {
    const me = await signUp(server.origin, 'lists');
    const others = [];
    for (let i = 0; i < 3; i += 1) others.push(await signUp(server.origin, `lm${i}`));
    for (const o of others) {
      await mute(me, o);
      await follow(me, o);
    }
    await restrict(me, others[1]);
    const first = await ok(me.client.get(api('/users/me/muted?limit=2')));
    assert.deepEqual(usernames(first), [others[2].user.username, others[1].user.username]);
    assert.ok(first.nextCursor);
    const second = await ok(me.client.get(api(`/users/me/muted?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)));
    assert.deepEqual(usernames(second), [others[0].user.username]);
    assert.equal(second.nextCursor, null);
    assert.ok(first.items.every((u) => u.mutedByMe === true && u.followedByMe === true));
    assert.deepEqual(first.items.map((u) => u.restrictedByMe), [false, true]);
    // Following list (the same statement reads the flags).
    const following = await ok(me.client.get(api(`/users/${me.user.username}/following`)));
    const byName = Object.fromEntries(following.items.map((u) => [u.username, u]));
    assert.equal(byName[others[1].user.username].mutedByMe, true);
    assert.equal(byName[others[1].user.username].restrictedByMe, true);
    // Followers of someone else: their flags as *I* see them.
    const followers = await ok(me.client.get(api(`/users/${others[0].user.username}/followers`)));
    assert.deepEqual(followers.items.map((u) => [u.username, 'mutedByMe' in u]), [[me.user.username, false]]);
    // Search.
    const found = await ok(me.client.get(api(`/search?q=${others[1].user.username}`)));
    const hit = found.users.find((u) => u.username === others[1].user.username);
    assert.equal(hit.mutedByMe, true);
    assert.equal(hit.restrictedByMe, true);
    // Follow answers keep the flags too (the web app replaces its copy of the user with them).
    const followed = await ok(me.client.post(api(`/users/${others[1].user.username}/follow`)));
    assert.equal(followed.user.mutedByMe, true);
  });

  test('yourself → 422, unknown → 404, blocked either way → 404, signed out → 401', async () => {
    const [me, blocked, blocker] = await Promise.all([signUp(server.origin, 'self'), signUp(server.origin, 'blkd'), signUp(server.origin, 'blkr')]);
    await ok(me.client.post(api(`/users/${blocked.user.username}/block`)), 204);
    await ok(blocker.client.post(api(`/users/${me.user.username}/block`)), 204);
    for (const tool of ['mute', 'restrict']) {
      for (const method of ['post', 'delete']) {
        const call = (who, name) => who.client[method](api(`/users/${name}/${tool}`));
        const refused = expectError(assert, await call(me, me.user.username), 422, 'invalid_value');
        assert.equal(refused.field, 'username');
        expectError(assert, await call(me, me.user.username.toUpperCase()), 422, 'invalid_value');
        expectError(assert, await call(me, 'nobody_here_at_all'), 404, 'not_found');
        expectError(assert, await call(me, 'x'), 404, 'not_found');
        expectError(assert, await call(me, blocked.user.username), 404, 'not_found');
        expectError(assert, await call(me, blocker.user.username), 404, 'not_found');
        expectError(assert, await call({ client: new Client(server.origin) }, blocked.user.username), 401, 'unauthenticated');
      }
    }
    for (const path of ['/users/me/muted', '/users/me/restricted', '/users/me/hidden-words']) {
      expectError(assert, await new Client(server.origin).get(api(path)), 401, 'unauthenticated');
    }
    expectError(assert, await new Client(server.origin).put(api('/users/me/hidden-words'), { words: [] }), 401, 'unauthenticated');
    expectError(assert, await me.client.get(api('/users/me/muted?cursor=%%%')), 400);
    expectError(assert, await me.client.get(api('/users/me/restricted?cursor=abc')), 422, 'invalid_value');
  });

  test('a block hides the pair from each other\'s muted and restricted lists while it lasts', async () => {
    const [me, them] = await Promise.all([signUp(server.origin, 'mb'), signUp(server.origin, 'mbd')]);
    await mute(me, them);
    await restrict(me, them);
    await ok(them.client.post(api(`/users/${me.user.username}/block`)), 204);
    assert.deepEqual((await ok(me.client.get(api('/users/me/muted')))).items, []);
    assert.deepEqual((await ok(me.client.get(api('/users/me/restricted')))).items, []);
    await ok(them.client.delete(api(`/users/${me.user.username}/block`)), 204);
    assert.deepEqual(usernames(await ok(me.client.get(api('/users/me/muted')))), [them.user.username]);
  });
});

describe('hidden words endpoints', () => {
  test('PUT replaces the whole list, normalised (trimmed, case folded, spaces collapsed, deduplicated, sorted); GET reads it', async () => {
    const me = await signUp(server.origin, 'hw');
    assert.deepEqual(await ok(me.client.get(api('/users/me/hidden-words'))), { words: [] });
    const stored = await ok(me.client.put(api('/users/me/hidden-words'), { words: ['  Spoiler ', 'spoiler', 'BAD \t  Word', '💩', 'ÉCLAIR', 'Ωmega'] }));
    assert.deepEqual(stored.words, ['bad word', 'spoiler', 'éclair', 'ωmega', '💩']);
    assert.deepEqual(await ok(me.client.get(api('/users/me/hidden-words'))), stored);
    await ok(me.client.put(api('/users/me/hidden-words'), { words: ['other'] }));
    assert.deepEqual((await ok(me.client.get(api('/users/me/hidden-words')))).words, ['other']);
    // 100 entries of 50 characters is the most one may store (after trimming).
    const most = Array.from({ length: 100 }, (_, i) => `  ${String(i).padStart(3, '0')}${'é'.repeat(47)}  `);
    assert.equal((await ok(me.client.put(api('/users/me/hidden-words'), { words: most }))).words.length, 100);
    await ok(me.client.put(api('/users/me/hidden-words'), { words: [] }));
    assert.deepEqual((await ok(me.client.get(api('/users/me/hidden-words')))).words, []);
    // One user's list is theirs only.
    const other = await signUp(server.origin, 'hw2');
    await ok(me.client.put(api('/users/me/hidden-words'), { words: ['mine'] }));
    assert.deepEqual((await ok(other.client.get(api('/users/me/hidden-words')))).words, []);
  });

  test('hostile input: 422 with field "words" and the stored list untouched', async () => {
    const me = await signUp(server.origin, 'hwbad');
    await ok(me.client.put(api('/users/me/hidden-words'), { words: ['keep'] }));
    const bad = [
      {},
      { words: null },
      { words: 'spoiler' },
      { words: { 0: 'a' } },
      { words: [1] },
      { words: ['ok', null] },
      { words: [['nested']] },
      { words: [''] },
      { words: ['   '] },
      { words: ['a'.repeat(51)] },
      { words: ['x\u0000y'] },
      { words: Array.from({ length: 101 }, (_, i) => `w${i}`) },
    ];
    for (const body of bad) {
      const error = expectError(assert, await me.client.put(api('/users/me/hidden-words'), body), 422, 'invalid_value');
      assert.equal(error.field, 'words', JSON.stringify(body).slice(0, 80));
    }
    // A body that is not a JSON object is malformed, as everywhere.
    expectError(assert, await me.client.put(api('/users/me/hidden-words'), ['a']), 400);
    expectError(assert, await me.client.request('PUT', api('/users/me/hidden-words'), { body: '{"words": [', headers: { 'content-type': 'application/json' } }), 400);
    expectError(assert, await me.client.request('PUT', api('/users/me/hidden-words'), { body: `{"words": ["${'a'.repeat(70_000)}"]}`, headers: { 'content-type': 'application/json' } }), 413);
    assert.deepEqual((await ok(me.client.get(api('/users/me/hidden-words')))).words, ['keep']);
  });
});

describe('rate limits', () => {
  test('mutes, restricts and hidden word changes count against --action-limit like other taps', async () => {
    const limited = await startServer({ args: ['--action-limit', '3'] });
    try {
      const [me, them] = await Promise.all([signUp(limited.origin, 'rl'), signUp(limited.origin, 'rld')]);
      await mute(me, them);
      await restrict(me, them);
      await ok(me.client.put(api('/users/me/hidden-words'), { words: ['x'] }));
      for (const r of [
        await me.client.delete(api(`/users/${them.user.username}/mute`)),
        await me.client.delete(api(`/users/${them.user.username}/restrict`)),
        await me.client.put(api('/users/me/hidden-words'), { words: [] }),
      ]) {
        expectError(assert, r, 429, 'rate_limited');
        assert.ok(Number(r.headers.get('retry-after')) > 0);
      }
      // Per user: someone else still may.
      await mute(them, me);
    } finally {
      await limited.stop();
    }
  });
});

// ---- What the tools hide, surface by surface.

async function post(who, caption = '') {
  const r = await createPost(who.client, { caption });
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}
const comment = async (who, postId, text) => (await ok(who.client.post(api(`/posts/${postId}/comments`), { text }), 201)).comment;
const like = (who, postId) => ok(who.client.post(api(`/posts/${postId}/like`)));
const notificationsOf = (who) => ok(who.client.get(api('/notifications?limit=100')));
const feedOf = async (who) => (await ok(who.client.get(api('/feed?limit=100')))).items.map((p) => p.id);
const commentTexts = async (client, postId) => (await ok(client.get(api(`/posts/${postId}/comments?limit=100`)))).items.map((c) => c.text);

// A signed-in tab that collects notification:new from now on.
async function liveTab(who) {
  const socket = socketOf(server, who);
  sockets.push(socket);
  await connected(socket);
  return { socket, got: collect(socket, 'notification:new') };
}

// Pushes stop: the next notification:new `tab` gets after `mark` (a count of
// its pushes taken before the actions under test) must be the one
// `sentinel()` causes. Every action pushes before it answers and one socket
// delivers in order, so anything the earlier actions pushed would come first.
// No timed waits.
async function expectOnlySentinel(tab, mark, sentinel, isSentinel) {
  const next = nextEvent(tab.socket, 'notification:new', 10_000);
  await sentinel();
  await next;
  const since = tab.got.items.slice(mark).map((p) => p.notification);
  assert.equal(since.length, 1, JSON.stringify(since));
  assert.ok(isSentinel(since[0]), `unexpected push first: ${JSON.stringify(since[0])}`);
  return tab.got.items[mark];
}

describe('mute: the muted account leaves my feed and my notifications, silently', () => {
  test('their posts leave my home feed; their profile and posts stay reachable and I still follow them', async () => {
    const [me, loud, friendly] = await Promise.all([signUp(server.origin, 'fme'), signUp(server.origin, 'floud'), signUp(server.origin, 'ffri')]);
    await follow(me, loud);
    await follow(me, friendly);
    const noisy = await post(loud, 'noisy');
    const nice = await post(friendly, 'nice');
    const mine = await post(me, 'mine');
    assert.deepEqual(await feedOf(me), [mine.id, nice.id, noisy.id]);
    await mute(me, loud);
    const later = await post(loud, 'later');
    assert.deepEqual(await feedOf(me), [mine.id, nice.id]);
    // Pages stay whole while muted authors are skipped.
    const page = await ok(me.client.get(api('/feed?limit=1')));
    assert.deepEqual(page.items.map((p) => p.id), [mine.id]);
    const rest = await ok(me.client.get(api(`/feed?limit=5&cursor=${encodeURIComponent(page.nextCursor)}`)));
    assert.deepEqual(rest.items.map((p) => p.id), [nice.id]);
    // Everything else stays.
    assert.equal((await profile(me, loud)).user.followedByMe, true);
    assert.deepEqual((await ok(me.client.get(api(`/users/${loud.user.username}/posts`)))).items.map((p) => p.id), [later.id, noisy.id]);
    await ok(me.client.get(api(`/posts/${later.id}`)));
    // Their feed and their followers' feeds are not touched.
    await follow(loud, me);
    assert.deepEqual((await feedOf(loud)).slice(0, 2), [later.id, mine.id]);
    await unmute(me, loud);
    assert.deepEqual(await feedOf(me), [later.id, mine.id, nice.id, noisy.id]);
  });

  test('likes, comments, mentions, follows and follow requests of theirs reach neither my list, my unread count nor my sockets', async () => {
    const [me, loud, friendly] = await Promise.all([signUp(server.origin, 'nme'), signUp(server.origin, 'nloud'), signUp(server.origin, 'nfri')]);
    const mine = await post(me, 'look');
    const theirs = await post(loud, 'theirs');
    await mute(me, loud);
    const tab = await liveTab(me);
    await like(loud, mine.id);
    await comment(loud, mine.id, `nice @${me.user.username}`);
    await comment(loud, theirs.id, `hey @${me.user.username}`);
    await follow(loud, me);
    const pushed = await expectOnlySentinel(tab, 0, () => like(friendly, mine.id),
      (n) => n.type === 'like' && n.actor.username === friendly.user.username);
    assert.equal(pushed.unreadCount, 1);
    let list = await notificationsOf(me);
    assert.deepEqual(list.items.map((n) => n.actor.username), [friendly.user.username]);
    assert.equal(list.unreadCount, 1);
    // A follow request (private account) from them is muted too.
    await ok(me.client.patch(api('/users/me'), { isPrivate: true }));
    await ok(loud.client.delete(api(`/users/${me.user.username}/follow`)));
    const mark = tab.got.items.length;
    assert.equal((await follow(loud, me)).user.requestedByMe, true);
    const other = await signUp(server.origin, 'nreq');
    await expectOnlySentinel(tab, mark, () => follow(other, me),
      (n) => n.type === 'follow_request' && n.actor.username === other.user.username);
    list = await notificationsOf(me);
    assert.deepEqual(list.items.map((n) => n.actor.username), [other.user.username, friendly.user.username]);
    assert.equal(list.unreadCount, 2);
    // The muted account is not told: its own notifications and view are as before.
    assert.equal((await notificationsOf(loud)).items.length, 0);
    // Unmuting shows what they did (mute hides, it does not delete).
    await unmute(me, loud);
    list = await notificationsOf(me);
    const types = list.items.filter((n) => n.actor.username === loud.user.username).map((n) => n.type).sort();
    assert.deepEqual(types, ['comment', 'follow_request', 'like', 'mention', 'mention']);
    assert.equal(list.unreadCount, 7);
  });
});

describe('restrict: their new comments on my posts are only for the two of us', () => {
  test('visible to them and me only, not counted for others, notifying nobody; old and other comments untouched', async () => {
    const [me, them, other] = await Promise.all([signUp(server.origin, 'rme'), signUp(server.origin, 'rthem'), signUp(server.origin, 'roth')]);
    const mine = await post(me, 'mine');
    const before = await comment(them, mine.id, 'before the restrict');
    await restrict(me, them);
    const tab = await liveTab(me);
    const otherTab = await liveTab(other);
    const hidden = await comment(them, mine.id, `psst @${me.user.username} @${other.user.username}`);
    assert.equal(hidden.text, `psst @${me.user.username} @${other.user.username}`); // they are not told
    const all = ['before the restrict', hidden.text];
    assert.deepEqual(await commentTexts(me.client, mine.id), all);
    assert.deepEqual(await commentTexts(them.client, mine.id), all);
    assert.deepEqual(await commentTexts(other.client, mine.id), ['before the restrict']);
    assert.deepEqual(await commentTexts(new Client(server.origin), mine.id), ['before the restrict']);
    // The count everyone sees leaves it out (so does the one the two of them see: one stored counter).
    assert.equal((await ok(other.client.get(api(`/posts/${mine.id}`)))).post.commentCount, 1);
    assert.equal((await ok(new Client(server.origin).get(api(`/posts/${mine.id}`)))).post.commentCount, 1);
    // Nobody is notified: not me (comment, mention), not the user it mentions.
    await expectOnlySentinel(tab, 0, () => comment(other, mine.id, 'sentinel'),
      (n) => n.type === 'comment' && n.actor.username === other.user.username);
    await expectOnlySentinel(otherTab, 0, () => comment(me, mine.id, `hi @${other.user.username}`),
      (n) => n.type === 'mention' && n.actor.username === me.user.username);
    assert.ok(!(await notificationsOf(me)).items.some((n) => n.actor.username === them.user.username && n.comment?.id === hidden.id));
    assert.deepEqual((await notificationsOf(me)).items.filter((n) => n.actor.username === them.user.username).map((n) => n.comment?.id), [before.id]);
    // Their comments elsewhere are not restricted.
    const others = await post(other, 'others');
    await comment(them, others.id, 'elsewhere');
    assert.deepEqual(await commentTexts(new Client(server.origin), others.id), ['elsewhere']);
    // Unrestricting does not publish what was written while restricted; new comments are public again.
    await unrestrict(me, them);
    await comment(them, mine.id, 'after');
    assert.deepEqual(await commentTexts(other.client, mine.id), ['before the restrict', 'sentinel', `hi @${other.user.username}`, 'after']);
    assert.equal((await ok(other.client.get(api(`/posts/${mine.id}`)))).post.commentCount, 4);
    // Deleting the restricted comment keeps the counter exact.
    await ok(me.client.delete(api(`/comments/${hidden.id}`)), 204);
    assert.equal((await ok(other.client.get(api(`/posts/${mine.id}`)))).post.commentCount, 4);
  });
});

describe('hidden words: comments on my posts that contain one are hidden from me only', () => {
  test('hidden from the post author, shown to their writer and everyone else; no notification to the author', async () => {
    const [me, them, other] = await Promise.all([signUp(server.origin, 'hme'), signUp(server.origin, 'hthem'), signUp(server.origin, 'hoth')]);
    await ok(me.client.put(api('/users/me/hidden-words'), { words: ['Spoiler', '💩', 'bad word'] }));
    const mine = await post(me, 'mine');
    const tab = await liveTab(me);
    await comment(them, mine.id, `SPOILER: it ends @${me.user.username}`);
    await comment(them, mine.id, 'what a Bad   Word!');
    await comment(other, mine.id, 'great💩');
    await expectOnlySentinel(tab, 0, () => comment(other, mine.id, 'nice'),
      (n) => n.type === 'comment' && n.comment?.text === 'nice');
    await comment(them, mine.id, 'first class');
    await comment(them, mine.id, 'spoilers ahead'); // not the whole word
    const everything = [`SPOILER: it ends @${me.user.username}`, 'what a Bad   Word!', 'great💩', 'nice', 'first class', 'spoilers ahead'];
    assert.deepEqual(await commentTexts(me.client, mine.id), ['nice', 'first class', 'spoilers ahead']);
    assert.deepEqual(await commentTexts(them.client, mine.id), everything);
    assert.deepEqual(await commentTexts(other.client, mine.id), everything);
    assert.deepEqual(await commentTexts(new Client(server.origin), mine.id), everything);
    assert.equal((await ok(other.client.get(api(`/posts/${mine.id}`)))).post.commentCount, 6);
    // No comment or mention notification for the hidden ones.
    const mineNotes = (await notificationsOf(me)).items;
    assert.deepEqual(mineNotes.filter((n) => n.type === 'mention'), []);
    assert.deepEqual(mineNotes.map((n) => n.comment?.text).sort(), ['first class', 'nice', 'spoilers ahead']);
    // My own words never hide my own comments; others' posts are not mine to filter.
    await comment(me, mine.id, 'no spoiler from me');
    assert.ok((await commentTexts(me.client, mine.id)).includes('no spoiler from me'));
    const theirs = await post(them, 'theirs');
    await comment(other, theirs.id, 'spoiler');
    assert.deepEqual(await commentTexts(me.client, theirs.id), ['spoiler']);
    // The list applies as it is now.
    await ok(me.client.put(api('/users/me/hidden-words'), { words: [] }));
    assert.deepEqual(await commentTexts(me.client, mine.id), [...everything, 'no spoiler from me']);
  });

  test('pages the author gets stay full and complete when hidden comments are skipped', async () => {
    const [me, them] = await Promise.all([signUp(server.origin, 'pme'), signUp(server.origin, 'pthem')]);
    const mine = await post(me, 'mine');
    const texts = [];
    for (let i = 0; i < 14; i += 1) {
      // Twelve hidden in a row, then two shown; then a mix.
      const text = i < 12 ? `spam ${i}` : `fine ${i}`;
      texts.push(text);
      await comment(them, mine.id, text);
    }
    for (const text of ['spam a', 'fine a', 'fine b', 'spam b', 'fine c']) {
      texts.push(text);
      await comment(them, mine.id, text);
    }
    await ok(me.client.put(api('/users/me/hidden-words'), { words: ['spam'] }));
    const expected = texts.filter((t) => !t.startsWith('spam'));
    for (const limit of [1, 2, 3, 20]) {
      const seen = [];
      let cursor = null;
      for (let i = 0; i < 50; i += 1) {
        const r = await ok(me.client.get(api(`/posts/${mine.id}/comments?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)));
        assert.ok(r.items.length <= limit);
        seen.push(...r.items.map((c) => c.text));
        cursor = r.nextCursor;
        if (cursor === null) break;
      }
      assert.deepEqual(seen, expected, `limit ${limit}`);
    }
    // A page that reaches the visible comments within its batches is full.
    const first = await ok(me.client.get(api(`/posts/${mine.id}/comments?limit=3`)));
    assert.deepEqual(first.items.map((c) => c.text), ['fine 12', 'fine 13', 'fine a']);
    assert.ok(first.nextCursor);
  });
});
