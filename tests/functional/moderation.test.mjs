// Reports, the moderation queue and its actions, suspensions and the audit log
// (issue 13.2, 13.3; API.md "Safety and moderation"), from the outside: a
// stranger, a follower, a blocked user, a moderator and an admin each try the
// report and admin endpoints; a suspension closes sockets at once and hides
// the account from every surface. Runs on SQLite and on PostgreSQL.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { setRole as setRoleOn } from './lib/admin.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { createPost, keyOf } from './lib/posts.mjs';
import { socketOf, connectSocket, connected, refused, disconnection, sleep } from './lib/sockets.mjs';

let server;
let admin;
let moderator;
const sockets = [];
const api = (path) => `/api/v1${path}`;
const track = (socket) => { sockets.push(socket); return socket; };

// `lenslet admin role` on the running server's database (roles are read
// afresh on every request, so it applies at once).
function setRole(username, role) {
  const r = setRoleOn(server, username, role);
  assert.equal(r.status, 0, `lenslet admin role: ${r.stdout}${r.stderr}`);
}

before(async () => {
  server = await startServer({ args: ['--session-check-ms', '300', '--report-limit', '1000'] });
  admin = await signUp(server.origin, 'admin');  // the first account of an empty instance
  moderator = await signUp(server.origin, 'mod');
  setRole(moderator.user.username, 'moderator');
});
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

async function report(who, targetType, targetId, extra = {}) {
  return who.client.post(api('/reports'), { targetType, targetId: String(targetId), reason: 'spam', ...extra });
}

async function postOf(who, caption = 'a post') {
  const r = await createPost(who.client, { caption });
  assert.equal(r.status, 201, r.text);
  return r.body.post;
}

async function follow(follower, followee) {
  const r = await follower.client.post(api(`/users/${followee.user.username}/follow`));
  assert.equal(r.status, 200, r.text);
}

async function makePrivate(who) {
  assert.equal((await who.client.patch(api('/users/me'), { isPrivate: true })).status, 200);
}

async function accept(owner, follower) {
  const r = await owner.client.post(api(`/follow-requests/${follower.user.id}/accept`));
  assert.equal(r.status, 204, r.text);
}

async function block(blocker, blocked) {
  assert.equal((await blocker.client.post(api(`/users/${blocked.user.username}/block`))).status, 204);
}

async function comment(who, postId, text) {
  const r = await who.client.post(api(`/posts/${postId}/comments`), { text });
  assert.equal(r.status, 201, r.text);
  return r.body.comment;
}

async function directMessages(from, to, texts) {
  const c = await from.client.post(api('/conversations'), { usernames: [to.user.username] });
  assert.ok([200, 201].includes(c.status), c.text);
  const ids = [];
  for (const [i, text] of texts.entries()) {
    const sender = i % 2 ? to : from;
    const m = await sender.client.post(api(`/conversations/${c.body.conversation.id}/messages`),
      { text, clientId: `c-${text}-${Math.random()}` });
    assert.equal(m.status, 201, m.text);
    ids.push(m.body.message.id);
  }
  return { conversation: c.body.conversation.id, ids };
}

