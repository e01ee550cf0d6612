// The fund pool and congress pages, and a member's own cooperative pages, over HTTP
// (page_fund.c, page_member.c): every page for every allowed role (200) and the others (403);
// the fund's balance, totals and entries (paged, the running balance consistent), the inflow
// form; representatives, meetings, proposals through their forms; the member's three vote
// buttons (only for a representative present at the meeting), a leader's paper ballots, the
// changed-vote history, the closing with the rule applied in words; disbursements and their
// refusals (not_approved, over_approved, insufficient_funds) shown as messages; a reversal;
// the rules form; a member's home, tasks (claim, record pieces), pay slips and the PDF; a
// woman who is not a member gets a friendly page; every 422 names its field; no CSRF, no write.
//
// Set-up: the demo (project 1, for the role walk of the demo accounts) and a fresh project P
// made here through the API with three signed women who are coop members (m1, m2, m3, each
// with a member account) and a fourth signed woman who is not a member (m4).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const ag = {};
const tok = {};
let P; // the fresh project
const part = {}; // login -> participant id
const mem = {}; // login -> coop member id
let meeting; // the meeting of P
const prop = {}; // name -> proposal id

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const daysAgo = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

const VISIT = {
  children_at_school: true, husband_away: true, free_time: 4, learning_ability: 4, will_to_work: 5,
  ability_to_work: 4, family: '丈夫在外地打工', skills: '缝纫', needs: '希望学习电商', monthly_income_fen: 80000,
};
const SIGN = { to: 'signed', consent_version: '2024-v1', consent_method: 'paper', consent_purposes: ['service'] };

async function call(token, path, json, status, method = 'POST') {
  const r = await api(srv.base, path, { method, token, json });
  assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
  return r.json;
}

async function signedWoman(pid, name) {
  const base = `/api/v1/projects/${pid}/participants`;
  const id = (await call(tok.worker_p, base, { name, source: 'outreach' }, 201)).id;
  await call(tok.worker_p, `${base}/${id}/transitions`, { to: 'registry_screened' }, 200);
  await call(tok.worker_p, `${base}/${id}/assessments`, { kind: 'home_visit', answers: VISIT }, 201);
  await call(tok.worker_p, `${base}/${id}/transitions`, { to: 'home_visited' }, 200);
  await call(tok.worker_p, `${base}/${id}/transitions`, { to: 'final_review' }, 200);
  await call(tok.sup_p, `${base}/${id}/assessments`, { kind: 'final_review', approved: true }, 201);
  await call(tok.worker_p, `${base}/${id}/transitions`, SIGN, 200);
  return id;
}

async function addUser(login, role, project, extra = []) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin', ...extra];
  if (project) args.push('--project', String(project));
  await runCliOk(args, { input: `taxiang-${login}\n` });
}

async function agent(login, headers) {
  const a = newAgent(srv.base, { headers });
  const r = await a.login(login, `taxiang-${login}`);
  assert.equal(r.status, 303, `login ${login}: ${r.text}`);
  return a;
}

/** POSTs pairs (repeated keys allowed) with the csrf of a freshly fetched page. */
async function post(a, page, action, pairs) {
  const g = await a.get(page);
  assert.equal(g.status, 200, `GET ${page}: ${g.status}`);
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

const fundApi = () => call(tok.lead_p, `/api/v1/projects/${P}/fund`, undefined, 200, 'GET');
const proposalApi = (id) => call(tok.lead_p, `/api/v1/projects/${P}/proposals/${id}`, undefined, 200, 'GET');
const fundPage = () => `/projects/${P}/fund`;
const congressPage = () => `/projects/${P}/congress`;
const meetingPage = () => `/projects/${P}/congress/meetings/${meeting}`;
const proposalPage = (id) => `/projects/${P}/proposals/${id}`;

/** The entries of a fund page, newest first: [{ on, what, signed (fen), balance (fen) }]. */
function entriesOf(html) {
  const list = (html.split('<ul class="my-list fp-entries">')[1] ?? '').split('</ul>')[0];
  return [...list.matchAll(/<li class="fp-entry">([\s\S]*?)<\/li>/g)].map((m) => {
    const li = m[1];
    const a = /class="fp-amount [^"]*">([+−])¥(\d+)\.(\d\d)</.exec(li);
    const b = /class="fp-after">(-?)¥(\d+)\.(\d\d)</.exec(li);
    return {
      on: /<time>([^<]*)<\/time>/.exec(li)[1],
      what: htmlText(/<p class="tl-body">([\s\S]*?)<\/p>/.exec(li)[1]),
      signed: (a[1] === '+' ? 1 : -1) * (Number(a[2]) * 100 + Number(a[3])),
      balance: (b[1] ? -1 : 1) * (Number(b[2]) * 100 + Number(b[3])),
    };
  });
}

