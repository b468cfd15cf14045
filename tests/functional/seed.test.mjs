// `lenslet seed` builds a network through the real stores: a seeded user
// signs in with the documented password and sees a non-empty feed, with
// images the server serves; a second seed of the same database is refused
// without --force. The seed runs beside the serving process, on its data.
// --tokens-out writes one working access token per seeded user (mode 0600).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServer, BIN, JWT_SECRET } from './lib/server.mjs';
import { Client } from './lib/client.mjs';

const run = promisify(execFile);
let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('seed --users 20 --posts-per-user 2: a seeded user has a feed; seeding again is refused', async () => {
  const target = ['--data-dir', server.dataDir, '--database', server.database];
  const seeded = await run(BIN, ['seed', ...target, '--users', '20', '--posts-per-user', '2', '--images', '4',
    '--seed', '7'], { timeout: 300_000 });
  assert.match(seeded.stdout, /lenslet-demo/);
  const who = /e\.g\. '([a-z0-9._]+)'/.exec(seeded.stdout)[1];

  await assert.rejects(run(BIN, ['seed', ...target, '--users', '2']),
    (e) => e.code === 1 && /refusing to seed/.test(e.stderr));

  const client = new Client(server.origin);
  const login = await client.post('/api/v1/auth/login', { login: who, password: 'lenslet-demo' });
  assert.equal(login.status, 200, login.text);
  const feed = await client.get('/api/v1/feed?limit=100');
  assert.equal(feed.status, 200, feed.text);
  assert.ok(feed.body.items.length >= 2, 'at least the user\'s own two posts');
  const image = await fetch(server.origin + feed.body.items[0].media[0].url);
  assert.equal(image.status, 200);
  const profile = (await client.get(`/api/v1/users/${who}`)).body.user;
  assert.equal(profile.postCount, 2);
  assert.ok(profile.followingCount >= 1 && profile.followerCount >= 1);
  // Every counter the seed touched is exact: followers listed = followerCount.
  const followers = await client.get(`/api/v1/users/${who}/followers?limit=100`);
  assert.equal(followers.body.items.length, profile.followerCount);
  const explore = await client.get('/api/v1/explore?limit=100');
  assert.ok(explore.body.items.length > 0);
  const tags = await client.get('/api/v1/search?q=%23s');
  assert.ok(tags.body.tags.length > 0);
});

test('seed --tokens-out: a file only its owner reads, one access token per seeded user that GET /auth/me accepts', async () => {
  const target = ['--data-dir', server.dataDir, '--database', server.database];
  // Signed with the server's secret, given the same way as to serve.
  const tokensFile = path.join(server.dataDir, 'tokens.txt');
  const seeded = await run(BIN, ['seed', ...target, '--force', '--users', '4', '--posts-per-user', '0', '--seed', '11',
    '--jwt-secret', JWT_SECRET, '--tokens-out', tokensFile], { timeout: 120_000 });
  assert.match(seeded.stdout, /4 access tokens/);
  assert.equal(statSync(tokensFile).mode & 0o777, 0o600);
  const lines = readFileSync(tokensFile, 'utf8').trim().split('\n');
  assert.equal(lines.length, 4);
  for (const line of lines) {
    const [username, token] = line.split(' ');
    const me = await fetch(`${server.origin}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200, `${username}: ${await me.clone().text()}`);
    assert.equal((await me.json()).user.username, username);
  }
});
