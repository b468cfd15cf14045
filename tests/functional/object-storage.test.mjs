// Media in an S3-compatible object store (--media-store, API.md "Operations",
// docs/operations.md "Object storage"), against a real one: s3rver, started
// here (lib/s3-store.mjs). Two instances with NO shared folder — each its own
// --data-dir, one database (the SQLite file of the first, or one PostgreSQL
// database) — act as one: what is uploaded through one is served by the other
// with the same bytes, ranges and ETags. The store going away gives 503 and
// loses nothing already acknowledged; deleting a post deletes its objects.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LensletServer, BIN, JWT_SECRET, DATABASE_KIND } from './lib/server.mjs';
import { signUp, expectError } from './lib/client.mjs';
import { createPost, mediaFiles, keyOf } from './lib/posts.mjs';
import { S3Store, KEYS } from './lib/s3-store.mjs';

const PREFIX = 'ft/media';
let store;
let one;
let two;

before(async () => {
  store = await new S3Store().start();
  const args = ['--media-store', store.url(PREFIX)];
  one = await new LensletServer({ args, env: KEYS }).start();
  two = await new LensletServer({ args, env: KEYS, database: one.database }).start();
});
after(async () => {
  await two?.stop();
  await one?.stop();
  await store?.remove();
});

const fetchBytes = async (server, url, headers = {}) => {
  const r = await fetch(server.origin + url, { headers });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
};
const variantUrls = (post) => post.media.flatMap((m) => m.variants.map((v) => v.url));
const objectKey = (url) => `${PREFIX}/${keyOf(url)}`;

function countPosts(server) {
  const sql = 'SELECT count(*) FROM posts';
  const out = server.database.startsWith('sqlite:')
    ? execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.database.slice('sqlite:'.length), sql])
    : execFileSync('psql', [server.database, '-tAc', sql]);
  return Number(out.toString().trim());
}

