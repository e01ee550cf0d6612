// Community pages over HTTP (page_community.c): activities with the summary, the roll call with
// guests and the QR code; the friendship network with the women still alone first; mentorship
// pairs, meetings and the end of a pair; the community card on her page; the XLSX exports.
// Every form goes through newAgent with its CSRF field, as a browser sends it. Set-up: the demo
// project (its 50 signed women, with activities, ties and pairs of their own: there the counts
// are checked as differences, new ties join women not tied yet and new pairs use women in no
// pair); a second project, with an activity, two participants, a tie and a pair of its own (made
// by an organisation-wide supervisor, `sup_all`), for the "another project's id" checks; and a
// new, empty project with eight signed women and a social worker of its own (`worker_f`), where
// what counts from zero (everyone alone, the summary) is checked exactly. What is checked is what
// a user sees: status, redirect, the page's text, the error beside its field, and that a refused
// form wrote nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const ag = {}; // login -> logged-in agent
let women; // [{ id, name }] of project 1, by name (the selects' order)
let free; // the women of project 1 in no mentorship pair, mentor or newcomer
let first; // free[0]: ticked at the activity, then mentor of second (free[1])
let second;
let other; // { pid, activity, tie, pair } in the second project
let F; // the new, empty project
let fw; // [{ id, name }] of the new project, by name
const P1 = 1;

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

