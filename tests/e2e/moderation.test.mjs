// Moderation end to end, against a fresh server in Debian's headless Chromium
// (issue 13, "Done when"): the first person to sign up becomes admin and sees
// the Moderation screen nobody else has; a second person reports a post from
// its menu; the admin suspends its author and removes the post from the
// Moderation screen; the author's open tab is signed out at once and a new
// login says the account is suspended; a third person finds the post gone.
// No console error and no page error on the way (save the refusals we provoke).
// Screenshots land in tests/output/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, freshAddress } from '../functional/lib/client.mjs';
import { createPost } from '../functional/lib/posts.mjs';
import { startServer } from '../functional/lib/server.mjs';
import { PASSWORD, signUp } from './lib/accounts.mjs';
import { DESKTOP, launchBrowser, openPerson, PHONE, shoot } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const TIMEOUT = 15_000;

let server;
let browser;
let ada; // the first sign-up: admin (desktop)
let rae; // reports the post (phone)
let max; // posts spam, gets suspended (phone, his tab stays open)
let tom; // a third person, who looked at the post before (desktop)

const suffix = Date.now().toString(36).slice(-5);
const names = { ada: `ada_${suffix}`, rae: `rae_${suffix}`, max: `max_${suffix}`, tom: `tom_${suffix}` };
const caption = `Cheap followers, click my bio ${suffix}`;
let postId;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  ada = await openPerson(browser, server.origin, 'ada', DESKTOP);
  rae = await openPerson(browser, server.origin, 'rae', PHONE);
  max = await openPerson(browser, server.origin, 'max', PHONE);
  tom = await openPerson(browser, server.origin, 'tom', DESKTOP);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function assertNoProblems(...people) {
  const problems = people.flatMap((person) => person.problems);
  assert.deepEqual(problems, [], `console or page errors:\n${problems.join('\n')}`);
}