async function queue(who, status = 'open') {
  const r = await who.client.get(api(`/admin/reports?status=${status}&limit=100`));
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

const itemOf = (items, type, id) => items.find((i) => i.target.type === type && i.target.id === String(id));

async function notificationsOf(who) {
  const r = await who.client.get(api('/notifications?limit=100'));
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function login(account) {
  const client = new Client(server.origin);
  const r = await client.post(api('/auth/login'), { login: account.username, password: account.password });
  return { client, r };
}

describe('reports: only what the reporter can see', () => {
  test('posts: a follower of a private account may report, a stranger and a blocked user get 404', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    const stranger = await signUp(server.origin, 'stranger');
    const blocked = await signUp(server.origin, 'blocked');
    await makePrivate(author);
    await follow(fan, author);
    await accept(author, fan);
    await follow(blocked, author);
    await accept(author, blocked);
    await block(author, blocked);
    const post = await postOf(author);

    const first = await report(fan, 'post', post.id, { note: 'looks like spam' });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(Object.keys(first.body.report).sort(), ['id', 'status']);
    assert.equal(first.body.report.status, 'open');
    // Twice is one report.
    const again = await report(fan, 'post', post.id, { reason: 'hate' });
    assert.equal(again.status, 200);
    assert.equal(again.body.report.id, first.body.report.id);

    expectError(assert, await report(stranger, 'post', post.id), 404, 'not_found');
    expectError(assert, await report(blocked, 'post', post.id), 404, 'not_found');
    // The author has nothing to report about themselves.
    const own = expectError(assert, await report(author, 'post', post.id), 422, 'invalid_value');
    assert.equal(own.field, 'targetId');
    expectError(assert, await report(author, 'user', author.user.id), 422, 'invalid_value');
  });

  test('concurrent identical reports store one report', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    const post = await postOf(author);
    const answers = await Promise.all(Array.from({ length: 8 }, () => report(fan, 'post', post.id)));
    assert.equal(answers.filter((r) => r.status === 201).length, 1, answers.map((r) => r.status).join());
    assert.equal(new Set(answers.map((r) => r.body.report.id)).size, 1);
    const item = itemOf(await queue(admin), 'post', post.id);
    assert.equal(item.count, 1);
  });

  test('comments: only when the post is visible and neither author blocked the reporter', async () => {
    const author = await signUp(server.origin, 'author');
    const commenter = await signUp(server.origin, 'commenter');
    const reader = await signUp(server.origin, 'reader');
    const post = await postOf(author);
    const c = await comment(commenter, post.id, 'buy cheap followers');
    assert.equal((await report(reader, 'comment', c.id)).status, 201);
    expectError(assert, await report(commenter, 'comment', c.id), 422, 'invalid_value');  // their own
    // A reader the comment's author blocked cannot see (nor report) it.
    const other = await signUp(server.origin, 'other');
    await block(commenter, other);
    expectError(assert, await report(other, 'comment', c.id), 404, 'not_found');
    // A comment on a private account's post: not for strangers.
    await makePrivate(author);
    const stranger = await signUp(server.origin, 'stranger');
    expectError(assert, await report(stranger, 'comment', c.id), 404, 'not_found');
  });

  test('users: anyone who can open the profile; a blocked user cannot', async () => {
    const target = await signUp(server.origin, 'target');
    const reader = await signUp(server.origin, 'reader');
    const blocked = await signUp(server.origin, 'blocked');
    await makePrivate(target);  // a private profile is still a profile
    assert.equal((await report(reader, 'user', target.user.id, { reason: 'impersonation' })).status, 201);
    await block(target, blocked);
    expectError(assert, await report(blocked, 'user', target.user.id), 404, 'not_found');
  });

  test('messages: only a participant; the report keeps that message and the 10 before it', async () => {
    const ann = await signUp(server.origin, 'ann');
    const bob = await signUp(server.origin, 'bob');
    const outsider = await signUp(server.origin, 'outsider');
    const texts = Array.from({ length: 15 }, (_, i) => `m${i}`);
    const { ids } = await directMessages(ann, bob, texts);
    // Another conversation of the same people, written in between, must never leak in.
    await directMessages(ann, outsider, ['elsewhere']);
    expectError(assert, await report(outsider, 'message', ids[13]), 404, 'not_found');
    expectError(assert, await report(bob, 'message', ids[13]), 422, 'invalid_value');  // his own
    assert.equal((await report(ann, 'message', ids[13], { reason: 'harassment' })).status, 201);
    assert.equal((await report(bob, 'message', ids[2])).status, 201);

    const items = await queue(moderator);
    const late = itemOf(items, 'message', ids[13]).target.preview.messages;
    assert.deepEqual(late.map((m) => m.text), texts.slice(3, 14));
    assert.deepEqual(late.map((m) => m.reported), [...Array(10).fill(false), true]);
    assert.equal(late[10].sender.username, bob.user.username);
    const early = itemOf(items, 'message', ids[2]).target.preview.messages;
    assert.deepEqual(early.map((m) => m.text), ['m0', 'm1', 'm2']);
  });

  test('hostile input: wrong types, unknown values, oversize notes, unknown and foreign ids', async () => {
    const who = await signUp(server.origin, 'hostile');
    const author = await signUp(server.origin, 'author');
    const post = await postOf(author);
    const cases = [
      [{ targetType: 'post', targetId: Number(post.id), reason: 'spam' }, 'targetId'],
      [{ targetType: 'post', targetId: 'abc', reason: 'spam' }, 'targetId'],
      [{ targetType: 'post', targetId: '-1', reason: 'spam' }, 'targetId'],
      [{ targetType: 'photo', targetId: post.id, reason: 'spam' }, 'targetType'],
      [{ targetType: ['post'], targetId: post.id, reason: 'spam' }, 'targetType'],
      [{ targetId: post.id, reason: 'spam' }, 'targetType'],
      [{ targetType: 'post', targetId: post.id, reason: 'rude' }, 'reason'],
      [{ targetType: 'post', targetId: post.id, reason: null }, 'reason'],
      [{ targetType: 'post', targetId: post.id, reason: 'spam', note: 'x'.repeat(1001) }, 'note'],
      [{ targetType: 'post', targetId: post.id, reason: 'spam', note: 42 }, 'note'],
      [{ targetType: 'post', targetId: post.id, reason: 'spam', note: 'bell\u0007' }, 'note'],
    ];
    for (const [body, field] of cases) {
      const error = expectError(assert, await who.client.post(api('/reports'), body), 422, 'invalid_value');
      assert.equal(error.field, field, JSON.stringify(body));
    }
    // 1000 characters (not bytes) are fine.
    assert.equal((await report(who, 'post', post.id, { note: 'é'.repeat(1000) })).status, 201);
    expectError(assert, await who.client.request('POST', api('/reports'), { body: '{nope', headers: { 'content-type': 'application/json' } }), 400);
    for (const type of ['post', 'comment', 'user', 'message']) {
      expectError(assert, await report(who, type, '999999999'), 404, 'not_found');
    }
    expectError(assert, await new Client(server.origin).post(api('/reports'), { targetType: 'post', targetId: post.id, reason: 'spam' }), 401);
  });

  test('the per-user report limit answers 429 with Retry-After', async () => {
    const limited = await startServer({ args: ['--report-limit', '2'] });
    try {
      const author = await signUp(limited.origin, 'author');
      const who = await signUp(limited.origin, 'reporter');
      const post = (await createPost(author.client, {})).body.post;
      const other = await signUp(limited.origin, 'other');
      const send = (type, id) => who.client.post(api('/reports'), { targetType: type, targetId: id, reason: 'spam' });
      assert.equal((await send('post', post.id)).status, 201);
      assert.equal((await send('user', author.user.id)).status, 201);
      const r = await send('user', other.user.id);
      expectError(assert, r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
    } finally {
      await limited.stop();
    }
  });
});

describe('moderation endpoints exist only for staff', () => {
  test('plain users, followers and blocked users get 404 everywhere (signed out: 401); moderators not the audit log', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    const blocked = await signUp(server.origin, 'blocked');
    await follow(fan, author);
    await block(author, blocked);
    const post = await postOf(author);
    const c = await comment(fan, post.id, 'hello');
    const r = await report(fan, 'post', post.id);
    const reportId = r.body.report.id;
    const anonymous = { client: new Client(server.origin) };
    const attempts = (who) => [
      who.client.get(api('/admin/reports')),
      who.client.get(api('/admin/reports?status=resolved')),
      who.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'dismiss' }),
      who.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: { reason: 'x' } }),
      who.client.request('DELETE', api(`/admin/comments/${c.id}`), { json: { reason: 'x' } }),
      who.client.post(api(`/admin/users/${author.user.username}/suspend`), { reason: 'x' }),
      who.client.delete(api(`/admin/users/${author.user.username}/suspend`)),
      who.client.get(api('/admin/audit')),
      // Even a malformed body: nothing tells them the route exists.
      who.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 42 }),
    ];
    for (const who of [author, fan, blocked]) {
      for (const answer of await Promise.all(attempts(who))) expectError(assert, answer, 404, 'not_found');
    }
    // Signed out: 401, as every signed-in route (the web app refreshes, then asks again).
    for (const answer of await Promise.all(attempts(anonymous))) expectError(assert, answer, 401);
    // Nothing happened.
    assert.equal((await fan.client.get(api(`/posts/${post.id}`))).status, 200);
    assert.equal((await login(author.account)).r.status, 200);
    expectError(assert, await moderator.client.get(api('/admin/audit')), 404, 'not_found');
    assert.equal((await moderator.client.get(api('/admin/reports'))).status, 200);
    assert.equal((await admin.client.get(api('/admin/audit'))).status, 200);
    assert.ok(itemOf(await queue(moderator), 'post', post.id));
  });

  test('hostile input to the admin endpoints', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    const post = await postOf(author);
    const reportId = (await report(fan, 'post', post.id)).body.report.id;
    const bad = [
      [moderator.client.get(api('/admin/reports?status=closed')), 422, 'status'],
      [moderator.client.get(api('/admin/reports?cursor=%%%')), 400],
      [moderator.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'ban' }), 422, 'action'],
      [moderator.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'deleted' }), 422, 'action'],
      [moderator.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'dismiss', note: 'n'.repeat(1001) }), 422, 'note'],
      [moderator.client.post(api(`/admin/reports/${reportId}/resolve`), {}), 422, 'action'],
      [moderator.client.post(api('/admin/reports/999999999/resolve'), { action: 'dismiss' }), 404],
      [moderator.client.post(api('/admin/reports/abc/resolve'), { action: 'dismiss' }), 404],
      [moderator.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: {} }), 422, 'reason'],
      [moderator.client.request('DELETE', api(`/admin/posts/${post.id}`)), 422, 'reason'],
      [moderator.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: { reason: '   ' } }), 422, 'reason'],
      [moderator.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: { reason: 7 } }), 422, 'reason'],
      [moderator.client.request('DELETE', api('/admin/posts/999999999'), { json: { reason: 'x' } }), 404],
      [moderator.client.request('DELETE', api('/admin/comments/999999999'), { json: { reason: 'x' } }), 404],
      [moderator.client.post(api('/admin/users/nobody_here_at_all/suspend'), { reason: 'x' }), 404],
      [moderator.client.post(api(`/admin/users/${author.user.username}/suspend`), { reason: 'x', until: 'tomorrow' }), 422, 'until'],
      [moderator.client.post(api(`/admin/users/${author.user.username}/suspend`), { reason: 'x', until: '2001-01-01T00:00:00.000Z' }), 422, 'until'],
      [moderator.client.post(api(`/admin/users/${author.user.username}/suspend`), { until: '2099-01-01T00:00:00.000Z' }), 422, 'reason'],
    ];
    for (const [pending, status, field] of bad) {
      const error = expectError(assert, await pending, status);
      if (field) assert.equal(error.field, field);
    }
    // None of it acted.
    assert.equal((await fan.client.get(api(`/posts/${post.id}`))).status, 200);
    assert.equal((await login(author.account)).r.status, 200);
    assert.equal(itemOf(await queue(moderator), 'post', post.id).count, 1);
  });
});

