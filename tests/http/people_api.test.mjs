// Staff and volunteers, partners and weekly meeting minutes over the JSON API.
// Set-up: the demo (project 1; it may hold people, partners and minutes of its own, so lists
// are searched for this test's records), an organisation-wide supervisor, and a second project
// with a person, a partner and minutes of its own for the "another project's id" checks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {};
const P1 = 1;
let P2, p2staff, p2partner, p2minutes;
const base = (pid) => `/api/v1/projects/${pid}`;
const shanghai = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
const TODAY = shanghai(TEST_NOW_MS);
const TOMORROW = shanghai(TEST_NOW_MS + 24 * 3600 * 1000);
const DAYS_AGO = (n) => shanghai(TEST_NOW_MS - n * 24 * 3600 * 1000);

function call(login, method, path, json) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json });
}
async function ok(login, method, path, json, status = 200) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  return r.json;
}
async function refused(login, method, path, json, status, code, field) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  return r.json.error;
}
async function auditHead() {
  const r = await call('auditor', 'GET', '/api/v1/audit?limit=1');
  assert.equal(r.status, 200, r.text);
  return r.json.items.length ? r.json.items[0].id : 0;
}
async function writesNothing(fn) {
  const before = await auditHead();
  await fn();
  assert.equal(await auditHead(), before, 'a refused request wrote nothing');
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await runCliOk(['user', 'add', '--db', srv.db, '--login', 'sup_all', '--role', 'supervisor', '--password-stdin'],
    { input: 'taxiang-sup_all\n' });
  for (const login of ['admin', 'worker', 'supervisor', 'sup_all', 'community', 'leader', 'member', 'partner', 'auditor']) {
    tok[login] = await srv.tokenFor(login);
  }
  P2 = (await ok('admin', 'POST', '/api/v1/projects', { name: '人员测试项目二', community: '东关社区', capacity: 10 }, 201)).id;
  p2staff = (await ok('sup_all', 'POST', `${base(P2)}/staff`, { name: '别处的社工', kind: 'staff', joined_on: DAYS_AGO(30) }, 201)).id;
  p2partner = (await ok('sup_all', 'POST', `${base(P2)}/partners`, { name: '别处的基金会', kind: 'foundation' }, 201)).id;
  p2minutes = (await ok('sup_all', 'POST', `${base(P2)}/minutes`, { title: '别处的例会', attendees: ['甲'], decisions: '无' }, 201)).id;
});

after(async () => {
  await srv?.stop();
});

