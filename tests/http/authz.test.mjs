// Every route of `taxiang routes` against every role and an anonymous caller,
// on the real server (built with ASan/LSan), plus the dispatcher's fixed answers:
// CSRF, 404, 405, HEAD, the project check, and a clean stop.
// See API.md "HTTP conventions" and ENGINEERING.md "Testing".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { FORM, Jar, csrfOf, demoAccounts, http, login, startServer, tempDir, tx, txOk } from './lib/walk.mjs';

const ROLES = ['admin', 'social_worker', 'supervisor', 'community_staff', 'coop_leader', 'member', 'partner', 'auditor'];
const ANON = 'anonymous';

let dir, db, server, routes, accounts;
let throwawayId, victimId, otherProjectId;
const VICTIM = { login: 'csrfvictim', password: 'victim-password-1' };
const tokens = {};   // role -> API token
const sessions = {}; // role -> { jar, csrf }
let anon;            // { jar, csrf } of a signed-out browser (tx_pre cookie)

function accountOf(role) {
  const a = accounts.find((x) => x.role === role);
  assert.ok(a, `no demo account for role ${role}`);
  return a;
}

/** The role's session, signing in again if a route ended it. */
async function sessionOf(role) {
  if (!sessions[role] || !sessions[role].jar.has('tx_session')) {
    const a = accountOf(role);
    sessions[role] = await login(server.base, a.login, a.password);
  }
  return sessions[role];
}

async function anonymous() {
  if (!anon || !anon.jar.has('tx_pre')) {
    const jar = new Jar();
    const page = await http(server.base, 'GET', '/login', { jar });
    anon = { jar, csrf: csrfOf(page.text) };
    assert.ok(anon.csrf && jar.has('tx_pre'), 'GET /login gives a signed-out browser a tx_pre cookie and a csrf');
  }
  return anon;
}

/** The pattern with its placeholders filled: /users/{id} is the throwaway account,
 * every other {id} the demo project's first record (project 1), {file} the style sheet. */
function concretePath(pattern) {
  return pattern
    .replace(/^\/users\/\{id\}/, `/users/${throwawayId}`)
    .replace(/\{id\}/g, '1')
    .replace(/\{file\}/g, 'taxiang.css')
    .replace(/\{[a-z_]+\}/g, 'x');
}

/** Sends route's request as who (a role or 'anonymous'). */
async function call(route, who, { withCsrf = true } = {}) {
  const p = concretePath(route.path);
  const headers = {};
  let body;
  if (route.api) {
    if (who !== ANON) headers.authorization = `Bearer ${tokens[who]}`;
    if (route.method !== 'GET' && route.method !== 'HEAD') {
      headers['content-type'] = 'application/json';
      body = '{}';
    }
    return http(server.base, route.method, p, { headers, body });
  }
  const s = who === ANON ? await anonymous() : await sessionOf(who);
  if (route.form) {
    headers['content-type'] = FORM;
    body = withCsrf ? new URLSearchParams({ csrf: s.csrf }).toString() : 'x=1';
  }
  return http(server.base, route.method, p, { jar: s.jar, headers, body });
}

function expectationFor(route, who) {
  if (route.public) return 'open';
  if (who === ANON) return route.api || route.method !== 'GET' ? '401' : 'login-redirect';
  return route.roles.includes(who) ? 'allowed' : '403';
}

/** Why the answer does not match the expectation, or null. */
function mismatch(route, expected, res) {
  const s = res.status;
  const loc = res.headers.get('location') || '';
  switch (expected) {
    case 'open':
      return s === 401 || s === 403 || s >= 500 ? `${s}` : null;
    case 'allowed':
      if (s === 401 || s === 403 || s >= 500) return `${s}`;
      // a signed-in caller is not sent to the login page (POST /logout does that on purpose)
      if (route.method === 'GET' && s === 303 && loc.startsWith('/login')) return `303 to ${loc}`;
      return null;
    case 'login-redirect':
      return s === 303 && loc.startsWith('/login') ? null : `${s}${loc ? ` to ${loc}` : ''}`;
    case '401':
    case '403': {
      if (String(s) !== expected) return `${s}`;
      const code = expected === '401' ? 'unauthorized' : 'forbidden';
      if (route.api && res.json?.error?.code !== code) return `${s} with body ${res.text.slice(0, 120)}`;
      return null;
    }
    default:
      throw new Error(expected);
  }
}