const yuanOf = (fen) => `¥${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** Creates a proposal at the meeting through the page form; returns its id. */
async function proposalForm(title, amount, purpose = 'venture_support') {
  const r = await post(ag.lead_p, meetingPage(), `${meetingPage()}/proposals`, [
    ['title', title], ['purpose', purpose], ['amount', amount], ['beneficiary', '受益人甲'],
  ]);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const m = /\/projects\/\d+\/proposals\/(\d+)\?ok=proposal$/.exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

async function vote(a, id, pairs) {
  return post(a, proposalPage(id), `${proposalPage(id)}/votes`, pairs);
}

before(async () => {
  srv = await startServer();
  tok.admin = await srv.tokenFor('admin');
  const r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: tok.admin, json: { name: '资金池测试项目', community: '南关社区', capacity: 20 },
  });
  assert.equal(r.status, 201, r.text);
  P = r.json.id;
  await addUser('lead_p', 'coop_leader', P);
  await addUser('sup_p', 'supervisor', P);
  await addUser('worker_p', 'social_worker', P);
  for (const l of ['lead_p', 'sup_p', 'worker_p']) tok[l] = await srv.tokenFor(l);
  const names = { m1: '测试甲', m2: '测试乙', m3: '测试丙', m4: '测试丁' };
  for (const [login, name] of Object.entries(names)) {
    part[login] = await signedWoman(P, name);
    await addUser(login, 'member', P, ['--participant', String(part[login])]);
  }
  for (const login of ['m1', 'm2', 'm3']) {
    mem[login] = (await call(tok.lead_p, `/api/v1/projects/${P}/coop/members`,
      { participant_id: part[login], joined_on: daysAgo(60) }, 201)).id;
  }
  for (const login of ['lead_p', 'sup_p', 'worker_p', 'm1', 'm2', 'm3', 'm4', 'admin', 'auditor',
    'leader', 'member', 'supervisor', 'worker', 'community', 'partner']) {
    ag[login] = await agent(login);
  }
});

after(async () => {
  await srv?.stop();
});

describe('the fund page', () => {
  test('an empty fund: balance ¥0.00, no entries, the inflow form for the leader only', async () => {
    const r = await ag.lead_p.get(fundPage());
    assert.equal(r.status, 200);
    assert.match(r.text, /<strong id="balance"[^>]*>¥0\.00<\/strong>/);
    assert.match(r.text, new RegExp(`action="/projects/${P}/fund/inflows"`));
    assert.match(htmlText(r.text), /资金池还没有收支记录/);
    for (const login of ['sup_p', 'auditor', 'm1']) {
      const x = await ag[login].get(fundPage());
      assert.equal(x.status, 200, login);
      assert.doesNotMatch(x.text, /fund\/inflows/, `${login} sees no inflow form`);
    }
  });

  test('an inflow through the form: 303, the balance and the totals follow, exact fen', async () => {
    const r = await post(ag.lead_p, fundPage(), `${fundPage()}/inflows`, [
      ['kind', 'donation'], ['amount', '500.05'], ['source', '爱心企业甲'], ['received_on', daysAgo(3)],
    ]);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, `/projects/${P}/fund?ok=inflow`);
    const page = await ag.lead_p.get(r.location);
    assert.match(page.text, /role="status"/);
    assert.match(page.text, /<strong id="balance"[^>]*>¥500\.05<\/strong>/);
    assert.match(page.text, /<span id="donation">¥500\.05<\/span>/);
    assert.match(page.text, /<strong id="inflow">¥500\.05<\/strong>/);
    const rows = entriesOf(page.text);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], { on: daysAgo(3), what: `${rows[0].what}`, signed: 50005, balance: 50005 });
    assert.match(rows[0].what, /捐赠.*爱心企业甲/);
    assert.equal((await fundApi()).balance_fen, 50005);
    const g = await post(ag.lead_p, fundPage(), `${fundPage()}/inflows`, [
      ['kind', 'grant'], ['amount', '0.95'], ['source', '基金会乙'],
    ]);
    assert.equal(g.status, 303);
    assert.equal((await fundApi()).balance_fen, 50100);
  });

  test('refused inflows: 422 beside the field, what was typed kept, nothing written', async () => {
    const before = (await fundApi()).balance_fen;
    let r = await post(ag.lead_p, fundPage(), `${fundPage()}/inflows`, [
      ['kind', 'donation'], ['amount', '12.345'], ['source', '三位小数'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-amount"/);
    assert.match(r.text, /value="三位小数"/);
    assert.match(r.text, /<details class="form-more form-card" id="inflow" open>/);
    r = await post(ag.lead_p, fundPage(), `${fundPage()}/inflows`, [['kind', 'donation'], ['amount', '10'], ['source', '']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-source"/);
    r = await post(ag.lead_p, fundPage(), `${fundPage()}/inflows`, [['kind', 'loan'], ['amount', '10'], ['source', 'x']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-kind"/);
    r = await post(ag.lead_p, fundPage(), `${fundPage()}/inflows`, [
      ['kind', 'grant'], ['amount', '10'], ['source', '未来'], ['received_on', '2999-01-01'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-received_on"/);
    assert.equal((await fundApi()).balance_fen, before);
  });

  test('no CSRF field, or a role that may not: refused and nothing written', async () => {
    const before = (await fundApi()).balance_fen;
    await ag.lead_p.get(fundPage());
    let r = await ag.lead_p.postForm(`${fundPage()}/inflows`, { csrf: null, kind: 'donation', amount: '9', source: 'x' });
    assert.equal(r.status, 403);
    r = await ag.lead_p.postForm(`${fundPage()}/inflows`, { csrf: 'forged', kind: 'donation', amount: '9', source: 'x' });
    assert.equal(r.status, 403);
    for (const login of ['sup_p', 'm1', 'worker_p', 'auditor']) {
      r = await post(ag[login], '/', `${fundPage()}/inflows`, [['kind', 'donation'], ['amount', '9'], ['source', 'x']]);
      assert.equal(r.status, 403, login);
    }
    assert.equal((await fundApi()).balance_fen, before);
  });
});

describe('the congress', () => {
  test('representatives through the form; the member select offers members who are not yet', async () => {
    const page = await ag.lead_p.get(congressPage());
    assert.equal(page.status, 200);
    const select = /<select name="member_id"[^>]*>([\s\S]*?)<\/select>/.exec(page.text)[1];
    for (const login of ['m1', 'm2', 'm3']) assert.match(select, new RegExp(`value="${mem[login]}"`));
    for (const login of ['m1', 'm2', 'm3']) {
      const r = await post(ag.lead_p, congressPage(), `${congressPage()}/reps`, [
        ['member_id', mem[login]], ['term_start', daysAgo(30)],
      ]);
      assert.equal(r.status, 303, r.text.slice(0, 500));
      assert.equal(r.location, `/projects/${P}/congress?ok=rep#reps`);
    }
    const after = await ag.lead_p.get(congressPage());
    assert.match(htmlText(after.text), /在任代表 3 人/);
    assert.doesNotMatch(/<select name="member_id"[^>]*>([\s\S]*?)<\/select>/.exec(after.text)[1], /value="\d+"/,
      'every member is a representative now');
  });

  test('refused representatives: 422 naming the field', async () => {
    let r = await post(ag.lead_p, congressPage(), `${congressPage()}/reps`, [['member_id', ''], ['term_start', daysAgo(1)]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-member_id"/);
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/reps`, [['member_id', mem.m1], ['term_start', 'gestern']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-term_start"/);
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/reps`, [['member_id', mem.m1], ['term_start', daysAgo(1)]]);
    assert.equal(r.status, 409, 'twice with overlapping terms');
    assert.match(r.text, /role="alert"/);
  });

  test('a meeting: the checkboxes of the representatives in office; two of three present', async () => {
    const page = await ag.lead_p.get(congressPage());
    const boxes = [...page.text.matchAll(/name="present_member_ids" value="(\d+)"/g)].map((m) => Number(m[1])).sort();
    assert.deepEqual(boxes, [mem.m1, mem.m2, mem.m3].sort());
    let r = await post(ag.lead_p, congressPage(), `${congressPage()}/meetings`, [
      ['held_on', today()], ['present_member_ids', 999999],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-present_member_ids"/);
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/meetings`, [
      ['held_on', today()], ['present_member_ids', mem.m1], ['present_member_ids', mem.m2],
    ]);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    meeting = Number(/\/congress\/meetings\/(\d+)\?ok=meeting$/.exec(r.location)[1]);
    const m = await ag.lead_p.get(meetingPage());
    assert.equal(m.status, 200);
    const text = htmlText(m.text);
    assert.match(text, /全体代表 3/);
    assert.match(text, /到会代表人数 2/);
    assert.match(text, /法定人数 已达到/);
    assert.match(text, /测试甲/);
    assert.match(text, /测试乙/);
    assert.doesNotMatch(text, /到会代表 [^法]*测试丙/);
    const list = await ag.m1.get(congressPage());
    assert.match(list.text, new RegExp(`href="/projects/${P}/congress/meetings/${meeting}"`));
  });

  test('minutes through the textarea, lines kept; members read them but get no form', async () => {
    const r = await post(ag.lead_p, meetingPage(), `${meetingPage()}/minutes`, [['minutes', '一、通报资金池收支\r\n二、讨论创业扶持 <b>']]);
    assert.equal(r.status, 303);
    const m = await ag.m2.get(meetingPage());
    assert.match(m.text, /一、通报资金池收支<br>二、讨论创业扶持 &lt;b&gt;/);
    assert.doesNotMatch(m.text, /<textarea/);
    assert.doesNotMatch(m.text, /\/proposals"/, 'no proposal form for a member');
  });

  test('proposals through the form; refusals name their field', async () => {
    let r = await post(ag.lead_p, meetingPage(), `${meetingPage()}/proposals`, [
      ['title', ''], ['purpose', 'materials'], ['amount', '10'], ['beneficiary', 'x'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-title"/);
    r = await post(ag.lead_p, meetingPage(), `${meetingPage()}/proposals`, [
      ['title', '金额错'], ['purpose', 'materials'], ['amount', '-5'], ['beneficiary', 'x'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-amount"/);
    assert.match(r.text, /value="金额错"/);
    prop.grant = await proposalForm('创业扶持：手工布鞋小店', '300.00');
    prop.rejected = await proposalForm('购买新缝纫机', '200', 'materials');
    prop.big = await proposalForm('扩大刺绣工坊', '1000');
    const p = await proposalApi(prop.grant);
    assert.equal(p.amount_fen, 30000);
    assert.equal(p.status, 'open');
  });

  test('the vote buttons only for a representative present at the meeting', async () => {
    const page = proposalPage(prop.grant);
    const m1 = await ag.m1.get(page);
    assert.equal(m1.status, 200);
    assert.match(m1.text, /class="stack fp-vote-buttons"/);
    for (const choice of ['yes', 'no', 'abstain']) assert.match(m1.text, new RegExp(`name="choice" value="${choice}"`));
    assert.doesNotMatch(m1.text, /name="member_id"/, 'she votes for herself only');
    const m3 = await ag.m3.get(page);
    assert.equal(m3.status, 200, 'a representative who was absent reads it');
    assert.doesNotMatch(m3.text, /fp-vote-buttons|name="choice"/, 'no buttons for her');
    assert.match(htmlText(m3.text), /只有出席这次会议的代表可以投票/);
    assert.equal((await ag.m4.get(page)).status, 403, 'a woman who is not a member does not read the congress');
    for (const login of ['sup_p', 'auditor']) {
      const x = await ag[login].get(page);
      assert.equal(x.status, 200);
      assert.doesNotMatch(x.text, /name="choice"|\/close"|\/disbursements"/, `${login} reads only`);
    }
    const lead = await ag.lead_p.get(page);
    assert.equal((lead.text.match(/class="inline fp-ballot"/g) || []).length, 2, 'a paper ballot per present representative');
  });

  test('votes: her buttons, a change kept in the history, a paper ballot, the absent refused', async () => {
    let r = await vote(ag.m1, prop.grant, [['choice', 'yes']]);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, `${proposalPage(prop.grant)}?ok=vote#my-vote`);
    let page = await ag.m1.get(r.location);
    assert.match(page.text, /fp-chosen" aria-pressed="true">✓ 赞成/);
    r = await vote(ag.m1, prop.grant, [['choice', 'no']]);
    assert.equal(r.status, 303);
    r = await vote(ag.m1, prop.grant, [['choice', 'yes'], ['member_id', mem.m2]]);
    assert.equal(r.status, 303, 'a posted member id is ignored: she votes for herself');
    r = await vote(ag.lead_p, prop.grant, [['member_id', mem.m2], ['choice', 'yes']]);
    assert.equal(r.status, 303);
    assert.equal(r.location, `${proposalPage(prop.grant)}?ok=vote#votes`);
    const before = await proposalApi(prop.grant);
    r = await vote(ag.m3, prop.grant, [['choice', 'yes']]);
    assert.equal(r.status, 409, 'an absent representative');
    assert.match(r.text, /role="alert"/);
    r = await vote(ag.lead_p, prop.grant, [['member_id', mem.m3], ['choice', 'no']]);
    assert.equal(r.status, 409);
    assert.match(r.text, /role="alert"/);
    await ag.m4.get('/me/coop');
    r = await ag.m4.postForm(`${proposalPage(prop.grant)}/votes`, { choice: 'yes' });
    assert.equal(r.status, 403, 'not a member at all');
    r = await vote(ag.lead_p, prop.grant, [['member_id', mem.m1], ['choice', 'maybe']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-choice"|field-error|role="alert"/);
    const after = await proposalApi(prop.grant);
    assert.deepEqual([after.yes, after.no, after.abstain], [before.yes, before.no, before.abstain]);
    assert.deepEqual([after.yes, after.no, after.abstain], [2, 0, 0]);
    page = await ag.auditor.get(proposalPage(prop.grant));
    const text = htmlText(page.text);
    assert.match(text, /测试甲 赞成 改投 2 次/);
    assert.match(text, /测试乙 赞成/);
    assert.match(page.text, /<details class="form-more form-card" id="history">/);
    assert.match(text, /（已改投）/);
  });

  test('closing: passed, with the counts and the rule applied in words', async () => {
    const page = await ag.lead_p.get(proposalPage(prop.grant));
    assert.match(htmlText(page.text), /法定人数：到会代表不少于全体代表的三分之二/);
    let r = await post(ag.lead_p, proposalPage(prop.grant), `${proposalPage(prop.grant)}/close`, []);
    assert.equal(r.status, 303);
    assert.equal(r.location, `${proposalPage(prop.grant)}?ok=closed#result`);
    const closed = await ag.m1.get(r.location);
    const text = htmlText(closed.text);
    assert.match(text, /表决结果 通过/);
    assert.match(text, /全体代表 3 到会代表人数 2 法定人数 已达到/);
    assert.match(text, /票数 赞成 2 · 反对 0 · 弃权 0/);
    assert.match(text, /通过标准 赞成票超过到会代表的二分之一/);
    assert.doesNotMatch(closed.text, /name="choice"/, 'no buttons once closed');
    r = await post(ag.lead_p, proposalPage(prop.grant), `${proposalPage(prop.grant)}/close`, []);
    assert.equal(r.status, 409, 'closing twice');
    assert.match(r.text, /role="alert"/);
    r = await vote(ag.lead_p, prop.grant, [['member_id', mem.m1], ['choice', 'no']]);
    assert.equal(r.status, 409, 'a vote on a closed proposal');
    // a rejected one: 1 yes of 2 present is not more than half
    assert.equal((await vote(ag.m1, prop.rejected, [['choice', 'yes']])).status, 303);
    assert.equal((await vote(ag.m2, prop.rejected, [['choice', 'no']])).status, 303);
    assert.equal((await post(ag.lead_p, proposalPage(prop.rejected), `${proposalPage(prop.rejected)}/close`, [])).status, 303);
    assert.match(htmlText((await ag.lead_p.get(proposalPage(prop.rejected))).text), /表决结果 未通过/);
    // the big one passes too
    assert.equal((await vote(ag.m1, prop.big, [['choice', 'yes']])).status, 303);
    assert.equal((await vote(ag.m2, prop.big, [['choice', 'yes']])).status, 303);
    assert.equal((await post(ag.lead_p, proposalPage(prop.big), `${proposalPage(prop.big)}/close`, [])).status, 303);
    assert.equal((await proposalApi(prop.big)).status, 'passed');
  });

  test('disbursements: refusals as messages, nothing written; then paid and on the fund page', async () => {
    const page = proposalPage(prop.grant);
    const form = await ag.lead_p.get(page);
    assert.match(form.text, /name="amount" value="300\.00"/, 'the remaining amount is offered');
    assert.match(form.text, /name="paid_to" value="受益人甲"/);
    const balance = (await fundApi()).balance_fen; // 501.00
    let r = await post(ag.lead_p, page, `${page}/disbursements`, [['amount', '300.01'], ['paid_to', '受益人甲']]);
    assert.equal(r.status, 409, 'over_approved');
    assert.match(r.text, /role="alert"/);
    assert.match(r.text, /name="amount" value="300\.01"/);
    const apiMsg = await api(srv.base, `/api/v1/projects/${P}/fund/disbursements`, {
      method: 'POST', token: tok.lead_p, json: { proposal_id: prop.grant, amount_fen: 30001, paid_to: '受益人甲' },
    });
    assert.equal(apiMsg.json.error.code, 'over_approved');
    assert.ok(htmlText(r.text).includes(apiMsg.json.error.message), 'the page says what the API says');
    r = await post(ag.lead_p, proposalPage(prop.rejected), `${proposalPage(prop.rejected)}/disbursements`, [['amount', '1'], ['paid_to', 'x']]);
    assert.equal(r.status, 409, 'not_approved');
    assert.match(r.text, /role="alert"/);
    r = await post(ag.lead_p, proposalPage(prop.big), `${proposalPage(prop.big)}/disbursements`, [['amount', '1000'], ['paid_to', '工坊']]);
    assert.equal(r.status, 409, 'insufficient_funds');
    assert.match(r.text, /role="alert"/);
    r = await post(ag.lead_p, page, `${page}/disbursements`, [['amount', '1.234'], ['paid_to', 'x']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-amount"/);
    r = await post(ag.lead_p, page, `${page}/disbursements`, [['amount', '10'], ['paid_to', '']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-paid_to"/);
    assert.equal((await fundApi()).balance_fen, balance, 'nothing written');

    r = await post(ag.lead_p, page, `${page}/disbursements`, [['amount', '120.50'], ['paid_to', '受益人甲']]);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, `${page}?ok=disbursed#disbursements`);
    const after = await ag.m1.get(page);
    assert.match(after.text, /<strong id="disbursed">¥120\.50<\/strong>/);
    assert.match(after.text, /<strong id="remaining">¥179\.50<\/strong>/);
    assert.doesNotMatch(after.text, /\/disbursements"/, 'no form for a member');
    assert.equal((await fundApi()).balance_fen, balance - 12050);
    const fund = await ag.m1.get(fundPage());
    assert.match(fund.text, new RegExp(`<strong id="balance"[^>]*>${yuanOf(balance - 12050).replace('.', '\\.')}</strong>`));
    const rows = entriesOf(fund.text);
    assert.equal(rows[0].signed, -12050);
    assert.match(rows[0].what, /受益人甲/);
    assert.match(fund.text, new RegExp(`href="/projects/${P}/proposals/${prop.grant}"`));
  });

  test('a reversal from the fund page: the money comes back, the entry stays', async () => {
    const balance = (await fundApi()).balance_fen;
    const page = await ag.lead_p.get(fundPage());
    const m = new RegExp(`action="/projects/${P}/fund/disbursements/(\\d+)/reverse"`).exec(page.text);
    assert.ok(m, 'a reverse button on the disbursement');
    assert.doesNotMatch((await ag.m1.get(fundPage())).text, /\/reverse"/, 'not for a member');
    let r = await post(ag.lead_p, fundPage(), `${fundPage()}/disbursements/${m[1]}/reverse`, []);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/projects/${P}/fund?ok=reversed`);
    assert.equal((await fundApi()).balance_fen, balance + 12050);
    const after = await ag.lead_p.get(r.location);
    assert.match(after.text, /已冲销/);
    assert.doesNotMatch(after.text, /\/reverse"/, 'reversed once');
    r = await post(ag.lead_p, fundPage(), `${fundPage()}/disbursements/${m[1]}/reverse`, []);
    assert.equal(r.status, 409, 'twice');
    assert.match(r.text, /role="alert"/);
    assert.equal((await proposalApi(prop.grant)).disbursed_fen, 0);
  });

  test('the rules in words; changed through the form by a supervisor; a bad fraction refused', async () => {
    let page = await ag.m1.get(congressPage());
    let text = htmlText(page.text);
    assert.match(text, /法定人数：到会代表不少于全体代表的三分之二/);
    assert.match(text, /通过：赞成票超过到会代表的二分之一/);
    assert.doesNotMatch(page.text, /congress\/rules"/, 'members do not change the rules');
    let r = await post(ag.sup_p, congressPage(), `${congressPage()}/rules`, [
      ['quorum', '3/4'], ['pass', '1/2'], ['large_amount', '500'], ['large_pass', '2/3'],
    ]);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    page = await ag.m1.get(congressPage());
    text = htmlText(page.text);
    assert.match(text, /到会代表不少于全体代表的四分之三/);
    assert.match(text, /¥500\.00/);
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/rules`, [
      ['quorum', '5/3'], ['pass', '1/2'], ['large_amount', ''], ['large_pass', '2/3'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-quorum"/);
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/rules`, [
      ['quorum', '2/3'], ['pass', '1/2'], ['large_amount', '1.001'], ['large_pass', '2/3'],
    ]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-large_amount"/);
    const rules = await call(tok.lead_p, `/api/v1/projects/${P}/fund/rules`, undefined, 200, 'GET');
    assert.equal(rules.quorum, '3/4', 'the refused forms changed nothing');
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/rules`, [
      ['quorum', '2/3'], ['pass', '1/2'], ['large_amount', ''], ['large_pass', '2/3'],
    ]);
    assert.equal(r.status, 303);
    const en = await agent('m1', { 'Accept-Language': 'en-US' });
    const enPage = await en.get(congressPage());
    assert.match(htmlText(enPage.text), /at least two thirds of the representatives present/);
  });

  test('a representative\'s term ends through the form', async () => {
    const page = await ag.lead_p.get(congressPage());
    const ends = [...page.text.matchAll(/action="\/projects\/\d+\/congress\/reps\/(\d+)\/end"/g)].map((m) => m[1]);
    assert.equal(ends.length, 3);
    let r = await post(ag.lead_p, congressPage(), `${congressPage()}/reps/${ends[0]}/end`, [['term_end', 'bad']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-term_end"/);
    r = await post(ag.lead_p, congressPage(), `${congressPage()}/reps/${ends[0]}/end`, [['term_end', today()]]);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/projects/${P}/congress?ok=rep_end#reps`);
  });
  test('too few present: closing says there was no quorum, and nothing can be paid', async () => {
    const page = await ag.lead_p.get(congressPage());
    const boxes = [...page.text.matchAll(/name="present_member_ids" value="(\d+)"/g)].map((m) => m[1]);
    assert.equal(boxes.length, 3, 'a term that ends today is still in office today');
    let r = await post(ag.lead_p, congressPage(), `${congressPage()}/meetings`, [
      ['held_on', today()], ['present_member_ids', boxes[0]],
    ]);
    assert.equal(r.status, 303);
    const mid = Number(/\/congress\/meetings\/(\d+)\?ok=meeting$/.exec(r.location)[1]);
    const m = await ag.lead_p.get(`/projects/${P}/congress/meetings/${mid}`);
    assert.match(htmlText(m.text), /法定人数 未达到/);
    r = await post(ag.lead_p, `/projects/${P}/congress/meetings/${mid}`, `/projects/${P}/congress/meetings/${mid}/proposals`, [
      ['title', '人数不够的提案'], ['purpose', 'other'], ['amount', '10'], ['beneficiary', '某人'],
    ]);
    assert.equal(r.status, 303);
    const id = Number(/\/proposals\/(\d+)\?ok=proposal$/.exec(r.location)[1]);
    r = await post(ag.lead_p, proposalPage(id), `${proposalPage(id)}/close`, []);
    assert.equal(r.status, 303);
    const closed = await ag.sup_p.get(proposalPage(id));
    const text = htmlText(closed.text);
    assert.match(text, /表决结果 到会人数不足，未能表决/);
    assert.match(text, /全体代表 3 到会代表人数 1 法定人数 未达到 到会代表不少于全体代表的三分之二/);
    assert.doesNotMatch(text, /通过标准/, 'no passing rule applies without a quorum');
    assert.equal((await proposalApi(id)).status, 'no_quorum');
    r = await post(ag.lead_p, proposalPage(id), `${proposalPage(id)}/disbursements`, [['amount', '10'], ['paid_to', '某人']]);
    assert.equal(r.status, 409, 'not_approved');
  });
});

describe('the fund\'s entries, paged', () => {
  test('thirty a page, "more" to the next, the running balance consistent across pages', async () => {
    for (let i = 1; i <= 32; i++) {
      await call(tok.lead_p, `/api/v1/projects/${P}/fund/inflows`, { kind: 'donation', amount_fen: i, source: `小额捐赠 ${i}` }, 201);
    }
    const first = await ag.m1.get(fundPage());
    const rows = entriesOf(first.text);
    assert.equal(rows.length, 30);
    const balance = (await fundApi()).balance_fen;
    assert.equal(rows[0].balance, balance, 'the newest entry ends at the balance');
    for (let i = 1; i < rows.length; i++) {
      assert.equal(rows[i].balance, rows[i - 1].balance - rows[i - 1].signed, `row ${i}`);
    }
    const more = /<a rel="next" href="([^"]+)"/.exec(first.text);
    assert.ok(more, 'a link to more entries');
    const second = await ag.m1.get(more[1].replace(/&amp;/g, '&'));
    assert.equal(second.status, 200);
    const rows2 = entriesOf(second.text);
    assert.ok(rows2.length >= 1);
    assert.equal(rows2[0].balance, rows[29].balance - rows[29].signed, 'the next page goes on where the first stopped');
    assert.equal(rows2.at(-1).balance, rows2.at(-1).signed, 'the oldest entry starts from zero');
    assert.match(second.text, /← 最新记录/);
  });

  test('fund.xlsx for leaders, supervisors and auditors; not for members', async () => {
    for (const login of ['lead_p', 'sup_p', 'auditor']) {
      const x = await raw(ag[login], `${fundPage()}.xlsx`);
      assert.equal(x.status, 200, login);
      assert.match(x.headers.get('content-type'), /spreadsheetml/);
      assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    }
    assert.equal((await raw(ag.m1, `${fundPage()}.xlsx`)).status, 403);
    assert.doesNotMatch((await ag.m1.get(fundPage())).text, /fund\.xlsx/);
  });
});

describe('a member\'s own pages', () => {
  let order;
  let task;
  let other;

  test('a woman who is not a member: a friendly page, not an error', async () => {
    for (const path of ['/me/coop', '/me/tasks', '/me/payslips']) {
      const r = await ag.m4.get(path);
      assert.equal(r.status, 200, path);
      assert.match(htmlText(r.text), /您目前不是合作社社员/);
    }
  });

  test('her home: pay owed, tiles, the open proposal she may vote on', async () => {
    const open = await proposalForm('开放的提案', '50');
    const r = await ag.m1.get('/me/coop');
    assert.equal(r.status, 200);
    assert.match(r.text, /<strong id="owed"[^>]*>¥0\.00<\/strong>/);
    assert.match(r.text, /href="\/me\/tasks"/);
    assert.match(r.text, /href="\/me\/payslips"/);
    assert.match(r.text, new RegExp(`href="/projects/${P}/fund"`));
    assert.match(r.text, new RegExp(`href="/projects/${P}/congress"`));
    assert.match(r.text, new RegExp(`href="/projects/${P}/coop/documents"`));
    assert.match(r.text, new RegExp(`href="/projects/${P}/proposals/${open}">开放的提案`));
    assert.match(r.text, /您可以投票/);
    const m3 = await ag.m3.get('/me/coop');
    assert.doesNotMatch(m3.text, /您可以投票/, 'absent from that meeting');
    assert.equal((await vote(ag.m1, open, [['choice', 'abstain']])).status, 303);
    assert.match(htmlText((await ag.m1.get('/me/coop')).text), /您已投： 弃权/);
  });

  test('her tasks: claim, record pieces (pending check), refusals in the task\'s form', async () => {
    order = (await call(tok.lead_p, `/api/v1/projects/${P}/coop/orders`, {
      channel: 'offline', customer: '南关绣坊', items: [{ name: '刺绣香包', quantity: 20, unit_price_fen: 2500 }],
    }, 201)).id;
    task = (await call(tok.lead_p, `/api/v1/projects/${P}/coop/orders/${order}/tasks`,
      { step: '刺绣', piece_rate_fen: 150, pieces_planned: 20 }, 201)).id;
    other = (await call(tok.lead_p, `/api/v1/projects/${P}/coop/orders/${order}/tasks`,
      { step: '包装', piece_rate_fen: 30, pieces_planned: 20 }, 201)).id;
    let page = await ag.m1.get('/me/tasks');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`action="/me/tasks/${task}/claim"`));
    assert.doesNotMatch(page.text, new RegExp(`action="/me/tasks/${task}/pieces"`));
    let r = await post(ag.m1, '/me/tasks', `/me/tasks/${task}/claim`, []);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, `/me/tasks?ok=claimed#task-${task}`);
    page = await ag.m1.get(r.location);
    assert.match(page.text, new RegExp(`action="/me/tasks/${task}/pieces"`));
    assert.doesNotMatch(page.text, new RegExp(`action="/me/tasks/${task}/claim"`));
    assert.match(page.text, /inputmode="numeric"/);
    assert.match(page.text, new RegExp(`name="recorded_on" value="${today()}"`));
    r = await post(ag.m1, '/me/tasks', `/me/tasks/${task}/pieces`, [['accepted', 'abc']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-accepted"/);
    r = await post(ag.m1, '/me/tasks', `/me/tasks/${task}/pieces`, [['accepted', '0']]);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-accepted"/);
    r = await post(ag.m1, '/me/tasks', `/me/tasks/${other}/pieces`, [['accepted', '3']]);
    assert.equal(r.status, 409, 'not her task');
    assert.match(r.text, /role="alert"/);
    r = await post(ag.m1, '/me/tasks', `/me/tasks/${task}/pieces`, [['accepted', '8'], ['recorded_on', today()]]);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/me/tasks?ok=pieces#task-${task}`);
    page = await ag.m1.get(r.location);
    const text = htmlText(page.text);
    assert.match(text, /待质检 8/);
    assert.match(text, /已记录，等待负责人质检/);
    const others = await ag.m2.get('/me/tasks');
    assert.doesNotMatch(htmlText(others.text), /待质检 8/, 'her records are hers');
    const noCsrf = await ag.m1.postForm(`/me/tasks/${task}/pieces`, { csrf: null, accepted: '5' });
    assert.equal(noCsrf.status, 403);
  });

  test('checked, paid for: her pay slip with its rows and the PDF; the levy in the fund', async () => {
    const pieces = await call(tok.lead_p, `/api/v1/projects/${P}/coop/pieces?pending=1`, undefined, 200, 'GET');
    const mine = pieces.items.find((p) => p.member_id === mem.m1 && p.task_id === task);
    assert.ok(mine, 'her pending record');
    await call(tok.lead_p, `/api/v1/projects/${P}/coop/pieces/${mine.id}/check`, { accepted: 7, rejected: 1 }, 200);
    const beforeLevy = (await fundApi()).balance_fen;
    await call(tok.lead_p, `/api/v1/projects/${P}/coop/orders/${order}/payments`, { amount_fen: 50000, paid_on: today() }, 201);
    assert.equal((await fundApi()).balance_fen, beforeLevy + 5000, 'ten per cent of the payment');
    const fund = await ag.m1.get(fundPage());
    const levy = entriesOf(fund.text)[0];
    assert.equal(levy.signed, 5000);
    assert.match(levy.what, new RegExp(`#${order}`), 'the levy names its order');
    const s = await call(tok.lead_p, `/api/v1/projects/${P}/coop/settlements`, { period_start: daysAgo(10), period_end: today() }, 201);
    let r = await ag.m1.get('/me/payslips');
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`href="/me/payslips/${s.id}"`));
    r = await ag.m1.get(`/me/payslips/${s.id}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<th class="num nowrap" id="total">¥10\.50<\/th>/, '7 × ¥1.50');
    assert.match(htmlText(r.text), /刺绣/);
    assert.match(r.text, /<dd id="owed"><strong>¥10\.50<\/strong>/);
    assert.match(r.text, new RegExp(`href="/me/payslips/${s.id}/payslip.pdf"`));
    const pdf = await raw(ag.m1, `/me/payslips/${s.id}/payslip.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const home = await ag.m1.get('/me/coop');
    assert.match(home.text, /<strong id="owed"[^>]*>¥10\.50<\/strong>/);
    assert.match(home.text, new RegExp(`id="latest-slip" href="/me/payslips/${s.id}"`));
    // another member's slip of the same settlement is not hers
    assert.equal((await ag.m2.get(`/me/payslips/${s.id}`)).status, 404);
    assert.equal((await raw(ag.m2, `/me/payslips/${s.id}/payslip.pdf`)).status, 404);
    assert.equal((await ag.m1.get('/me/payslips/999999')).status, 404);
  });
});

describe('roles', () => {
  test('every page: 200 for the roles allowed, 403 for the others', async () => {
    const pages = [fundPage(), congressPage(), meetingPage(), proposalPage(prop.grant)];
    for (const path of pages) {
      for (const login of ['lead_p', 'sup_p', 'auditor', 'm1']) {
        const r = await ag[login].get(path);
        assert.equal(r.status, 200, `${login} ${path}`);
      }
      for (const login of ['worker_p', 'admin']) {
        const r = await ag[login].get(path);
        assert.equal(r.status, 403, `${login} ${path}`);
      }
    }
    for (const path of ['/projects/1/fund', '/projects/1/congress']) {
      for (const login of ['leader', 'supervisor', 'auditor', 'member']) {
        assert.equal((await ag[login].get(path)).status, 200, `${login} ${path}`);
      }
      for (const login of ['worker', 'community', 'partner', 'admin']) {
        assert.equal((await ag[login].get(path)).status, 403, `${login} ${path}`);
      }
    }
    for (const path of ['/me/coop', '/me/tasks', '/me/payslips']) {
      assert.equal((await ag.member.get(path)).status, 200, `member ${path}`);
      for (const login of ['lead_p', 'sup_p', 'auditor', 'worker_p', 'admin', 'leader']) {
        assert.equal((await ag[login].get(path)).status, 403, `${login} ${path}`);
      }
    }
  });

  test('another project\'s records: 404', async () => {
    assert.equal((await ag.leader.get(`/projects/1/proposals/${prop.grant}`)).status, 404);
    assert.equal((await ag.leader.get(`/projects/1/congress/meetings/${meeting}`)).status, 404);
    assert.equal((await ag.lead_p.get(`/projects/${P}/proposals/999999`)).status, 404);
    assert.equal((await ag.lead_p.get(`/projects/${P}/congress/meetings/999999`)).status, 404);
  });

  test('a member sees no leader form anywhere', async () => {
    for (const path of [fundPage(), congressPage(), meetingPage(), proposalPage(prop.grant), proposalPage(prop.big)]) {
      const r = await ag.m1.get(path);
      assert.equal(r.status, 200, path);
      assert.doesNotMatch(r.text, /action="[^"]*(inflows|reverse|rules|reps|meetings|minutes|proposals|close|disbursements)"/, path);
    }
  });

  test('the demo member: her home answers', async () => {
    const r = await ag.member.get('/me/coop');
    assert.equal(r.status, 200);
    assert.match(htmlText(r.text), /我的合作社/);
  });
});
