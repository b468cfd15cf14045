// Two-factor in the browser (issue 14.3): a person turns it on from Settings —
// the test reads the key off the page and computes the code itself
// (tests/functional/lib/totp.mjs), as an authenticator app would — keeps the
// recovery codes, logs out, and logs back in with the password and a code.
// Both two-factor screens pass axe; no console or page error on the way
// beyond the login's own 401 two_factor_required.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { Client, freshAddress } from '../functional/lib/client.mjs';
import { startServer } from '../functional/lib/server.mjs';
import { codeForStep, stepAt } from '../functional/lib/totp.mjs';
import { PASSWORD } from './lib/accounts.mjs';
import { launchBrowser, openPerson, PHONE } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const TIMEOUT = 15_000;

let server;
let browser;
let person;
const username = `tess_${Date.now().toString(36).slice(-5)}`;
let secret;
let lastStep;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  person = await openPerson(browser, server.origin, 'tess', PHONE);
  const registered = await new Client(server.origin, { address: freshAddress() }).post('/api/v1/auth/register', {
    username,
    email: `${username}@example.org`,
    password: PASSWORD,
    displayName: 'Tess Vale',
  });
  assert.equal(registered.status, 201, registered.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
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

async function logIn(page) {
  await page.goto('/login');
  await page.getByLabel(/Username or email/i).fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('two-factor from Settings to the next login', { concurrency: false }, () => {
  test('turning it on: scan (read the key), confirm with a code, keep the recovery codes', async () => {
    const { page } = person;
    await logIn(page);
    await page.waitForURL((url) => url.pathname === '/', { timeout: TIMEOUT });
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const key = page.getByTestId('two-factor-secret');
    await key.waitFor({ timeout: TIMEOUT });
    secret = await key.getAttribute('data-secret');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal((await key.textContent()).replace(/\s/g, ''), secret, 'the key shown is the key');
    const qr = page.getByRole('img', { name: /QR code/ });
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml/);
    await page.waitForFunction(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0), null, {
      timeout: TIMEOUT,
    });
    await assertAccessible(page, 'the two-factor setup');

    lastStep = stepAt();
    await page.getByLabel('Code from the app').fill(codeForStep(secret, lastStep));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor({ timeout: TIMEOUT });
    assert.equal(await codes.getByRole('listitem').count(), 10);
    await page.getByRole('button', { name: 'I’ve saved them' }).click();
    await page.getByText('Two-factor authentication is on.').waitFor({ timeout: TIMEOUT });
  });

  test('the next login asks for a code after the password, and the code signs in', async () => {
    const { page } = person;
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/login', { timeout: TIMEOUT });

    person.allow('/api/v1/auth/login', 401); // two_factor_required: the password was right
    await logIn(page);
    const code = page.getByLabel('Authentication code');
    await code.waitFor({ timeout: TIMEOUT });
    assert.equal(page.url().endsWith('/login'), true);
    await assertAccessible(page, 'the second step of the login');
    // A code the server has not seen (the one that turned it on cannot serve twice).
    lastStep = Math.max(lastStep + 1, stepAt());
    await code.fill(codeForStep(secret, lastStep));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: TIMEOUT });
    await page.goto('/settings');
    await page.getByText('Two-factor authentication is on.').waitFor({ timeout: TIMEOUT });
    assert.deepEqual(person.problems, [], `console or page errors:\n${person.problems.join('\n')}`);
  });
});
