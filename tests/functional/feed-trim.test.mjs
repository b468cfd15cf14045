// The home feeds are kept to their newest --feed-keep rows (app/home_feed_trimmer.hpp):
// a trim changes what the database holds, never what a feed shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';

async function post(who) {
  const r = await createPost(who.client);
  assert.equal(r.status, 201, r.text);
  return r.body.post.id;
}
import { querySql } from './lib/admin.mjs';
import { parseExposition, valueOf, scrape } from './lib/metrics.mjs';

let server;
before(async () => {
  // keep 2: a feed is trimmed once it holds more than 2 + 1 (the slack).
  server = await startServer({ args: ['--feed-trim-interval-ms', '200', '--feed-keep', '2', '--post-limit', '1000'] });
});
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;

async function wholeFeed(client) {
  const ids = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const r = await client.get(api(`/feed?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    assert.equal(r.status, 200, r.text);
    ids.push(...r.body.items.map((p) => p.id));
    cursor = r.body.nextCursor;
    if (cursor === null) return ids;
  }
  throw new Error('pagination never ended');
}

async function trimmedRows() {
  const { text } = await scrape(server.metricsUrl);
  return valueOf(parseExposition(text), 'lenslet_home_feed_trimmed_rows_total') ?? 0;
}

test('a trimmed feed keeps its newest rows and shows every post it showed, in order', async () => {
  const me = await signUp(server.origin, 'trimmed');
  const friend = await signUp(server.origin, 'poster');
  assert.equal((await me.client.post(api(`/users/${friend.user.username}/follow`))).status, 200);
  const posted = [];
  for (let i = 0; i < 8; i++) posted.push(await post(friend));
  posted.push(await post(me));
  const expected = [...posted].reverse();
  const rowsOf = (user) => Number(querySql(server, `SELECT count(*) FROM home_feed WHERE owner_id = ${user.user.id}`)[0]);

  // The sweep runs every 200 ms, while the posts arrive too: each feed ends
  // with 2 or 3 rows (keep 2, trimmed once over 3), and every other row of
  // the 9 and 8 was deleted and counted (the counter moves just after the
  // commit the row counts see: both are polled).
  const deadline = Date.now() + 20_000;
  const settled = async () => rowsOf(me) <= 3 && rowsOf(friend) <= 3 &&
    await trimmedRows() === (9 - rowsOf(me)) + (8 - rowsOf(friend));
  while (!await settled()) {
    assert.ok(Date.now() < deadline,
      `not trimmed: ${rowsOf(me)} and ${rowsOf(friend)} rows, ${await trimmedRows()} deleted`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(await wholeFeed(me.client), expected);
  assert.deepEqual(await wholeFeed(friend.client), expected.filter((id) => posted.slice(0, 8).includes(id)));

  // New posts still land on top, the rest below them as before.
  const newest = await post(friend);
  assert.deepEqual(await wholeFeed(me.client), [newest, ...expected]);
});
