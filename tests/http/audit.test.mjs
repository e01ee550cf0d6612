// The audit log: every change shows up on /audit, the filters narrow it, the CSV and XLSX
// exports, the JSON list with its cursor; every form POST refused for its CSRF token changes
// nothing (not one audit entry); and a graceful shutdown leaves an intact audit chain.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, runCli, startServer } from './lib/server.mjs';

let srv;
let admin; // a signed-in administrator's browser
let tokens;
const olga = { login: 'olga', password: 'olga-pass-2024' };
let olgaId;

before(async () => {
  srv = await startServer();
  const [a, au, w] = await Promise.all(['admin', 'auditor', 'worker'].map((l) => srv.tokenFor(l)));
  tokens = { admin: a, auditor: au, worker: w };
  admin = newAgent(srv.base);
  assert.equal((await admin.login('admin', 'taxiang-admin')).status, 303);

  // Some changes: a project through the form, another through the API, a user, her disabling.
  await admin.get('/projects');
  assert.equal((await admin.postForm('/projects', { name: '审计项目甲', community: '甲社区', capacity: '12' })).status, 303);
  const p = await api(srv.base, '/api/v1/projects', {
    method: 'POST',
    token: tokens.admin,
    json: { name: '审计项目乙', community: '乙社区', capacity: 8 },
  });
  assert.equal(p.status, 201);
  await admin.get('/users');
  const u = await admin.postForm('/users', { ...olga, role: 'supervisor', project_id: '1' });
  assert.equal(u.status, 303);
  const list = await admin.get('/users');
  olgaId = Number(new RegExp(`<a href="/users/(\\d+)">${olga.login}</a>`).exec(list.text)[1]);
  await admin.get(`/users/${olgaId}`);
  assert.equal((await admin.postForm(`/users/${olgaId}/disable`, {})).status, 303);
  await admin.get(`/users/${olgaId}`);
  assert.equal((await admin.postForm(`/users/${olgaId}/enable`, {})).status, 303);
});
after(async () => {
  await srv?.stop();
});

/** The rows of the audit table on an /audit page. */
function auditRows(html) {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  assert.ok(body, 'the page has an audit table');
  return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => htmlText(c[1]));
    const [id, at, actor, project, entity, action, summary] = cells;
    return { id: Number(id), at, actor, project, entity: entity.split(' #')[0], action, summary };
  });
}

/** A small RFC 4180 parser (quoted cells, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** Every audit entry, newest first, through the JSON API (the auditor's token). */
/* Every audit entry, newest first, following the API's `next` cursor. */
async function auditEntries() {
  const items = [];
  let after = null;
  for (let guard = 0; guard < 1000; guard++) {
    const q = after ? `&after=${encodeURIComponent(after)}` : '';
    const r = await api(srv.base, `/api/v1/audit?limit=500${q}`, { token: tokens.auditor });
    assert.equal(r.status, 200);
    items.push(...r.json.items);
    if (r.json.next === null) return items;
    after = r.json.next;
  }
  throw new Error('the audit list never ended');
}

