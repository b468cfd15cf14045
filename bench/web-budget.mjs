#!/usr/bin/env node
// The web app's size budget: the gzipped JavaScript that the first page load
// runs (index.html's entry script, its modulepreloads and everything they import
// statically; lazily loaded screens excluded), against 170 KB. Reads web/dist as
// `npm run build` left it; builds nothing.
//
//   node bench/web-budget.mjs              sizes only (exits 1 over budget)
//   node bench/web-budget.mjs --measure    also LCP and CLS, in Chromium against the real
//                                          server (build/bin/lenslet, or LENSLET_BIN), of the
//                                          login page and of the home feed of a seeded user
//                                          (`lenslet seed`: posts with real generated photos),
//                                          each page in a fresh browser context (an empty
//                                          HTTP cache), the median of --runs=N (default 5)
//                                          after one warm-up navigation (Chromium's own
//                                          start-up is not the page's cost); --waterfall also
//                                          prints the requests that started before the LCP
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 170;
const root = path.resolve(process.env.LENSLET_WEB_ROOT ?? 'web/dist');
const indexPath = path.join(root, 'index.html');
if (!existsSync(indexPath)) {
  console.error(`web-budget: no ${indexPath}; build the web app first (cd web && npm run build)`);
  process.exit(2);
}

function gzippedSize(file) {
  const gz = `${file}.gz`;
  if (existsSync(gz)) return readFileSync(gz).length;
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

const html = readFileSync(indexPath, 'utf8');
const entries = [
  ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
];
const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);

// Static imports in Vite's output: `import{a as b}from"./x.js"` and `import"./x.js"`;
// `import("./x.js")` (a lazy screen) is left out on purpose.
const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w${},*\s]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const seen = new Set();
function visit(urlPath, fromDir = root) {
  const file = urlPath.startsWith('/') ? path.join(root, urlPath) : path.resolve(fromDir, urlPath);
  if (seen.has(file)) return;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(STATIC_IMPORT)) visit(match[1], path.dirname(file));
}
for (const entry of entries) visit(entry);

