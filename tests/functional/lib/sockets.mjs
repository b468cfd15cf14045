// socket.io-client connections to the real server, as a browser tab (the
// session cookie and our Origin) or as an app (`auth: {token}`).
import { io } from 'socket.io-client';

// Options: { cookie, token, origin, transports, auth }.
export function connectSocket(server, { cookie, token, origin = server.origin, transports = ['websocket'], auth } = {}) {
  const extraHeaders = {};
  if (cookie) extraHeaders.cookie = cookie;
  if (origin) extraHeaders.origin = origin;
  return io(server.origin, {
    transports,
    extraHeaders,
    auth: auth ?? (token ? { token } : {}),
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
}

// The browser tab of a signed-up user (tests/functional/lib/client.mjs signUp).
export function socketOf(server, who, options = {}) {
  return connectSocket(server, { cookie: who.client.cookieHeader('/socket.io/'), ...options });
}

// Resolves on `connect`, rejects with the connect_error.
export function connected(socket) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

// Resolves with the connect_error (rejects if the connection is accepted).
export function refused(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the connection was accepted')));
    socket.once('connect_error', (error) => resolve(error));
  });
}

// The next `event` (its first argument), or a rejection after `ms`.
export function nextEvent(socket, event, ms = 5_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const onEvent = (payload) => { clearTimeout(timer); resolve(payload); };
    socket.once(event, onEvent);
  });
}

// Collects every `event` from now on: `const got = collect(s, 'x'); … got.items`.
export function collect(socket, event) {
  const items = [];
  socket.on(event, (payload) => items.push(payload));
  return { items };
}

// Resolves with the reason of the next disconnect.
export function disconnection(socket, ms = 5_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not disconnected within ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => { clearTimeout(timer); resolve(reason); });
  });
}

// Emits with an ack and resolves with the ack's first argument.
export function request(socket, event, payload, ms = 5_000) {
  return socket.timeout(ms).emitWithAck(event, payload);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
