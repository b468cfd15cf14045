// Two-factor authentication with TOTP (issue 14.3, API.md "Accounts for real
// life"). Codes are computed here, independently of the server
// (lib/totp.mjs: node:crypto HMAC-SHA1). The server refuses a step already
// used, so each test uses the current step first and the next one after it
// (both inside the ±1 step the server accepts), and a fresh account when it
// needs more.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { totp, stepAt, codeForStep } from './lib/totp.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });
const api = (path) => `/api/v1${path}`;

// A signed-up account with two-factor on; the enabling code used the current step.
async function withTwoFactor(prefix) {
  const who = await signUp(server.origin, prefix);
  const setup = await who.client.post(api('/auth/2fa/setup'));
  assert.equal(setup.status, 200, setup.text);
  const step = stepAt();
  const enable = await who.client.post(api('/auth/2fa/enable'), { code: codeForStep(setup.body.secret, step) });
  assert.equal(enable.status, 200, enable.text);
  return { ...who, secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes, enabledStep: step, lastStep: step };
}

// A code the server has not seen yet: the step after the last one used, or
// the current one if time has moved past it (either is inside the ±1 window).
function nextCode(who) {
  who.lastStep = Math.max(who.lastStep + 1, stepAt());
  return codeForStep(who.secret, who.lastStep);
}

// A login through the browser door that stops at the second factor; returns the challenge.
async function passwordStep(account, client = new Client(server.origin), path = '/auth/login') {
  const r = await client.post(api(path), { login: account.username, password: account.password });
  expectError(assert, r, 401, 'two_factor_required');
  assert.equal(typeof r.body.challenge, 'string');
  assert.ok(!client.cookies.has('lenslet_session'), 'no session before the second factor');
  return { client, challenge: r.body.challenge };
}

describe('setting two-factor up', () => {
  test('setup gives a base32 secret, its otpauth URL and a QR code as SVG; enable needs a right code and gives ten recovery codes', async () => {
    const alice = await signUp(server.origin, 'tfa_setup');
    expectError(assert, await new Client(server.origin).post(api('/auth/2fa/setup')), 401, 'unauthenticated');
    assert.deepEqual((await alice.client.get(api('/auth/2fa'))).body, { enabled: false, recoveryCodesLeft: 0 });

    const first = (await alice.client.post(api('/auth/2fa/setup'))).body;
    const setup = await alice.client.post(api('/auth/2fa/setup'));
    assert.equal(setup.status, 200);
    const { secret, otpauthUrl, qrSvg } = setup.body;
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.notEqual(secret, first.secret, 'a second setup replaces the first');
    const url = new URL(otpauthUrl);
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.host, 'totp');
    assert.equal(decodeURIComponent(url.pathname), `/Lenslet:${alice.account.username}`);
    assert.equal(url.searchParams.get('secret'), secret);
    assert.equal(url.searchParams.get('issuer'), 'Lenslet');
    assert.equal(url.searchParams.get('digits'), '6');
    assert.equal(url.searchParams.get('period'), '30');
    assert.match(qrSvg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    assert.ok(!/script|otpauth/i.test(qrSvg));

    // Pending: logins do not ask for a code yet.
    const plain = await new Client(server.origin).post(api('/auth/login'), { login: alice.account.username, password: alice.account.password });
    assert.equal(plain.status, 200);

    const step = stepAt();
    expectError(assert, await alice.client.post(api('/auth/2fa/enable'), { code: codeForStep(first.secret, step) }), 422, 'invalid_value');
    expectError(assert, await alice.client.post(api('/auth/2fa/enable'), { code: '12345' }), 422, 'invalid_value');
    expectError(assert, await alice.client.post(api('/auth/2fa/enable'), { code: 123456 }), 422, 'invalid_value');
    expectError(assert, await alice.client.post(api('/auth/2fa/enable'), {}), 422, 'invalid_value');
    const enable = await alice.client.post(api('/auth/2fa/enable'), { code: codeForStep(secret, step) });
    assert.equal(enable.status, 200, enable.text);
    const codes = enable.body.recoveryCodes;
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const c of codes) assert.match(c, /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    assert.deepEqual((await alice.client.get(api('/auth/2fa'))).body, { enabled: true, recoveryCodesLeft: 10 });

    expectError(assert, await alice.client.post(api('/auth/2fa/setup')), 409, 'conflict');
    expectError(assert, await alice.client.post(api('/auth/2fa/enable'), { code: codeForStep(secret, step + 1) }), 409, 'conflict');
    // Neither the secret nor a recovery code ever reaches the log.
    assert.ok(!server.log().includes(secret));
    for (const c of codes) assert.ok(!server.log().includes(c));
  });

  test('enable without a setup is a conflict', async () => {
    const bob = await signUp(server.origin, 'tfa_nosetup');
    expectError(assert, await bob.client.post(api('/auth/2fa/enable'), { code: '123456' }), 409, 'conflict');
  });
});

