// GET/HEAD /media/{key...}: the stored renditions as capability URLs:
// immutable caching, ETag and 304, single byte ranges and 416, path tricks,
// and no metadata (EXIF/GPS/XMP) in anything we serve. Also the avatar upload,
// image shapes, one URL per upload and who can reach it, upload leftovers of
// crashed instances, and a full disk (tmpfs mounts: root only, skipped otherwise).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, LensletServer } from './lib/server.mjs';
import { signUp, expectError, Client } from './lib/client.mjs';
import { rawExchange, statusOf } from './lib/raw.mjs';
import { createPost, postForm, mediaFiles, spoolFiles } from './lib/posts.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';

// A w x h 8-bit RGB PNG, made here so no large file is committed: a grey ramp
// down the rows (a few KB even at 16384 rows), or noise (as large as its
// pixels, and so are its renditions).
function makePng(w, h, { noise = false } = {}) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);  // 8-bit, RGB, deflate, no filter choice, no interlace
  const row = 1 + w * 3;
  const raw = noise ? randomBytes(row * h) : Buffer.alloc(row * h);
  for (let y = 0; y < h; y++) {
    raw[y * row] = 0;  // filter: none
    if (!noise) raw.fill(Math.floor((y * 255) / h), y * row + 1, (y + 1) * row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: noise ? 0 : 6 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}
const rampPng = (w, h) => makePng(w, h);
const pngImage = (w, h) => ({ name: `${w}x${h}.png`, bytes: rampPng(w, h), type: 'image/png' });

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

describe('tall and wide images (issue 17.3)', () => {
  test('a 1:15 screenshot posts, every rendition at most 8192 px long; JPEG and WebP both decode', async () => {
    const u = await signUp(server.origin, 'tall');
    for (const [w, h, first] of [[1080, 16384, [540, 8192]], [3000, 150, [1080, 54]]]) {
      const r = await createPost(u.client, { images: [pngImage(w, h)] });
      assert.equal(r.status, 201, `${w}x${h}: ${r.text}`);
      const media = r.body.post.media[0];
      assert.deepEqual([media.width, media.height], first);
      for (const v of media.variants) {
        assert.ok(Math.max(v.width, v.height) <= 8192, `${v.url}: ${v.width}x${v.height}`);
        const img = await get(v.url);
        assert.equal(img.status, 200);
      }
    }
  });

  test('beyond 20:1 a post image is 422 with a message that says why (never a 500); an avatar takes it', async () => {
    const u = await signUp(server.origin, 'sliver');
    const before = mediaFiles(server.dataDir).length;
    for (const [w, h] of [[100, 20000], [600, 17000], [17000, 600]]) {
      const r = await createPost(u.client, { images: ['plain.jpg', pngImage(w, h)] });
      expectError(assert, r, 422);
      assert.equal(r.body.error.field, 'images[1]', r.text);
      assert.match(r.body.error.message, /20:1/);
    }
    assert.equal(mediaFiles(server.dataDir).length, before);
    const avatar = await u.client.request('PUT', '/api/v1/users/me/avatar',
      { body: postForm({ images: [pngImage(100, 20000)], field: 'avatar' }) });
    assert.equal(avatar.status, 200, avatar.text);
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

// Every URL a post's media answers on.
const urlsOf = (post) => post.media.flatMap((m) => [m.url, ...m.variants.map((v) => v.url)]);

describe('one URL per upload (issues 12.4 and 17.7)', () => {
  test('the same bytes posted by two users get unrelated URLs; deleting one post ends only its URLs', async () => {
    const alice = await signUp(server.origin, 'same1');
    const bob = await signUp(server.origin, 'same2');
    const a = (await createPost(alice.client, { images: ['plain.jpg'] })).body.post;
    const b = (await createPost(bob.client, { images: ['plain.jpg'] })).body.post;
    const again = (await createPost(alice.client, { images: ['plain.jpg'] })).body.post;
    const keys = (post) => new Set(urlsOf(post).map((u) => u.match(/([0-9a-f]{64})/)[1]));
    for (const [x, y] of [[a, b], [a, again]]) {
      for (const key of keys(x)) assert.ok(!keys(y).has(key), `shared key ${key}`);
    }
    assert.equal((await alice.client.request('DELETE', `/api/v1/posts/${a.id}`)).status, 204);
    for (const url of urlsOf(a)) assert.equal((await get(url)).status, 404, `${url} outlived its post`);
    for (const url of [...urlsOf(b), ...urlsOf(again)]) assert.equal((await get(url)).status, 200, url);
  });

  // The model (docs/architecture.md "Media"): a media URL is a capability. It
  // holds 256 random bits made for one upload, so it cannot be guessed, derived
  // from the image, or found by uploading the same image; the API hands it only
  // to those who may see the post; it dies with the post. Whoever was shown a
  // URL could equally have saved the image, so going private does not revoke
  // URLs already shown; it stops the API from showing them to anyone new.
  test('a private account\'s media: strangers, blocked and logged-out clients cannot reach its URLs', async () => {
    const owner = await signUp(server.origin, 'priv');
    const follower = await signUp(server.origin, 'privfan');
    const stranger = await signUp(server.origin, 'privstranger');
    const blocked = await signUp(server.origin, 'privblocked');
    const anonymous = new Client(server.origin);
    const early = (await createPost(owner.client, { images: ['plain.jpg'] })).body.post;
    assert.equal((await follower.client.post(`/api/v1/users/${owner.user.username}/follow`)).status, 200);
    const seenWhilePublic = await stranger.client.get(`/api/v1/posts/${early.id}`);
    assert.equal(seenWhilePublic.status, 200);
    assert.equal((await owner.client.patch('/api/v1/users/me', { isPrivate: true })).status, 200);
    assert.equal((await owner.client.post(`/api/v1/users/${blocked.user.username}/block`)).status, 204);
    const late = (await createPost(owner.client, { images: ['plain.jpg'] })).body.post;

    const everything = async (client) => JSON.stringify([
      await client.get(`/api/v1/users/${owner.user.username}/posts`),
      await client.get(`/api/v1/posts/${late.id}`), await client.get(`/api/v1/posts/${early.id}`),
    ].map((r) => r.body));
    for (const who of [stranger.client, blocked.client, anonymous]) {
      const seen = await everything(who);
      for (const url of [...urlsOf(late), ...urlsOf(early)]) assert.ok(!seen.includes(url), `${url} handed out`);
    }
    assert.ok((await everything(follower.client)).includes(late.media[0].url), 'the follower sees the post');
    // Uploading the same image finds nothing: the stranger's copy has URLs of its own.
    const copy = (await createPost(stranger.client, { images: ['plain.jpg'] })).body.post;
    for (const url of urlsOf(copy)) assert.ok(!urlsOf(late).includes(url) && !urlsOf(early).includes(url));
    // A URL shown while the account was public stays a capability (see above)...
    assert.equal((await get(early.media[0].url)).status, 200);
    // ...until the post goes, for everyone, the follower included.
    for (const post of [early, late]) {
      assert.equal((await owner.client.request('DELETE', `/api/v1/posts/${post.id}`)).status, 204);
      for (const url of urlsOf(post)) {
        assert.equal((await get(url)).status, 404, url);
        const r = await follower.client.request('GET', url);
        assert.equal(r.status, 404, url);
      }
    }
  });
});

describe('avatar upload limit (issue 12.4)', () => {
  test('avatar uploads are limited per user → 429 with Retry-After; others are not affected', async () => {
    const limited = await startServer({ args: ['--avatar-limit', '2'] });
    try {
      const put = (u) => u.client.request('PUT', '/api/v1/users/me/avatar',
        { body: postForm({ images: ['plain.jpg'], field: 'avatar' }) });
      const kim = await signUp(limited.origin, 'kim');
      assert.equal((await put(kim)).status, 200);
      assert.equal((await put(kim)).status, 200);
      const r = await put(kim);
      expectError(assert, r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      assert.equal((await put(await signUp(limited.origin, 'lee'))).status, 200);
    } finally {
      await limited.stop();
    }
  });
});

// An upload that stops part-way: the headers and `sentFraction` of a noise PNG
// 1000 px wide (3 KB a row), on a raw socket, so the server holds a spool file
// for it. finish() sends the rest and resolves with the response's status line.
async function startSlowUpload(target, user, { height = 700, sentFraction = 0.5 } = {}) {
  const boundary = 'SlowUploadBoundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.png"\r\n` +
    'Content-Type: image/png\r\n\r\n');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const image = makePng(1000, height, { noise: true });
  const sent = Math.floor(image.length * sentFraction);
  const body = Buffer.concat([head, image, tail]);
  const socket = net.connect(target.port, '127.0.0.1');
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.on('close', resolve));
  socket.write(`POST /api/v1/posts HTTP/1.1\r\nHost: ${new URL(target.origin).host}\r\nOrigin: ${target.origin}\r\n` +
    `Cookie: ${user.client.cookieHeader('/api/v1/posts')}\r\nX-Forwarded-For: ${user.client.address}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n` +
    'Connection: close\r\n\r\n');
  socket.write(body.subarray(0, head.length + sent));
  return {
    socket,
    finish: async () => {
      socket.write(body.subarray(head.length + sent));
      await closed;
      return Buffer.concat(chunks).toString('latin1').split('\r\n')[0];
    },
  };
}

// Polls until check() is true (generous deadline: sanitizer builds are slow).
async function eventually(check, what, deadlineMs = 20_000) {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const spooledBy = (instance) => spoolFiles(instance.dataDir);

describe('upload leftovers (issue 17.6)', () => {
  test('a crash\'s spool files are gone when the next instance starts, however young', async () => {
    const first = await startServer();
    try {
      const u = await signUp(first.origin, 'crash');
      const upload = await startSlowUpload(first, u);
      await eventually(() => spooledBy(first).length === 1, 'a spool file');
      first.process.kill('SIGKILL');
      await first.exited;
      upload.socket.destroy();
      assert.equal(spooledBy(first).length, 1, 'the crash left its spool file');
      const next = await new LensletServer({ sharing: first }).start();
      try {
        assert.deepEqual(spooledBy(next), []);
      } finally {
        await next.stop();
      }
    } finally {
      await first.stop();
    }
  });

  test('instances sharing a data folder keep each other\'s uploads, and sweep a crashed one\'s while running', async () => {
    const args = ['--sweep-interval-ms', '200'];
    const a = await startServer({ args });
    const others = [];
    try {
      const b = await new LensletServer({ sharing: a, args }).start();
      others.push(b);
      const u = await signUp(a.origin, 'share');
      const running = await startSlowUpload(a, u, { height: 200 });
      await eventually(() => spooledBy(a).length === 1, 'a spool file on a');
      // A third instance starts (its start-up sweep) and time passes (sweeps):
      // a's upload in flight is not touched.
      others.push(await new LensletServer({ sharing: a, args }).start());
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(spooledBy(a).length, 1);
      assert.match(await running.finish(), /^HTTP\/1\.1 201/);
      await eventually(() => spooledBy(a).length === 0, 'the finished upload\'s spool file removed');
      // b dies mid-upload; a (or the third) removes what it left, without a restart.
      const v = await signUp(b.origin, 'share2');
      const lost = await startSlowUpload(b, v);
      await eventually(() => spooledBy(a).length === 1, 'a spool file on b');
      b.process.kill('SIGKILL');
      await b.exited;
      lost.socket.destroy();
      await eventually(() => spooledBy(a).length === 0, 'the crashed instance\'s spool file swept');
      // The sweeper removes the crashed instance's folder, then its lock: wait
      // for both, not just for the file (counted between the two, it failed).
      const tmp = () => readdirSync(path.join(a.dataDir, 'tmp'));
      await eventually(() => tmp().length === 4, 'a and the third: a folder and a lock each, nothing else');
      assert.deepEqual(tmp().filter((n) => !n.startsWith('instance-')), []);
    } finally {
      for (const o of others) await o.stop();
      await a.stop();
    }
  });
});

// A small tmpfs mounted where the server writes: as root only (CI runs as root).
function mountTmpfs(dir, size) {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `cannot mount a tmpfs (${String(e.stderr ?? e.message).trim()}): needs root`;
  }
}
function unmount(dir) {
  try { execFileSync('umount', [dir], { stdio: 'pipe' }); } catch { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); }
}

describe('full disk (issue 17.6)', () => {
  test('media writes on a full disk → 507 insufficient_storage, no partial file, no row; then it recovers', async (t) => {
    const full = await startServer();
    const mediaDir = path.join(full.dataDir, 'media');
    const refused = mountTmpfs(mediaDir, '8m');
    if (refused) { await full.stop(); t.skip(refused); return; }
    try {
      const u = await signUp(full.origin, 'fulldisk');
      const filler = path.join(mediaDir, 'filler');
      writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024 - 256 * 1024));
      const image = { name: 'noise.png', bytes: makePng(1080, 1080, { noise: true }), type: 'image/png' };
      const r = await createPost(u.client, { images: [image] });
      const error = expectError(assert, r, 507, 'insufficient_storage');
      assert.doesNotMatch(error.message, /ENOSPC|No space|\//, 'no internals in the message');
      assert.deepEqual(mediaFiles(full.dataDir), ['filler'], 'no rendition and no temporary left');
      await eventually(() => spoolFiles(full.dataDir).length === 0, 'the spool file removed');
      const avatar = await u.client.request('PUT', '/api/v1/users/me/avatar',
        { body: postForm({ images: [image], field: 'avatar' }) });
      // The avatar is one JPEG of 320 px: it may fit; if not, it is a 507 too.
      assert.ok([200, 507].includes(avatar.status), avatar.text);
      const me = await u.client.get(`/api/v1/users/${u.user.username}`);
      assert.equal(me.body.user.postCount, 0);
      const posts = await u.client.get(`/api/v1/users/${u.user.username}/posts`);
      assert.equal(posts.body.items.length, 0);
      rmSync(filler);
      const again = await createPost(u.client, { images: [image] });
      assert.equal(again.status, 201, again.text);
      for (const url of urlsOf(again.body.post)) assert.equal((await fetch(full.origin + url)).status, 200);
    } finally {
      unmount(mediaDir);
      await full.stop();
    }
  });

  test('an upload spooled onto a full disk → 507, and its spool file is gone', async (t) => {
    const full = await startServer();
    const instance = readdirSync(path.join(full.dataDir, 'tmp')).find((n) => n.startsWith('instance-') && !n.endsWith('.lock'));
    const spoolDir = path.join(full.dataDir, 'tmp', instance);
    const refused = mountTmpfs(spoolDir, '1m');
    if (refused) { await full.stop(); t.skip(refused); return; }
    try {
      const u = await signUp(full.origin, 'fullspool');
      const upload = await startSlowUpload(full, u, { height: 512, sentFraction: 0 });  // 1.5 MB
      assert.match(await upload.finish(), /^HTTP\/1\.1 507/);
      await eventually(() => readdirSync(spoolDir).length === 0, 'the partial spool file removed');
      const ok = await createPost(u.client, { images: ['plain.jpg'] });
      assert.equal(ok.status, 201, ok.text);
    } finally {
      unmount(spoolDir);
      await full.stop();
    }
  });
});
