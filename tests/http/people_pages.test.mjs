// The pages of staff and volunteers, partners and meeting minutes: who sees what (roles, phones
// only for supervisors and admins), the management sub-navigation, forms that work without
// JavaScript (303 on success, the page again with the message beside the field on a refusal),
// 404 for another project's records, the XLSX export and the paged minutes list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const ag = {};
const P1 = 1;
let P2, p2staff, p2partner, p2minutes;
const shanghai = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
const TODAY = shanghai(TEST_NOW_MS);
const TOMORROW = shanghai(TEST_NOW_MS + 24 * 3600 * 1000);
const DAYS_AGO = (n) => shanghai(TEST_NOW_MS - n * 24 * 3600 * 1000);

async function agent(login) {
  const a = newAgent(srv.base);
  const r = await a.login(login, `taxiang-${login}`);
  assert.equal(r.status, 303, `login ${login}`);
  return a;
}

/** GETs page (for its csrf), then POSTs the fields to action. */
async function post(a, page, action, fields) {
  const g = await a.get(page);
  assert.equal(g.status, 200, `GET ${page}: ${g.status}`);
  return a.postForm(action, fields);
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await runCliOk(['user', 'add', '--db', srv.db, '--login', 'sup_all', '--role', 'supervisor', '--password-stdin'],
    { input: 'taxiang-sup_all\n' });
  for (const login of ['admin', 'worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor']) {
    ag[login] = await agent(login);
  }
  const tok = await srv.tokenFor('sup_all');
  const adminTok = await srv.tokenFor('admin');
  const j = async (t, method, path, json) => {
    const r = await api(srv.base, path, { method, token: t, json });
    assert.ok(r.status < 300, `${path}: ${r.text}`);
    return r.json;
  };
  P2 = (await j(adminTok, 'POST', '/api/v1/projects', { name: '页面测试项目二', community: '东关社区', capacity: 10 })).id;
  p2staff = (await j(tok, 'POST', `/api/v1/projects/${P2}/staff`, { name: '别处的人', kind: 'staff' })).id;
  p2partner = (await j(tok, 'POST', `/api/v1/projects/${P2}/partners`, { name: '别处的伙伴', kind: 'media' })).id;
  p2minutes = (await j(tok, 'POST', `/api/v1/projects/${P2}/minutes`, { title: '别处的会', attendees: ['甲'], decisions: '无' })).id;
});

after(async () => {
  await srv?.stop();
});

test('who may open the pages', async () => {
  for (const path of ['staff', 'partners', 'minutes']) {
    for (const login of ['admin', 'worker', 'supervisor', 'auditor']) {
      const r = await ag[login].get(`/projects/${P1}/${path}`);
      assert.equal(r.status, 200, `${path} as ${login}`);
    }
    for (const login of ['community', 'leader', 'member', 'partner']) {
      const r = await ag[login].get(`/projects/${P1}/${path}`);
      assert.ok([403, 404, 303].includes(r.status), `${path} as ${login}: ${r.status}`);
    }
  }
  const hub = await ag.supervisor.get(`/projects/${P1}/staff`);
  assert.match(hub.text, /class="subnav"/);
  assert.match(hub.text, /href="\/projects\/1\/partners"/);
  assert.match(hub.text, /href="\/projects\/1\/budget"/);
  const w = await ag.worker.get(`/projects/${P1}/staff`);
  assert.doesNotMatch(w.text, /href="\/projects\/1\/budget"/, 'the worker sees no budget link');
  assert.doesNotMatch(w.text, /action="\/projects\/1\/staff"/, 'and no add form');
  assert.doesNotMatch(w.text, /\bviewport\b.*user-scalable=no/);
});