describe('logging in with two-factor on', () => {
  test('the browser login asks for a code after the right password and sets the cookies once it is given', async () => {
    const alice = await withTwoFactor('tfa_cookie');
    const { client, challenge } = await passwordStep(alice.account);
    const done = await client.post(api('/auth/login/2fa'), { challenge, code: nextCode(alice) });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.user.username, alice.account.username);
    assert.ok(client.cookies.has('lenslet_session') && client.cookies.has('lenslet_refresh'));
    assert.equal((await client.get(api('/auth/me'))).status, 200);
    assert.equal(done.body.accessToken, undefined, 'the browser door answers with cookies, not tokens');
    // The challenge is single use.
    expectError(assert, await new Client(server.origin).post(api('/auth/login/2fa'), { challenge, code: alice.recoveryCodes[0] }), 401, 'invalid_token');
  });

  test('a wrong password says only that, as for any account; the throttle counts it', async () => {
    const alice = await withTwoFactor('tfa_wrongpw');
    const client = new Client(server.origin);
    const r = await client.post(api('/auth/login'), { login: alice.account.username, password: 'not the password' });
    const error = expectError(assert, r, 401, 'invalid_credentials');
    assert.equal(r.body.challenge, undefined);
    assert.equal(error.code, 'invalid_credentials');
    // Wrong passwords slow the guessing client down exactly as on any account (login-throttle.test.mjs).
    let limited = null;
    for (let i = 0; i < 12 && !limited; i++) {
      const again = await client.post(api('/auth/login'), { login: alice.account.username, password: `wrong-${i}-password` });
      if (again.status === 429) limited = again;
      else expectError(assert, again, 401, 'invalid_credentials');
    }
    assert.ok(limited, 'the guessing client was slowed down');
    expectError(assert, limited, 429, 'rate_limited');
  });

  test('the token door answers with a token pair after the code, and no cookies', async () => {
    const alice = await withTwoFactor('tfa_token');
    const app = new Client(server.origin, { origin: false });
    const { challenge } = await passwordStep(alice.account, app, '/auth/token');
    const done = await app.post(api('/auth/login/2fa'), { challenge, code: nextCode(alice) });
    assert.equal(done.status, 200, done.text);
    assert.equal(typeof done.body.accessToken, 'string');
    assert.equal(typeof done.body.refreshToken, 'string');
    assert.equal(done.body.user.username, alice.account.username);
    assert.equal(app.cookies.size, 0);
    app.bearer = done.body.accessToken;
    assert.equal((await app.get(api('/auth/me'))).status, 200);
    // Refreshing needs no second factor: the login already passed it.
    app.bearer = null;
    assert.equal((await app.post(api('/auth/token/refresh'), { refreshToken: done.body.refreshToken })).status, 200);
  });

  test('a code is not accepted twice, on the same account, within its window', async () => {
    const alice = await withTwoFactor('tfa_replay');
    const code = nextCode(alice);
    const first = await passwordStep(alice.account);
    assert.equal((await first.client.post(api('/auth/login/2fa'), { challenge: first.challenge, code })).status, 200);
    const second = await passwordStep(alice.account);
    expectError(assert, await second.client.post(api('/auth/login/2fa'), { challenge: second.challenge, code }), 401, 'invalid_credentials');
    // The code that enabled it, older still, is refused too.
    expectError(assert, await second.client.post(api('/auth/login/2fa'), { challenge: second.challenge, code: codeForStep(alice.secret, alice.enabledStep) }), 401, 'invalid_credentials');
  });

  test('a recovery code works once, in any case and spacing', async () => {
    const alice = await withTwoFactor('tfa_recovery');
    const [code] = alice.recoveryCodes;
    const first = await passwordStep(alice.account);
    const done = await first.client.post(api('/auth/login/2fa'), { challenge: first.challenge, code: code.toUpperCase().replaceAll('-', ' ') });
    assert.equal(done.status, 200, done.text);
    assert.deepEqual((await first.client.get(api('/auth/2fa'))).body, { enabled: true, recoveryCodesLeft: 9 });
    const again = await passwordStep(alice.account);
    expectError(assert, await again.client.post(api('/auth/login/2fa'), { challenge: again.challenge, code }), 401, 'invalid_credentials');
    assert.equal((await again.client.post(api('/auth/login/2fa'), { challenge: again.challenge, code: alice.recoveryCodes[1] })).status, 200);
  });

  test('wrong codes: five per challenge, then ten per account, after which even the right code waits', async () => {
    const alice = await withTwoFactor('tfa_limit');
    const right = nextCode(alice);
    const wrong = right === '000000' ? '000001' : '000000';
    const first = await passwordStep(alice.account);
    for (let i = 0; i < 5; i++) {
      expectError(assert, await first.client.post(api('/auth/login/2fa'), { challenge: first.challenge, code: wrong }), 401, 'invalid_credentials');
    }
    // The challenge is spent: a sixth try, right or wrong, must start again.
    expectError(assert, await first.client.post(api('/auth/login/2fa'), { challenge: first.challenge, code: right }), 401, 'invalid_token');
    const second = await passwordStep(alice.account);
    for (let i = 0; i < 5; i++) {
      expectError(assert, await second.client.post(api('/auth/login/2fa'), { challenge: second.challenge, code: `12345${i}` === right ? '999999' : `12345${i}` }), 401, 'invalid_credentials');
    }
    const third = await passwordStep(alice.account);
    const limited = await third.client.post(api('/auth/login/2fa'), { challenge: third.challenge, code: right });
    expectError(assert, limited, 429, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // The right code was not spent by the refusal: another account is untouched.
    const bob = await withTwoFactor('tfa_limit_other');
    const other = await passwordStep(bob.account);
    assert.equal((await other.client.post(api('/auth/login/2fa'), { challenge: other.challenge, code: nextCode(bob) })).status, 200);
  });
});

