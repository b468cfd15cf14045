// Recovery and verification (issue 14.2, API.md "Accounts for real life"),
// against a real SMTP server whose mails the tests read and whose links they
// follow: forgot/reset password (same answer for unknown addresses, single
// use, expiry, every login ends), confirming the address at sign-up and on
// resend, changing it (confirmed by the new address, told to the old one),
// rate limits, hostile input, and no token in the log.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, newAccount, expectError } from './lib/client.mjs';
import { SmtpSink, linkIn } from './lib/smtp.mjs';
import { connected, disconnection, socketOf } from './lib/sockets.mjs';

const FORGOT = '/api/v1/auth/password/forgot';
const RESET = '/api/v1/auth/password/reset';
const VERIFY = '/api/v1/auth/email/verify';
const RESEND = '/api/v1/auth/email/resend';
const CHANGE = '/api/v1/auth/email/change';

let smtp;
let server;
const tokens = [];  // every token mailed, to check none reached the log
before(async () => {
  smtp = await SmtpSink.start();
  server = await startServer({ args: ['--smtp-url', smtp.url, '--account-mail-limit', '1000', '--password-reset-limit', '1000'] });
});
after(async () => {
  await server?.stop();
  await smtp?.stop();
});

function tokenOf(mail, pathname) {
  const token = linkIn(mail, pathname).searchParams.get('token');
  tokens.push(token);
  return token;
}

// A signed-up account whose confirmation mail was read.
async function member(prefix) {
  const who = await signUp(server.origin, prefix);
  const mail = await smtp.nextMail(who.account.email);
  assert.equal(mail.subject, 'Confirm your email address');
  who.verifyToken = tokenOf(mail, '/verify-email');
  return who;
}

async function resetLink(email) {
  const r = await new Client(server.origin).post(FORGOT, { email });
  assert.equal(r.status, 202, r.text);
  const mail = await smtp.nextMail(email);
  assert.equal(mail.subject, 'Reset your Lenslet password');
  return tokenOf(mail, '/reset-password');
}

async function loginStatus(login, password) {
  return (await new Client(server.origin).post('/api/v1/auth/login', { login, password })).status;
}

