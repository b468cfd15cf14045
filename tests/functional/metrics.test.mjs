// Issue 15.1 and 15.2: GET /metrics in Prometheus's text format on its own
// listener (--metrics-listen), never on the public port; series by route
// template (never ids), histograms that add up; and the admins' Server screen
// endpoint (GET /api/v1/admin/server/metrics) fed by the server's own samples.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DATABASE_KIND } from './lib/server.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { parseExposition, checkHistograms, valueOf, scrape } from './lib/metrics.mjs';

const poll = async (what, check, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('GET /metrics', () => {
  let server;
  let admin;
  let member;
  before(async () => {
    server = await startServer({ args: ['--stats-interval-ms', '300'] });
    admin = await signUp(server.origin, 'boss');  // the first account: admin
    member = await signUp(server.origin, 'member');
  });
  after(async () => { await server.stop(); });

  test('is served on its own listener and nowhere on the public port', async () => {
    assert.ok(server.metricsUrl, `no metrics line in the log:\n${server.log()}`);
    assert.notEqual(new URL(server.metricsUrl).port, String(server.port));
    const publicAnswer = await fetch(`${server.origin}/metrics`);
    assert.equal(publicAnswer.status, 404);
    await publicAnswer.text();
    const { contentType } = await scrape(server.metricsUrl);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  });

  test('counts requests by route template and status, never by id', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await member.client.get(`/api/v1/users/${admin.user.username}`);
      assert.equal(r.status, 200);
    }
    assert.equal((await member.client.get('/api/v1/users/nobody_at_all_here')).status, 404);
    assert.equal((await member.client.get('/api/v1/no/such/route')).status, 404);

    const { text } = await scrape(server.metricsUrl);
    const families = parseExposition(text);
    const profile = { method: 'GET', route: '/api/v1/users/{username}' };
    assert.ok(valueOf(families, 'lenslet_http_requests_total', { ...profile, status: '200' }) >= 3, text);
    assert.ok(valueOf(families, 'lenslet_http_requests_total', { ...profile, status: '404' }) >= 1);
    assert.ok(valueOf(families, 'lenslet_http_requests_total', { route: 'unmatched', status: '404' }) >= 1);
    assert.ok(
      valueOf(families, 'lenslet_http_request_duration_seconds', { ...profile, status_class: '2xx' },
        'lenslet_http_request_duration_seconds_count') >= 3,
    );
    // No path with an id or a username ever becomes a label.
    assert.ok(!text.includes(admin.user.username), 'a username leaked into the labels');
    assert.ok(!text.includes('nobody_at_all_here'));
    assert.ok(!text.includes('/no/such/route'));
  });

  test('is valid exposition format with every family declared and histograms that add up', async () => {
    const { text } = await scrape(server.metricsUrl);
    const families = parseExposition(text);  // throws on any invalid line
    checkHistograms(families);
    const backend = DATABASE_KIND === 'postgres' ? 'postgres' : 'sqlite';
    for (const [family, labels] of [
      ['lenslet_http_open_connections', {}],
      ['lenslet_websocket_connections', {}],
      ['lenslet_worker_pool_queued', { pool: 'db' }],
      ['lenslet_worker_pool_queued', { pool: 'images' }],
      ['lenslet_worker_pool_threads', { pool: 'auth' }],
      ['process_resident_memory_bytes', {}],
      ['process_cpu_seconds_total', {}],
      ['process_open_fds', {}],
    ]) {
      assert.notEqual(valueOf(families, family, labels), undefined, `${family} ${JSON.stringify(labels)} missing`);
    }
    assert.equal(families.get('process_cpu_seconds_total').type, 'counter');
    assert.ok(valueOf(families, 'process_resident_memory_bytes') > 1e6);
    assert.ok(valueOf(families, 'lenslet_db_unit_seconds', { backend, kind: 'write' }, 'lenslet_db_unit_seconds_count') > 0);
    assert.ok(valueOf(families, 'lenslet_db_queue_wait_seconds', { backend, kind: 'read' }, 'lenslet_db_queue_wait_seconds_count') > 0);
    // Sizes, once the sampler has run.
    await poll('the sampler', async () => {
      const again = parseExposition((await scrape(server.metricsUrl)).text);
      return valueOf(again, 'lenslet_data_dir_free_bytes') > 0 && valueOf(again, 'lenslet_database_size_bytes') > 0;
    });
  });

  test('counts media processing and refusals by reason', async () => {
    const form = new FormData();
    form.append('images', new Blob([Buffer.from('%PDF-1.4 not an image')]), 'doc.pdf');
    const refused = await member.client.request('POST', '/api/v1/posts', { body: form });
    assert.equal(refused.status, 415);
    const families = parseExposition((await scrape(server.metricsUrl)).text);
    assert.ok(valueOf(families, 'lenslet_media_refusals_total', { reason: 'unsupported_media_type' }) >= 1);
  });
});

describe('GET /api/v1/admin/server/metrics', () => {
  let server;
  let admin;
  let member;
  before(async () => {
    server = await startServer({ args: ['--stats-interval-ms', '200'] });
    admin = await signUp(server.origin, 'boss');
    member = await signUp(server.origin, 'member');
  });
  after(async () => { await server.stop(); });

  test('gives admins the last samples of the server figures', async () => {
    for (let i = 0; i < 5; i++) await member.client.get('/api/v1/auth/me');
    const body = await poll('two samples with requests', async () => {
      const r = await admin.client.get('/api/v1/admin/server/metrics');
      assert.equal(r.status, 200, r.text);
      return r.body.samples.length >= 2 && r.body.samples.some((s) => s.requestsPerSecond > 0) ? r.body : null;
    });
    assert.equal(body.intervalSeconds, 0.2);
    assert.equal(body.windowSeconds, 3600);
    const last = body.samples.at(-1);
    for (const key of ['requestsPerSecond', 'errorsPerSecond', 'p50Ms', 'p99Ms', 'sockets', 'messagesPerSecond',
      'cpuPercent', 'memoryBytes', 'databaseBytes', 'mediaBytes', 'diskFreeBytes']) {
      assert.equal(typeof last[key], 'number', key);
      assert.ok(last[key] >= 0, key);
    }
    assert.ok(last.memoryBytes > 1e6);
    assert.ok(last.diskFreeBytes > 0);
    assert.ok(last.databaseBytes > 0);
    assert.ok(!Number.isNaN(Date.parse(last.at)));
    // Oldest first.
    assert.ok(Date.parse(body.samples[0].at) <= Date.parse(last.at));
  });

  test('does not exist for anyone else', async () => {
    expectError(assert, await member.client.get('/api/v1/admin/server/metrics'), 404, 'not_found');
    expectError(assert, await new Client(server.origin).get('/api/v1/admin/server/metrics'), 401);
  });
});

describe('--metrics-listen off', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--metrics-listen', 'off'] }); });
  after(async () => { await server.stop(); });

  test('serves no metrics anywhere and says so', async () => {
    assert.equal(server.metricsUrl, null);
    assert.match(server.log(), /metrics: off/);
    const r = await fetch(`${server.origin}/metrics`);
    assert.equal(r.status, 404);
    await r.text();
  });
});
