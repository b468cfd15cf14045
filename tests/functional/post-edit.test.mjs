// Editing a post after posting (issue 14.5, PATCH /posts/{id}): caption and
// alt texts, by its author only, with an "edited" mark; hashtags follow the
// new caption; mentions notify the newly mentioned once.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { signUp, expectError } from './lib/client.mjs';
import { createPost } from './lib/posts.mjs';

let server;
before(async () => { server = await startServer({ args: ['--post-limit', '100', '--action-limit', '1000'] }); });
after(async () => { await server.stop(); });

const api = (p) => `/api/v1${p}`;

async function post(client, options) {
  const r = await createPost(client, options);
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}

const edit = (client, id, json) => client.patch(api(`/posts/${id}`), json);

async function tagPage(client, tag) {
  const r = await client.get(api(`/tags/${tag}`));
  assert.equal(r.status, 200);
  return r.body.items.map((p) => p.id);
}

async function tagCount(client, tag) {
  const r = await client.get(api(`/search?q=%23${tag}`));
  return r.body.tags.find((t) => t.name === tag)?.postCount ?? 0;
}

describe('the author edits', () => {
  test('a new caption and alt texts: 200, editedAt set, seen by everyone', async () => {
    const alice = await signUp(server.origin, 'edita');
    const bob = await signUp(server.origin, 'editb');
    const p = await post(alice.client, { images: ['plain.jpg', 'plain.webp'], caption: 'first try', alt: ['a', 'b'] });
    assert.equal(p.editedAt, null);
    const r = await edit(alice.client, p.id, { caption: 'second try', alt: ['a dog', 'a cat'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.post.caption, 'second try');
    assert.deepEqual(r.body.post.media.map((m) => m.alt), ['a dog', 'a cat']);
    assert.match(r.body.post.editedAt, /^\d{4}-\d\d-\d\dT/);
    assert.equal(r.body.post.createdAt, p.createdAt, 'the post keeps its date');
    const seen = await bob.client.get(api(`/posts/${p.id}`));
    assert.equal(seen.body.post.caption, 'second try');
    assert.equal(seen.body.post.editedAt, r.body.post.editedAt);
    const feed = await alice.client.get(api('/feed'));
    assert.equal(feed.body.items.find((x) => x.id === p.id).editedAt, r.body.post.editedAt);
  });

  test('only the caption, or only the alt texts: the rest stays', async () => {
    const alice = await signUp(server.origin, 'editc');
    const p = await post(alice.client, { images: ['plain.jpg'], caption: 'keep me', alt: ['keep alt'] });
    const a = await edit(alice.client, p.id, { alt: ['new alt'] });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.post.caption, 'keep me');
    assert.equal(a.body.post.media[0].alt, 'new alt');
    const c = await edit(alice.client, p.id, { caption: 'new caption', alt: null });
    assert.equal(c.body.post.caption, 'new caption');
    assert.equal(c.body.post.media[0].alt, 'new alt');
  });

  test('sending what is already there changes nothing: no edited mark', async () => {
    const alice = await signUp(server.origin, 'editd');
    const p = await post(alice.client, { caption: 'same', alt: ['same alt'] });
    const r = await edit(alice.client, p.id, { caption: 'same', alt: ['same alt'] });
    assert.equal(r.status, 200);
    assert.equal(r.body.post.editedAt, null);
  });

  test('hashtags follow the caption: dropped tags uncounted, new ones counted, the post keeps its place', async () => {
    const alice = await signUp(server.origin, 'edite');
    const tag = (s) => `${s}${Date.now().toString(36)}`;
    const [old, kept, added] = [tag('old'), tag('kept'), tag('added')];
    const p = await post(alice.client, { caption: `#${old} #${kept}` });
    const later = await post(alice.client, { caption: `#${added}` });
    assert.equal(await tagCount(alice.client, old), 1);
    const r = await edit(alice.client, p.id, { caption: `#${kept} #${added} and words` });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await tagPage(alice.client, old), []);
    assert.equal(await tagCount(alice.client, old), 0);
    assert.deepEqual(await tagPage(alice.client, kept), [p.id]);
    assert.equal(await tagCount(alice.client, kept), 1);
    // Newest first by the posts' own dates: the edited (older) post comes after.
    assert.deepEqual(await tagPage(alice.client, added), [later.id, p.id]);
    assert.equal(await tagCount(alice.client, added), 2);
  });

  test('mentions: the newly mentioned are notified, the already mentioned not again', async () => {
    const alice = await signUp(server.origin, 'editf');
    const bob = await signUp(server.origin, 'editg');
    const carol = await signUp(server.origin, 'edith');
    const p = await post(alice.client, { caption: `hi @${bob.user.username}` });
    const mentionsOf = async (who) => (await who.client.get(api('/notifications'))).body.items
      .filter((n) => n.type === 'mention' && n.post?.id === p.id).length;
    assert.equal(await mentionsOf(bob), 1);
    assert.equal((await edit(alice.client, p.id, { caption: `hi @${bob.user.username} and @${carol.user.username}` })).status, 200);
    assert.equal(await mentionsOf(bob), 1, 'bob was mentioned already');
    assert.equal(await mentionsOf(carol), 1);
    // Away and back: still one.
    await edit(alice.client, p.id, { caption: 'nobody' });
    await edit(alice.client, p.id, { caption: `@${bob.user.username} again` });
    assert.equal(await mentionsOf(bob), 1);
  });
});