describe('forgot and reset password', () => {
  test('the mailed link sets a new password once; every login of the account ends, sockets included', async () => {
    const ada = await member('reset');
    const phone = new Client(server.origin);
    assert.equal((await phone.post('/api/v1/auth/login', { login: ada.account.username, password: ada.account.password })).status, 200);
    const app = new Client(server.origin, { origin: false });
    const issued = await app.post('/api/v1/auth/token', { login: ada.account.username, password: ada.account.password });
    app.bearer = issued.body.accessToken;
    const socket = socketOf(server, ada);
    await connected(socket);
    const gone = disconnection(socket);

    // Any case of the address works; the mail goes to the stored one.
    const asked = await new Client(server.origin).post(FORGOT, { email: ada.account.email.toUpperCase() });
    assert.equal(asked.status, 202, asked.text);
    const mail = await smtp.nextMail(ada.account.email);
    assert.deepEqual(mail.rcptTos, [ada.account.email], 'to the stored address');
    assert.ok(mail.text.includes('within 30 minutes'));
    const token = tokenOf(mail, '/reset-password');
    const newPassword = 'a fresh and long passphrase';
    const r = await new Client(server.origin).post(RESET, { token, password: newPassword });
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, '');

    assert.equal(await gone, 'io server disconnect');
    socket.close();
    expectError(assert, await ada.client.get('/api/v1/auth/me'), 401, 'unauthenticated');
    expectError(assert, await phone.post('/api/v1/auth/refresh'), 401, 'invalid_token');
    expectError(assert, await app.get('/api/v1/auth/me'), 401, 'unauthenticated');
    expectError(assert, await app.post('/api/v1/auth/token/refresh', { refreshToken: issued.body.refreshToken }), 401);
    assert.equal(await loginStatus(ada.account.username, ada.account.password), 401);
    assert.equal(await loginStatus(ada.account.email, newPassword), 200);

    // Single use.
    expectError(assert, await new Client(server.origin).post(RESET, { token, password: 'yet another passphrase' }), 410, 'token_used');
    assert.equal(await loginStatus(ada.account.email, newPassword), 200);
  });

  test('a reset ends the other reset links of the account and confirms the address', async () => {
    const bo = await member('resettwo');
    const first = await resetLink(bo.account.email);
    const second = await resetLink(bo.account.email);
    assert.equal((await new Client(server.origin).post(RESET, { token: second, password: 'the second passphrase' })).status, 204);
    expectError(assert, await new Client(server.origin).post(RESET, { token: first, password: 'the first passphrase!' }), 410, 'token_used');
    const login = new Client(server.origin);
    assert.equal((await login.post('/api/v1/auth/login', { login: bo.account.email, password: 'the second passphrase' })).status, 200);
    assert.equal((await login.get('/api/v1/auth/me')).body.user.emailVerified, true);
  });

  test('the same answer whether or not the address has an account; only a real one gets mail', async () => {
    const cy = await member('known');
    const unknown = newAccount('nobody').email;
    const a = await new Client(server.origin).post(FORGOT, { email: unknown });
    const b = await new Client(server.origin).post(FORGOT, { email: cy.account.email });
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    assert.equal(a.text, b.text);
    assert.deepEqual(a.body, {});
    await smtp.nextMail(cy.account.email);
    // The unknown request came first; give its (absent) mail two more worker turns.
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(smtp.mailsTo(unknown).length, 0);
  });

  test('a weak password is refused (422) and leaves the link usable', async () => {
    const di = await member('weak');
    const token = await resetLink(di.account.email);
    const weak = expectError(assert, await new Client(server.origin).post(RESET, { token, password: 'short' }), 422, 'invalid_value');
    assert.equal(weak.field, 'password');
    const same = expectError(assert, await new Client(server.origin).post(RESET, { token, password: di.account.username }), 422);
    assert.equal(same.field, 'password');
    assert.equal((await new Client(server.origin).post(RESET, { token, password: 'now a good passphrase' })).status, 204);
  });

  test('hostile input: bad tokens are 400 token_invalid, wrong types 422, no body 400', async () => {
    const c = new Client(server.origin);
    expectError(assert, await c.post(RESET, { token: 'x', password: 'a good passphrase' }), 400, 'token_invalid');
    expectError(assert, await c.post(RESET, { token: 'A'.repeat(43), password: 'a good passphrase' }), 400, 'token_invalid');
    expectError(assert, await c.post(RESET, { token: `${'A'.repeat(42)}'`, password: 'a good passphrase' }), 400, 'token_invalid');
    expectError(assert, await c.post(VERIFY, { token: 'A'.repeat(43) }), 400, 'token_invalid');
    expectError(assert, await c.post(VERIFY, { token: 'A'.repeat(4_000) }), 400, 'token_invalid');
    expectError(assert, await c.post(VERIFY, { token: 'A'.repeat(100_000) }), 413, 'payload_too_large');
    assert.equal(expectError(assert, await c.post(RESET, { token: 12, password: 'a good passphrase' }), 422, 'invalid_value').field, 'token');
    assert.equal(expectError(assert, await c.post(RESET, { token: 'A'.repeat(43) }), 422, 'invalid_value').field, 'password');
    assert.equal(expectError(assert, await c.post(FORGOT, { email: ['a@b.c'] }), 422, 'invalid_value').field, 'email');
    assert.equal(expectError(assert, await c.post(FORGOT, { email: 'not an address' }), 422, 'invalid_value').field, 'email');
    expectError(assert, await c.request('POST', FORGOT, { body: '{"email":', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
    expectError(assert, await c.post(FORGOT, [1, 2]), 400);
    // A reset token is not a confirmation token, nor the other way round.
    const ed = await member('kinds');
    expectError(assert, await c.post(RESET, { token: ed.verifyToken, password: 'a good passphrase' }), 400, 'token_invalid');
    const reset = await resetLink(ed.account.email);
    expectError(assert, await c.post(VERIFY, { token: reset }), 400, 'token_invalid');
  });
});

describe('confirming the address', () => {
  test('the sign-up mail confirms it once; resend mails a new link; a confirmed account gets none', async () => {
    const fay = await member('verify');
    assert.equal((await fay.client.get('/api/v1/auth/me')).body.user.emailVerified, false);
    const resent = await fay.client.post(RESEND);
    assert.equal(resent.status, 202, resent.text);
    const second = tokenOf(await smtp.nextMail(fay.account.email), '/verify-email');
    assert.notEqual(second, fay.verifyToken);
    assert.equal((await new Client(server.origin).post(VERIFY, { token: fay.verifyToken })).status, 204);
    assert.equal((await fay.client.get('/api/v1/auth/me')).body.user.emailVerified, true);
    expectError(assert, await fay.client.post(VERIFY, { token: fay.verifyToken }), 410, 'token_used');
    // The other link still works (confirming twice is harmless).
    assert.equal((await fay.client.post(VERIFY, { token: second })).status, 204);
    assert.equal((await fay.client.post(RESEND)).status, 202);
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(smtp.mailsTo(fay.account.email).length, 2, 'no mail for a confirmed address');
    expectError(assert, await new Client(server.origin).post(RESEND), 401, 'unauthenticated');
  });
});

describe('changing the address', () => {
  test('takes effect only when the new address confirms it; the old one is told', async () => {
    const gus = await member('change');
    const newEmail = newAccount('moved').email;
    const r = await gus.client.post(CHANGE, { email: newEmail, password: gus.account.password });
    assert.equal(r.status, 202, r.text);
    assert.equal((await gus.client.get('/api/v1/auth/me')).body.user.email, gus.account.email, 'not yet');
    const mail = await smtp.nextMail(newEmail);
    assert.equal(mail.subject, 'Confirm your new email address');
    assert.ok(mail.text.includes(newEmail));
    const token = tokenOf(mail, '/verify-email');
    assert.equal((await new Client(server.origin).post(VERIFY, { token })).status, 204);
    const me = (await gus.client.get('/api/v1/auth/me')).body.user;
    assert.equal(me.email, newEmail);
    assert.equal(me.emailVerified, true);
    const told = await smtp.nextMail(gus.account.email);
    assert.equal(told.subject, 'Your Lenslet email address was changed');
    assert.ok(told.text.includes(newEmail));
    // The old address's confirmation link means nothing now; logins use the new address.
    expectError(assert, await gus.client.post(VERIFY, { token: gus.verifyToken }), 410, 'token_used');
    assert.equal(await loginStatus(newEmail, gus.account.password), 200);
    assert.equal(await loginStatus(gus.account.email, gus.account.password), 401);
    // A reset goes to the new address.
    await resetLink(newEmail);
  });

  test('needs the password; refuses a taken address, the same address and a bad one', async () => {
    const hal = await member('changebad');
    const ivy = await member('taken');
    const wrong = expectError(assert, await hal.client.post(CHANGE, { email: 'fresh.addr@example.org', password: 'not my password' }), 401, 'invalid_credentials');
    assert.equal(wrong.field, 'password');
    assert.equal(expectError(assert, await hal.client.post(CHANGE, { email: ivy.account.email.toUpperCase(), password: hal.account.password }), 409, 'email_taken').field, 'email');
    assert.equal(expectError(assert, await hal.client.post(CHANGE, { email: hal.account.email, password: hal.account.password }), 422).field, 'email');
    assert.equal(expectError(assert, await hal.client.post(CHANGE, { email: 'nope', password: hal.account.password }), 422).field, 'email');
    expectError(assert, await new Client(server.origin).post(CHANGE, { email: 'x@example.org', password: 'x' }), 401, 'unauthenticated');
  });

  test('wrong passwords here count with the login form\'s: a stolen session guesses no faster', async () => {
    const kim = await member('guessed');
    // The throttle's free wrong passwords per client (5), spent on the email change...
    for (let i = 0; i < 5; i++) {
      expectError(assert, await kim.client.post(CHANGE, { email: `guess${i}@example.org`, password: `wrong ${i}` }), 401, 'invalid_credentials');
    }
    // ...and this client now waits, here and at the login form, even with the right password.
    expectError(assert, await kim.client.post(CHANGE, { email: 'later@example.org', password: kim.account.password }), 429, 'rate_limited');
    const login = await kim.client.post('/api/v1/auth/login', { login: kim.account.username, password: kim.account.password });
    assert.equal(login.status, 429, login.text);
  });

  test('an address taken between the request and the confirmation: 409, nothing changes', async () => {
    const jo = await member('race');
    const target = newAccount('contested');
    assert.equal((await jo.client.post(CHANGE, { email: target.email, password: jo.account.password })).status, 202);
    const token = tokenOf(await smtp.nextMail(target.email), '/verify-email');
    assert.equal((await new Client(server.origin).post('/api/v1/auth/register', target)).status, 201);
    expectError(assert, await new Client(server.origin).post(VERIFY, { token }), 409, 'email_taken');
    assert.equal((await jo.client.get('/api/v1/auth/me')).body.user.email, jo.account.email);
  });
});

describe('the log', () => {
  test('holds none of the mailed tokens', async () => {
    assert.ok(tokens.length >= 10, `${tokens.length} tokens seen`);
    const log = server.log();
    for (const token of tokens) assert.ok(!log.includes(token), 'a token reached the log');
  });
});
