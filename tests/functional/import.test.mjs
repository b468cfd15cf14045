// Instagram import (issue 14.8; API.md "Accounts for real life"): generated
// archives (tests/fixtures/make-instagram-archive.py) through the real binary,
// on SQLite and PostgreSQL. Dates, carousels, mojibake captions, idempotence,
// no flood of followers' feeds and notifications, resume after kill -9, and
// hostile archives refused clearly while the rest of the server carries on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, LensletServer, DATABASE_KIND } from './lib/server.mjs';
import { signUp, expectError } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';
import { socketOf, connected, collect } from './lib/sockets.mjs';
import { makeArchive, uploadArchive, waitImport, importArchive, allPosts, isoOf } from './lib/instagram.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('a 500-post archive imports with its dates, carousels and captions, and a second run adds nothing', async () => {
  const ada = await signUp(server.origin, 'ada');
  const bob = await signUp(server.origin, 'bob');
  assert.equal((await bob.client.post(`/api/v1/users/${ada.user.username}/follow`)).status, 200);
  const fresh = await createPost(ada.client, { caption: 'posted today' });
  assert.equal(fresh.status, 201);
  const adaSocket = await connected(socketOf(server, ada));
  const bobSocket = await connected(socketOf(server, bob));
  const progress = collect(adaSocket, 'import:progress');
  const bobEvents = [];
  bobSocket.onAny((event, payload) => bobEvents.push({ event, payload }));
  const bobUnreadBefore = (await bob.client.get('/api/v1/notifications')).body.unreadCount;

  // Two posts files (posts_1.json, posts_2.json), as long histories come.
  const archive = makeArchive({ posts: 500, split: 300 });
  const expected = archive.summary.expected;
  const photoPosts = expected.filter((p) => p.photos > 0);
  const upload = await uploadArchive(ada.client, archive);
  assert.equal(upload.status, 202, upload.text);
  assert.match(upload.body.import.id, /^\d+$/);
  const done = await waitImport(ada.client, upload.body.import.id);
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.total, 500);
  assert.equal(done.done, photoPosts.length);
  assert.equal(done.skipped, 500 - photoPosts.length, 'video-only posts are skipped');
  assert.equal(done.failed, 0);
  assert.equal(done.photos, photoPosts.reduce((n, p) => n + p.photos, 0));
  assert.equal(done.videosSkipped, 100, 'the video posts and the videos inside carousels');
  assert.ok(done.problems.every((p) => p.reason === 'video' && p.outcome === 'skipped'));
  assert.ok(done.problems.length <= 100 && done.problemCount === 100);

  // The profile: today's post first, then every imported post by its date.
  const posts = await allPosts(ada.client, ada.user.username, 37);
  assert.equal(posts.length, photoPosts.length + 1);
  assert.equal(posts[0].id, fresh.body.post.id);
  const imported = posts.slice(1);
  const byDate = [...photoPosts].reverse();
  imported.forEach((post, k) => {
    const want = byDate[k];
    assert.equal(post.createdAt, isoOf(want.ts), `post ${want.index}'s date`);
    assert.equal(post.media.length, want.photos, `post ${want.index}'s photos`);
    assert.equal(post.caption, want.caption, `post ${want.index}'s caption`);
  });
  assert.ok(imported.some((p) => p.caption.startsWith('Café au lait ☕')));
  assert.ok(imported.some((p) => p.caption.startsWith('東京の夜')));
  assert.ok(imported.some((p) => p.caption.startsWith('Sunset 🌅')));
  assert.equal((await ada.client.get(`/api/v1/users/${ada.user.username}`)).body.user.postCount, posts.length);
  // Hashtags link as a normal post's do, in date order on the tag page.
  const tokyo = await ada.client.get('/api/v1/tags/tokyo?limit=100');
  assert.equal(tokyo.body.items.length, 100);
  assert.equal(tokyo.body.items[0].createdAt, isoOf(photoPosts.filter((p) => p.caption.includes('#tokyo')).at(-1).ts));

  // Followers: nothing arrived live or as a notification; their feed opens
  // with what is new, and the imported posts sit at their dates further down.
  assert.deepEqual(bobEvents.map((e) => e.event), []);
  assert.equal((await bob.client.get('/api/v1/notifications')).body.unreadCount, bobUnreadBefore);
  const feed = await bob.client.get('/api/v1/feed?limit=3');
  assert.equal(feed.body.items[0].id, fresh.body.post.id);
  assert.deepEqual(feed.body.items.slice(1).map((p) => p.createdAt), imported.slice(0, 2).map((p) => p.createdAt));
  // The owner heard the progress, up to the end.
  assert.ok(progress.items.length >= 2);
  assert.equal(progress.items.at(-1).status, 'done');
  assert.equal(progress.items.at(-1).done, photoPosts.length);

  // The same archive again: nothing twice.
  const again = await importArchive(ada.client, archive);
  assert.equal(again.status, 'done');
  assert.equal(again.done, 0);
  assert.equal(again.alreadyImported, photoPosts.length);
  assert.equal(again.skipped, 500);
  assert.equal((await allPosts(ada.client, ada.user.username)).length, posts.length);
  // The archives do not stay on the server once imported.
  assert.deepEqual(readdirSync(path.join(server.dataDir, 'imports')).filter((name) => name.endsWith('.zip')), []);
  adaSocket.close();
  bobSocket.close();
});

