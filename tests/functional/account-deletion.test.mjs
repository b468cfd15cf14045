// Deleting one's account (issue 14.6; API.md "Accounts for real life"), from
// the outside: DELETE /users/me deactivates at once (hidden from a follower, a
// stranger and staff on every surface; logins and sockets end), a login within
// the grace period restores everything, and after it the purge worker removes
// rows and files — keeping a file another row still uses, everyone else's
// counters exact and the messages as from a deleted user — and finishes after
// a kill -9 in the middle. Runs on SQLite and on PostgreSQL.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, LensletServer } from './lib/server.mjs';
import { execSql } from './lib/admin.mjs';
import { Client, signUp, expectError } from './lib/client.mjs';
import { createPost, postForm, keyOf } from './lib/posts.mjs';
import { requestExport, waitExport } from './lib/exports.mjs';
import { makeArchive, uploadArchive } from './lib/instagram.mjs';
import { socketOf, connectSocket, connected, refused, disconnection, sleep } from './lib/sockets.mjs';

const api = (p) => `/api/v1${p}`;
const sockets = [];
const track = (socket) => { sockets.push(socket); return socket; };
after(() => { for (const s of sockets) s.disconnect(); });

// One SQL query on the server's database; the first column of each row.
function query(server, sql) {
  const out = server.database.startsWith('sqlite:')
    ? execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.database.slice('sqlite:'.length), sql], { encoding: 'utf8' })
    : execFileSync('psql', [server.database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '');
}
const count = (server, sql) => Number(query(server, sql)[0]);

