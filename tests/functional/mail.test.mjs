// Mail that arrives (issue 14.1): the outbox is sent through a real SMTP
// server (aiosmtpd, tests/functional/lib/smtp.mjs) as a proper MIME message;
// an SMTP outage or a kill -9 delays mail and loses none; no secret reaches
// the log; without --smtp-url the mail is written to the log (development).
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, LensletServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';
import { SmtpSink, freePort, linkIn } from './lib/smtp.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

async function until(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mail through SMTP', () => {
  test('a sign-up gets a multipart confirmation mail with proper headers; the password of the SMTP URL is never logged', async () => {
    const smtp = await SmtpSink.start();
    cleanups.push(() => smtp.stop());
    const password = 'smtp-Pa55word-never-logged';
    const server = await startServer({
      args: ['--smtp-url', `smtp://mailer:${password}@127.0.0.1:${smtp.port}`, '--mail-from', 'noreply@photos.test'],
    });
    cleanups.push(() => server.stop());

    const ada = await signUp(server.origin, 'mail');
    assert.equal(ada.user.emailVerified, false);
    const mail = await smtp.nextMail(ada.account.email);

    assert.equal(mail.mailFrom, 'noreply@photos.test');
    assert.deepEqual(mail.rcptTos, [ada.account.email]);
    assert.match(mail.raw, new RegExp(`\r\nTo: <${ada.account.email.replaceAll('.', '\\.')}>\r\n`));
    assert.match(mail.raw, /^Date: .*\r\nFrom: "Lenslet" <noreply@photos\.test>\r\n/);
    assert.equal(mail.headers['mime-version'], '1.0');
    assert.equal(mail.subject, 'Confirm your email address');
    assert.match(mail.headers['message-id'], /^<lenslet\.\d+\.\d+@photos\.test>$/);
    assert.ok(!Number.isNaN(Date.parse(mail.headers.date)), mail.headers.date);
    assert.equal(mail.contentType, 'multipart/alternative');
    assert.ok(mail.raw.includes('\r\n'), 'CRLF line ends');
    const link = linkIn(mail, '/verify-email');
    assert.equal(link.origin, server.origin, 'links point at this instance without --public-url');
    const token = link.searchParams.get('token');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(mail.html.includes(`href="${link.href}"`), 'the HTML part carries the same link');
    assert.ok(mail.text.includes(`Hi ${ada.account.username},`));

    const verified = await ada.client.post('/api/v1/auth/email/verify', { token });
    assert.equal(verified.status, 204, verified.text);
    assert.equal((await ada.client.get('/api/v1/auth/me')).body.user.emailVerified, true);

    await until('the send to be logged', () => /mail \d+ \(verify_email\) sent/.test(server.log()));
    assert.ok(!server.log().includes(password), 'the SMTP password is not in the log');
    assert.ok(!server.log().includes(token), 'the token is not in the log');
    assert.match(server.log(), /sending through smtp:\/\/mailer:\*\*\*@127\.0\.0\.1/);
  });

  test('SMTP down: the mail is retried with back-off and delivered once the server comes back', async () => {
    const port = await freePort();
    const server = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-retry-ms', '200'] });
    cleanups.push(() => server.stop());
    const ada = await signUp(server.origin, 'late');
    // At least two failed attempts (the second after the back-off) before the server exists.
    await until('two failed attempts', () => (server.log().match(/\(verify_email\) not sent \(attempt/g) ?? []).length >= 2);
    assert.match(server.log(), /not sent \(attempt 2\), next attempt in 400 ms/);
    const smtp = await SmtpSink.start({ port });
    cleanups.push(() => smtp.stop());
    const mail = await smtp.nextMail(ada.account.email, { timeoutMs: 60_000 });
    assert.equal(mail.subject, 'Confirm your email address');
    assert.equal(smtp.mailsTo(ada.account.email).length, 1, 'sent once');
  });

  test('kill -9 with a mail queued: delivered after the restart', async () => {
    const port = await freePort();
    const args = ['--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-retry-ms', '500'];
    const first = await startServer({ args });
    cleanups.push(() => first.stop());
    const ada = await signUp(first.origin, 'crash');
    await until('a failed attempt', () => /\(verify_email\) not sent/.test(first.log()));
    first.process.kill('SIGKILL');
    await first.exited;

    const smtp = await SmtpSink.start({ port });
    cleanups.push(() => smtp.stop());
    const second = await new LensletServer({ args, sharing: first }).start();
    cleanups.push(() => second.stop());
    const mail = await smtp.nextMail(ada.account.email, { timeoutMs: 60_000 });
    const token = linkIn(mail, '/verify-email').searchParams.get('token');
    const r = await fetch(`${second.origin}/api/v1/auth/email/verify`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: second.origin }, body: JSON.stringify({ token }),
    });
    assert.equal(r.status, 204, await r.text());
  });
});

describe('mail without --smtp-url', () => {
  test('is written to the log with its link (development), and the log says so', async () => {
    const server = await startServer();
    cleanups.push(() => server.stop());
    const ada = await signUp(server.origin, 'dev');
    const line = await until('the mail in the log', () => {
      const m = new RegExp(`mail \\(no --smtp-url: logged, not sent\\) to ${ada.account.email.replace('.', '\\.')}[^]*?(http://\\S+/verify-email\\?token=\\S+)`).exec(server.log());
      return m && m[1];
    });
    assert.ok(line.startsWith(server.origin));
    assert.match(server.log(), /no --smtp-url, mails are written to this log instead of sent/);
  });
});
