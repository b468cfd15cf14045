// Password guessing is slowed without locking anyone out (issues 12.4, 17.4):
// failures count per account (whatever login was typed) and per account and
// address; the client that failed waits (429 + Retry-After), unknown addresses
// queue once the account is under attack, and the owner on a known address
// always gets in. Failures here use fresh addresses (X-Forwarded-For, the
// server runs with --trust-proxy) unless a test shares one on purpose.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { Client, signUp, expectError, freshAddress } from './lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const login = (client, name, password) => client.post('/api/v1/auth/login', { login: name, password });

describe('login throttle', () => {
  test('"bob" and "BOB@EXAMPLE.ORG" share one budget: the guessing client gets 429 + Retry-After, even with the right password (12.4)', async () => {
    const { account } = await signUp(server.origin, 'bob');
    const guesser = new Client(server.origin);
    const spellings = [account.username, account.email.toUpperCase(), account.username.toUpperCase(), account.email];
    let limited = null;
    for (let i = 0; i < 12 && !limited; i++) {
      const r = await login(guesser, spellings[i % spellings.length], `wrong-${i}-password`);
      if (r.status === 429) limited = r; else expectError(assert, r, 401, 'invalid_credentials');
    }
    assert.ok(limited, 'the guessing client was slowed down');
    expectError(assert, limited, 429, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });

  test('ten wrong passwords from strangers do not lock the owner out (17.4)', async () => {
    const owner = await signUp(server.origin, 'owner');
    for (let i = 0; i < 12; i++) {
      expectError(assert, await login(new Client(server.origin), owner.account.username, `wrong-${i}-password`), 401, 'invalid_credentials');
    }
    // The owner, on the address they signed up from, with the right password.
    const r = await login(owner.client, owner.account.username, owner.account.password);
    assert.equal(r.status, 200, r.text);
    // And they were told, once for the whole attack.
    const list = await owner.client.get('/api/v1/notifications');
    assert.equal(list.status, 200, list.text);
    const alerts = list.body.items.filter((n) => n.type === 'security');
    assert.equal(alerts.length, 1, JSON.stringify(list.body.items));
    assert.equal(alerts[0].actor.username, owner.account.username);
    assert.equal(alerts[0].read, false);
  });

  test('an attacker rotating addresses is still slowed per account; the owner still gets in (17.4)', async () => {
    const owner = await signUp(server.origin, 'target');
    for (let i = 0; i < 12; i++) await login(new Client(server.origin), owner.account.email, `wrong-${i}-password`);
    // A burst from twenty new addresses: they take turns, and those beyond the queue are told when to come back.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      login(new Client(server.origin), owner.account.username, `burst-${i}-password`)));
    const refused = burst.filter((r) => r.status === 429);
    assert.ok(refused.length > 0, `statuses: ${burst.map((r) => r.status).join(' ')}`);
    for (const r of refused) {
      expectError(assert, r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
    for (const r of burst.filter((x) => x.status !== 429)) expectError(assert, r, 401, 'invalid_credentials');
    const r = await login(new Client(server.origin, { address: owner.client.address }), owner.account.username, owner.account.password);
    assert.equal(r.status, 200, r.text);
  });

  test('unknown logins are throttled the same way (the throttle reveals nothing)', async () => {
    const address = freshAddress();
    let limited = null;
    for (let i = 0; i < 12 && !limited; i++) {
      const r = await login(new Client(server.origin, { address }), 'nobody_here_at_all', `wrong-${i}-password`);
      if (r.status === 429) limited = r; else expectError(assert, r, 401, 'invalid_credentials');
    }
    assert.ok(limited);
    expectError(assert, limited, 429, 'rate_limited');
  });
});
