// Likes, comments and saves (API.md): idempotent and exact counters (also
// under concurrency), notifications that never stack, the comment rules and
// pagination, and 404 for posts the caller may not see.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;

async function newPost(who, caption) {
  const r = await createPost(who.client, { caption });
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}

async function notifications(who) {
  const r = await who.client.get(api('/notifications'));
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

describe('likes', () => {
  test('idempotent like/unlike with exact counts and likedByMe', async () => {
    const author = await signUp(server.origin, 'likeauthor');
    const fan = await signUp(server.origin, 'fan');
    const p = await newPost(author);
    let r = await fan.client.post(api(`/posts/${p.id}/like`));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { liked: true, likeCount: 1 });
    r = await fan.client.post(api(`/posts/${p.id}/like`));
    assert.deepEqual(r.body, { liked: true, likeCount: 1 });
    assert.equal((await fan.client.get(api(`/posts/${p.id}`))).body.post.likedByMe, true);
    assert.equal((await author.client.get(api(`/posts/${p.id}`))).body.post.likedByMe, false);
    r = await fan.client.delete(api(`/posts/${p.id}/like`));
    assert.deepEqual(r.body, { liked: false, likeCount: 0 });
    r = await fan.client.delete(api(`/posts/${p.id}/like`));
    assert.deepEqual(r.body, { liked: false, likeCount: 0 });
    // Own posts can be liked, without a notification.
    r = await author.client.post(api(`/posts/${p.id}/like`));
    assert.deepEqual(r.body, { liked: true, likeCount: 1 });
    assert.equal((await notifications(author)).length, 0);
  });

  test('like → unlike → like leaves exactly one notification, with the post rendered', async () => {
    const author = await signUp(server.origin, 'notified');
    const fan = await signUp(server.origin, 'stacker');
    const p = await newPost(author);
    await fan.client.post(api(`/posts/${p.id}/like`));
    await fan.client.delete(api(`/posts/${p.id}/like`));
    assert.equal((await notifications(author)).length, 0);
    await fan.client.post(api(`/posts/${p.id}/like`));
    await fan.client.post(api(`/posts/${p.id}/like`));
    const items = await notifications(author);
    assert.equal(items.length, 1);
    assert.equal(items[0].type, 'like');
    assert.equal(items[0].actor.id, fan.user.id);
    assert.equal(items[0].post.id, p.id);
    assert.match(items[0].post.thumbnailUrl, /^\/media\//);
    assert.equal(items[0].comment, null);
  });

  test('20 users liking at once: likeCount exactly 20; then 20 unlikes: 0', async () => {
    const author = await signUp(server.origin, 'popular');
    const p = await newPost(author);
    const fans = await Promise.all(Array.from({ length: 20 }, (_, i) => signUp(server.origin, `crowd${i}`)));
    const likes = await Promise.all(fans.flatMap((f) => [f.client.post(api(`/posts/${p.id}/like`)),
      f.client.post(api(`/posts/${p.id}/like`))]));
    for (const r of likes) assert.equal(r.status, 200, r.text);
    assert.equal((await author.client.get(api(`/posts/${p.id}`))).body.post.likeCount, 20);
    assert.equal(Math.max(...likes.map((r) => r.body.likeCount)), 20);
    assert.equal((await notifications(author)).length, 20);
    await Promise.all(fans.map((f) => f.client.delete(api(`/posts/${p.id}/like`))));
    assert.equal((await author.client.get(api(`/posts/${p.id}`))).body.post.likeCount, 0);
    assert.equal((await notifications(author)).length, 0);
  });
});

describe('comments', () => {
  test('create, list oldest first with pagination, counts, delete rules', async () => {
    const author = await signUp(server.origin, 'cauthor');
    const guest = await signUp(server.origin, 'guest');
    const third = await signUp(server.origin, 'third');
    const p = await newPost(author);
    const made = [];
    for (let i = 0; i < 5; i++) {
      const r = await guest.client.post(api(`/posts/${p.id}/comments`), { text: `  comment ${i}  ` });
      assert.equal(r.status, 201, r.text);
      made.push(r.body.comment);
    }
    const c0 = made[0];
    assert.deepEqual(Object.keys(c0).sort(), ['author', 'createdAt', 'id', 'postId', 'text']);
    assert.equal(c0.text, 'comment 0');
    assert.equal(c0.postId, p.id);
    assert.equal(c0.author.id, guest.user.id);
    assert.equal((await guest.client.get(api(`/posts/${p.id}`))).body.post.commentCount, 5);

    const page1 = await new Client(server.origin).get(api(`/posts/${p.id}/comments?limit=2`));
    assert.equal(page1.status, 200);
    assert.deepEqual(page1.body.items.map((c) => c.text), ['comment 0', 'comment 1']);
    const page2 = await guest.client.get(api(`/posts/${p.id}/comments?limit=2&cursor=${page1.body.nextCursor}`));
    assert.deepEqual(page2.body.items.map((c) => c.text), ['comment 2', 'comment 3']);
    const page3 = await guest.client.get(api(`/posts/${p.id}/comments?limit=2&cursor=${page2.body.nextCursor}`));
    assert.deepEqual(page3.body.items.map((c) => c.text), ['comment 4']);
    assert.equal(page3.body.nextCursor, null);

    // Deleting: the comment's author, the post's author; a third user 403.
    expectError(assert, await third.client.delete(api(`/comments/${made[0].id}`)), 403);
    assert.equal((await guest.client.delete(api(`/comments/${made[0].id}`))).status, 204);
    assert.equal((await author.client.delete(api(`/comments/${made[1].id}`))).status, 204);
    expectError(assert, await guest.client.delete(api(`/comments/${made[1].id}`)), 404);
    expectError(assert, await guest.client.delete(api('/comments/abc')), 404);
    assert.equal((await guest.client.get(api(`/posts/${p.id}`))).body.post.commentCount, 3);
    // Private author: third cannot see the post, so 404 (not 403).
    await author.client.patch(api('/users/me'), { isPrivate: true });
    expectError(assert, await third.client.delete(api(`/comments/${made[2].id}`)), 404);
    expectError(assert, await third.client.get(api(`/posts/${p.id}/comments`)), 404);
  });

  test('text rules: blank, too long, missing → 422', async () => {
    const u = await signUp(server.origin, 'texter');
    const p = await newPost(u);
    let e = expectError(assert, await u.client.post(api(`/posts/${p.id}/comments`), { text: ' \n ' }), 422);
    assert.equal(e.field, 'text');
    expectError(assert, await u.client.post(api(`/posts/${p.id}/comments`), { text: 'x'.repeat(2201) }), 422);
    expectError(assert, await u.client.post(api(`/posts/${p.id}/comments`), {}), 422);
    assert.equal((await u.client.post(api(`/posts/${p.id}/comments`), { text: 'é'.repeat(2200) })).status, 201);
  });

  test('notifications: comment to the author (not own), mentions; deleting the comment removes them', async () => {
    const author = await signUp(server.origin, 'nauthor');
    const guest = await signUp(server.origin, 'nguest');
    const friend = await signUp(server.origin, 'nfriend');
    const p = await newPost(author);
    await author.client.post(api(`/posts/${p.id}/comments`), { text: 'my own' });
    assert.equal((await notifications(author)).length, 0);
    const r = await guest.client.post(api(`/posts/${p.id}/comments`), { text: `look @${friend.user.username}` });
    const items = await notifications(author);
    assert.equal(items.length, 1);
    assert.equal(items[0].type, 'comment');
    assert.equal(items[0].post.id, p.id);
    assert.deepEqual(items[0].comment, { id: r.body.comment.id, text: `look @${friend.user.username}` });
    const mention = await notifications(friend);
    assert.equal(mention.length, 1);
    assert.equal(mention[0].type, 'mention');
    assert.equal(mention[0].comment.id, r.body.comment.id);
    assert.equal((await guest.client.delete(api(`/comments/${r.body.comment.id}`))).status, 204);
    assert.equal((await notifications(author)).length, 0);
    assert.equal((await notifications(friend)).length, 0);
  });

  test('deleting a post removes its likes, comments, saves and notifications', async () => {
    const author = await signUp(server.origin, 'dauthor');
    const guest = await signUp(server.origin, 'dguest');
    const p = await newPost(author, '#vanishing');
    await guest.client.post(api(`/posts/${p.id}/like`));
    await guest.client.post(api(`/posts/${p.id}/comments`), { text: 'bye' });
    await guest.client.post(api(`/posts/${p.id}/save`));
    assert.equal((await notifications(author)).length, 2);
    assert.equal((await author.client.delete(api(`/posts/${p.id}`))).status, 204);
    assert.equal((await notifications(author)).length, 0);
    expectError(assert, await guest.client.post(api(`/posts/${p.id}/like`)), 404);
    expectError(assert, await guest.client.get(api(`/posts/${p.id}/comments`)), 404);
  });
});

describe('saves', () => {
  test('idempotent save/unsave, savedByMe, 404 for posts the caller cannot see', async () => {
    const author = await signUp(server.origin, 'sauthor');
    const reader = await signUp(server.origin, 'reader');
    const p = await newPost(author);
    let r = await reader.client.post(api(`/posts/${p.id}/save`));
    assert.deepEqual(r.body, { saved: true });
    r = await reader.client.post(api(`/posts/${p.id}/save`));
    assert.deepEqual(r.body, { saved: true });
    assert.equal((await reader.client.get(api(`/posts/${p.id}`))).body.post.savedByMe, true);
    assert.equal((await author.client.get(api(`/posts/${p.id}`))).body.post.savedByMe, false);
    r = await reader.client.delete(api(`/posts/${p.id}/save`));
    assert.deepEqual(r.body, { saved: false });
    assert.equal((await reader.client.get(api(`/posts/${p.id}`))).body.post.savedByMe, false);
    await author.client.patch(api('/users/me'), { isPrivate: true });
    expectError(assert, await reader.client.post(api(`/posts/${p.id}/save`)), 404);
    expectError(assert, await reader.client.post(api(`/posts/${p.id}/like`)), 404);
    expectError(assert, await reader.client.post(api(`/posts/${p.id}/comments`), { text: 'hi' }), 404);
    expectError(assert, await reader.client.post(api('/posts/99999999/save')), 404);
    expectError(assert, await new Client(server.origin).post(api(`/posts/${p.id}/save`)), 401);
  });
});

describe('per-user write limits (API.md "writes per user")', () => {
  test('likes, saves and follows share --action-limit; comments have --comment-limit; 429 with Retry-After, per user', async () => {
    const limited = await startServer({ args: ['--action-limit', '4', '--comment-limit', '2'] });
    try {
      const author = await signUp(limited.origin, 'limitauthor');
      const tapper = await signUp(limited.origin, 'tapper');
      const r0 = await createPost(author.client);
      assert.equal(r0.status, 201, r0.text);
      const id = r0.body.post.id;
      // Four taps of any kind (each direction counts)…
      assert.equal((await tapper.client.post(api(`/posts/${id}/like`))).status, 200);
      assert.equal((await tapper.client.delete(api(`/posts/${id}/like`))).status, 200);
      assert.equal((await tapper.client.post(api(`/posts/${id}/save`))).status, 200);
      assert.equal((await tapper.client.post(api(`/users/${author.user.username}/follow`))).status, 200);
      // …then the fifth is refused before any change, whatever its kind.
      for (const [method, path] of [['POST', `/posts/${id}/like`], ['DELETE', `/users/${author.user.username}/follow`],
        ['POST', `/users/${author.user.username}/block`]]) {
        const r = await tapper.client.request(method, api(path));
        const e = expectError(assert, r, 429, 'rate_limited');
        assert.match(e.message, /try again later/);
        assert.ok(Number(r.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
      }
      const post = (await author.client.get(api(`/posts/${id}`))).body.post;
      assert.equal(post.likeCount, 0, 'the refused like changed nothing');
      assert.equal((await author.client.get(api(`/users/${author.user.username}`))).body.user.followerCount, 1,
        'the refused unfollow changed nothing');
      // Comments are counted apart: still allowed, up to their own limit.
      const comment = (text) => tapper.client.post(api(`/posts/${id}/comments`), { text });
      assert.equal((await comment('one')).status, 201);
      assert.equal((await comment('two')).status, 201);
      expectError(assert, await comment('three'), 429, 'rate_limited');
      // Another user is not affected by the tapper's limit.
      assert.equal((await author.client.post(api(`/posts/${id}/like`))).status, 200);
      assert.equal((await author.client.post(api(`/posts/${id}/comments`), { text: 'mine' })).status, 201);
    } finally {
      await limited.stop();
    }
  });
});

// Issue 12.4: what you wrote stays yours to take back. Before the fix, a like
// or comment became undeletable (404) once the post's author blocked its
// author or turned private.
describe('your own like and comment, on a post you can no longer see', () => {
  async function likeAndComment(who, post) {
    assert.equal((await who.client.post(api(`/posts/${post.id}/like`))).status, 200);
    const r = await who.client.post(api(`/posts/${post.id}/comments`), { text: 'mine' });
    assert.equal(r.status, 201, r.text);
    return r.body.comment;
  }
  async function counts(author, post) {
    const r = await author.client.get(api(`/posts/${post.id}`));
    assert.equal(r.status, 200, r.text);
    return { likes: r.body.post.likeCount, comments: r.body.post.commentCount };
  }

  for (const [how, hide] of [
    ['blocked by the author', (author, fan) => author.client.post(api(`/users/${fan.user.username}/block`))],
    ['the author turned private', (author) => author.client.patch(api('/users/me'), { isPrivate: true })],
  ]) {
    test(`${how}: unlike (204, no count shown) and delete the comment (204); counters stay exact`, async () => {
      const author = await signUp(server.origin, 'hider');
      const fan = await signUp(server.origin, 'taker');
      const other = await signUp(server.origin, 'stays');
      const p = await newPost(author);
      const mine = await likeAndComment(fan, p);
      await likeAndComment(other, p);
      if (how.includes('private')) {
        // `other` follows while the account is public, so still sees the post.
        assert.equal((await other.client.post(api(`/users/${author.user.username}/follow`))).status, 200);
      }
      assert.deepEqual(await counts(author, p), { likes: 2, comments: 2 });
      const fromFan = async () => (await notifications(author)).filter((n) => n.actor.id === fan.user.id).length;
      assert.equal(await fromFan(), 2);
      const hidden = await hide(author, fan);
      assert.ok(hidden.status < 300, hidden.text);
      expectError(assert, await fan.client.get(api(`/posts/${p.id}`)), 404);

      const unliked = await fan.client.delete(api(`/posts/${p.id}/like`));
      assert.equal(unliked.status, 204, unliked.text);
      assert.equal(unliked.text, '');
      assert.equal((await fan.client.delete(api(`/comments/${mine.id}`))).status, 204);
      assert.deepEqual(await counts(author, p), { likes: 1, comments: 1 });
      // Their notifications went with them.
      assert.equal(await fromFan(), 0);
      // Again: nothing of theirs is left, so the post is as unknown as any other.
      const again = expectError(assert, await fan.client.delete(api(`/posts/${p.id}/like`)), 404, 'not_found');
      const missing = expectError(assert, await fan.client.delete(api('/posts/99999999/like')), 404, 'not_found');
      assert.deepEqual(again, missing);
      expectError(assert, await fan.client.delete(api(`/comments/${mine.id}`)), 404, 'not_found');
      // Liking again stays refused.
      expectError(assert, await fan.client.post(api(`/posts/${p.id}/like`)), 404);
      assert.deepEqual(await counts(author, p), { likes: 1, comments: 1 });
    });
  }

  test('strangers and blocked users learn nothing: 404 exactly as for what does not exist', async () => {
    const author = await signUp(server.origin, 'privauthor');
    const follower = await signUp(server.origin, 'privfollower');
    const stranger = await signUp(server.origin, 'privstranger');
    const blocked = await signUp(server.origin, 'privblocked');
    const p = await newPost(author);
    await follower.client.post(api(`/users/${author.user.username}/follow`));
    const theirs = (await follower.client.post(api(`/posts/${p.id}/comments`), { text: 'a follower' })).body.comment;
    const own = (await author.client.post(api(`/posts/${p.id}/comments`), { text: 'the author' })).body.comment;
    await author.client.patch(api('/users/me'), { isPrivate: true });
    assert.equal((await author.client.post(api(`/users/${blocked.user.username}/block`))).status < 300, true);

    const noPost = expectError(assert, await stranger.client.delete(api('/posts/99999999/like')), 404, 'not_found');
    const noComment = expectError(assert, await stranger.client.delete(api('/comments/99999999')), 404, 'not_found');
    for (const who of [stranger, blocked]) {
      assert.deepEqual(expectError(assert, await who.client.delete(api(`/posts/${p.id}/like`)), 404), noPost);
      for (const c of [theirs, own]) {
        assert.deepEqual(expectError(assert, await who.client.delete(api(`/comments/${c.id}`)), 404), noComment);
      }
    }
    // Someone who can see the post but wrote neither: 403, as before.
    const viewer = await signUp(server.origin, 'privviewer');
    await author.client.patch(api('/users/me'), { isPrivate: false });
    expectError(assert, await viewer.client.delete(api(`/comments/${theirs.id}`)), 403, 'forbidden');
    assert.equal((await author.client.get(api(`/posts/${p.id}`))).body.post.commentCount, 2);
  });
});
