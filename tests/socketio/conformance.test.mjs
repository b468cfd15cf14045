// Protocol details the official client never exercises but the protocol
// documents (socket.io-protocol, engine.io-protocol) and the protocol's own
// test suite (socket.io-protocol/test-suite) require, driven with raw HTTP
// and WebSocket frames against lenslet-socketio-echo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { EchoServer } from './lib/echo_server.mjs';

const kPingInterval = 300;
const kPingTimeout = 200;
const server = new EchoServer({
  args: ['--ping-interval', String(kPingInterval), '--ping-timeout', String(kPingTimeout), '--connect-timeout', '1000'],
});
before(async () => { await server.start(); });
after(async () => {
  const { code, signal } = await server.stop();
  assert.equal(signal, null, `echo server died of ${signal}:\n${server.output.join('')}`);
  assert.equal(code, 0, server.output.join(''));
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

// A raw Engine.IO WebSocket whose text messages queue up, so none is missed
// however the frames share TCP reads. Pings are answered unless told not to.
class RawSocket {
  constructor(query = '', { answerPings = true } = {}) {
    this.ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket${query}`);
    this.messages = [];
    this.waiters = [];
    this.pings = 0;
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('open', resolve);
      this.ws.on('unexpected-response', (_, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
      this.ws.on('error', reject);
    });
    this.opened.catch(() => {});  // awaited by the tests that care
    this.ws.on('message', (data, binary) => {
      const text = binary ? data : data.toString();
      if (text === '2') {
        this.pings++;
        if (answerPings) this.ws.send('3');
        return;
      }
      this.messages.push(text);
      this.waiters.shift()?.();
    });
  }

  send(text) { this.ws.send(text); }

  async next(what, ms = 3000) {
    if (this.messages.length === 0) await withTimeout(new Promise((resolve) => this.waiters.push(resolve)), ms, what);
    return this.messages.shift();
  }

  // Opens Engine.IO and joins `nsp` ("" for the main namespace): returns the CONNECT answer.
  async join(nsp = '') {
    const open = await this.next('open packet');
    assert.equal(open[0], '0');
    this.send(`40${nsp}`);
    return this.next(`CONNECT ${nsp || '/'}`);
  }

  close() { this.ws.close(); }
}

const polling = (sid) => `${server.url}/socket.io/?EIO=4&transport=polling${sid ? `&sid=${sid}` : ''}`;
async function openPolling() {
  const res = await fetch(polling());
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.equal(text[0], '0');
  return JSON.parse(text.slice(1)).sid;
}

test('a namespace without the trailing comma is read to the end of the packet', async () => {
  // socket.io-protocol "Packet encoding": the namespace is followed by a comma
  // only when more follows; socket.io-parser reads "40/random" as /random.
  const socket = new RawSocket();
  try {
    await socket.next('open packet');
    socket.send('40/random');
    assert.equal(await socket.next('CONNECT_ERROR'), '44/random,{"message":"Invalid namespace"}');
    // Refused, not broken: the connection stays and joins a declared namespace.
    socket.send('40/custom');
    assert.match(await socket.next('CONNECT /custom'), /^40\/custom,\{"sid":"[^"]+"\}$/);
    assert.equal(await socket.next('auth on /custom'), '42/custom,["auth",{}]');
    socket.send('42/custom,["message","hi"]');
    assert.equal(await socket.next('echo on /custom'), '42/custom,["message-back","hi"]');
    // And a DISCONNECT without the comma leaves it.
    socket.send('41/custom');
    socket.send('42/custom,["message","ignored"]');
    socket.send('40');
    assert.match(await socket.next('CONNECT /'), /^40\{"sid":"[^"]+"\}$/);
  } finally {
    socket.close();
  }
});

test('leaving the main namespace (41) ends that namespace only: the connection stays and keeps pinging', async () => {
  const socket = new RawSocket();
  try {
    assert.match(await socket.join(), /^40\{"sid":/);
    assert.equal(await socket.next('auth'), '42["auth",{}]');
    socket.send('41');
    // Packets for a namespace left are ignored (socket.io drops them).
    socket.send('42["message","after leaving"]');
    const pingsBefore = socket.pings;
    // Several heartbeats later (answered), the connection is still open.
    const deadline = Date.now() + 10_000;
    while (socket.pings < pingsBefore + 3 && Date.now() < deadline) await sleep(50);
    assert.ok(socket.pings >= pingsBefore + 3, `got ${socket.pings - pingsBefore} pings after 41`);
    assert.equal(socket.ws.readyState, WebSocket.OPEN);
    assert.deepEqual(socket.messages, [], 'nothing answered the event on the namespace left');
    // It may join again on the same connection.
    socket.send('40');
    assert.match(await socket.next('CONNECT again'), /^40\{"sid":/);
  } finally {
    socket.close();
  }
});

test('long-polling: without a pong the session is over pingInterval + pingTimeout after the handshake', async () => {
  // engine.io-protocol "Heartbeat": a ping every pingInterval, its pong due
  // within pingTimeout. The sweep that sends pings looks at a session only
  // every few ms; the session must still be over by the deadline itself.
  for (let round = 0; round < 3; round++) {
    const sid = await openPolling();
    await sleep(kPingInterval + kPingTimeout);
    const res = await fetch(polling(sid));
    assert.equal(res.status, 400, `round ${round}: the poll after the deadline got ${res.status} ${await res.text()}`);
  }
});

test('long-polling: a close packet POSTed while a GET waits answers that GET with a noop, then the session is gone', async () => {
  for (let round = 0; round < 3; round++) {
    const sid = await openPolling();
    const pending = fetch(polling(sid));
    await sleep(20);
    const post = await fetch(polling(sid), { method: 'POST', body: '1' });
    assert.equal(post.status, 200);
    const poll = await pending;
    assert.equal(poll.status, 200);
    assert.equal(await poll.text(), '6');
    assert.equal((await fetch(polling(sid))).status, 400);
  }
});

test('long-polling: a poll that reaches the server just after the client\'s close gets the noop too, the next one 400', async () => {
  // The protocol suite sends the GET and the close POST at once; either may arrive first.
  for (let round = 0; round < 3; round++) {
    const sid = await openPolling();
    const post = await fetch(polling(sid), { method: 'POST', body: '1' });
    assert.equal(post.status, 200);
    const poll = await fetch(polling(sid));
    assert.equal(poll.status, 200);
    assert.equal(await poll.text(), '6');
    assert.equal((await fetch(polling(sid))).status, 400);
  }
});

test('long-polling: pings keep a regular period, so three heartbeats fit in the 1 s connectTimeout', async () => {
  // The protocol suite's "should send ping/pong packets": three ping/pong
  // rounds without joining a namespace, then connectTimeout (1000 ms) closes.
  // Pings due at 300, 600 and 900 ms; a period counted from each pong plus
  // the sweep's lateness pushed the third past 1000 ms.
  const sid = await openPolling();
  for (let i = 0; i < 3; i++) {
    const poll = await fetch(polling(sid));
    assert.equal(poll.status, 200);
    assert.equal(await poll.text(), '2', `poll ${i}`);
    const pong = await fetch(polling(sid), { method: 'POST', body: '3' });
    assert.equal(pong.status, 200);
  }
});

test('a second WebSocket naming an already upgraded session is accepted, then closed', async () => {
  const sid = await openPolling();
  const upgrade = new RawSocket(`&sid=${sid}`);
  await upgrade.opened;
  upgrade.send('2probe');
  assert.equal(await upgrade.next('3probe'), '3probe');
  upgrade.send('5');
  // Polling is over for this session once the upgrade completed.
  const deadline = Date.now() + 3000;
  let status;
  while (Date.now() < deadline && (status = (await fetch(polling(sid))).status) !== 400) await sleep(20);
  assert.equal(status, 400);

  // engine.io completes the handshake of a redundant WebSocket and closes it
  // (no HTTP 400): the client sees open, then close.
  const second = new RawSocket(`&sid=${sid}`);
  await withTimeout(second.opened, 3000, 'second websocket open');
  await withTimeout(second.closed, 3000, 'second websocket closed');

  // The session itself carries on over the first.
  upgrade.send('40');
  assert.match(await upgrade.next('CONNECT over the upgraded socket'), /^40\{"sid":/);
  upgrade.close();
});

test('the CONNECT answer comes before anything the connection handler emits', async () => {
  const socket = new RawSocket();
  try {
    await socket.next('open packet');
    socket.send('40{"token":"123"}');
    assert.match(await socket.next('CONNECT'), /^40\{"sid":"[^"]+"\}$/);
    assert.equal(await socket.next('auth'), '42["auth",{"token":"123"}]');
  } finally {
    socket.close();
  }
});
