// A post by an account with more followers than --feed-fanout-inline reaches
// its followers' home feeds from the background queue
// (app/feed_fanout_worker.hpp), a --feed-fanout-batch of followers at a time:
// at once for its author, within moments for the followers, never for
// someone who may not see it, and never after the post is deleted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';
import { querySql } from './lib/admin.mjs';
import { parseExposition, valueOf, scrape } from './lib/metrics.mjs';

let server;
before(async () => {
  // Above one follower a post is queued; two followers per batch.
  server = await startServer({
    args: ['--feed-fanout-inline', '1', '--feed-fanout-batch', '2', '--feed-fanout-poll-ms', '100',
      '--post-limit', '1000'],
  });
});
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;

async function post(who) {
  const r = await createPost(who.client);
  assert.equal(r.status, 201, r.text);
  return r.body.post.id;
}
async function feedIds(client) {
  const r = await client.get(api('/feed'));
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((p) => p.id);
}
async function metric(name) {
  const { text } = await scrape(server.metricsUrl);
  return valueOf(parseExposition(text), name) ?? 0;
}
async function eventually(check, what) {
  const deadline = Date.now() + 15_000;
  while (!await check()) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const pending = () => Number(querySql(server, 'SELECT count(*) FROM feed_fanouts')[0]);

test("a popular account's post reaches every follower from the queue, and its author at once", async () => {
  const star = await signUp(server.origin, 'fanstar');
  const fans = [];
  for (let i = 0; i < 5; i++) {
    const fan = await signUp(server.origin, `fan${i}`);
    assert.equal((await fan.client.post(api(`/users/${star.user.username}/follow`))).status, 200);
    fans.push(fan);
  }
  const outsider = await signUp(server.origin, 'fanoutsider');
  const postsBefore = await metric('lenslet_feed_fanout_posts_total');
  const rowsBefore = await metric('lenslet_feed_fanout_rows_total');

  const id = await post(star);
  assert.deepEqual(await feedIds(star.client), [id], 'the author waits for nobody');
  await eventually(async () => {
    for (const fan of fans) if (!(await feedIds(fan.client)).includes(id)) return false;
    return true;
  }, 'a follower never got the post');
  await eventually(async () => pending() === 0 &&
    await metric('lenslet_feed_fanout_posts_total') === postsBefore + 1, 'the queue kept the post');
  // Five rows, in three batches of at most two; nothing failed.
  assert.equal(await metric('lenslet_feed_fanout_rows_total'), rowsBefore + 5);
  assert.equal(await metric('lenslet_feed_fanout_failures_total'), 0);
  assert.equal(await metric('lenslet_feed_fanout_depth'), 0);
  assert.deepEqual(await feedIds(outsider.client), []);
});

test('a post deleted before its delivery reaches nobody else', async () => {
  // An instance whose worker looks at the queue once in ten minutes: the
  // deletion surely comes first.
  const slow = await startServer({
    args: ['--feed-fanout-inline', '1', '--feed-fanout-poll-ms', '600000', '--post-limit', '1000'],
  });
  try {
    const star = await signUp(slow.origin, 'gonestar');
    const fans = [];
    for (let i = 0; i < 3; i++) {
      const fan = await signUp(slow.origin, `gonefan${i}`);
      assert.equal((await fan.client.post(api(`/users/${star.user.username}/follow`))).status, 200);
      fans.push(fan);
    }
    const id = await post(star);
    const queued = () => Number(querySql(slow, 'SELECT count(*) FROM feed_fanouts')[0]);
    assert.equal(queued(), 1);
    assert.equal((await star.client.delete(api(`/posts/${id}`))).status, 204);
    assert.equal(queued(), 0, 'the deleted post stayed queued');
    for (const fan of fans) assert.ok(!(await feedIds(fan.client)).includes(id));
    assert.equal(Number(querySql(slow, `SELECT count(*) FROM home_feed WHERE post_id = ${id}`)[0]), 0);
  } finally {
    await slow.stop();
  }
});
