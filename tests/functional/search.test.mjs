// GET /search?q= as API.md describes it: users by username or display-name
// prefix (any case, ranked, never blocked either way), tags by prefix with
// their post counts, wildcards matching themselves, and hostile queries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;
const IMAGE = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plain.jpg'));
const search = async (client, q) => {
  const r = await client.get(api(`/search?q=${encodeURIComponent(q)}`));
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('users by prefix of username or display name, ranked, blocked ones hidden', async () => {
  const tag = Date.now().toString(36).slice(-5);
  const me = await signUp(server.origin, 'searcher');
  const exact = await signUp(server.origin, `zq${tag}`);
  const longer = await signUp(server.origin, `zq${tag}x`);
  const friend = await signUp(server.origin, `zq${tag}y`);
  const byName = await signUp(server.origin, 'other');
  const blocker = await signUp(server.origin, `zq${tag}z`);
  await byName.client.patch(api('/users/me'), { displayName: `ZQ${tag.toUpperCase()} Person` });
  await me.client.post(api(`/users/${friend.user.username}/follow`));
  await blocker.client.post(api(`/users/${me.user.username}/block`));

  // signUp names are "<prefix>_<tag>": search the real usernames' prefix.
  const prefix = exact.user.username;
  const found = (await search(me.client, prefix.toUpperCase())).users.map((u) => u.username);
  assert.equal(found[0], exact.user.username, 'the exact username first');
  assert.ok(!found.includes(blocker.user.username));
  const byPrefix = (await search(me.client, `zq${tag}`)).users.map((u) => u.username);
  assert.equal(byPrefix[0], friend.user.username, 'followed accounts before others');
  for (const u of [exact, longer, byName]) assert.ok(byPrefix.includes(u.user.username), u.user.username);
  const user = (await search(me.client, `@zq${tag}`)).users[0];
  for (const f of ['id', 'username', 'displayName', 'isPrivate', 'followerCount', 'followedByMe']) assert.ok(f in user, f);
  assert.equal(user.followedByMe, true);
  assert.ok(!('email' in user));
  assert.ok((await search(new Client(server.origin), `zq${tag}`)).users.length >= 4);
});

test('tags by prefix with post counts; wildcards are literal; empty and hostile queries', async () => {
  const t = `t${Date.now().toString(36)}`;
  const author = await signUp(server.origin, 'tagauthor');
  for (const caption of [`#${t}one`, `#${t}one #${t}two`]) {
    const form = new FormData();
    form.append('images', new Blob([IMAGE], { type: 'image/jpeg' }), 'plain.jpg');
    form.append('caption', caption);
    const r = await author.client.request('POST', api('/posts'), { body: form });
    assert.equal(r.status, 201, r.text);
  }
  const anon = new Client(server.origin);
  assert.deepEqual((await search(anon, `#${t.toUpperCase()}`)).tags, [{ name: `${t}one`, postCount: 2 }, { name: `${t}two`, postCount: 1 }]);
  assert.deepEqual((await search(anon, `#${t}`)).users, []);
  for (const q of ['', '   ', '#', '@', '# ']) assert.deepEqual(await search(anon, q), { users: [], tags: [] });
  // '%' and '_' match themselves, not everything.
  assert.deepEqual(await search(anon, '%'), { users: [], tags: [] });
  assert.deepEqual((await search(anon, '_')).users, []);
  assert.deepEqual((await search(anon, `${t.slice(0, 2)}%`)).tags, []);
  assert.deepEqual(await search(anon, "'; DROP TABLE users; --"), { users: [], tags: [] });
  assert.equal((await anon.get(api('/search'))).status, 200);
  expectError(assert, await anon.get(api(`/search?q=${'a'.repeat(101)}`)), 422);
  assert.equal((await anon.get(api(`/search?q=${'a'.repeat(100)}`))).status, 200);
  assert.equal((await anon.get(api(`/search?q=${encodeURIComponent('é'.repeat(100))}`))).status, 200);
});
