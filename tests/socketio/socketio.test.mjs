// The official socket.io client against lenslet-socketio-echo: Engine.IO v4
// transports (polling, websocket, upgrade), heartbeats and limits, Socket.IO v5
// namespaces, events, acks and binary.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { EchoServer } from './lib/echo_server.mjs';

const server = new EchoServer();
before(async () => { await server.start(); });
after(async () => {
  const { code, signal } = await server.stop();
  assert.equal(signal, null, `echo server died of ${signal}:\n${server.output.join('')}`);
  assert.equal(code, 0, server.output.join(''));
});

const sockets = [];
function connect(nsp = '/', options = {}) {
  const socket = io(`${server.url}${nsp}`, { forceNew: true, reconnection: false, timeout: 5000, ...options });
  sockets.push(socket);
  return socket;
}
after(() => { for (const s of sockets) s.close(); });

const once = (emitter, event) => new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

async function connected(socket, ms = 5000) {
  if (socket.connected) return;
  const [error] = await withTimeout(Promise.race([once(socket, 'connect'), once(socket, 'connect_error')]), ms, 'connect');
  if (error) throw error;
}

for (const [label, options] of [
  ['websocket only', { transports: ['websocket'] }],
  ['polling only', { transports: ['polling'] }],
  ['polling then upgrade', { transports: ['polling', 'websocket'] }],
]) {
  describe(`transport: ${label}`, () => {
    test('connects, echoes strings, objects and binary, and answers acks', async () => {
      const socket = connect('/', options);
      const auth = once(socket, 'auth');
      await connected(socket);
      assert.deepEqual((await auth)[0], {});

      const back = once(socket, 'message-back');
      socket.emit('message', 'hello', { a: [1, 2, { b: null }] }, 3.5, true);
      assert.deepEqual(await withTimeout(back, 3000, 'message-back'), ['hello', { a: [1, 2, { b: null }] }, 3.5, true]);

      const binary = once(socket, 'message-back');
      socket.emit('message', Buffer.from([1, 2, 3]), { nested: Buffer.from('xyz') });
      const [bytes, nested] = await withTimeout(binary, 3000, 'binary message-back');
      assert.deepEqual(Buffer.from(bytes), Buffer.from([1, 2, 3]));
      assert.deepEqual(Buffer.from(nested.nested), Buffer.from('xyz'));

      const reply = await withTimeout(socket.emitWithAck('message-with-ack', 'x', Buffer.from([0xff, 0])), 3000, 'ack');
      assert.deepEqual(Buffer.from(reply), Buffer.from('x'));
      const [first, second] = await withTimeout(
        new Promise((resolve) => socket.emit('message-with-ack', 'x', Buffer.from([0xff, 0]), (...args) => resolve(args))),
        3000, 'ack with two args');
      assert.equal(first, 'x');
      assert.deepEqual(Buffer.from(second), Buffer.from([0xff, 0]));

      if (label === 'polling then upgrade') {
        await withTimeout(new Promise((resolve) => {
          if (socket.io.engine.transport.name === 'websocket') resolve();
          socket.io.engine.once('upgrade', resolve);
        }), 5000, 'upgrade');
        assert.equal(socket.io.engine.transport.name, 'websocket');
        const after = once(socket, 'message-back');
        socket.emit('message', 'after upgrade');
        assert.deepEqual(await withTimeout(after, 3000, 'echo after upgrade'), ['after upgrade']);
      } else {
        assert.equal(socket.io.engine.transport.name, options.transports[0]);
      }
      socket.close();
    });

    test('an idle connection outlives several ping intervals (300 ms)', async () => {
      const socket = connect('/', options);
      await connected(socket);
      let disconnected = null;
      socket.on('disconnect', (reason) => { disconnected = reason; });
      await sleep(2000);
      assert.equal(disconnected, null);
      assert.ok(socket.connected);
      const back = once(socket, 'message-back');
      socket.emit('message', 'still here');
      assert.deepEqual(await withTimeout(back, 3000, 'echo after idle'), ['still here']);
      socket.close();
    });
  });
}

test('the auth event echoes the handshake auth payload', async () => {
  const socket = connect('/', { auth: { token: 'abc', n: 1 } });
  const auth = once(socket, 'auth');
  await connected(socket);
  assert.deepEqual((await withTimeout(auth, 3000, 'auth'))[0], { token: 'abc', n: 1 });
  socket.close();
});

test('the /custom namespace works like /', async () => {
  const socket = connect('/custom', { auth: { who: 'custom' } });
  const auth = once(socket, 'auth');
  await connected(socket);
  assert.deepEqual((await auth)[0], { who: 'custom' });
  const back = once(socket, 'message-back');
  socket.emit('message', 'in custom', Buffer.from([9]));
  const [text, bytes] = await withTimeout(back, 3000, 'custom echo');
  assert.equal(text, 'in custom');
  assert.deepEqual(Buffer.from(bytes), Buffer.from([9]));
  socket.close();
});

test('an unknown namespace is refused with connect_error "Invalid namespace"', async () => {
  const socket = connect('/nope');
  const [error] = await withTimeout(once(socket, 'connect_error'), 3000, 'connect_error');
  assert.equal(error.message, 'Invalid namespace');
  socket.close();
});

test('two namespaces share one connection (multiplexing)', async () => {
  const main = connect('/', { forceNew: false });
  const custom = connect('/custom', { forceNew: false });
  await connected(main);
  await connected(custom);
  assert.equal(main.io, custom.io);
  const back = once(custom, 'message-back');
  custom.emit('message', 'mux');
  assert.deepEqual(await withTimeout(back, 3000, 'mux echo'), ['mux']);
  main.close();
  custom.close();
});