async function raw(a, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: a.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function assertXlsx(x) {
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal(x.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
}

/** Every item of a paged list of the API. */
async function allItems(token, path) {
  const items = [];
  let next = '';
  for (;;) {
    const r = await api(srv.base, `${path}?limit=500${next ? `&after=${next}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (!r.json.next) return items;
    next = r.json.next;
  }
}

const VISIT = {
  children_at_school: true, husband_away: true, free_time: 4, learning_ability: 4, will_to_work: 5,
  ability_to_work: 4, family: '丈夫在外地打工', skills: '缝纫', needs: '希望学习电商', monthly_income_fen: 80000,
};
const SIGN = { to: 'signed', consent_version: '2024-v1', consent_method: 'paper', consent_purposes: ['service'] };

/** A woman walked to `signed` through the API by the project's social worker, approved by a supervisor. */
async function signedWoman(pid, name, workerTok, supTok) {
  const base = `/api/v1/projects/${pid}/participants`;
  const call = async (token, path, json, status) => {
    const r = await api(srv.base, path, { method: 'POST', token, json });
    assert.equal(r.status, status, `${path}: ${r.text}`);
    return r.json;
  };
  const id = (await call(workerTok, base, { name, source: 'outreach' }, 201)).id;
  await call(workerTok, `${base}/${id}/transitions`, { to: 'registry_screened' }, 200);
  await call(workerTok, `${base}/${id}/assessments`, { kind: 'home_visit', answers: VISIT }, 201);
  await call(workerTok, `${base}/${id}/transitions`, { to: 'home_visited' }, 200);
  await call(workerTok, `${base}/${id}/transitions`, { to: 'final_review' }, 200);
  await call(supTok, `${base}/${id}/assessments`, { kind: 'final_review', approved: true }, 201);
  await call(workerTok, `${base}/${id}/transitions`, SIGN, 200);
  return id;
}

/** The women a ties page's form offers, by name. */
function womenOf(html) {
  const select = /<select name="a"[^>]*>([\s\S]*?)<\/select>/.exec(html)[1];
  return [...select.matchAll(/<option value="(\d+)">([^<]*)<\/option>/g)].map((m) => ({ id: Number(m[1]), name: m[2] }));
}

/** The counts table of a ties page, in the page's order: [{ id, name, alone, friends }]. */
function countRows(html) {
  const counts = html.split('id="counts"')[1].split('</section>')[0];
  const rows = counts.matchAll(/<tr( class="cp-alone")?><td><a href="\/projects\/\d+\/participants\/(\d+)">([^<]*)<\/a>[\s\S]*?<td class="num">(\d+)<\/td>/g);
  return [...rows].map((x) => ({ id: Number(x[2]), name: x[3], alone: Boolean(x[1]), friends: Number(x[4]) }));
}

/** The activities page's summary: women who came, guest visits, volunteer hours. */
function summaryOf(html) {
  const m = /社区参与概况 .*?(\d+) 参加过活动的学员 (\d+) 居民来宾人次 (\d+\.\d) 志愿服务时长（小时）/.exec(htmlText(html));
  assert.ok(m, 'the summary');
  return { women: Number(m[1]), guests: Number(m[2]), hours: m[3] };
}

/** The mentorship page's reach. */
function reachOf(html) {
  const m = /传帮带覆盖 (\d+) 结对 (\d+) 导师 (\d+) 新人 (\d+) 间接带动人数 (\d+) 共覆盖人数/.exec(htmlText(html));
  assert.ok(m, 'the reach');
  const [pairs, mentors, newcomers, further, total] = m.slice(1).map(Number);
  return { pairs, mentors, newcomers, further, total };
}

// The server's clock (TAXIANG_NOW): 10:00 in Shanghai today, so that a code for an activity at
// 09:30 is still valid and one for yesterday's has expired, whatever the hour of the run.
const DAY = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const NOW = Date.parse(`${DAY}T10:00:00+08:00`) / 1000;
const dayOffset = (d) => new Date((NOW + 8 * 3600 + d * 86400) * 1000).toISOString().slice(0, 10);
const today = () => dayOffset(0);

/** GET a page (for its csrf), then post a form to path; returns the POST's response. */
async function post(a, page, path, fields) {
  const g = await a.get(page);
  assert.equal(g.status, 200, `GET ${page}`);
  return a.postForm(path, fields);
}

/** Creates an activity through the form; returns its id. */
async function newActivity(a, pid, fields) {
  const r = await post(a, `/projects/${pid}/activities`, `/projects/${pid}/activities`, {
    kind: 'integration', held_on: today(), start_time: '09:30', minutes: '90', ...fields,
  });
  assert.equal(r.status, 303, r.text);
  const m = new RegExp(`^/projects/${pid}/activities/(\\d+)\\?ok=activity$`).exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

/** Saves a roll call through the activity's form: women's ids and guests [[name, phone]]. */
async function rollCall(a, pid, aid, ids, guests = []) {
  const page = `/projects/${pid}/activities/${aid}`;
  await a.get(page);
  // postForm takes one value per key: a roll call has several, so the body is built here
  const body = new URLSearchParams([['csrf', a.csrf], ...ids.map((id) => ['p', String(id)])]);
  for (const [name, phone] of guests) {
    body.append('gname', name);
    body.append('gphone', phone);
  }
  return a.request('POST', `${page}/attendance`, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(),
  });
}

const checkedIds = (html) => [...html.matchAll(/name="p" value="(\d+)" checked/g)].map((m) => Number(m[1]));
const rollIds = (html) => [...html.matchAll(/name="p" value="(\d+)"/g)].map((m) => Number(m[1]));
const tieRows = (html) => [...html.matchAll(/<tr id="tie-(\d+)">/g)].map((m) => Number(m[1]));
const byId = (x, y) => x - y;

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: String(NOW) } });
  await addUser('sup_all', 'supervisor', 0);
  const adminTok = await srv.tokenFor('admin');
  const supTok = await srv.tokenFor('sup_all');

  // a new project with nothing but its eight signed women and its social worker
  let r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: adminTok, json: { name: '新的项目', community: '南关社区', capacity: 20 },
  });
  assert.equal(r.status, 201, r.text);
  F = r.json.id;
  await addUser('worker_f', 'social_worker', F);
  const fTok = await srv.tokenFor('worker_f');
  for (const name of ['新甲', '新乙', '新丙', '新丁', '新戊', '新己', '新庚', '新辛']) await signedWoman(F, name, fTok, supTok);

  for (const login of ['worker', 'supervisor', 'community', 'member', 'partner', 'auditor', 'admin', 'leader', 'sup_all', 'worker_f']) {
    ag[login] = await agent(login);
  }
  // the programmes' women, as the tie form offers them
  const page = await ag.worker.get(`/projects/${P1}/ties`);
  assert.equal(page.status, 200);
  women = womenOf(page.text);
  assert.ok(women.length >= 8, 'the demo has signed women');
  const fpage = await ag.worker_f.get(`/projects/${F}/ties`);
  assert.equal(fpage.status, 200);
  fw = womenOf(fpage.text);
  assert.equal(fw.length, 8);
  // the women of project 1 in no pair yet
  const paired = new Set();
  for (const m of await allItems(await srv.tokenFor('worker'), `/api/v1/projects/${P1}/mentorships`)) {
    paired.add(m.mentor_id);
    if (m.mentee_id) paired.add(m.mentee_id);
  }
  free = women.filter((w) => !paired.has(w.id));
  assert.ok(free.length >= 4, 'women of the demo in no pair');
  [first, second] = free;

  // a second project with records of its own
  r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: adminTok, json: { name: '另一个项目', community: '东关社区', capacity: 10 },
  });
  assert.equal(r.status, 201, r.text);
  other = { pid: r.json.id };
  const parts = [];
  for (const name of ['别处甲', '别处乙']) {
    r = await api(srv.base, `/api/v1/projects/${other.pid}/participants`, {
      method: 'POST', token: supTok, json: { name, source: 'self' },
    });
    assert.equal(r.status, 201, r.text);
    parts.push(r.json.id);
  }
  other.parts = parts;
  other.activity = await newActivity(ag.sup_all, other.pid, { title: '别处的活动' });
  r = await post(ag.sup_all, `/projects/${other.pid}/ties`, `/projects/${other.pid}/ties`, {
    a: parts[0], b: parts[1], formed_on: today(), source: 'worker',
  });
  assert.equal(r.status, 303, r.text);
  other.tie = Number(/#tie-(\d+)$/.exec(r.location)[1]);
  r = await post(ag.sup_all, `/projects/${other.pid}/mentorships`, `/projects/${other.pid}/mentorships`, {
    mentor_id: parts[0], mentee_name: '外面的人', started_on: today(),
  });
  assert.equal(r.status, 303, r.text);
  other.pair = Number(/\/mentorships\/(\d+)\?ok=pair$/.exec(r.location)[1]);
});