describe('the audit page', () => {
  test('lists the changes: entity and action of each', async () => {
    const r = await admin.get('/audit');
    assert.equal(r.status, 200);
    const rows = auditRows(r.text);
    const has = (entity, action) => rows.some((x) => x.entity === entity && x.action === action);
    assert.ok(has('project', 'create'), 'project create');
    assert.ok(has('user', 'create'), 'user create');
    assert.ok(has('user', 'disable'), 'user disable');
    assert.ok(has('user', 'enable'), 'user enable');
    assert.ok(has('user', 'login'), 'login');
    const ids = rows.map((x) => x.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.match(r.text, /href="\/audit\.csv\?/);
    assert.match(r.text, /href="\/audit\.xlsx\?/);
  });

  test('?entity=project shows only project entries', async () => {
    const all = auditRows((await admin.get('/audit')).text);
    const r = await admin.get('/audit?entity=project');
    assert.equal(r.status, 200);
    const rows = auditRows(r.text);
    assert.ok(rows.length >= 3, 'the demo project and the two new ones');
    assert.ok(rows.every((x) => x.entity === 'project'));
    assert.ok(rows.length < all.length);
    assert.match(r.text, /name="entity" value="project"/, 'the filter is kept in the form');
    assert.match(r.text, /href="\/audit\.csv\?x=1&amp;entity=project"/, 'the export link keeps the filter');
  });

  test('?actor=admin shows only what admin did; combined filters narrow further', async () => {
    const rows = auditRows((await admin.get('/audit?actor=admin')).text);
    assert.ok(rows.length >= 5);
    assert.ok(rows.every((x) => x.actor === 'admin'));
    assert.ok(rows.some((x) => x.entity === 'user' && x.action === 'disable'));
    const both = auditRows((await admin.get('/audit?actor=admin&entity=user&action=disable')).text);
    assert.equal(both.length, 1);
    assert.equal(both[0].entity, 'user');
    assert.equal(both[0].action, 'disable');
    assert.match(both[0].summary, /olga/);
    const none = await admin.get('/audit?actor=nobody');
    assert.equal(auditRows(none.text).length, 0);
    assert.match(htmlText(none.text), /没有找到记录/);
  });

  test('the summary shows names as written, not as \\u escapes (page and CSV)', async () => {
    // The audit chain stores summaries as ASCII-only JSON; what a person reads must be the text.
    const rows = auditRows((await admin.get('/audit?entity=project')).text);
    const summaries = rows.map((x) => x.summary).join('\n');
    assert.match(summaries, /审计项目甲/, `the page shows: ${summaries}`);
    assert.match(summaries, /审计项目乙/);
    assert.doesNotMatch(summaries, /\\u[0-9a-fA-F]{4}/);
    const res = await fetch(`${srv.base}/audit.csv?entity=project`, { headers: { Cookie: admin.cookieHeader() } });
    const csv = Buffer.from(await res.arrayBuffer()).toString('utf8');
    assert.match(csv, /审计项目甲/, `the CSV has: ${csv}`);
    assert.doesNotMatch(csv, /\\u[0-9a-fA-F]{4}/);
  });

  test('a bad filter value → 422', async () => {
    assert.equal((await admin.get('/audit?from=2024-13-45')).status, 422);
    assert.equal((await admin.get('/audit?limit=0')).status, 422);
  });
});

describe('exports', () => {
  test('/audit.csv starts with a UTF-8 BOM, has a header row and the entries', async () => {
    const res = await fetch(`${srv.base}/audit.csv`, { headers: { Cookie: admin.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition'), /attachment; filename="audit\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    const [header, ...data] = rows;
    assert.equal(header.length, 8);
    assert.deepEqual(header.slice(0, 3), ['编号', '时间', '操作人']);
    assert.ok(header.includes('对象') && header.includes('操作'));
    assert.ok(data.every((r) => r.length === 8), 'every row has 8 cells');
    const entries = await auditEntries();
    assert.equal(data.length, entries.length, 'everything is exported');
    assert.ok(data.some((r) => r[4] === 'project' && r[6] === 'create'));
    assert.ok(data.some((r) => r[4] === 'user' && r[6] === 'disable'));

    const filtered = await fetch(`${srv.base}/audit.csv?entity=project`, { headers: { Cookie: admin.cookieHeader() } });
    const frows = parseCsv(Buffer.from(await filtered.arrayBuffer()).subarray(3).toString('utf8')).slice(1);
    assert.ok(frows.length >= 3);
    assert.ok(frows.every((r) => r[4] === 'project'), 'the export follows the filter');
  });

  test('/audit.xlsx is a ZIP (PK) with the xlsx content type', async () => {
    const res = await fetch(`${srv.base}/audit.xlsx`, { headers: { Cookie: admin.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.match(res.headers.get('content-disposition'), /attachment; filename="audit\.xlsx"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    assert.ok(bytes.length > 1000);
    assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml')), 'a worksheet inside');
  });

  test('the auditor may export; a social worker may not (403)', async () => {
    const au = newAgent(srv.base);
    await au.login('auditor', 'taxiang-auditor');
    assert.equal((await au.get('/audit.csv')).status, 200);
    const w = newAgent(srv.base);
    await w.login('worker', 'taxiang-worker');
    assert.equal((await w.get('/audit.csv')).status, 403);
    assert.equal((await w.get('/audit.xlsx')).status, 403);
  });
});

describe('GET /api/v1/audit', () => {
  test('items newest first with their fields, and next', async () => {
    const r = await api(srv.base, '/api/v1/audit', { token: tokens.auditor });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
    assert.ok(Array.isArray(r.json.items));
    assert.ok('next' in r.json);
    const ids = r.json.items.map((x) => x.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    const e = r.json.items.find((x) => x.entity === 'user' && x.action === 'disable');
    assert.ok(e);
    assert.equal(e.actor, 'admin');
    assert.equal(e.entity_id, olgaId);
    assert.equal(e.project_id, 1);
    assert.equal(typeof e.summary, 'object');
    assert.equal(e.summary.login, olga.login);
    assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
  });

  test('?limit=7 and after=next page through everything exactly once', async () => {
    const all = (await auditEntries()).map((x) => x.id);
    const seen = [];
    let after = null;
    for (let guard = 0; guard < 5000; guard++) {
      const r = await api(srv.base, `/api/v1/audit?limit=7${after ? `&after=${encodeURIComponent(after)}` : ''}`, {
        token: tokens.admin,
      });
      assert.equal(r.status, 200);
      assert.ok(r.json.items.length <= 7);
      seen.push(...r.json.items.map((x) => x.id));
      if (r.json.next === null) break;
      assert.equal(typeof r.json.next, 'string');
      after = r.json.next;
    }
    assert.deepEqual(seen, all);
  });

  test('filters work in the API too', async () => {
    const r = await api(srv.base, '/api/v1/audit?entity=project&actor=admin', { token: tokens.auditor });
    assert.equal(r.status, 200);
    assert.equal(r.json.items.length, 2);
    assert.ok(r.json.items.every((x) => x.entity === 'project' && x.actor === 'admin'));
  });

  test('a social worker → 403 forbidden; no token → 401', async () => {
    const w = await api(srv.base, '/api/v1/audit', { token: tokens.worker });
    assert.equal(w.status, 403);
    assert.equal(w.json.error.code, 'forbidden');
    const none = await api(srv.base, '/api/v1/audit');
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'unauthorized');
  });
});

describe('a project-bound auditor', () => {
  let pid;
  let token;
  let browser;
  before(async () => {
    const projects = (await api(srv.base, '/api/v1/projects?limit=500', { token: tokens.admin })).json.items;
    pid = projects.find((p) => p.name === '审计项目甲').id;
    await admin.get('/users');
    const r = await admin.postForm('/users', {
      login: 'paud',
      password: 'paud-pass-2024',
      role: 'auditor',
      project_id: String(pid),
    });
    assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
    token = await srv.tokenFor('paud');
    browser = newAgent(srv.base);
    assert.equal((await browser.login('paud', 'paud-pass-2024')).status, 303);
  });

  test('sees only her project\'s entries, whatever project_id she asks for', async () => {
    const mine = await api(srv.base, '/api/v1/audit?limit=500', { token });
    assert.equal(mine.status, 200);
    assert.ok(mine.json.items.length >= 2, 'the project creation and her account at least');
    assert.ok(mine.json.items.every((x) => x.project_id === pid), JSON.stringify(mine.json.items.map((x) => x.project_id)));
    assert.ok(mine.json.items.some((x) => x.entity === 'project' && x.action === 'create'));
    const asked = await api(srv.base, '/api/v1/audit?limit=500&project_id=1', { token });
    assert.equal(asked.status, 200);
    assert.ok(asked.json.items.every((x) => x.project_id === pid), 'project_id=1 is not honoured for her');

    const page = auditRows((await browser.get('/audit?project_id=1')).text);
    assert.ok(page.length >= 2);
    assert.ok(page.every((x) => Number(x.project) === pid));
    const res = await fetch(`${srv.base}/audit.csv?project_id=1`, { headers: { Cookie: browser.cookieHeader() } });
    const rows = parseCsv(Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8')).slice(1);
    assert.ok(rows.length >= 2);
    assert.ok(rows.every((r) => Number(r[3]) === pid), 'the export is scoped too');
  });
});

describe('concurrent writes', () => {
  test('parallel creations and logins all succeed, each with exactly one audit entry', async () => {
    const before = await auditEntries();
    const creates = Array.from({ length: 16 }, (_, i) =>
      api(srv.base, '/api/v1/projects', {
        method: 'POST',
        token: tokens.admin,
        json: { name: `并发项目 ${i}`, community: '并发社区', capacity: i + 1 },
      }),
    );
    const logins = ['supervisor', 'community', 'leader', 'member'].map((l) =>
      newAgent(srv.base).login(l, `taxiang-${l}`),
    );
    const [c, l] = await Promise.all([Promise.all(creates), Promise.all(logins)]);
    assert.deepEqual(
      c.map((r) => r.status),
      Array(16).fill(201),
    );
    assert.deepEqual(
      l.map((r) => r.status),
      Array(4).fill(303),
    );
    assert.equal(new Set(c.map((r) => r.json.id)).size, 16, 'distinct ids');
    const after = await auditEntries();
    assert.equal(after.length, before.length + 20);
    const ids = after.map((x) => x.id);
    assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => ids[0] - i), 'audit ids have no gaps');
    const created = after.filter((x) => x.entity === 'project' && x.action === 'create' && x.id > before[0].id);
    assert.deepEqual(created.map((x) => x.entity_id).sort((a, b) => a - b), c.map((r) => r.json.id).sort((a, b) => a - b));
  });
});

describe('refused form POSTs change nothing', () => {
  test('every form POST without its csrf field (or with a foreign one) → 403, not one audit entry', async () => {
    const u = newAgent(srv.base);
    assert.equal((await u.login(olga.login, olga.password)).status, 303);
    await u.get('/');
    const foreign = newAgent(srv.base); // only the source of another browser's csrf token
    await foreign.get('/login');
    const visitor = newAgent(srv.base);
    await visitor.get('/login');

    const beforeEntries = await auditEntries();
    const beforeProjects = (await api(srv.base, '/api/v1/projects?limit=500', { token: tokens.admin })).json.items;
    await admin.get('/');
    const attempts = [
      [admin, '/projects', { name: '无令牌项目', community: 'x', capacity: '5' }],
      [admin, '/users', { login: 'mallory', password: 'mallory-pass-1', role: 'admin', project_id: '0' }],
      [admin, `/users/${olgaId}/disable`, {}],
      [admin, `/users/${olgaId}/password`, { password: 'hijacked-pass-1' }],
      [admin, `/users/${olgaId}/role`, { role: 'admin', project_id: '0' }],
      [admin, '/project', { project_id: '2' }],
      [u, '/account/password', { old_password: olga.password, new_password: 'hijacked-pass-2', confirm: 'hijacked-pass-2' }],
      [u, '/lang', { lang: 'en' }],
      [u, '/logout', {}],
      [visitor, '/login', { login: 'admin', password: 'taxiang-admin' }],
    ];
    for (const [agent, path, fields] of attempts) {
      for (const csrf of [null, '', 'A'.repeat(43), foreign.csrf]) {
        const r = await agent.postForm(path, { ...fields, csrf });
        assert.equal(r.status, 403, `POST ${path} with csrf=${csrf}`);
        assert.equal(r.setCookies.filter((l) => /^tx_(session|lang)=/.test(l)).length, 0, `POST ${path}: no cookie`);
      }
    }
    // A form POST that is not urlencoded is refused before anything else.
    const mp = new FormData();
    mp.append('name', '多部分项目');
    mp.append('community', 'x');
    mp.append('capacity', '5');
    mp.append('csrf', admin.csrf);
    const multi = await fetch(`${srv.base}/projects`, { method: 'POST', headers: { Cookie: admin.cookieHeader() }, body: mp });
    await multi.arrayBuffer();
    assert.equal(multi.status, 415);

    assert.deepEqual(await auditEntries(), beforeEntries, 'no audit entry was written');
    const afterProjects = (await api(srv.base, '/api/v1/projects?limit=500', { token: tokens.admin })).json.items;
    assert.deepEqual(afterProjects, beforeProjects, 'no project was created');
    // And the effects a user would notice: olga's session, language and password are as they were.
    const home = await u.get('/');
    assert.equal(home.status, 200, 'olga is still signed in (the logout was refused)');
    assert.match(home.text, /<html lang="zh-CN">/, 'her language did not change');
    assert.match(htmlText(home.text), /olga · 督导/, 'her role did not change');
    assert.equal((await newAgent(srv.base).login(olga.login, olga.password)).status, 303, 'her password did not change');
    assert.equal((await newAgent(srv.base).login('mallory', 'mallory-pass-1')).status, 401, 'no account was created');
  });
});

describe('graceful shutdown', () => {
  test('a request in flight at SIGTERM completes; the server exits 0; the audit chain verifies', async () => {
    // A login whose body is still arriving when SIGTERM comes: the server must finish it.
    const a = newAgent(srv.base);
    await a.get('/login');
    const body = new URLSearchParams({ login: 'supervisor', password: 'taxiang-supervisor', csrf: a.csrf }).toString();
    const half = Math.floor(body.length / 2);
    let finish;
    const rest = new Promise((resolve) => (finish = resolve));
    const stream = new ReadableStream({
      async start(c) {
        c.enqueue(new TextEncoder().encode(body.slice(0, half)));
        await rest;
        c.enqueue(new TextEncoder().encode(body.slice(half)));
        c.close();
      },
    });
    const inflight = fetch(`${srv.base}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: a.cookieHeader() },
      body: stream,
      duplex: 'half',
      redirect: 'manual',
    });
    await new Promise((r) => setTimeout(r, 200)); // the headers and half the body are in
    const stopped = srv.stop({ keepDir: true });
    for (let i = 0; i < 100 && !/SIGTERM received/.test(srv.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(srv.stderr(), /SIGTERM received/, 'the server took the signal while the request was open');
    finish();
    const res = await inflight;
    await res.arrayBuffer();
    assert.equal(res.status, 303, 'the request in flight was answered');
    assert.ok(res.headers.getSetCookie().some((l) => l.startsWith('tx_session=')));
    const result = await stopped;
    assert.equal(result.code, 0);
    assert.equal(result.signal, null);

    // No new connection is accepted any more.
    await assert.rejects(fetch(`${srv.base}/healthz`));

    const v = await runCli(['audit', 'verify', '--db', srv.db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /intact/);
    await srv.removeDir();
  });
});
