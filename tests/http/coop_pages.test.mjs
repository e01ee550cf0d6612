// The cooperative leader's pages and the ledger pages over HTTP (page_coop.c, page_ledger.c,
// report/payslip.c): every page for the roles that read it (leaders with their forms; supervisors
// and auditors without them — a supervisor keeps the levy rate's form) and the refusals of the
// others; the forms' happy paths and their errors (a 422 page naming the field and keeping what
// was typed), CSRF, yuan parsed exactly into fen ("12.30" → 1230), the cumulative levy of a
// payment in instalments and its reversal, the quality check, a settlement whose total equals its
// lines, the pay slip as PDF (its text through pdftotext) and XLSX, a payout within her wages
// payable; the trial balance marked balanced, a manual entry, its reversal, closing a month; the
// exports (XLSX starts with "PK", CSV with a UTF-8 byte order mark); another project's records
// answer 404.
// Set-up: the demo (project 1 with its cooperative) and a second project with a cooperative leader
// of its own and one order, made through the JSON API.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const ag = {};
const P1 = 1;
let other; // { pid, order }
let woman; // { id, name }: the signed woman made a member here
let memberId; // her member id
let order; // the order made here
let task; // its task
let settlement; // the settlement made here
let leaderTok;

const today = new Date(TEST_NOW_MS + 8 * 3600e3).toISOString().slice(0, 10);
function daysAgo(n) {
  return new Date(TEST_NOW_MS + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);
}

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  await runCliOk(args, { input: `taxiang-${login}\n` });
}

async function agent(login, headers) {
  const a = newAgent(srv.base, { headers });
  const r = await a.login(login, `taxiang-${login}`);
  assert.equal(r.status, 303, `login ${login}`);
  return a;
}

