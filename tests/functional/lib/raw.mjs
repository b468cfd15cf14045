// Raw TCP for what fetch refuses to send: malformed request lines, conflicting
// framing headers, slow clients.
import net from 'node:net';

// Sends `data` (string or Buffer, or an array sent piece by piece with `gapMs`
// between) and resolves with everything the server sent until it closed the
// connection or `timeoutMs` passed. `closed` tells whether the server closed.
export function rawExchange(port, data, { timeoutMs = 3000, gapMs = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    let closed = false;
    const started = Date.now();
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => { closed = true; finish(); });
    socket.on('close', () => { closed = true; finish(); });
    socket.on('error', () => { closed = true; finish(); });
    socket.on('connect', async () => {
      const pieces = Array.isArray(data) ? data : [data];
      for (const p of pieces) {
        if (socket.destroyed) return;
        socket.write(p);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

export function statusOf(text) {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

export function countResponses(text) {
  return (text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length;
}
