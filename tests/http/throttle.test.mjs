// Login throttling (src/domain/auth.h): 5 failures of one account from one address lock that
// pair for 15 minutes; the account's owner elsewhere, and other accounts from the same address,
// still sign in. Behind a proxy (--trust-proxy) the address comes from X-Real-IP; otherwise that
// header must be ignored, or an attacker could rotate it to escape the lock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { htmlText, newAgent, startServer } from './lib/server.mjs';

const PAIR_MAX = 5; // AUTH_THROTTLE_PAIR_MAX
const IP_MAX = 30; // AUTH_THROTTLE_IP_MAX: failures from one address, any accounts
const LOCK_MINUTES = 15; // AUTH_THROTTLE_LOCK / 60

async function failTimes(base, login, n, headers = {}) {
  for (let i = 1; i <= n; i++) {
    const r = await newAgent(base, { headers }).login(login, `wrong-password-${i}`);
    assert.equal(r.status, 401, `failure ${i} of ${n} is a plain 401`);
    assert.match(htmlText(r.text), /账号或密码不正确/);
  }
}

describe('throttling, directly connected clients', () => {
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    await srv?.stop();
  });

  test('5 wrong passwords lock the account from that address: even the right one gets 429', async () => {
    await failTimes(srv.base, 'worker', PAIR_MAX);
    const r = await newAgent(srv.base).login('worker', 'taxiang-worker');
    assert.equal(r.status, 429);
    assert.equal(r.setCookies.find((l) => l.startsWith('tx_session=')), undefined, 'no session while locked');
    const text = htmlText(r.text);
    const m = /请\s*(\d+)\s*分钟后再试/.exec(text);
    assert.ok(m, `the page says how many minutes to wait: ${text}`);
    assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= LOCK_MINUTES, `minutes: ${m[1]}`);

    const en = await newAgent(srv.base, { headers: { 'Accept-Language': 'en' } }).login('worker', 'taxiang-worker');
    assert.equal(en.status, 429);
    assert.match(htmlText(en.text), /try again in \d+ minutes/);
  });

  test('the lock is written to the audit log', async () => {
    const token = await srv.tokenFor('auditor');
    const res = await fetch(`${srv.base}/api/v1/audit?entity=login&action=locked`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0].summary.login, 'worker');
  });

  test('another account from the same address still signs in (admin)', async () => {
    const r = await newAgent(srv.base).login('admin', 'taxiang-admin');
    assert.equal(r.status, 303);
    assert.ok(r.setCookies.some((l) => l.startsWith('tx_session=')));
  });

  test('without --trust-proxy, a forged X-Real-IP / X-Forwarded-For does not lift the lock', async () => {
    for (const headers of [{ 'X-Real-IP': '10.9.8.7' }, { 'X-Forwarded-For': '10.9.8.7' }]) {
      const r = await newAgent(srv.base, { headers }).login('worker', 'taxiang-worker');
      assert.equal(r.status, 429, `${Object.keys(headers)[0]} must be ignored without --trust-proxy`);
    }
  });
});

describe('throttling behind a proxy (--trust-proxy)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--trust-proxy'] });
  });
  after(async () => {
    await srv?.stop();
  });

  test("an attacker's failures from one address do not lock the owner out elsewhere", async () => {
    const attacker = { 'X-Real-IP': '10.1.2.3' };
    await failTimes(srv.base, 'worker', PAIR_MAX, attacker);
    const locked = await newAgent(srv.base, { headers: attacker }).login('worker', 'taxiang-worker');
    assert.equal(locked.status, 429, 'the attacking address is locked');

    const owner = newAgent(srv.base, { headers: { 'X-Real-IP': '10.9.8.7' } });
    const r = await owner.login('worker', 'taxiang-worker');
    assert.equal(r.status, 303, 'the owner, from her own address, still signs in');
    assert.equal((await owner.get('/')).status, 200);
  });

  test('X-Forwarded-For: the last address (the one our proxy saw) counts', async () => {
    // Failures with a forged first hop but the same real last hop add up on the last hop.
    for (let i = 1; i <= PAIR_MAX; i++) {
      const r = await newAgent(srv.base, {
        headers: { 'X-Forwarded-For': `192.0.2.${i}, 10.5.5.5` },
      }).login('supervisor', `wrong-${i}`);
      assert.equal(r.status, 401);
    }
    const r = await newAgent(srv.base, { headers: { 'X-Forwarded-For': '192.0.2.99, 10.5.5.5' } }).login(
      'supervisor',
      'taxiang-supervisor',
    );
    assert.equal(r.status, 429);
    const other = await newAgent(srv.base, { headers: { 'X-Forwarded-For': '10.6.6.6' } }).login(
      'supervisor',
      'taxiang-supervisor',
    );
    assert.equal(other.status, 303);
  });

  test('30 failures from one address over many accounts lock that address, and only it', async () => {
    const sprayer = { 'X-Real-IP': '10.7.7.7' };
    for (let i = 1; i <= IP_MAX; i++) {
      // Four tries per login (below the per-account limit), over existing and made-up logins.
      const login = ['community', 'leader', 'member', 'partner', 'auditor', 'ghost-a', 'ghost-b', 'ghost-c'][Math.floor((i - 1) / 4)];
      const r = await newAgent(srv.base, { headers: sprayer }).login(login, `spray-${i}`);
      assert.equal(r.status, 401, `attempt ${i} (${login})`);
    }
    const r = await newAgent(srv.base, { headers: sprayer }).login('admin', 'taxiang-admin');
    assert.equal(r.status, 429, 'the spraying address is locked for every account');
    assert.match(htmlText(r.text), /请\s*\d+\s*分钟后再试/);
    const elsewhere = await newAgent(srv.base, { headers: { 'X-Real-IP': '10.8.8.8' } }).login('admin', 'taxiang-admin');
    assert.equal(elsewhere.status, 303, 'other addresses are not affected');
    const owner = await newAgent(srv.base, { headers: { 'X-Real-IP': '10.8.8.8' } }).login('community', 'taxiang-community');
    assert.equal(owner.status, 303, 'nor are the sprayed accounts, from elsewhere');
  });
});