test('every layout Instagram has used is found', async () => {
  for (const layout of ['media', 'content', 'old', 'nested']) {
    const who = await signUp(server.origin, 'lay');
    const archive = makeArchive({ posts: 12, layout });
    const done = await importArchive(who.client, archive);
    const want = archive.summary.expected.filter((p) => p.photos > 0).length;
    assert.equal(done.status, 'done', `${layout}: ${JSON.stringify(done)}`);
    assert.equal(done.done, want, layout);
    assert.equal((await allPosts(who.client, who.user.username)).length, want, layout);
  }
});

test('an import is its owner\'s only; one runs at a time', async () => {
  const owner = await signUp(server.origin, 'own');
  const other = await signUp(server.origin, 'oth');
  const archive = makeArchive({ posts: 30 });
  const first = await uploadArchive(owner.client, archive);
  assert.equal(first.status, 202);
  expectError(assert, await uploadArchive(owner.client, archive), 409, 'conflict');
  expectError(assert, await other.client.get(`/api/v1/imports/${first.body.import.id}`), 404, 'not_found');
  expectError(assert, await other.client.get('/api/v1/imports/999999999'), 404, 'not_found');
  const list = await owner.client.get('/api/v1/imports');
  assert.equal(list.body.items[0].id, first.body.import.id);
  assert.deepEqual((await other.client.get('/api/v1/imports')).body.items, []);
  await waitImport(owner.client, first.body.import.id);
  // Without the file, or with nothing in it.
  const empty = new FormData();
  empty.append('archive', new Blob([]), 'empty.zip');
  expectError(assert, await owner.client.request('POST', '/api/v1/imports/instagram', { body: empty }), 422, 'invalid_value');
});

test('hostile archives are refused clearly, item by item, and the server carries on', async () => {
  const who = await signUp(server.origin, 'host');
  const refusedAtUpload = async (variant, reasonWords) => {
    const r = await uploadArchive(who.client, makeArchive({ variant }));
    const error = expectError(assert, r, 422, 'invalid_value');
    assert.equal(error.field, 'archive');
    assert.match(error.message, reasonWords, variant);
  };
  await refusedAtUpload('not_zip', /not a ZIP/);
  await refusedAtUpload('many_entries', /50000000 files/);

  const failedImport = async (variant, reason) => {
    const done = await importArchive(who.client, makeArchive({ variant }));
    assert.equal(done.status, 'failed', `${variant}: ${JSON.stringify(done)}`);
    assert.equal(done.error.reason, reason, variant);
    assert.ok(done.error.message.length > 0);
    return done;
  };
  await failedImport('broken_json', 'broken_json');
  await failedImport('no_posts', 'no_posts');
  await failedImport('json_bomb', 'zip_bomb');

  // Per item: the bad ones are reported, the rest imports. A fresh account
  // each time: the good posts are the same in every variant, and an account
  // that imported them once would skip them (and the bad one beside them).
  const itemized = async (variant, failures) => {
    const archive = makeArchive({ variant });
    const good = archive.summary.expected.filter((p) => p.photos > 0).length;
    const fresh = await signUp(server.origin, 'item');
    const done = await importArchive(fresh.client, archive);
    assert.equal(done.status, 'done', `${variant}: ${JSON.stringify(done)}`);
    const failed = done.problems.filter((p) => p.outcome === 'failed');
    assert.deepEqual(failed.map((p) => p.reason).sort(), [...failures].sort(), variant);
    return { done, good };
  };
  const bomb = await itemized('bomb', ['zip_bomb']);
  assert.equal(bomb.done.done, bomb.good);
  assert.equal(bomb.done.failed, 1);
  const traversal = await itemized('traversal', ['bad_uri', 'bad_uri', 'bad_uri', 'bad_uri', 'missing_file']);
  assert.equal(traversal.done.failed, 5);
  for (const escaped of [path.resolve(server.dataDir, '../../evil.jpg'), path.resolve(server.dataDir, '../evil.jpg'),
    '/tmp/evil-absolute.jpg', '/evil.jpg']) {
    assert.equal(existsSync(escaped), false, escaped);
  }
  const nonImage = await itemized('non_image', ['not_an_image', 'invalid_image']);
  assert.equal(nonImage.done.failed, 2);
  const lying = await itemized('lying_size', ['damaged']);
  assert.equal(lying.done.failed, 1);
  const many = await signUp(server.origin, 'many');
  const carousel = await importArchive(many.client, makeArchive({ variant: 'huge_carousel' }));
  assert.equal(carousel.problems.filter((p) => p.reason === 'too_many_photos').length, 4);
  const posts = await allPosts(many.client, many.user.username);
  assert.equal(posts.find((p) => p.caption === 'fourteen').media.length, 10);

  // The rest of the server is unaffected.
  assert.equal((await who.client.get('/api/v1/health')).status, 200);
  assert.equal((await createPost(who.client, { caption: 'still here' })).status, 201);
});

