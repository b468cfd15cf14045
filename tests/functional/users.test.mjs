// Profiles and the social graph as API.md describes them: profiles, PATCH
// /users/me, follows of public and private accounts, follow requests, blocks,
// followers/following lists and their privacy rules, exact counters.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, JWT_SECRET } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { sign } from './lib/jwt.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const api = (path) => `/api/v1${path}`;
const PUBLIC_USER_FIELDS = ['id', 'username', 'displayName', 'bio', 'website', 'avatarUrl', 'isPrivate',
  'postCount', 'followerCount', 'followingCount', 'followedByMe', 'requestedByMe'];

async function profile(client, username) {
  const r = await client.get(api(`/users/${username}`));
  assert.equal(r.status, 200, r.text);
  return r.body.user;
}

async function counts(username) {
  const u = await profile(new Client(server.origin), username);
  return [u.followerCount, u.followingCount];
}

async function makePrivate(who) {
  const r = await who.client.patch(api('/users/me'), { isPrivate: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.isPrivate, true);
}

async function follow(who, target, expectedStatus = 200) {
  const r = await who.client.post(api(`/users/${target.user.username}/follow`));
  assert.equal(r.status, expectedStatus, r.text);
  return r.body?.user;
}

// Every page of a list, following nextCursor.
async function listAll(client, path, limit = 2) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(api(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('pagination never ended');
}

describe('profiles', () => {
  test('GET /users/{username} is public, case-insensitive, and has the public user shape', async () => {
    const alice = await signUp(server.origin, 'alice');
    const anon = new Client(server.origin);
    const r = await anon.get(api(`/users/${alice.user.username.toUpperCase()}`));
    assert.equal(r.status, 200, r.text);
    for (const f of PUBLIC_USER_FIELDS) assert.ok(f in r.body.user, `user.${f} missing`);
    assert.equal(r.body.user.id, alice.user.id);
    assert.ok(!('email' in r.body.user), 'no email on the public object');
    assert.equal(r.body.user.followedByMe, false);
    assert.equal(r.body.user.requestedByMe, false);
  });

  test('unknown users are 404', async () => {
    const anon = new Client(server.origin);
    expectError(assert, await anon.get(api('/users/nobody_here_at_all')), 404, 'not_found');
    expectError(assert, await anon.get(api('/users/%00weird')), 404);
  });

  test('PATCH /users/me updates the fields given and ignores unknown ones', async () => {
    const alice = await signUp(server.origin, 'alice');
    const r = await alice.client.patch(api('/users/me'), {
      displayName: '  Alice A.  ', bio: 'Photos of cats\nand dogs', website: 'https://alice.example.org/',
      followerCount: 1000, id: '1', isAdmin: true, username: 'hijack',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.displayName, 'Alice A.');
    assert.equal(r.body.user.bio, 'Photos of cats\nand dogs');
    assert.equal(r.body.user.website, 'https://alice.example.org/');
    assert.equal(r.body.user.followerCount, 0);
    assert.equal(r.body.user.username, alice.user.username);
    assert.equal(r.body.user.id, alice.user.id);
    // Absent fields stay; an empty website clears it; a blank display name is the username.
    const r2 = await alice.client.patch(api('/users/me'), { website: '', displayName: ' ' });
    assert.equal(r2.status, 200, r2.text);
    assert.equal(r2.body.user.bio, 'Photos of cats\nand dogs');
    assert.equal(r2.body.user.website, '');
    assert.equal(r2.body.user.displayName, alice.user.username);
    const seen = await profile(new Client(server.origin), alice.user.username);
    assert.equal(seen.bio, 'Photos of cats\nand dogs');
  });

  test('bio is at most 150 code points (not bytes)', async () => {
    const alice = await signUp(server.origin, 'alice');
    const ok = await alice.client.patch(api('/users/me'), { bio: '📷'.repeat(150) });
    assert.equal(ok.status, 200, ok.text);
    const err = expectError(assert, await alice.client.patch(api('/users/me'), { bio: 'x'.repeat(151) }), 422, 'invalid_value');
    assert.equal(err.field, 'bio');
  });

  const badWebsites = ['example.org', 'javascript:alert(1)', 'ftp://example.org', 'https://', 'https://u:p@evil.example',
    `https://${'a'.repeat(200)}.org`, 'https://exa mple.org'];
  for (const website of badWebsites) {
    test(`website ${JSON.stringify(website.slice(0, 30))} is refused with 422`, async () => {
      const alice = await signUp(server.origin, 'alice');
      const err = expectError(assert, await alice.client.patch(api('/users/me'), { website }), 422, 'invalid_value');
      assert.equal(err.field, 'website');
    });
  }

  const wrongTypes = [['displayName', 5], ['bio', ['a']], ['website', { a: 1 }], ['isPrivate', 'yes'], ['isPrivate', 1]];
  for (const [field, value] of wrongTypes) {
    test(`PATCH /users/me with ${field}: ${JSON.stringify(value)} is 422 naming the field`, async () => {
      const alice = await signUp(server.origin, 'alice');
      const err = expectError(assert, await alice.client.patch(api('/users/me'), { [field]: value }), 422, 'invalid_value');
      assert.equal(err.field, field);
    });
  }

  test('PATCH /users/me counts against --action-limit: 429 with Retry-After, and the refused change is not made', async () => {
    const limited = await startServer({ args: ['--action-limit', '3'] });
    try {
      const me = await signUp(limited.origin, 'edits');
      for (let i = 1; i <= 3; i++) {
        assert.equal((await me.client.patch(api('/users/me'), { bio: `take ${i}` })).status, 200);
      }
      const refused = await me.client.patch(api('/users/me'), { bio: 'one too many' });
      expectError(assert, refused, 429, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal((await me.client.get(api(`/users/${me.user.username}`))).body.user.bio, 'take 3');
    } finally {
      await limited.stop();
    }
  });

  test('PATCH /users/me: malformed JSON is 400, no session is 401, forged tokens are 401', async () => {
    const alice = await signUp(server.origin, 'alice');
    const malformed = await alice.client.request('PATCH', api('/users/me'), { body: '{"bio": ', headers: { 'content-type': 'application/json' } });
    expectError(assert, malformed, 400, 'malformed_json');
    expectError(assert, await alice.client.request('PATCH', api('/users/me'), { body: '[1,2]', headers: { 'content-type': 'application/json' } }), 400);
    expectError(assert, await new Client(server.origin).patch(api('/users/me'), { bio: 'x' }), 401, 'unauthenticated');
    const forged = new Client(server.origin);
    const now = Math.floor(Date.now() / 1000);
    forged.bearer = sign({ sub: alice.user.id, sid: '1', iat: now, exp: now + 600 }, 'not-the-server-secret-0123456789abcdef');
    expectError(assert, await forged.patch(api('/users/me'), { bio: 'pwned' }), 401);
    forged.bearer = 'garbage';
    expectError(assert, await forged.patch(api('/users/me'), { bio: 'pwned' }), 401);
    // A correctly signed token for a session that does not exist.
    forged.bearer = sign({ sub: alice.user.id, sid: '999999', iat: now, exp: now + 600 }, JWT_SECRET);
    expectError(assert, await forged.patch(api('/users/me'), { bio: 'pwned' }), 401);
    assert.equal((await profile(new Client(server.origin), alice.user.username)).bio, '');
  });
});

describe('follows', () => {
  test('following a public account is immediate, notifies, counts, and is idempotent', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const shown = await follow(alice, bob);
    assert.equal(shown.id, bob.user.id);
    assert.equal(shown.followedByMe, true);
    assert.equal(shown.requestedByMe, false);
    assert.equal(shown.followerCount, 1);
    const again = await follow(alice, bob);
    assert.equal(again.followerCount, 1);
    assert.deepEqual(await counts(bob.user.username), [1, 0]);
    assert.deepEqual(await counts(alice.user.username), [0, 1]);
    assert.equal((await profile(alice.client, bob.user.username)).followedByMe, true);
    assert.equal((await profile(bob.client, alice.user.username)).followedByMe, false);

    const un = await alice.client.delete(api(`/users/${bob.user.username.toUpperCase()}/follow`));
    assert.equal(un.status, 200, un.text);
    assert.equal(un.body.user.followedByMe, false);
    assert.equal(un.body.user.followerCount, 0);
    const unAgain = await alice.client.delete(api(`/users/${bob.user.username}/follow`));
    assert.equal(unAgain.status, 200);
    assert.deepEqual(await counts(bob.user.username), [0, 0]);
    assert.deepEqual(await counts(alice.user.username), [0, 0]);
  });

  test('following yourself is 422, unknown users 404, without a session 401', async () => {
    const alice = await signUp(server.origin, 'alice');
    expectError(assert, await alice.client.post(api(`/users/${alice.user.username}/follow`)), 422, 'invalid_value');
    expectError(assert, await alice.client.post(api('/users/no_such_user_x/follow')), 404, 'not_found');
    expectError(assert, await alice.client.delete(api('/users/no_such_user_x/follow')), 404, 'not_found');
    expectError(assert, await new Client(server.origin).post(api(`/users/${alice.user.username}/follow`)), 401);
    expectError(assert, await new Client(server.origin).delete(api(`/users/${alice.user.username}/follow`)), 401);
    assert.deepEqual(await counts(alice.user.username), [0, 0]);
  });

  test('a private account gets a request; accept makes it a follow with exact counts', async () => {
    const owner = await signUp(server.origin, 'priv');
    const fan = await signUp(server.origin, 'fan');
    await makePrivate(owner);
    const shown = await follow(fan, owner);
    assert.equal(shown.requestedByMe, true);
    assert.equal(shown.followedByMe, false);
    assert.equal(shown.followerCount, 0);
    assert.equal((await follow(fan, owner)).requestedByMe, true, 'idempotent');
    assert.deepEqual(await counts(owner.user.username), [0, 0]);

    const requests = await owner.client.get(api('/follow-requests'));
    assert.equal(requests.status, 200, requests.text);
    assert.deepEqual(requests.body.items.map((u) => u.id), [fan.user.id]);
    assert.equal(requests.body.nextCursor, null);
    for (const f of PUBLIC_USER_FIELDS) assert.ok(f in requests.body.items[0]);

    const accept = await owner.client.post(api(`/follow-requests/${fan.user.id}/accept`));
    assert.equal(accept.status, 204, accept.text);
    assert.deepEqual(await counts(owner.user.username), [1, 0]);
    assert.deepEqual(await counts(fan.user.username), [0, 1]);
    const now = await profile(fan.client, owner.user.username);
    assert.equal(now.followedByMe, true);
    assert.equal(now.requestedByMe, false);
    // Accepting again: there is no pending request any more.
    expectError(assert, await owner.client.post(api(`/follow-requests/${fan.user.id}/accept`)), 404, 'not_found');
    assert.deepEqual((await owner.client.get(api('/follow-requests'))).body.items, []);
  });

  test('decline and cancel remove the request and change no counts', async () => {
    const owner = await signUp(server.origin, 'priv');
    const fan = await signUp(server.origin, 'fan');
    const other = await signUp(server.origin, 'other');
    await makePrivate(owner);
    await follow(fan, owner);
    await follow(other, owner);
    const decline = await owner.client.post(api(`/follow-requests/${fan.user.id}/decline`));
    assert.equal(decline.status, 204, decline.text);
    expectError(assert, await owner.client.post(api(`/follow-requests/${fan.user.id}/decline`)), 404);
    assert.equal((await profile(fan.client, owner.user.username)).requestedByMe, false);
    const cancel = await other.client.delete(api(`/users/${owner.user.username}/follow`));
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.user.requestedByMe, false);
    assert.deepEqual((await owner.client.get(api('/follow-requests'))).body.items, []);
    assert.deepEqual(await counts(owner.user.username), [0, 0]);
    assert.deepEqual(await counts(fan.user.username), [0, 0]);
    assert.deepEqual(await counts(other.user.username), [0, 0]);
  });

  test('nobody can accept or decline a request sent to someone else', async () => {
    const owner = await signUp(server.origin, 'priv');
    const fan = await signUp(server.origin, 'fan');
    const intruder = await signUp(server.origin, 'intruder');
    await makePrivate(owner);
    await follow(fan, owner);
    expectError(assert, await intruder.client.post(api(`/follow-requests/${fan.user.id}/accept`)), 404, 'not_found');
    expectError(assert, await intruder.client.post(api(`/follow-requests/${fan.user.id}/decline`)), 404, 'not_found');
    // The requester cannot accept their own request either.
    expectError(assert, await fan.client.post(api(`/follow-requests/${owner.user.id}/accept`)), 404, 'not_found');
    expectError(assert, await fan.client.post(api(`/follow-requests/${fan.user.id}/accept`)), 404, 'not_found');
    for (const bad of ['abc', '0', '-1', '99999999999999999999', '1%27%20OR%201=1']) {
      expectError(assert, await owner.client.post(api(`/follow-requests/${bad}/accept`)), 404);
    }
    expectError(assert, await new Client(server.origin).post(api(`/follow-requests/${fan.user.id}/accept`)), 401);
    expectError(assert, await new Client(server.origin).get(api('/follow-requests')), 401);
    assert.deepEqual((await owner.client.get(api('/follow-requests'))).body.items.map((u) => u.id), [fan.user.id]);
    assert.deepEqual((await intruder.client.get(api('/follow-requests'))).body.items, []);
    assert.deepEqual(await counts(owner.user.username), [0, 0]);
  });

  test('going public accepts every pending request, counts included', async () => {
    const owner = await signUp(server.origin, 'priv');
    const fans = [];
    for (let i = 0; i < 3; i++) fans.push(await signUp(server.origin, 'fan'));
    await makePrivate(owner);
    for (const fan of fans) await follow(fan, owner);
    const r = await owner.client.patch(api('/users/me'), { isPrivate: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.isPrivate, false);
    assert.equal(r.body.user.followerCount, 3);
    for (const fan of fans) {
      assert.deepEqual(await counts(fan.user.username), [0, 1]);
      assert.equal((await profile(fan.client, owner.user.username)).followedByMe, true);
    }
    assert.deepEqual((await owner.client.get(api('/follow-requests'))).body.items, []);
    // Going private again keeps the followers.
    await makePrivate(owner);
    assert.deepEqual(await counts(owner.user.username), [3, 0]);
  });

  test('counts stay exact through a long sequence of follow/unfollow/request/accept/decline/block', async () => {
    const a = await signUp(server.origin, 'seqa');
    const b = await signUp(server.origin, 'seqb');
    const c = await signUp(server.origin, 'seqc');
    await follow(a, b); await follow(b, a); await follow(c, a); await follow(c, b);
    assert.deepEqual(await counts(a.user.username), [2, 1]);
    assert.deepEqual(await counts(b.user.username), [2, 1]);
    assert.deepEqual(await counts(c.user.username), [0, 2]);
    await makePrivate(a);
    await a.client.delete(api(`/users/${b.user.username}/follow`)); // a unfollows b
    await c.client.delete(api(`/users/${a.user.username}/follow`)); // c unfollows a
    await follow(c, a);                                               // request
    await a.client.post(api(`/follow-requests/${c.user.id}/decline`));
    await follow(c, a);                                               // request again
    await a.client.post(api(`/follow-requests/${c.user.id}/accept`));
    assert.deepEqual(await counts(a.user.username), [2, 0]);
    assert.deepEqual(await counts(b.user.username), [1, 1]);
    assert.deepEqual(await counts(c.user.username), [0, 2]);
    // a blocks c: c's follow of a goes; then b blocks a: a's follow... (a follows nobody) and b's follow of a go.
    assert.equal((await a.client.post(api(`/users/${c.user.username}/block`))).status, 204);
    assert.equal((await b.client.post(api(`/users/${a.user.username}/block`))).status, 204);
    assert.deepEqual(await counts(a.user.username), [0, 0]);
    assert.deepEqual(await counts(b.user.username), [1, 0]);
    assert.deepEqual(await counts(c.user.username), [0, 1]);
    // Double tap on follow/unfollow concurrently never double-counts.
    await Promise.all([follow(c, b), follow(c, b), follow(c, b)]);
    await Promise.all([
      c.client.delete(api(`/users/${b.user.username}/follow`)),
      c.client.delete(api(`/users/${b.user.username}/follow`)),
    ]);
    await Promise.all([follow(c, b), follow(c, b)]);
    assert.deepEqual(await counts(b.user.username), [1, 0]);
    assert.deepEqual(await counts(c.user.username), [0, 1]);
  });
});

describe('blocks', () => {
  test('blocking removes follows and requests both ways; the two become invisible to each other', async () => {
    const alice = await signUp(server.origin, 'alice');
    const bob = await signUp(server.origin, 'bob');
    const priv = await signUp(server.origin, 'priv');
    await follow(alice, bob);
    await follow(bob, alice);
    assert.equal((await alice.client.post(api(`/users/${bob.user.username}/block`))).status, 204);
    assert.equal((await alice.client.post(api(`/users/${bob.user.username}/block`))).status, 204, 'idempotent');
    assert.deepEqual(await counts(alice.user.username), [0, 0]);
    assert.deepEqual(await counts(bob.user.username), [0, 0]);
    // Profiles are 404 both ways; strangers still see both.
    expectError(assert, await alice.client.get(api(`/users/${bob.user.username}`)), 404, 'not_found');
    expectError(assert, await bob.client.get(api(`/users/${alice.user.username}`)), 404, 'not_found');
    await profile(new Client(server.origin), alice.user.username);
    // No follows either way, no lists.
    expectError(assert, await bob.client.post(api(`/users/${alice.user.username}/follow`)), 404);
    expectError(assert, await alice.client.post(api(`/users/${bob.user.username}/follow`)), 404);
    expectError(assert, await bob.client.get(api(`/users/${alice.user.username}/followers`)), 404);
    expectError(assert, await alice.client.get(api(`/users/${bob.user.username}/following`)), 404);
    // The blocked one may block back, and the pending request of a private account goes too.
    assert.equal((await bob.client.post(api(`/users/${alice.user.username}/block`))).status, 204);
    await makePrivate(priv);
    await follow(alice, priv);
    assert.equal((await priv.client.post(api(`/users/${alice.user.username}/block`))).status, 204);
    assert.deepEqual((await priv.client.get(api('/follow-requests'))).body.items, []);
    expectError(assert, await priv.client.post(api(`/follow-requests/${alice.user.id}/accept`)), 404);

    // Unblocking restores visibility but not the follows.
    assert.equal((await alice.client.delete(api(`/users/${bob.user.username}/block`))).status, 204);
    expectError(assert, await alice.client.get(api(`/users/${bob.user.username}`)), 404, 'not_found'); // bob still blocks alice
    assert.equal((await bob.client.delete(api(`/users/${alice.user.username}/block`))).status, 204);
    assert.equal((await bob.client.delete(api(`/users/${alice.user.username}/block`))).status, 204, 'idempotent');
    const seen = await profile(alice.client, bob.user.username);
    assert.equal(seen.followedByMe, false);
  });

  test('lists leave out users blocked either way with the viewer', async () => {
    const star = await signUp(server.origin, 'star');
    const viewer = await signUp(server.origin, 'viewer');
    const fans = [];
    for (let i = 0; i < 3; i++) {
      fans.push(await signUp(server.origin, 'fan'));
      await follow(fans[i], star);
    }
    await viewer.client.post(api(`/users/${fans[0].user.username}/block`));
    await fans[1].client.post(api(`/users/${viewer.user.username}/block`));
    const seen = await listAll(viewer.client, `/users/${star.user.username}/followers`);
    assert.deepEqual(seen.map((u) => u.id), [fans[2].user.id]);
    const anonymous = await listAll(new Client(server.origin), `/users/${star.user.username}/followers`);
    assert.equal(anonymous.length, 3);
  });

  test('blocking yourself is 422, unknown users 404, no session 401', async () => {
    const alice = await signUp(server.origin, 'alice');
    expectError(assert, await alice.client.post(api(`/users/${alice.user.username}/block`)), 422, 'invalid_value');
    expectError(assert, await alice.client.delete(api(`/users/${alice.user.username}/block`)), 422, 'invalid_value');
    expectError(assert, await alice.client.post(api('/users/no_such_user_y/block')), 404, 'not_found');
    expectError(assert, await new Client(server.origin).post(api(`/users/${alice.user.username}/block`)), 401);
  });
});

describe('followers and following lists', () => {
  test('are newest first, paginated without gaps or repeats, with followedByMe for the caller', async () => {
    const star = await signUp(server.origin, 'star');
    const viewer = await signUp(server.origin, 'viewer');
    const fans = [];
    for (let i = 0; i < 5; i++) {
      fans.push(await signUp(server.origin, 'fan'));
      await follow(fans[i], star);
      await follow(star, fans[i]);
    }
    await follow(viewer, fans[1]);
    const followers = await listAll(viewer.client, `/users/${star.user.username}/followers`, 2);
    assert.deepEqual(followers.map((u) => u.id), fans.map((f) => f.user.id).reverse());
    for (const u of followers) {
      for (const f of PUBLIC_USER_FIELDS) assert.ok(f in u);
      assert.equal(u.followedByMe, u.id === fans[1].user.id);
    }
    const following = await listAll(new Client(server.origin), `/users/${star.user.username}/following`, 3);
    assert.deepEqual(following.map((u) => u.id), fans.map((f) => f.user.id).reverse());
    assert.ok(following.every((u) => u.followedByMe === false));
    const first = await viewer.client.get(api(`/users/${star.user.username}/followers`));
    assert.equal(first.body.items.length, 5);
    assert.equal(first.body.nextCursor, null);
  });

  test('bad limit and cursor are 422; unknown users 404', async () => {
    const star = await signUp(server.origin, 'star');
    const anon = new Client(server.origin);
    for (const q of ['limit=0', 'limit=-1', 'limit=abc', 'cursor=garbage', 'cursor=djE6MQ']) {
      expectError(assert, await anon.get(api(`/users/${star.user.username}/followers?${q}`)), 422, 'invalid_value');
    }
    const big = await anon.get(api(`/users/${star.user.username}/following?limit=1000`));
    assert.equal(big.status, 200);
    expectError(assert, await anon.get(api('/users/no_such_user_z/followers')), 404);
    expectError(assert, await anon.get(api('/users/no_such_user_z/following')), 404);
  });

  test("a private account's lists are 404 to strangers and pending requesters, 200 to its owner and approved followers", async () => {
    const owner = await signUp(server.origin, 'priv');
    const friend = await signUp(server.origin, 'friend');
    const pending = await signUp(server.origin, 'pending');
    const stranger = await signUp(server.origin, 'stranger');
    await makePrivate(owner);
    await follow(friend, owner);
    await owner.client.post(api(`/follow-requests/${friend.user.id}/accept`));
    await follow(pending, owner);
    for (const list of ['followers', 'following']) {
      const path = api(`/users/${owner.user.username}/${list}`);
      expectError(assert, await new Client(server.origin).get(path), 404, 'not_found');
      expectError(assert, await stranger.client.get(path), 404, 'not_found');
      expectError(assert, await pending.client.get(path), 404, 'not_found');
      assert.equal((await owner.client.get(path)).status, 200);
      assert.equal((await friend.client.get(path)).status, 200);
    }
    const followers = await friend.client.get(api(`/users/${owner.user.username}/followers`));
    assert.deepEqual(followers.body.items.map((u) => u.id), [friend.user.id]);
    // The profile itself stays visible, with counts and isPrivate.
    const seen = await profile(stranger.client, owner.user.username);
    assert.equal(seen.isPrivate, true);
    assert.equal(seen.followerCount, 1);
  });
});
