// The participants' pages (src/web/page_intake.c) and the public sign-up page
// (src/web/page_signup.c): the list with its filters, search, paging and exports; the
// new-candidate form with its errors and the duplicate link; her page for each role
// (community staff see what screening needs and no phone); every stage form with its refusals
// (a skipped stage, a rejection without a reason, signing without approval, capacity full on a
// project of capacity 1); the home visit scored against the pass line; reveal (shown once, on
// the audit chain); consent given and withdrawn; incomes in yuan; assignment; exports;
// anonymisation; the rubric; and the public sign-up (thank-you, honeypot, duplicates,
// throttling, unknown project). No list or participant page ever holds a plain ID number.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

/** A valid 18-digit ID number (GB 11643 check digit) for a birth date and a 3-digit sequence. */
function idNumber(birth, seq) {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}
const masked = (id) => `${id.slice(0, 6)}********${id.slice(14)}`;

let phoneSeq = 0;
const nextPhone = () => `1770000${String(1000 + phoneSeq++).padStart(4, '0')}`;

let srv;
let worker;
let supervisor;
let community;
let admin;
let adminToken;
const plainIds = new Set(); // every ID number typed in: none may appear in a list or her page

before(async () => {
  srv = await startServer({ args: ['--trust-proxy'] });
  adminToken = await srv.tokenFor('admin');
  worker = newAgent(srv.base);
  supervisor = newAgent(srv.base);
  community = newAgent(srv.base);
  admin = newAgent(srv.base);
  for (const [a, login] of [[worker, 'worker'], [supervisor, 'supervisor'], [community, 'community'], [admin, 'admin']]) {
    const r = await a.login(login, `taxiang-${login}`);
    assert.equal(r.status, 303, `login ${login}`);
  }
});
after(async () => {
  await srv?.stop();
});

// ---- helpers -------------------------------------------------------------------------------

function assertNoPlainId(text, where) {
  for (const id of plainIds) assert.ok(!text.includes(id), `${where} holds the plain ID number ${id}`);
}