after(async () => {
  await srv?.stop();
});


describe('activities', () => {
  let aid;

  test('the list with the summary and the form, for social workers, supervisors and community staff', async () => {
    for (const login of ['worker', 'supervisor', 'community']) {
      const r = await ag[login].get(`/projects/${P1}/activities`);
      assert.equal(r.status, 200, login);
      const t = htmlText(r.text);
      assert.match(t, /社区参与概况/);
      assert.match(t, /志愿服务时长（小时）/);
      assert.match(r.text, /<form method="post" class="stack" action="\/projects\/1\/activities">/);
      assert.match(r.text, /href="\/projects\/1\/activities\.xlsx"/);
    }
  });

  test('a new activity: created, listed, its page with facts, roll call and QR section', async () => {
    aid = await newActivity(ag.community, P1, { title: '中秋联欢会', kind: 'integration', place: '社区活动室' });
    const page = await ag.worker.get(`/projects/${P1}/activities/${aid}?ok=activity`);
    assert.equal(page.status, 200);
    const t = htmlText(page.text);
    assert.match(t, /活动已创建/);
    assert.match(t, /中秋联欢会/);
    assert.match(t, /社区活动室/);
    assert.match(t, /09:30 · 90 分钟/);
    assert.match(page.text, /id="roll"/);
    assert.match(page.text, /id="qr"/);
    assert.deepEqual(rollIds(page.text).sort(byId), women.map((w) => w.id).sort(byId));
    assert.deepEqual(checkedIds(page.text), []);
    const list = await ag.worker.get(`/projects/${P1}/activities`);
    assert.match(list.text, new RegExp(`href="/projects/1/activities/${aid}">中秋联欢会</a>`));
  });

  test('bad input: 422 with the error beside its field and what was typed kept; nothing created', async () => {
    // the list is paged, newest first: today's rows are on its first page
    const todays = async () => {
      const list = await ag.worker.get(`/projects/${P1}/activities`);
      assert.equal(list.status, 200);
      assert.ok(!/坏类型|坏时间|坏时长/.test(list.text), 'no refused activity listed');
      return list.text.match(new RegExp(`<tr><td class="nowrap">${today()} `, 'g'))?.length ?? 0;
    };
    const before = await todays();
    assert.ok(before >= 1, 'the activity made above is listed as today\'s');
    let r = await post(ag.worker, `/projects/${P1}/activities`, `/projects/${P1}/activities`, {
      title: '', kind: 'advocacy', held_on: today(), place: '留着的地点',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-title"/);
    assert.match(r.text, /value="留着的地点"/);
    assert.match(r.text, /<option value="advocacy" selected>/);
    r = await ag.worker.postForm(`/projects/${P1}/activities`, { title: '坏类型', kind: 'party', held_on: today() });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-kind"/);
    r = await ag.worker.postForm(`/projects/${P1}/activities`, { title: '坏时间', kind: 'advocacy', held_on: today(), start_time: '25:99' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-start_time"/);
    r = await ag.worker.postForm(`/projects/${P1}/activities`, { title: '坏时长', kind: 'advocacy', held_on: today(), minutes: '2000' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-minutes"/);
    assert.equal(await todays(), before);
  });

  test('the roll call: women ticked and a guest saved with one button, kept on the next save', async () => {
    const page = `/projects/${P1}/activities/${aid}`;
    const two = [first.id, second.id];
    const sumBefore = summaryOf((await ag.worker.get(`/projects/${P1}/activities`)).text);
    let r = await rollCall(ag.worker, P1, aid, two, [['居民王阿姨', '138-1234-5678'], ['', '']]);
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `${page}?ok=attendance#roll`);
    let p = await ag.worker.get(`${page}?ok=attendance`);
    assert.match(htmlText(p.text), /到场名单已保存/);
    assert.deepEqual(checkedIds(p.text).sort(byId), [...two].sort(byId));
    assert.match(p.text, /name="gname" value="居民王阿姨"/);
    assert.match(htmlText(p.text), /居民王阿姨 138\*\*\*\*5678/);
    // saving again without touching anything keeps the guest (hidden fields)
    const form = new URLSearchParams();
    form.append('csrf', ag.worker.csrf);
    for (const id of checkedIds(p.text)) form.append('p', String(id));
    for (const m of p.text.matchAll(/<input type="hidden" name="(gname|gphone)" value="([^"]*)">/g)) form.append(m[1], m[2]);
    r = await ag.worker.request('POST', `${page}/attendance`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    assert.equal(r.status, 303, r.text);
    const list = await ag.worker.get(`/projects/${P1}/activities`);
    const row = new RegExp(`activities/${aid}">中秋联欢会</a></td><td><span[^>]*>[^<]*</span></td><td class="num">2</td><td class="num">1</td>`);
    assert.match(list.text, row);
    // the demo's women have come to activities before: one more guest visit, no volunteer time
    // (women counted from zero: in the new project, below)
    const sum = summaryOf(list.text);
    assert.equal(sum.guests, sumBefore.guests + 1);
    assert.equal(sum.hours, sumBefore.hours);
    assert.ok(sum.women >= sumBefore.women && sum.women <= sumBefore.women + 2, 'women who came');
  });

  test('the summary from zero (a new project): women counted once, guest visits, volunteer hours', async () => {
    const list = `/projects/${F}/activities`;
    let p = await ag.worker_f.get(list);
    assert.equal(p.status, 200);
    assert.match(htmlText(p.text), /社区参与概况 0 社区融入 0 社区倡导 0 公开课 0 志愿服务 0 参加过活动的学员 0 居民来宾人次 0\.0 志愿服务时长（小时）/);
    const vol = await newActivity(ag.worker_f, F, { title: '社区清洁日', kind: 'volunteer', start_time: '08:00', minutes: '90' });
    let r = await rollCall(ag.worker_f, F, vol, [fw[0].id, fw[1].id], [['居民李大姐', '']]);
    assert.equal(r.status, 303, r.text);
    const party = await newActivity(ag.worker_f, F, { title: '邻里茶话会', kind: 'integration' });
    r = await rollCall(ag.worker_f, F, party, [fw[0].id], [['居民李大姐', '']]);
    assert.equal(r.status, 303, r.text);
    p = await ag.worker_f.get(list);
    assert.match(htmlText(p.text), /社区参与概况 1 社区融入 0 社区倡导 0 公开课 1 志愿服务 2 参加过活动的学员 2 居民来宾人次 3\.0 志愿服务时长（小时）/);
    assert.match(p.text, new RegExp(`activities/${vol}">社区清洁日</a></td><td><span[^>]*>[^<]*</span></td><td class="num">2</td><td class="num">1</td>`));
    assert.match(p.text, new RegExp(`activities/${party}">邻里茶话会</a></td><td><span[^>]*>[^<]*</span></td><td class="num">1</td><td class="num">1</td>`));
  });

  test('a refused roll call re-renders with the ticks as sent and writes nothing', async () => {
    const page = `/projects/${P1}/activities/${aid}`;
    await ag.worker.get(page);
    // a guest with a phone but no name
    let r = await ag.worker.postForm(`${page}/attendance`, { p: women[2].id, gname: '', gphone: '13900001111' });
    assert.equal(r.status, 422);
    assert.match(htmlText(r.text), /guests/);
    assert.deepEqual(checkedIds(r.text), [women[2].id]);
    // a participant of another project
    await ag.worker.get(page);
    r = await ag.worker.postForm(`${page}/attendance`, { p: other.parts[0] });
    assert.equal(r.status, 422);
    assert.match(htmlText(r.text), /participant_ids/);
    // not a number
    await ag.worker.get(page);
    r = await ag.worker.postForm(`${page}/attendance`, { p: 'abc' });
    assert.equal(r.status, 422);
    const p = await ag.worker.get(page);
    assert.deepEqual(checkedIds(p.text).sort(byId), [first.id, second.id].sort(byId));
  });

  test('a roll call before the activity has begun is refused', async () => {
    const later = await newActivity(ag.worker, P1, { title: '下周的倡导', kind: 'advocacy', held_on: dayOffset(7) });
    const page = `/projects/${P1}/activities/${later}`;
    const g = await ag.worker.get(page);
    assert.match(htmlText(g.text), /活动还没有开始/);
    const r = await ag.worker.postForm(`${page}/attendance`, { p: women[0].id });
    assert.equal(r.status, 409);
    assert.match(r.text, /class="alert"/);
  });

  test('the QR code: made by the button, shown on the page; refused once the activity is over', async () => {
    const past = await newActivity(ag.worker, P1, { title: '昨天的活动', held_on: dayOffset(-1) });
    const old = `/projects/${P1}/activities/${past}`;
    let r = await post(ag.community, old, `${old}/checkin-code`, {});
    assert.equal(r.status, 409);
    assert.match(r.text, /id="qr-error"><p class="alert"/);
    const page = `/projects/${P1}/activities/${aid}`;
    r = await post(ag.community, page, `${page}/checkin-code`, {});
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `${page}?ok=code#qr`);
    const p = await ag.community.get(page);
    assert.match(p.text, /\/checkin\/[a-z2-7]{26}/i);
    assert.match(p.text, /<svg/);
  });

  test('exports: activities.xlsx (filter kept) and attendance.xlsx', async () => {
    assertXlsx(await raw(ag.worker, `/projects/${P1}/activities.xlsx`));
    assertXlsx(await raw(ag.community, `/projects/${P1}/activities.xlsx?kind=advocacy`));
    assertXlsx(await raw(ag.supervisor, `/projects/${P1}/activities/${aid}/attendance.xlsx`));
    const list = await ag.worker.get(`/projects/${P1}/activities?kind=advocacy`);
    assert.match(list.text, /href="\/projects\/1\/activities\.xlsx\?kind=advocacy"/);
    assert.ok(!/中秋联欢会/.test(list.text.split('<tbody>')[1].split('</tbody>')[0]), 'filtered by kind');
  });

  test('other roles are refused; another project\'s activity is not found', async () => {
    for (const login of ['member', 'partner', 'auditor', 'leader', 'admin']) {
      assert.equal((await ag[login].get(`/projects/${P1}/activities`)).status, 403, login);
      assert.equal((await ag[login].get(`/projects/${P1}/activities/${aid}`)).status, 403, login);
      assert.equal((await raw(ag[login], `/projects/${P1}/activities.xlsx`)).status, 403, login);
    }
    assert.equal((await ag.worker.get(`/projects/${P1}/activities/${other.activity}`)).status, 404);
    assert.equal((await ag.worker.get(`/projects/${P1}/activities/999999`)).status, 404);
    assert.equal((await raw(ag.worker, `/projects/${P1}/activities/${other.activity}/attendance.xlsx`)).status, 404);
    await ag.worker.get(`/projects/${P1}/activities`);
    let r = await ag.worker.postForm(`/projects/${P1}/activities/${other.activity}/attendance`, { p: women[0].id });
    assert.equal(r.status, 404);
    r = await ag.worker.postForm(`/projects/${P1}/activities/${other.activity}/checkin-code`, {});
    assert.equal(r.status, 404);
    // without its csrf field a form is refused
    r = await ag.worker.postForm(`/projects/${P1}/activities`, { title: '无令牌', kind: 'advocacy', held_on: today(), csrf: null });
    assert.equal(r.status, 403);
    const list = await ag.worker.get(`/projects/${P1}/activities`);
    assert.ok(!/无令牌/.test(list.text));
  });
});

describe('friendship ties', () => {
  let tid; // in the new project: fw[3] and fw[4]
  const lines = (html) => (html.match(/<line x1=/g) || []).length;

  test('the page: the picture, everyone alone listed first and marked, the form', async () => {
    // the new project: nobody has a friend yet
    for (const login of ['worker_f', 'sup_all']) {
      const r = await ag[login].get(`/projects/${F}/ties`);
      assert.equal(r.status, 200, login);
      assert.match(r.text, /<figure class="cp-network( cp-net-[ml])?"><svg /);
      assert.match(htmlText(r.text), new RegExp(`${fw.length} 位学员还没有朋友`));
      assert.match(r.text, /<select name="b"/);
      assert.deepEqual(tieRows(r.text), []);
      const rows = countRows(r.text);
      assert.equal(rows.length, fw.length);
      assert.ok(rows.every((x) => x.alone && x.friends === 0));
    }
    // the demo's network: those alone come first, marked, and are counted above the table
    for (const login of ['worker', 'supervisor']) {
      const r = await ag[login].get(`/projects/${P1}/ties`);
      assert.equal(r.status, 200, login);
      assert.match(r.text, /<figure class="cp-network( cp-net-[ml])?"><svg /);
      assert.match(r.text, /<select name="b"/);
      const rows = countRows(r.text);
      assert.deepEqual(rows.map((x) => x.id).sort(byId), women.map((w) => w.id).sort(byId));
      const alone = rows.filter((x) => x.alone).length;
      assert.ok(alone >= 1, 'the demo has women without friends');
      assert.ok(rows.slice(0, alone).every((x) => x.alone && x.friends === 0), 'those alone first');
      assert.ok(rows.slice(alone).every((x) => !x.alone && x.friends > 0));
      assert.match(htmlText(r.text), new RegExp(`${alone} 位学员还没有朋友`));
      assert.equal(lines(r.text), tieRows(r.text).length + 1, 'every tie and the rule above those alone');
    }
  });

  test('a new tie: recorded, drawn, counted; the two leave the list of those alone', async () => {
    const [a, b] = [fw[3], fw[4]];
    const r = await post(ag.worker_f, `/projects/${F}/ties`, `/projects/${F}/ties`, {
      a: a.id, b: b.id, formed_on: today(), source: 'survey',
    });
    assert.equal(r.status, 303, r.text);
    const m = new RegExp(`^/projects/${F}/ties\\?ok=tie#tie-(\\d+)$`).exec(r.location);
    assert.ok(m, r.location);
    tid = Number(m[1]);
    const p = await ag.worker_f.get(`/projects/${F}/ties?ok=tie`);
    const t = htmlText(p.text);
    assert.match(t, /朋友关系已登记/);
    assert.match(t, new RegExp(`${fw.length - 2} 位学员还没有朋友`));
    assert.deepEqual(tieRows(p.text), [tid]);
    // a tie joins the smaller id to the larger
    const [lo, hi] = [a, b].sort((x, y) => x.id - y.id);
    assert.match(t, new RegExp(`${lo.name} — ${hi.name} 问卷调查`));
    assert.equal(lines(p.text), 2, 'the tie and the rule above those alone');
    // in the counts, the two with a friend come after everyone alone, with 1 each
    const rows = countRows(p.text);
    assert.equal(rows.length, fw.length);
    assert.deepEqual(rows.slice(-2).map((x) => [x.name, x.friends]).sort(), [[a.name, 1], [b.name, 1]].sort());
    assert.ok(rows.slice(0, -2).every((x) => x.alone && x.friends === 0));
    assert.match(p.text.split('id="counts"')[1], /还没有朋友/);
  });

  test('refusals: the same pair again (409), the same woman twice (422 beside b), a bad date', async () => {
    const [a, b] = [fw[3], fw[4]];
    const ties = `/projects/${F}/ties`;
    let r = await post(ag.worker_f, ties, ties, { a: b.id, b: a.id, formed_on: today(), source: 'worker' });
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /已经登记过/);
    r = await post(ag.worker_f, ties, ties, { a: a.id, b: a.id, source: 'worker' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-b"/);
    r = await post(ag.worker_f, ties, ties, { a: fw[5].id, b: fw[6].id, formed_on: dayOffset(3), source: 'worker' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-formed_on"/);
    assert.match(r.text, new RegExp(`<option value="${fw[5].id}" selected>`));
    r = await post(ag.worker_f, ties, ties, { a: fw[5].id, source: 'worker' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-b"/);
    const p = await ag.worker_f.get(ties);
    assert.deepEqual(tieRows(p.text), [tid]);
  });

  test('in the demo\'s network: a tie between two women not tied yet, one more friend each; deleted again', async () => {
    const page = await ag.worker.get(`/projects/${P1}/ties`);
    const before = countRows(page.text);
    const tiesBefore = tieRows(page.text);
    const tied = new Set((await allItems(await srv.tokenFor('worker'), `/api/v1/projects/${P1}/ties`)).map((x) => `${x.a}-${x.b}`));
    assert.equal(tied.size, tiesBefore.length);
    // two women who have friends already, so that the women alone stay the same
    const withFriends = before.filter((x) => x.friends > 0).sort((x, y) => x.id - y.id);
    let pair;
    for (let i = 0; i < withFriends.length && !pair; i++) {
      for (let j = i + 1; j < withFriends.length && !pair; j++) {
        if (!tied.has(`${withFriends[i].id}-${withFriends[j].id}`)) pair = [withFriends[i], withFriends[j]];
      }
    }
    assert.ok(pair, 'two women of the demo not tied yet');
    const [lo, hi] = pair;
    let r = await post(ag.worker, `/projects/${P1}/ties`, `/projects/${P1}/ties`, { a: hi.id, b: lo.id, source: 'worker' });
    assert.equal(r.status, 303, r.text);
    const m = /^\/projects\/1\/ties\?ok=tie#tie-(\d+)$/.exec(r.location);
    assert.ok(m, r.location);
    const id = Number(m[1]);
    const p = await ag.worker.get(`/projects/${P1}/ties?ok=tie`);
    assert.deepEqual(tieRows(p.text), [id, ...tiesBefore], 'newest first');
    assert.equal(lines(p.text), lines(page.text) + 1);
    const row = p.text.split(`<tr id="tie-${id}">`)[1].split('</tr>')[0];
    assert.match(htmlText(row), new RegExp(`^${today()} ${lo.name} — ${hi.name} 社工记录`));
    const plus = new Map([[lo.id, 1], [hi.id, 1]]);
    assert.deepEqual(countRows(p.text), before.map((x) => ({ ...x, friends: x.friends + (plus.get(x.id) ?? 0) })));
    r = await post(ag.worker, `/projects/${P1}/ties`, `/projects/${P1}/ties/${id}/delete`, {});
    assert.equal(r.status, 303);
    const back = await ag.worker.get(`/projects/${P1}/ties`);
    assert.deepEqual(tieRows(back.text), tiesBefore);
    assert.deepEqual(countRows(back.text), before);
  });

  test('ties.xlsx', async () => {
    assertXlsx(await raw(ag.supervisor, `/projects/${P1}/ties.xlsx`));
    assertXlsx(await raw(ag.worker_f, `/projects/${F}/ties.xlsx`));
  });

  test('delete: a confirm button with csrf; another project\'s tie is not found', async () => {
    const ties = `/projects/${F}/ties`;
    const p = await ag.worker_f.get(ties);
    assert.match(p.text, new RegExp(`action="/projects/${F}/ties/${tid}/delete"><input type="hidden" name="csrf"`));
    assert.match(htmlText(p.text), /确认删除这条朋友关系/);
    let r = await ag.worker_f.postForm(`${ties}/${other.tie}/delete`, {});
    assert.equal(r.status, 404);
    await ag.worker.get(`/projects/${P1}/ties`);
    r = await ag.worker.postForm(`/projects/${P1}/ties/${other.tie}/delete`, {});
    assert.equal(r.status, 404);
    r = await ag.worker.postForm(`/projects/${P1}/ties/${tid}/delete`, {});
    assert.equal(r.status, 404, 'the new project\'s tie from project 1');
    r = await ag.worker_f.postForm(`${ties}/${tid}/delete`, { csrf: null });
    assert.equal(r.status, 403);
    r = await post(ag.sup_all, ties, `${ties}/${tid}/delete`, {});
    assert.equal(r.status, 303);
    assert.equal(r.location, `${ties}?ok=tie_deleted#ties`);
    const after = await ag.worker_f.get(`${ties}?ok=tie_deleted`);
    assert.match(htmlText(after.text), /朋友关系已删除/);
    assert.deepEqual(tieRows(after.text), []);
    assert.match(htmlText(after.text), new RegExp(`${fw.length} 位学员还没有朋友`));
    assert.equal((await ag.worker_f.postForm(`${ties}/${tid}/delete`, {})).status, 404);
  });

  test('community staff and the other roles are refused', async () => {
    for (const login of ['community', 'member', 'partner', 'auditor', 'leader', 'admin']) {
      assert.equal((await ag[login].get(`/projects/${P1}/ties`)).status, 403, login);
      assert.equal((await raw(ag[login], `/projects/${P1}/ties.xlsx`)).status, 403, login);
    }
    await ag.community.get(`/projects/${P1}/activities`);
    const r = await ag.community.postForm(`/projects/${P1}/ties`, { a: women[0].id, b: women[1].id, source: 'worker' });
    assert.equal(r.status, 403);
  });
});

describe('mentorship', () => {
  let pair; // mentor first, newcomer second
  let outside; // mentor first, newcomer by name
  let reach; // the reach once the two pairs are made

  test('the page with its reach and form', async () => {
    for (const login of ['worker', 'supervisor']) {
      const r = await ag[login].get(`/projects/${P1}/mentorships`);
      assert.equal(r.status, 200, login);
      assert.match(htmlText(r.text), /传帮带覆盖/);
      assert.match(r.text, /<select name="mentor_id"/);
      assert.match(r.text, /name="mentee_name"/);
    }
  });

  test('new pairs: a participant newcomer, and someone from outside by name', async () => {
    const before = reachOf((await ag.worker.get(`/projects/${P1}/mentorships`)).text);
    let r = await post(ag.worker, `/projects/${P1}/mentorships`, `/projects/${P1}/mentorships`, {
      mentor_id: first.id, mentee_id: second.id, started_on: dayOffset(-10),
    });
    assert.equal(r.status, 303, r.text);
    pair = Number(/\/mentorships\/(\d+)\?ok=pair$/.exec(r.location)[1]);
    r = await post(ag.worker, `/projects/${P1}/mentorships`, `/projects/${P1}/mentorships`, {
      mentor_id: first.id, mentee_id: '', mentee_name: '邻居小芳',
    });
    assert.equal(r.status, 303, r.text);
    outside = Number(/\/mentorships\/(\d+)\?ok=pair$/.exec(r.location)[1]);
    const p = await ag.worker.get(`/projects/${P1}/mentorships`);
    // two pairs, one new mentor (she was in no pair), two new newcomers, nobody reached further yet
    reach = reachOf(p.text);
    assert.deepEqual(reach, {
      pairs: before.pairs + 2, mentors: before.mentors + 1, newcomers: before.newcomers + 2,
      further: before.further, total: before.total + 2,
    });
    const t = htmlText(p.text);
    assert.match(t, new RegExp(`${first.name} 邻居小芳 项目外 ${today()}`));
    assert.match(p.text, new RegExp(`<a href="/projects/1/participants/${second.id}">${second.name}</a>`));
  });

  test('refusals beside their fields: both a newcomer and a name, the same pair, no mentor', async () => {
    let r = await post(ag.worker, `/projects/${P1}/mentorships`, `/projects/${P1}/mentorships`, {
      mentor_id: free[2].id, mentee_id: free[3].id, mentee_name: '多填了',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-mentee_name"/);
    assert.match(r.text, /value="多填了"/);
    r = await post(ag.worker, `/projects/${P1}/mentorships`, `/projects/${P1}/mentorships`, {
      mentor_id: first.id, mentee_id: second.id,
    });
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /已经结对/);
    r = await post(ag.worker, `/projects/${P1}/mentorships`, `/projects/${P1}/mentorships`, { mentee_name: '没有导师' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-mentor_id"/);
    const p = await ag.worker.get(`/projects/${P1}/mentorships`);
    assert.deepEqual(reachOf(p.text), reach);
    assert.ok(!/多填了|没有导师/.test(p.text));
  });

  test('a meeting: saved and listed newest first; without notes 422 beside notes', async () => {
    const page = `/projects/${P1}/mentorships/${pair}`;
    let r = await post(ag.worker, page, `${page}/meetings`, { held_on: dayOffset(-5), notes: '第一次见面\n一起去了菜市场', progress: '', reached: '0' });
    assert.equal(r.status, 303, r.text);
    r = await post(ag.worker, page, `${page}/meetings`, { held_on: dayOffset(-1), notes: '教她用手机接单', progress: '会自己接单了', reached: '3' });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `${page}?ok=meeting#meetings`);
    r = await post(ag.worker, page, `${page}/meetings`, { held_on: today(), notes: '', reached: '1' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-notes"/);
    r = await post(ag.worker, page, `${page}/meetings`, { held_on: dayOffset(-30), notes: '早于结对' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-held_on"/);
    assert.match(r.text, />早于结对<\/textarea>/);
    const p = await ag.worker.get(`${page}?ok=meeting`);
    const t = htmlText(p.text);
    assert.match(t, /帮带记录已保存/);
    assert.ok(t.indexOf('教她用手机接单') < t.indexOf('第一次见面'), 'newest first');
    assert.match(p.text, /第一次见面<br>一起去了菜市场/);
    assert.match(t, /带动 3 人/);
    const list = await ag.worker.get(`/projects/${P1}/mentorships`);
    assert.deepEqual(reachOf(list.text), { ...reach, further: reach.further + 3, total: reach.total + 3 });
  });

  test('the end of a pair: then no more meeting form; ending twice is refused', async () => {
    const page = `/projects/${P1}/mentorships/${outside}`;
    let r = await post(ag.supervisor, page, `${page}/end`, { ended_on: dayOffset(1) });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-ended_on"/);
    r = await post(ag.supervisor, page, `${page}/end`, { ended_on: today() });
    assert.equal(r.status, 303, r.text);
    const p = await ag.supervisor.get(`${page}?ok=ended`);
    assert.match(htmlText(p.text), /这对传帮带已结束/);
    assert.match(htmlText(p.text), new RegExp(`结束日期 ${today()}`));
    assert.ok(!/\/meetings"/.test(p.text), 'no meeting form after the end');
    r = await ag.supervisor.postForm(`${page}/end`, { ended_on: today() });
    assert.equal(r.status, 409);
  });

  test('mentorships.xlsx; other roles refused; another project\'s pair not found', async () => {
    assertXlsx(await raw(ag.worker, `/projects/${P1}/mentorships.xlsx`));
    for (const login of ['community', 'member', 'partner', 'auditor', 'leader', 'admin']) {
      assert.equal((await ag[login].get(`/projects/${P1}/mentorships`)).status, 403, login);
      assert.equal((await ag[login].get(`/projects/${P1}/mentorships/${pair}`)).status, 403, login);
    }
    assert.equal((await ag.worker.get(`/projects/${P1}/mentorships/${other.pair}`)).status, 404);
    await ag.worker.get(`/projects/${P1}/mentorships`);
    assert.equal((await ag.worker.postForm(`/projects/${P1}/mentorships/${other.pair}/meetings`, { notes: 'x' })).status, 404);
    assert.equal((await ag.worker.postForm(`/projects/${P1}/mentorships/${other.pair}/end`, {})).status, 404);
  });
});

describe('her page', () => {
  const card = (html) => html.split('id="community"')[1]?.split('</section>')[0] ?? '';

  test('the community card: friends, activities, volunteer hours, mentorship (caseworkers)', async () => {
    // a new friend for first (who came to the activity and mentors two): a woman not tied to her yet
    const tied = new Set();
    for (const x of await allItems(await srv.tokenFor('worker'), `/api/v1/projects/${P1}/ties`)) {
      if (x.a === first.id) tied.add(x.b);
      if (x.b === first.id) tied.add(x.a);
    }
    const friend = women.find((w) => w.id !== first.id && w.id !== second.id && !tied.has(w.id));
    assert.ok(friend, 'a woman not tied to her yet');
    const r = await post(ag.worker, `/projects/${P1}/ties`, `/projects/${P1}/ties`, {
      a: first.id, b: friend.id, source: 'worker',
    });
    assert.equal(r.status, 303, r.text);
    const p = await ag.worker.get(`/projects/${P1}/participants/${first.id}`);
    assert.equal(p.status, 200);
    const c = card(p.text);
    const t = htmlText(c);
    assert.match(t, /新朋友/);
    assert.match(c, new RegExp(`<a href="/projects/1/participants/${friend.id}">${friend.name}</a>`));
    assert.match(t, /中秋联欢会/);
    assert.match(t, /志愿服务时长（小时） \d+\.\d/);
    assert.match(t, new RegExp(`导师，带新人 ${second.name}`));
    assert.match(t, /邻居小芳/);
    // someone alone, as the ties page shows her, is marked so
    const alone = countRows((await ag.worker.get(`/projects/${P1}/ties`)).text).find((x) => x.alone);
    assert.ok(alone, 'the demo has women without friends');
    const q = await ag.worker.get(`/projects/${P1}/participants/${alone.id}`);
    assert.match(htmlText(card(q.text)), /还没有朋友/);
  });

  test('the volunteer hours counted from zero (the new project): volunteer minutes only', async () => {
    // fw[0] came to a 90-minute volunteer activity and to a gathering, fw[7] to nothing
    let p = await ag.worker_f.get(`/projects/${F}/participants/${fw[0].id}`);
    assert.equal(p.status, 200);
    let t = htmlText(card(p.text));
    assert.match(t, /社区清洁日/);
    assert.match(t, /邻里茶话会/);
    assert.match(t, /志愿服务时长（小时） 1\.5/);
    p = await ag.worker_f.get(`/projects/${F}/participants/${fw[7].id}`);
    assert.equal(p.status, 200);
    t = htmlText(card(p.text));
    assert.match(t, /志愿服务时长（小时） 0\.0/);
    assert.match(t, /还没有朋友/);
  });

  test('community staff see what screening needs: no community card (page_intake stops before it)', async () => {
    const p = await ag.community.get(`/projects/${P1}/participants/${first.id}`);
    assert.equal(p.status, 200);
    assert.ok(!/id="community"/.test(p.text));
    assert.ok(!/邻居小芳/.test(p.text));
  });
});
