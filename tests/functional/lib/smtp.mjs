// A real SMTP server for tests that follow mailed links: Debian's aiosmtpd,
// driven by smtp_sink.py, which prints every mail it receives as a JSON line
// (decoded headers, text and HTML parts, and the raw message).
//
//   const smtp = await SmtpSink.start();            // or start({ port }) to come up late on a known port
//   server = await startServer({ args: ['--smtp-url', smtp.url] });
//   const mail = await smtp.nextMail('ada@example.org');
//   const token = linkIn(mail, '/reset-password').searchParams.get('token');
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smtp_sink.py');

// A port nothing listens on right now (for an SMTP server that starts late).
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export class SmtpSink {
  static async start({ port = 0 } = {}) {
    const sink = new SmtpSink();
    await sink.#spawn(port);
    return sink;
  }

  constructor() {
    this.mails = [];     // every mail received, in order
    this.consumed = new Set();
    this.waiters = [];
    this.stderr = '';
  }

  get url() { return `smtp://127.0.0.1:${this.port}`; }

  async #spawn(port) {
    this.process = spawn('/usr/bin/python3', [SCRIPT, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
    this.process.stderr.on('data', (d) => { this.stderr += d.toString(); });
    let buffered = '';
    this.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`smtp sink did not start: ${this.stderr}`)), 20_000);
      this.process.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp sink exited (${code}): ${this.stderr}`)); });
      this.process.stdout.on('data', (chunk) => {
        buffered += chunk.toString();
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!line.trim()) continue;
          const record = JSON.parse(line);
          if (record.listening) { clearTimeout(timer); resolve(record.listening); continue; }
          this.mails.push(record);
          this.#wake();
        }
      });
    });
  }

  #wake() {
    for (const w of [...this.waiters]) {
      const mail = this.#take(w.to);
      if (mail) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(mail);
      }
    }
  }

  #take(to) {
    const index = this.mails.findIndex((m, i) => !this.consumed.has(i)
      && m.rcptTos.some((r) => r.toLowerCase() === to.toLowerCase()));
    if (index < 0) return null;
    this.consumed.add(index);
    return this.mails[index];
  }

  // The next mail to `to` that no earlier call returned; rejects after timeoutMs.
  nextMail(to, { timeoutMs = 30_000 } = {}) {
    const ready = this.#take(to);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = { to, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no mail to ${to} within ${timeoutMs} ms (got ${this.mails.length} in all)`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  // All mails to `to` received so far (consumed or not).
  mailsTo(to) {
    return this.mails.filter((m) => m.rcptTos.some((r) => r.toLowerCase() === to.toLowerCase()));
  }

  async stop() {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGTERM');
      await this.exited;
    }
  }
}

// The first link in the mail's text part whose path is `pathname`, as a URL.
export function linkIn(mail, pathname) {
  for (const match of (mail.text ?? '').matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = new URL(match[0]);
    if (!pathname || url.pathname === pathname) return url;
  }
  throw new Error(`no link to ${pathname} in mail "${mail.subject}":\n${mail.text}`);
}
