// "Where am I logged in" (issue 14.4): GET /auth/sessions lists the caller's
// logins, DELETE /auth/sessions/{id} ends one at once — its tokens and its
// sockets — and nobody sees or ends another person's logins.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { socketOf, connected, disconnection } from './lib/sockets.mjs';

let server;
const sockets = [];
before(async () => { server = await startServer(); });
after(async () => {
  for (const s of sockets) s.close();
  await server.stop();
});

const api = (p) => `/api/v1${p}`;
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';

// A second login of the same account from another device and address.
async function loginAgain(account, userAgent) {
  const client = new Client(server.origin);
  const r = await client.post(api('/auth/login'), { login: account.username, password: account.password },
    { headers: { 'user-agent': userAgent } });
  assert.equal(r.status, 200, r.text);
  return client;
}

async function sessionsOf(client) {
  const r = await client.get(api('/auth/sessions'));
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

describe('the list of my logins', () => {
  test('every active login once, this one marked, with its device and address', async () => {
    const alice = await signUp(server.origin, 'logins');
    const phone = await loginAgain(alice.account, PHONE);
    const laptop = await loginAgain(alice.account, LAPTOP);
    const items = await sessionsOf(laptop);
    assert.equal(items.length, 3);
    for (const item of items) {
      assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'current', 'id', 'ip', 'lastSeenAt', 'userAgent']);
      assert.match(item.createdAt, /^\d{4}-\d\d-\d\dT/);
      assert.match(item.lastSeenAt, /^\d{4}-\d\d-\d\dT/);
    }
    assert.deepEqual(items.filter((i) => i.current).map((i) => i.userAgent), [LAPTOP]);
    assert.equal(items.find((i) => i.userAgent === PHONE).ip, phone.address);
    assert.equal(items[0].userAgent, LAPTOP, 'most recently used first');
  });

  test('a refresh moves the login to the top with its new address', async () => {
    const alice = await signUp(server.origin, 'loginr');
    const phone = await loginAgain(alice.account, PHONE);
    await loginAgain(alice.account, LAPTOP);
    phone.address = '10.200.1.2';  // the phone moved to another network
    await new Promise((r) => setTimeout(r, 5));
    assert.equal((await phone.post(api('/auth/refresh'), {})).status, 200);
    const items = await sessionsOf(alice.client);
    assert.equal(items[0].userAgent, PHONE);
    assert.equal(items[0].ip, '10.200.1.2');
  });

  test('logins that ended are not listed; another user sees only their own', async () => {
    const alice = await signUp(server.origin, 'logine');
    const bob = await signUp(server.origin, 'loginf');
    const phone = await loginAgain(alice.account, PHONE);
    assert.equal((await phone.post(api('/auth/logout'), {})).status, 204);
    const items = await sessionsOf(alice.client);
    assert.equal(items.length, 1);
    assert.ok(items[0].current);
    const bobs = await sessionsOf(bob.client);
    assert.equal(bobs.length, 1);
    assert.ok(!bobs.some((i) => items.some((j) => j.id === i.id)));
  });

  test('anonymous: 401', async () => {
    expectError(assert, await new Client(server.origin).get(api('/auth/sessions')), 401);
  });
});

describe('log out one login', () => {
  test('its access token fails at once and its open socket is disconnected; the others stay', async () => {
    const alice = await signUp(server.origin, 'logout1');
    const phone = await loginAgain(alice.account, PHONE);
    const socket = socketOf(server, { client: phone });
    sockets.push(socket);
    await connected(socket);
    const gone = disconnection(socket);
    const id = (await sessionsOf(alice.client)).find((i) => i.userAgent === PHONE).id;
    const r = await alice.client.delete(api(`/auth/sessions/${id}`));
    assert.equal(r.status, 204, r.text);
    assert.equal(r.headers.getSetCookie().length, 0, 'the caller stays signed in');
    await gone;
    expectError(assert, await phone.get(api('/auth/me')), 401);
    expectError(assert, await phone.post(api('/auth/refresh'), {}), 401);
    assert.equal((await alice.client.get(api('/auth/me'))).status, 200);
    assert.equal((await sessionsOf(alice.client)).length, 1);
  });

  test('the current login: 204, cookies cleared, signed out', async () => {
    const alice = await signUp(server.origin, 'logout2');
    const me = (await sessionsOf(alice.client)).find((i) => i.current);
    const r = await alice.client.delete(api(`/auth/sessions/${me.id}`));
    assert.equal(r.status, 204);
    assert.ok(r.headers.getSetCookie().some((c) => /^lenslet_session=;/.test(c) || /Max-Age=0/i.test(c)));
    expectError(assert, await alice.client.get(api('/auth/me')), 401);
  });

  test('another user’s login, an ended one, an unknown id and garbage are all 404; nothing ends', async () => {
    const alice = await signUp(server.origin, 'logout3');
    const mallory = await signUp(server.origin, 'logout4');
    const aliceLogin = (await sessionsOf(alice.client))[0].id;
    expectError(assert, await mallory.client.delete(api(`/auth/sessions/${aliceLogin}`)), 404, 'not_found');
    assert.equal((await alice.client.get(api('/auth/me'))).status, 200, 'alice is still signed in');
    const phone = await loginAgain(alice.account, PHONE);
    const phoneLogin = (await sessionsOf(phone)).find((i) => i.current).id;
    assert.equal((await alice.client.delete(api(`/auth/sessions/${phoneLogin}`))).status, 204);
    expectError(assert, await alice.client.delete(api(`/auth/sessions/${phoneLogin}`)), 404, 'not_found');
    for (const id of ['999999999', 'abc', '-1', '0']) {
      expectError(assert, await alice.client.delete(api(`/auth/sessions/${id}`)), 404, 'not_found');
    }
    assert.equal((await alice.client.get(api('/auth/me'))).status, 200);
  });

  test('a bearer-token client is a login too, and ends the same way', async () => {
    const alice = await signUp(server.origin, 'logout5');
    const app = new Client(server.origin);
    const t = await app.post(api('/auth/token'), { login: alice.account.username, password: alice.account.password },
      { headers: { 'user-agent': 'LensletApp/1.0' } });
    assert.equal(t.status, 200, t.text);
    app.bearer = t.body.accessToken;
    const id = (await sessionsOf(alice.client)).find((i) => i.userAgent === 'LensletApp/1.0').id;
    assert.equal((await alice.client.delete(api(`/auth/sessions/${id}`))).status, 204);
    expectError(assert, await app.get(api('/auth/me')), 401);
  });
});