before(async () => {
  dir = tempDir('taxiang-authz-');
  db = path.join(dir, 'authz.db');
  txOk(['init', '--db', db]);
  txOk(['demo', '--db', db]);
  accounts = demoAccounts();
  routes = JSON.parse(txOk(['routes']));
  // throwaway users, so disabling or resetting them harms nobody
  throwawayId = Number(txOk(['user', 'add', '--db', db, '--login', 'throwaway', '--role', 'social_worker',
    '--project', '1', '--password-stdin'], { input: 'throwaway-password-1\n' }).trim());
  victimId = Number(txOk(['user', 'add', '--db', db, '--login', VICTIM.login, '--role', 'social_worker',
    '--project', '1', '--password-stdin'], { input: `${VICTIM.password}\n` }).trim());
  otherProjectId = Number(txOk(['project', 'add', '--db', db, '--name', '别的项目', '--community', '别的社区']).trim());
  for (const role of ROLES)
    tokens[role] = txOk(['token', 'create', '--db', db, '--login', accountOf(role).login]).trim();
  server = await startServer(db);
});

after(async () => {
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) await server.stop('SIGKILL');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the route table covers the roles and is not trivially permissive', () => {
  assert.ok(routes.length >= 20, `taxiang routes lists ${routes.length} routes`);
  for (const r of routes) {
    assert.ok(r.path.startsWith('/') && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method), JSON.stringify(r));
    for (const role of r.roles) assert.ok(ROLES.includes(role), `${r.method} ${r.path}: unknown role ${role}`);
    if (!r.public) assert.ok(r.roles.length > 0, `${r.method} ${r.path} is allowed to nobody`);
  }
  for (const role of ROLES.filter((x) => x !== 'admin')) {
    const refused = routes.filter((r) => !r.public && !r.roles.includes(role));
    assert.ok(refused.length > 0, `no route refuses ${role}`);
  }
  for (const [m, p] of [['GET', '/healthz'], ['GET', '/login'], ['POST', '/login'], ['POST', '/logout']])
    assert.ok(routes.some((r) => r.method === m && r.path === p), `${m} ${p} is in the table`);
  assert.equal(routes.find((r) => r.path === '/login' && r.method === 'POST').public, true);
  assert.equal(routes.find((r) => r.path === '/logout').public, false);
});

test('every route × every role gets the designed answer', async () => {
  const mismatches = [];
  const refusedSeen = Object.fromEntries(ROLES.map((r) => [r, 0]));
  let checks = 0;
  // POST /logout ends the session: it goes last.
  const ordered = [...routes.filter((r) => r.path !== '/logout'), ...routes.filter((r) => r.path === '/logout')];
  const endedSessions = {};
  for (const route of ordered) {
    for (const who of [ANON, ...ROLES]) {
      const expected = expectationFor(route, who);
      if (route.path === '/logout' && who !== ANON) endedSessions[who] = (await sessionOf(who)).jar.get('tx_session');
      let res;
      try {
        res = await call(route, who);
      } catch (e) {
        mismatches.push(`${route.method} ${route.path} as ${who}: expected ${expected}, got ${e.message}`);
        continue;
      }
      checks++;
      if (res.status === 403 && who !== ANON) refusedSeen[who]++;
      const why = mismatch(route, expected, res);
      if (why) mismatches.push(`${route.method} ${concretePath(route.path)} as ${who}: expected ${expected}, got ${why}`);
    }
  }
  // the ended sessions are really gone
  for (const [role, token] of Object.entries(endedSessions)) {
    const jar = new Jar();
    jar.set('tx_session', token);
    const res = await http(server.base, 'GET', '/account', { jar });
    const loc = res.headers.get('location') || '';
    if (!(res.status === 303 && loc.startsWith('/login')))
      mismatches.push(`GET /account with ${role}'s session after POST /logout: expected 303 to /login, got ${res.status} ${loc}`);
  }
  for (const role of ROLES.filter((x) => x !== 'admin'))
    if (refusedSeen[role] === 0) mismatches.push(`no route answered 403 to ${role}: the table is trivially permissive`);
  assert.equal(checks, routes.length * (ROLES.length + 1), 'every route × role was checked');
  assert.deepEqual(mismatches, [], `${mismatches.length} of ${checks} route × role checks failed:\n  ${mismatches.join('\n  ')}`);
});

