// Posts as API.md describes them: POST /posts (streamed multipart upload,
// content sniffing, limits, processing), GET and DELETE /posts/{id}, the
// privacy rules, hashtags and mentions, and the promise that a failed upload
// leaves no row and no file.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { rawExchange, statusOf } from './lib/raw.mjs';
import { createPost, fixture, mediaFiles, spoolFiles, postForm } from './lib/posts.mjs';

let server;
before(async () => { server = await startServer({ args: ['--post-limit', '40'] }); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;

async function post(client, options) {
  const r = await createPost(client, options);
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}

describe('creating a post', () => {
  test('201 with the post object, media processed and counted', async () => {
    const alice = await signUp(server.origin, 'alice');
    const p = await post(alice.client, { images: ['plain.jpg', 'plain.webp'], caption: 'Hello #World', alt: ['one', 'two'] });
    assert.deepEqual(Object.keys(p).sort(), ['author', 'caption', 'commentCount', 'createdAt', 'editedAt', 'id', 'likeCount',
      'likedByMe', 'media', 'savedByMe'].sort());
    assert.equal(typeof p.id, 'string');
    assert.deepEqual(p.author, { id: alice.user.id, username: alice.user.username, displayName: alice.user.displayName, avatarUrl: null });
    assert.equal(p.caption, 'Hello #World');
    assert.equal(p.likeCount, 0);
    assert.equal(p.commentCount, 0);
    assert.equal(p.likedByMe, false);
    assert.equal(p.savedByMe, false);
    assert.match(p.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(p.media.length, 2);
    const [m] = p.media;
    assert.equal(m.alt, 'one');
    assert.equal(p.media[1].alt, 'two');
    assert.match(m.url, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
    assert.equal(m.width, 64);
    assert.equal(m.height, 48);
    assert.equal(typeof m.placeholder, 'string');
    assert.ok(m.placeholder.length >= 6);
    assert.ok(m.variants.length >= 2);
    assert.deepEqual(new Set(m.variants.map((v) => v.type)), new Set(['image/webp', 'image/jpeg']));
    for (const v of m.variants) assert.match(v.url, /^\/media\//);

    const again = await alice.client.get(api(`/posts/${p.id}`));
    assert.equal(again.status, 200);
    assert.deepEqual(again.body.post, p);
    const profile = await alice.client.get(api(`/users/${alice.user.username}`));
    assert.equal(profile.body.user.postCount, 1);
  });

  test('the rotated fixture comes out upright: width and height swapped', async () => {
    const bob = await signUp(server.origin, 'bob');
    const p = await post(bob.client, { images: ['rotated_gps.jpg'] });
    assert.equal(p.media[0].width, 48);
    assert.equal(p.media[0].height, 64);
    for (const v of p.media[0].variants) assert.ok(v.height > v.width);
  });

  test('PNG with alpha, 16-bit PNG, CMYK JPEG, a JPEG/ZIP polyglot, HEIC and AVIF are accepted', async () => {
    const carol = await signUp(server.origin, 'carol');
    for (const name of ['alpha.png', 'rgb16.png', 'cmyk.jpg', 'polyglot.jpg', 'image.heic', 'image.avif']) {
      const r = await createPost(carol.client, { images: [name] });
      assert.equal(r.status, 201, `${name}: ${r.text}`);
    }
  });

  test('not an image → 415, decided by content whatever the name says', async () => {
    const dave = await signUp(server.origin, 'dave');
    for (const name of ['photo.jpg', 'image.svg', 'doc.pdf', 'anim.gif', 'tiny.tiff']) {
      const r = await createPost(dave.client, { images: [name] });
      expectError(assert, r, 415, 'unsupported_media_type');
    }
    // One bad image among good ones refuses the whole post.
    const r = await createPost(dave.client, { images: ['plain.jpg', 'doc.pdf'] });
    const e = expectError(assert, r, 415);
    assert.equal(e.field, 'images[1]', 'the refusal names the file, counting from 0');
    const profile = await dave.client.get(api(`/users/${dave.user.username}`));
    assert.equal(profile.body.user.postCount, 0);
  });

  test('zero-byte, truncated and 20000×20000 images → 422', async () => {
    const erin = await signUp(server.origin, 'erin');
    expectError(assert, await createPost(erin.client, { images: ['truncated.jpg'] }), 422);
    expectError(assert, await createPost(erin.client, { images: ['huge_header.png'] }), 422);
    expectError(assert, await createPost(erin.client, { images: ['empty.jpg'] }), 422);
    // Each refusal names its file.
    let e = expectError(assert, await createPost(erin.client, { images: ['plain.jpg', 'plain.jpg', 'truncated.jpg'] }), 422);
    assert.equal(e.field, 'images[2]');
    e = expectError(assert, await createPost(erin.client, { images: ['plain.jpg', 'empty.jpg'] }), 422);
    assert.equal(e.field, 'images[1]');
  });

  test('field rules: no images, alt count, caption and alt length → 422', async () => {
    const fred = await signUp(server.origin, 'fred');
    const noImages = new FormData();
    noImages.append('caption', 'hi');
    expectError(assert, await fred.client.request('POST', api('/posts'), { body: noImages }), 422, 'invalid_value');
    let e = expectError(assert, await createPost(fred.client, { images: ['plain.jpg', 'plain.jpg'], alt: ['only one'] }), 422);
    assert.equal(e.field, 'alt');
    e = expectError(assert, await createPost(fred.client, { caption: 'x'.repeat(2201) }), 422);
    assert.equal(e.field, 'caption');
    // 2200 code points of two bytes each is fine.
    assert.equal((await createPost(fred.client, { caption: 'é'.repeat(2200) })).status, 201);
    e = expectError(assert, await createPost(fred.client, { alt: ['a'.repeat(1001)] }), 422);
    assert.equal(e.field, 'alt');
    // Images sent under another field name are not images.
    expectError(assert, await createPost(fred.client, { field: 'image' }), 422);
  });

  test('11 images → 422 (a count); too large → 413 before reading (Content-Length)', async () => {
    const gina = await signUp(server.origin, 'gina');
    const eleven = Array.from({ length: 11 }, () => 'plain.jpg');
    const e = expectError(assert, await createPost(gina.client, { images: eleven }), 422, 'invalid_value');
    assert.equal(e.field, 'images');
    // One image over 25 MB (streamed, refused the moment the limit is crossed).
    const big = Buffer.alloc(26 * 1024 * 1024, 0);
    fixture('plain.jpg').copy(big);
    expectError(assert, await createPost(gina.client, { images: [{ name: 'big.jpg', bytes: big }] }), 413);
    // Declared over the route limit: refused from the headers alone.
    const token = gina.client.cookieHeader('/api/v1/posts');
    const head = `POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nCookie: ${token}\r\n` +
      'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 999999999\r\n\r\n';
    const raw = await rawExchange(server.port, head, { timeoutMs: 2000 });
    assert.equal(statusOf(raw.text), 413);
  });

  test('not multipart → 415; malformed multipart → 400; anonymous → 401', async () => {
    const hank = await signUp(server.origin, 'hank');
    expectError(assert, await hank.client.post(api('/posts'), { caption: 'json' }), 415);
    const bad = await hank.client.request('POST', api('/posts'), {
      body: '--b\r\nContent-Disposition: form-data; name="caption"\r\n\r\nno closing delimiter',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expectError(assert, bad, 400);
    const noBoundary = await hank.client.request('POST', api('/posts'), {
      body: 'x', headers: { 'content-type': 'multipart/form-data' },
    });
    expectError(assert, noBoundary, 400);
    expectError(assert, await createPost(new Client(server.origin)), 401);
  });

  test('a failed upload leaves no row, no media file and no spool file', async () => {
    const ivan = await signUp(server.origin, 'ivan');
    await post(ivan.client, { images: ['plain.jpg'] });
    const before = mediaFiles(server.dataDir);
    // The good image is processed and stored before the bad one is refused?
    // No: every type is sniffed first, and processing fails before any Put.
    expectError(assert, await createPost(ivan.client, { images: ['alpha.png', 'truncated.jpg'] }), 422);
    expectError(assert, await createPost(ivan.client, { images: ['rgb16.png', 'photo.jpg'] }), 415);
    expectError(assert, await createPost(ivan.client, { images: ['cmyk.jpg'], caption: 'x'.repeat(3000) }), 422);
    assert.deepEqual(mediaFiles(server.dataDir), before);
    assert.deepEqual(spoolFiles(server.dataDir), []);
    const profile = await ivan.client.get(api(`/users/${ivan.user.username}`));
    assert.equal(profile.body.user.postCount, 1);
  });

  test('posting is rate limited per user → 429 with Retry-After', async () => {
    const limited = await startServer({ args: ['--post-limit', '2'] });
    try {
      const jo = await signUp(limited.origin, 'jo');
      assert.equal((await createPost(jo.client)).status, 201);
      assert.equal((await createPost(jo.client)).status, 201);
      const r = await createPost(jo.client);
      expectError(assert, r, 429);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      const other = await signUp(limited.origin, 'other');
      assert.equal((await createPost(other.client)).status, 201);
    } finally {
      await limited.stop();
    }
  });
});

describe('reading and deleting', () => {
  test('unknown and malformed ids → 404', async () => {
    const c = new Client(server.origin);
    expectError(assert, await c.get(api('/posts/999999')), 404, 'not_found');
    expectError(assert, await c.get(api('/posts/abc')), 404);
    expectError(assert, await c.get(api('/posts/-1')), 404);
  });

  test("a private author's post: 404 to strangers, pending requesters and the blocked; 200 to approved followers", async () => {
    const owner = await signUp(server.origin, 'priv');
    await owner.client.patch(api('/users/me'), { isPrivate: true });
    const p = await post(owner.client, { caption: 'secret' });
    const stranger = await signUp(server.origin, 'stranger');
    const follower = await signUp(server.origin, 'follower');
    expectError(assert, await stranger.client.get(api(`/posts/${p.id}`)), 404);
    expectError(assert, await new Client(server.origin).get(api(`/posts/${p.id}`)), 404);
    await follower.client.post(api(`/users/${owner.user.username}/follow`));
    expectError(assert, await follower.client.get(api(`/posts/${p.id}`)), 404);  // only requested
    await owner.client.post(api(`/follow-requests/${follower.user.id}/accept`));
    assert.equal((await follower.client.get(api(`/posts/${p.id}`))).status, 200);
    // Blocking hides the post both ways, even when public.
    const pub = await signUp(server.origin, 'pub');
    const q = await post(pub.client);
    assert.equal((await stranger.client.get(api(`/posts/${q.id}`))).status, 200);
    await pub.client.post(api(`/users/${stranger.user.username}/block`));
    expectError(assert, await stranger.client.get(api(`/posts/${q.id}`)), 404);
  });

  test('delete: 204 by the author; others 403 when they can see it, 404 when they cannot', async () => {
    const author = await signUp(server.origin, 'author');
    const other = await signUp(server.origin, 'other');
    const p = await post(author.client, { caption: '#gone' });
    expectError(assert, await other.client.delete(api(`/posts/${p.id}`)), 403, 'forbidden');
    await author.client.patch(api('/users/me'), { isPrivate: true });
    expectError(assert, await other.client.delete(api(`/posts/${p.id}`)), 404);
    expectError(assert, await new Client(server.origin).delete(api(`/posts/${p.id}`)), 401);
    const r = await author.client.delete(api(`/posts/${p.id}`));
    assert.equal(r.status, 204);
    expectError(assert, await author.client.get(api(`/posts/${p.id}`)), 404);
    expectError(assert, await author.client.delete(api(`/posts/${p.id}`)), 404);
    const profile = await author.client.get(api(`/users/${author.user.username}`));
    assert.equal(profile.body.user.postCount, 0);
  });

  test('deleting a post removes its files; the same bytes posted again have files of their own', async () => {
    // A server of its own, so no other test's files are counted.
    const own = await startServer();
    try {
      const kim = await signUp(own.origin, 'kim');
      const a = await post(kim.client, { images: ['alpha.png'] });
      const files = mediaFiles(own.dataDir);
      assert.equal(files.length, a.media[0].variants.length);
      // Keys are random per upload (issue 12.4): the same bytes are stored again.
      const b = await post(kim.client, { images: ['alpha.png'] });
      const both = mediaFiles(own.dataDir);
      assert.equal(both.length, 2 * files.length);
      assert.equal((await kim.client.delete(api(`/posts/${a.id}`))).status, 204);
      assert.deepEqual(mediaFiles(own.dataDir), both.filter((f) => !files.includes(f)));
      assert.equal((await fetch(own.origin + a.media[0].url)).status, 404);
      const url = b.media[0].url;
      assert.equal((await fetch(own.origin + url)).status, 200);
      assert.equal((await kim.client.delete(api(`/posts/${b.id}`))).status, 204);
      assert.deepEqual(mediaFiles(own.dataDir), []);
      assert.equal((await fetch(own.origin + url)).status, 404);
    } finally {
      await own.stop();
    }
  });
});

describe('mentions', () => {
  test('@mentions notify existing users, not yourself, not across blocks', async () => {
    const poster = await signUp(server.origin, 'poster');
    const named = await signUp(server.origin, 'named');
    const blocker = await signUp(server.origin, 'blocker');
    await blocker.client.post(api(`/users/${poster.user.username}/block`));
    await post(poster.client, {
      caption: `hi @${named.user.username.toUpperCase()} @${poster.user.username} @${blocker.user.username} @nobody_here_x`,
    });
    const n = await named.client.get(api('/notifications'));
    assert.equal(n.body.items.length, 1);
    assert.equal(n.body.items[0].type, 'mention');
    assert.equal(n.body.items[0].actor.id, poster.user.id);
    assert.ok(n.body.items[0].post);
    assert.equal((await blocker.client.get(api('/notifications'))).body.items.length, 0);
    assert.equal((await poster.client.get(api('/notifications'))).body.items.length, 0);
  });
});
