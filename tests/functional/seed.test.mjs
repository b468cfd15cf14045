// `lenslet seed` builds a network through the real stores: a seeded user
// signs in with the documented password and sees a non-empty feed, with
// images the server serves; a second seed of the same database is refused
// without --force. The seed runs beside the serving process, on its data.
// --tokens-out writes one working access token per seeded user (mode 0600).
// Every counter the stores keep matches the rows it counts, after a first
// seed and after a second (--force) one on top of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServer, BIN, JWT_SECRET, DATABASE_KIND } from './lib/server.mjs';
import { Client } from './lib/client.mjs';
import { querySql } from './lib/admin.mjs';

const run = promisify(execFile);
// Per counter, how many rows disagree with what they count (all 0 when exact).
const COUNTER_MISMATCHES = `
SELECT 'users.post_count', count(*) FROM users u
  WHERE post_count <> (SELECT count(*) FROM posts p WHERE p.author_id = u.id)
UNION ALL SELECT 'users.follower_count', count(*) FROM users u
  WHERE follower_count <> (SELECT count(*) FROM follows f WHERE f.followee_id = u.id AND f.accepted = 1)
UNION ALL SELECT 'users.following_count', count(*) FROM users u
  WHERE following_count <> (SELECT count(*) FROM follows f WHERE f.follower_id = u.id AND f.accepted = 1)
UNION ALL SELECT 'posts.like_count', count(*) FROM posts p
  WHERE like_count <> (SELECT count(*) FROM likes l WHERE l.post_id = p.id)
UNION ALL SELECT 'posts.comment_count', count(*) FROM posts p
  WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.post_id = p.id AND c.restricted = 0)
UNION ALL SELECT 'hashtags.post_count', count(*) FROM hashtags h
  WHERE post_count <> (SELECT count(*) FROM post_hashtags ph WHERE ph.hashtag_id = h.id)
UNION ALL SELECT 'media_blobs.ref_count', count(*) FROM media_blobs b
  WHERE ref_count <> (SELECT count(*) FROM post_media_variants v WHERE v.blob_key = b.key)
    + (SELECT count(*) FROM users u WHERE u.avatar_key = b.key)`;

function assertCountersExact(server) {
  const mismatches = Object.fromEntries(querySql(server, COUNTER_MISMATCHES).map((row) => {
    const [name, n] = row.split('|');
    return [name, Number(n)];
  }));
  assert.deepEqual(mismatches, {
    'users.post_count': 0, 'users.follower_count': 0, 'users.following_count': 0, 'posts.like_count': 0,
    'posts.comment_count': 0, 'hashtags.post_count': 0, 'media_blobs.ref_count': 0,
  });
}

// How many rows a table has.
const rows = (server, table) => Number(querySql(server, `SELECT count(*) FROM ${table}`)[0]);

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
  if (DATABASE_KIND === 'postgres') {
    // Statistics at once, not when autovacuum comes round: without them
    // PostgreSQL planned explore's checks as for empty tables (39 ms, not 0.2).
    const unanalysed = querySql(server, `SELECT relname FROM pg_stat_user_tables
      WHERE relname IN ('users', 'posts', 'follows', 'likes') AND last_analyze IS NULL AND last_autoanalyze IS NULL`);
    assert.deepEqual(unanalysed, []);
  }
  const tags = await client.get('/api/v1/search?q=%23s');
  assert.ok(tags.body.tags.length > 0);
  // Something of everything was written, and every counter of it is exact.
  for (const table of ['follows', 'likes', 'comments', 'post_hashtags', 'post_media_variants']) {
    assert.ok(rows(server, table) > 0, table);
  }
  assert.ok(Number(querySql(server, 'SELECT count(*) FROM follows WHERE accepted = 0')[0]) > 0, 'pending requests');
  assertCountersExact(server);
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

// 1,100 users: statements of a thousand rows (and thousands of parameters), as
// a benchmark's seed writes them.
test('seed --force on a seeded network: new users, posts on the same hashtags, every counter still exact', async () => {
  const target = ['--data-dir', server.dataDir, '--database', server.database];
  const before = { users: rows(server, 'users'), posts: rows(server, 'posts'), tags: rows(server, 'hashtags') };
  await run(BIN, ['seed', ...target, '--force', '--users', '1100', '--posts-per-user', '1', '--images', '2',
    '--seed', '7'], { timeout: 300_000 });
  assert.equal(rows(server, 'users'), before.users + 1100);
  assert.equal(rows(server, 'posts'), before.posts + 1100);
  assert.ok(before.tags > 0 && rows(server, 'hashtags') <= 18, 'the same demo hashtags, counted on');
  assertCountersExact(server);
});