test('staff: add, trainings, hours, totals, leave', async () => {
  const s = await ok('supervisor', 'POST', `${base(P1)}/staff`,
    { name: '测试社工甲', kind: 'staff', title: '社工', phone: '13912345678', joined_on: DAYS_AGO(100) }, 201);
  assert.equal(s.kind, 'staff');
  assert.equal(s.phone, '13912345678');
  assert.equal(s.left_on, null);
  assert.deepEqual(s.training_records, []);
  // hours three ways: a number, a string, tenths
  let got = await ok('admin', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '个案管理', on_date: DAYS_AGO(50), hours: 1.5 }, 201);
  assert.equal(got.training_hours_x10, 15);
  got = await ok('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '危机干预', on_date: DAYS_AGO(40), hours: '2', provider: '市社工协会' }, 201);
  got = await ok('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '督导', on_date: DAYS_AGO(30), hours_x10: 5 }, 201);
  assert.equal(got.training_hours_x10, 40);
  assert.equal(got.training_hours, '4');
  assert.equal(got.training_records.length, 3);
  // social workers record hours, and read
  got = await ok('worker', 'POST', `${base(P1)}/staff/${s.id}/hours`, { on_date: DAYS_AGO(10), minutes: 90, what: '入户探访' }, 201);
  assert.equal(got.service_minutes, 90);
  assert.equal(got.service_hours, '1.5');
  assert.equal(got.phone, undefined, 'a social worker does not see phones');
  const one = await ok('auditor', 'GET', `${base(P1)}/staff/${s.id}`);
  assert.equal(one.hours.length, 1);
  assert.equal(one.phone, undefined);
  assert.equal((await ok('admin', 'GET', `${base(P1)}/staff/${s.id}`)).phone, '13912345678');

  // duplicate training, dates outside her time
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '督导', on_date: DAYS_AGO(30), hours: 1 }, 409, 'duplicate');
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '早', on_date: DAYS_AGO(101), hours: 1 }, 422, 'validation', 'on_date');
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '晚', on_date: TOMORROW, hours: 1 }, 422, 'validation', 'on_date');
  for (const h of [0, 0.05, 241, '1.55', 'x', -1]) {
    await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '学时', on_date: TODAY, hours: h }, 422, 'validation', 'hours');
  }
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: '学时', on_date: TODAY, hours_x10: 2401 }, 422, 'validation', 'hours_x10');
  await refused('worker', 'POST', `${base(P1)}/staff/${s.id}/hours`, { on_date: TODAY, minutes: 1441, what: 'x' }, 422, 'validation', 'minutes');
  await refused('worker', 'POST', `${base(P1)}/staff/${s.id}/hours`, { on_date: TODAY, minutes: 10, what: '' }, 422, 'validation', 'what');
  // social workers may not add people or trainings
  await refused('worker', 'POST', `${base(P1)}/staff`, { name: '不行', kind: 'staff' }, 403, 'forbidden');
  await refused('worker', 'POST', `${base(P1)}/staff/${s.id}/trainings`, { title: 't', on_date: TODAY, hours: 1 }, 403, 'forbidden');

  // leave: not before joining, not before her records, once
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/leave`, { left_on: DAYS_AGO(101) }, 422, 'validation', 'left_on');
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/leave`, { left_on: DAYS_AGO(11) }, 422, 'validation', 'left_on');
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/leave`, { left_on: TOMORROW }, 422, 'validation', 'left_on');
  const left = await ok('supervisor', 'POST', `${base(P1)}/staff/${s.id}/leave`, { left_on: DAYS_AGO(5) });
  assert.equal(left.left_on, DAYS_AGO(5));
  await refused('supervisor', 'POST', `${base(P1)}/staff/${s.id}/leave`, { left_on: TODAY }, 409, 'already_left');
  await refused('worker', 'POST', `${base(P1)}/staff/${s.id}/hours`, { on_date: TODAY, minutes: 10, what: '离开后' }, 422, 'validation', 'on_date');
});

test('staff: validation, duplicates, lists and totals', async () => {
  await writesNothing(async () => {
    await refused('supervisor', 'POST', `${base(P1)}/staff`, { kind: 'staff' }, 422, 'validation', 'name');
    await refused('supervisor', 'POST', `${base(P1)}/staff`, { name: 'x'.repeat(51), kind: 'staff' }, 422, 'validation', 'name');
    await refused('supervisor', 'POST', `${base(P1)}/staff`, { name: '某人', kind: 'boss' }, 422, 'validation', 'kind');
    await refused('supervisor', 'POST', `${base(P1)}/staff`, { name: '某人', kind: 'staff', phone: '12345' }, 422, 'validation', 'phone');
    await refused('supervisor', 'POST', `${base(P1)}/staff`, { name: '某人', kind: 'staff', joined_on: TOMORROW }, 422, 'validation', 'joined_on');
    await refused('supervisor', 'POST', `${base(P1)}/staff`, { name: '某人', kind: 'staff', joined_on: '2024-02-30' }, 422, 'validation', 'joined_on');
  });
  const v = await ok('supervisor', 'POST', `${base(P1)}/staff`, { name: '志愿者测试乙', kind: 'volunteer', phone: '13800001111' }, 201);
  assert.equal(v.joined_on, TODAY);
  let e = await refused('admin', 'POST', `${base(P1)}/staff`, { name: '志愿者测试乙', kind: 'volunteer' }, 409, 'duplicate');
  assert.equal(e.existing_id, v.id);
  e = await refused('admin', 'POST', `${base(P1)}/staff`, { name: '别名', kind: 'staff', phone: '13800001111' }, 409, 'duplicate');
  assert.equal(e.existing_id, v.id);
  // the same name in another project is fine
  await ok('sup_all', 'POST', `${base(P2)}/staff`, { name: '志愿者测试乙', kind: 'volunteer' }, 201);

  // lists: by kind, paged by id, with totals
  const vols = await ok('auditor', 'GET', `${base(P1)}/staff?kind=volunteer&limit=500`);
  assert.ok(vols.items.every((x) => x.kind === 'volunteer'));
  assert.ok(vols.items.some((x) => x.id === v.id));
  assert.ok(vols.totals.volunteers >= 1);
  const all = [];
  let after = '';
  for (;;) {
    const pg = await ok('worker', 'GET', `${base(P1)}/staff?limit=1${after ? `&after=${after}` : ''}`);
    assert.ok(pg.items.length <= 1);
    all.push(...pg.items);
    if (!pg.next) break;
    after = pg.next;
  }
  const ids = all.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  assert.equal(new Set(ids).size, ids.length);
  const sumMin = all.reduce((t, x) => t + x.service_minutes, 0);
  assert.equal(vols.totals.service_minutes, sumMin);
  await refused('worker', 'GET', `${base(P1)}/staff?kind=x`, undefined, 422, 'validation', 'kind');
  await refused('worker', 'GET', `${base(P1)}/staff?limit=0`, undefined, 422, 'validation', 'limit');
});

test('staff: roles and another project', async () => {
  for (const login of ['community', 'leader', 'member', 'partner']) {
    await refused(login, 'GET', `${base(P1)}/staff`, undefined, 403, 'forbidden');
    await refused(login, 'GET', `${base(P1)}/partners`, undefined, 403, 'forbidden');
    await refused(login, 'GET', `${base(P1)}/minutes`, undefined, 403, 'forbidden');
  }
  await writesNothing(async () => {
    await refused('supervisor', 'GET', `${base(P1)}/staff/${p2staff}`, undefined, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P1)}/staff/${p2staff}`, undefined, 404, 'not_found');
    await refused('sup_all', 'POST', `${base(P1)}/staff/${p2staff}/trainings`, { title: 't', on_date: TODAY, hours: 1 }, 404, 'not_found');
    await refused('sup_all', 'POST', `${base(P1)}/staff/${p2staff}/hours`, { on_date: TODAY, minutes: 1, what: 'x' }, 404, 'not_found');
    await refused('sup_all', 'POST', `${base(P1)}/staff/${p2staff}/leave`, { left_on: TODAY }, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P1)}/partners/${p2partner}`, undefined, 404, 'not_found');
    await refused('sup_all', 'POST', `${base(P1)}/partners/${p2partner}/reports`, { title: 't', kind: 'monthly', sent_on: TODAY }, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P1)}/minutes/${p2minutes}`, undefined, 404, 'not_found');
    await refused('sup_all', 'POST', `${base(P1)}/minutes/${p2minutes}/actions`, { what: 'x', owner: 'y' }, 404, 'not_found');
    await refused('supervisor', 'GET', `${base(P2)}/staff`, undefined, 404, 'not_found');
  });
});