test('a form POST without a valid csrf gets 403 and changes nothing', async () => {
  const problems = [];
  for (const route of routes.filter((r) => r.form)) {
    const who = route.public ? ANON : route.roles.includes('admin') ? 'admin' : route.roles[0];
    const res = await call(route, who, { withCsrf: false });
    if (res.status !== 403) problems.push(`${route.method} ${concretePath(route.path)} as ${who} without csrf: ${res.status}`);
  }
  assert.deepEqual(problems, []);

  // The admin disables the victim: refused without csrf, or with another session's csrf ...
  const admin = await sessionOf('admin');
  const other = await sessionOf('auditor');
  const disable = (csrf) => http(server.base, 'POST', `/users/${victimId}/disable`, {
    jar: admin.jar, headers: { 'content-type': FORM },
    body: new URLSearchParams(csrf === undefined ? {} : { csrf }).toString(),
  });
  assert.equal((await disable(undefined)).status, 403, 'no csrf');
  assert.equal((await disable(other.csrf)).status, 403, "another session's csrf");
  assert.equal((await disable('x'.repeat(43))).status, 403, 'a made-up csrf');
  assert.equal((await disable((await anonymous()).csrf)).status, 403, 'a signed-out csrf');
  // ... so the victim can still sign in,
  await login(server.base, VICTIM.login, VICTIM.password);
  // and with the right csrf the very same request works (so the 403s were about csrf).
  const ok = await disable(admin.csrf);
  assert.equal(ok.status, 303, `with csrf: ${ok.status}`);
  await assert.rejects(login(server.base, VICTIM.login, VICTIM.password), /POST \/login as csrfvictim: 401/);

  // POST /logout without csrf does not end the session.
  const w = await sessionOf('social_worker');
  const lo = await http(server.base, 'POST', '/logout', { jar: w.jar, headers: { 'content-type': FORM }, body: '' });
  assert.equal(lo.status, 403);
  assert.equal((await http(server.base, 'GET', '/account', { jar: w.jar })).status, 200, 'still signed in');

  // POST /login without csrf: 403, and no session.
  const jar = new Jar();
  await http(server.base, 'GET', '/login', { jar });
  const a = accountOf('admin');
  const li = await http(server.base, 'POST', '/login', {
    jar, headers: { 'content-type': FORM }, body: new URLSearchParams({ login: a.login, password: a.password }).toString(),
  });
  assert.equal(li.status, 403);
  assert.equal(jar.has('tx_session'), false, 'no session without csrf');
});

test('unknown paths answer 404 (JSON under /api/v1, HTML elsewhere)', async () => {
  const admin = `Bearer ${tokens.admin}`;
  for (const [p, headers] of [['/api/v1/nope', {}], ['/api/v1/nope', { authorization: admin }],
    ['/api/v1/projects/1/nope', { authorization: admin }], ['/api/v1/projects/abc', { authorization: admin }]]) {
    const res = await http(server.base, 'GET', p, { headers });
    assert.equal(res.status, 404, p);
    assert.match(res.headers.get('content-type'), /^application\/json/, p);
    assert.equal(res.json?.error?.code, 'not_found', `${p}: ${res.text}`);
  }
  const admin2 = await sessionOf('admin');
  for (const [p, jar] of [['/nope', undefined], ['/users/1/nope', admin2.jar], ['/static/nope.css', undefined], ['/static/..%2Fmeson.build', undefined]]) {
    const res = await http(server.base, 'GET', p, { jar });
    assert.equal(res.status, 404, p);
    assert.match(res.headers.get('content-type'), /^text\/html/, p);
    assert.match(res.text, /<html/i, p);
  }
});

