// Venture pages over HTTP (page_ventures.c): the list with the accounts in yuan and the
// new-venture form (the project's signed women as checkboxes), a venture's page with its facts,
// status form, support and months (a chart of the monthly net, the same month twice refused
// with 409 beside the month), the XLSX export, the refusals (403 for the other roles, 404 for
// another project's venture) and, on her page, the ventures she is in and her income chart.
// Every form goes through an agent with its CSRF field, as a browser sends it. Set-up: the demo
// (project 1, its ten ventures) and a second project with one participant and a venture of its
// own, made by an organisation-wide supervisor (`sup_all`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

import { api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const ag = {};
const P1 = 1;
let other; // { pid, venture }
let women; // [{ id, name }] the checkboxes of project 1's form
let mine; // the venture made here, in project 1

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  await runCliOk(args, { input: `taxiang-${login}\n` });
}

async function agent(login) {
  const a = newAgent(srv.base);
  const r = await a.login(login, `taxiang-${login}`);
  assert.equal(r.status, 303, `login ${login}`);
  return a;
}

/** POSTs pairs (repeated keys allowed) with the csrf of a freshly fetched page. */
async function post(a, page, action, pairs) {
  const g = await a.get(page);
  assert.equal(g.status, 200, `GET ${page}`);
  const params = new URLSearchParams();
  params.append('csrf', a.csrf);
  for (const [k, v] of pairs) params.append(k, String(v));
  return a.request('POST', action, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
}

async function raw(a, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: a.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function womenOf(html) {
  return [...html.matchAll(/<input type="checkbox" name="participant_ids" value="(\d+)"[^>]*>([^<]*)<\/label>/g)]
    .map((m) => ({ id: Number(m[1]), name: m[2] }));
}

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const thisMonth = () => today().slice(0, 7);
function monthsAgo(n) {
  const d = new Date(`${thisMonth()}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}
function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer();
  await addUser('sup_all', 'supervisor', 0);
  const adminTok = await srv.tokenFor('admin');
  const supTok = await srv.tokenFor('sup_all');
  for (const login of ['worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor', 'admin', 'sup_all']) {
    ag[login] = await agent(login);
  }
  const r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: adminTok, json: { name: '另一个项目', community: '东关社区', capacity: 10 },
  });
  assert.equal(r.status, 201, r.text);
  other = { pid: r.json.id };
  const p = await api(srv.base, `/api/v1/projects/${other.pid}/participants`, {
    method: 'POST', token: supTok, json: { name: '别处甲', source: 'self' },
  });
  assert.equal(p.status, 201, p.text);
  other.part = p.json.id;
  const v = await post(ag.sup_all, `/projects/${other.pid}/ventures`, `/projects/${other.pid}/ventures`, [
    ['name', '别处的小店'], ['participant_ids', other.part], ['started_on', daysAgo(60)],
  ]);
  assert.equal(v.status, 303, v.text);
  other.venture = Number(/\/ventures\/(\d+)\?ok=venture$/.exec(v.location)[1]);
});

after(async () => {
  await srv?.stop();
});

describe('the list', () => {
  test('the demo ventures with their accounts in yuan, the form with the signed women', async () => {
    const r = await ag.worker.get(`/projects/${P1}/ventures`);
    assert.equal(r.status, 200);
    const rows = [...r.text.matchAll(/<tr><td class="name"><a href="\/projects\/1\/ventures\/(\d+)">/g)];
    assert.equal(rows.length, 10, 'the demo has ten ventures');
    assert.match(r.text, /¥\d+\.\d\d/);
    assert.doesNotMatch(r.text, /¥\d+\.\d{3}|\de[+-]?\d/, 'money is never written by a double');
    women = womenOf(r.text);
    assert.ok(women.length >= 40, `signed women offered: ${women.length}`);
    assert.match(r.text, /href="\/projects\/1\/ventures\.xlsx"/);
  });

  test('a new venture: two women, then its page', async () => {
    const r = await post(ag.worker, `/projects/${P1}/ventures`, `/projects/${P1}/ventures`, [
      ['name', '测试小铺'], ['participant_ids', women[0].id], ['participant_ids', women[1].id],
      ['started_on', daysAgo(100)],
    ]);
    assert.equal(r.status, 303, r.text);
    mine = Number(/\/ventures\/(\d+)\?ok=venture$/.exec(r.location)[1]);
    const page = await ag.worker.get(r.location);
    assert.equal(page.status, 200);
    const text = htmlText(page.text);
    assert.match(text, /测试小铺/);
    assert.match(text, new RegExp(women[0].name));
    assert.match(text, new RegExp(women[1].name));
    assert.match(text, /累计净收入 ¥0\.00/);
  });

  test('refusals beside their field, nothing written', async () => {
    const before = (await ag.worker.get(`/projects/${P1}/ventures`)).text.match(/<tr><td class="name">/g).length;
    let r = await post(ag.worker, `/projects/${P1}/ventures`, `/projects/${P1}/ventures`, [
      ['name', ''], ['participant_ids', women[0].id],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-name"/);
    r = await post(ag.worker, `/projects/${P1}/ventures`, `/projects/${P1}/ventures`, [['name', '没有人的项目']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-participant_ids"/);
    assert.match(r.text, /value="没有人的项目"/, 'what was typed is kept');
    r = await post(ag.worker, `/projects/${P1}/ventures`, `/projects/${P1}/ventures`, [
      ['name', '未来的项目'], ['participant_ids', women[0].id], ['started_on', '2999-01-01'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-started_on"/);
    assert.match(r.text, new RegExp(`value="${women[0].id}" checked`), 'the ticked woman stays ticked');
    r = await post(ag.worker, `/projects/${P1}/ventures`, `/projects/${P1}/ventures`, [
      ['name', '别处的人'], ['participant_ids', other.part],
    ]);
    assert.equal(r.status, 404, 'a woman of another project');
    const after = (await ag.worker.get(`/projects/${P1}/ventures`)).text.match(/<tr><td class="name">/g).length;
    assert.equal(after, before);
  });

  test('no csrf: refused', async () => {
    const r = await ag.worker.postForm(`/projects/${P1}/ventures`, { csrf: null, name: '无令牌', participant_ids: women[0].id });
    assert.ok(r.status === 403 || r.status === 400, `status ${r.status}`);
  });

  test('the XLSX export', async () => {
    const x = await raw(ag.supervisor, `/projects/${P1}/ventures.xlsx`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  });
});

describe('a venture', () => {
  const base = () => `/projects/${P1}/ventures/${mine}`;

  test('support: a grant with its amount, training without; errors beside the field', async () => {
    let r = await post(ag.worker, base(), `${base()}/support`, [
      ['kind', 'grant'], ['on', daysAgo(90)], ['amount', '3000.5'], ['note', '启动资金'],
    ]);
    assert.equal(r.status, 303, r.text);
    r = await post(ag.worker, base(), `${base()}/support`, [['kind', 'training'], ['on', daysAgo(80)], ['note', '记账培训']]);
    assert.equal(r.status, 303, r.text);
    const page = htmlText((await ag.worker.get(base())).text);
    assert.match(page, /¥3000\.50/);
    assert.match(page, /记账培训/);
    r = await post(ag.worker, base(), `${base()}/support`, [['kind', 'grant'], ['on', daysAgo(5)], ['amount', '12.345']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-amount"/);
    r = await post(ag.worker, base(), `${base()}/support`, [['kind', 'grant'], ['on', daysAgo(5)]]);
    assert.equal(r.status, 422, 'a grant needs its amount');
    r = await post(ag.worker, base(), `${base()}/support`, [['kind', 'mentoring'], ['on', '2999-01-01']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-on"/);
  });

  test('months: the table, the chart, cumulative net exactly; the same month twice is 409', async () => {
    const m1 = monthsAgo(2), m2 = monthsAgo(1);
    let r = await post(ag.worker, base(), `${base()}/months`, [['month', m1], ['revenue', '1000.10'], ['cost', '1500.20']]);
    assert.equal(r.status, 303, r.text);
    r = await post(ag.worker, base(), `${base()}/months`, [['month', m2], ['revenue', '2000.30'], ['cost', '400']]);
    assert.equal(r.status, 303, r.text);
    const page = await ag.worker.get(base());
    const text = htmlText(page.text);
    // -500.10 then +1600.30: cumulative 1100.20
    assert.match(text, new RegExp(`${m1} ¥1000\\.10 ¥1500\\.20 -¥500\\.10 -¥500\\.10`));
    assert.match(text, new RegExp(`${m2} ¥2000\\.30 ¥400\\.00 ¥1600\\.30 ¥1100\\.20`));
    assert.match(page.text, /<strong id="net">¥1100\.20<\/strong>/);
    assert.match(page.text, /<svg [^>]*viewBox="0 0 360 \d+"/);
    assert.doesNotMatch(page.text, /style=/);
    r = await post(ag.worker, base(), `${base()}/months`, [['month', m2], ['revenue', '1'], ['cost', '1']]);
    assert.equal(r.status, 409);
    assert.match(r.text, /id="err-month"[^>]*>[^<]*已经记录过/);
    r = await post(ag.worker, base(), `${base()}/months`, [['month', m1], ['revenue', 'abc'], ['cost', '1']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-revenue"/);
    const again = htmlText((await ag.worker.get(base())).text);
    assert.match(again, /¥1100\.20/, 'nothing written by the refusals');
  });

  test('the status form', async () => {
    let r = await post(ag.supervisor, base(), `${base()}/status`, [['status', 'paused']]);
    assert.equal(r.status, 303, r.text);
    assert.match(htmlText((await ag.supervisor.get(base())).text), /暂停|paused/i);
    r = await post(ag.supervisor, base(), `${base()}/status`, [['status', 'sleeping']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-status"/);
  });

  test('another project\'s venture is 404, an unknown one too', async () => {
    for (const path of [`/projects/${P1}/ventures/${other.venture}`, `/projects/${P1}/ventures/99999999`]) {
      assert.equal((await ag.worker.get(path)).status, 404, path);
    }
    const r = await post(ag.worker, `/projects/${P1}/ventures`, `/projects/${P1}/ventures/${other.venture}/months`, [
      ['month', monthsAgo(1)], ['revenue', '1'], ['cost', '1'],
    ]);
    assert.equal(r.status, 404);
  });

  test('the other roles: 403', async () => {
    for (const login of ['community', 'leader', 'member', 'partner', 'auditor', 'admin']) {
      for (const path of [`/projects/${P1}/ventures`, `/projects/${P1}/ventures/${mine}`, `/projects/${P1}/ventures.xlsx`]) {
        const r = await raw(ag[login], path);
        assert.ok(r.status === 403 || r.status === 404, `${login} ${path}: ${r.status}`);
      }
    }
    const r = await ag.community.postForm(`/projects/${P1}/ventures/${mine}/status`, { status: 'closed' });
    assert.ok(r.status === 403 || r.status === 404, `community POST: ${r.status}`);
  });
});

describe('her page', () => {
  test('her ventures and her income chart with the baseline marked', async () => {
    const r = await ag.worker.get(`/projects/${P1}/participants/${women[0].id}`);
    assert.equal(r.status, 200);
    const sect = r.text.split('id="ventures"')[1].split('</section>')[0];
    assert.match(sect, new RegExp(`/projects/1/ventures/${mine}`));
    assert.match(sect, /测试小铺/);
    assert.match(sect, /<svg [^>]*viewBox="0 0 360 \d+"/, 'the income chart');
    assert.match(sect, /fill="#c98a00"/, 'the baseline is marked');
    assert.match(sect, /fill="#2f6f8f"/, 'follow-ups');
  });
});

/** The text of one file in a ZIP (an XLSX), found through the central directory: the local
 *  headers of libxlsxwriter's files may leave their sizes to a data descriptor. */
function zipEntry(bytes, name) {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'end of central directory');
  let at = bytes.readUInt32LE(eocd + 16);
  for (let i = 0, n = bytes.readUInt16LE(eocd + 10); i < n; i++) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = bytes.readUInt16LE(at + 10), size = bytes.readUInt32LE(at + 20);
    const nlen = bytes.readUInt16LE(at + 28), elen = bytes.readUInt16LE(at + 30), clen = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    if (bytes.toString('utf8', at + 46, at + 46 + nlen) === name) {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nlen + elen + clen;
  }
  assert.fail(`${name} not in the zip`);
}

describe("a venture's exports", () => {
  const base = () => `/projects/${P1}/ventures/${mine}`;

  test('support.xlsx and months.xlsx: linked beside their lists, amounts in yuan exactly', async () => {
    const page = await ag.worker.get(base());
    assert.match(page.text, new RegExp(`href="/projects/1/ventures/${mine}/support\\.xlsx"`));
    assert.match(page.text, new RegExp(`href="/projects/1/ventures/${mine}/months\\.xlsx"`));
    for (const [login, what] of [['worker', 'support'], ['supervisor', 'months']]) {
      const x = await raw(ag[login], `${base()}/${what}.xlsx`);
      assert.equal(x.status, 200, `${login} ${what}`);
      assert.match(x.headers.get('content-type'), /spreadsheetml/);
      assert.match(x.headers.get('content-disposition'), new RegExp(`filename="venture-${mine}-${what}\\.xlsx"`));
      assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK');
    }
    // the sheets read back: the grant of 3000.5 typed earlier, then the months' accounts
    const s = await raw(ag.worker, `${base()}/support.xlsx`);
    const strings = zipEntry(s.bytes, 'xl/sharedStrings.xml');
    for (const t of ['金额（元）', '3000.50', '启动资金', '记账培训']) assert.ok(strings.includes(`>${t}<`), t);
    const rows = zipEntry(s.bytes, 'xl/worksheets/sheet1.xml').match(/<row /g).length;
    assert.equal(rows, 3, 'the header and the two support records');
    const m = await raw(ag.worker, `${base()}/months.xlsx`);
    const ms = zipEntry(m.bytes, 'xl/sharedStrings.xml');
    for (const t of [monthsAgo(2), '1000.10', '1500.20', '-500.10', '2000.30', '400.00', '1600.30', '1100.20']) {
      assert.ok(ms.includes(`>${t}<`), t);
    }
  });

  test('the other roles: 403; another project\'s venture: 404', async () => {
    for (const login of ['member', 'partner']) {
      for (const what of ['support', 'months']) {
        assert.equal((await raw(ag[login], `${base()}/${what}.xlsx`)).status, 403, `${login} ${what}`);
      }
    }
    for (const what of ['support', 'months']) {
      assert.equal((await raw(ag.worker, `/projects/${P1}/ventures/${other.venture}/${what}.xlsx`)).status, 404, what);
      assert.equal((await raw(ag.worker, `/projects/${P1}/ventures/99999999/${what}.xlsx`)).status, 404, what);
    }
  });
});
