// Export of my data (issue 14.7; API.md "Accounts for real life"): POST and
// GET /users/me/export, the background job that builds the ZIP, and its
// download (owner only, Range, ETag, expiry); the archive is unzipped here and
// its JSON and photos checked against what the API shows; a kill -9 and a
// SIGTERM in the middle of a build leave no half archive and no stray file.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, LensletServer, DATABASE_KIND } from './lib/server.mjs';
import { SmtpSink, linkIn } from './lib/smtp.mjs';
import { signUp, expectError, Client } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';
import { api, requestExport, exportState, waitExport, download, unzip, json, noisePng } from './lib/exports.mjs';
import { ok, follow, block, start, send } from './lib/conversations.mjs';

const BASE = ['--export-poll-ms', '100', '--export-lease-ms', '2000',
  '--post-limit', '1000', '--action-limit', '1000', '--message-limit', '1000', '--conversation-limit', '1000'];
const FAST = [...BASE, '--export-limit', '100'];

let server;
let smtp;
before(async () => {
  smtp = await SmtpSink.start();
  server = await startServer({ args: [...FAST, '--smtp-url', smtp.url] });
});
after(async () => {
  await server.stop();
  await smtp?.stop();
});

const people = (n, prefix) => Promise.all(Array.from({ length: n }, () => signUp(server.origin, prefix)));
async function post(who, options) {
  const r = await createPost(who.client, options);
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}

async function exportOf(who) {
  await requestExport(who.client);
  const state = await waitExport(who.client);
  const r = await download(who.client, state.url);
  assert.equal(r.status, 200);
  return { state, entries: await unzip(r.bytes), bytes: r.bytes };
}

// The mail outbox's rows (the mail branch's table; its worker sends them).

const exportFiles = (s) => (existsSync(path.join(s.dataDir, 'exports')) ? readdirSync(path.join(s.dataDir, 'exports')) : []);