test('an archive over --import-max-bytes is 413', async () => {
  const small = await startServer({ args: ['--import-max-bytes', '20000'] });
  try {
    const who = await signUp(small.origin, 'big');
    const r = await uploadArchive(who.client, makeArchive({ posts: 60 }));
    expectError(assert, r, 413);
    assert.equal((await who.client.get('/api/v1/imports')).body.items.length, 0);
  } finally {
    await small.stop();
  }
});

test('kill -9 in the middle of an import: the next start resumes it and nothing is imported twice', async () => {
  const first = await startServer();
  let second;
  try {
    const who = await signUp(first.origin, 'crash');
    const archive = makeArchive({ posts: 300 });
    const want = archive.summary.expected.filter((p) => p.photos > 0);
    const r = await uploadArchive(who.client, archive);
    assert.equal(r.status, 202);
    const id = r.body.import.id;
    const midway = await waitImport(who.client, id, { until: (i) => i.done >= 20 || i.status !== 'running' && i.status !== 'queued' });
    assert.equal(midway.status, 'running', 'the import must still be running to be interrupted');
    first.process.kill('SIGKILL');
    await first.exited;

    second = await new LensletServer({ sharing: first }).start();
    who.client.base = second.origin;
    // The dead worker's lease (30 s) lapses, then the job is taken again.
    const done = await waitImport(who.client, id);
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.total, 300);
    assert.equal(done.done + done.skipped + done.failed, 300);
    assert.equal(done.failed, 0);
    const posts = await allPosts(who.client, who.user.username);
    assert.equal(posts.length, want.length, 'each post once');
    assert.equal(new Set(posts.map((p) => p.createdAt)).size, want.length);
  } finally {
    await second?.stop();
    await first.stop();
  }
});

test('SIGTERM in the middle of an import gives the job back; the next start carries on at once', async () => {
  const first = await startServer();
  let second;
  try {
    const who = await signUp(first.origin, 'term');
    const archive = makeArchive({ posts: 200 });
    const want = archive.summary.expected.filter((p) => p.photos > 0);
    const r = await uploadArchive(who.client, archive);
    const id = r.body.import.id;
    await waitImport(who.client, id, { until: (i) => i.done >= 10 || i.status === 'done' });
    first.process.kill('SIGTERM');
    const exit = await first.exited;
    assert.equal(exit.code, 0);
    second = await new LensletServer({ sharing: first }).start();
    who.client.base = second.origin;
    const done = await waitImport(who.client, id);
    assert.equal(done.status, 'done');
    assert.equal((await allPosts(who.client, who.user.username)).length, want.length);
  } finally {
    await second?.stop();
    await first.stop();
  }
});

test('an instance with a data folder of its own leaves an import whose archive it cannot read', { skip: DATABASE_KIND !== 'postgres' && 'several instances need PostgreSQL' }, async () => {
  const holder = await startServer();
  // Same database, another data folder (as with media in an object store).
  const otherDir = mkdtempSync(path.join(tmpdir(), 'lenslet-ft-other-'));
  const other = await new LensletServer({ sharing: { dataDir: otherDir, database: holder.database } }).start();
  try {
    const who = await signUp(holder.origin, 'fold');
    const archive = makeArchive({ posts: 12 });
    const r = await uploadArchive(who.client, archive);
    assert.equal(r.status, 202);
    // Only the other instance runs for a while: it must not take the import.
    holder.process.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    who.client.base = other.origin;
    assert.equal((await who.client.get(`/api/v1/imports/${r.body.import.id}`)).body.status, 'queued');
    holder.process.kill('SIGCONT');
    who.client.base = holder.origin;
    const done = await waitImport(who.client, r.body.import.id);
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.done, archive.summary.expected.filter((p) => p.photos > 0).length);
  } finally {
    holder.process.kill('SIGCONT');
    await other.stop();
    rmSync(otherDir, { recursive: true, force: true });
    await holder.stop();
  }
});