// Polls until `probe` is true: the assertions are on outcomes, never on timing.
async function eventually(probe, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('media in an S3-compatible store, two instances, no shared folder', () => {
  let alice;
  let first;  // a post made before the store ever went away

  before(async () => {
    alice = await signUp(one.origin, 's3');
    const r = await createPost(alice.client, { images: ['plain.jpg', 'rotated_gps.jpg'] });
    assert.equal(r.status, 201, r.text);
    first = r.body.post;
  });

  test('an upload through one is stored in the bucket and served by the other, byte for byte', async () => {
    const urls = variantUrls(first);
    assert.ok(urls.length >= 4);
    for (const url of urls) {
      const fromOne = await fetchBytes(one, url);
      const fromTwo = await fetchBytes(two, url);
      assert.equal(fromTwo.status, 200, url);
      assert.ok(fromTwo.bytes.length > 0);
      assert.deepEqual(fromTwo.bytes, fromOne.bytes);
      assert.deepEqual(fromTwo.bytes, store.bytes(objectKey(url)), 'what is served is what the bucket holds');
      assert.equal(fromTwo.headers.get('etag'), fromOne.headers.get('etag'));
      assert.equal(fromTwo.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    }
    assert.ok(!one.log().includes('cannot be used'), one.log());
    // Nothing on either instance's disk: the bucket is the only copy.
    assert.deepEqual(mediaFiles(one.dataDir), []);
    assert.deepEqual(mediaFiles(two.dataDir), []);
    for (const url of urls) assert.ok(store.objects().includes(objectKey(url)), url);
  });

  test('Range → 206 with only the asked bytes, 416 past the end; If-None-Match → 304, as from a folder', async () => {
    const url = first.media[0].url;
    const whole = (await fetchBytes(two, url)).bytes;
    const size = whole.length;
    let r = await fetchBytes(two, url, { range: 'bytes=0-9' });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 0-9/${size}`);
    assert.deepEqual(r.bytes, whole.subarray(0, 10));
    r = await fetchBytes(two, url, { range: 'bytes=-5' });
    assert.equal(r.status, 206);
    assert.deepEqual(r.bytes, whole.subarray(size - 5));
    r = await fetchBytes(one, url, { range: `bytes=10-${size + 100}` });
    assert.equal(r.headers.get('content-range'), `bytes 10-${size - 1}/${size}`);
    assert.deepEqual(r.bytes, whole.subarray(10));
    r = await fetchBytes(two, url, { range: `bytes=${size}-` });
    assert.equal(r.status, 416);
    assert.equal(r.headers.get('content-range'), `bytes */${size}`);
    r = await fetchBytes(two, url, { range: 'bytes=0-1,4-5' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.bytes, whole);

    const etag = (await fetchBytes(one, url)).headers.get('etag');
    r = await fetchBytes(two, url, { 'if-none-match': etag });
    assert.equal(r.status, 304);
    assert.equal(r.bytes.length, 0);
    const head = await fetch(two.origin + url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(size));
    // Unknown keys of the right shape are 404, not an error of the store.
    const unknown = url.replace(/[0-9a-f]{64}/, (h) => h.slice(0, 63) + (h[63] === 'a' ? 'b' : 'a'));
    assert.equal((await fetchBytes(two, unknown)).status, 404);
  });

  test('the store down: uploads 503 with the error envelope and no post, reads 503; back: all still there', async () => {
    const doomed = await createPost(alice.client, { images: ['plain.jpg'], caption: 'deleted while the store is down' });
    assert.equal(doomed.status, 201, doomed.text);
    const doomedKeys = variantUrls(doomed.body.post).map(keyOf);
    const postsBefore = countPosts(one);
    const countBefore = (await alice.client.get(`/api/v1/users/${alice.user.username}`)).body.user.postCount;
    const objectsBefore = store.objects();
    await store.stop();
    try {
      for (const server of [one, two]) {
        alice.client.base = server.origin;
        const r = await createPost(alice.client, { images: ['plain.jpg'], caption: 'while the store is down' });
        expectError(assert, r, 503, 'unavailable');
      }
      assert.equal(countPosts(one), postsBefore, 'no post row for a refused upload');
      const profile = await alice.client.get(`/api/v1/users/${alice.user.username}`);
      assert.equal(profile.status, 200, profile.text);
      assert.equal(profile.body.user.postCount, countBefore);

      const read = await fetch(two.origin + first.media[0].url);
      assert.equal(read.status, 503);
      assert.equal((await read.json()).error.code, 'unavailable');
      // Deleting a post still works (the database decides); its objects
      // cannot go now, and the log names each one left behind.
      alice.client.base = one.origin;
      const deleted = await alice.client.delete(`/api/v1/posts/${doomed.body.post.id}`);
      assert.equal(deleted.status, 204, deleted.text);
      assert.equal((await alice.client.get(`/api/v1/posts/${doomed.body.post.id}`)).status, 404);
      const leftovers = () => one.log().split('\n').find((l) => l.includes('media files left in the store'));
      await eventually(() => leftovers() !== undefined, 'the log line naming the objects left behind');
      const line = leftovers();
      for (const key of doomedKeys) assert.ok(line.includes(key), `${key} is named in: ${line}`);
      // A client that has the bytes is still told they are current.
      const etag = `"${keyOf(first.media[0].url).match(/[0-9a-f]{64}/)[0]}"`;
      assert.equal((await fetch(two.origin + first.media[0].url, { headers: { 'if-none-match': etag } })).status, 304);
    } finally {
      await store.start();  // same port, same folder
    }
    assert.deepEqual(store.objects(), objectsBefore, 'nothing was left in the bucket by the refused uploads');
    for (const key of doomedKeys) assert.ok(store.objects().includes(`${PREFIX}/${key}`), 'the logged leftovers');
    for (const url of variantUrls(first)) {
      const r = await fetchBytes(two, url);
      assert.equal(r.status, 200, url);
      assert.deepEqual(r.bytes, store.bytes(objectKey(url)));
    }
    alice.client.base = two.origin;
    const again = await createPost(alice.client, { images: ['plain.jpg'], caption: 'the store is back' });
    assert.equal(again.status, 201, again.text);
    assert.equal((await fetchBytes(one, again.body.post.media[0].url)).status, 200);
    alice.client.base = one.origin;
  });

  test('deleting a post deletes its objects from the bucket; its URLs are 404 on both instances', async () => {
    const r = await createPost(alice.client, { images: ['plain.jpg'], caption: 'short-lived' });
    assert.equal(r.status, 201, r.text);
    const urls = variantUrls(r.body.post);
    for (const url of urls) assert.ok(store.objects().includes(objectKey(url)));
    alice.client.base = two.origin;  // deleted through the other instance
    const gone = await alice.client.delete(`/api/v1/posts/${r.body.post.id}`);
    alice.client.base = one.origin;
    assert.equal(gone.status, 204, gone.text);
    await eventually(() => urls.every((url) => !store.objects().includes(objectKey(url))), 'objects deleted');
    for (const url of urls) {
      assert.equal((await fetch(one.origin + url)).status, 404);
      assert.equal((await fetch(two.origin + url)).status, 404);
    }
    // The first post's objects are untouched.
    for (const url of variantUrls(first)) assert.ok(store.objects().includes(objectKey(url)));
  });

  test('lenslet backup with an object store copies the database and says how the bucket is backed up; restore', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'lenslet-s3-backup-'));
    let restoredRoot;
    try {
      const r = spawnSync(BIN, ['backup', '--out', out, '--data-dir', one.dataDir, '--database', one.database,
        '--media-store', store.url(PREFIX)], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...KEYS } });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /not copied/);
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      assert.equal(manifest.media, 'object-store');
      assert.match(manifest.mediaStore, /^s3:\/\/lenslet-media\/ft\/media at http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(!JSON.stringify(manifest).includes('S3RVER'), 'no key in the manifest');
      if (DATABASE_KIND !== 'sqlite') return;  // PostgreSQL is restored by pg_restore
      // Restored into a new folder, a server with the same store serves the
      // media of the backed-up posts.
      restoredRoot = mkdtempSync(path.join(tmpdir(), 'lenslet-s3-restored-'));
      const restored = path.join(restoredRoot, 'data');
      const rr = spawnSync(BIN, ['restore', out, '--data-dir', restored, '--media-store', store.url(PREFIX)],
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...KEYS } });
      assert.equal(rr.status, 0, rr.stderr + rr.stdout);
      assert.match(rr.stdout, /kept its media in s3:\/\/lenslet-media\/ft\/media/);
      const three = await new LensletServer({ dataDir: restored, args: ['--media-store', store.url(PREFIX)], env: KEYS }).start();
      try {
        for (const url of variantUrls(first)) {
          const r = await fetchBytes(three, url);
          assert.equal(r.status, 200, url);
          assert.deepEqual(r.bytes, store.bytes(objectKey(url)));
        }
      } finally {
        await three.stop();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
      if (restoredRoot) rmSync(restoredRoot, { recursive: true, force: true });
    }
  });
});

test('a bucket that does not exist: the server starts, says why at once, and uploads answer 503', async () => {
  const wrong = store.url(PREFIX).replace('lenslet-media', 'no-such-bucket');
  const server = await new LensletServer({ args: ['--media-store', wrong], env: KEYS }).start();
  try {
    await eventually(() => server.log().includes('NoSuchBucket'), 'the store\'s reason in the log');
    assert.match(server.log(), /the media store cannot be used yet/);
    const bob = await signUp(server.origin, 's3nb');
    expectError(assert, await createPost(bob.client, { images: ['plain.jpg'] }), 503, 'unavailable');
  } finally {
    await server.stop();
  }
});

describe('--media-store refused at start-up with a clear message', () => {
  const serve = (mediaStore, env) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lenslet-s3-bad-'));
    try {
      const clean = { ...process.env };
      delete clean.LENSLET_S3_ACCESS_KEY;
      delete clean.LENSLET_S3_SECRET_KEY;
      return spawnSync(BIN, ['serve', '--port', '0', '--data-dir', dataDir, '--jwt-secret', JWT_SECRET,
        '--media-store', mediaStore], { encoding: 'utf8', timeout: 20_000, env: { ...clean, ...env } });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };

  test('a bucket URL with bad syntax', () => {
    for (const [url, says] of [
      ['s3://Not_A_Bucket/x?endpoint=http://127.0.0.1:9', /not a valid bucket name/],
      ['http://bucket/x', /only s3:\/\//],
      ['s3://bucket/../x?endpoint=http://127.0.0.1:9', /prefix/],
      ['s3://bucket?endpoint=ftp://127.0.0.1:9', /http:\/\/ or https:\/\//],
      ['s3://bucket?endpont=http://127.0.0.1:9', /unknown parameter 'endpont'/],
    ]) {
      const r = serve(url, KEYS);
      assert.equal(r.status, 2, `${url}: ${r.stderr}`);
      assert.match(r.stderr, /--media-store/);
      assert.match(r.stderr, says, url);
    }
  });

  test('keys missing', () => {
    for (const env of [{}, { LENSLET_S3_ACCESS_KEY: 'S3RVER' }, { LENSLET_S3_SECRET_KEY: 'S3RVER' }]) {
      const r = serve('s3://lenslet-media?endpoint=http://127.0.0.1:9', env);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /LENSLET_S3_ACCESS_KEY and LENSLET_S3_SECRET_KEY/);
    }
  });
});