/** Creates a candidate through the form; returns her id. */
async function create(agent, fields, pid = 1) {
  const page = await agent.get(`/projects/${pid}/participants/new`);
  assert.equal(page.status, 200);
  if (fields.id_number) plainIds.add(fields.id_number);
  const r = await agent.postForm(`/projects/${pid}/participants`, { source: 'outreach', ...fields });
  assert.equal(r.status, 303, htmlText(r.text));
  const m = /\/participants\/(\d+)\?ok=created$/.exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

/** Opens her page (for the csrf token) and posts one of its forms. */
async function post(agent, pid, id, action, fields) {
  const page = await agent.get(`/projects/${pid}/participants/${id}`);
  assert.equal(page.status, 200);
  return agent.postForm(`/projects/${pid}/participants/${id}/${action}`, fields);
}

async function stageOf(agent, pid, id) {
  const r = await agent.get(`/projects/${pid}/participants/${id}`);
  assert.equal(r.status, 200);
  return /<div class="person-head"><h1>[^<]*<\/h1><span class="stage stage-([a-z_]+)"/.exec(r.text)[1];
}

/** The visible text of the error beside a field, or null. */
function fieldError(html, name) {
  const m = new RegExp(`<span class="field-error" id="err-${name}">([^<]*)</span>`).exec(html);
  return m ? m[1] : null;
}

/** Raw bytes of a GET with the agent's cookies (Response.text() would drop a BOM). */
async function raw(agent, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: agent.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Names listed on a list page, in order. */
const listedNames = (html) => [...html.matchAll(/<td class="name"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);

/** A home visit scoring 88 under the default rubric (15+10+15+15+25+8). */
const VISIT = {
  family: '两个孩子在上小学\n丈夫在外地打工',
  children_at_school: '1', husband_away: '1', free_time: '5', learning_ability: '4',
  will_to_work: '5', ability_to_work: '3', skills: '缝纫', income: '1234.50', needs: '学一门手艺',
};

/** Takes her from signed_up to final_review with an approved review (worker + supervisor). */
async function toApproved(pid, id, w = worker, s = supervisor) {
  assert.equal((await post(w, pid, id, 'transition', { to: 'registry_screened' })).status, 303);
  await w.get(`/projects/${pid}/participants/${id}/home-visit`);
  assert.equal((await w.postForm(`/projects/${pid}/participants/${id}/home-visit`, VISIT)).status, 303);
  assert.equal((await post(w, pid, id, 'transition', { to: 'home_visited' })).status, 303);
  assert.equal((await post(w, pid, id, 'transition', { to: 'final_review' })).status, 303);
  assert.equal((await post(s, pid, id, 'final-review', { approved: '1', note: '同意' })).status, 303);
}

const SIGN = { to: 'signed', consent_version: '2024.1', consent_method: 'written', consent_purposes: 'service' };

// ---- the list --------------------------------------------------------------------------------

describe('candidate list', () => {
  let a;
  let b;
  const phoneA = nextPhone();
  const idA = idNumber('19880302', 101);

  before(async () => {
    a = await create(worker, { name: '筛选甲', source: 'publicity', phone: phoneA, id_number: idA });
    b = await create(worker, { name: '筛选乙', source: 'self', phone: nextPhone() });
  });

  test('search by name, by phone; filter by source and stage; the total', async () => {
    let r = await worker.get('/projects/1/participants?q=筛选');
    assert.equal(r.status, 200);
    assert.deepEqual(listedNames(r.text), ['筛选甲', '筛选乙']);
    assert.match(htmlText(r.text), /共 2 人/);
    assert.match(r.text, new RegExp(masked(idA).replace(/\*/g, '\\*')), 'the masked ID number is listed');

    r = await worker.get(`/projects/1/participants?q=${phoneA}`);
    assert.deepEqual(listedNames(r.text), ['筛选甲']);

    r = await worker.get('/projects/1/participants?q=筛选&source=self');
    assert.deepEqual(listedNames(r.text), ['筛选乙']);
    assert.match(r.text, /<option value="self" selected>/, 'the chosen filter is kept');

    assert.equal((await post(worker, 1, a, 'transition', { to: 'registry_screened' })).status, 303);
    r = await worker.get('/projects/1/participants?q=筛选&stage=registry_screened');
    assert.deepEqual(listedNames(r.text), ['筛选甲']);
    assert.match(htmlText(r.text), /共 1 人/);

    r = await worker.get('/projects/1/participants?stage=nonsense');
    assert.equal(r.status, 422);
  });

  test('50 a page with a next-page link (after= the last id); the pages do not overlap', async () => {
    const first = await worker.get('/projects/1/participants');
    const names1 = listedNames(first.text);
    assert.equal(names1.length, 50);
    const next = /<a rel="next" href="([^"]+)"/.exec(first.text);
    assert.ok(next, 'a next-page link');
    const href = next[1].replace(/&amp;/g, '&');
    const lastId = Number([...first.text.matchAll(/<td class="name"><a href="\/projects\/1\/participants\/(\d+)"/g)].at(-1)[1]);
    assert.equal(href, `/projects/1/participants?after=${lastId}`);
    const second = await worker.get(href);
    assert.equal(second.status, 200);
    const ids2 = [...second.text.matchAll(/<td class="name"><a href="\/projects\/1\/participants\/(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(ids2.length > 0 && ids2.every((id) => id > lastId), 'the second page continues after the first');
    const total = Number(/共 (\d+) 人/.exec(htmlText(first.text))[1]);
    assert.equal(Number(/共 (\d+) 人/.exec(htmlText(second.text))[1]), total);
    assert.ok(total > 50);
  });

  test('exports of the same filter: CSV with a byte order mark, XLSX as a zip; masked IDs only', async () => {
    const csv = await raw(worker, '/projects/1/participants.csv?q=筛选');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="participants.csv"/);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const text = csv.bytes.toString('utf8');
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 3, 'a header and the two filtered rows');
    assert.match(lines[1], /筛选甲/);
    assert.ok(text.includes(masked(idA)));
    assertNoPlainId(text, 'the CSV export');

    const xlsx = await raw(worker, '/projects/1/participants.xlsx?source=self&q=筛选');
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);

    // the list links to both exports of the filter on screen
    const page = await worker.get('/projects/1/participants?q=筛选&source=self');
    assert.match(page.text, /href="\/projects\/1\/participants\.csv\?source=self&amp;q=%E7%AD%9B%E9%80%89"/);
    assert.match(page.text, /href="\/projects\/1\/participants\.xlsx\?source=self&amp;q=%E7%AD%9B%E9%80%89"/);
  });

  test('community staff: name, masked ID, birth date, stage; no phone, no export, no new button', async () => {
    const r = await community.get('/projects/1/participants?q=筛选');
    assert.equal(r.status, 200);
    assert.deepEqual(listedNames(r.text), ['筛选甲', '筛选乙']);
    assert.ok(!r.text.includes(phoneA), 'no phone');
    assert.ok(r.text.includes(masked(idA)));
    assert.ok(r.text.includes('1988-03-02'), 'the birth date');
    assert.ok(!/participants\.(csv|xlsx)/.test(r.text), 'no export links');
    assert.ok(!r.text.includes('/participants/new'), 'no new-candidate button');
    const byPhone = await community.get(`/projects/1/participants?q=${phoneA}`);
    assert.deepEqual(listedNames(byPhone.text), [], 'a phone number finds nobody for community staff');
    assert.equal((await community.get('/projects/1/participants.csv')).status, 403);
    assert.equal((await community.get('/projects/1/participants/new')).status, 403);
    void b;
  });
});