let total = 0;
const rows = [];
for (const file of seen) {
  const size = gzippedSize(file);
  total += size;
  rows.push([path.relative(root, file), size]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [name, size] of rows) console.log(`  ${(size / 1024).toFixed(1).padStart(7)} KB  ${name}`);
const cssTotal = css.reduce((sum, href) => sum + gzippedSize(path.join(root, href)), 0);
const kb = total / 1024;
console.log(`initial JS (gzip): ${kb.toFixed(1)} KB of ${BUDGET_KB} KB budget — ${kb <= BUDGET_KB ? 'OK' : 'OVER'}`);
console.log(`initial CSS (gzip): ${(cssTotal / 1024).toFixed(1)} KB`);

if (process.argv.includes('--measure')) await measure();
process.exit(kb <= BUDGET_KB ? 0 : 1);

async function measure() {
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  const runs = Math.max(1, Number(runsArg?.slice('--runs='.length) ?? 5) || 5);
  const verbose = process.argv.includes('--waterfall');
  const require = createRequire(path.resolve('tests/e2e/package.json'));
  const { chromium } = require('playwright-core');
  const { BIN, startServer } = await import(path.resolve('tests/functional/lib/server.mjs'));
  const server = await startServer({ args: ['--web-root', root] });
  const browser = await chromium.launch({
    executablePath: process.env.LENSLET_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // A small network with real photos, in the running server's own (empty) database.
    const seeded = execFileSync(
      BIN,
      ['seed', '--data-dir', server.dataDir, '--database', server.database, '--users', '12', '--posts-per-user', '4',
        '--images', '12', '--log-level', 'warn'],
      { encoding: 'utf8' },
    );
    const who = /Sign in as any seeded user, e\.g\. '([^']+)'.*password '([^']+)'/.exec(seeded);
    if (!who) throw new Error(`seed printed no user:\n${seeded}`);
    const [, username, password] = who;

    const viewport = { width: 390, height: 844 };
    const session = await browser.newContext({ baseURL: server.origin, viewport });
    const login = await session.request.post('/api/v1/auth/login', {
      data: { login: username, password },
      headers: { Origin: server.origin },
    });
    if (login.status() !== 200) throw new Error(`login: ${login.status()}`);
    const signedIn = await session.storageState();
    await session.close();

    // Warm-up: the first navigation of a fresh browser pays for starting its renderer and network service.
    const warm = await browser.newContext({ baseURL: server.origin, viewport });
    await (await warm.newPage()).goto('/login', { waitUntil: 'networkidle' });
    await warm.close();

    const pages = [
      { label: 'login page (signed out)', url: '/login', ready: (page) => page.getByRole('button', { name: 'Log in' }).waitFor() },
      {
        label: `home feed (signed in as ${username}, posts with photos)`,
        url: '/',
        storageState: signedIn,
        ready: (page) => page.locator('article.post-card img').first().waitFor(),
      },
    ];
    console.log(`LCP and CLS, phone viewport, fresh context (empty cache) per run, median of ${runs}; load ${loadAverage()}`);
    for (const target of pages) {
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await measureOnce(browser, server.origin, viewport, target));
      samples.sort((a, b) => a.lcp - b.lcp);
      const median = samples[Math.floor(samples.length / 2)];
      const cls = [...samples.map((s) => s.cls)].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
      console.log(
        `${target.label}: LCP ${(median.lcp / 1000).toFixed(2)} s (budget 1.0 s), CLS ${cls.toFixed(3)} (budget 0.05)` +
          `\n    LCP element: ${median.element}` +
          `\n    runs: ${samples.map((s) => (s.lcp / 1000).toFixed(2)).join(' ')} s; TTFB ${median.ttfb.toFixed(0)} ms, ` +
          `DOMContentLoaded ${median.dcl.toFixed(0)} ms` +
          (verbose ? `\n    before the LCP (ms): ${median.steps.join(', ')}` : ''),
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** One cold load: a new context has its own, empty HTTP cache. */
async function measureOnce(browser, origin, viewport, { url, storageState, ready }) {
  const context = await browser.newContext({ baseURL: origin, viewport, ...(storageState ? { storageState } : {}) });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const vitals = { lcp: 0, cls: 0, element: '' };
      window.__vitals = vitals;
      const describe = (node) => {
        if (!node) return '(removed from the page)';
        const name = node.tagName.toLowerCase();
        const cls = node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : '';
        const detail = name === 'img' ? ` src=${node.getAttribute('src')} fetchpriority=${node.getAttribute('fetchpriority')} loading=${node.getAttribute('loading')}` : ` "${(node.textContent ?? '').trim().slice(0, 40)}"`;
        return `<${name}${cls}>${detail}`;
      };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          vitals.lcp = entry.startTime;
          vitals.element = describe(entry.element);
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) vitals.cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // Nothing is evaluated in the page until its network is idle: a locator's
    // polling (Playwright injects and runs its script for it) would compete with
    // the page's own first render on the main thread and delay the very paint
    // measured. The observers above are buffered, so the LCP is known afterwards.
    await page.goto(url, { waitUntil: 'networkidle' });
    await ready(page);
    await page.waitForTimeout(500);
    return await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation');
      // The waterfall up to the LCP: what started when, and when it ended.
      const steps = performance
        .getEntriesByType('resource')
        .filter((r) => /\/assets\/|\/api\/v1\/|\/media\//.test(r.name) && r.startTime < window.__vitals.lcp)
        .map((r) => `${new URL(r.name).pathname.replace(/^\/media\/.*/, '/media/…').replace(/-[\w-]{8}\./, '.')} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)}`);
      return { ...window.__vitals, ttfb: nav.responseStart, dcl: nav.domContentLoadedEventEnd, steps };
    });
  } finally {
    await context.close();
  }
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
