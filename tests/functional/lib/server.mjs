// Starts the real `lenslet` binary for a test file, on a free port, with a
// fresh data folder and a fresh database of the kind named by
// LENSLET_TEST_DATABASE (sqlite | postgres), and stops it afterwards.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const BIN = process.env.LENSLET_BIN ?? path.resolve('build/bin/lenslet');
export const DATABASE_KIND = process.env.LENSLET_TEST_DATABASE ?? 'sqlite';
// A fixed secret lets tests forge tokens that are validly signed but expired etc.
export const JWT_SECRET = 'functional-tests-secret-0123456789abcdef';

export function createPostgresDatabase() {
  const admin = process.env.LENSLET_TEST_PG_URL;
  if (!admin) throw new Error('LENSLET_TEST_PG_URL is not set: run scripts/test.sh (it starts PostgreSQL)');
  const name = `lenslet_ft_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [admin, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => {
      try {
        execFileSync('psql', [admin, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
      } catch { /* the cluster may already be gone */ }
    },
  };
}

export class LensletServer {
  // dataDir: a folder to use instead of a fresh temporary one (it may not exist
  // yet: the server creates it); it is removed at stop like the temporary one.
  // sharing: another LensletServer whose data folder and database this one
  // uses too (several instances on one data folder); it removes neither.
  // port: a fixed port instead of a free one (0).
  // database: another server's database URL to use (its own data folder,
  // one database: instances with nothing shared on disk); it is not dropped.
  constructor({ args = [], env = {}, dataDir, sharing = null, port = 0, database = null } = {}) {
    this.requestedPort = port;
    this.requestedDataDir = dataDir;
    this.requestedDatabase = database;
    this.extraArgs = args;
    this.extraEnv = env;
    this.sharing = sharing;
    this.output = [];
  }

  // May be called again after stop() when `sharing` is set (a restart: same
  // port, data folder and database).
  async start() {
    this.output = [];
    this.dataDir = this.sharing?.dataDir ?? this.requestedDataDir ?? mkdtempSync(path.join(tmpdir(), 'lenslet-ft-'));
    let database = this.sharing?.database ?? this.requestedDatabase ?? `sqlite:${path.join(this.dataDir, 'lenslet.db')}`;
    if (DATABASE_KIND === 'postgres' && !this.sharing && !this.requestedDatabase) {
      this.pg = createPostgresDatabase();
      database = this.pg.url;
    }
    this.database = database;
    const args = [
      'serve', '--host', '127.0.0.1', '--port', String(this.requestedPort), '--data-dir', this.dataDir,
      '--database', database, '--trust-proxy', '--jwt-secret', JWT_SECRET, ...this.extraArgs,
    ];
    // Every test server has its own /metrics listener on a free port (the
    // default 127.0.0.1:9464 would be shared by all of them): this.metricsUrl.
    if (!this.extraArgs.includes('--metrics-listen')) args.push('--metrics-listen', '127.0.0.1:0');
    // Explore as of each request: the tests check what a like or a new post does to it at once (the shared
    // ranking's refresh has its own test, explore-snapshots.test.mjs).
    if (!this.extraArgs.includes('--explore-refresh-ms')) args.push('--explore-refresh-ms', '0');
    this.process = spawn(BIN, args, { env: { ...process.env, ...this.extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output.join('')}`)), 20_000);
      const onData = (chunk) => {
        this.output.push(chunk.toString());
        const m = /listening on http:\/\/[^:\s]+:(\d+)/.exec(this.output.join(''));
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      };
      this.process.stdout.on('data', onData);
      this.process.stderr.on('data', onData);
      this.process.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${this.output.join('')}`)); });
    });
    this.port = port;
    this.origin = `http://127.0.0.1:${port}`;
    const metrics = /metrics: serving (http:\/\/\S+\/metrics)/.exec(this.output.join(''));
    this.metricsUrl = metrics ? metrics[1] : null;
    await this.waitReady();
    return this;
  }

  async waitReady() {
    for (let i = 0; i < 200; i++) {
      try {
        const r = await fetch(`${this.origin}/api/v1/health`);
        if (r.status === 200) return;
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('server never became ready');
  }

  log() { return this.output.join(''); }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      const killer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
      this.exitStatus = await this.exited;
      clearTimeout(killer);
    }
    if (this.sharing) return;
    this.pg?.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// One server per test file: `const server = useServer();` then server.origin.
export async function startServer(options) {
  return new LensletServer(options).start();
}
