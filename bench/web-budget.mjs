#!/usr/bin/env node
// The web app's size budget: the gzipped JavaScript that the first page load
// runs (index.html's entry script, its modulepreloads and everything they import
// statically; lazily loaded screens excluded), against 170 KB. Reads web/dist as
// `npm run build` left it; builds nothing.
//
//   node bench/web-budget.mjs              sizes only (exits 1 over budget)
//   node bench/web-budget.mjs --measure    also LCP and CLS of the login page and of
//                                          the home feed, in Chromium against the real
//                                          server (build/bin/lenslet, or LENSLET_BIN)
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
  const require = createRequire(path.resolve('tests/e2e/package.json'));
  const { chromium } = require('playwright-core');
  const { startServer } = await import(path.resolve('tests/functional/lib/server.mjs'));
  const server = await startServer({ args: ['--web-root', root] });
  const browser = await chromium.launch({
    executablePath: process.env.LENSLET_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ baseURL: server.origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__vitals = { lcp: 0, cls: 0 };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__vitals.lcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__vitals.cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const read = async (label) => {
      await page.waitForTimeout(1500);
      const { lcp, cls } = await page.evaluate(() => window.__vitals);
      console.log(`${label}: LCP ${(lcp / 1000).toFixed(2)} s (budget 1.0 s), CLS ${cls.toFixed(3)} (budget 0.05)`);
    };
    // The first navigation of a fresh browser also pays for starting its renderer.
    await page.goto('/login', { waitUntil: 'networkidle' });
    await read('login page (first load of a fresh browser)');
    await page.goto('/signup', { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Sign up' }).waitFor();
    await read('signup page (a second load)');
    const r = await page.request.post('/api/v1/auth/register', {
      data: { username: 'budget_user', email: 'budget@example.org', password: 'correct horse battery' },
      headers: { Origin: server.origin },
    });
    if (r.status() !== 201) throw new Error(`register: ${r.status()}`);
    await page.goto('/', { waitUntil: 'load' });
    await page.getByRole('heading', { name: /Welcome to Lenslet|Home/ }).first().waitFor();
    await read('home feed (warm cache, signed in)');
  } finally {
    await browser.close();
    await server.stop();
  }
}