/** POSTs pairs with the csrf of a freshly fetched page. */
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
  const res = await fetch(srv.base + path, { headers: { ...a.headers, Cookie: a.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(bytes) {
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', ['-layout', '-', '-'], { maxBuffer: 1 << 24 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
    child.stdin.end(bytes);
  });
}

/** The options of a select: [{ value, text }]. */
function options(html, name) {
  const m = new RegExp(`<select name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  assert.ok(m, `a select ${name}`);
  return [...m[1].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)]
    .map((o) => ({ value: o[1], text: o[2] }))
    .filter((o) => o.value);
}

/** Forms posting to a project address (the frame's own forms — language, logout — are not). */
function projectForms(html) {
  return [...html.matchAll(/<form method="post"[^>]*action="(\/projects\/[^"]*)"/g)].map((m) => m[1]);
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await addUser('sup_all', 'supervisor', 0);
  const adminTok = await srv.tokenFor('admin');
  leaderTok = await srv.tokenFor('leader');
  const r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: adminTok, json: { name: '另一个项目', community: '东关社区', capacity: 10 },
  });
  assert.equal(r.status, 201, r.text);
  other = { pid: r.json.id };
  await addUser('leader2', 'coop_leader', other.pid);
  const tok2 = await srv.tokenFor('leader2');
  const o = await api(srv.base, `/api/v1/projects/${other.pid}/coop/orders`, {
    method: 'POST', token: tok2,
    json: { channel: 'offline', customer: '别处的客户', items: [{ name: '别处的货', quantity: 1, unit_price_fen: 1000 }] },
  });
  assert.equal(o.status, 201, o.text);
  other.order = o.json.id;
  for (const login of ['leader', 'supervisor', 'auditor', 'worker', 'member', 'partner', 'community', 'admin']) {
    ag[login] = await agent(login);
  }
  ag.leader_en = await agent('leader', { 'Accept-Language': 'en-US,en;q=0.9' });
});

after(async () => {
  await srv?.stop();
});

describe('who sees what', () => {
  const pages = () => [
    `/projects/${P1}/coop`,
    `/projects/${P1}/coop/documents`,
    `/projects/${P1}/coop/orders`,
    `/projects/${P1}/coop/orders/1`,
    `/projects/${P1}/coop/settlements`,
    `/projects/${P1}/coop/settlements/1`,
    `/projects/${P1}/coop/payouts`,
    `/projects/${P1}/ledger`,
    `/projects/${P1}/ledger/journal`,
    `/projects/${P1}/ledger/accounts/2211`,
  ];

  test('leaders, supervisors and auditors read every page; only leaders get the forms', async () => {
    for (const p of pages()) {
      const l = await ag.leader.get(p);
      assert.equal(l.status, 200, `leader ${p}`);
      // (the journal's first page, the demo's oldest entries, has nothing a leader may reverse)
      assert.ok(projectForms(l.text).length > 0 || /settlements\/1$|accounts\/2211$|journal$/.test(p),
        `leader has forms on ${p}`);
      for (const login of ['supervisor', 'auditor']) {
        const r = await ag[login].get(p);
        assert.equal(r.status, 200, `${login} ${p}`);
        const forms = projectForms(r.text);
        if (login === 'supervisor' && p === `/projects/${P1}/coop`) {
          assert.deepEqual(forms, [`/projects/${P1}/coop/levy`], 'a supervisor sets the levy rate only');
        } else {
          assert.deepEqual(forms, [], `${login} has no forms on ${p}`);
        }
      }
    }
    const q = await ag.leader.get(`/projects/${P1}/coop/quality`);
    assert.equal(q.status, 200);
    for (const login of ['supervisor', 'auditor']) {
      assert.equal((await ag[login].get(`/projects/${P1}/coop/quality`)).status, 403, `${login} quality`);
    }
  });

  test('the other roles are refused; a member reads the documents only', async () => {
    for (const p of pages()) {
      for (const login of ['worker', 'member', 'partner', 'community', 'admin']) {
        const r = await ag[login].get(p);
        const docs = p.includes('/documents') && login === 'member';
        assert.equal(r.status, docs ? 200 : 403, `${login} ${p}`);
      }
    }
    const d = await ag.member.get(`/projects/${P1}/coop/documents/1`);
    assert.equal(d.status, 200);
    assert.deepEqual(projectForms(d.text), [], 'nothing to edit for a member');
    assert.match(htmlText(d.text), /章程/);
  });

  test('another project: its pages and its records are 404', async () => {
    assert.equal((await ag.leader.get(`/projects/${other.pid}/coop`)).status, 404);
    assert.equal((await ag.leader.get(`/projects/${P1}/coop/orders/${other.order}`)).status, 404);
    assert.equal((await ag.leader.get(`/projects/${P1}/coop/orders/999999`)).status, 404);
    assert.equal((await ag.leader.get(`/projects/${P1}/coop/settlements/999999`)).status, 404);
    assert.equal((await ag.leader.get(`/projects/${P1}/coop/documents/999999`)).status, 404);
    assert.equal((await ag.leader.get(`/projects/${P1}/ledger/accounts/9999`)).status, 404);
    const r = await post(ag.leader, `/projects/${P1}/coop/orders/1`, `/projects/${P1}/coop/orders/${other.order}/tasks`, [
      ['step', '偷偷加工序'], ['rate', '1'], ['pieces_planned', 1],
    ]);
    assert.equal(r.status, 404);
  });

  test('in English', async () => {
    const r = await ag.leader_en.get(`/projects/${P1}/coop`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<html lang="en">/);
    assert.match(htmlText(r.text), /Cooperative .*Members.*Wages payable/);
    const l = await ag.leader_en.get(`/projects/${P1}/ledger`);
    assert.match(htmlText(l.text), /Trial balance.*Bank deposits.*Balanced/);
  });
});

describe('members, officers, levy, documents', () => {
  test('a signed woman becomes a member; errors beside their field', async () => {
    const home = await ag.leader.get(`/projects/${P1}/coop`);
    const women = options(home.text, 'participant_id');
    assert.ok(women.length > 0, 'signed women who are not members are offered');
    // one whose name no member has, so that her row is hers
    const names = new Set([...home.text.matchAll(/<tr id="member-\d+"><td class="name">([^<]*)</g)].map((m) => m[1]));
    const w = women.find((o) => !names.has(o.text));
    woman = { id: Number(w.value), name: w.text };

    let r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/members`, [
      ['participant_id', woman.id], ['joined_on', '2999-01-01'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-joined_on"/);
    assert.match(r.text, new RegExp(`<option value="${woman.id}" selected>`), 'her choice is kept');
    assert.match(r.text, /value="2999-01-01"/);
    r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/members`, [['joined_on', today]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-participant_id"/);

    r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/members`, [
      ['participant_id', woman.id], ['joined_on', today],
    ]);
    assert.equal(r.status, 303, r.text);
    assert.match(r.location, /\?ok=member#members$/);
    const after = await ag.leader.get(r.location);
    assert.match(htmlText(after.text), new RegExp(`${woman.name} ${today} 在社`));
    memberId = Number(new RegExp(`<tr id="member-(\\d+)"><td class="name">${woman.name}<`).exec(after.text)[1]);
    assert.ok(!options(after.text, 'participant_id').some((o) => Number(o.value) === woman.id), 'offered no more');
  });

  test('an officer: appointed, then the term ends', async () => {
    let r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/officers`, [
      ['member_id', memberId], ['role', 'secretary'], ['from_on', '2999-01-01'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-from_on"/);
    r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/officers`, [
      ['member_id', memberId], ['role', 'secretary'], ['from_on', today],
    ]);
    assert.equal(r.status, 303, r.text);
    const page = await ag.leader.get(`/projects/${P1}/coop`);
    assert.match(htmlText(page.text), new RegExp(`秘书 ${woman.name} ${today} 在任`));
    const officers = page.text.slice(page.text.indexOf('id="officers"'));
    const mine = new RegExp(`<td>秘书</td><td class="name">${woman.name}</td>(?:(?!</tr>)[^])*action="(/projects/1/coop/officers/\\d+/end)"`)
      .exec(officers)[1];
    r = await post(ag.leader, `/projects/${P1}/coop`, mine, [['to_on', today]]);
    assert.equal(r.status, 303, r.text);
    assert.match(htmlText((await ag.leader.get(`/projects/${P1}/coop`)).text),
      new RegExp(`秘书 ${woman.name} ${today} ${today}`));
  });

  test('the levy rate: a percentage to basis points, by a supervisor too', async () => {
    let r = await post(ag.supervisor, `/projects/${P1}/coop`, `/projects/${P1}/coop/levy`, [['rate', '12.5']]);
    assert.equal(r.status, 303, r.text);
    assert.match((await ag.leader.get(`/projects/${P1}/coop`)).text, /<strong id="levy-rate">12\.50%<\/strong>/);
    const s = await api(srv.base, `/api/v1/projects/${P1}/coop/settings`, { token: leaderTok });
    assert.equal(s.json.levy_rate_bp, 1250);
    r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/levy`, [['rate', '十']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-rate"/);
    assert.match(r.text, /name="rate" value="十"/);
    r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/levy`, [['rate', '101']]);
    assert.equal(r.status, 422);
    r = await post(ag.leader, `/projects/${P1}/coop`, `/projects/${P1}/coop/levy`, [['rate', '10']]);
    assert.equal(r.status, 303);
    assert.match((await ag.leader.get(`/projects/${P1}/coop`)).text, /<strong id="levy-rate">10\.00%<\/strong>/);
  });

  test('a rule saved twice has two versions; members read both', async () => {
    const base = `/projects/${P1}/coop/documents`;
    let r = await post(ag.leader, base, base, [['kind', 'rule'], ['title', '测试制度'], ['body', '']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-body"/);
    assert.match(r.text, /value="测试制度"/);
    r = await post(ag.leader, base, base, [
      ['kind', 'rule'], ['title', '测试制度'], ['body', '第一条 按时交货。\n\n第二条 <互相帮助>。'], ['adopted_on', daysAgo(3)],
    ]);
    assert.equal(r.status, 303, r.text);
    const v1 = Number(/documents\/(\d+)\?ok=document$/.exec(r.location)[1]);
    r = await post(ag.leader, `${base}?edit=${v1}`, base, [
      ['kind', 'rule'], ['title', '测试制度'], ['body', '第一条 按时交货，质量第一。'], ['adopted_on', today],
    ]);
    assert.equal(r.status, 303, r.text);
    const v2 = Number(/documents\/(\d+)\?ok=document$/.exec(r.location)[1]);
    const page = await ag.member.get(`${base}/${v1}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<p>第一条 按时交货。<\/p><p>第二条 &lt;互相帮助&gt;。<\/p>/, 'paragraphs, escaped');
    assert.match(htmlText(page.text), /v1 .*v2 · /);
    const list = htmlText((await ag.member.get(base)).text);
    assert.match(list, /测试制度 内部规章 v2/);
    assert.ok(v2 > v1);
  });
});

describe('an order from taking it to its payments', () => {
  test('the new-order form: yuan parsed exactly, empty rows ignored, errors kept', async () => {
    const base = `/projects/${P1}/coop/orders`;
    let r = await post(ag.leader, base, base, [
      ['channel', 'offline'], ['customer', '测试客户'], ['item1_name', '布老虎'], ['item1_quantity', 3],
      ['item1_price', '12.345'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-item1_price"/);
    assert.match(r.text, /name="item1_price" value="12\.345"/);
    assert.match(r.text, /name="customer" value="测试客户"/);
    r = await post(ag.leader, base, base, [['channel', 'offline'], ['customer', '测试客户']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-items"/);
    r = await post(ag.leader, base, base, [
      ['channel', 'offline'], ['customer', ''], ['item1_name', '布老虎'], ['item1_quantity', 1], ['item1_price', '1'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-customer"/);
    r = await post(ag.leader, base, base, [
      ['channel', 'offline'], ['customer', '测试客户'], ['received_on', today],
      ['item1_name', '布老虎'], ['item1_quantity', 3], ['item1_price', '12.30'],
      ['item3_name', '香包'], ['item3_quantity', 2], ['item3_price', '5'],
      ['item4_name', '坏的一行'], ['item4_quantity', 0], ['item4_price', '1'],
    ]);
    assert.equal(r.status, 422, 'a quantity of 0');
    assert.match(r.text, /id="err-item4_quantity"/);
    r = await post(ag.leader, base, base, [
      ['channel', 'offline'], ['customer', '测试客户'], ['received_on', today],
      ['item1_name', '布老虎'], ['item1_quantity', 3], ['item1_price', '12.30'],
      ['item3_name', '香包'], ['item3_quantity', 2], ['item3_price', '5'],
    ]);
    assert.equal(r.status, 303, r.text);
    order = Number(/orders\/(\d+)\?ok=order$/.exec(r.location)[1]);
    const j = await api(srv.base, `/api/v1/projects/${P1}/coop/orders/${order}`, { token: leaderTok });
    assert.equal(j.json.amount_fen, 3 * 1230 + 2 * 500);
    const page = await ag.leader.get(r.location);
    const text = htmlText(page.text);
    assert.match(text, /布老虎 3 ¥12\.30 ¥36\.90/);
    assert.match(text, /香包 2 ¥5\.00 ¥10\.00/);
    assert.match(page.text, /<strong id="items-total">¥46\.90<\/strong>/);
    const list = htmlText((await ag.leader.get(`${base}?channel=offline&status=received`)).text);
    assert.match(list, new RegExp(`#${order} ${today} 线下 测试客户 ¥46\\.90 ¥0\\.00 ¥0\\.00 已接单`));
    const none = htmlText((await ag.leader.get(`${base}?channel=livestream&status=cancelled`)).text);
    assert.ok(!none.includes('测试客户'));
  });

  test('status forward, a task, a member assigned, pieces recorded', async () => {
    const page = `/projects/${P1}/coop/orders/${order}`;
    let r = await post(ag.leader, page, `${page}/status`, [['status', 'in_production']]);
    assert.equal(r.status, 303, r.text);
    assert.match((await ag.leader.get(page)).text, /<button type="submit">改为： 已交付<\/button>/, 'the next step');
    r = await post(ag.leader, page, `${page}/status`, [['status', 'received']]);
    assert.equal(r.status, 409, 'never backwards');
    assert.match(r.text, /class="alert"/);
    r = await post(ag.leader, page, `${page}/tasks`, [['step', '缝制'], ['rate', '一块五'], ['pieces_planned', 10]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-rate"/);
    assert.match(r.text, /name="step" value="缝制"/);
    r = await post(ag.leader, page, `${page}/tasks`, [['step', '缝制'], ['rate', '1.50'], ['pieces_planned', 10]]);
    assert.equal(r.status, 303, r.text);
    let html = (await ag.leader.get(page)).text;
    task = Number(/<tr id="task-row-(\d+)"><td>缝制<\/td>/.exec(html)[1]);
    assert.match(htmlText(html), /缝制 ¥1\.50 10 0 0 0 0 进行中/);
    r = await post(ag.leader, page, `/projects/${P1}/coop/tasks/${task}/assign`, [['member_id', memberId]]);
    assert.equal(r.status, 303, r.text);
    r = await post(ag.leader, page, `/projects/${P1}/coop/tasks/${task}/pieces`, [
      ['member_id', memberId], ['accepted', 0], ['rejected', 0], ['recorded_on', today],
    ]);
    assert.equal(r.status, 422, 'no pieces at all');
    assert.match(r.text, /<details class="form-more" id="task-\d+" open>/, 'the refused form is open');
    r = await post(ag.leader, page, `/projects/${P1}/coop/tasks/${task}/pieces`, [
      ['member_id', memberId], ['accepted', 4], ['rejected', 1], ['recorded_on', today],
    ]);
    assert.equal(r.status, 303, r.text);
    html = (await ag.leader.get(page)).text;
    assert.match(htmlText(html), /缝制 ¥1\.50 10 4 1 0 1 进行中/);
  });

  test('payments in instalments: the levy is cumulative, the latest reverses', async () => {
    const page = `/projects/${P1}/coop/orders/${order}`;
    let r = await post(ag.leader, page, `${page}/payments`, [['amount', '20.005'], ['paid_on', today]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-amount"/);
    assert.match(r.text, /name="amount" value="20\.005"/);
    r = await post(ag.leader, page, `${page}/payments`, [['amount', '0.05'], ['paid_on', today]]);
    assert.equal(r.status, 303, r.text);
    r = await post(ag.leader, page, `${page}/payments`, [['amount', '46.86'], ['paid_on', today]]);
    assert.equal(r.status, 409, 'beyond the amount');
    assert.match(r.text, /id="err-amount"/);
    r = await post(ag.leader, page, `${page}/payments`, [['amount', '46.85'], ['paid_on', today]]);
    assert.equal(r.status, 303, r.text);
    let html = (await ag.leader.get(page)).text;
    // 0.05 → levy round(0.5 fen) = 1 fen; then 46.90 in all → 469 fen in all, so 468 more
    assert.match(htmlText(html), new RegExp(`${today} ¥0\\.05 ¥0\\.01`));
    assert.match(htmlText(html), new RegExp(`${today} ¥46\\.85 ¥4\\.68`));
    assert.match(html, /<span id="levied">¥4\.69<\/span>/);
    assert.match(html, /<span id="outstanding">¥0\.00<\/span>/);
    const reverse = [...html.matchAll(/action="(\/projects\/1\/coop\/payments\/(\d+)\/reverse)"/g)];
    assert.equal(reverse.length, 1, 'only the latest payment has a reverse button');
    r = await post(ag.leader, page, reverse[0][1], [['order_id', order]]);
    assert.equal(r.status, 303, r.text);
    html = (await ag.leader.get(page)).text;
    assert.match(html, /<span id="paid">¥0\.05<\/span>/);
    assert.match(html, /<span id="levied">¥0\.01<\/span>/);
    assert.match(htmlText(html), /已冲销/);
    r = await post(ag.leader, page, reverse[0][1], [['order_id', order]]);
    assert.equal(r.status, 409, 'reversed once only');
    r = await post(ag.leader, page, reverse[0][1], [['order_id', other.order]]);
    assert.equal(r.status, 404, 'another project\'s order');
  });

  test('the orders export is a real xlsx', async () => {
    const x = await raw(ag.auditor, `/projects/${P1}/coop/orders.xlsx?channel=offline`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const m = await raw(ag.supervisor, `/projects/${P1}/coop/members.xlsx`);
    assert.equal(m.status, 200);
    assert.equal(m.bytes.subarray(0, 2).toString('latin1'), 'PK');
  });
});

describe('quality, settlement, pay slip, payout', () => {
  test('the quality check: prefilled with what she reported', async () => {
    const page = `/projects/${P1}/coop/quality`;
    let html = (await ag.leader.get(page)).text;
    const row = /<li id="piece-(\d+)"><h3>([^<]*)<\/h3><p class="hint">[^<]*<strong class="kp-submitted">(\d+)<\/strong>/.exec(html);
    assert.ok(row, 'the demo leaves a record awaiting its check');
    const [, id, , submitted] = row;
    assert.match(html, new RegExp(`name="accepted" value="${submitted}"`));
    let r = await post(ag.leader, page, `/projects/${P1}/coop/pieces/${id}/check`, [['accepted', 'x'], ['rejected', 0]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-accepted"/);
    r = await post(ag.leader, page, `/projects/${P1}/coop/pieces/${id}/check`, [
      ['accepted', Number(submitted) - 1], ['rejected', 1],
    ]);
    assert.equal(r.status, 303, r.text);
    html = (await ag.leader.get(page)).text;
    assert.ok(!html.includes(`id="piece-${id}"`), 'checked: no longer pending');
    r = await post(ag.leader, page, `/projects/${P1}/coop/pieces/${id}/check`, [['accepted', 1], ['rejected', 0]]);
    assert.equal(r.status, 409, 'not checked twice');
  });

  test('a settlement: lines add up to the total; nothing left to settle the second time', async () => {
    const base = `/projects/${P1}/coop/settlements`;
    let r = await post(ag.leader, base, base, [['period_start', today], ['period_end', '2999-01-01']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-period_end"/);
    r = await post(ag.leader, base, base, [['period_start', today], ['period_end', today]]);
    assert.equal(r.status, 303, r.text);
    settlement = Number(/settlements\/(\d+)\?ok=settled$/.exec(r.location)[1]);
    const html = (await ag.supervisor.get(r.location)).text;
    const lines = [...html.matchAll(/<tr><td class="name">([^<]*)<\/td><td class="num">(\d+)<\/td><td class="num">¥(\d+)\.(\d\d)<\/td>/g)];
    assert.ok(lines.length >= 1);
    const mine = lines.find((l) => l[1] === woman.name);
    assert.ok(mine, 'her line');
    assert.equal(mine[2], '4');
    assert.equal(`${mine[3]}.${mine[4]}`, '6.00', '4 × ¥1.50');
    const sum = lines.reduce((s, l) => s + Number(l[3]) * 100 + Number(l[4]), 0);
    const total = /<strong id="total">¥(\d+)\.(\d\d)<\/strong>/.exec(html);
    assert.equal(Number(total[1]) * 100 + Number(total[2]), sum, 'the total is the sum of the lines');
    assert.match(html, new RegExp(`/slips/${memberId}/payslip\\.pdf"`));
    r = await post(ag.leader, base, base, [['period_start', today], ['period_end', today]]);
    assert.equal(r.status, 409);
    assert.match(r.text, /class="alert"/);
    const x = await raw(ag.auditor, `${base}/${settlement}/settlement.xlsx`);
    assert.equal(x.status, 200);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  });

  test('her pay slip as PDF (her name, the total) and as XLSX', async (t) => {
    const base = `/projects/${P1}/coop/settlements/${settlement}/slips/${memberId}`;
    const pdf = await raw(ag.leader, `${base}/payslip.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    let text;
    try {
      text = await pdfText(pdf.bytes);
    } catch (e) {
      if (e.code === 'ENOENT') return t.skip('pdftotext is not installed (poppler-utils)');
      throw e;
    }
    assert.match(text, /工资条/);
    assert.ok(text.includes(woman.name), 'her name');
    assert.match(text, /合计.*4.*¥6\.00/, 'the total row');
    assert.match(text, /缝制/);
    assert.match(text, /测试客户/);
    const en = await raw(ag.leader_en, `${base}/payslip.pdf`);
    assert.match(await pdfText(en.bytes), /Pay slip[\s\S]*Total.*¥6\.00/);
    const x = await raw(ag.auditor, `${base}/payslip.xlsx`);
    assert.equal(x.status, 200);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    assert.equal((await raw(ag.leader, `/projects/${P1}/coop/settlements/${settlement}/slips/999999/payslip.pdf`)).status, 404);
    assert.equal((await raw(ag.worker, `${base}/payslip.pdf`)).status, 403);
  });

  test('a payout within her wages payable', async () => {
    const base = `/projects/${P1}/coop/payouts`;
    const html = (await ag.leader.get(base)).text;
    const opt = options(html, 'member_id').find((o) => Number(o.value) === memberId);
    assert.ok(opt, 'she is offered');
    assert.match(opt.text, /¥6\.00/, 'with her wages payable');
    let r = await post(ag.leader, base, base, [['member_id', memberId], ['amount', '6.01'], ['method', 'wechat'], ['paid_on', today]]);
    assert.equal(r.status, 409);
    assert.match(r.text, /id="err-amount"/);
    r = await post(ag.leader, base, base, [['member_id', memberId], ['amount', '2.50'], ['method', 'wechat'], ['paid_on', today]]);
    assert.equal(r.status, 303, r.text);
    assert.match(htmlText((await ag.leader.get(base)).text), new RegExp(`${today} ${woman.name} ¥2\\.50 微信`));
    const home = (await ag.leader.get(`/projects/${P1}/coop`)).text;
    assert.match(htmlText(home), new RegExp(`${woman.name} ${today} 在社 — \\S+ ¥3\\.50`));
    r = await ag.leader.postForm(base, { csrf: null, member_id: memberId, amount: '1', method: 'cash' });
    assert.equal(r.status, 403, 'no csrf');
  });
});

describe('the ledger', () => {
  test('the trial balance is balanced; its exports', async () => {
    const html = (await ag.auditor.get(`/projects/${P1}/ledger`)).text;
    assert.match(html, /id="balanced"/);
    const d = /<strong id="total-debit">([^<]*)<\/strong>/.exec(html)[1];
    const c = /<strong id="total-credit">([^<]*)<\/strong>/.exec(html)[1];
    assert.equal(d, c);
    const csv = await raw(ag.supervisor, `/projects/${P1}/ledger/trial-balance.csv?through=2023-06`);
    assert.equal(csv.status, 200);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark');
    const text = csv.bytes.subarray(3).toString('utf8');
    assert.match(text, /^科目代码,科目,借方（元）/);
    assert.match(text, /\r\n1002,银行存款,\d+\.\d\d,/);
    assert.match(text, /合计,(\d+\.\d\d),\1,,借贷平衡/);
    const x = await raw(ag.supervisor, `/projects/${P1}/ledger/trial-balance.xlsx`);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    assert.equal((await raw(ag.leader, `/projects/${P1}/ledger?through=2023-13`)).status, 422);
  });

  test('a manual entry: exact fen, refusals beside their line, reversed from the journal', async () => {
    const page = `/projects/${P1}/ledger`;
    let r = await post(ag.leader, page, `${page}/entries`, [
      ['posted_on', today], ['memo', '不平的分录'],
      ['line1_account', '6201'], ['line1_debit', '10'], ['line2_account', '1002'], ['line2_credit', '9.99'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-lines"/);
    assert.match(r.text, /name="line2_credit" inputmode="decimal" maxlength="12" value="9\.99"/);
    r = await post(ag.leader, page, `${page}/entries`, [
      ['posted_on', today], ['line1_account', '3101'], ['line1_debit', '1'], ['line2_account', '1002'], ['line2_credit', '1'],
    ]);
    assert.equal(r.status, 422, 'the fund account by hand');
    assert.match(r.text, /id="err-line1_account"/);
    r = await post(ag.leader, page, `${page}/entries`, [
      ['posted_on', today], ['line1_account', '6201'], ['line1_debit', '1.001'], ['line2_account', '1002'], ['line2_credit', '1'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-line1_debit"/);
    r = await post(ag.leader, page, `${page}/entries`, [
      ['posted_on', today], ['memo', '买针线'],
      ['line1_account', '6201'], ['line1_debit', '12.30'], ['line3_account', '1002'], ['line3_credit', '12.30'],
    ]);
    assert.equal(r.status, 303, r.text);
    assert.match((await ag.leader.get(r.location)).text, /id="balanced"/);
    const j = await api(srv.base, `/api/v1/projects/${P1}/ledger/journal?from=${today}&limit=100`, { token: leaderTok });
    assert.equal(j.status, 200, j.text);
    const items = j.json.items ?? j.json.transactions ?? j.json;
    const entry = items.filter((t) => t.kind === 'manual' && t.memo === '买针线').pop();
    assert.ok(entry, 'the entry in the API');
    assert.deepEqual(entry.lines.map((l) => [l.account, l.debit_fen, l.credit_fen]), [['6201', 1230, 0], ['1002', 0, 1230]]);

    const journal = `/projects/${P1}/ledger/journal?from=${today}`;
    let html = (await ag.leader.get(journal)).text;
    assert.match(htmlText(html), /买针线 6201 运营费用 ¥12\.30 (冲销 )?1002 银行存款 ¥12\.30/);
    const rev = new RegExp(`action="(/projects/1/ledger/txns/${entry.id}/reverse)"`).exec(html);
    assert.ok(rev, 'a reverse button on the manual entry');
    r = await post(ag.leader, journal, rev[1], []);
    assert.equal(r.status, 303, r.text);
    html = (await ag.leader.get(journal)).text;
    assert.match(htmlText(html), new RegExp(`已被冲销： #\\d+`));
    assert.match(htmlText(html), new RegExp(`冲销 #${entry.id}`));
    r = await post(ag.leader, journal, rev[1], []);
    assert.equal(r.status, 409, 'already reversed');
    // a payment is reversed on its order's page, never from the journal
    const pay = items.find((t) => t.kind === 'payment');
    r = await post(ag.leader, journal, `/projects/${P1}/ledger/txns/${pay.id}/reverse`, []);
    assert.equal(r.status, 409);
  });

  test('the journal exports: one row per line, CSV with its byte order mark', async () => {
    const csv = await raw(ag.auditor, `/projects/${P1}/ledger/journal.csv?from=${today}`);
    assert.equal(csv.status, 200);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = csv.bytes.subarray(3).toString('utf8').trim().split('\r\n');
    assert.match(rows[0], /^记账日期,凭证号,类别,摘要,科目代码,科目,借方（元）,贷方（元）/);
    assert.ok(rows.some((l) => l.startsWith(`${today},`) && l.includes(',买针线,6201,运营费用,12.30,0.00')));
    const x = await raw(ag.auditor, `/projects/${P1}/ledger/journal.xlsx`);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  });

  test('an account\'s general ledger with its running balance', async () => {
    const html = (await ag.auditor.get(`/projects/${P1}/ledger/accounts/6201?from=${today}`)).text;
    const text = htmlText(html);
    assert.match(text, /6201 运营费用/);
    const opening = /<td class="num" id="opening">([^<]*)<\/td>/.exec(html)[1];
    assert.match(text, /期初余额 ¥\d+\.\d\d .*买针线 ¥12\.30/);
    const closing = /<strong id="closing">([^<]*)<\/strong>/.exec(html)[1];
    assert.equal(closing, opening, 'reversed: back to the opening balance');
    assert.match(text, /合计 ¥12\.30 ¥12\.30/);
  });

  test('closing a month: once, only an ended one', async () => {
    const page = `/projects/${P1}/ledger`;
    let r = await post(ag.leader, page, `${page}/close`, [['month', '2023-13']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-month"/);
    r = await post(ag.leader, page, `${page}/close`, [['month', '2023-10']]);
    assert.equal(r.status, 409, 'already closed');
    assert.match(r.text, /id="err-month"/);
    r = await post(ag.leader, page, `${page}/close`, [['month', today.slice(0, 7)]]);
    assert.equal(r.status, 409, 'not ended yet');
    r = await post(ag.leader, page, `${page}/close`, [['month', '2023-11']]);
    assert.equal(r.status, 303, r.text);
    assert.match(htmlText((await ag.leader.get(page)).text), /已结账月份 2023-11/);
    r = await post(ag.leader, page, `${page}/entries`, [
      ['posted_on', '2023-11-15'], ['line1_account', '6201'], ['line1_debit', '1'], ['line2_account', '1002'], ['line2_credit', '1'],
    ]);
    assert.equal(r.status, 409, 'nothing posted into a closed month');
    assert.match(r.text, /id="err-posted_on"/);
  });
});