describe('moderation end to end', { concurrency: false }, () => {
  test('on a fresh instance the first sign-up is admin and sees Moderation; the next ones do not', async () => {
    await signUp(ada, names.ada, 'Ada Admin', { timeout: TIMEOUT });
    await ada.page.getByRole('link', { name: 'Moderation' }).waitFor({ timeout: TIMEOUT });
    for (const [person, name, display] of [
      [rae, names.rae, 'Rae Reporter'],
      [max, names.max, 'Max Spam'],
      [tom, names.tom, 'Tom Third'],
    ]) {
      await signUp(person, name, display, { timeout: TIMEOUT });
    }
    // Not in any nav, and the address itself shows "not available" (the API answers 404 too).
    assert.equal(await rae.page.getByRole('link', { name: 'Moderation' }).count(), 0);
    rae.allow('/api/v1/admin/reports', 404);
    await rae.page.goto('/moderation');
    await rae.page.getByRole('heading', { name: /this page isn.t available/i }).waitFor({ timeout: TIMEOUT });
    const probe = await rae.page.evaluate(async () => (await fetch('/api/v1/admin/reports?status=open')).status);
    assert.equal(probe, 404);
  });

  test('max posts; rae and tom see the post', async () => {
    const client = new Client(server.origin, { address: freshAddress() });
    const login = await client.post('/api/v1/auth/login', { login: names.max, password: PASSWORD });
    assert.equal(login.status, 200, login.text);
    const created = await createPost(client, { caption, alt: ['A banner'] });
    assert.equal(created.status, 201, created.text);
    postId = created.body.post.id;
    await tom.page.goto(`/p/${postId}`);
    await tom.page.getByText(caption).first().waitFor({ timeout: TIMEOUT });
    // Max's own tab sits on his home screen, connected.
    await max.page.goto('/');
    await max.page.getByRole('link', { name: 'Home' }).first().waitFor({ timeout: TIMEOUT });
  });

  test('rae reports the post from its menu, with a reason and a note, and is thanked; twice is fine', async () => {
    const { page } = rae;
    await page.goto(`/p/${postId}`);
    await page.getByText(caption).first().waitFor({ timeout: TIMEOUT });
    for (const round of [1, 2]) {
      await page.getByRole('button', { name: `More options for the post by ${names.max}` }).click();
      await page.getByRole('menuitem', { name: 'Report' }).click();
      const dialog = page.getByRole('dialog', { name: 'Report post' });
      await dialog.getByRole('radio', { name: 'Spam' }).check();
      await dialog.getByLabel(/Anything the moderators should know/).fill('Same link on every post');
      if (round === 1) await shoot(page, '60-report-dialog');
      await dialog.getByRole('button', { name: 'Report' }).click();
      const thanks = page.getByRole('dialog', { name: 'Thanks for letting us know' });
      await thanks.waitFor({ timeout: TIMEOUT });
      await thanks.getByRole('button', { name: 'Done' }).click();
      await thanks.waitFor({ state: 'detached', timeout: TIMEOUT });
    }
    assertNoProblems(rae);
  });

  test('the admin sees one card for the post, with its preview and the report, and suspends its author: his open tab is signed out at once', async () => {
    const { page } = ada;
    await page.getByRole('link', { name: 'Moderation' }).click();
    await page.getByRole('heading', { name: 'Moderation' }).waitFor({ timeout: TIMEOUT });
    const card = page.getByTestId('report-group').filter({ hasText: caption });
    await card.waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('report-group').count(), 1, 'one card per target');
    await card.getByText('Same link on every post').waitFor();
    await card.getByText(`by ${names.rae}`).first().waitFor();
    await shoot(page, '61-moderation-queue');

    // Max's tab asks the server again once his socket is closed: that refusal is expected.
    max.allow('/api/v1/auth/refresh', 401);
    max.allow('/api/v1/auth/refresh', 403);
    await card.getByLabel(/^Note/).fill('Spam account');
    await card.getByRole('button', { name: `Suspend ${names.max}` }).click();
    await page.getByText('Account suspended.').waitFor({ timeout: TIMEOUT });
    await page.getByText('No open reports').waitFor({ timeout: TIMEOUT });

    // No reload, no click in max's tab: the server closes its socket and the app signs out.
    await max.page.waitForURL(/\/login(\?|$)/, { timeout: TIMEOUT });
    await max.page.getByRole('button', { name: 'Log in' }).waitFor({ timeout: TIMEOUT });
  });

  test('from the resolved report the admin removes the post, with a reason', async () => {
    const { page } = ada;
    await page.getByRole('link', { name: 'Resolved' }).click();
    // Found by its target, not its caption: once removed, the post has no caption to show.
    const card = page.locator(`[data-testid="report-group"][data-target="post:${postId}"]`);
    await card.getByText('Author suspended').waitFor({ timeout: TIMEOUT });
    await card.getByText(caption).waitFor({ timeout: TIMEOUT });
    await card.getByLabel(/^Reason/).fill('Spam, removed');
    await card.getByRole('button', { name: 'Remove post' }).click();
    // The queue is read again: the post is gone, and the card still says what was done.
    await card.getByText('This post no longer exists.').waitFor({ timeout: TIMEOUT });
    await card.getByText('Post removed.').waitFor({ timeout: TIMEOUT });
    await shoot(page, '62-moderation-resolved');
  });

  test('logging in again tells max his account is suspended', async () => {
    const { page } = max;
    max.allow('/api/v1/auth/login', 403);
    await page.getByLabel(/Username or email/i).fill(names.max);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const problem = page.getByTestId('account-problem');
    await problem.waitFor({ timeout: TIMEOUT });
    assert.match(await problem.textContent(), /Your account is suspended\./);
    await shoot(page, '63-login-suspended');
  });

  test('the post is gone for a third person, and so is the suspended profile', async () => {
    const { page } = tom;
    tom.allow(`/api/v1/posts/${postId}`, 404);
    await page.reload();
    await page.getByRole('heading', { name: /this page isn.t available/i }).waitFor({ timeout: TIMEOUT });
    tom.allow(`/api/v1/users/${names.max}`, 404);
    await page.goto(`/u/${names.max}`);
    await page.getByRole('heading', { name: /this page isn.t available/i }).waitFor({ timeout: TIMEOUT });
  });

  test('the audit log shows both actions, who took them and why', async () => {
    const { page } = ada;
    await page.getByRole('link', { name: 'Audit log' }).click();
    const log = page.getByRole('list', { name: 'Audit log' });
    await log.waitFor({ timeout: TIMEOUT });
    await log.getByText('Spam, removed').waitFor({ timeout: TIMEOUT });
    await log.getByText('Spam account').waitFor({ timeout: TIMEOUT });
    assert.ok((await log.getByText(names.ada).count()) >= 2, 'the admin is named as the actor');
    assertNoProblems(ada, rae, max, tom);
  });
});