test('partners: add, filter, reports', async () => {
  const p = await ok('supervisor', 'POST', `${base(P1)}/partners`, { name: '区妇联（测试）', kind: 'government', contact: '王主任' }, 201);
  assert.equal(p.kind, 'government');
  assert.deepEqual(p.reports_sent, []);
  const e = await refused('admin', 'POST', `${base(P1)}/partners`, { name: '区妇联（测试）', kind: 'media' }, 409, 'duplicate');
  assert.equal(e.existing_id, p.id);
  await writesNothing(async () => {
    await refused('supervisor', 'POST', `${base(P1)}/partners`, { name: '', kind: 'media' }, 422, 'validation', 'name');
    await refused('supervisor', 'POST', `${base(P1)}/partners`, { name: 'x'.repeat(101), kind: 'media' }, 422, 'validation', 'name');
    await refused('supervisor', 'POST', `${base(P1)}/partners`, { name: '某', kind: 'church' }, 422, 'validation', 'kind');
    await refused('worker', 'POST', `${base(P1)}/partners`, { name: '某', kind: 'media' }, 403, 'forbidden');
    await refused('auditor', 'POST', `${base(P1)}/partners`, { name: '某', kind: 'media' }, 403, 'forbidden');
    await refused('supervisor', 'POST', `${base(P1)}/partners/${p.id}/reports`, { title: '月报', kind: 'weekly', sent_on: TODAY }, 422, 'validation', 'kind');
    await refused('supervisor', 'POST', `${base(P1)}/partners/${p.id}/reports`, { title: '月报', kind: 'monthly', sent_on: TOMORROW }, 422, 'validation', 'sent_on');
    await refused('supervisor', 'POST', `${base(P1)}/partners/${p.id}/reports`, { title: '', kind: 'monthly', sent_on: TODAY }, 422, 'validation', 'title');
  });
  await ok('supervisor', 'POST', `${base(P1)}/partners/${p.id}/reports`, { title: '三月月报', kind: 'monthly', sent_on: DAYS_AGO(20) }, 201);
  const got = await ok('admin', 'POST', `${base(P1)}/partners/${p.id}/reports`, { title: '季度报告', kind: 'quarterly', sent_on: DAYS_AGO(2), note: '邮件' }, 201);
  assert.equal(got.reports, 2);
  assert.equal(got.reports_sent[0].title, '季度报告', 'newest first');
  assert.equal(got.last_sent_on, DAYS_AGO(2));
  await refused('supervisor', 'POST', `${base(P1)}/partners/${p.id}/reports`, { title: '季度报告', kind: 'quarterly', sent_on: DAYS_AGO(2) }, 409, 'duplicate');
  const gov = await ok('worker', 'GET', `${base(P1)}/partners?kind=government&limit=500`);
  assert.ok(gov.items.every((x) => x.kind === 'government'));
  assert.ok(gov.items.some((x) => x.id === p.id));
  const media = await ok('auditor', 'GET', `${base(P1)}/partners?kind=media&limit=500`);
  assert.ok(!media.items.some((x) => x.id === p.id));
  const pg = await ok('worker', 'GET', `${base(P1)}/partners?limit=1`);
  assert.equal(pg.items.length, 1);
});