// ---- the new-candidate form --------------------------------------------------------------------

describe('new candidate form', () => {
  test('errors beside their field (422), values kept; nothing created', async () => {
    await worker.get('/projects/1/participants/new');
    let r = await worker.postForm('/projects/1/participants', { name: '表单错误', source: 'outreach', phone: '12345' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'phone'), /phone：请输入 11 位手机号码/);
    assert.match(r.text, /name="name" value="表单错误"/);
    assert.match(r.text, /name="phone" value="12345"[^>]*aria-invalid="true"/);

    r = await worker.postForm('/projects/1/participants', { name: '表单错误', source: 'outreach', id_number: '110105194912310021' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'id_number'), /校验位不正确/);

    r = await worker.postForm('/projects/1/participants', { name: '', source: 'outreach' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'name'), /此项必填/);

    const list = await worker.get('/projects/1/participants?q=表单错误');
    assert.deepEqual(listedNames(list.text), []);
  });

  test('a duplicate (same phone) → 409 with a link to open the existing record', async () => {
    const phone = nextPhone();
    const first = await create(worker, { name: '重复甲', phone });
    await worker.get('/projects/1/participants/new');
    const r = await worker.postForm('/projects/1/participants', { name: '重复乙', source: 'self', phone: `+86 ${phone}` });
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /该人员已经登记过/);
    assert.match(r.text, new RegExp(`<a href="/projects/1/participants/${first}">打开已有记录</a>`));
    const id = idNumber('19900101', 202);
    await create(worker, { name: '重复丙', id_number: id });
    const r2 = await worker.postForm('/projects/1/participants', { name: '重复丁', source: 'self', id_number: id.toLowerCase() });
    assert.equal(r2.status, 409);
    assertNoPlainId(htmlText(r2.text), 'the duplicate notice');
  });
});

// ---- her page ------------------------------------------------------------------------------

