// The REST steps the conversation tests take, each asserting its status and
// returning the body (or the part of it a test reads): one place, so that
// dm-blocks, message-safety and export say the same thing the same way.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { signUp } from './client.mjs';
import { socketOf, connected } from './sockets.mjs';

export const api = (path) => `/api/v1${path}`;

// The body of `response` (a pending request), which must answer `status`.
export async function ok(response, status = 200) {
  const r = await response;
  assert.equal(r.status, status, r.text);
  return r.body;
}

const onUser = (verb, action) => (who, whom, status) =>
  ok(who.client[verb](api(`/users/${whom.user.username}/${action}`)), status);
export const follow = (who, whom) => onUser('post', 'follow')(who, whom, 200);
export const block = (who, whom) => onUser('post', 'block')(who, whom, 204);
export const unblock = (who, whom) => onUser('delete', 'block')(who, whom, 204);
export const restrict = (who, whom) => onUser('post', 'restrict')(who, whom, 204);
export const unrestrict = (who, whom) => onUser('delete', 'restrict')(who, whom, 204);

// The 1:1 with one other (new or existing) or a new group.
export async function start(who, ...others) {
  const r = await who.client.post(api('/conversations'), { usernames: others.map((o) => o.user.username) });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.body.conversation;
}

export const send = async (who, conversation, text) =>
  (await ok(who.client.post(api(`/conversations/${conversation.id}/messages`), { text, clientId: randomUUID() }), 201))
    .message;
export const view = async (who, conversation) =>
  (await ok(who.client.get(api(`/conversations/${conversation.id}`)))).conversation;
export const participant = (conversation, whom) => conversation.participants.find((p) => p.id === whom.user.id);
// The texts `who` sees in `conversation`, newest first.
export const messages = async (who, conversation) =>
  (await ok(who.client.get(api(`/conversations/${conversation.id}/messages?limit=100`)))).items.map((m) => m.text);

// A connected socket of `who` on `server`, kept in `sockets` for the suite's after().
export async function openSocket(server, sockets, who) {
  const socket = socketOf(server, who);
  sockets.push(socket);
  return connected(socket);
}
// `n` new accounts on `server`.
export const people = (server, n, prefix) => Promise.all(Array.from({ length: n }, () => signUp(server.origin, prefix)));
