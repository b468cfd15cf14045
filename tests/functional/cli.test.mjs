// The `lenslet` command line: version, help, clear errors for bad
// configuration, migrate, the generated signing secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, LensletServer, DATABASE_KIND } from './lib/server.mjs';

const run = (...args) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 20_000 });

test('--version prints the version', () => {
  const r = run('--version');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^lenslet \d+\.\d+\.\d+/);
});

test('serve --help explains every flag', () => {
  const r = run('serve', '--help');
  assert.equal(r.status, 0);
  for (const flag of ['--host', '--port', '--data-dir', '--database', '--web-root', '--public-url', '--log-level', '--threads']) {
    assert.ok(r.stdout.includes(flag), `${flag} missing from help`);
  }
});

const badConfigs = [
  [['serve', '--port', 'eighty'], /port/i],
  [['serve', '--database', 'mysql://x'], /database/i],
  [['serve', '--log-level', 'loud'], /log-level/i],
  [['serve', '--public-url', 'ftp://x'], /public-url/i],
  [['serve', '--web-root', '/no/such/folder'], /web-root/i],
  [['serve', '--jwt-secret', 'short'], /jwt-secret/i],
  [['frobnicate'], /frobnicate|subcommand|argument/i],
];
for (const [args, pattern] of badConfigs) {
  test(`bad configuration ${args.join(' ')} → one clear line on stderr, non-zero exit`, () => {
    const r = run(...args);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, pattern);
    assert.ok(r.stderr.trim().split('\n').length <= 2, `too chatty:\n${r.stderr}`);
  });
}

test('an unreachable PostgreSQL server is a clear error and a non-zero exit', () => {
  const r = run('serve', '--port', '0', '--database', 'postgres://nobody@127.0.0.1:1/none');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /database/i);
});

test('a port that is taken is a clear error', async () => {
  const first = await new LensletServer().start();
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'lenslet-cli-'));
    const r = run('serve', '--host', '127.0.0.1', '--port', String(first.port), '--data-dir', dir);
    rmSync(dir, { recursive: true, force: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /address|port|in use/i);
  } finally {
    await first.stop();
  }
});

test('migrate applies migrations and exits 0, twice', { skip: DATABASE_KIND !== 'sqlite' && 'runs on SQLite only' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lenslet-cli-'));
  try {
    for (let i = 0; i < 2; i++) {
      const r = run('migrate', '--data-dir', dir);
      assert.equal(r.status, 0, r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the signing secret is generated on first start, kept with mode 0600, and reused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lenslet-secret-'));
  const file = path.join(dir, 'jwt-secret');
  // Serves until the server says it listens (the secret is made before), then
  // stops it with SIGTERM: no fixed sleep, so a slow machine or a sanitizer
  // build cannot make it flaky.
  const serveUntilReady = () => new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no start in 20 s:\n${output}`)); }, 20_000);
    const onData = (chunk) => {
      output += chunk;
      if (/listening on http/.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => { clearTimeout(timer); resolve(output); });
  });
  try {
    await serveUntilReady();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const secret = readFileSync(file, 'utf8').trim();
    assert.ok(secret.length >= 32);
    await serveUntilReady();
    assert.equal(readFileSync(file, 'utf8').trim(), secret, 'the same secret after a restart');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