describe('the queue and its actions', () => {
  test('one item per target, newest report first, with a preview; dismiss resolves all of a target\'s reports', async () => {
    const author = await signUp(server.origin, 'author');
    const a = await signUp(server.origin, 'a');
    const b = await signUp(server.origin, 'b');
    const post = await postOf(author, 'cheap #followers here');
    const first = await report(a, 'post', post.id, { note: 'spam link' });
    await report(a, 'user', author.user.id);
    await report(b, 'post', post.id, { reason: 'hate' });
    const items = await queue(moderator);
    // The post has the newest report: it comes before the account.
    const ours = items.filter((i) => [post.id, author.user.id].includes(i.target.id));
    assert.deepEqual(ours.map((i) => i.target.type), ['post', 'user']);
    const item = ours[0];
    assert.equal(item.count, 2);
    assert.deepEqual(item.reports.map((r) => r.reporter.username), [b.user.username, a.user.username]);
    assert.equal(item.reports[1].note, 'spam link');
    assert.equal(item.target.preview.caption, 'cheap #followers here');
    assert.match(item.target.preview.imageUrl, /^\/media\//);
    assert.equal(item.target.preview.author.username, author.user.username);
    assert.equal(ours[1].target.preview.username, author.user.username);

    const done = await moderator.client.post(api(`/admin/reports/${first.body.report.id}/resolve`), { action: 'dismiss', note: 'satire' });
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(done.body, { target: { type: 'post', id: post.id }, action: 'dismiss', resolved: 2 });
    expectError(assert, await moderator.client.post(api(`/admin/reports/${first.body.report.id}/resolve`), { action: 'warn' }), 409, 'conflict');
    assert.equal(itemOf(await queue(moderator), 'post', post.id), undefined);
    const resolved = itemOf(await queue(moderator, 'resolved'), 'post', post.id);
    assert.deepEqual(resolved.reports.map((r) => r.resolution), ['dismiss', 'dismiss']);
    // Nothing happened to the post; a new report after that is a new one.
    assert.equal((await a.client.get(api(`/posts/${post.id}`))).status, 200);
    const later = await report(a, 'post', post.id);
    assert.equal(later.status, 201);
    assert.notEqual(later.body.report.id, first.body.report.id);
  });

  test('remove a post: the author\'s own deletion path, its files gone, the author told why', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    await follow(fan, author);
    const post = await postOf(author);
    await comment(fan, post.id, 'nice');
    const reportId = (await report(fan, 'post', post.id)).body.report.id;
    const url = post.media[0].url;
    assert.ok(existsSync(path.join(server.dataDir, 'media', keyOf(url))));
    const before = (await author.client.get(api(`/users/${author.user.username}`))).body.user.postCount;

    const r = await moderator.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: { reason: 'Spam links' } });
    assert.equal(r.status, 204, r.text);
    expectError(assert, await fan.client.get(api(`/posts/${post.id}`)), 404);
    expectError(assert, await admin.client.get(api(`/posts/${post.id}`)), 404);
    assert.equal((await author.client.get(api(`/users/${author.user.username}`))).body.user.postCount, before - 1);
    assert.equal((await fetch(server.origin + url)).status, 404);
    assert.equal(existsSync(path.join(server.dataDir, 'media', keyOf(url))), false);
    const notice = (await notificationsOf(author)).find((n) => n.type === 'content_removed');
    assert.ok(notice, 'no content_removed notification');
    assert.equal(notice.reason, 'Spam links');
    assert.equal(notice.targetType, 'post');
    assert.equal(notice.actor.username, author.user.username);  // not the moderator's
    assert.equal(notice.post, null);
    // Its report is resolved as "remove", not left open.
    const resolved = itemOf(await queue(moderator, 'resolved'), 'post', post.id);
    assert.equal(resolved.reports.find((x) => x.id === reportId).resolution, 'remove');
    expectError(assert, await moderator.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: { reason: 'again' } }), 404);
  });

  test('resolve with remove on a comment and with warn: counters exact, authors notified', async () => {
    const author = await signUp(server.origin, 'author');
    const troll = await signUp(server.origin, 'troll');
    const post = await postOf(author);
    const bad = await comment(troll, post.id, 'you are awful');
    await comment(author, post.id, 'hm');
    const reportId = (await report(author, 'comment', bad.id, { reason: 'harassment' })).body.report.id;
    const r = await admin.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'remove', note: 'Harassment' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.resolved, 1);
    const comments = (await author.client.get(api(`/posts/${post.id}/comments`))).body.items;
    assert.deepEqual(comments.map((c) => c.text), ['hm']);
    assert.equal((await author.client.get(api(`/posts/${post.id}`))).body.post.commentCount, 1);
    const removed = (await notificationsOf(troll)).find((n) => n.type === 'content_removed');
    assert.equal(removed.reason, 'Harassment');
    assert.equal(removed.targetType, 'comment');

    const userReport = (await report(author, 'user', troll.user.id, { reason: 'harassment' })).body.report.id;
    const warned = await moderator.client.post(api(`/admin/reports/${userReport}/resolve`), { action: 'warn', note: 'Be kind' });
    assert.equal(warned.status, 200, warned.text);
    const warning = (await notificationsOf(troll)).find((n) => n.type === 'warning');
    assert.equal(warning.reason, 'Be kind');
    assert.equal(warning.targetType, 'user');
    // remove is for content only.
    const again = (await report(author, 'user', troll.user.id)).body.report.id;
    const error = expectError(assert, await moderator.client.post(api(`/admin/reports/${again}/resolve`), { action: 'remove' }), 422);
    assert.equal(error.field, 'action');
  });

  // SQLite gave a deleted newest comment's id to the next comment, so the
  // resolved queue showed a stranger's words as the reported comment (0023).
  test('a reported comment its author deleted never shows a later comment in the queue', async () => {
    const author = await signUp(server.origin, 'author');
    const troll = await signUp(server.origin, 'troll');
    const bystander = await signUp(server.origin, 'bystander');
    const post = await postOf(author);
    const elsewhere = await postOf(bystander);
    const bad = await comment(troll, post.id, 'you are awful');
    assert.equal((await report(author, 'comment', bad.id, { reason: 'harassment' })).status, 201);
    assert.equal((await troll.client.delete(api(`/comments/${bad.id}`))).status, 204);
    const kind = await comment(bystander, elsewhere.id, 'lovely light');
    assert.notEqual(kind.id, bad.id);
    const resolved = itemOf(await queue(moderator, 'resolved'), 'comment', bad.id);
    assert.deepEqual(resolved.reports.map((r) => r.resolution), ['deleted']);
    assert.equal(resolved.target.preview, null);
  });
});

