// Debian's Chromium driven by playwright-core (no downloaded browser), plus a
// watch on every page for console errors and uncaught exceptions.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.LENSLET_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(process.env.LENSLET_SCREENSHOTS ?? 'tests/output/screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Responses that may fail on purpose, and so may leave Chromium's
 * "Failed to load resource" line in the console:
 *  - GET /feed answers 404 on servers built before the feed endpoint (the app shows
 *    the welcome state). Remove that line once every build has the feed.
 */
// A signed-out visit asks nothing that fails: the app probes GET /auth/me only
// when the server's signed-in hint cookie is there (web/src/lib/api/session-hint.ts).
const EXPECTED_FAILURES = [{ path: '/api/v1/feed', status: 404 }];

/**
 * A browser context of one person, recording what went wrong on its pages.
 * `colorScheme`: the system theme the page sees ('light' or 'dark').
 */
export async function openPerson(browser, origin, name, viewport = PHONE, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ baseURL: origin, viewport, reducedMotion: 'reduce', colorScheme });
  const page = await context.newPage();
  const problems = [];
  // Failures a test provokes on purpose (a wrong password, a taken username).
  const allowed = [];
  const failed = []; // { url, status }
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push({ url: response.url(), status: response.status() });
  });
  page.on('pageerror', (error) => problems.push(`[${name}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const where = message.location()?.url ?? '';
    if (/^Failed to load resource/.test(text) && where) {
      const { pathname } = new URL(where);
      const status = Number(/status of (\d+)/.exec(text)?.[1]);
      const match = (e) => e.path === pathname && e.status === status;
      if (EXPECTED_FAILURES.some(match)) return;
      const index = allowed.findIndex(match);
      if (index >= 0) {
        allowed.splice(index, 1);
        return;
      }
    }
    problems.push(`[${name}] console error: ${text}${where ? ` (${where})` : ''}`);
  });
  const allow = (apiPath, status) => allowed.push({ path: apiPath, status });
  return { name, context, page, problems, failed, allow };
}

/** Screenshots of the page as it is, at phone and at desktop size; back to the page's own size after. */
export async function shoot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const own = page.viewportSize();
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`) });
  }
  if (own) await page.setViewportSize(own);
}
