// The limits of mailed links (issue 14.2): reset requests per client address
// (--password-reset-limit) and mails per account (--account-mail-limit, the
// same for an address no account has), and a reset link's lifetime
// (--reset-token-ttl-ms, lowered here so expiry needs no 30-minute wait).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, newAccount, expectError, freshAddress } from './lib/client.mjs';
import { SmtpSink, linkIn } from './lib/smtp.mjs';

const FORGOT = '/api/v1/auth/password/forgot';
const TTL_MS = 1500;
let smtp;
let server;
before(async () => {
  smtp = await SmtpSink.start();
  server = await startServer({
    args: ['--smtp-url', smtp.url, '--password-reset-limit', '3', '--account-mail-limit', '2',
      '--reset-token-ttl-ms', String(TTL_MS)],
  });
});
after(async () => {
  await server?.stop();
  await smtp?.stop();
});

test('reset requests per client address: past the limit 429 with Retry-After', async () => {
  const client = new Client(server.origin);
  for (let i = 0; i < 3; i++) assert.equal((await client.post(FORGOT, { email: newAccount('addr').email })).status, 202);
  const refused = await client.post(FORGOT, { email: newAccount('addr').email });
  expectError(assert, refused, 429, 'rate_limited');
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  // Another address is not affected.
  assert.equal((await new Client(server.origin).post(FORGOT, { email: newAccount('addr').email })).status, 202);
});

test('reset mails per account, from any address; an unknown address behaves the same', async () => {
  const ada = await signUp(server.origin, 'limited');
  await smtp.nextMail(ada.account.email);  // the confirmation
  const unknown = newAccount('ghost').email;
  for (const email of [ada.account.email, unknown]) {
    for (let i = 0; i < 2; i++) assert.equal((await new Client(server.origin).post(FORGOT, { email })).status, 202);
    expectError(assert, await new Client(server.origin).post(FORGOT, { email: email.toUpperCase() }), 429, 'rate_limited');
  }
  await smtp.nextMail(ada.account.email);
  await smtp.nextMail(ada.account.email);
});

test('confirmation resends per account', async () => {
  const bo = await signUp(server.origin, 'resend');
  await smtp.nextMail(bo.account.email);
  assert.equal((await bo.client.post('/api/v1/auth/email/resend')).status, 202);
  assert.equal((await bo.client.post('/api/v1/auth/email/resend')).status, 202);
  expectError(assert, await bo.client.post('/api/v1/auth/email/resend'), 429, 'rate_limited');
});

test('a reset link past --reset-token-ttl-ms is 410 token_expired', async () => {
  const cy = await signUp(server.origin, 'expiry');
  await smtp.nextMail(cy.account.email);
  const asked = Date.now();
  assert.equal((await new Client(server.origin).post(FORGOT, { email: cy.account.email })).status, 202);
  const mail = await smtp.nextMail(cy.account.email);
  const token = linkIn(mail, '/reset-password').searchParams.get('token');
  await new Promise((r) => setTimeout(r, Math.max(0, asked + TTL_MS + 500 - Date.now())));
  const c = new Client(server.origin, { address: freshAddress() });
  expectError(assert, await c.post('/api/v1/auth/password/reset', { token, password: 'too late passphrase' }), 410, 'token_expired');
  assert.equal((await c.post('/api/v1/auth/login', { login: cy.account.email, password: cy.account.password })).status, 200);
});