describe('suspension', () => {
  test('ends every login and socket at once, refuses logins, and hides the account from every surface', async () => {
    const target = await signUp(server.origin, 'target');
    const fan = await signUp(server.origin, 'fan');
    const stranger = await signUp(server.origin, 'stranger');
    await follow(fan, target);
    const tag = `tag${Date.now()}`;
    const post = await postOf(target, `my #${tag}`);
    const fanPost = await postOf(fan, 'fan post');
    const c = await comment(target, fanPost.id, 'a comment by the suspended');
    const bearer = (await new Client(server.origin).post(api('/auth/token'),
      { login: target.account.username, password: target.account.password })).body;
    const tab = track(socketOf(server, target));
    const app = track(connectSocket(server, { token: bearer.accessToken, origin: null }));
    await Promise.all([connected(tab), connected(app)]);
    const fanTab = track(socketOf(server, fan));
    await connected(fanTab);

    const seen = async (who) => {
      const [profile, single, feed, explore, tagged, search, comments] = await Promise.all([
        who.client.get(api(`/users/${target.user.username}`)),
        who.client.get(api(`/posts/${post.id}`)),
        who.client.get(api('/feed')),
        who.client.get(api('/explore?limit=100')),
        who.client.get(api(`/tags/${tag}`)),
        who.client.get(api(`/search?q=${target.user.username}`)),
        who.client.get(api(`/posts/${fanPost.id}/comments`)),
      ]);
      return {
        profile: profile.status,
        post: single.status,
        feed: (feed.body?.items ?? []).some((p) => p.id === post.id),
        explore: explore.body.items.some((p) => p.id === post.id),
        tag: tagged.body.items.some((p) => p.id === post.id),
        search: search.body.users.some((u) => u.id === target.user.id),
        comments: comments.body.items.some((x) => x.id === c.id),
      };
    };
    const everywhere = { profile: 200, post: 200, feed: true, explore: false, tag: true, search: true, comments: true };
    assert.deepEqual(await seen(fan), everywhere);
    assert.deepEqual({ ...(await seen(stranger)), feed: true }, { ...everywhere, explore: true });

    const gone = Promise.all([disconnection(tab), disconnection(app)]);
    const r = await moderator.client.post(api(`/admin/users/${target.user.username}/suspend`), { reason: 'Spam network' });
    assert.equal(r.status, 204, r.text);
    assert.deepEqual(await gone, ['io server disconnect', 'io server disconnect']);
    assert.equal(fanTab.connected, true);  // nobody else's
    // The old credentials are dead: cookie, bearer token, refresh token, new sockets.
    expectError(assert, await target.client.get(api('/auth/me')), 401);
    const viaBearer = new Client(server.origin);
    viaBearer.bearer = bearer.accessToken;
    expectError(assert, await viaBearer.get(api('/auth/me')), 401);
    expectError(assert, await new Client(server.origin).post(api('/auth/token/refresh'), { refreshToken: bearer.refreshToken }), 401);
    await refused(track(connectSocket(server, { token: bearer.accessToken, origin: null })));
    const refusedLogin = expectError(assert, (await login(target.account)).r, 403, 'account_suspended');
    assert.equal(refusedLogin.until, undefined);
    expectError(assert, await new Client(server.origin).post(api('/auth/token'),
      { login: target.account.username, password: target.account.password }), 403, 'account_suspended');
    // A wrong password learns nothing about the suspension.
    expectError(assert, await new Client(server.origin).post(api('/auth/login'),
      { login: target.account.username, password: 'wrong password!' }), 401, 'invalid_credentials');

    const hidden = { profile: 404, post: 404, feed: false, explore: false, tag: false, search: false, comments: false };
    assert.deepEqual(await seen(fan), hidden);
    assert.deepEqual(await seen(stranger), hidden);
    expectError(assert, await new Client(server.origin).get(api(`/users/${target.user.username}/posts`)), 404);
    expectError(assert, await report(fan, 'user', target.user.id), 404);
    expectError(assert, await fan.client.post(api(`/posts/${post.id}/comments`), { text: 'hello?' }), 404);
    // Staff still see the account and its post.
    for (const staff of [moderator, admin]) {
      assert.equal((await staff.client.get(api(`/users/${target.user.username}`))).status, 200);
      assert.equal((await staff.client.get(api(`/posts/${post.id}`))).status, 200);
    }

    const lifted = await admin.client.request('DELETE', api(`/admin/users/${target.user.username}/suspend`), { json: { reason: 'Appeal accepted' } });
    assert.equal(lifted.status, 204, lifted.text);
    assert.equal((await login(target.account)).r.status, 200);
    assert.deepEqual(await seen(fan), everywhere);
  });

  test('others\' notifications keep no trace of a suspended author\'s post, staff\'s neither, until the lift', async () => {
    const target = await signUp(server.origin, 'target');
    const guest = await signUp(server.origin, 'guest');
    const fan = await signUp(server.origin, 'fan');
    const post = await postOf(target);
    // The guest points a friend and a moderator at the post: notifications whose actor stays visible.
    await comment(guest, post.id, `look @${fan.user.username} @${moderator.user.username}`);
    const pointer = async (who) => (await notificationsOf(who)).find((n) => n.type === 'mention' && n.actor.id === guest.user.id);
    const shown = async (who) => {
      const n = await pointer(who);
      assert.ok(n, 'the mention is listed');
      return { post: n.post?.id ?? null, comment: n.comment === null ? null : 'shown' };
    };
    for (const who of [fan, moderator]) assert.deepEqual(await shown(who), { post: post.id, comment: 'shown' });
    assert.equal((await moderator.client.post(api(`/admin/users/${target.user.username}/suspend`), { reason: 'Spam' })).status, 204);
    // A list hides the suspended for everyone: the post's image (and the comment on it) go, the mention stays.
    for (const who of [fan, moderator]) assert.deepEqual(await shown(who), { post: null, comment: null });
    assert.equal((await admin.client.request('DELETE', api(`/admin/users/${target.user.username}/suspend`), { json: { reason: 'ok' } })).status, 204);
    for (const who of [fan, moderator]) assert.deepEqual(await shown(who), { post: post.id, comment: 'shown' });
  });

  test('until: the login error says when, and past it the suspension no longer applies', async () => {
    const target = await signUp(server.origin, 'target');
    const until = new Date(Date.now() + 3_000).toISOString();
    const r = await moderator.client.post(api(`/admin/users/${target.user.username}/suspend`), { reason: 'Cool off', until });
    assert.equal(r.status, 204, r.text);
    const error = expectError(assert, (await login(target.account)).r, 403, 'account_suspended');
    assert.equal(error.until, until);
    expectError(assert, await target.client.get(api('/auth/me')), 401);
    // Poll with a generous deadline: the end is decided by the clock, not by a sweeper.
    const deadline = Date.now() + 30_000;
    let status;
    while (Date.now() < deadline) {
      status = (await login(target.account)).r.status;
      if (status === 200) break;
      await sleep(250);
    }
    assert.equal(status, 200);
    assert.equal((await new Client(server.origin).get(api(`/users/${target.user.username}`))).status, 200);
  });

  test('moderators cannot suspend admins, nobody suspends themselves, admins may suspend moderators', async () => {
    expectError(assert, await moderator.client.post(api(`/admin/users/${admin.user.username}/suspend`), { reason: 'coup' }), 403, 'forbidden');
    expectError(assert, await moderator.client.post(api(`/admin/users/${moderator.user.username}/suspend`), { reason: 'me' }), 403, 'forbidden');
    expectError(assert, await admin.client.post(api(`/admin/users/${admin.user.username}/suspend`), { reason: 'me' }), 403, 'forbidden');
    assert.equal((await login(admin.account)).r.status, 200);
    const other = await signUp(server.origin, 'mod2');
    setRole(other.user.username, 'moderator');
    assert.equal((await admin.client.post(api(`/admin/users/${other.user.username}/suspend`), { reason: 'abuse of tools' })).status, 204);
    expectError(assert, (await login(other.account)).r, 403, 'account_suspended');
    assert.equal((await admin.client.delete(api(`/admin/users/${other.user.username}/suspend`))).status, 204);
  });

  test('resolve with suspend suspends the content\'s author', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    const post = await postOf(author);
    const reportId = (await report(fan, 'post', post.id)).body.report.id;
    const tab = track(socketOf(server, author));
    await connected(tab);
    const gone = disconnection(tab);
    const r = await moderator.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'suspend', note: 'Bot' });
    assert.equal(r.status, 200, r.text);
    assert.equal(await gone, 'io server disconnect');
    expectError(assert, (await login(author.account)).r, 403, 'account_suspended');
    expectError(assert, await fan.client.get(api(`/posts/${post.id}`)), 404);
  });
});

