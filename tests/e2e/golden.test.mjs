// The golden scenario of issue 5, against the real server: gwen (a desktop) and
// hugo (a phone) sign up in two browsers; hugo follows gwen; gwen posts a real
// photo with alt text; hugo sees it in his HOME feed (not explore), likes it and
// comments; gwen's notification badge and list show both without a reload; they
// chat in real time both ways. No console error and no page error on the way.
// Screenshots (390×844 and 1440×900) of the screens the other files do not
// cover land in tests/output/screenshots/ (50-…).
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
let gwen; // desktop, the author
let hugo; // phone, the follower

const suffix = Date.now().toString(36).slice(-5);
const gwenName = `gwen_${suffix}`;
const hugoName = `hugo_${suffix}`;
const ALT = 'A test card of coloured squares on a grey ground';
const CAPTION = `Colour check before the shoot #golden${suffix}`;
const COMMENT = 'Those greens are perfect';
let postPath;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  gwen = await openPerson(browser, server.origin, 'gwen', DESKTOP);
  hugo = await openPerson(browser, server.origin, 'hugo', PHONE);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The element of the nav in use at this size (side nav on desktops, bars on phones). */
const visible = (page, selector) => page.locator(`${selector}:visible`).first();

/** Marks the document, so a later check can tell that the page was never reloaded. */
const markDocument = (page) => page.evaluate(() => (window.__golden = 'same document'));
const sameDocument = async (page) => (await page.evaluate(() => window.__golden)) === 'same document';

