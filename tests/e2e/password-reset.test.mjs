// Forgot password in the browser (issue 14.2, 14.9): from the login screen's
// "Forgot password?" to the mail a real SMTP server received, its link, a new
// password, and logging in with it. The forgot and reset screens pass axe (as
// in a11y.test.mjs); no console or page error may happen on the way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { Client, freshAddress } from '../functional/lib/client.mjs';
import { startServer } from '../functional/lib/server.mjs';
import { SmtpSink, linkIn } from '../functional/lib/smtp.mjs';
import { PASSWORD } from './lib/accounts.mjs';
import { launchBrowser, openPerson, PHONE, shoot } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const TIMEOUT = 15_000;
const NEW_PASSWORD = 'a brand new passphrase';

let smtp;
let server;
let browser;
let person;
const username = `rosa_${Date.now().toString(36).slice(-5)}`;
const email = `${username}@example.org`;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  smtp = await SmtpSink.start();
  server = await startServer({ args: ['--web-root', WEB_ROOT, '--smtp-url', smtp.url] });
  browser = await launchBrowser();
  person = await openPerson(browser, server.origin, 'rosa', PHONE);
  const registered = await new Client(server.origin, { address: freshAddress() }).post('/api/v1/auth/register', {
    username, email, password: PASSWORD, displayName: 'Rosa Lind',
  });
  assert.equal(registered.status, 201, registered.text);
  await smtp.nextMail(email); // the sign-up's confirmation
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

async function assertAccessible(page, label) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const found = await page.evaluate(() =>
    window.axe
      .run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      })
      .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)),
  );
  assert.deepEqual(found, [], `axe on ${label}:\n${found.join('\n')}`);
}

describe('forgot password → mail → reset → log in', { concurrency: false }, () => {
  let resetUrl;

  test('"Forgot password?" on the login screen asks for a link', async () => {
    const { page } = person;
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Trouble logging in?' }).waitFor({ timeout: TIMEOUT });
    await assertAccessible(page, 'the forgot password screen');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('Check your inbox.').waitFor({ timeout: TIMEOUT });
    await shoot(page, 'forgot-password-sent');
  });

  test('the mail arrives with a link to the reset screen', async () => {
    const mail = await smtp.nextMail(email);
    assert.equal(mail.subject, 'Reset your Lenslet password');
    resetUrl = linkIn(mail, '/reset-password');
    assert.equal(resetUrl.origin, server.origin);
  });

  test('the link sets a new password, once', async () => {
    const { page } = person;
    await page.goto(resetUrl.href);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor({ timeout: TIMEOUT });
    await assertAccessible(page, 'the reset password screen');
    await shoot(page, 'reset-password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password is changed.').waitFor({ timeout: TIMEOUT });

    // The same link again: refused, with the way to a new one.
    person.allow('/api/v1/auth/password/reset', 410);
    await page.goto(resetUrl.href);
    await page.getByLabel('New password', { exact: true }).fill('another new passphrase');
    await page.getByLabel('Confirm new password').fill('another new passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('This reset link was used already.').waitFor({ timeout: TIMEOUT });
  });

  test('logging in with the new password', async () => {
    const { page } = person;
    await page.goto('/login');
    await page.getByLabel(/Username or email/i).fill(email);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: TIMEOUT });
    // The reset proved the mailbox: no confirmation banner.
    assert.equal(await page.getByRole('region', { name: 'Confirm your email address' }).count(), 0);
    assert.deepEqual(person.problems, [], `console or page errors:\n${person.problems.join('\n')}`);
  });
});
