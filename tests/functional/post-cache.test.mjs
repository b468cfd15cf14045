// Posts are rendered once per edit and kept, with their images, in memory
// bounded by --post-cache-mb (app/post_caches.hpp): a page of posts it holds
// renders nothing again, an edit is never served from the old entry, a budget
// of 0 keeps nothing and changes no answer, and lenslet_post_cache_* shows it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';
import { parseExposition, valueOf, scrape } from './lib/metrics.mjs';

const api = (p) => `/api/v1${p}`;

async function cacheFigures(server, cache) {
  const families = parseExposition((await scrape(server.metricsUrl)).text);
  const figure = (name) => valueOf(families, `lenslet_post_cache_${name}`, { cache });
  return {
    hits: figure('hits_total'), misses: figure('misses_total'), entries: figure('entries'),
    bytes: figure('bytes'), budget: figure('budget_bytes'),
  };
}
async function feed(client) {
  const r = await client.get(api('/feed'));
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
async function post(who, caption) {
  const r = await createPost(who.client, { caption });
  assert.equal(r.status, 201, r.text);
  return r.body.post.id;
}

describe('--post-cache-mb 1', () => {
  let server;
  let alice;
  before(async () => {
    server = await startServer({ args: ['--post-cache-mb', '1'] });
    alice = await signUp(server.origin, 'alice');
  });
  after(async () => { await server.stop(); });

  test('gives half to the rendered posts and half to their images', async () => {
    assert.equal((await cacheFigures(server, 'rendered')).budget, 524_288);
    assert.equal((await cacheFigures(server, 'images')).budget, 524_288);
  });

  test('a post is rendered once, and again only after an edit', async () => {
    const id = await post(alice, 'first words');
    assert.equal((await feed(alice.client))[0].caption, 'first words');
    const before = await cacheFigures(server, 'rendered');
    assert.ok(before.entries >= 1 && before.bytes > 0 && before.bytes <= before.budget, JSON.stringify(before));

    const again = await feed(alice.client);
    assert.equal(again[0].caption, 'first words');
    const held = await cacheFigures(server, 'rendered');
    assert.equal(held.misses, before.misses, 'the second page rendered the post again');
    assert.equal(held.hits, before.hits + 1);

    const edit = await alice.client.patch(api(`/posts/${id}`), { caption: 'second thoughts' });
    assert.equal(edit.status, 200, edit.text);
    assert.equal((await feed(alice.client))[0].caption, 'second thoughts');
    const edited = await cacheFigures(server, 'rendered');
    assert.equal(edited.misses, held.misses + 1, 'the edit must not be served from the old entry');
    assert.equal((await feed(alice.client))[0].caption, 'second thoughts');
    assert.equal((await cacheFigures(server, 'rendered')).misses, edited.misses);
  });
});

describe('--post-cache-mb 0', () => {
  let server;
  let bob;
  before(async () => {
    server = await startServer({ args: ['--post-cache-mb', '0'] });
    bob = await signUp(server.origin, 'bob');
  });
  after(async () => { await server.stop(); });

  test('keeps nothing and answers the same', async () => {
    await post(bob, 'one');
    await post(bob, 'two');
    const first = await feed(bob.client);
    const second = await feed(bob.client);
    assert.deepEqual(second, first);
    assert.deepEqual(first.map((p) => p.caption), ['two', 'one']);
    for (const cache of ['rendered', 'images']) {
      const figures = await cacheFigures(server, cache);
      assert.equal(figures.budget, 0);
      assert.equal(figures.entries, 0);
      assert.equal(figures.hits, 0, `${cache}: ${JSON.stringify(figures)}`);
    }
  });
});
