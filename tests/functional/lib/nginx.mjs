// Debian's nginx as the front door of several Lenslet instances, configured
// with the project's own files (deploy/multi-instance/nginx-upstream.conf and
// deploy/nginx/lenslet-locations.conf) included as they are, not copied: the
// test wraps them in the smallest nginx.conf that runs without root's paths
// (its own prefix, temp folders, pid and logs) and a plain-HTTP listener in
// place of the TLS one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const NGINX_BIN = process.env.LENSLET_NGINX_BIN ?? '/usr/sbin/nginx';
const REPO = path.resolve(new URL('../../..', import.meta.url).pathname);
export const UPSTREAM_CONF = path.join(REPO, 'deploy/multi-instance/nginx-upstream.conf');
export const LOCATIONS_CONF = path.join(REPO, 'deploy/nginx/lenslet-locations.conf');

// The ports the upstream file names (127.0.0.1:PORT lines), in order.
export function upstreamPorts() {
  const text = readFileSync(UPSTREAM_CONF, 'utf8');
  return [...text.matchAll(/^\s*server\s+127\.0\.0\.1:(\d+)[\s;]/gm)].map((m) => Number(m[1]));
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export class Nginx {
  async start() {
    if (!existsSync(NGINX_BIN)) throw new Error(`${NGINX_BIN} is missing: scripts/install-deps.sh installs nginx`);
    this.prefix = mkdtempSync(path.join(tmpdir(), 'lenslet-nginx-'));
    for (const dir of ['logs', 'temp']) mkdirSync(path.join(this.prefix, dir));
    this.port = await freePort();
    const temp = (name) => `${name}_temp_path ${path.join(this.prefix, 'temp', name)};`;
    const conf = `
# Written by tests/functional/lib/nginx.mjs
daemon off;
master_process on;
worker_processes 1;
pid ${path.join(this.prefix, 'nginx.pid')};
error_log stderr warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 1024; }
http {
    access_log off;
    ${temp('client_body')}
    ${temp('proxy')}
    ${temp('fastcgi')}
    ${temp('uwsgi')}
    ${temp('scgi')}
    include ${UPSTREAM_CONF};
    server {
        listen 127.0.0.1:${this.port};
        include ${LOCATIONS_CONF};
    }
}
`;
    this.confPath = path.join(this.prefix, 'nginx.conf');
    writeFileSync(this.confPath, conf);
    const args = ['-p', this.prefix, '-c', this.confPath, '-e', 'stderr'];
    const check = spawnSync(NGINX_BIN, ['-t', ...args], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}\n${conf}`);
    this.output = [];
    // Its own process group, so that stop() can end the worker with the master.
    this.process = spawn(NGINX_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.process.stdout.on('data', (chunk) => this.output.push(chunk.toString()));
    this.process.stderr.on('data', (chunk) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    this.origin = `http://127.0.0.1:${this.port}`;
    for (let i = 0; i < 200; i++) {
      if (this.process.exitCode !== null) throw new Error(`nginx exited:\n${this.log()}`);
      if (!(await portIsFree(this.port))) return this;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`nginx did not listen on ${this.port}:\n${this.log()}`);
  }

  log() { return this.output.join(''); }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      // SIGTERM is nginx's fast shutdown (SIGQUIT would wait for every open
      // WebSocket and long poll). If the master is killed, a worker left behind
      // would keep our pipes open: the group goes together.
      this.process.kill('SIGTERM');
      const killer = setTimeout(() => { try { process.kill(-this.process.pid, 'SIGKILL'); } catch { /* gone */ } }, 5_000);
      await this.exited;
      clearTimeout(killer);
    }
    try { process.kill(-this.process.pid, 'SIGKILL'); } catch { /* the group is gone: good */ }
    if (this.prefix) rmSync(this.prefix, { recursive: true, force: true });
  }
}