describe('request, build, download', () => {
  test('the archive holds the profile, posts, comments, likes, saves, follows and conversations, and the stored photos byte for byte', async () => {
    const [ann, bob, cat] = await people(3, 'exa');
    assert.deepEqual(await exportState(ann.client), { status: 'none' });

    const first = await post(ann, { images: ['plain.jpg', 'plain.webp'], caption: 'Two #Dogs at the #beach', alt: ['a dog', 'another dog'] });
    const second = await post(ann, { images: ['rotated_gps.jpg'], caption: 'alone' });
    const bobs = await post(bob, { caption: 'bob posts' });
    await ok(ann.client.post(api(`/posts/${bobs.id}/comments`), { text: 'nice one, bob' }), 201);
    await ok(ann.client.post(api(`/posts/${bobs.id}/like`)));
    await ok(ann.client.post(api(`/posts/${bobs.id}/save`)));
    await follow(ann, bob);
    await follow(bob, ann);
    await follow(cat, ann);
    await follow(ann, cat);
    const group = await start(ann, bob, cat);
    await send(ann, group, 'hello both');
    await send(bob, group, 'hi ann');
    await send(cat, group, 'hey');

    const requested = await requestExport(ann.client);
    assert.equal(requested.status, 'pending');
    // One at a time: asking again answers the pending one.
    const again = await requestExport(ann.client);
    assert.equal(again.requestedAt, requested.requestedAt);

    const state = await waitExport(ann.client);
    assert.match(state.url, /^\/api\/v1\/exports\/\d+\/archive$/);
    const days = (Date.parse(state.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);

    const r = await download(ann.client, state.url);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/zip');
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="lenslet-${ann.user.username}-${new Date().toISOString().slice(0, 10)}.zip"`);
    assert.equal(Number(r.headers.get('content-length')), r.bytes.length);
    assert.equal(state.sizeBytes, r.bytes.length);
    const entries = await unzip(r.bytes);

    for (const name of ['README.txt', 'profile.json', 'posts.json', 'comments.json', 'likes.json', 'saves.json',
      'followers.json', 'following.json', 'conversations.json']) {
      assert.ok(entries.has(name), `${name} in the archive`);
    }
    const profile = json(entries, 'profile.json');
    assert.equal(profile.username, ann.user.username);
    assert.equal(profile.email, ann.account.email);

    const posts = json(entries, 'posts.json');
    assert.deepEqual(posts.map((p) => p.id), [first.id, second.id]);
    assert.equal(posts[0].caption, 'Two #Dogs at the #beach');
    assert.deepEqual(posts[0].hashtags, ['beach', 'dogs']);
    assert.equal(posts[0].createdAt, first.createdAt);
    assert.deepEqual(posts[0].media.map((m) => m.alt), ['a dog', 'another dog']);
    // Every photo is the stored rendition the post's url names, byte for byte.
    for (const [i, p] of [first, second].entries()) {
      for (const [j, m] of p.media.entries()) {
        const file = posts[i].media[j].file;
        assert.ok(entries.has(file), `${file} in the archive`);
        const served = await download(ann.client, m.url);
        assert.equal(served.status, 200);
        assert.ok(served.bytes.equals(entries.get(file)), `${file} is byte-identical to ${m.url}`);
      }
    }

    assert.deepEqual(json(entries, 'comments.json').map((c) => [c.postId, c.text]), [[bobs.id, 'nice one, bob']]);
    assert.deepEqual(json(entries, 'likes.json').map((l) => l.postId), [bobs.id]);
    assert.deepEqual(json(entries, 'saves.json').map((l) => l.postId), [bobs.id]);
    const names = (file) => json(entries, file).map((f) => f.username).sort();
    assert.deepEqual(names('followers.json'), [bob.user.username, cat.user.username].sort());
    assert.deepEqual(names('following.json'), [bob.user.username, cat.user.username].sort());

    const conversations = json(entries, 'conversations.json');
    assert.deepEqual(conversations.map((c) => c.id), [group.id]);
    assert.deepEqual(conversations[0].messages.map((m) => m.text), ['hello both', 'hi ann', 'hey']);
    assert.deepEqual(conversations[0].participants.map((p) => p.username).sort(),
      [ann.user.username, bob.user.username, cat.user.username].sort());

    // The "ready" mail was queued with the export and delivered, to the owner
    // only (the outbox row is gone once the mail worker has sent it).
    let mail = await smtp.nextMail(ann.account.email);  // after the sign-up's own confirmation mail
    while (mail.subject !== 'Your Lenslet export is ready') mail = await smtp.nextMail(ann.account.email);
    assert.equal(mail.subject, 'Your Lenslet export is ready');
    assert.match(mail.text, new RegExp(state.expiresAt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(linkIn(mail, '/settings').hash, '#settings-data-export');
    for (const other of [bob, cat]) assert.equal(smtp.mailsTo(other.account.email).filter((m) => /export/i.test(m.subject)).length, 0);

    // Asked again once ready: a new export, and the state says pending.
    assert.equal((await requestExport(ann.client)).status, 'pending');
    const newer = await waitExport(ann.client);
    assert.notEqual(newer.url, state.url);
    // The replaced archive is gone for its owner too.
    assert.equal((await download(ann.client, state.url)).status, 404);
  });

  test('another user gets 404 for the archive, and a signed-out client 401', async () => {
    const [ann, eve] = await people(2, 'exb');
    await post(ann, { caption: 'mine' });
    const { state } = await exportOf(ann);
    const r = await download(eve.client, state.url);
    assert.equal(r.status, 404);
    assert.equal(JSON.parse(r.bytes.toString()).error.code, 'not_found');
    assert.equal((await download(new Client(server.origin), state.url)).status, 401);
    assert.equal((await download(ann.client, api('/exports/999999999/archive'))).status, 404);
    assert.equal((await download(ann.client, api('/exports/x/archive'))).status, 404);
  });

  test('Range gives the right bytes (206), a range past the end 416; ETag answers If-None-Match with 304; HEAD the length', async () => {
    const [ann] = await people(1, 'exc');
    await post(ann, { images: ['plain.jpg', 'plain.webp'] });
    const { state, bytes } = await exportOf(ann);
    const whole = await download(ann.client, state.url);
    const etag = whole.headers.get('etag');
    assert.match(etag, /^"[^"]+"$/);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');

    let r = await download(ann.client, state.url, { headers: { range: 'bytes=10-99' } });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 10-99/${bytes.length}`);
    assert.ok(r.bytes.equals(bytes.subarray(10, 100)));
    r = await download(ann.client, state.url, { headers: { range: 'bytes=-22' } });
    assert.equal(r.status, 206);
    assert.ok(r.bytes.equals(bytes.subarray(bytes.length - 22)), 'the end of central directory record');
    r = await download(ann.client, state.url, { headers: { range: `bytes=${bytes.length - 5}-` } });
    assert.ok(r.bytes.equals(bytes.subarray(bytes.length - 5)));
    r = await download(ann.client, state.url, { headers: { range: `bytes=${bytes.length}-` } });
    assert.equal(r.status, 416);
    assert.equal(r.headers.get('content-range'), `bytes */${bytes.length}`);

    r = await download(ann.client, state.url, { headers: { 'if-none-match': etag } });
    assert.equal(r.status, 304);
    assert.equal(r.bytes.length, 0);
    r = await download(ann.client, state.url, { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers.get('content-length')), bytes.length);
  });
});