describe('her page', () => {
  let id;
  const phone = nextPhone();
  const plain = idNumber('19850520', 303);

  before(async () => {
    id = await create(worker, { name: '页面甲', phone, id_number: plain, birth_date: '1985-05-20', heard_from: '邻居介绍' });
  });

  test('social worker: details, masked ID with a reveal button, the timeline, the stage forms', async () => {
    const r = await worker.get(`/projects/1/participants/${id}?ok=created`);
    assert.equal(r.status, 200);
    const text = htmlText(r.text);
    assert.match(text, /已登记。/);
    assert.ok(r.text.includes(phone));
    assert.ok(r.text.includes(masked(plain)));
    assert.match(r.text, new RegExp(`action="/projects/1/participants/${id}/reveal"`));
    assert.match(text, /邻居介绍/);
    assert.match(r.text, /<ol class="timeline"><li class="tl-transition">/);
    assert.match(r.text, /name="to" value="registry_screened"/);
    assert.match(r.text, /name="to" value="rejected"/);
    assert.match(r.text, /name="to" value="waitlisted"/);
    assert.ok(!r.text.includes('name="to" value="signed"'), 'no sign form at signed_up');
    assertNoPlainId(r.text, 'her page');
  });

  test('community staff: name, masked ID, birth date, stage and the screening form; no phone', async () => {
    const r = await community.get(`/projects/1/participants/${id}`);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes(phone), 'no phone');
    assert.ok(!r.text.includes('邻居介绍'), 'no free texts');
    assert.ok(!r.text.includes('/reveal'), 'no reveal');
    assert.ok(!r.text.includes('class="timeline"'), 'no timeline');
    assert.ok(!r.text.includes('/export.json'), 'no export');
    assert.ok(r.text.includes(masked(plain)));
    assert.ok(r.text.includes('1985-05-20'));
    assert.match(r.text, /name="to" value="registry_screened"/);
    assert.match(r.text, /name="to" value="rejected"/);
    assert.ok(!r.text.includes('value="waitlisted"'), 'community staff do not waitlist');
    assertNoPlainId(r.text, 'her page (community)');
    assert.equal((await community.get(`/projects/1/participants/${id}/export.json`)).status, 403);
    assert.equal((await community.postForm(`/projects/1/participants/${id}/reveal`, {})).status, 403);
  });

  test('reveal: the full number once, a reveal_id entry on the audit chain, masked again after', async () => {
    const r = await post(worker, 1, id, 'reveal', {});
    assert.equal(r.status, 200);
    assert.equal(r.text.split(plain).length - 1, 1, 'the full number appears exactly once');
    assert.match(htmlText(r.text), /查看已记入审计日志/);
    const again = await worker.get(`/projects/1/participants/${id}`);
    assert.ok(!again.text.includes(plain));
    const audit = await api(srv.base, '/api/v1/audit?action=reveal_id&entity=participant', { token: adminToken });
    assert.equal(audit.status, 200);
    const entry = audit.json.items.find((e) => e.entity_id === id);
    assert.ok(entry, 'a reveal_id entry for her');
    assert.equal(entry.actor, 'worker');
    assert.ok(!JSON.stringify(entry).includes(plain));

    const none = await create(worker, { name: '无证件', phone: nextPhone() });
    const r2 = await post(worker, 1, none, 'reveal', {});
    assert.equal(r2.status, 404);
    assert.match(htmlText(r2.text), /没有登记身份证号/);
  });

  test('community staff screen her: signed_up → registry_screened', async () => {
    const other = await create(worker, { name: '核查甲', phone: nextPhone() });
    await community.get(`/projects/1/participants/${other}`);
    const r = await community.postForm(`/projects/1/participants/${other}/transition`, { to: 'registry_screened' });
    assert.equal(r.status, 303);
    assert.equal(await stageOf(community, 1, other), 'registry_screened');
    // …and nothing beyond
    const r2 = await community.postForm(`/projects/1/participants/${other}/transition`, { to: 'rejected', reason: '不符合' });
    assert.equal(r2.status, 403);
  });

  test('a case note is on her timeline by date and author, its body only in the casework section', async () => {
    const r = await post(worker, 1, id, 'notes', { kind: 'note', body: '时间线里不显示的内容', sensitive: '1' });
    assert.equal(r.status, 303, htmlText(r.text));
    const page = await worker.get(`/projects/1/participants/${id}`);
    const timeline = /<section class="card" id="timeline">.*?<\/section>/s.exec(page.text)[0];
    const note = /<li class="tl-note">.*?<\/li>/s.exec(timeline);
    assert.ok(note, 'the note is on the timeline');
    assert.match(htmlText(note[0]), /^\d{4}-\d\d-\d\d 个案记录 （敏感） worker$/);
    assert.match(note[0], /href="#note-\d+"/);
    assert.ok(!timeline.includes('时间线里不显示的内容'), 'no note body on the timeline');
  });

  test('another project\'s participant, or none, is not found', async () => {
    assert.equal((await worker.get('/projects/1/participants/999999')).status, 404);
    assert.equal((await worker.get(`/projects/2/participants/${id}`)).status, 404);
  });
});

// ---- the stage forms ------------------------------------------------------------------------