describe('hostile second steps', () => {
  test('wrong types, missing fields, forged and malformed challenges', async () => {
    const c = new Client(server.origin);
    expectError(assert, await c.post(api('/auth/login/2fa'), { challenge: 42, code: '123456' }), 422, 'invalid_value');
    expectError(assert, await c.post(api('/auth/login/2fa'), { challenge: 'x'.repeat(43), code: 123456 }), 422, 'invalid_value');
    expectError(assert, await c.post(api('/auth/login/2fa'), { code: '123456' }), 422, 'invalid_value');
    expectError(assert, await c.post(api('/auth/login/2fa'), [1, 2]), 400);
    const notJson = await c.post(api('/auth/login/2fa'), undefined, { body: '{"challenge":', headers: { 'content-type': 'application/json' } });
    expectError(assert, notJson, 400);
    const forged = expectError(assert, await c.post(api('/auth/login/2fa'), { challenge: 'A'.repeat(43), code: '123456' }), 401, 'invalid_token');
    assert.equal(forged.field, 'challenge');
    expectError(assert, await c.post(api('/auth/login/2fa'), { challenge: 'short', code: '123456' }), 401, 'invalid_token');
    expectError(assert, await c.post(api('/auth/login/2fa'), { challenge: `${'A'.repeat(42)}\u00e9`, code: '123456' }), 401, 'invalid_token');
    const huge = await c.post(api('/auth/login/2fa'), { challenge: 'A'.repeat(43), code: '1'.repeat(100_000) });
    assert.ok([401, 413].includes(huge.status), huge.text);
  });

  test("another account's challenge does not take my code: the challenge is bound to its account", async () => {
    const alice = await withTwoFactor('tfa_bound_a');
    const bob = await withTwoFactor('tfa_bound_b');
    const alices = await passwordStep(alice.account);
    const bobsCode = nextCode(bob);
    expectError(assert, await alices.client.post(api('/auth/login/2fa'), { challenge: alices.challenge, code: bobsCode }), 401, 'invalid_credentials');
    expectError(assert, await alices.client.post(api('/auth/login/2fa'), { challenge: alices.challenge, code: bob.recoveryCodes[0] }), 401, 'invalid_credentials');
    // Bob's code and recovery code are still his to use.
    const bobs = await passwordStep(bob.account);
    const done = await bobs.client.post(api('/auth/login/2fa'), { challenge: bobs.challenge, code: bobsCode });
    assert.equal(done.status, 200);
    assert.equal(done.body.user.username, bob.account.username);
  });
});

