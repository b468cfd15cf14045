// The web app against the real server: two people sign up in two browsers, one
// asks to follow the other's private account, the request is accepted, the
// notifications arrive with an unread badge, a profile is edited, and a person
// logs out and back in. No console error and no page error may happen on the way.
// Screenshots of every main screen land in tests/output/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../functional/lib/server.mjs';
import { DESKTOP, launchBrowser, openPerson, PHONE, shoot } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const PASSWORD = 'correct horse battery';
const TIMEOUT = 10_000;

let server;
let browser;
let alice; // phone, private account
let bob; // desktop

const suffix = Date.now().toString(36).slice(-5);
const aliceName = `alice_${suffix}`;
const bobName = `bob_${suffix}`;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  alice = await openPerson(browser, server.origin, 'alice', PHONE);
  bob = await openPerson(browser, server.origin, 'bob', DESKTOP);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signUp(person, username, displayName) {
  const { page } = person;
  await page.goto('/');
  await page.waitForURL(/\/login(\?|$)/);
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.waitForURL('**/signup');
  // The URL changes before the lazily loaded screen replaces the login form, whose
  // "Username or email" field a loose 'Email' label would match: wait for the form.
  await page.getByRole('button', { name: 'Sign up' }).waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Email', { exact: true }).fill(`${username}@example.org`);
  await page.getByLabel('Full name').fill(displayName);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  try {
    await page.getByRole('heading', { name: new RegExp(`Welcome to Lenslet, ${displayName}`) }).waitFor({ timeout: TIMEOUT });
  } catch (error) {
    await page.screenshot({ path: 'tests/output/screenshots/failure-signup.png' }).catch(() => {});
    const alerts = await page.getByRole('alert').allTextContents().catch(() => []);
    throw new Error(`${error.message}\nat ${page.url()}; alerts: ${JSON.stringify(alerts)}; failed: ${JSON.stringify(person.failed)}`);
  }
}

// Holds every API read of the page for a while: a logout clicked now races the
// screen's own requests, as it does on a slow network or a busy server.
async function slowApiReads(page) {
  const slow = async (route) => {
    if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue().catch(() => {}); // the page may have aborted it meanwhile
  };
  await page.route('**/api/v1/**', slow);
  return () => page.unroute('**/api/v1/**', slow);
}

function assertNoProblems() {
  const problems = [...alice.problems, ...bob.problems];
  assert.deepEqual(problems, [], `console or page errors:\n${problems.join('\n')}`);
}

