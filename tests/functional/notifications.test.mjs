// Notifications as API.md describes them: what follows and follow requests
// create, the list (newest first, paginated, unreadCount), marking read, and
// that nobody sees or touches another user's notifications.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const api = (path) => `/api/v1${path}`;

async function notificationsOf(who, query = '') {
  const r = await who.client.get(api(`/notifications${query}`));
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function follow(who, target) {
  const r = await who.client.post(api(`/users/${target.user.username}/follow`));
  assert.equal(r.status, 200, r.text);
}

async function unfollow(who, target) {
  const r = await who.client.delete(api(`/users/${target.user.username}/follow`));
  assert.equal(r.status, 200, r.text);
}

describe('notifications', () => {
  test('a follow notifies the followed user with the documented shape', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    await follow(alice, bob);
    const page = await notificationsOf(bob);
    assert.equal(page.unreadCount, 1);
    assert.equal(page.nextCursor, null);
    assert.equal(page.items.length, 1);
    const n = page.items[0];
    for (const f of ['id', 'type', 'actor', 'post', 'comment', 'createdAt', 'read']) assert.ok(f in n, `${f} missing`);
    assert.equal(typeof n.id, 'string');
    assert.equal(n.type, 'follow');
    assert.equal(n.actor.id, alice.user.id);
    assert.equal(n.actor.username, alice.user.username);
    assert.ok(!('email' in n.actor));
    assert.equal(n.actor.followedByMe, false);
    assert.equal(n.post, null);
    assert.equal(n.comment, null);
    assert.equal(n.read, false);
    assert.match(n.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(n.createdAt) - Date.now()) < 60_000);
    // The actor gets nothing: nobody is notified of their own actions.
    assert.deepEqual((await notificationsOf(alice)).items, []);
    assert.equal((await notificationsOf(alice)).unreadCount, 0);
    // followedByMe on the actor reflects the recipient's own follow.
    await follow(bob, alice);
    assert.equal((await notificationsOf(bob)).items[0].actor.followedByMe, true);
  });

  test('follow → unfollow → follow does not stack notifications', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    await follow(alice, bob);
    await unfollow(alice, bob);
    assert.deepEqual((await notificationsOf(bob)).items, []);
    await follow(alice, bob);
    await follow(alice, bob);
    await unfollow(alice, bob);
    await follow(alice, bob);
    const page = await notificationsOf(bob);
    assert.equal(page.items.length, 1);
    assert.equal(page.unreadCount, 1);
  });

  test('a request notifies "follow_request"; accepting turns it into "follow", declining or cancelling removes it', async () => {
    const owner = await signUp(server.origin, 'priv');
    const fan = await signUp(server.origin, 'fan');
    const other = await signUp(server.origin, 'other');
    const third = await signUp(server.origin, 'third');
    assert.equal((await owner.client.patch(api('/users/me'), { isPrivate: true })).status, 200);
    await follow(fan, owner);
    await follow(other, owner);
    await follow(third, owner);
    let page = await notificationsOf(owner);
    assert.deepEqual(page.items.map((n) => n.type), ['follow_request', 'follow_request', 'follow_request']);
    assert.equal(page.unreadCount, 3);
    const fromFan = page.items.find((n) => n.actor.id === fan.user.id);

    assert.equal((await owner.client.post(api(`/follow-requests/${fan.user.id}/accept`))).status, 204);
    assert.equal((await owner.client.post(api(`/follow-requests/${other.user.id}/decline`))).status, 204);
    await unfollow(third, owner); // cancels the request
    page = await notificationsOf(owner);
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].id, fromFan.id, 'the same notification, now a follow');
    assert.equal(page.items[0].type, 'follow');
    assert.equal(page.unreadCount, 1);
  });

  test('going public turns the pending requests into follow notifications', async () => {
    const owner = await signUp(server.origin, 'priv');
    const fans = [await signUp(server.origin, 'fan'), await signUp(server.origin, 'fan')];
    await owner.client.patch(api('/users/me'), { isPrivate: true });
    for (const fan of fans) await follow(fan, owner);
    await owner.client.patch(api('/users/me'), { isPrivate: false });
    const page = await notificationsOf(owner);
    assert.deepEqual(page.items.map((n) => n.type), ['follow', 'follow']);
  });

  test('blocking removes the notifications between the two users', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    await follow(alice, bob);
    await follow(bob, alice);
    assert.equal((await bob.client.post(api(`/users/${alice.user.username}/block`))).status, 204);
    assert.deepEqual((await notificationsOf(bob)).items, []);
    assert.deepEqual((await notificationsOf(alice)).items, []);
  });

  test('newest first, paginated without gaps or repeats', async () => {
    const star = await signUp(server.origin, 'star');
    const fans = [];
    for (let i = 0; i < 5; i++) {
      fans.push(await signUp(server.origin, 'fan'));
      await follow(fans[i], star);
    }
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = await notificationsOf(star, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.unreadCount, 5, 'unreadCount counts all, not the page');
      assert.ok(page.items.length <= 2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((n) => n.actor.id), fans.map((f) => f.user.id).reverse());
    const ids = seen.map((n) => BigInt(n.id));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] > ids[i], 'strictly newest first');
    for (const q of ['?limit=0', '?limit=x', '?cursor=nope', '?cursor=djE6MSwy']) {
      expectError(assert, await star.client.get(api(`/notifications${q}`)), 422, 'invalid_value');
    }
  });

  test('mark read: all, or up to an id; only the caller\'s own', async () => {
    const star = await signUp(server.origin, 'star');
    const other = await signUp(server.origin, 'other');
    const fans = [];
    for (let i = 0; i < 4; i++) {
      fans.push(await signUp(server.origin, 'fan'));
      await follow(fans[i], star);
      await follow(fans[i], other);
    }
    const items = (await notificationsOf(star)).items; // newest first
    const upTo = items[2].id; // the two oldest
    const r = await star.client.post(api('/notifications/read'), { upTo });
    assert.equal(r.status, 204, r.text);
    let page = await notificationsOf(star);
    assert.equal(page.unreadCount, 2);
    assert.deepEqual(page.items.map((n) => n.read), [false, false, true, true]);
    // Another user's ids mark nothing of theirs: upTo only ever covers the caller's own.
    const otherPage = await notificationsOf(other);
    assert.equal(otherPage.unreadCount, 4);
    assert.equal((await star.client.post(api('/notifications/read'), { upTo: otherPage.items[0].id })).status, 204);
    assert.equal((await notificationsOf(other)).unreadCount, 4);
    page = await notificationsOf(star);
    assert.equal(page.unreadCount, 0);

    // No body marks all.
    const all = await other.client.request('POST', api('/notifications/read'));
    assert.equal(all.status, 204, all.text);
    assert.equal((await notificationsOf(other)).unreadCount, 0);
    assert.equal((await other.client.post(api('/notifications/read'), {})).status, 204);
  });

  // SQLite gave a removed newest notification's id to the next one, so marking
  // read up to what the list had shown hid a later arrival unseen (migration 0023).
  test('marking read up to a shown notification never marks a later one, though the shown one is gone', async () => {
    const star = await signUp(server.origin, 'star');
    const fickle = await signUp(server.origin, 'fickle');
    const loyal = await signUp(server.origin, 'loyal');
    await follow(fickle, star);
    const shown = (await notificationsOf(star)).items[0];
    assert.equal(shown.actor.id, fickle.user.id);
    await unfollow(fickle, star);
    await follow(loyal, star);
    const r = await star.client.post(api('/notifications/read'), { upTo: shown.id });
    assert.equal(r.status, 204, r.text);
    const page = await notificationsOf(star);
    assert.deepEqual(page.items.map((n) => [n.actor.username, n.read]), [[loyal.user.username, false]]);
    assert.equal(page.unreadCount, 1);
    assert.notEqual(page.items[0].id, shown.id);
  });

  test('hostile input: wrong types 422, malformed JSON 400, no session 401', async () => {
    const alice = await signUp(server.origin, 'alice');
    for (const upTo of [5, true, ['1'], { id: '1' }, 'abc', '-1', '0']) {
      const err = expectError(assert, await alice.client.post(api('/notifications/read'), { upTo }), 422, 'invalid_value');
      assert.equal(err.field, 'upTo');
    }
    const malformed = await alice.client.request('POST', api('/notifications/read'), { body: '{"upTo":', headers: { 'content-type': 'application/json' } });
    expectError(assert, malformed, 400, 'malformed_json');
    const anon = new Client(server.origin);
    expectError(assert, await anon.get(api('/notifications')), 401, 'unauthenticated');
    expectError(assert, await anon.post(api('/notifications/read'), {}), 401, 'unauthenticated');
    const forged = new Client(server.origin);
    forged.bearer = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.';
    expectError(assert, await forged.get(api('/notifications')), 401);
  });
});
