// Starts lenslet-socketio-echo on a free port for one test file and stops it
// afterwards (like tests/functional/lib/server.mjs does for the main binary).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ECHO_BIN = process.env.LENSLET_ECHO_BIN ?? path.join(root, 'build/bin/lenslet-socketio-echo');

export class EchoServer {
  constructor({ args = [] } = {}) {
    this.args = args;
    this.output = [];
  }

  async start() {
    this.process = spawn(ECHO_BIN, ['--host', '127.0.0.1', '--port', '0', ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    this.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`echo server did not start:\n${this.output.join('')}`)), 20_000);
      const onData = (chunk) => {
        this.output.push(chunk.toString());
        const m = /listening on http:\/\/[^:\s]+:(\d+)/.exec(this.output.join(''));
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      };
      this.process.stdout.on('data', onData);
      this.process.stderr.on('data', (chunk) => this.output.push(chunk.toString()));
      this.process.on('exit', (code) => reject(new Error(`echo server exited (${code}):\n${this.output.join('')}`)));
    });
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return this.exited;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}