describe('what the archive does not hold', () => {
  test('no conversation the user is not in', async () => {
    const [ann, bob, cat] = await people(3, 'exd');
    await follow(bob, cat);
    await follow(cat, bob);
    const theirs = await start(bob, cat);
    const secret = `secret-${randomUUID()}`;
    await send(bob, theirs, secret);
    await send(cat, theirs, secret);
    await follow(ann, bob);
    await follow(bob, ann);
    const mine = await start(ann, bob);
    await send(ann, mine, 'just us');

    const { entries, bytes } = await exportOf(ann);
    const conversations = json(entries, 'conversations.json');
    assert.deepEqual(conversations.map((c) => c.id), [mine.id]);
    assert.deepEqual(conversations[0].messages.map((m) => m.text), ['just us']);
    for (const [name, content] of entries) assert.ok(!content.includes(secret), `${name} holds no message of others`);
    assert.ok(!bytes.includes(secret));
  });

  test('of someone who blocked the user, only what the user sees: no messages, no profile details', async () => {
    const [ann, bob, cat] = await people(3, 'exe');
    await ok(bob.client.patch(api('/users/me'), { displayName: 'Bob Hidden-Name' }));
    await follow(ann, cat);
    await follow(bob, cat);
    const group = await start(cat, ann, bob);
    const before = await send(bob, group, `bob-before-${randomUUID()}`);
    await send(cat, group, 'cat says hi');
    await follow(bob, ann);
    await block(bob, ann);
    const afterBlock = await send(bob, group, `bob-after-${randomUUID()}`);

    const seen = await ok(ann.client.get(api(`/conversations/${group.id}/messages?limit=100`)));
    const { entries, bytes } = await exportOf(ann);
    const [conversation] = json(entries, 'conversations.json');
    // Exactly what the API shows Ann, oldest first.
    assert.deepEqual(conversation.messages.map((m) => m.id), seen.items.map((m) => m.id).reverse());
    assert.deepEqual(conversation.messages.map((m) => m.text), ['cat says hi']);
    for (const text of [before.text, afterBlock.text, 'Bob Hidden-Name']) {
      assert.ok(!bytes.includes(text), `${text} is not in the archive`);
      for (const [name, content] of entries) assert.ok(!content.includes(text), `${name} holds no ${text}`);
    }
    const shownBob = conversation.participants.find((p) => p.id === bob.user.id);
    assert.deepEqual(shownBob, { id: bob.user.id, username: bob.user.username, hidden: true });
    assert.deepEqual(json(entries, 'followers.json'), [], 'the block removed the follow');
  });
});