test('a known path with another method answers 405', async () => {
  for (const [m, p] of [['DELETE', '/login'], ['PUT', '/api/v1/projects'], ['POST', '/healthz'],
    ['PATCH', '/users'], ['GET', '/logout'], ['DELETE', '/api/v1/projects/1']]) {
    const res = await http(server.base, m, p, { headers: { authorization: `Bearer ${tokens.admin}` } });
    assert.equal(res.status, 405, `${m} ${p}`);
  }
});

test('a 405 lists the methods the path supports in Allow', async () => {
  const problems = [];
  for (const [m, p, pattern] of [['DELETE', '/login', '/login'], ['POST', '/healthz', '/healthz'],
    ['GET', '/logout', '/logout'], ['DELETE', '/api/v1/projects/1', '/api/v1/projects/{id}']]) {
    const res = await http(server.base, m, p);
    const allow = (res.headers.get('allow') || '').split(',').map((x) => x.trim()).filter((x) => x && x !== 'HEAD').sort();
    const want = routes.filter((r) => r.path === pattern).map((r) => r.method).sort();
    if (res.status !== 405 || allow.join() !== want.join())
      problems.push(`${m} ${p}: ${res.status}, Allow "${res.headers.get('allow')}", expected ${want.join(', ')}`);
  }
  assert.deepEqual(problems, []);
});

test('HEAD /login works like GET', async () => {
  const get = await http(server.base, 'GET', '/login');
  const head = await http(server.base, 'HEAD', '/login');
  assert.equal(head.status, get.status);
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), get.headers.get('content-type'));
  assert.equal(head.text, '');
  assert.match(head.headers.getSetCookie().join('\n'), /tx_pre=/);
  assert.equal(head.headers.get('x-content-type-options'), 'nosniff');
  const h = await http(server.base, 'HEAD', '/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.text, '');
});

test("another project's record answers 404, not 403 (existence is not leaked)", async () => {
  const problems = [];
  for (const role of ROLES) {
    const seesAll = role === 'admin' || role === 'auditor';
    const res = await http(server.base, 'GET', `/api/v1/projects/${otherProjectId}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
    const want = seesAll ? 200 : 404;
    if (res.status !== want || (want === 404 && res.json?.error?.code !== 'not_found'))
      problems.push(`GET /api/v1/projects/${otherProjectId} as ${role}: expected ${want}, got ${res.status} ${res.text.slice(0, 100)}`);
    const missing = await http(server.base, 'GET', '/api/v1/projects/999999', { headers: { authorization: `Bearer ${tokens[role]}` } });
    if (missing.status !== 404) problems.push(`GET /api/v1/projects/999999 as ${role}: ${missing.status}`);
  }
  assert.deepEqual(problems, []);
});

test('the API takes tokens only, and refuses bad ones with 401', async () => {
  const admin = await sessionOf('admin');
  const viaCookie = await http(server.base, 'GET', '/api/v1/projects', { jar: admin.jar });
  assert.equal(viaCookie.status, 401, 'a session cookie does not authenticate the API');
  for (const auth of [`Bearer txk_${'A'.repeat(43)}`, `Bearer ${tokens.admin}x`, `Basic ${tokens.admin}`, 'Bearer ', tokens.admin]) {
    const res = await http(server.base, 'GET', '/api/v1/projects', { headers: { authorization: auth } });
    assert.equal(res.status, 401, auth);
    assert.equal(res.json?.error?.code, 'unauthorized');
  }
  const good = await http(server.base, 'GET', '/api/v1/projects', { headers: { authorization: `bearer ${tokens.admin}` } });
  assert.equal(good.status, 200);
  assert.ok(Array.isArray(good.json.items) && good.json.items.length >= 2);
});

test('the server stops cleanly on SIGTERM (no leak, no memory error)', async () => {
  const r = await server.stop('SIGTERM');
  assert.equal(r.code, 0, `exit ${r.code ?? r.signal}; stderr:\n${r.stderr.slice(-4000)}`);
  assert.match(r.stderr, /stopped/);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});