test('minutes: add, actions, done once, newest first', async () => {
  const m = await ok('worker', 'POST', `${base(P1)}/minutes`,
    { held_on: DAYS_AGO(3), title: '第十周例会（测试）', attendees: '李社工\n 王主管 \n\n张志愿者', decisions: '一、下周家访三户。\n二、准备季度报告。' }, 201);
  assert.deepEqual(m.attendees, ['李社工', '王主管', '张志愿者']);
  assert.deepEqual(m.action_items, []);
  const m2 = await ok('supervisor', 'POST', `${base(P1)}/minutes`, { title: '今日例会（测试）', attendees: ['李社工'], decisions: '无' }, 201);
  assert.equal(m2.held_on, TODAY);
  await refused('worker', 'POST', `${base(P1)}/minutes`, { held_on: DAYS_AGO(3), title: '第十周例会（测试）', attendees: ['甲'], decisions: 'x' }, 409, 'duplicate');
  await writesNothing(async () => {
    await refused('worker', 'POST', `${base(P1)}/minutes`, { held_on: TOMORROW, title: 't', attendees: ['甲'], decisions: 'x' }, 422, 'validation', 'held_on');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: '', attendees: ['甲'], decisions: 'x' }, 422, 'validation', 'title');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: [], decisions: 'x' }, 422, 'validation', 'attendees');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: ['甲', '甲'], decisions: 'x' }, 422, 'validation', 'attendees');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: Array.from({ length: 51 }, (_, i) => `人${i}`), decisions: 'x' }, 422, 'validation', 'attendees');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: ['x'.repeat(51)], decisions: 'x' }, 422, 'validation', 'attendees');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: ['甲'], decisions: '' }, 422, 'validation', 'decisions');
    await refused('worker', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: 5, decisions: 'x' }, 422, 'validation', 'attendees');
    await refused('admin', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: ['甲'], decisions: 'x' }, 403, 'forbidden');
    await refused('auditor', 'POST', `${base(P1)}/minutes`, { title: 't', attendees: ['甲'], decisions: 'x' }, 403, 'forbidden');
    await refused('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions`, { what: '家访', owner: '李社工', due_on: DAYS_AGO(4) }, 422, 'validation', 'due_on');
    await refused('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions`, { what: '', owner: '李社工' }, 422, 'validation', 'what');
    await refused('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions`, { what: '家访', owner: '' }, 422, 'validation', 'owner');
  });
  let got = await ok('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions`, { what: '家访三户', owner: '李社工', due_on: TOMORROW }, 201);
  const a = got.action_items[0];
  assert.equal(a.done, false);
  assert.equal(got.open_actions, 1);
  await refused('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions`, { what: '家访三户', owner: '王主管' }, 409, 'duplicate');
  await refused('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions/${a.id}/done`, { done_on: DAYS_AGO(4) }, 422, 'validation', 'done_on');
  await refused('worker', 'POST', `${base(P1)}/minutes/${m2.id}/actions/${a.id}/done`, {}, 404, 'not_found');
  got = await ok('supervisor', 'POST', `${base(P1)}/minutes/${m.id}/actions/${a.id}/done`, {});
  assert.equal(got.action_items[0].done_on, TODAY);
  assert.equal(got.open_actions, 0);
  await refused('worker', 'POST', `${base(P1)}/minutes/${m.id}/actions/${a.id}/done`, {}, 409, 'already_done');

  const list = await ok('auditor', 'GET', `${base(P1)}/minutes?limit=500`);
  const held = list.items.map((x) => x.held_on);
  assert.deepEqual(held, [...held].sort().reverse(), 'newest first');
  assert.ok(list.items.some((x) => x.id === m.id && x.decisions === undefined));
  // paging by offset walks every minutes once
  const seen = [];
  let after = '';
  for (;;) {
    const pg = await ok('admin', 'GET', `${base(P1)}/minutes?limit=2${after ? `&after=${after}` : ''}`);
    seen.push(...pg.items.map((x) => x.id));
    if (!pg.next) break;
    after = pg.next;
  }
  assert.deepEqual(seen, list.items.map((x) => x.id));
  const one = await ok('admin', 'GET', `${base(P1)}/minutes/${m.id}`);
  assert.match(one.decisions, /季度报告/);
});

test('audit summaries hold no names', async () => {
  const r = await call('auditor', 'GET', '/api/v1/audit?limit=200');
  assert.equal(r.status, 200, r.text);
  const mine = r.json.items.filter((x) => ['staff', 'staff_training', 'staff_hours', 'partner', 'partner_report', 'minutes', 'minute_action'].includes(x.entity));
  assert.ok(mine.length >= 10, r.text.slice(0, 300));
  const text = JSON.stringify(mine);
  for (const s of ['测试社工甲', '13912345678', '区妇联', '王主任', '李社工', '家访三户', '第十周例会', '入户探访']) {
    assert.ok(!text.includes(s), `audit holds ${s}`);
  }
});