// Raw Engine.IO over HTTP long-polling.
async function openPolling() {
  const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.equal(text[0], '0');
  return JSON.parse(text.slice(1));
}

test('polling handshake announces the configured timings and CORS', async () => {
  const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'http://example.test' } });
  assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.test');
  const open = JSON.parse((await res.text()).slice(1));
  assert.deepEqual(open.upgrades, ['websocket']);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 200);
  assert.equal(open.maxPayload, 1000000);
  assert.match(open.sid, /^[A-Za-z0-9_-]{20}$/);
});

test('unknown sid, bad protocol version and bad transport are refused', async () => {
  let res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=nope`);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { code: 1, message: 'Session ID unknown' });
  res = await fetch(`${server.url}/socket.io/?EIO=3&transport=polling`);
  assert.equal(res.status, 400);
  res = await fetch(`${server.url}/socket.io/?EIO=4&transport=carrier-pigeon`);
  assert.equal(res.status, 400);
});

test('a second concurrent GET closes the session with 400', async () => {
  const { sid } = await openPolling();
  const url = `${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  const first = fetch(url);
  await sleep(50);
  const second = await fetch(url);
  assert.equal(second.status, 400);
  const firstText = await (await first).text();
  assert.ok(firstText.includes('1'), `the pending GET ends with a close packet: ${firstText}`);
  const after = await fetch(url);
  assert.equal(after.status, 400);
});

test('a malformed packet closes only that connection', async () => {
  const bystander = connect('/', { transports: ['websocket'] });
  await connected(bystander);

  // Over polling: a Socket.IO packet that is not JSON. On a server with
  // engine.io's default heartbeat: this client answers no ping, and on a busy
  // machine its three requests can take longer than 300 + 200 ms, after which
  // the session is gone for that reason instead.
  const patient = await new EchoServer({ args: ['--ping-interval', '25000', '--ping-timeout', '20000'] }).start();
  try {
    const open = await fetch(`${patient.url}/socket.io/?EIO=4&transport=polling`);
    const { sid } = JSON.parse((await open.text()).slice(1));
    const url = `${patient.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    let res = await fetch(url, { method: 'POST', body: '40' });
    assert.equal(res.status, 200);
    res = await fetch(url, { method: 'POST', body: '42["message",{broken' });
    assert.equal(res.status, 200);
    await sleep(50);
    res = await fetch(url);
    assert.equal(res.status, 400, 'the session is gone');
  } finally {
    await patient.stop();
  }

  // Over a raw WebSocket: garbage frames.
  for (const garbage of ['garbage', '4' + 'x', '9', '451-["message",{"_placeholder":true,"num":7}]']) {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    await once(ws, 'open');
    const closed = once(ws, 'close');
    ws.once('message', () => {
      ws.send('40');
      ws.send(garbage);
      if (garbage.startsWith('451-')) ws.send(Buffer.from([1]));
    });
    await withTimeout(closed, 3000, `close after ${garbage}`);
  }

  const back = once(bystander, 'message-back');
  bystander.emit('message', 'unaffected');
  assert.deepEqual(await withTimeout(back, 3000, 'bystander echo'), ['unaffected']);
  bystander.close();
});

test('an oversized payload closes the connection (websocket and polling)', async () => {
  const socket = connect('/', { transports: ['websocket'] });
  await connected(socket);
  const gone = once(socket, 'disconnect');
  socket.emit('message', 'x'.repeat(1_100_000));
  const [reason] = await withTimeout(gone, 5000, 'disconnect after oversized frame');
  assert.equal(reason, 'transport close');

  const { sid } = await openPolling();
  const url = `${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  const res = await fetch(url, { method: 'POST', body: '4' + 'y'.repeat(1_100_000) });
  assert.equal(res.status, 413);
  assert.equal((await fetch(url)).status, 400);
});

test('a client that never sends CONNECT is closed after connectTimeout', async () => {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const opened = Date.now();
  const closed = once(ws, 'close');
  ws.on('message', (data) => { if (data.toString() === '2') ws.send('3'); });
  await withTimeout(closed, 5000, 'connect timeout');
  const elapsed = Date.now() - opened;
  assert.ok(elapsed >= 900, `closed after ${elapsed} ms`);
});

test('a client that stops answering pings is closed', async () => {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const closed = once(ws, 'close');
  ws.once('message', () => ws.send('40'));
  const opened = Date.now();
  await withTimeout(closed, 5000, 'ping timeout');
  assert.ok(Date.now() - opened >= 450);
});

// Its own server with engine.io's default heartbeat: one Node process driving
// 1,000 clients (on a shared, busy machine) cannot answer 300 ms pings in time,
// which would test the client process rather than the server (same for the
// 1 s connectTimeout while 1,000 handshakes queue up).
test('1,000 concurrent websocket connections all get their echo', { timeout: 180_000 }, async () => {
  const count = Number(process.env.SOCKETIO_LOAD_CONNECTIONS ?? 1000);
  const loadServer = await new EchoServer({ args: ['--ping-interval', '25000', '--ping-timeout', '20000', '--connect-timeout', '45000'] }).start();
  const clients = [];
  for (let i = 0; i < count; i++) {
    clients.push(io(loadServer.url, { forceNew: true, reconnection: false, transports: ['websocket'], timeout: 60_000 }));
  }
  try {
    await withTimeout(Promise.all(clients.map((c) => connected(c, 90_000))), 90_000, 'all connected');
    const echoes = await withTimeout(Promise.all(clients.map((c, i) => {
      const back = once(c, 'message-back');
      c.emit('message', `n${i}`);
      return back;
    })), 60_000, 'all echoes');
    echoes.forEach(([text], i) => assert.equal(text, `n${i}`));
  } finally {
    for (const c of clients) c.close();
    await loadServer.stop();
  }
});
