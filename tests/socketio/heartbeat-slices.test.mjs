// Heartbeats with the production-shaped sweep: the server looks at its
// sessions a slice at a time (every 20 ms), so with a 2 s ping interval each
// session is looked at once per 200 ms in one of ten slices. Every client must
// still be pinged on time, and the pings must come spread over the slices
// instead of in one burst (one burst a second was a 25 ms stall at 10,000
// clients, see bench/README.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { EchoServer } from './lib/echo_server.mjs';

const kPingInterval = 2000;
const kPingTimeout = 1600;
const server = new EchoServer({
  args: ['--ping-interval', String(kPingInterval), '--ping-timeout', String(kPingTimeout)],
});
before(async () => { await server.start(); });
after(async () => {
  const { code, signal } = await server.stop();
  assert.equal(signal, null, `echo server died of ${signal}:\n${server.output.join('')}`);
  assert.equal(code, 0, server.output.join(''));
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('200 idle clients are each pinged every interval, the pings spread over the sweep slices',
  { timeout: 60_000 }, async () => {
    const clients = [];
    try {
      const ready = [];
      for (let i = 0; i < 200; i++) {
        const socket = io(server.url, { forceNew: true, reconnection: false, transports: ['websocket'], timeout: 10_000 });
        const client = { socket, pings: [], disconnected: null };
        socket.on('disconnect', (reason) => { client.disconnected = reason; });
        ready.push(new Promise((resolve, reject) => {
          socket.once('connect', () => {
            socket.io.engine.on('ping', () => client.pings.push(performance.now()));
            resolve();
          });
          socket.once('connect_error', reject);
        }));
        clients.push(client);
      }
      await Promise.all(ready);

      // Two and a half intervals: at least two pings each.
      await sleep(kPingInterval * 2.5);

      for (const [i, client] of clients.entries()) {
        assert.equal(client.disconnected, null, `client ${i} was disconnected`);
        assert.ok(client.pings.length >= 2, `client ${i} got ${client.pings.length} pings in ${kPingInterval * 2.5} ms`);
      }
      // The first pings of clients that connected within a moment of each
      // other: one pass over every session would send them in one or two
      // bursts; slices put them into most of the ten 20 ms windows.
      const first = clients.map((c) => c.pings[0]);
      const start = Math.min(...first);
      const windows = new Set(first.map((t) => Math.floor((t - start) / 20)));
      assert.ok(windows.size >= 6, `first pings came in ${windows.size} distinct 20 ms windows`);
    } finally {
      for (const { socket } of clients) socket.close();
    }
  });
