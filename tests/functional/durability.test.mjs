// The database on a bad day (issues 17.2, 17.6 and 12.4), against the real
// binary, on the database named by LENSLET_TEST_DATABASE:
// - another process holds the lock (the sqlite3 CLI in BEGIN EXCLUSIVE, psql
//   with LOCK TABLE messages): health answers at once and says what is wrong,
//   reads of other tables go on, waiting requests give up with 503 and
//   Retry-After, and everything works again once the lock is gone;
// - the disk fills up (a small tmpfs as the SQLite data folder, or as a
//   PostgreSQL tablespace for the messages table): 507 insufficient_storage,
//   nothing half written, and the server recovers when space returns;
// - the data folder and the database files are for the server's user only;
// - the database pool's size, and on PostgreSQL --db-connections bounds the
//   connections an instance opens.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DATABASE_KIND, LensletServer, startServer } from './lib/server.mjs';
import { signUp, expectError } from './lib/client.mjs';
import { parseExposition, scrape, valueOf } from './lib/metrics.mjs';

const api = (p) => `/api/v1${p}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let clientCounter = 0;
const nextClientId = () => `dur-${process.pid}-${++clientCounter}`;

// Fails the test when `promise` has not settled within `ms` (generous bounds:
// they tell "answers" from "waits for the stall to end", not fast from slow).
function within(ms, promise, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what}: no answer within ${ms} ms` })), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function pollUntil(what, check, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) assert.fail(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

async function conversationOf(ann, bob) {
  const r = await ann.client.post(api('/conversations'), { usernames: [bob.user.username] });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  return r.body.conversation;
}

const send = (who, conversation, text) =>
  who.client.post(api(`/conversations/${conversation.id}/messages`), { text, clientId: nextClientId() });

async function texts(who, conversation) {
  const r = await who.client.get(api(`/conversations/${conversation.id}/messages?limit=100`));
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((m) => m.text);
}

// Another process takes the lock, as an operator's shell or a backup would,
// and keeps it until release() (12 s at most, whatever happens to the test).
async function holdLock(server) {
  const sqliteFile = path.join(server.dataDir, 'lenslet.db');
  const child = DATABASE_KIND === 'postgres'
    ? spawn('psql', [server.database, '-q', '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'ignore', 'pipe'] })
    : spawn('sqlite3', [sqliteFile], { stdio: ['pipe', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (d) => { errors += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.write(DATABASE_KIND === 'postgres'
    ? 'BEGIN;\nLOCK TABLE messages IN ACCESS EXCLUSIVE MODE;\n'
    : '.timeout 5000\nBEGIN EXCLUSIVE;\n');
  const killer = setTimeout(() => child.kill('SIGKILL'), 12_000);
  // The clients' output is buffered on a pipe, so ask the database instead.
  await pollUntil(`the lock is taken (${errors})`, () => {
    if (DATABASE_KIND === 'postgres') {
      const held = execFileSync('psql', [server.database, '-tAc',
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation " +
        "WHERE c.relname = 'messages' AND l.mode = 'AccessExclusiveLock' AND l.granted"]).toString().trim();
      return held === '1';
    }
    try {
      execFileSync('sqlite3', ['-cmd', '.timeout 0', sqliteFile, 'BEGIN IMMEDIATE; ROLLBACK;'], { stdio: 'pipe' });
      return false;
    } catch {
      return true;  // "database is locked"
    }
  }, 10_000);
  return {
    release: async () => {
      clearTimeout(killer);
      child.stdin.end(DATABASE_KIND === 'postgres' ? 'COMMIT;\n\\q\n' : 'COMMIT;\n.quit\n');
      await exited;
    },
  };
}

describe('a database locked by another process', () => {
  test('health answers at once and says so, other reads go on, waiting requests give up with 503 and Retry-After', async () => {
    const server = await startServer({ args: ['--db-timeout-ms', '1000', '--message-limit', '1000'] });
    let lock;
    try {
      const [ann, bob] = await Promise.all([signUp(server.origin, 'lock'), signUp(server.origin, 'lock')]);
      const conversation = await conversationOf(ann, bob);
      assert.equal((await send(ann, conversation, 'before the lock')).status, 201);

      lock = await holdLock(server);
      // More writes waiting on the lock than the server has database threads.
      const sends = Array.from({ length: 40 }, (_, i) => send(ann, conversation, `stalled ${i}`));
      await sleep(300);

      const health = await within(3000, fetch(`${server.origin}/api/v1/health`), 'health during the lock');
      assert.ok(health.status === 200 || health.status === 503, `health: ${health.status}`);
      const healthBody = await health.json();
      assert.equal(typeof healthBody.database, 'string');
      if (health.status === 503) assert.equal(typeof healthBody.reason, 'string');

      const profile = await within(3000, ann.client.get(api(`/users/${bob.user.username}`)), 'a profile during the lock');
      assert.equal(profile.status, 200, profile.text);

      // Every send gives up after about --db-timeout-ms, long before the lock ends.
      const answers = await within(9000, Promise.all(sends), 'the sends waiting on the lock');
      for (const r of answers) {
        expectError(assert, r, 503, 'unavailable');
        assert.match(r.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After');
      }

      // Writes are giving up and none went through since: health says so.
      const stalled = await within(3000, fetch(`${server.origin}/api/v1/health`), 'health after the sends gave up');
      const stalledBody = await stalled.json();
      assert.equal(stalled.status, 503, JSON.stringify(stalledBody));
      assert.equal(stalledBody.status, 'unavailable');
      assert.equal(stalledBody.database, 'stalled');
      assert.match(stalledBody.reason, /giving up/);

      await lock.release();
      lock = undefined;
      // Right after a stall, writes are refused at once for one timeout
      // (503 with Retry-After), then go through.
      await pollUntil('a send after the lock', async () => {
        const r = await send(ann, conversation, 'after the lock');
        if (r.status !== 201) expectError(assert, r, 503, 'unavailable');
        return r.status === 201;
      });
      const recovered = await fetch(`${server.origin}/api/v1/health`);
      assert.equal(recovered.status, 200, await recovered.text());
      // Nothing of the sends that gave up was kept.
      assert.deepEqual((await texts(ann, conversation)).sort(), ['after the lock', 'before the lock']);
    } finally {
      await lock?.release();
      await server.stop();
    }
  });
});

// How many of the server's connections wait on a lock (the reads behind holdLock's).
function backendsWaitingOnLocks(server) {
  return Number(execFileSync('psql', [server.database, '-tAc',
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'lenslet' " +
    "AND wait_event_type = 'Lock'"], { timeout: 5000 }).toString().trim());
}

// Reads of the locked table: each keeps a database thread and its connection
// until it gets through or gives up (--db-timeout-ms), so the most that wait
// at once is what the instance may open for one kind of unit (half of its
// connections while that kind stalls, db/detail/unit_guard.hpp). Resolves to
// that most, over the second and a half they wait.
async function mostWaitingAtOnce(server) {
  const [ann, bob] = await Promise.all([signUp(server.origin, 'pool'), signUp(server.origin, 'pool')]);
  const conversation = await conversationOf(ann, bob);
  const lock = await holdLock(server);
  try {
    // Handled at once, so a failed sample leaves no rejection unhandled.
    const reads = Promise.all(Array.from({ length: 24 }, (_, i) =>
      (i % 2 ? bob : ann).client.get(api(`/conversations/${conversation.id}/messages`))));
    reads.catch(() => {});
    let most = 0;
    for (const until = Date.now() + 1500; Date.now() < until; await sleep(50)) {
      most = Math.max(most, backendsWaitingOnLocks(server));
    }
    for (const r of await within(9000, reads, 'the reads waiting on the lock')) {
      if (r.status !== 200) expectError(assert, r, 503, 'unavailable');
    }
    return most;
  } finally {
    await lock.release();
  }
}

async function databaseThreads(server) {
  const families = parseExposition((await scrape(server.metricsUrl)).text);
  return valueOf(families, 'lenslet_worker_pool_threads', { pool: 'db' });
}

describe('the database pool', () => {
  test('is twice the cores, at least 4 on PostgreSQL and 8 on SQLite, unless --db-connections says', async () => {
    const automatic = await startServer();
    try {
      const floor = DATABASE_KIND === 'postgres' ? 4 : 8;
      assert.equal(await databaseThreads(automatic), Math.max(floor, 2 * cpus().length));
    } finally {
      await automatic.stop();
    }
    const three = await startServer({ args: ['--db-connections', '3'] });
    try {
      assert.equal(await databaseThreads(three), 3);
    } finally {
      await three.stop();
    }
  });
});

describe('--db-connections', { skip: DATABASE_KIND !== 'postgres' && 'connections are PostgreSQL\'s' }, () => {
  test('bounds the connections an instance opens to PostgreSQL: a queue behind a lock holds no more', async () => {
    // A timeout that outlasts the sampling (1.5 s), even on a slow machine.
    const args = ['--db-timeout-ms', '3000'];
    // Eight: reads keep up to half of them while they stall, so four wait.
    const wide = await startServer({ args: [...args, '--db-connections', '8'] });
    try {
      assert.equal(await mostWaitingAtOnce(wide), 4, 'eight connections, half of them for the stalled reads');
    } finally {
      await wide.stop();
    }
    const narrow = await startServer({ args: [...args, '--db-connections', '2'] });
    try {
      assert.equal(await mostWaitingAtOnce(narrow), 1, 'two connections, half of them for the stalled reads');
    } finally {
      await narrow.stop();
    }
  });
});

// A tmpfs of `size`, or null (and the test skipped) where mounting is refused.
function mountTmpfs(t, size, options = '') {
  const dir = mkdtempSync(path.join(tmpdir(), 'lenslet-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs (${String(e.stderr || e.message).trim()}): run as root to test a full disk`);
    return null;
  }
}

function unmount(dir) {
  try { execFileSync('umount', [dir], { stdio: 'pipe' }); } catch { /* already gone */ }
  rmSync(dir, { recursive: true, force: true });
}

// Writes zeros into `file` until the file system has no byte left.
function fillUp(file) {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size);
      try { for (;;) writeSync(fd, chunk); } catch (e) { if (e.code !== 'ENOSPC') throw e; }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk', () => {
  test('a write the database cannot keep answers 507, keeps nothing, and the server recovers', async (t) => {
    const pg = DATABASE_KIND === 'postgres';
    const pgIds = pg ? execFileSync('id', ['-u', 'postgres']).toString().trim() : null;
    const mnt = mountTmpfs(t, pg ? '8m' : '48m', pg ? `,uid=${pgIds},mode=0700` : ',mode=0700');
    if (!mnt) return;
    const tablespace = `lenslet_full_${randomBytes(4).toString('hex')}`;
    const admin = process.env.LENSLET_TEST_PG_URL;
    let server;
    try {
      const args = ['--message-limit', '1000'];
      server = pg ? await startServer({ args }) : await new LensletServer({ args, dataDir: path.join(mnt, 'data') }).start();
      const [ann, bob] = await Promise.all([signUp(server.origin, 'full'), signUp(server.origin, 'full')]);
      const conversation = await conversationOf(ann, bob);
      assert.equal((await send(ann, conversation, 'before')).status, 201);

      if (pg) {
        // The messages table on the small file system.
        const location = path.join(mnt, 'ts');
        mkdirSync(location);
        chownSync(location, Number(pgIds), Number(pgIds));
        execFileSync('psql', [admin, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE TABLESPACE ${tablespace} LOCATION '${location}'`]);
        execFileSync('psql', [server.database, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `ALTER TABLE messages SET TABLESPACE ${tablespace}`]);
      } else {
        // Idle, the WAL is cut back to nothing (17.6), so the next write needs new space.
        const wal = path.join(server.dataDir, 'lenslet.db-wal');
        await pollUntil('the idle WAL is truncated', () => !existsSync(wal) || statSync(wal).size === 0);
      }
      const filler = path.join(mnt, 'filler');
      fillUp(filler);

      // Rows of a few KB that do not compress: each takes new pages soon.
      const big = () => randomBytes(1500).toString('base64');
      let refused;
      const sentWhileFull = [];
      for (let i = 0; i < 300 && !refused; i++) {
        const text = `full ${i} ${big()}`;
        const r = await send(ann, conversation, text);
        if (r.status === 201) sentWhileFull.push(text);
        else refused = { r, text };
      }
      assert.ok(refused, 'every write went through on a full disk');
      expectError(assert, refused.r, 507, 'insufficient_storage');

      // Space back: the same server takes writes again, and the refused one
      // left nothing behind.
      rmSync(filler);
      assert.equal((await send(ann, conversation, 'after')).status, 201);
      const kept = await texts(ann, conversation);
      assert.ok(!kept.includes(refused.text), 'the refused message was stored');
      assert.ok(kept.includes('after') && kept.includes('before'));
      const health = await fetch(`${server.origin}/api/v1/health`);
      assert.equal(health.status, 200, await health.text());
    } finally {
      await server?.stop();
      if (pg) {
        try { execFileSync('psql', [admin, '-q', '-c', `DROP TABLESPACE IF EXISTS ${tablespace}`], { stdio: 'pipe' }); } catch { /* reported by the test */ }
      }
      unmount(mnt);
    }
  });
});

describe('who may read the data', () => {
  test('a data folder the server creates is 0700 and the database files in it 0600', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'lenslet-perm-'));
    const dataDir = path.join(parent, 'fresh', 'data');
    const server = await new LensletServer({ dataDir }).start();
    try {
      await signUp(server.origin, 'perm');  // a write, so the WAL files exist too
      assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'data folder');
      if (DATABASE_KIND === 'sqlite') {
        for (const file of ['lenslet.db', 'lenslet.db-wal', 'lenslet.db-shm']) {
          assert.equal(statSync(path.join(dataDir, file)).mode & 0o777, 0o600, file);
        }
      }
    } finally {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
