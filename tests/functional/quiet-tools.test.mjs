// Mute, Restrict and Hidden words (API.md "Safety and moderation", issue 13.5)
// from the outside: the endpoints and their hostile input, the mutedByMe /
// restrictedByMe flags, and what each tool hides on which surface — the home
// feed, notifications (REST and the live notification:new), comments.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

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