describe('expiry and limits', () => {
  let short;
  before(async () => { short = await startServer({ args: [...BASE, '--export-ttl-ms', '1500', '--export-limit', '1'] }); });
  after(async () => { await short.stop(); });

  test('after its time the archive is deleted, the state is none again, the url 404; asking more than the limit is 429', async () => {
    const ann = await signUp(short.origin, 'exf');
    await createPost(ann.client, { caption: 'soon gone' });
    await requestExport(ann.client);
    const state = await waitExport(ann.client);
    assert.equal((await download(ann.client, state.url)).status, 200);
    const id = state.url.match(/exports\/(\d+)\//)[1];
    assert.ok(exportFiles(short).includes(`${id}.zip`));

    await waitExport(ann.client, (s) => s.status === 'none');
    assert.equal((await download(ann.client, state.url)).status, 404);
    const deadline = Date.now() + 30_000;
    while (exportFiles(short).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(exportFiles(short), [], 'the archive file is deleted');

    const r = await ann.client.post(api('/users/me/export'));
    expectError(assert, r, 429, 'rate_limited');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
  });
});

describe('crashes and shutdowns in the middle of a build', () => {
  // A paced build (100 KB/s) of a few photos of noise takes seconds: long
  // enough to stop it half way, whatever the machine's speed.
  const SLOW = [...FAST, '--export-bytes-per-second', '100000'];

  async function midway(instance, who) {
    for (let i = 0; i < 3; i++) {
      const r = await createPost(who.client, { images: [noisePng(700, 700), noisePng(700, 700)], caption: `noise ${i}` });
      assert.equal(r.status, 201, r.text);
    }
    await requestExport(who.client);
    // libzip's temporary "<id>.zip.XXXXXX" appears once the archive is being written.
    const deadline = Date.now() + 60_000;
    while (!exportFiles(instance).some((f) => /^\d+\.zip\.\w+$/.test(f))) {
      if (Date.now() > deadline) throw new Error(`no archive in progress: ${exportFiles(instance)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await exportState(who.client)).status, 'pending');
  }

  async function finishes(instance, who) {
    const client = new Client(instance.origin);
    client.cookies = who.client.cookies;
    const state = await waitExport(client);
    const r = await download(client, state.url);
    assert.equal(r.status, 200);
    const entries = await unzip(r.bytes);
    assert.equal(json(entries, 'posts.json').length, 3);
    assert.equal([...entries.keys()].filter((n) => n.startsWith('media/posts/')).length, 6);
    const id = state.url.match(/exports\/(\d+)\//)[1];
    assert.deepEqual(exportFiles(instance), [`${id}.zip`], 'only the finished archive: no temporary, no staging folder');
  }

  test('kill -9: the half-written archive is never served; after a restart the export completes and nothing stray is left', async () => {
    const first = await new LensletServer({ args: SLOW }).start();
    let second;
    try {
      const ann = await signUp(first.origin, 'exg');
      await midway(first, ann);
      first.process.kill('SIGKILL');
      await first.exited;
      second = await new LensletServer({ args: FAST, sharing: first }).start();
      await finishes(second, ann);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });

  test('SIGTERM: the build stops at once, removes what it wrote and gives the export back; the next start completes it', async () => {
    const first = await new LensletServer({ args: SLOW }).start();
    let second;
    try {
      const ann = await signUp(first.origin, 'exh');
      await midway(first, ann);
      const stopping = Date.now();
      first.process.kill('SIGTERM');
      const exit = await first.exited;
      assert.equal(exit.code, 0, first.log());
      assert.ok(Date.now() - stopping < 10_000, 'the build did not hold the shutdown');
      assert.deepEqual(exportFiles(first), [], 'no temporary or staging folder left');
      assert.match(first.log(), /export \d+ stopped: the server is stopping/);
      second = await new LensletServer({ args: FAST, sharing: first }).start();
      await finishes(second, ann);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
