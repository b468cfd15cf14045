// Accounts for real life in the browser (issue 14.4, 14.5): the author edits a
// post's caption and alt text from its menu and sees the "Edited" mark on its page
// and in the feed; Settings lists where they are logged in, and logging another
// login out ends it at once. The edit dialog and the logins list pass axe (as in
// a11y.test.mjs). No console or page error may happen on the way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { Client, freshAddress } from '../functional/lib/client.mjs';
import { postForm } from '../functional/lib/posts.mjs';
import { startServer } from '../functional/lib/server.mjs';
import { PASSWORD } from './lib/accounts.mjs';
import { launchBrowser, openPerson, PHONE } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const TIMEOUT = 15_000;

let server;
let browser;
let person;
let api; // the same account's other login (another device)
let postId;
const username = `eve_${Date.now().toString(36).slice(-5)}`;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  person = await openPerson(browser, server.origin, 'eve', PHONE);
  api = new Client(server.origin, { address: freshAddress() });
  const registered = await api.post('/api/v1/auth/register', {
    username,
    email: `${username}@example.org`,
    password: PASSWORD,
    displayName: 'Eve Stone',
  });
  assert.equal(registered.status, 201, registered.text);
  const posted = await api.request('POST', '/api/v1/posts', {
    body: postForm({ caption: 'Harbour at dusk', alt: [''] }),
  });
  assert.equal(posted.status, 201, posted.text);
  postId = posted.body.post.id;
});

/** axe (WCAG 2.0/2.1 A and AA, best practices) on the page as it is; fails with each rule and element found. */
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

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('edit a post and manage logins', { concurrency: false }, () => {
  test('logging in through the form', async () => {
    const { page } = person;
    await page.goto('/login');
    await page.getByLabel(/Username or email/i).fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: TIMEOUT });
  });

  test('the author edits the caption and alt text; the post shows it with an Edited mark, the feed too', async () => {
    const { page } = person;
    await page.goto(`/p/${postId}`);
    await page.getByText('Harbour at dusk').first().waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByText('Edited', { exact: true }).count(), 0);

    await page.getByRole('button', { name: `More options for the post by ${username}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit post' });
    await dialog.getByLabel('Caption').waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => [...document.images].every((image) => image.complete), null, {
      timeout: TIMEOUT,
    });
    await assertAccessible(page, 'the edit dialog');
    await dialog.getByLabel('Caption').fill('Harbour at dawn, in fact #harbour');
    await dialog.getByLabel('Photo').fill('Boats in a harbour at dawn');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });

    await page.getByText('Harbour at dawn, in fact').first().waitFor({ timeout: TIMEOUT });
    const mark = page.locator('.edited-mark').first();
    await mark.waitFor({ timeout: TIMEOUT });
    assert.match(await mark.getAttribute('title'), /^Edited /);
    assert.equal(await page.getByAltText('Boats in a harbour at dawn').count(), 1);

    // The server kept it: a fresh load of the feed shows the edit and its mark.
    await page.goto('/');
    await page.getByText('Harbour at dawn, in fact').first().waitFor({ timeout: TIMEOUT });
    await page.locator('.edited-mark').first().waitFor({ timeout: TIMEOUT });
    const stored = await api.get(`/api/v1/posts/${postId}`);
    assert.equal(stored.body.post.caption, 'Harbour at dawn, in fact #harbour');
    assert.ok(stored.body.post.editedAt, 'editedAt set');
  });

  test('Settings lists both logins, this one marked; logging the other out ends it at once', async () => {
    const { page } = person;
    await page.goto('/settings');
    const list = page.getByRole('list', { name: 'Logins' });
    await list.waitFor({ timeout: TIMEOUT });
    const rows = list.getByRole('listitem');
    await page.waitForFunction(() => document.querySelectorAll('.logins__row').length === 2, null, {
      timeout: TIMEOUT,
    });
    const mine = rows.filter({ hasText: 'This device' });
    assert.equal(await mine.count(), 1);
    assert.match(await mine.textContent(), /^Chrome on Linux · This device/);
    await assertAccessible(page, 'the settings with the logins list');

    const other = rows.filter({ hasNotText: 'This device' });
    await other.getByRole('button', { name: /^Log out of / }).click();
    await page.waitForFunction(() => document.querySelectorAll('.logins__row').length === 1, null, {
      timeout: TIMEOUT,
    });
    const refused = await api.get('/api/v1/auth/me');
    assert.equal(refused.status, 401, 'the other login ended');
    assert.deepEqual(person.problems, [], `console or page errors:\n${person.problems.join('\n')}`);
  });
});