describe('stage forms', () => {
  let id;
  before(async () => {
    id = await create(worker, { name: '流程甲', phone: nextPhone(), id_number: idNumber('19920704', 404) });
  });

  test('skipping a stage → 409 with the message; nothing changes', async () => {
    const r = await post(worker, 1, id, 'transition', { to: 'final_review' });
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /不能从当前阶段直接转到该阶段/);
    assert.equal(await stageOf(worker, 1, id), 'signed_up');
  });

  test('rejection without a reason → 422 beside the reason field of that form', async () => {
    const r = await post(worker, 1, id, 'transition', { to: 'rejected', reason: '' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'reason'), /请填写原因/);
    assert.match(r.text, /<form method="post" class="stack" action="[^"]*\/transition" id="stop">/);
    assert.equal(await stageOf(worker, 1, id), 'signed_up');
  });

  test('a date before the previous stage → 422 on the date; one in the future too', async () => {
    const r = await post(worker, 1, id, 'transition', { to: 'registry_screened', on: '2000-01-01' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'on'), /不能早于上一个阶段/);
    const r2 = await post(worker, 1, id, 'transition', { to: 'registry_screened', on: '2999-01-01' });
    assert.equal(r2.status, 422);
    assert.match(fieldError(r2.text, 'on'), /不能晚于今天/);
  });

  test('home visited needs the home-visit form first; the form scores her against the pass line', async () => {
    assert.equal((await post(worker, 1, id, 'transition', { to: 'registry_screened' })).status, 303);
    let r = await post(worker, 1, id, 'transition', { to: 'home_visited' });
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /请先填写入户评估表/);

    const form = await worker.get(`/projects/1/participants/${id}/home-visit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="free_time" value="5"/);
    r = await worker.postForm(`/projects/1/participants/${id}/home-visit`, { ...VISIT, income: '12.345' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'income'), /1234\.50/);
    assert.match(r.text, /name="will_to_work" value="5" checked/, 'answers are kept');
    r = await worker.postForm(`/projects/1/participants/${id}/home-visit`, { ...VISIT, free_time: '' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'free_time'));

    r = await worker.postForm(`/projects/1/participants/${id}/home-visit`, VISIT);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/projects/1/participants/${id}?ok=home_visit#next`);
    const page = await worker.get(`/projects/1/participants/${id}`);
    const text = htmlText(page.text);
    assert.match(text, /入户评估得分 88 \/ 合格线 60 达到合格线/);
    assert.match(text, /2\d{3}-\d\d ¥1234\.50 基线/, 'the baseline income, in exact fen');
    assert.match(text, /两个孩子在上小学 丈夫在外地打工/, 'the family text, line breaks as spaces');
    assert.match(page.text, /name="to" value="home_visited"/);
  });

  test('signing without a supervisor\'s approval → 409; then approved, signed with consent', async () => {
    assert.equal((await post(worker, 1, id, 'transition', { to: 'home_visited' })).status, 303);
    assert.equal((await post(worker, 1, id, 'transition', { to: 'final_review' })).status, 303);
    let r = await post(worker, 1, id, 'transition', SIGN);
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /签约需要督导在终审中批准/);

    // a social worker cannot decide the review
    r = await worker.postForm(`/projects/1/participants/${id}/final-review`, { approved: '1' });
    assert.equal(r.status, 403);
    // the supervisor sees the review form; a missing answer is refused beside its field
    const sv = await supervisor.get(`/projects/1/participants/${id}`);
    assert.match(sv.text, /action="\/projects\/1\/participants\/\d+\/final-review"/);
    r = await supervisor.postForm(`/projects/1/participants/${id}/final-review`, { note: '缺少结论' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'approved'));
    r = await supervisor.postForm(`/projects/1/participants/${id}/final-review`, { approved: '1', note: '材料齐全\n同意签约' });
    assert.equal(r.status, 303);

    r = await post(worker, 1, id, 'transition', { ...SIGN, consent_purposes: 'employer' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'consent_purposes'), /接受服务/);
    assert.match(r.text, /name="consent_purposes" value="employer" checked/, 'the ticks are kept');
    r = await post(worker, 1, id, 'transition', { ...SIGN, consent_version: '' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'consent_version'));

    r = await post(worker, 1, id, 'transition', SIGN);
    assert.equal(r.status, 303);
    const page = await worker.get(`/projects/1/participants/${id}`);
    assert.equal(/<span class="stage stage-([a-z_]+)"/.exec(page.text)[1], 'signed');
    const text = htmlText(page.text);
    assert.match(text, /终审 · 批准 材料齐全 同意签约/);
    assert.match(text, /接受服务 已同意 \d{4}-\d\d-\d\d · 2024\.1 · 书面签字/);
    assert.match(page.text, /name="to" value="exited"/);
  });

  test('consent withdrawn, and given for another purpose', async () => {
    let r = await post(worker, 1, id, 'consent', { purpose: 'service', granted: '0' });
    assert.equal(r.status, 303);
    r = await post(worker, 1, id, 'consent', { purpose: 'employer', granted: '1', version: '2024.1', method: 'verbal' });
    assert.equal(r.status, 303);
    const text = htmlText((await worker.get(`/projects/1/participants/${id}`)).text);
    assert.match(text, /接受服务 已撤回/);
    assert.match(text, /向用工企业提供信息 已同意 \d{4}-\d\d-\d\d · 2024\.1 · 口头同意/);
    r = await post(worker, 1, id, 'consent', { purpose: 'gossip', granted: '1' });
    assert.equal(r.status, 422);
  });

  test('follow-up income in yuan → exact fen; bad month and amount refused beside their field', async () => {
    let r = await post(worker, 1, id, 'income', { month: '2024-13', amount: '100' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'month'));
    r = await post(worker, 1, id, 'income', { month: '2024-05', amount: '1,5' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'amount'));
    assert.match(r.text, /name="amount" value="1,5"/);
    r = await post(worker, 1, id, 'income', { month: '2024-05', amount: '2500.5' });
    assert.equal(r.status, 303);
    assert.match(htmlText((await worker.get(`/projects/1/participants/${id}`)).text), /2024-05 ¥2500\.50 跟进/);
    r = await post(worker, 1, id, 'income', { month: '2024-05', amount: '1' });
    assert.equal(r.status, 409, 'the same month twice');
  });

  test('assign her social worker from the project\'s social workers', async () => {
    const page = await worker.get(`/projects/1/participants/${id}`);
    const opt = /<select name="worker_id" required>.*?<option value="(\d+)"[^>]*>worker<\/option>/s.exec(page.text);
    assert.ok(opt, 'the demo worker is offered');
    let r = await worker.postForm(`/projects/1/participants/${id}/assign`, { worker_id: opt[1] });
    assert.equal(r.status, 303);
    assert.match(htmlText((await worker.get(`/projects/1/participants/${id}`)).text), /负责社工 worker/);
    await worker.get(`/projects/1/participants/${id}`);
    r = await worker.postForm(`/projects/1/participants/${id}/assign`, { worker_id: '1' }); // the admin
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'worker_id'));
  });

  test('exit records whether her life changed', async () => {
    let r = await post(worker, 1, id, 'transition', { to: 'exited' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'life_changed'));
    r = await post(worker, 1, id, 'transition', { to: 'exited', life_changed: '1', reason: '找到工作' });
    assert.equal(r.status, 303);
    const text = htmlText((await worker.get(`/projects/1/participants/${id}`)).text);
    assert.match(text, /参加项目后她的生活有改变吗？ 是/);
    assert.match(text, /已签约 → 已结案 找到工作/);
  });

  test('her data exported as JSON and XLSX, masked', async () => {
    const j = await raw(worker, `/projects/1/participants/${id}/export.json`);
    assert.equal(j.status, 200);
    assert.match(j.headers.get('content-type'), /^application\/json/);
    assert.match(j.headers.get('content-disposition'), new RegExp(`participant-${id}\\.json`));
    const data = JSON.parse(j.bytes.toString('utf8'));
    assert.equal(data.name, '流程甲');
    assert.ok(data.transitions.length >= 6);
    assertNoPlainId(j.bytes.toString('utf8'), 'the JSON export');
    const x = await raw(worker, `/projects/1/participants/${id}/export.xlsx`);
    assert.equal(x.status, 200);
    assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  });
});