describe('nobody else edits, and hostile input changes nothing', () => {
  test('another user: 403 when they can see the post, 404 when they cannot; anonymous 401', async () => {
    const alice = await signUp(server.origin, 'editi');
    const mallory = await signUp(server.origin, 'editj');
    const p = await post(alice.client, { caption: 'mine' });
    expectError(assert, await edit(mallory.client, p.id, { caption: 'pwned' }), 403, 'forbidden');
    await alice.client.patch(api('/users/me'), { isPrivate: true });
    expectError(assert, await edit(mallory.client, p.id, { caption: 'pwned' }), 404, 'not_found');
    const anonymous = await fetch(`${server.origin}${api(`/posts/${p.id}`)}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"caption":"x"}' });
    assert.equal(anonymous.status, 401);
    const after = await alice.client.get(api(`/posts/${p.id}`));
    assert.equal(after.body.post.caption, 'mine');
    assert.equal(after.body.post.editedAt, null);
  });

  test('wrong types, sizes and counts are 422 naming the field; nothing is half-applied', async () => {
    const alice = await signUp(server.origin, 'editk');
    const p = await post(alice.client, { images: ['plain.jpg', 'plain.webp'], caption: 'intact', alt: ['x', 'y'] });
    const cases = [
      [{ caption: 5 }, 'caption'],
      [{ caption: 'x'.repeat(2201) }, 'caption'],
      [{ alt: 'one' }, 'alt'],
      [{ alt: ['only one'] }, 'alt'],
      [{ alt: ['a', 'b', 'c'] }, 'alt'],
      [{ alt: ['a', 7] }, 'alt[1]'],
      [{ caption: 'changed', alt: ['too few'] }, 'alt'],
      [{}, 'caption'],
    ];
    for (const [body, field] of cases) {
      const error = expectError(assert, await edit(alice.client, p.id, body), 422, 'invalid_value');
      assert.equal(error.field, field, JSON.stringify(body));
    }
    const malformed = await alice.client.request('PATCH', api(`/posts/${p.id}`), {
      body: '{"caption":', headers: { 'content-type': 'application/json' } });
    expectError(assert, malformed, 400);
    expectError(assert, await edit(alice.client, 'nope', { caption: 'x' }), 404, 'not_found');
    expectError(assert, await edit(alice.client, '999999999', { caption: 'x' }), 404, 'not_found');
    const after = await alice.client.get(api(`/posts/${p.id}`));
    assert.equal(after.body.post.caption, 'intact');
    assert.deepEqual(after.body.post.media.map((m) => m.alt), ['x', 'y']);
    assert.equal(after.body.post.editedAt, null);
  });
});