describe('the golden scenario: follow, post, feed, like, comment, live notification, chat', { concurrency: false }, () => {
  test('two people sign up in two browsers', async () => {
    await signUp(gwen, gwenName, 'Gwen Park');
    await signUp(hugo, hugoName, 'Hugo Lind');
  });

  test('hugo follows gwen from her profile', async () => {
    const { page } = hugo;
    await page.goto(`/u/${gwenName}`);
    await page.getByRole('button', { name: `Follow ${gwenName}`, exact: true }).click();
    await page.getByRole('button', { name: `Following ${gwenName}` }).waitFor({ timeout: TIMEOUT });
  });

  test('gwen posts a real photo with alt text and lands on her post', async () => {
    const { page } = gwen;
    await visible(page, 'a[href="/new"]').click();
    await page.getByRole('heading', { name: 'New post' }).waitFor();
    await page.getByLabel('Select photos').setInputFiles(path.join(FIXTURES, 'plain.jpg'));
    await page.getByTestId('photo-tile').first().waitFor();
    await page.getByLabel('Alt text for photo 1').fill(ALT);
    await page.getByLabel('Caption').fill(CAPTION);
    // Leaving now would lose the work: the app asks, and Cancel keeps it.
    await visible(page, 'a[href="/explore"]').click();
    const discard = page.getByRole('dialog', { name: 'Discard this post?' });
    await discard.waitFor({ timeout: TIMEOUT });
    await discard.getByRole('button', { name: 'Cancel' }).click();
    await discard.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/new');
    assert.equal(await page.getByLabel('Caption').inputValue(), CAPTION);
    // The browser's Back asks too (the app undoes it until Cancel or Discard).
    await page.evaluate(() => history.back());
    await discard.waitFor({ timeout: TIMEOUT });
    await discard.getByRole('button', { name: 'Cancel' }).click();
    await discard.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/new');
    assert.equal(await page.getByLabel('Caption').inputValue(), CAPTION);
    await page.getByRole('button', { name: 'Share' }).click();
    await page.waitForURL(/\/p\/\d+$/, { timeout: 30_000 });
    postPath = new URL(page.url()).pathname;
    await page.getByRole('img', { name: ALT }).waitFor({ timeout: TIMEOUT });
    // From here on gwen's page must stay the same document: what reaches her comes live.
    await markDocument(page);
    // Hugo's follow is already one unread notification.
    await visible(page, '[data-testid=unread-badge]').filter({ hasText: '1' }).waitFor({ timeout: TIMEOUT });
  });

  test('hugo opens Lenslet: the post is in his home feed, with its alt text, served', async () => {
    const { page } = hugo;
    const feedRequests = [];
    const onRequest = (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/v1/feed')) feedRequests.push(pathname);
    };
    page.on('request', onRequest);
    await page.goto('/');
    const card = page.locator('article.post-card').filter({ hasText: CAPTION });
    await card.waitFor({ timeout: TIMEOUT });
    page.off('request', onRequest);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.deepEqual([...new Set(feedRequests)], ['/api/v1/feed'], `the home feed, not explore: ${feedRequests}`);
    const photo = card.getByRole('img', { name: ALT });
    await photo.waitFor();
    assert.ok(await photo.evaluate((img) => img.decode().then(() => img.naturalWidth > 0)), 'the photo did not load');
    assert.match(await photo.getAttribute('src'), /^\/media\//);
    await shoot(page, '50-home-feed');
  });

  test('hugo likes the post from his feed and comments on its page', async () => {
    const { page } = hugo;
    const card = page.locator('article.post-card').filter({ hasText: CAPTION });
    const liked = page.waitForResponse((r) => r.url().endsWith('/like') && r.request().method() === 'POST');
    await card.getByRole('button', { name: 'Like', exact: true }).click();
    assert.equal((await liked).status(), 200);
    await card.getByTestId('like-count').filter({ hasText: '1 like' }).waitFor();

    await card.getByRole('link', { name: 'Add a comment…' }).click();
    await page.waitForURL(`**${postPath}`);
    await page.getByLabel('Add a comment').fill(COMMENT);
    await page.keyboard.press('Enter');
    await page.getByTestId('comment').filter({ hasText: COMMENT }).waitFor({ timeout: TIMEOUT });
  });

  test('gwen sees the like and the comment arrive live: badge, then the list', async () => {
    const { page } = gwen;
    const badge = visible(page, '[data-testid=unread-badge]');
    // The follow, the like and the comment.
    await badge.filter({ hasText: '3' }).waitFor({ timeout: TIMEOUT });
    assert.ok(await sameDocument(page), 'gwen’s page was reloaded');
    await visible(page, 'a[href="/notifications"]').click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    const rows = page.locator('.notification');
    await rows.filter({ hasText: 'liked your photo.' }).filter({ hasText: hugoName }).waitFor({ timeout: TIMEOUT });
    await rows.filter({ hasText: 'commented on your photo.' }).filter({ hasText: hugoName }).waitFor();
    assert.equal(await rows.count(), 3);
    assert.ok(await sameDocument(page), 'gwen’s page was reloaded');
    await shoot(page, '51-notifications-like-comment');
  });

  test('they chat in real time both ways', async () => {
    const { page } = gwen;
    await visible(page, 'a[href="/messages"]').click();
    await page.waitForURL('**/messages');
    await page.getByRole('button', { name: 'New message' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message' });
    await dialog.getByLabel('Search people').fill(hugoName);
    await dialog.getByRole('button', { name: new RegExp(hugoName) }).click();
    await dialog.getByRole('button', { name: 'Chat' }).click();
    await page.waitForURL(/\/messages\/[^/]+$/, { timeout: TIMEOUT });
    const threadPath = new URL(page.url()).pathname;
    const gwenBox = page.getByRole('textbox', { name: 'Message' });
    await gwenBox.fill('Thanks Hugo! Shooting the harbour on Saturday?');
    await gwenBox.press('Enter');

    // Hugo is on the post page: his Messages badge counts it, he opens the thread from the inbox.
    await visible(hugo.page, '[data-testid=messages-badge]').filter({ hasText: '1' }).waitFor({ timeout: TIMEOUT });
    await visible(hugo.page, 'a[href="/messages"]').click();
    await hugo.page.waitForURL('**/messages');
    const row = hugo.page.getByTestId('conversation-row').filter({ hasText: 'Gwen Park' });
    await row.waitFor({ timeout: TIMEOUT });
    await shoot(hugo.page, '52-messages-inbox');
    await row.click();
    await hugo.page.waitForURL(`**${threadPath}`);
    await hugo.page.getByTestId('message').filter({ hasText: 'Shooting the harbour on Saturday?' }).waitFor();
    const hugoBox = hugo.page.getByRole('textbox', { name: 'Message' });
    await hugoBox.fill('Yes! 7am at the lighthouse');
    await hugoBox.press('Enter');
    await page.getByTestId('message').filter({ hasText: 'Yes! 7am at the lighthouse' }).waitFor({ timeout: TIMEOUT });
    await gwenBox.fill('See you there 📷');
    await gwenBox.press('Enter');
    await hugo.page.getByTestId('message').filter({ hasText: 'See you there 📷' }).waitFor({ timeout: TIMEOUT });
    await hugo.page.getByTestId('pending-message').waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.ok(await sameDocument(page), 'gwen’s page was reloaded');
    await shoot(hugo.page, '53-messages-thread');
  });

  test('screenshots of settings, and of saved posts where the app has them', async (t) => {
    const { page } = gwen;
    await visible(page, 'a[href="/settings"]').click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await shoot(page, '54-settings');

    // /saved is being built at the same time: shoot it once the app has it (hugo saves the post first).
    await hugo.page.goto(postPath);
    const save = hugo.page.getByRole('button', { name: 'Save', exact: true });
    await save.click();
    await hugo.page.getByRole('button', { name: 'Save', exact: true, pressed: true }).waitFor({ timeout: TIMEOUT });
    // Without the screen, /saved is a profile by that name that does not exist: two expected 404s.
    hugo.allow('/api/v1/users/saved', 404);
    hugo.allow('/api/v1/users/saved/posts', 404);
    await hugo.page.goto('/saved');
    const saved = hugo.page.getByRole('heading', { name: 'Saved', exact: true });
    const missing = hugo.page.getByRole('heading', { name: /isn.t available/ });
    await saved.or(missing).waitFor({ timeout: TIMEOUT });
    if (await missing.isVisible()) {
      t.diagnostic('no /saved screen in this build: no saved-posts screenshot');
      return;
    }
    await hugo.page.locator(`a[href="${postPath}"]`).waitFor({ timeout: TIMEOUT });
    await shoot(hugo.page, '55-saved');
  });

  test('no console errors and no page errors happened', () => {
    const problems = [...gwen.problems, ...hugo.problems];
    assert.deepEqual(problems, [], `console or page errors:\n${problems.join('\n')}`);
  });
});