describe('the audit log', () => {
  test('every action is recorded with who, what, why and when; admins only', async () => {
    const author = await signUp(server.origin, 'author');
    const fan = await signUp(server.origin, 'fan');
    const post = await postOf(author);
    const c = await comment(fan, post.id, 'meh');
    const startedAt = Date.now();
    const reportId = (await report(author, 'comment', c.id)).body.report.id;
    await moderator.client.post(api(`/admin/reports/${reportId}/resolve`), { action: 'dismiss', note: 'fine' });
    await moderator.client.request('DELETE', api(`/admin/comments/${c.id}`), { json: { reason: 'changed my mind' } });
    await moderator.client.post(api(`/admin/users/${fan.user.username}/suspend`), { reason: 'spam' });
    await admin.client.delete(api(`/admin/users/${fan.user.username}/suspend`));
    await admin.client.request('DELETE', api(`/admin/posts/${post.id}`), { json: { reason: 'gore' } });

    const r = await admin.client.get(api('/admin/audit?limit=5'));
    assert.equal(r.status, 200, r.text);
    const entries = r.body.items.map((e) => [e.actor.username, e.action, e.target.type, e.target.id, e.reason]);
    assert.deepEqual(entries, [
      [admin.user.username, 'remove_post', 'post', post.id, 'gore'],
      [admin.user.username, 'unsuspend', 'user', fan.user.id, ''],
      [moderator.user.username, 'suspend', 'user', fan.user.id, 'spam'],
      [moderator.user.username, 'remove_comment', 'comment', c.id, 'changed my mind'],
      [moderator.user.username, 'dismiss', 'comment', c.id, 'fine'],
    ]);
    for (const e of r.body.items) assert.ok(Date.parse(e.at) >= startedAt - 1_000);
    // Paginated.
    const page = await admin.client.get(api('/admin/audit?limit=2'));
    assert.equal(page.body.items.length, 2);
    const next = await admin.client.get(api(`/admin/audit?limit=2&cursor=${page.body.nextCursor}`));
    assert.equal(next.body.items[0].id, r.body.items[2].id);
    // A refused action leaves no entry.
    await moderator.client.post(api(`/admin/users/${admin.user.username}/suspend`), { reason: 'coup' });
    assert.equal((await admin.client.get(api('/admin/audit?limit=1'))).body.items[0].id, r.body.items[0].id);
  });
});
