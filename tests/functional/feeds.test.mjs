// The lists of posts as API.md describes them: the home feed, explore, tag
// pages, a user's posts and saved posts — who sees what, order, pagination
// without gaps or repeats while posts arrive, and hostile parameters.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';

let server;
before(async () => { server = await startServer({ args: ['--post-limit', '1000'] }); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;
const IMAGE = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plain.jpg'));

async function post(who, caption = '') {
  const form = new FormData();
  form.append('images', new Blob([IMAGE], { type: 'image/jpeg' }), 'plain.jpg');
  form.append('caption', caption);
  const r = await who.client.request('POST', api('/posts'), { body: form });
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}

async function follow(who, target) {
  const r = await who.client.post(api(`/users/${target.user.username}/follow`));
  assert.equal(r.status, 200, r.text);
}

async function makePrivate(who) {
  const r = await who.client.patch(api('/users/me'), { isPrivate: true });
  assert.equal(r.status, 200, r.text);
}

// Every page of a list, following nextCursor; `between` runs after each page.
async function listAll(client, p, { limit = 2, between = async () => {} } = {}) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 200; i++) {
    const sep = p.includes('?') ? '&' : '?';
    const r = await client.get(api(`${p}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    await between();
    cursor = r.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('pagination never ended');
}

const ids = (items) => items.map((p) => p.id);

describe('home feed', () => {
  test('own and followed posts, newest first, no gaps or repeats while new posts arrive', async () => {
    const me = await signUp(server.origin, 'feedme');
    const friend = await signUp(server.origin, 'friend');
    const stranger = await signUp(server.origin, 'stranger');
    await follow(me, friend);
    const expected = [];
    for (let i = 0; i < 5; i++) {
      expected.unshift((await post(i % 2 ? me : friend, `post ${i}`)).id);
      await post(stranger);
    }
    let arrived = 0;
    const items = await listAll(me.client, '/feed', {
      limit: 2,
      between: async () => { arrived += 1; await post(friend, 'arrived while paging'); },
    });
    assert.deepEqual(ids(items), expected);
    assert.ok(arrived >= 3);
    // The post shape, from the shared view.
    const first = items[0];
    for (const f of ['id', 'author', 'caption', 'media', 'likeCount', 'commentCount', 'likedByMe', 'savedByMe', 'createdAt']) {
      assert.ok(f in first, `post.${f} missing`);
    }
    // A refresh shows the new posts first.
    const refreshed = await me.client.get(api('/feed?limit=100'));
    assert.equal(refreshed.body.items.length, expected.length + arrived);
    assert.equal(refreshed.body.items[0].caption, 'arrived while paging');
  });

  test('needs a session; a pending request to a private account shows nothing', async () => {
    expectError(assert, await new Client(server.origin).get(api('/feed')), 401);
    const me = await signUp(server.origin, 'pending');
    const priv = await signUp(server.origin, 'priv');
    await makePrivate(priv);
    await post(priv, 'secret');
    await follow(me, priv);
    assert.deepEqual((await me.client.get(api('/feed'))).body, { items: [], nextCursor: null });
    const accepted = await priv.client.post(api(`/follow-requests/${me.user.id}/accept`));
    assert.equal(accepted.status, 204, accepted.text);
    assert.equal((await me.client.get(api('/feed'))).body.items[0].caption, 'secret');
  });

  test('hostile limits and cursors', async () => {
    const me = await signUp(server.origin, 'hostile');
    for (let i = 0; i < 3; i++) await post(me);
    // A cursor of three numbers: the home feed's holds two (date, id).
    for (const q of ['limit=0', 'limit=-1', 'limit=abc', 'limit=1e3', 'cursor=djE6MSwyLDM', 'cursor=' + 'A'.repeat(500)]) {
      expectError(assert, await me.client.get(api(`/feed?${q}`)), 422);
    }
    for (const p of ['/explore', '/saved', '/tags/sun', `/users/${me.user.username}/posts`]) {
      expectError(assert, await me.client.get(api(`${p}?cursor=garbage`)), 422);
    }
    const huge = await me.client.get(api('/feed?limit=100000'));
    assert.equal(huge.status, 200, huge.text);
    assert.equal(huge.body.items.length, 3);
  });
});

describe('user posts and saved', () => {
  test("a user's posts, newest first; private accounts and blocks answer 404", async () => {
    const owner = await signUp(server.origin, 'owner');
    const other = await signUp(server.origin, 'other');
    const p1 = await post(owner, 'one');
    const p2 = await post(owner, 'two');
    const anon = new Client(server.origin);
    assert.deepEqual(ids(await listAll(anon, `/users/${owner.user.username.toUpperCase()}/posts`, { limit: 1 })), [p2.id, p1.id]);
    expectError(assert, await anon.get(api('/users/nobody_like_this/posts')), 404);
    await makePrivate(owner);
    expectError(assert, await anon.get(api(`/users/${owner.user.username}/posts`)), 404);
    expectError(assert, await other.client.get(api(`/users/${owner.user.username}/posts`)), 404);
    assert.equal((await owner.client.get(api(`/users/${owner.user.username}/posts`))).body.items.length, 2);
    await follow(other, owner);
    await owner.client.post(api(`/follow-requests/${other.user.id}/accept`));
    assert.equal((await other.client.get(api(`/users/${owner.user.username}/posts`))).body.items.length, 2);
    const blocked = await owner.client.post(api(`/users/${other.user.username}/block`));
    assert.equal(blocked.status, 204, blocked.text);
    expectError(assert, await other.client.get(api(`/users/${owner.user.username}/posts`)), 404);
  });

  test('saved: the caller\'s own, newest save first, only what they can still see', async () => {
    const me = await signUp(server.origin, 'saver');
    const a = await signUp(server.origin, 'authora');
    const b = await signUp(server.origin, 'authorb');
    const pa = await post(a, 'a');
    const pb = await post(b, 'b');
    const pa2 = await post(a, 'a2');
    for (const p of [pa, pb, pa2]) {
      const r = await me.client.post(api(`/posts/${p.id}/save`));
      assert.equal(r.status, 200, r.text);
    }
    const saved = await listAll(me.client, '/saved', { limit: 2 });
    assert.deepEqual(ids(saved), [pa2.id, pb.id, pa.id]);
    assert.ok(saved.every((p) => p.savedByMe === true));
    // Nobody else's list is reachable: /saved is always the caller's.
    assert.deepEqual((await a.client.get(api('/saved'))).body.items, []);
    expectError(assert, await new Client(server.origin).get(api('/saved')), 401);
    await b.client.post(api(`/users/${me.user.username}/block`));
    assert.deepEqual(ids((await me.client.get(api('/saved'))).body.items), [pa2.id, pa.id]);
  });
});

describe('tags and explore', () => {
  test('tag pages: public posts only, any case, unknown tag is empty', async () => {
    const tag = `tag${Date.now().toString(36)}`;
    const a = await signUp(server.origin, 'tagger');
    const priv = await signUp(server.origin, 'privtag');
    const fan = await signUp(server.origin, 'fan');
    await makePrivate(priv);
    await follow(fan, priv);
    await priv.client.post(api(`/follow-requests/${fan.user.id}/accept`));
    const p1 = await post(a, `first #${tag}`);
    await post(priv, `hidden #${tag}`);
    const p2 = await post(a, `second #${tag.toUpperCase()} and more`);
    await post(a, 'untagged');
    assert.deepEqual(ids(await listAll(fan.client, `/tags/${tag.toUpperCase()}`, { limit: 1 })), [p2.id, p1.id]);
    assert.deepEqual(ids((await new Client(server.origin).get(api(`/tags/%23${tag}`))).body.items), [p2.id, p1.id]);
    assert.deepEqual((await fan.client.get(api('/tags/never_used_anywhere'))).body, { items: [], nextCursor: null });
    assert.deepEqual((await fan.client.get(api(`/tags/${tag.slice(0, 3)}%25`))).body.items, []);
    await a.client.post(api(`/users/${fan.user.username}/block`));
    assert.deepEqual((await fan.client.get(api(`/tags/${tag}`))).body.items, []);
  });

  test('explore: popular public posts of strangers, never own, followed, private or blocked', async () => {
    const me = await signUp(server.origin, 'explorer');
    const followed = await signUp(server.origin, 'followed');
    const priv = await signUp(server.origin, 'privx');
    const blocker = await signUp(server.origin, 'blockerx');
    const star = await signUp(server.origin, 'star');
    await follow(me, followed);
    await makePrivate(priv);
    const mine = await post(me, 'mine');
    const followedPost = await post(followed, 'followed');
    const privPost = await post(priv, 'private');
    const blockedPost = await post(blocker, 'blocker');
    const quiet = await post(star, 'quiet');
    const popular = await post(star, 'popular');
    await blocker.client.post(api(`/users/${me.user.username}/block`));
    for (const who of [followed, priv, blocker]) {
      const r = await who.client.post(api(`/posts/${popular.id}/like`));
      assert.equal(r.status, 200, r.text);
    }
    const seen = ids(await listAll(me.client, '/explore', { limit: 1 }));
    assert.equal(new Set(seen).size, seen.length, 'no repeats');
    for (const hidden of [mine, followedPost, privPost, blockedPost]) assert.ok(!seen.includes(hidden.id), hidden.caption);
    assert.ok(seen.indexOf(popular.id) >= 0 && seen.indexOf(popular.id) < seen.indexOf(quiet.id), 'liked post ranks higher');
    const anon = ids((await new Client(server.origin).get(api('/explore?limit=100'))).body.items);
    assert.ok(anon.includes(mine.id) && !anon.includes(privPost.id));
  });
});