describe('turning two-factor off', () => {
  test('needs the password and a code; a recovery code serves as the code', async () => {
    const alice = await withTwoFactor('tfa_off');
    expectError(assert, await alice.client.post(api('/auth/2fa/disable'), { password: alice.account.password }), 422, 'invalid_value');
    const wrongPassword = expectError(assert, await alice.client.post(api('/auth/2fa/disable'), { password: 'nope nope nope', code: alice.recoveryCodes[0] }), 401, 'invalid_credentials');
    assert.equal(wrongPassword.field, 'password');
    const wrongCode = expectError(assert, await alice.client.post(api('/auth/2fa/disable'), { password: alice.account.password, code: '000000' === totp(alice.secret) ? '000001' : '000000' }), 401, 'invalid_credentials');
    assert.equal(wrongCode.field, 'code');
    // Still on: both refusals changed nothing, and the session is still signed in.
    assert.deepEqual((await alice.client.get(api('/auth/2fa'))).body, { enabled: true, recoveryCodesLeft: 10 });
    assert.equal((await alice.client.post(api('/auth/2fa/disable'), { password: alice.account.password, code: alice.recoveryCodes[0] })).status, 204);
    assert.deepEqual((await alice.client.get(api('/auth/2fa'))).body, { enabled: false, recoveryCodesLeft: 0 });
    expectError(assert, await alice.client.post(api('/auth/2fa/disable'), { password: alice.account.password, code: alice.recoveryCodes[1] }), 409, 'conflict');
    // The next login asks for the password only, and old recovery codes are gone.
    const plain = await new Client(server.origin).post(api('/auth/login'), { login: alice.account.username, password: alice.account.password });
    assert.equal(plain.status, 200, plain.text);
  });

  test('with a TOTP code, which is then spent like any other', async () => {
    const bob = await withTwoFactor('tfa_off_totp');
    const code = nextCode(bob);
    expectError(assert, await bob.client.post(api('/auth/2fa/disable'), { password: bob.account.password, code: codeForStep(bob.secret, bob.enabledStep) }), 401, 'invalid_credentials');
    assert.equal((await bob.client.post(api('/auth/2fa/disable'), { password: bob.account.password, code })).status, 204);
    expectError(assert, await new Client(server.origin).post(api('/auth/2fa/disable'), { password: bob.account.password, code }), 401, 'unauthenticated');
  });
});
