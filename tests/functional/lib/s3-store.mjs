// A real S3-compatible server for the object-storage tests: s3rver (npm), in a
// child process of its own so that "the store is down" is a killed process
// (connections reset, the port refused), as in production, and "it is back"
// is a new process on the same port and folder.
//
// What s3rver checks: it speaks the S3 REST API over HTTP (PUT, GET with a
// Range, HEAD, DELETE, ListObjectsV2 with start-after), refuses unknown access
// keys and skewed clocks, but does NOT verify SigV4 signatures (its own source
// says so): the signer is pinned by AWS's published examples in
// server/s3/sigv4_test.cpp instead.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, statSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3rver-main.cjs');
export const BUCKET = 'lenslet-media';
// s3rver's built-in account.
export const KEYS = { LENSLET_S3_ACCESS_KEY: 'S3RVER', LENSLET_S3_SECRET_KEY: 'S3RVER' };
const OBJECT_SUFFIX = '._S3rver_object';

export class S3Store {
  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'lenslet-s3-'));
    this.port = 0;
  }

  async start() {
    this.output = [];
    this.process = spawn(process.execPath, [MAIN, this.dir, String(this.port), BUCKET], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
    this.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver did not start:\n${this.output.join('')}`)), 20_000);
      const onData = (chunk) => {
        this.output.push(chunk.toString());
        const m = /s3rver listening on (\d+)/.exec(this.output.join(''));
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      };
      this.process.stdout.on('data', onData);
      this.process.stderr.on('data', onData);
      this.process.on('exit', (code) => { clearTimeout(timer); reject(new Error(`s3rver exited (${code}):\n${this.output.join('')}`)); });
    });
    return this;
  }

  // --media-store for this store, objects under `prefix`.
  url(prefix) { return `s3://${BUCKET}/${prefix}?endpoint=http://127.0.0.1:${this.port}&region=us-east-1`; }

  async stop() {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
  }

  async remove() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Every object key in the bucket (read from s3rver's folder), sorted.
  objects() {
    const root = path.join(this.dir, BUCKET);
    const out = [];
    const walk = (dir) => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith(OBJECT_SUFFIX)) out.push(path.relative(root, p).slice(0, -OBJECT_SUFFIX.length));
      }
    };
    walk(root);
    return out.sort();
  }

  // The stored bytes of one object.
  bytes(key) { return readFileSync(path.join(this.dir, BUCKET, key + OBJECT_SUFFIX)); }
}
