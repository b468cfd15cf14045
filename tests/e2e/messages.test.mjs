// Direct messages live, against the real server: amy (a desktop) starts a
// conversation with ben (a phone) through search; ben's Messages badge counts
// her message as it arrives; he opens it and she sees "Seen"; she sees him
// typing, then his answer; when she follows him his notification badge
// appears without a reload. No console error and no page error on the way.
// Screenshots (390×844 and 1440×900) land in tests/output/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../functional/lib/server.mjs';
import { signUp } from './lib/accounts.mjs';
import { DESKTOP, launchBrowser, openPerson, PHONE, shoot } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const FIXTURES = path.resolve('tests/fixtures');
const TIMEOUT = 10_000;

let server;
let browser;
let amy; // desktop
let ben; // phone

const suffix = Date.now().toString(36).slice(-5);
const amyName = `amy_${suffix}`;
const benName = `ben_${suffix}`;
let threadPath;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  amy = await openPerson(browser, server.origin, 'amy', DESKTOP);
  ben = await openPerson(browser, server.origin, 'ben', PHONE);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The badge of the nav in use at this size (the side nav and the phone bars both carry one). */
const visibleBadge = (page, testId) => page.locator(`[data-testid=${testId}]:visible`);

describe('direct messages in real time', { concurrency: false }, () => {
  test('two people sign up; ben follows amy and stays on his home screen, connected', async () => {
    await signUp(amy, amyName, 'Amy Reed');
    await signUp(ben, benName, 'Ben Hale');
    // He follows her: her message reaches his inbox and she sees his presence. From someone he
    // did not follow it would wait in his message requests, telling her nothing of him.
    const status = await ben.page.evaluate(
      async (name) => (await fetch(`/api/v1/users/${name}/follow`, { method: 'POST' })).status,
      amyName,
    );
    assert.equal(status, 200);
  });

  test('amy starts a conversation with ben through search and lands on the thread', async () => {
    const { page } = amy;
    await page.getByRole('link', { name: 'Messages' }).first().click();
    await page.waitForURL('**/messages');
    await page.getByText('No messages yet').waitFor({ timeout: TIMEOUT });
    await page.getByRole('button', { name: 'New message' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message' });
    await dialog.getByLabel('Search people').fill(benName);
    await dialog.getByRole('button', { name: new RegExp(benName) }).click();
    await dialog.getByRole('button', { name: 'Chat' }).click();
    await page.waitForURL(/\/messages\/[^/]+$/, { timeout: TIMEOUT });
    threadPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Ben Hale' }).waitFor();
    // Ben is connected (his home screen is open): presence says so.
    await page.getByTestId('presence').filter({ hasText: 'Active now' }).waitFor({ timeout: TIMEOUT });
  });

  test('amy sends with Enter; ben’s Messages badge counts it live', async () => {
    const box = amy.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Hi Ben! Lunch at the pier?');
    await box.press('Enter');
    await amy.page.getByTestId('message').filter({ hasText: 'Hi Ben! Lunch at the pier?' }).waitFor();
    await amy.page.getByTestId('pending-message').waitFor({ state: 'detached', timeout: TIMEOUT });

    const badge = visibleBadge(ben.page, 'messages-badge');
    await badge.waitFor({ timeout: TIMEOUT });
    assert.equal((await badge.textContent()).trim(), '1');
  });

  test('ben opens his inbox and the thread; the badge goes and amy sees "Seen"', async () => {
    const { page } = ben;
    await page.getByRole('link', { name: /^Messages/ }).first().click();
    await page.waitForURL('**/messages');
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Amy Reed' });
    await row.getByTestId('conversation-unread').filter({ hasText: '1' }).waitFor({ timeout: TIMEOUT });
    await shoot(page, '40-messages-inbox');
    await row.click();
    await page.waitForURL(`**${threadPath}`);
    await page.getByTestId('message').filter({ hasText: 'Hi Ben! Lunch at the pier?' }).waitFor();
    await visibleBadge(page, 'messages-badge').waitFor({ state: 'detached', timeout: TIMEOUT });
    await amy.page.getByTestId('seen').waitFor({ timeout: TIMEOUT });
  });

  test('amy sees ben typing, then his answer arrives live', async () => {
    const box = ben.page.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('Sure, noon', { delay: 30 });
    await amy.page.getByTestId('typing').filter({ hasText: `${benName} is typing…` }).waitFor({ timeout: TIMEOUT });
    await box.press('Enter');
    await amy.page.getByTestId('message').filter({ hasText: 'Sure, noon' }).waitFor({ timeout: TIMEOUT });
    // His message ends the "typing…" at once.
    await amy.page.getByTestId('typing').filter({ hasText: 'typing' }).waitFor({ state: 'detached', timeout: TIMEOUT });
    // Amy has the thread open: she reads it at once, so ben sees "Seen" under his answer.
    await ben.page.getByTestId('seen').waitFor({ timeout: TIMEOUT });
    await amy.page.getByRole('textbox', { name: 'Message' }).fill('See you there 🌊');
    await amy.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await ben.page.getByTestId('message').filter({ hasText: 'See you there 🌊' }).waitFor({ timeout: TIMEOUT });
    await shoot(ben.page, '41-messages-thread');
    await shoot(amy.page, '42-messages-two-panes');
  });

  test('ben goes offline: his send says "Not sent — retry"; amy writes meanwhile; back online, the retry sends once and the catch-up brings what he missed', async () => {
    const before = ben.problems.length;
    const catchUps = [];
    const onRequest = (request) => {
      if (/\/messages\?.*after=/.test(request.url())) catchUps.push(request.url());
    };
    ben.page.on('request', onRequest);
    await ben.context.setOffline(true);
    const box = ben.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Running late');
    await box.press('Enter');
    const retry = ben.page.getByRole('button', { name: 'Not sent — retry' });
    await retry.waitFor({ timeout: 15_000 });

    await amy.page.getByRole('textbox', { name: 'Message' }).fill('Table by the window');
    await amy.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await amy.page.getByTestId('message').filter({ hasText: 'Table by the window' }).waitFor();
    await ben.page.waitForTimeout(500);
    assert.equal(await ben.page.getByTestId('message').filter({ hasText: 'Table by the window' }).count(), 0);

    await ben.context.setOffline(false);
    // The socket reconnects by itself and catches up with ?after=.
    await ben.page.getByTestId('message').filter({ hasText: 'Table by the window' }).waitFor({ timeout: 15_000 });
    ben.page.off('request', onRequest);
    assert.ok(catchUps.length > 0, 'no ?after= catch-up request after the reconnect');
    await retry.click();
    await amy.page.getByTestId('message').filter({ hasText: 'Running late' }).waitFor({ timeout: TIMEOUT });
    await ben.page.getByTestId('message').filter({ hasText: 'Running late' }).waitFor({ timeout: TIMEOUT });
    await ben.page.getByTestId('pending-message').waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.equal(await amy.page.getByTestId('message').filter({ hasText: 'Running late' }).count(), 1);
    assert.equal(await ben.page.getByTestId('message').filter({ hasText: 'Table by the window' }).count(), 1);

    // Failed requests while offline are the point of this step, not problems.
    const offline = ben.problems.splice(before);
    const unexpected = offline.filter((line) => !/ERR_INTERNET_DISCONNECTED|WebSocket connection/.test(line));
    assert.deepEqual(unexpected, []);
    console.log(`offline step: ${catchUps.length} catch-up request(s); ${offline.length} expected network error(s)`);
  });

  test('amy sends a photo: a pending bubble while it uploads, then ben sees it', async () => {
    const { page } = amy;
    await page.getByTestId('message-image').setInputFiles(path.join(FIXTURES, 'plain.jpg'));
    await page.getByRole('img', { name: 'Photo to send' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('The view from our table');
    // The pending bubble lives only as long as the upload: on a quick machine it
    // can come and go between two of Playwright's polls. Record in the page
    // whether it was ever shown, from before the send, instead of racing it.
    await page.evaluate(() => {
      window.__pendingShown = false;
      const seen = () => document.querySelector('[data-testid="pending-message"]') !== null;
      const observer = new MutationObserver(() => {
        if (seen()) {
          window.__pendingShown = true;
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await page.waitForFunction(() => window.__pendingShown === true, null, { timeout: TIMEOUT });
    const bens = ben.page.getByTestId('message').filter({ hasText: 'The view from our table' });
    await bens.waitFor({ timeout: TIMEOUT });
    const src = await bens.locator('img').getAttribute('src');
    assert.match(src, /^\/media\//);
    await page.getByTestId('pending-message').waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.equal(await page.getByTestId('message').filter({ hasText: 'The view from our table' }).count(), 1);
    await bens.locator('img').evaluate((img) => img.decode());
    await shoot(ben.page, '43-messages-photo');
  });

  test('amy follows ben: his notification badge appears without a reload', async () => {
    await amy.page.goto(`/u/${benName}`);
    await amy.page.getByRole('button', { name: `Follow ${benName}`, exact: true }).click();
    await amy.page.getByRole('button', { name: `Following ${benName}` }).waitFor({ timeout: TIMEOUT });
    const badge = visibleBadge(ben.page, 'unread-badge');
    await badge.waitFor({ timeout: 5_000 });
    assert.equal((await badge.textContent()).trim(), '1');
  });

  test('no console errors and no page errors happened', () => {
    const problems = [...amy.problems, ...ben.problems];
    assert.deepEqual(problems, [], `console or page errors:\n${problems.join('\n')}`);
  });
});
