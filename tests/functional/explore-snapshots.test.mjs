// Explore from the shared ranking (--explore-refresh-ms, api/feed/explore_snapshots.hpp),
// from the outside: the ranking moves at the refresh's pace, what a viewer may
// see never lags — a block, a private switch, a deleted post or a new follow
// takes the post out of the very next page (suspensions too: the same rule,
// explore_snapshots_dbtest.cpp and the moderation tests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';

let server;
// A ranking that lives for the whole file: whatever happens, it is never recomputed here.
before(async () => { server = await startServer({ args: ['--explore-refresh-ms', '3600000'] }); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;
const IMAGE = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plain.jpg'));

async function post(who) {
  const form = new FormData();
  form.append('images', new Blob([IMAGE], { type: 'image/jpeg' }), 'plain.jpg');
  const r = await who.client.request('POST', api('/posts'), { body: form });
  assert.equal(r.status, 201, r.text);
  return r.body.post.id;
}

const explore = async (who) => {
  const r = await who.client.get(api('/explore?limit=50'));
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((item) => item.id);
};

test('the ranking is shared until it is refreshed; what the viewer may see is read on every page', async () => {
  const viewer = await signUp(server.origin, 'viewer');
  const [a, b, c, d] = await Promise.all(['a', 'b', 'c', 'd'].map((name) => signUp(server.origin, `author_${name}`)));
  const posts = { a: await post(a), b: await post(b), c: await post(c), d: await post(d) };
  const first = await explore(viewer);
  assert.deepEqual(new Set(first), new Set(Object.values(posts)));

  // New posts wait for the next ranking (an hour away here).
  const late = await post(a);
  assert.ok(!(await explore(viewer)).includes(late), 'a post newer than the ranking is not there yet');

  // Privacy does not wait: a's account goes private, c blocks the viewer,
  // d deletes the post, the viewer follows b.
  assert.equal((await a.client.patch(api('/users/me'), { isPrivate: true })).status, 200);
  assert.equal((await c.client.post(api(`/users/${viewer.user.username}/block`))).status, 204);
  assert.equal((await d.client.delete(api(`/posts/${posts.d}`))).status, 204);
  assert.equal((await viewer.client.post(api(`/users/${b.user.username}/follow`))).status, 200);
  assert.deepEqual(await explore(viewer), []);
});