describe('web app end to end', { concurrency: false }, () => {
  test('signed-out visitors land on the login page, with no inline script or style in the HTML', async () => {
    const { page } = alice;
    const response = await page.goto('/');
    assert.equal(response.headers()['cache-control'], 'no-cache');
    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline <script>');
    assert.doesNotMatch(html, /<style|style="/, 'inline style');
    await page.waitForURL(/\/login(\?|$)/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await shoot(page, '01-login');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Sign up' }).waitFor();
    await shoot(page, '02-signup');
  });

  test('a screen whose code is slow to arrive shows the loading bar over the page being left', async () => {
    // A fresh browser (nothing cached) on a slow link: the signup screen's
    // chunk takes 1.5 s. The login form stays until it is there, so the bar is
    // what says the click did something.
    const carol = await openPerson(browser, server.origin, 'carol', DESKTOP);
    try {
      const { page } = carol;
      await page.route('**/assets/SignupScreen-*.js', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue().catch(() => {});
      });
      await page.goto('/login');
      await page.getByRole('button', { name: 'Log in' }).waitFor();
      const bar = page.getByRole('progressbar', { name: 'Loading the page' });
      assert.equal(await bar.count(), 0);
      await page.getByRole('link', { name: 'Sign up' }).click();
      await bar.waitFor({ timeout: TIMEOUT });
      assert.ok(await page.getByRole('button', { name: 'Log in' }).isVisible(), 'the login form stays meanwhile');
      await page.getByRole('button', { name: 'Sign up' }).waitFor({ timeout: TIMEOUT });
      await bar.waitFor({ state: 'detached', timeout: TIMEOUT });
      assert.deepEqual(carol.problems, []);
    } finally {
      await carol.context.close();
    }
  });

  test('the signup form shows the API error for a taken username beside the field', async () => {
    // Someone else takes the name first, straight through the API.
    const r = await fetch(`${server.origin}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: `taken_${suffix}`, email: `taken_${suffix}@example.org`, password: PASSWORD }),
    });
    assert.equal(r.status, 201);
    const { page } = alice;
    alice.allow('/api/v1/auth/register', 409);
    await page.goto('/signup');
    await page.getByLabel('Email', { exact: true }).fill(`other_${suffix}@example.org`);
    await page.getByLabel('Username').fill(`taken_${suffix}`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    const username = page.getByLabel('Username');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'username', null, { timeout: TIMEOUT });
    assert.equal(await username.getAttribute('aria-invalid'), 'true');
    await shoot(page, '03-signup-error');
  });

  test('two people sign up in two browsers', async () => {
    await signUp(alice, aliceName, 'Alice Liddell');
    await shoot(alice.page, '04-home-welcome');
    await signUp(bob, bobName, 'Bob Builder');
  });

  test('alice edits her profile and makes her account private', async () => {
    const { page } = alice;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await shoot(page, '05-settings');
    await page.getByRole('link', { name: 'Edit profile' }).click();
    await page.getByRole('heading', { name: 'Edit profile' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Alice in Lensland');
    await page.getByLabel('Website').fill('https://alice.example.org');
    await page.getByLabel('Bio').fill('Down the rabbit hole 🐇\nPhotos of curious things.');
    await page.getByRole('switch', { name: 'Private account' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Profile saved.').waitFor({ timeout: TIMEOUT });
    await shoot(page, '06-edit-profile');

    // A website that is not http(s): the message appears beside the field, focused.
    await page.getByLabel('Website').fill('ftp://nope');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/starts with http/).waitFor();
    await page.getByLabel('Website').fill('https://alice.example.org');

    await page.goto(`/u/${aliceName}`);
    await page.getByRole('heading', { name: aliceName }).waitFor();
    await page.getByText('Alice in Lensland').waitFor();
    await page.getByText('Photos of curious things.').waitFor();
    await shoot(page, '07-profile-own');
  });

  test('bob asks to follow the private account: the button says Requested', async () => {
    const { page } = bob;
    await page.goto(`/${aliceName}`);
    await page.getByText('This account is private').waitFor({ timeout: TIMEOUT });
    await page.getByRole('button', { name: `Request to follow ${aliceName}` }).click();
    await page.getByRole('button', { name: `Requested ${aliceName}` }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: `Requested ${aliceName}` }).textContent(),
      `Requested ${aliceName}`,
    );
    // The server agrees after a reload.
    await page.reload();
    await page.getByRole('button', { name: `Requested ${aliceName}` }).waitFor({ timeout: TIMEOUT });
    await shoot(page, '08-profile-private-requested');
  });

  test('alice sees an unread badge, the request in her notifications, and accepts it', async () => {
    const { page } = alice;
    await page.goto('/');
    const badge = page.locator('[data-testid=unread-badge]:visible');
    await badge.waitFor({ timeout: TIMEOUT });
    assert.equal((await badge.textContent()).trim(), '1');
    await shoot(page, '09-home-unread-badge');

    await page.getByRole('link', { name: /Notifications, 1 unread/ }).filter({ visible: true }).first().click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByText('requested to follow you.').waitFor({ timeout: TIMEOUT });
    await shoot(page, '10-notifications');
    // Seeing them marks them read: the badge goes.
    await page.locator('[data-testid=unread-badge]:visible').waitFor({ state: 'detached', timeout: TIMEOUT });

    await page.getByRole('link', { name: /Follow requests/ }).filter({ visible: true }).first().click();
    await page.getByRole('heading', { name: 'Follow requests' }).waitFor();
    await page.getByRole('button', { name: `Confirm ${bobName}` }).waitFor({ timeout: TIMEOUT });
    await shoot(page, '11-follow-requests');
    await page.getByRole('button', { name: `Confirm ${bobName}` }).click();
    await page.getByText('No pending requests').waitFor({ timeout: TIMEOUT });
  });

  test('bob now follows alice and sees her followers', async () => {
    const { page } = bob;
    await page.reload();
    await page.getByRole('button', { name: `Following ${aliceName}` }).waitFor({ timeout: TIMEOUT });
    await page.getByText('No posts yet').waitFor();
    await page.getByRole('link', { name: /1 follower/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Followers' });
    await dialog.waitFor();
    await dialog.getByText(bobName).waitFor({ timeout: TIMEOUT });
    await shoot(page, '12-followers-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  test('alice follows bob back from her notifications; bob gets a notification', async () => {
    const { page } = alice;
    await page.goto('/notifications');
    await page.getByText('started following you.').waitFor({ timeout: TIMEOUT });
    await page.getByRole('button', { name: `Follow ${bobName}` }).click();
    await page.getByRole('button', { name: `Following ${bobName}` }).waitFor();

    await bob.page.goto('/notifications');
    await bob.page.getByText('started following you.').waitFor({ timeout: TIMEOUT });
    await shoot(bob.page, '13-notifications-follow');
    await bob.page.goto(`/u/${bobName}`);
    await bob.page.getByRole('heading', { name: bobName }).waitFor();
    await shoot(bob.page, '14-profile-own-public');
  });

  test('the dark theme toggle is kept across reloads', async () => {
    const { page } = bob;
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    // Applied by an effect of the click's render: waited for, not read in the same breath.
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: 2_000 });
    await page.goto(`/u/${aliceName}`);
    await page.getByRole('heading', { name: aliceName }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await shoot(page, '15-profile-dark');
    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await shoot(page, '16-notifications-dark');
  });

  test('alice logs out and logs in again with her email', async () => {
    const { page } = alice;
    // Logging out while Settings still loads: its requests are dropped, none fails in the console.
    const unslow = await slowApiReads(page);
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL(/\/login(\?|$)/);
    await unslow();
    // Signed out for real: a protected page sends her back to the login.
    await page.goto('/notifications');
    await page.waitForURL('**/login?next=%2Fnotifications');
    await page.getByLabel('Username or email').fill(`${aliceName}@example.org`);
    await page.getByLabel('Password').fill('not the password');
    alice.allow('/api/v1/auth/login', 401);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor({ timeout: TIMEOUT });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/notifications', { timeout: TIMEOUT });
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  });

  test('alice changes her password in Settings and stays signed in', async () => {
    const { page } = alice;
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill('a brand new horse');
    await form.getByLabel('Confirm new password').fill('a brand new horse');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').filter({ hasText: 'Password changed' }).waitFor({ timeout: TIMEOUT });
    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  });

  test('bob logs out everywhere, while Settings is still loading', async () => {
    const { page } = bob;
    const unslow = await slowApiReads(page);
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Log out of all devices' }).click();
    await page.waitForURL(/\/login(\?|$)/);
    await unslow();
    await page.goto('/');
    await page.waitForURL(/\/login(\?|$)/);
  });

  test('no console errors and no page errors happened', () => {
    assertNoProblems();
  });
});