async function waitFor(what, probe, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
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
async function comment(who, postId, text) {
  const r = await who.client.post(api(`/posts/${postId}/comments`), { text });
  assert.equal(r.status, 201, r.text);
  return r.body.comment;
}
async function like(who, postId) {
  assert.equal((await who.client.post(api(`/posts/${postId}/like`))).status, 200);
}
async function converse(who, other, text) {
  const c = await who.client.post(api('/conversations'), { usernames: [other.user.username] });
  assert.ok(c.status === 201 || c.status === 200, c.text);
  const id = c.body.conversation.id;
  const m = await who.client.post(api(`/conversations/${id}/messages`), { text, clientId: `c-${Date.now()}-${Math.random()}` });
  assert.equal(m.status, 201, m.text);
  return { id, message: m.body.message };
}
async function setAvatar(who) {
  const r = await who.client.request('PUT', api('/users/me/avatar'), { body: postForm({ field: 'avatar' }) });
  assert.equal(r.status, 200, r.text);
  return r.body.user.avatarUrl;
}
async function login(account, client = new Client(server0().origin)) {
  const r = await client.post(api('/auth/login'), { login: account.username, password: account.password });
  return { r, client };
}
let currentServer;
const server0 = () => currentServer;

describe('within the grace period', () => {
  let server;
  let admin;
  before(async () => {
    server = currentServer = await startServer({ args: ['--session-check-ms', '300'] });
    admin = await signUp(server.origin, 'admin');  // the first account: staff
  });
  after(async () => { await server.stop(); });

  test('deleting hides the account from everyone at once and ends its logins; a login restores it', async () => {
    const leaver = await signUp(server.origin, 'leaver');
    const fan = await signUp(server.origin, 'fan');
    const stranger = await signUp(server.origin, 'stranger');
    await follow(fan, leaver);
    await follow(leaver, fan);
    const tag = `bye${Date.now()}`;
    const post = await postOf(leaver, `my #${tag}`);
    const fanPost = await postOf(fan, 'fan post');
    const c = await comment(leaver, fanPost.id, 'a comment by the leaver');
    // Someone else points the fan at the leaver's post: a notification whose actor stays visible.
    await comment(stranger, post.id, `look @${fan.user.username}`);
    await like(leaver, fanPost.id);
    const chat = await converse(leaver, fan, 'hello from the leaver');

    const bearer = (await new Client(server.origin).post(api('/auth/token'),
      { login: leaver.account.username, password: leaver.account.password })).body;
    const tab = track(socketOf(server, leaver));
    const app = track(connectSocket(server, { token: bearer.accessToken, origin: null }));
    await Promise.all([connected(tab), connected(app)]);
    const fanTab = track(socketOf(server, fan));
    await connected(fanTab);

    const seen = async (who) => {
      const [profile, single, feed, explore, tagged, search, comments, followers, following, notes, convo, messages] =
        await Promise.all([
          who.client.get(api(`/users/${leaver.user.username}`)),
          who.client.get(api(`/posts/${post.id}`)),
          who.client.get(api('/feed')),
          who.client.get(api('/explore?limit=100')),
          who.client.get(api(`/tags/${tag}`)),
          who.client.get(api(`/search?q=${leaver.user.username}`)),
          who.client.get(api(`/posts/${fanPost.id}/comments`)),
          who.client.get(api(`/users/${fan.user.username}/followers`)),
          who.client.get(api(`/users/${fan.user.username}/following`)),
          who.client.get(api('/notifications?limit=100')),
          who.client.get(api(`/conversations/${chat.id}`)),
          who.client.get(api(`/conversations/${chat.id}/messages`)),
        ]);
      const member = convo.body?.conversation?.participants.find((p) => p.id === leaver.user.id);
      const said = messages.body?.items?.find((m) => m.id === chat.message.id);
      return {
        profile: profile.status,
        post: single.status,
        posts: (await who.client.get(api(`/users/${leaver.user.username}/posts`))).status,
        feed: (feed.body?.items ?? []).some((p) => p.id === post.id),
        explore: explore.body.items.some((p) => p.id === post.id),
        tag: tagged.body.items.some((p) => p.id === post.id),
        search: search.body.users.some((u) => u.id === leaver.user.id),
        comments: comments.body.items.some((x) => x.id === c.id),
        followers: followers.body.items.some((u) => u.id === leaver.user.id),
        following: following.body.items.some((u) => u.id === leaver.user.id),
        notifications: (notes.body?.items ?? []).some((n) => n.actor.id === leaver.user.id),
        thumbnail: (notes.body?.items ?? []).some((n) => n.post?.id === post.id),
        member: member ? (member.deleted ? 'deleted user' : member.username) : null,
        sender: said ? (said.sender.deleted ? 'deleted user' : said.sender.username) : null,
      };
    };
    const forFan = {
      profile: 200, post: 200, posts: 200, feed: true, explore: false, tag: true, search: true, comments: true,
      followers: true, following: true, notifications: true, thumbnail: true, member: leaver.user.username,
      sender: leaver.user.username,
    };
    assert.deepEqual(await seen(fan), forFan);
    assert.deepEqual((await seen(stranger)).search, true);

    // A wrong password changes nothing (the convention of POST /auth/password).
    const wrong = expectError(assert, await leaver.client.request('DELETE', api('/users/me'), { json: { password: 'not my password' } }), 401, 'invalid_credentials');
    assert.equal(wrong.field, 'password');
    expectError(assert, await leaver.client.request('DELETE', api('/users/me'), { json: {} }), 422, 'invalid_value');
    expectError(assert, await new Client(server.origin).request('DELETE', api('/users/me'), { json: { password: leaver.account.password } }), 401);
    assert.equal((await fan.client.get(api(`/users/${leaver.user.username}`))).status, 200);

    const gone = Promise.all([disconnection(tab), disconnection(app)]);
    const before = Date.now();
    const r = await leaver.client.request('DELETE', api('/users/me'), { json: { password: leaver.account.password } });
    assert.equal(r.status, 202, r.text);
    const deleteAt = Date.parse(r.body.deleteAt);
    const thirtyDays = 30 * 24 * 3600 * 1000;
    assert.ok(deleteAt >= before + thirtyDays - 1000 && deleteAt <= Date.now() + thirtyDays + 1000, r.body.deleteAt);
    assert.deepEqual(await gone, ['io server disconnect', 'io server disconnect']);
    assert.equal(fanTab.connected, true);

    // Every credential is dead: cookie, bearer token, refresh token, new sockets.
    expectError(assert, await leaver.client.get(api('/auth/me')), 401);
    const viaBearer = new Client(server.origin);
    viaBearer.bearer = bearer.accessToken;
    expectError(assert, await viaBearer.get(api('/auth/me')), 401);
    expectError(assert, await new Client(server.origin).post(api('/auth/token/refresh'), { refreshToken: bearer.refreshToken }), 401);
    await refused(track(connectSocket(server, { token: bearer.accessToken, origin: null })));

    const hidden = {
      profile: 404, post: 404, posts: 404, feed: false, explore: false, tag: false, search: false, comments: false,
      followers: false, following: false, notifications: false, thumbnail: false, member: 'deleted user',
      sender: 'deleted user',
    };
    assert.deepEqual(await seen(fan), hidden);
    assert.deepEqual({ ...(await seen(stranger)), member: 'deleted user', sender: 'deleted user' }, hidden);
    // Staff too: the owner asked to leave.
    assert.equal((await admin.client.get(api(`/users/${leaver.user.username}`))).status, 404);
    assert.equal((await admin.client.get(api(`/posts/${post.id}`))).status, 404);
    // Nothing of the person in the conversation; nobody can start a new one with them.
    const member = (await fan.client.get(api(`/conversations/${chat.id}`))).body.conversation.participants
      .find((p) => p.id === leaver.user.id);
    assert.equal(member.username, '');
    assert.equal(member.displayName, 'Deleted user');
    assert.equal(member.avatarUrl, null);
    expectError(assert, await stranger.client.post(api('/conversations'), { usernames: [leaver.user.username] }), 422);
    // The conversation keeps working for the other.
    assert.equal((await fan.client.post(api(`/conversations/${chat.id}/messages`), { text: 'still here', clientId: 'still-1' })).status, 201);
    // Counters are untouched until the purge.
    assert.equal((await fan.client.get(api(`/posts/${fanPost.id}`))).body.post.likeCount, 1);

    // A login within the grace period brings everything back, and says so once.
    const back = await login(leaver.account, new Client(server.origin));
    assert.equal(back.r.status, 200, back.r.text);
    assert.equal(back.r.body.restored, true);
    leaver.client = back.client;
    assert.deepEqual(await seen(fan), forFan);
    const again = await login(leaver.account, new Client(server.origin));
    assert.equal(again.r.status, 200);
    assert.equal(again.r.body.restored, undefined);
    // No purge is left behind.
    assert.equal(count(server, `SELECT count(*) FROM account_purges WHERE user_id = ${leaver.user.id}`), 0);
  });

  test('a bearer login restores it too, and tells the client', async () => {
    const leaver = await signUp(server.origin, 'bearer');
    assert.equal((await leaver.client.request('DELETE', api('/users/me'), { json: { password: leaver.account.password } })).status, 202);
    const r = await new Client(server.origin).post(api('/auth/token'), { login: leaver.account.email, password: leaver.account.password });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.restored, true);
    assert.equal((await new Client(server.origin).get(api(`/users/${leaver.user.username}`))).status, 200);
  });
});

