// Posting and finding posts, against the real server: carol (a phone) composes
// a post of two real photos with alt text and watches the upload's progress
// bar reach the end, lands on the post page, walks the carousel by keyboard,
// likes it, comments and deletes the comment; dave (a desktop) finds the post
// on explore and through search (by her name and by its hashtag) and likes it
// with a double click. No console error and no page error may happen on the way.
// Screenshots (390×844 and 1440×900) land in tests/output/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../functional/lib/server.mjs';
import { signUp } from './lib/accounts.mjs';
import { DESKTOP, launchBrowser, openPerson, PHONE, SCREENSHOT_DIR, shoot } from './lib/browser.mjs';

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const FIXTURES = path.resolve('tests/fixtures');
const TIMEOUT = 10_000;

let server;
let browser;
let carol; // phone
let dave; // desktop

const suffix = Date.now().toString(36).slice(-5);
const carolName = `carol_${suffix}`;
const daveName = `dave_${suffix}`;
const tag = `tidepool${suffix}`;
const ALTS = ['A test card of coloured squares', 'The same card, turned upright from its EXIF'];
let postPath;

before(async () => {
  assert.ok(existsSync(path.join(WEB_ROOT, 'index.html')), `no built web app in ${WEB_ROOT}: run scripts/build.sh`);
  server = await startServer({ args: ['--web-root', WEB_ROOT] });
  browser = await launchBrowser();
  carol = await openPerson(browser, server.origin, 'carol', PHONE);
  dave = await openPerson(browser, server.origin, 'dave', DESKTOP);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Records every value the upload progress bar shows, from before the upload starts. */
async function watchProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    const record = () => {
      // The upload's bar only: the page's navigation bar (NavigationProgress) is a progressbar too.
      for (const bar of document.querySelectorAll('[role=progressbar][aria-label="Uploading photos"]')) {
        const value = Number(bar.getAttribute('aria-valuenow'));
        if (window.__progress.at(-1) !== value) window.__progress.push(value);
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
}

function currentDot(page) {
  return page.locator('.carousel__dot[aria-current=true]').getAttribute('aria-label');
}

describe('composing, the post page, explore and search', { concurrency: false }, () => {
  test('two people sign up', async () => {
    await signUp(carol, carolName, 'Carol Tide');
    await signUp(dave, daveName, 'Dave Shore');
  });

  test('carol opens the composer from the tab bar; a file that is not a photo is refused with a reason', async () => {
    const { page } = carol;
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { name: 'New post' }).waitFor();
    await shoot(page, '20-composer-empty');
    await page.getByLabel('Select photos').setInputFiles(path.join(FIXTURES, 'doc.pdf'));
    const alert = page.getByRole('alert').filter({ hasText: 'not added' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /doc\.pdf — Not a photo/);
    await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  test('she picks two real photos, orders them by keyboard, describes them and writes a caption', async () => {
    const { page } = carol;
    // In the wrong order on purpose: the keyboard puts them right.
    await page
      .getByLabel('Select photos')
      .setInputFiles([path.join(FIXTURES, 'rotated_gps.jpg'), path.join(FIXTURES, 'plain.jpg')]);
    await page.getByTestId('photo-tile').nth(1).waitFor();
    assert.equal(await page.getByRole('img', { name: /^Photo 1 of 2/ }).getAttribute('alt'), 'Photo 1 of 2: rotated_gps.jpg');
    await page.getByRole('button', { name: 'Move photo 1 later' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: 'Photo 1 of 2: plain.jpg' }).waitFor();
    // Focus went with the photo: now the second one's "earlier" button (its "later" one is disabled).
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move photo 2 earlier');
    // Every preview is a blob: URL of the local file.
    const previews = await page.locator('.photo-tile__img').evaluateAll((imgs) => imgs.map((img) => img.src));
    assert.ok(previews.every((src) => src.startsWith('blob:')), previews.join());

    await page.getByLabel('Alt text for photo 1').fill(ALTS[0]);
    await page.getByLabel('Alt text for photo 2').fill(ALTS[1]);
    await page.getByLabel('Caption').fill(`Low tide this morning #${tag} 🌊`);
    await page.getByText(/^\d+ \/ 2,200$/).waitFor();
    await shoot(page, '21-composer-filled');
  });

  test('sharing shows the upload progress up to 100 % and lands on the new post', async (t) => {
    const { page } = carol;
    await watchProgress(page);
    // A slow, late uplink (Chromium's own network emulation), so the bar stays long enough to be
    // seen. The fixtures are a few KB: Chromium reports them sent in one step (0 then 100).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 50,
      downloadThroughput: -1,
      uploadThroughput: 3 * 1024,
    });
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('progressbar', { name: 'Uploading photos' }).waitFor({ timeout: TIMEOUT });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '22-composer-uploading-phone.png') });
    await page.waitForURL(/\/p\/\d+$/, { timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    postPath = new URL(page.url()).pathname;
    const seen = await page.evaluate(() => window.__progress);
    t.diagnostic(`progress bar values: ${seen.join(', ')}`);
    assert.equal(seen.at(-1), 100, `progress values seen: ${seen.join(', ')}`);
    assert.ok(seen.length >= 2, `the bar should move: ${seen.join(', ')}`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, `never backwards: ${seen.join(', ')}`);
  });

  test('the post page shows both photos; ← and → walk the carousel', async () => {
    const { page } = carol;
    await page.getByRole('heading', { name: carolName }).waitFor();
    await page.getByText('Low tide this morning').waitFor();
    const carousel = page.getByRole('group', { name: `Photos by ${carolName}` });
    await carousel.focus();
    assert.equal(await currentDot(page), 'Photo 1 of 2');
    await page.getByRole('img', { name: ALTS[0] }).waitFor();
    await page.keyboard.press('ArrowRight');
    assert.equal(await currentDot(page), 'Photo 2 of 2');
    // The shown slide is the second photo, with its alt text; the first is hidden from assistive technology.
    await page.getByRole('img', { name: ALTS[1] }).waitFor();
    assert.equal(await page.getByRole('img', { name: ALTS[0] }).count(), 0);
    await page.keyboard.press('ArrowRight');
    assert.equal(await currentDot(page), 'Photo 2 of 2');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await currentDot(page), 'Photo 1 of 2');
    // The photos really are served.
    const loaded = await page
      .locator('.carousel__slide img')
      .first()
      .evaluate((img) => img.complete && img.naturalWidth > 0);
    assert.ok(loaded, 'the first photo did not load');
    await shoot(page, '23-post');
  });

  test('she likes the post (kept after a reload), comments, and deletes her comment', async () => {
    const { page } = carol;
    const like = page.getByRole('button', { name: 'Like', exact: true });
    // The like shows before the server answers: its request is held until the button is pressed.
    // (It shows a task after the click, not within it: the query cache notifies on a timer.)
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/api/v1/posts/*/like', async (route) => {
      await held;
      await route.continue();
    });
    const liked = page.waitForResponse((r) => r.url().endsWith('/like') && r.request().method() === 'POST');
    await like.click();
    await page.getByRole('button', { name: 'Like', exact: true, pressed: true }).waitFor({ timeout: 2_000 });
    await page.getByTestId('like-count').filter({ hasText: '1 like' }).waitFor({ timeout: 2_000 });
    release();
    assert.equal((await liked).status(), 200);
    await page.unroute('**/api/v1/posts/*/like');
    await page.reload();
    await page.getByRole('button', { name: 'Like', exact: true, pressed: true }).waitFor({ timeout: TIMEOUT });

    await page.getByLabel('Add a comment').fill('The water was so clear');
    await page.keyboard.press('Enter');
    const comment = page.getByTestId('comment').filter({ hasText: 'The water was so clear' });
    await comment.waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByLabel('Add a comment').inputValue(), '');
    await shoot(page, '24-post-commented');

    await page.getByRole('button', { name: `Delete comment by ${carolName}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete comment?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await comment.waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.getByText('No comments yet.').waitFor();
    // The server agrees.
    await page.reload();
    await page.getByText('No comments yet.').waitFor({ timeout: TIMEOUT });
  });

  test('the new post is on top of her home feed, linking to its page', async () => {
    const { page } = carol;
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    const first = page.locator('article.post-card').first();
    await first.getByText('Low tide this morning').waitFor({ timeout: TIMEOUT });
    await first.getByRole('link', { name: /Open post/ }).click();
    await page.waitForURL(`**${postPath}`);
  });

  test('dave finds the post on explore and likes it with a double click', async () => {
    const { page } = dave;
    await page.getByRole('link', { name: 'Explore', exact: true }).click();
    await page.getByRole('heading', { name: 'Explore' }).waitFor();
    const cell = page.locator(`a[href="${postPath}"]`);
    await cell.waitFor({ timeout: TIMEOUT });
    await shoot(page, '25-explore');
    await cell.click();
    await page.waitForURL(`**${postPath}`);
    await page.getByRole('heading', { name: carolName }).waitFor();
    await page.locator('.post-page .carousel__viewport').dblclick();
    await page.getByRole('button', { name: 'Like', exact: true, pressed: true }).waitFor();
    await page.getByTestId('like-count').filter({ hasText: '2 likes' }).waitFor({ timeout: TIMEOUT });
    await shoot(page, '26-post-desktop');
  });

  test('dave finds carol by name and her post by its hashtag through the search combobox', async () => {
    const { page } = dave;
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    const box = page.getByRole('combobox', { name: 'Search accounts and tags' });
    await box.waitFor();
    // The search screen puts the caret in the box at once.
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox', null, { timeout: TIMEOUT });
    await box.fill('carol_');
    await page.getByRole('option', { name: new RegExp(carolName) }).waitFor({ timeout: TIMEOUT });
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await shoot(page, '27-search-people');
    await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.ok(active, 'an option is active');
    assert.match(await page.locator(`[id="${active}"]`).textContent(), new RegExp(carolName));
    await box.press('Enter');
    await page.waitForURL(`**/u/${carolName}`);
    await page.getByRole('heading', { name: carolName }).waitFor();
    await page.locator(`a[href="${postPath}"]`).waitFor({ timeout: TIMEOUT });

    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await box.fill(`#${tag.slice(0, 6)}`);
    const option = page.getByRole('option', { name: new RegExp(`#${tag}`) });
    await option.waitFor({ timeout: TIMEOUT });
    await shoot(page, '28-search-tags');
    await box.press('ArrowDown');
    await box.press('Enter');
    await page.waitForURL(`**/tags/${tag}`);
    await page.getByRole('heading', { name: `#${tag}` }).waitFor();
    await page.locator(`a[href="${postPath}"]`).click();
    await page.waitForURL(`**${postPath}`);
    await page.getByRole('heading', { name: carolName }).waitFor();
    await shoot(page, '29-tag-post');
    // The post page in the dark theme too.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await shoot(page, '30-post-dark');
    await page.getByRole('link', { name: 'Explore', exact: true }).click();
    await page.locator(`a[href="${postPath}"]`).waitFor({ timeout: TIMEOUT });
    await page.getByRole('combobox').fill(carolName.slice(0, 5));
    await page.getByRole('option', { name: new RegExp(carolName) }).waitFor({ timeout: TIMEOUT });
    await shoot(page, '31-explore-search-dark');
    await page.getByRole('combobox').press('Escape');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  test('carol deletes her post, after confirming', async () => {
    const { page } = carol;
    await page.goto(postPath);
    await page.getByRole('button', { name: 'Delete post' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete post?' });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`**/u/${carolName}`);
    await page.getByText('No posts yet').waitFor({ timeout: TIMEOUT });
    const gone = await fetch(`${server.origin}/api/v1${postPath.replace('/p/', '/posts/')}`);
    assert.equal(gone.status, 404);
  });

  test('no console errors and no page errors happened', () => {
    const problems = [...carol.problems, ...dave.problems];
    assert.deepEqual(problems, [], `console or page errors:\n${problems.join('\n')}`);
  });
});