// ---- capacity, on a project of capacity 1 ---------------------------------------------------

describe('capacity full', () => {
  let pid;
  let w2;
  let s2;
  before(async () => {
    const r = await api(srv.base, '/api/v1/projects', {
      method: 'POST', token: adminToken, json: { name: '一个名额', community: '东关社区', capacity: 1 },
    });
    assert.equal(r.status, 201, r.text);
    pid = r.json.id;
    for (const [login, role] of [['w2', 'social_worker'], ['s2', 'supervisor']]) {
      await runCliOk(['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--project', String(pid), '--password-stdin'], {
        input: 'correct horse battery\n',
      });
    }
    w2 = newAgent(srv.base);
    s2 = newAgent(srv.base);
    assert.equal((await w2.login('w2', 'correct horse battery')).status, 303);
    assert.equal((await s2.login('s2', 'correct horse battery')).status, 303);
  });

  test('the second signing → 409 capacity_full; the waitlist form is offered with the reason', async () => {
    const first = await create(w2, { name: '名额甲', phone: nextPhone() }, pid);
    const second = await create(w2, { name: '名额乙', phone: nextPhone() }, pid);
    await toApproved(pid, first, w2, s2);
    await toApproved(pid, second, w2, s2);
    assert.equal((await post(w2, pid, first, 'transition', SIGN)).status, 303);
    const r = await post(w2, pid, second, 'transition', SIGN);
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /项目名额已满，可以将她列入候补/);
    assert.match(r.text, /name="reason" value="项目名额已满"/, 'the waitlist form carries the reason');
    assert.equal(await stageOf(w2, pid, second), 'final_review');
    const wl = await post(w2, pid, second, 'transition', { to: 'waitlisted', reason: '项目名额已满' });
    assert.equal(wl.status, 303);
    assert.equal(await stageOf(w2, pid, second), 'waitlisted');
    // project 1's worker cannot open her
    assert.equal((await worker.get(`/projects/1/participants/${second}`)).status, 404);
    assert.equal((await worker.get(`/projects/${pid}/participants/${second}`)).status, 404);
  });

  test('the rubric page: points must add up to 100; a new pass line is used by the next visit', async () => {
    let r = await s2.get(`/projects/${pid}/rubric`);
    assert.equal(r.status, 200);
    assert.match(r.text, /name="will_to_work" value="25"/);
    const points = { children_at_school: '15', husband_away: '10', free_time: '15', learning_ability: '20', will_to_work: '25', ability_to_work: '14', pass_line: '90' };
    r = await s2.postForm(`/projects/${pid}/rubric`, points);
    assert.equal(r.status, 422);
    assert.match(htmlText(r.text), /之和必须等于 100/);
    assert.match(r.text, /name="ability_to_work" value="14"/);
    r = await s2.postForm(`/projects/${pid}/rubric`, { ...points, ability_to_work: '15' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/projects/${pid}/rubric?ok=saved`);
    assert.match((await s2.get(r.location)).text, /name="pass_line" value="90"/);
    assert.equal((await w2.get(`/projects/${pid}/rubric`)).status, 403);

    const third = await create(w2, { name: '名额丙', phone: nextPhone() }, pid);
    assert.equal((await post(w2, pid, third, 'transition', { to: 'registry_screened' })).status, 303);
    await w2.get(`/projects/${pid}/participants/${third}/home-visit`);
    assert.equal((await w2.postForm(`/projects/${pid}/participants/${third}/home-visit`, VISIT)).status, 303);
    assert.match(htmlText((await w2.get(`/projects/${pid}/participants/${third}`)).text), /入户评估得分 88 \/ 合格线 90 未达到合格线/);
  });
});

// ---- anonymisation --------------------------------------------------------------------------

describe('anonymise', () => {
  test('needs the confirmation box; then her name, phone and ID number are gone, the stages stay', async () => {
    const phone = nextPhone();
    const id = await create(worker, { name: '匿名甲', phone, id_number: idNumber('19870909', 505) });
    assert.equal((await post(worker, 1, id, 'anonymise', { confirm: '1' })).status, 403, 'not for social workers');
    const page = await supervisor.get(`/projects/1/participants/${id}`);
    assert.match(page.text, /name="confirm"/);
    let r = await supervisor.postForm(`/projects/1/participants/${id}/anonymise`, {});
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'confirm'));
    assert.match(htmlText(r.text), /匿名甲/);
    r = await supervisor.postForm(`/projects/1/participants/${id}/anonymise`, { confirm: '1' });
    assert.equal(r.status, 303);
    const after = await supervisor.get(r.location);
    const text = htmlText(after.text);
    assert.match(text, /已匿名化。/);
    assert.match(text, new RegExp(`#${id}`));
    assert.ok(!after.text.includes('匿名甲') && !after.text.includes(phone));
    assert.match(after.text, /<li class="tl-transition">/, 'the timeline stays');
    assert.ok(!after.text.includes('name="to"'), 'no stage forms any more');
  });
});

// ---- the public sign-up ---------------------------------------------------------------------

describe('public sign-up', () => {
  /** A visitor from her own address (the server trusts X-Real-IP in this file). */
  const visitor = (n) => newAgent(srv.base, { headers: { 'X-Real-IP': `203.0.113.${n}` } });

  test('the form: no account needed, csrf, a hidden honeypot field', async () => {
    const v = visitor(1);
    const r = await v.get('/signup/1');
    assert.equal(r.status, 200);
    assert.ok(v.csrf, 'a csrf field');
    assert.ok(v.cookie('tx_pre'), 'the pre-login cookie');
    assert.match(r.text, /他乡的妳 · 西闫社区/);
    assert.match(r.text, /<div class="hp" aria-hidden="true"><label>[^<]*<input type="text" name="website" value="" autocomplete="off" tabindex="-1">/);
    assert.match(r.text, /name="phone"[^>]*required/);
  });

  test('a sign-up → the thank-you page saying what happens next; she is listed with source self', async () => {
    const v = visitor(2);
    const phone = nextPhone();
    await v.get('/signup/1');
    const r = await v.postForm('/signup/1', { name: '自主报名甲', phone, heard_from: '微信群' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/signup/1?thanks=1');
    const thanks = await v.get(r.location);
    assert.equal(thanks.status, 200);
    const text = htmlText(thanks.text);
    assert.match(text, /报名成功，谢谢您！/);
    assert.match(text, /社工会给您打电话/);
    assert.match(text, /只用于本项目/);
    const list = await worker.get(`/projects/1/participants?q=${phone}&source=self`);
    assert.deepEqual(listedNames(list.text), ['自主报名甲']);
  });

  test('a duplicate gets the same thank-you and creates nothing', async () => {
    const v = visitor(3);
    const phone = nextPhone();
    await create(worker, { name: '已登记', phone });
    await v.get('/signup/1');
    const r = await v.postForm('/signup/1', { name: '又报一次', phone });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/signup/1?thanks=1');
    const list = await worker.get(`/projects/1/participants?q=${phone}`);
    assert.deepEqual(listedNames(list.text), ['已登记']);
  });

  test('a filled honeypot gets the same thank-you and creates nothing', async () => {
    const v = visitor(4);
    const phone = nextPhone();
    await v.get('/signup/1');
    const r = await v.postForm('/signup/1', { name: '机器人', phone, website: 'http://spam.example' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/signup/1?thanks=1');
    const list = await worker.get(`/projects/1/participants?q=${phone}`);
    assert.deepEqual(listedNames(list.text), []);
  });

  test('bad input → 422 beside the field, values kept; no csrf → 403', async () => {
    const v = visitor(5);
    await v.get('/signup/1');
    const r = await v.postForm('/signup/1', { name: '号码错', phone: '1234' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'phone'));
    assert.match(r.text, /name="name" value="号码错"/);
    const r2 = await v.postForm('/signup/1', { name: '无令牌', phone: nextPhone(), csrf: null });
    assert.equal(r2.status, 403);
  });

  test('an unknown project → 404', async () => {
    const v = visitor(6);
    assert.equal((await v.get('/signup/999')).status, 404);
    await v.get('/signup/1');
    assert.equal((await v.postForm('/signup/999', { name: '无项目', phone: nextPhone() })).status, 404);
  });

  test('throttled per address: 429 with a clear message after the limit; others still sign up', async () => {
    const v = visitor(7);
    await v.get('/signup/1');
    let last;
    for (let i = 0; i < 10; i++) {
      last = await v.postForm('/signup/1', { name: `批量${i}`, phone: nextPhone() });
      assert.equal(last.status, 303, `sign-up ${i + 1}`);
    }
    const phone = nextPhone();
    last = await v.postForm('/signup/1', { name: '第十一个', phone });
    assert.equal(last.status, 429);
    assert.match(htmlText(last.text), /报名太多了/);
    assert.equal(last.headers.get('retry-after'), '3600');
    assert.deepEqual(listedNames((await worker.get(`/projects/1/participants?q=${phone}`)).text), []);
    const other = visitor(8);
    await other.get('/signup/1');
    assert.equal((await other.postForm('/signup/1', { name: '别处的人', phone: nextPhone() })).status, 303);
  });
});

// ---- no plain ID number on any list or participant page ---------------------------------------

describe('personal data', () => {
  test('no list or participant page, for any role, holds a plain ID number', async () => {
    assert.ok(plainIds.size >= 5);
    for (const agent of [worker, supervisor, community]) {
      let path = '/projects/1/participants';
      for (let n = 0; path && n < 5; n++) {
        const r = await agent.get(path);
        assert.equal(r.status, 200);
        assertNoPlainId(r.text, path);
        const next = /<a rel="next" href="([^"]+)"/.exec(r.text);
        path = next ? next[1].replace(/&amp;/g, '&') : null;
      }
      const list = await agent.get('/projects/1/participants?after=80');
      for (const m of list.text.matchAll(/<td class="name"><a href="([^"]+)"/g)) {
        const page = await agent.get(m[1]);
        assert.equal(page.status, 200);
        assertNoPlainId(page.text, m[1]);
      }
    }
  });
});