describe('after the grace period', () => {
  let server;
  let admin;
  before(async () => {
    // --deletion-grace-days 0: the purge is due at once (docs/operations.md).
    server = currentServer = await startServer({
      args: ['--deletion-grace-days', '0', '--purge-interval-ms', '200', '--purge-batch-size', '3', '--purge-batch-pause-ms', '0',
        '--export-poll-ms', '100', '--post-limit', '1000'],
    });
    admin = await signUp(server.origin, 'admin');
  });
  after(async () => { await server.stop(); });

  test('the purge removes rows and files, keeps shared files and others\' counters exact, and frees the name', async () => {
    const leaver = await signUp(server.origin, 'leaver');
    const fan = await signUp(server.origin, 'fan');
    const other = await signUp(server.origin, 'other');
    await follow(fan, leaver);
    await follow(leaver, fan);
    await follow(leaver, other);
    await follow(other, fan);
    const tag = `gone${Date.now()}`;
    const posts = [];
    for (let i = 0; i < 4; i++) posts.push(await postOf(leaver, `post ${i} #${tag}`));
    const avatar = await setAvatar(leaver);
    const fanPost = await postOf(fan, `fan #${tag}`);
    await like(leaver, fanPost.id);
    await like(other, fanPost.id);
    await comment(leaver, fanPost.id, 'one');
    await comment(leaver, fanPost.id, 'two');
    await comment(other, fanPost.id, 'three');
    await comment(fan, posts[0].id, 'on the leaver\'s post');
    await like(fan, posts[0].id);
    assert.equal((await fan.client.post(api(`/posts/${posts[1].id}/save`))).status, 200);
    assert.equal((await leaver.client.post(api(`/posts/${fanPost.id}/save`))).status, 200);
    assert.equal((await leaver.client.post(api(`/users/${other.user.username}/mute`))).status, 204);
    const chat = await converse(leaver, fan, 'my last words');
    await fan.client.post(api(`/conversations/${chat.id}/messages`), { text: 'a reply', clientId: 'reply-1' });

    // A file shared with another row, as keys stored before issue 12.4 were
    // (content-addressed): the fan's post takes one rendition of the leaver's.
    const rankZero = (postId) => query(server, `SELECT blob_key FROM post_media_variants WHERE post_id = ${postId} AND position = 0 AND rank = 0`)[0];
    const sharedKey = rankZero(posts[3].id);
    const fanKey = rankZero(fanPost.id);
    execSql(server, `UPDATE post_media_variants SET blob_key = '${sharedKey}' WHERE post_id = ${fanPost.id} AND position = 0 AND rank = 0`);
    execSql(server, `UPDATE media_blobs SET ref_count = ref_count + 1 WHERE key = '${sharedKey}'`);
    execSql(server, `UPDATE media_blobs SET ref_count = ref_count - 1 WHERE key = '${fanKey}'`);

    const leaverKeys = [...posts.flatMap((p) => p.media.flatMap((m) => [m.url, ...m.variants.map((v) => v.url)])), avatar]
      .map(keyOf).filter((k, i, all) => all.indexOf(k) === i && k !== sharedKey);
    const mediaPath = (key) => path.join(server.dataDir, 'media', key);
    for (const key of [...leaverKeys, sharedKey]) assert.ok(existsSync(mediaPath(key)), key);
    const fanBefore = (await fan.client.get(api(`/users/${fan.user.username}`))).body.user;
    const otherBefore = (await other.client.get(api(`/users/${other.user.username}`))).body.user;
    assert.equal(fanBefore.followerCount, 2);
    assert.equal(otherBefore.followerCount, 1);

    const r = await leaver.client.request('DELETE', api('/users/me'), { json: { password: leaver.account.password } });
    assert.equal(r.status, 202, r.text);
    await waitFor('the purge to finish', () =>
      count(server, `SELECT count(*) FROM users WHERE id = ${leaver.user.id} AND purged_at IS NOT NULL`) === 1);

    // Rows: nothing of theirs is left but the tombstone and their messages.
    const id = leaver.user.id;
    const left = {
      posts: count(server, `SELECT count(*) FROM posts WHERE author_id = ${id}`),
      comments: count(server, `SELECT count(*) FROM comments WHERE author_id = ${id} OR post_id IN (${posts.map((p) => p.id).join(',')})`),
      likes: count(server, `SELECT count(*) FROM likes WHERE user_id = ${id}`),
      saves: count(server, `SELECT count(*) FROM saves WHERE user_id = ${id} OR post_id IN (${posts.map((p) => p.id).join(',')})`),
      follows: count(server, `SELECT count(*) FROM follows WHERE follower_id = ${id} OR followee_id = ${id}`),
      notifications: count(server, `SELECT count(*) FROM notifications WHERE actor_id = ${id} OR recipient_id = ${id}`),
      mutes: count(server, `SELECT count(*) FROM mutes WHERE muter_id = ${id} OR muted_id = ${id}`),
      sessions: count(server, `SELECT count(*) FROM sessions WHERE user_id = ${id}`),
      hashtags: count(server, `SELECT count(*) FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id WHERE p.author_id = ${id}`),
      jobs: count(server, `SELECT count(*) FROM account_purges WHERE user_id = ${id}`),
      pendingFiles: count(server, `SELECT count(*) FROM account_purge_files WHERE user_id = ${id}`),
      messages: count(server, `SELECT count(*) FROM messages WHERE sender_id = ${id}`),
    };
    assert.deepEqual(left, {
      posts: 0, comments: 0, likes: 0, saves: 0, follows: 0, notifications: 0, mutes: 0, sessions: 0, hashtags: 0,
      jobs: 0, pendingFiles: 0, messages: 1,
    });
    const [tomb] = query(server, `SELECT username || ' ' || email || ' [' || password_hash || '] ' || coalesce(avatar_key, 'no avatar') FROM users WHERE id = ${id}`);
    assert.equal(tomb, `~${id} ~${id} [] no avatar`);

    // Files: theirs are gone, the shared one stays (and still serves the fan's post).
    for (const key of leaverKeys) assert.equal(existsSync(mediaPath(key)), false, key);
    assert.ok(existsSync(mediaPath(sharedKey)));
    assert.equal((await new Client(server.origin).get(`/media/${sharedKey}`)).status, 200);
    assert.equal((await new Client(server.origin).get(`/media/${keyOf(posts[0].media[0].url)}`)).status, 404);

    // Everyone else's counters are exact.
    const fanAfter = (await fan.client.get(api(`/users/${fan.user.username}`))).body.user;
    const otherAfter = (await other.client.get(api(`/users/${other.user.username}`))).body.user;
    assert.equal(fanAfter.followerCount, 1);
    assert.equal(fanAfter.followingCount, 0);
    assert.equal(otherAfter.followerCount, 0);
    assert.equal(otherAfter.followingCount, 1);
    const fanPostAfter = (await fan.client.get(api(`/posts/${fanPost.id}`))).body.post;
    assert.equal(fanPostAfter.likeCount, 1);
    assert.equal(fanPostAfter.commentCount, 1);
    const stored = count(server, `SELECT like_count * 1000 + comment_count FROM posts WHERE id = ${fanPost.id}`);
    assert.equal(stored, 1001);
    assert.equal(count(server, `SELECT follower_count * 1000 + following_count FROM users WHERE id = ${fan.user.id}`), 1000);
    assert.equal(count(server, `SELECT post_count FROM hashtags WHERE name = '${tag}'`), 1);

    // Their messages stay, from a deleted user; the conversation works on.
    const items = (await fan.client.get(api(`/conversations/${chat.id}/messages`))).body.items;
    const last = items.find((m) => m.id === chat.message.id);
    assert.equal(last.text, 'my last words');
    assert.deepEqual({ ...last.sender }, { id: leaver.user.id, username: '', displayName: 'Deleted user', avatarUrl: null, deleted: true });
    assert.equal((await fan.client.post(api(`/conversations/${chat.id}/messages`), { text: 'echo', clientId: 'echo-1' })).status, 201);

    // The login is gone; the name and the address are free, and the newcomer inherits nothing.
    expectError(assert, (await login(leaver.account, new Client(server.origin))).r, 401, 'invalid_credentials');
    expectError(assert, await new Client(server.origin).post(api('/auth/login'), { login: `~${id}`, password: 'anything at all' }), 401, 'invalid_credentials');
    const newcomer = new Client(server.origin);
    const reg = await newcomer.post(api('/auth/register'), leaver.account);
    assert.equal(reg.status, 201, reg.text);
    assert.notEqual(reg.body.user.id, id);
    assert.equal(reg.body.user.postCount, 0);
    const list = (await newcomer.get(api('/conversations'))).body.items;
    assert.deepEqual(list, []);
    const again = (await fan.client.get(api(`/conversations/${chat.id}/messages`))).body.items.find((m) => m.id === chat.message.id);
    assert.equal(again.sender.deleted, true);
    assert.equal((await fan.client.get(api(`/users/${leaver.user.username}`))).body.user.id, reg.body.user.id);
  });

  test('the purge stops an import under way and deletes the export and import archives, copies of everything', async () => {
    const leaver = await signUp(server.origin, 'archivist');
    await requestExport(leaver.client);
    const ready = await waitExport(leaver.client);
    const exportId = ready.url.split('/')[4]; // /api/v1/exports/{id}/archive
    const exportFiles = () => readdirSync(path.join(server.dataDir, 'exports')).filter((name) => name.startsWith(`${exportId}.`));
    assert.equal(exportFiles().length, 1, 'the ready archive is on disk');
    // A long import, still running when the account goes.
    const upload = await uploadArchive(leaver.client, makeArchive({ posts: 300 }));
    assert.equal(upload.status, 202, upload.text);
    const importId = upload.body.import.id;
    const [archive] = query(server, `SELECT archive FROM imports WHERE id = ${importId}`);
    const archivePath = path.join(server.dataDir, 'imports', archive);
    assert.ok(existsSync(archivePath));
    await waitFor('the import to be under way', () => count(server, `SELECT done FROM imports WHERE id = ${importId}`) > 0);

    const r = await leaver.client.request('DELETE', api('/users/me'), { json: { password: leaver.account.password } });
    assert.equal(r.status, 202, r.text);
    await waitFor('the purge to finish', () =>
      count(server, `SELECT count(*) FROM users WHERE id = ${leaver.user.id} AND purged_at IS NOT NULL`) === 1);
    const [status] = query(server, `SELECT status || ' ' || error_reason FROM imports WHERE id = ${importId}`);
    assert.equal(status, 'failed account_deleted');
    await waitFor('the import archive to be deleted', () => !existsSync(archivePath));
    await waitFor('the export archive to be deleted', () => exportFiles().length === 0);
    // The stopped import added nothing after the purge took the posts away.
    await sleep(1500);
    assert.equal(count(server, `SELECT count(*) FROM posts WHERE author_id = ${leaver.user.id}`), 0);
    assert.equal(count(server, `SELECT count(*) FROM imported_items WHERE user_id = ${leaver.user.id}`), 0);
  });

  // SQLite gave the ids of purged rows to the next ones: a new login got the
  // leaver's ended login's id, which the server still held as ended (401), and
  // a new report the leaver's report's id, which a moderator's queue still
  // showed with the leaver's target — resolving it acted on another (0023).
  test('what the purge deletes leaves no id to the next login or report', async () => {
    const staff = admin.client;
    const author = await signUp(server.origin, 'author');
    const shown = await postOf(author, 'reported by the leaver');
    const other = await postOf(author, 'reported by someone else');
    const leaver = await signUp(server.origin, 'reporter');  // the newest login
    const filed = await leaver.client.post(api('/reports'), { targetType: 'post', targetId: shown.id, reason: 'spam' });
    assert.equal(filed.status, 201, filed.text);
    const reportId = filed.body.report.id;  // the newest report, in a moderator's queue

    const r = await leaver.client.request('DELETE', api('/users/me'), { json: { password: leaver.account.password } });
    assert.equal(r.status, 202, r.text);
    await waitFor('the purge to finish', () =>
      count(server, `SELECT count(*) FROM users WHERE id = ${leaver.user.id} AND purged_at IS NOT NULL`) === 1);

    const next = await signUp(server.origin, 'next');
    assert.equal((await next.client.get(api('/auth/me'))).status, 200);
    const again = await next.client.post(api('/reports'), { targetType: 'post', targetId: other.id, reason: 'spam' });
    assert.equal(again.status, 201, again.text);
    assert.notEqual(again.body.report.id, reportId);
    expectError(assert, await staff.post(api(`/admin/reports/${reportId}/resolve`), { action: 'remove', note: 'spam' }), 404);
    assert.equal((await author.client.get(api(`/posts/${other.id}`))).status, 200);
  });
});

