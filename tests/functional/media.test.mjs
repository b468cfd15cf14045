// GET/HEAD /media/{key...}: the stored renditions as capability URLs:
// immutable caching, ETag and 304, single byte ranges and 416, path tricks,
// and no metadata (EXIF/GPS/XMP) in anything we serve. Also the avatar upload.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { signUp, expectError } from './lib/client.mjs';
import { rawExchange, statusOf } from './lib/raw.mjs';
import { createPost, postForm, mediaFiles } from './lib/posts.mjs';

let server;
let photo;  // a post made from the GPS fixture
before(async () => {
  server = await startServer();
  const owner = await signUp(server.origin, 'media');
  const r = await createPost(owner.client, { images: ['rotated_gps.jpg'] });
  assert.equal(r.status, 201, r.text);
  photo = r.body.post;
});
after(async () => { await server.stop(); });

const get = (path, headers = {}) => fetch(server.origin + path, { headers });

describe('serving media', () => {
  test('200 with type, immutable caching, ETag, nosniff; no session needed', async () => {
    for (const v of photo.media[0].variants) {
      const r = await get(v.url);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), v.type);
      assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('etag'), `"${v.url.match(/([0-9a-f]{64})/)[1]}"`);
      assert.equal(r.headers.get('accept-ranges'), 'bytes');
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(Number(r.headers.get('content-length')), bytes.length);
    }
  });

  test('no EXIF, GPS or XMP in any stored variant', async () => {
    for (const v of photo.media[0].variants) {
      const bytes = Buffer.from(await (await get(v.url)).arrayBuffer());
      const text = bytes.toString('latin1');
      assert.ok(!text.includes('Exif\0\0'), `${v.url} has EXIF`);
      assert.ok(!text.includes('GPS'), `${v.url} has GPS`);
      assert.ok(!text.includes('48,51.406N'), `${v.url} has the XMP position`);
      assert.ok(!text.includes('http://ns.adobe.com/xap'), `${v.url} has XMP`);
      if (v.type === 'image/webp') {
        assert.ok(!text.includes('EXIF') && !text.includes('XMP '), `${v.url} has a WebP metadata chunk`);
      }
    }
  });

  test('If-None-Match → 304 without a body; HEAD has the length and no body', async () => {
    const url = photo.media[0].url;
    const first = await get(url);
    const etag = first.headers.get('etag');
    const again = await get(url, { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    assert.equal((await get(url, { 'if-none-match': `"nope", W/${etag}` })).status, 304);
    assert.equal((await get(url, { 'if-none-match': '"other"' })).status, 200);
    const head = await fetch(server.origin + url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), first.headers.get('content-length'));
  });

  test('single ranges → 206 with Content-Range; unsatisfiable → 416; several ranges → 200', async () => {
    const url = photo.media[0].url;
    const whole = Buffer.from(await (await get(url)).arrayBuffer());
    const size = whole.length;
    let r = await get(url, { range: 'bytes=0-9' });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 0-9/${size}`);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), whole.subarray(0, 10));
    r = await get(url, { range: 'bytes=-5' });
    assert.equal(r.status, 206);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), whole.subarray(size - 5));
    r = await get(url, { range: `bytes=10-` });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 10-${size - 1}/${size}`);
    r = await get(url, { range: `bytes=5-${size + 1000}` });
    assert.equal(r.headers.get('content-range'), `bytes 5-${size - 1}/${size}`);
    r = await get(url, { range: `bytes=${size}-` });
    assert.equal(r.status, 416);
    assert.equal(r.headers.get('content-range'), `bytes */${size}`);
    r = await get(url, { range: 'bytes=0-1,4-5' });
    assert.equal(r.status, 200);
    r = await get(url, { range: 'pages=1-2' });
    assert.equal(r.status, 200);
  });

  test('path tricks and unknown keys → 404', async () => {
    const url = photo.media[0].url;
    const key = url.slice('/media/'.length);
    const hash = key.match(/([0-9a-f]{64})/)[1];
    const tricks = [
      '/media/', '/media/x', '/media/../lenslet.db', `/media/${key}/`.replace(/\/$/, 'x'),
      `/media/${key.replace(/\//g, '%2F')}`, `/media/${key.slice(0, 2)}%2f${key.slice(3)}`,
      `/media/${key.toUpperCase()}`, `/media/00/00/${'0'.repeat(64)}.jpg`, `/media/${hash}.jpg`,
      `/media/${key}%00`, '/media/..%2F..%2Fjwt-secret', `/media/${key.slice(0, 6)}..%2F${key.slice(6)}`,
    ];
    for (const path of tricks) {
      const raw = await rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok([400, 404].includes(statusOf(raw.text)), `${path}: ${raw.text.slice(0, 40)}`);
    }
    const r = await rawExchange(server.port, `GET /media/../media/${key} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.notEqual(statusOf(r.text), 200);
  });
});

describe('avatars', () => {
  test('PUT /users/me/avatar → 200 {user} with a square avatar; the old file goes', async () => {
    const u = await signUp(server.origin, 'avatar');
    const before = mediaFiles(server.dataDir);
    const form = postForm({ images: ['plain.jpg'], field: 'avatar' });
    const r = await u.client.request('PUT', '/api/v1/users/me/avatar', { body: form });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.id, u.user.id);
    assert.equal(r.body.user.email, u.account.email);
    const first = r.body.user.avatarUrl;
    assert.match(first, /^\/media\/.+\.jpg$/);
    const img = await get(first);
    assert.equal(img.status, 200);
    assert.equal(mediaFiles(server.dataDir).length, before.length + 1);
    const profile = await u.client.get(`/api/v1/users/${u.user.username}`);
    assert.equal(profile.body.user.avatarUrl, first);

    const second = await u.client.request('PUT', '/api/v1/users/me/avatar', { body: postForm({ images: ['alpha.png'], field: 'avatar' }) });
    assert.equal(second.status, 200, second.text);
    assert.notEqual(second.body.user.avatarUrl, first);
    assert.equal((await get(first)).status, 404);
    assert.equal(mediaFiles(server.dataDir).length, before.length + 1);
  });

  test('avatar refusals: not an image 415, undecodable 422, missing 422, two files 422', async () => {
    const u = await signUp(server.origin, 'avatar2');
    const put = (form) => u.client.request('PUT', '/api/v1/users/me/avatar', { body: form });
    expectError(assert, await put(postForm({ images: ['image.svg'], field: 'avatar' })), 415);
    expectError(assert, await put(postForm({ images: ['truncated.jpg'], field: 'avatar' })), 422);
    expectError(assert, await put(postForm({ images: ['plain.jpg'], field: 'images' })), 422);
    expectError(assert, await put(postForm({ images: ['plain.jpg', 'plain.jpg'], field: 'avatar' })), 422);
    const me = await u.client.get('/api/v1/auth/me');
    assert.equal(me.body.user.avatarUrl, null);
  });
});
