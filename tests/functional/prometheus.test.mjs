// Issue 15.1: Debian's Prometheus (/usr/bin/prometheus) scrapes a running
// Lenslet every second, and its HTTP API answers queries for our series: the
// exposition is what a real Prometheus accepts, not only what our parser does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { signUp } from './lib/client.mjs';

const PROMETHEUS = process.env.LENSLET_PROMETHEUS_BIN ?? '/usr/bin/prometheus';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function poll(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let lenslet;
let prometheus;
let prometheusUrl;
let dir;
let prometheusLog = '';

before(async () => {
  assert.ok(existsSync(PROMETHEUS), `${PROMETHEUS} is missing (scripts/install-deps.sh installs prometheus)`);
  lenslet = await startServer();
  assert.ok(lenslet.metricsUrl);
  const target = new URL(lenslet.metricsUrl).host;
  dir = mkdtempSync(path.join(tmpdir(), 'lenslet-prom-'));
  writeFileSync(path.join(dir, 'prometheus.yml'), [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: lenslet',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n'));
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(PROMETHEUS, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  prometheus.stdout.on('data', (d) => { prometheusLog += d; });
  prometheus.stderr.on('data', (d) => { prometheusLog += d; });
  await poll('Prometheus to be ready', async () => (await fetch(`${prometheusUrl}/-/ready`)).status === 200);
});

after(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await lenslet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function query(promql) {
  const r = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = await r.json();
  if (body.status !== 'success') throw new Error(`${promql}: ${JSON.stringify(body)}`);
  return body.data.result;
}

test('Prometheus scrapes Lenslet and finds requests by route template', async () => {
  const { client, user } = await signUp(lenslet.origin, 'prom');
  for (let i = 0; i < 5; i++) assert.equal((await client.get(`/api/v1/users/${user.username}`)).status, 200);

  // The target is up: every scrape parsed.
  await poll('the target to be up', async () => {
    const up = await query('up{job="lenslet"}');
    return up.length === 1 && up[0].value[1] === '1';
  });
  const series = await poll('the profile route series', async () => {
    const result = await query('lenslet_http_requests_total{route="/api/v1/users/{username}",method="GET",status="200"}');
    return result.length === 1 && Number(result[0].value[1]) >= 5 ? result : null;
  });
  assert.equal(series[0].metric.job, 'lenslet');
  // A histogram Prometheus can take a quantile of, and the process figures.
  await poll('the latency histogram', async () =>
    (await query('histogram_quantile(0.99, sum by (le) (lenslet_http_request_duration_seconds_bucket))')).length === 1);
  await poll('the process figures', async () =>
    (await query('process_resident_memory_bytes{job="lenslet"} > 0')).length === 1);
  // No scrape was rejected for a malformed line or a duplicate series.
  const scrapes = await query('scrape_samples_scraped{job="lenslet"}');
  assert.ok(Number(scrapes[0].value[1]) > 50, `few samples scraped: ${JSON.stringify(scrapes)}\n${prometheusLog}`);
});