describe('a purge killed midway', () => {
  test('resumes after a restart and finishes', async () => {
    const args = ['--deletion-grace-days', '0', '--purge-interval-ms', '200', '--purge-batch-size', '2',
      '--purge-batch-pause-ms', '250', '--purge-lease-ms', '1000', '--comment-limit', '1000'];
    const first = currentServer = await startServer({ args });
    let second;
    try {
      await signUp(first.origin, 'admin');
      const leaver = await signUp(first.origin, 'leaver');
      const fan = await signUp(first.origin, 'fan');
      const fanPost = await postOf(fan, 'many comments');
      const total = 24;
      for (let i = 0; i < total; i++) await comment(leaver, fanPost.id, `comment ${i}`);
      const stored = () => count(first, `SELECT comment_count FROM posts WHERE id = ${fanPost.id}`);
      assert.equal(stored(), total);

      assert.equal((await leaver.client.request('DELETE', api('/users/me'), { json: { password: leaver.account.password } })).status, 202);
      // Killed while some but not all comments are gone (12 units, 250 ms apart).
      await waitFor('the purge to be under way', () => { const n = stored(); return n > 0 && n < total - 2; }, 30_000);
      first.process.kill('SIGKILL');
      await first.exited;
      const midway = stored();
      assert.ok(midway > 0 && midway < total, `killed at ${midway}`);
      assert.equal(count(first, `SELECT count(*) FROM account_purges WHERE user_id = ${leaver.user.id}`), 1);

      second = currentServer = await new LensletServer({ sharing: first, args }).start();
      await waitFor('the purge to finish after the restart', () =>
        count(second, `SELECT count(*) FROM users WHERE id = ${leaver.user.id} AND purged_at IS NOT NULL`) === 1);
      assert.equal(stored(), 0);
      assert.equal(count(second, `SELECT count(*) FROM comments WHERE post_id = ${fanPost.id}`), 0);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