test('staff hub: add, her page, trainings, hours, leave, phones', async () => {
  const bad = await post(ag.supervisor, `/projects/${P1}/staff`, `/projects/${P1}/staff`,
    { name: '页面测试社工', kind: 'staff', phone: '123', joined_on: DAYS_AGO(60) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="err-phone"/);
  assert.match(bad.text, /value="页面测试社工"/, 'what was typed is kept');
  const r = await post(ag.supervisor, `/projects/${P1}/staff`, `/projects/${P1}/staff`,
    { name: '页面测试社工', kind: 'staff', title: '社工', phone: '13700001234', joined_on: DAYS_AGO(60) });
  assert.equal(r.status, 303, r.text);
  const loc = r.location;
  assert.match(loc, /\/projects\/1\/staff\/\d+\?ok=staff/);
  const sid = Number(/staff\/(\d+)/.exec(loc)[1]);
  const dup = await post(ag.admin, `/projects/${P1}/staff`, `/projects/${P1}/staff`, { name: '页面测试社工', kind: 'volunteer' });
  assert.equal(dup.status, 409);

  const page = `/projects/${P1}/staff/${sid}`;
  let t = await post(ag.supervisor, page, `${page}/trainings`, { title: '个案工作', on_date: DAYS_AGO(10), hours: '1.5' });
  assert.equal(t.status, 303);
  t = await post(ag.supervisor, page, `${page}/trainings`, { title: '小组工作', on_date: DAYS_AGO(61), hours: '2' });
  assert.equal(t.status, 422);
  assert.match(t.text, /id="err-on_date"/);
  t = await post(ag.supervisor, page, `${page}/trainings`, { title: '小组工作', on_date: DAYS_AGO(9), hours: '1.25' });
  assert.equal(t.status, 422);
  assert.match(t.text, /id="err-hours"/);
  const h = await post(ag.worker, page, `${page}/hours`, { on_date: DAYS_AGO(5), minutes: '120', what: '陪同就医' });
  assert.equal(h.status, 303);
  const forbidden = await post(ag.worker, page, `${page}/trainings`, { title: 'x', on_date: TODAY, hours: '1' });
  assert.equal(forbidden.status, 403);

  const sv = await ag.supervisor.get(page);
  const text = htmlText(sv.text);
  assert.match(text, /个案工作/);
  assert.match(text, /陪同就医/);
  assert.match(text, /13700001234/);
  assert.match(text, /1\.5/);
  const wk = await ag.worker.get(page);
  assert.doesNotMatch(wk.text, /13700001234/, 'no phone for a social worker');
  const hubW = await ag.worker.get(`/projects/${P1}/staff`);
  assert.doesNotMatch(hubW.text, /13700001234/);
  const hubS = await ag.supervisor.get(`/projects/${P1}/staff`);
  assert.match(hubS.text, /13700001234/);
  assert.match(hubS.text, /页面测试社工/);

  let l = await post(ag.supervisor, page, `${page}/leave`, { left_on: DAYS_AGO(61) });
  assert.equal(l.status, 422);
  assert.match(l.text, /id="err-left_on"/);
  l = await post(ag.supervisor, page, `${page}/leave`, { left_on: TODAY });
  assert.equal(l.status, 303);
  const again = await ag.supervisor.postForm(`${page}/leave`, { left_on: TODAY });
  assert.equal(again.status, 409);

  const x = await fetch(`${srv.base}/projects/${P1}/staff.xlsx`, { headers: { Cookie: ag.supervisor.cookieHeader() } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition') || '', /staff\.xlsx/);
  const xw = await fetch(`${srv.base}/projects/${P1}/staff.xlsx`, { headers: { Cookie: ag.worker.cookieHeader() } });
  assert.equal(xw.status, 403);
});

test('another project\'s records are not found', async () => {
  for (const p of [`staff/${p2staff}`, `partners/${p2partner}`, `minutes/${p2minutes}`]) {
    const r = await ag.supervisor.get(`/projects/${P1}/${p}`);
    assert.equal(r.status, 404, p);
  }
  await ag.supervisor.get(`/projects/${P1}/staff`);
  const r = await ag.supervisor.postForm(`/projects/${P1}/staff/${p2staff}/hours`, { on_date: TODAY, minutes: '10', what: 'x' });
  assert.equal(r.status, 404);
  const m = await ag.worker.get(`/projects/${P1}/minutes`);
  assert.equal(m.status, 200);
  const d = await ag.worker.postForm(`/projects/${P1}/minutes/${p2minutes}/actions/1/done`, {});
  assert.equal(d.status, 404);
});

test('partners by kind, one partner with its reports', async () => {
  const bad = await post(ag.supervisor, `/projects/${P1}/partners`, `/projects/${P1}/partners`, { name: '', kind: 'media' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="err-name"/);
  const r = await post(ag.supervisor, `/projects/${P1}/partners`, `/projects/${P1}/partners`,
    { name: '页面测试人社局', kind: 'government', contact: '李科长' });
  assert.equal(r.status, 303);
  const pid = Number(/partners\/(\d+)/.exec(r.location)[1]);
  const gov = await ag.worker.get(`/projects/${P1}/partners?kind=government`);
  assert.match(gov.text, /页面测试人社局/);
  assert.match(gov.text, /class="subnav"/);
  const media = await ag.worker.get(`/projects/${P1}/partners?kind=media`);
  assert.doesNotMatch(media.text, /页面测试人社局/);
  assert.equal((await ag.worker.get(`/projects/${P1}/partners?kind=nope`)).status, 422);
  const page = `/projects/${P1}/partners/${pid}`;
  let rep = await post(ag.supervisor, page, `${page}/reports`, { title: '季度报告', kind: 'quarterly', sent_on: TOMORROW });
  assert.equal(rep.status, 422);
  assert.match(rep.text, /id="err-sent_on"/);
  rep = await post(ag.supervisor, page, `${page}/reports`, { title: '季度报告', kind: 'quarterly', sent_on: DAYS_AGO(1) });
  assert.equal(rep.status, 303);
  const one = await ag.auditor.get(page);
  assert.match(htmlText(one.text), /季度报告/);
  assert.doesNotMatch(one.text, /action="[^"]*\/reports"/, 'no form for the auditor');
});

test('minutes: list, add, actions, done once', async () => {
  const list = `/projects/${P1}/minutes`;
  const bad = await post(ag.worker, list, list, { held_on: TODAY, title: '页面测试例会', attendees: '', decisions: 'x' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="err-attendees"/);
  const r = await post(ag.worker, list, list,
    { held_on: TODAY, title: '页面测试例会', attendees: '李社工\r\n王主管', decisions: '一、家访。\r\n二、月报。' });
  assert.equal(r.status, 303, r.text);
  const mid = Number(/minutes\/(\d+)/.exec(r.location)[1]);
  const page = `${list}/${mid}`;
  const one = await ag.admin.get(page);
  assert.equal(one.status, 200);
  assert.match(htmlText(one.text), /李社工、王主管/);
  assert.doesNotMatch(one.text, /action="[^"]*\/actions"/, 'admin reads only');
  let a = await post(ag.worker, page, `${page}/actions`, { what: '家访三户', owner: '李社工', due_on: DAYS_AGO(1) });
  assert.equal(a.status, 422);
  assert.match(a.text, /id="err-due_on"/);
  a = await post(ag.worker, page, `${page}/actions`, { what: '家访三户', owner: '李社工', due_on: TOMORROW });
  assert.equal(a.status, 303);
  const withAction = await ag.worker.get(page);
  const m = /action="(\/projects\/1\/minutes\/\d+\/actions\/(\d+)\/done)"/.exec(withAction.text);
  assert.ok(m, 'a done button');
  const d = await ag.worker.postForm(m[1], {});
  assert.equal(d.status, 303);
  await ag.worker.get(page);
  const d2 = await ag.worker.postForm(m[1], {});
  assert.equal(d2.status, 409);
  const l = await ag.auditor.get(list);
  assert.match(htmlText(l.text), /页面测试例会/);
  // the list is paged: 50 a page, the demo holds more
  if (/rel="next"/.test(l.text)) {
    const next = /rel="next" href="([^"]+)"/.exec(l.text)[1].replace(/&amp;/g, '&');
    const p2 = await ag.auditor.get(next);
    assert.equal(p2.status, 200);
    assert.doesNotMatch(htmlText(p2.text), /页面测试例会/);
  }
});
