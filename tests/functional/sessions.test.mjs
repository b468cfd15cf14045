// Logins and their sockets ending together (issues 12.3, 17.5): a logout
// whose access token already expired still ends its login, and a socket never
// outlives the access token it was opened with unless it reconnects with a
// fresh one. Login throttling (issues 12.4, 17.4): login-throttle.test.mjs.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, JWT_SECRET } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { sign, decode } from './lib/jwt.mjs';
import { connectSocket, socketOf, connected, refused, disconnection } from './lib/sockets.mjs';

let server;
const sockets = [];
before(async () => { server = await startServer(); });
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});
const track = (socket) => { sockets.push(socket); return socket; };
const api = (path) => `/api/v1${path}`;

// The same login's access token, validly signed but expired an hour ago.
function expiredTwin(accessToken) {
  const { payload } = decode(accessToken);
  return sign({ ...payload, exp: Math.floor(Date.now() / 1000) - 3600 }, JWT_SECRET);
}

describe('logout always logs out (issue 12.3)', () => {
  test('a browser whose access token expired: the refresh cookie names the login, which ends with its sockets', async () => {
    const alice = await signUp(server.origin, 'alice');
    const tab = track(socketOf(server, alice));
    await connected(tab);
    const refresh = alice.client.cookies.get('lenslet_refresh').value;
    const access = alice.client.cookies.get('lenslet_session');
    alice.client.cookies.set('lenslet_session', { ...access, value: expiredTwin(access.value) });
    assert.equal((await alice.client.get(api('/auth/me'))).status, 401, 'the access token is expired');

    const gone = disconnection(tab);
    const r = await alice.client.post(api('/auth/logout'));
    assert.equal(r.status, 204);
    assert.ok(!alice.client.cookies.has('lenslet_refresh'), 'refresh cookie cleared');
    assert.equal(await gone, 'io server disconnect');
    // The refresh token no longer refreshes, and the old access token no longer authenticates.
    const replay = await new Client(server.origin).post(api('/auth/refresh'), undefined, {
      headers: { cookie: `lenslet_refresh=${refresh}` },
    });
    expectError(assert, replay, 401, 'invalid_token');
    await refused(track(connectSocket(server, { cookie: `lenslet_session=${access.value}` })));
  });

  test('a client that is not a browser: {refreshToken} in the body ends the login', async () => {
    const { account } = await signUp(server.origin, 'app');
    const app = new Client(server.origin, { origin: false });
    const pair = (await app.post(api('/auth/token'), { login: account.username, password: account.password })).body;
    const socket = track(connectSocket(server, { token: pair.accessToken, origin: null }));
    await connected(socket);
    const gone = disconnection(socket);
    app.bearer = expiredTwin(pair.accessToken);
    assert.equal((await app.post(api('/auth/logout'), { refreshToken: pair.refreshToken })).status, 204);
    assert.equal(await gone, 'io server disconnect');
    app.bearer = null;
    expectError(assert, await app.post(api('/auth/token/refresh'), { refreshToken: pair.refreshToken }), 401, 'invalid_token');
    app.bearer = pair.accessToken;
    expectError(assert, await app.get(api('/auth/me')), 401, 'unauthenticated');
  });

  test('an unknown or malformed refresh token still answers 204; a wrong type is 422', async () => {
    const app = new Client(server.origin, { origin: false });
    assert.equal((await app.post(api('/auth/logout'), { refreshToken: 'garbage' })).status, 204);
    assert.equal((await app.post(api('/auth/logout'), { refreshToken: 'A'.repeat(43) })).status, 204);
    assert.equal((await app.post(api('/auth/logout'))).status, 204);
    expectError(assert, await app.post(api('/auth/logout'), { refreshToken: 42 }), 422, 'invalid_value');
    const notJson = await app.post(api('/auth/logout'), undefined, { body: '{', headers: { 'content-type': 'application/json' } });
    expectError(assert, notJson, 400);
  });
});

describe('a socket ends with its access token (issue 17.5)', () => {
  // Its own server: access tokens of 3 s.
  let short;
  before(async () => { short = await startServer({ args: ['--access-token-ttl-ms', '3000'] }); });
  after(async () => { await short.stop(); });

  const expiresAt = (accessToken) => decode(accessToken).payload.exp * 1000;

  test('an app socket gets session:expired and is disconnected at the expiry; a fresh token connects again', async () => {
    const { account } = await signUp(short.origin, 'app');
    const app = new Client(short.origin, { origin: false });
    const pair = (await app.post(api('/auth/token'), { login: account.username, password: account.password })).body;
    const socket = track(connectSocket(short, { token: pair.accessToken, origin: null }));
    const told = new Promise((resolve) => socket.once('session:expired', resolve));
    await connected(socket);
    const gone = disconnection(socket, 20_000);
    assert.equal(await gone, 'io server disconnect');
    assert.ok(Date.now() >= expiresAt(pair.accessToken), 'not before the token expired');
    assert.equal((await told).code, 'session_expired');
    // The login lives on: refresh, and connect again with the new token.
    const next = await app.post(api('/auth/token/refresh'), { refreshToken: pair.refreshToken });
    assert.equal(next.status, 200, next.text);
    await connected(track(connectSocket(short, { token: next.body.accessToken, origin: null })));
  });

  test('a browser tab does what the web app does: refresh with the cookie, reconnect with the new cookie', async () => {
    const alice = await signUp(short.origin, 'alice');
    const bob = await signUp(short.origin, 'bob');
    const tab = track(socketOf(short, alice));
    let expired = false;
    tab.on('session:expired', () => { expired = true; });
    await connected(tab);
    assert.equal(await disconnection(tab, 20_000), 'io server disconnect');
    assert.equal(expired, true, 'told before the disconnect');
    assert.equal((await alice.client.post(api('/auth/refresh'))).status, 200);
    const again = track(socketOf(short, alice));
    await connected(again);
    // The new socket is a working one (for its own 3 s): it hears the user's notifications.
    const pushed = new Promise((resolve) => again.once('notification:new', resolve));
    assert.equal((await bob.client.post(api('/auth/refresh'))).status, 200);  // his token expired too
    assert.equal((await bob.client.post(api(`/users/${alice.user.username}/follow`))).status, 200);
    assert.equal((await pushed).notification.type, 'follow');
  });
});
