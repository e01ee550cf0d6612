// Jobs pages over HTTP (page_jobs.c) and the partner portal (page_partner.c): enterprises with
// their pairs and contact log, jobs with their status, the referral candidates with a button each,
// a referral of someone else with and without an override reason (the not_eligible refusal),
// outcomes with a wage typed in yuan, the referral threshold typed as a percentage, her jobs card,
// the XLSX exports, every page for every role, another project's ids, and what a partner sees:
// its own enterprise, jobs and referrals only, a woman's name and phone only with her employer
// consent. Every form goes through newAgent with its CSRF field, as a browser sends it. Set-up:
// the demo (its four enterprises, eight jobs and their referrals; the partner account belongs to
// the first enterprise); a second project with an enterprise and a job of its own, made by an
// organisation-wide supervisor (`sup_all`), for the "another project's id" checks. Counts are
// checked as differences from what the demo left.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_SECONDS, api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const ag = {}; // login -> logged-in agent
const P1 = 1;
let P2; // the second project
let other; // { enterprise, job } in the second project
let partnerEnt; // the partner's enterprise (the demo's first)
let partnerJob; // a job of the partner's enterprise, new, for the referrals made here
let otherEntJob; // a job of another enterprise of project 1 (the partner must not see it)
const TODAY = new Date((Number(TEST_NOW_SECONDS) + 8 * 3600) * 1000).toISOString().slice(0, 10);

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

/** GET a page (for its csrf), then post a form to path; returns the POST's response. */
async function post(a, page, path, fields) {
  const g = await a.get(page);
  assert.equal(g.status, 200, `GET ${page}`);
  return a.postForm(path, fields);
}

/** Posts repeated keys (checkboxes): pairs [[key, value]…], after GET page for the csrf. */
async function postPairs(a, page, path, pairs) {
  await a.get(page);
  const body = new URLSearchParams([['csrf', a.csrf], ...pairs]);
  return a.request('POST', path, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(),
  });
}

/** The id in a redirect to /projects/P/<what>/ID?ok=… */
function idOf(r, what) {
  assert.equal(r.status, 303, r.text && htmlText(r.text).slice(0, 400));
  const m = new RegExp(`/${what}/(\\d+)\\?ok=`).exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

/** The error shown beside a field (<span class="field-error" id="err-NAME">). */
function fieldError(html, name) {
  const m = new RegExp(`id="err-${name}"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1] : null;
}

/** The options of a <select name=NAME>: [{ id, name }]. */
function optionsOf(html, name) {
  const sel = new RegExp(`<select name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  assert.ok(sel, `select ${name}`);
  return [...sel[1].matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ id: Number(m[1]), name: m[2] }));
}

/** The candidates of a job page: [{ id, name, button }]. */
function candidatesOf(html) {
  const part = html.split('id="candidates"')[1].split('</section>')[0];
  return [...part.matchAll(/<tr><td class="name"><a href="\/projects\/\d+\/participants\/(\d+)">([^<]*)<\/a>[\s\S]*?<\/tr>/g)]
    .map((m) => ({ id: Number(m[1]), name: m[2], button: /name="participant_id"/.test(m[0]) }));
}

/** The referrals of a job page: [{ id, participant, text }]. */
function referralsOf(html) {
  const part = html.split('id="referrals"')[1].split('</section>')[0];
  return [...part.matchAll(/<li id="referral-(\d+)"><h3><a href="\/projects\/\d+\/participants\/(\d+)">[\s\S]*?<\/li>/g)]
    .map((m) => ({ id: Number(m[1]), participant: Number(m[2]), text: htmlText(m[0]) }));
}

/** Creates a job through the managers' form; returns its id. */
async function newJob(a, enterprise, fields = {}) {
  const r = await post(a, `/projects/${P1}/jobs`, `/projects/${P1}/jobs`, {
    enterprise_id: enterprise, title: '测试岗位', kind: 'full_time', wage: '3500', wage_unit: 'month',
    place: '榆阳区', hours: '每天 8 小时', ...fields,
  });
  return idOf(r, 'jobs');
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await addUser('sup_all', 'supervisor', 0);
  const adminTok = await srv.tokenFor('admin');
  const r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: adminTok, json: { name: '第二个项目', community: '南关社区', capacity: 20 },
  });
  assert.equal(r.status, 201, r.text);
  P2 = r.json.id;
  for (const login of ['worker', 'supervisor', 'community', 'member', 'partner', 'auditor', 'admin', 'leader', 'sup_all']) {
    ag[login] = await agent(login);
  }
  // the second project's enterprise and job, through its pages
  let x = await post(ag.sup_all, `/projects/${P2}/enterprises`, `/projects/${P2}/enterprises`, { name: '南关企业' });
  const ent2 = idOf(x, 'enterprises');
  x = await post(ag.sup_all, `/projects/${P2}/jobs`, `/projects/${P2}/jobs`, { enterprise_id: ent2, title: '南关岗位', kind: 'flexible' });
  other = { enterprise: ent2, job: idOf(x, 'jobs') };
  // the partner's enterprise is the demo's first (榆林巧手服饰有限公司)
  const list = await ag.worker.get(`/projects/${P1}/enterprises`);
  partnerEnt = Number(/\/enterprises\/(\d+)">榆林巧手服饰有限公司</.exec(list.text)[1]);
  partnerJob = await newJob(ag.worker, partnerEnt, { title: '质检员', wage: '4200.50' });
  const jobs = await ag.worker.get(`/projects/${P1}/jobs`);
  otherEntJob = Number(/\/jobs\/(\d+)">家政服务员</.exec(jobs.text)[1]);
});

after(async () => {
  await srv?.stop();
});

describe('who may see the pages', () => {
  const pages = () => [
    `/projects/${P1}/enterprises`, `/projects/${P1}/enterprises/${partnerEnt}`, `/projects/${P1}/jobs`,
    `/projects/${P1}/jobs/${partnerJob}`, `/projects/${P1}/referrals`,
  ];
  const exports = () => [`/projects/${P1}/enterprises.xlsx`, `/projects/${P1}/jobs.xlsx`, `/projects/${P1}/referrals.xlsx`];

  test('social workers and supervisors see every page, with the demo\'s records', async () => {
    for (const login of ['worker', 'supervisor']) {
      for (const p of pages()) assert.equal((await ag[login].get(p)).status, 200, `${login} ${p}`);
    }
    const ents = htmlText((await ag.worker.get(`/projects/${P1}/enterprises`)).text);
    for (const name of ['榆林巧手服饰有限公司', '榆林市巧媳妇家政服务有限公司', '西闫社区老面馍馍坊', '塞上优品电商服务中心']) {
      assert.ok(ents.includes(name), name);
    }
    assert.ok(ents.includes('培训、就业岗位'), 'what an enterprise offers');
    const jobs = htmlText((await ag.worker.get(`/projects/${P1}/jobs`)).text);
    assert.ok(jobs.includes('服装缝纫工'));
    assert.ok(jobs.includes('3200.00 元/月'), 'a monthly wage, from fen');
    assert.ok(jobs.includes('25.00 元/小时'), 'an hourly wage');
    assert.ok(jobs.includes('15.00 元/件'), 'a piece rate');
    assert.ok(jobs.includes('4200.50 元/月'), 'the job posted here');
    const refs = htmlText((await ag.worker.get(`/projects/${P1}/referrals`)).text);
    assert.ok(refs.includes('例外推荐'), 'a referral with an override reason');
    assert.ok(refs.includes('符合推荐条件'));
    assert.ok(refs.includes('已录用'));
  });

  test('every XLSX export', async () => {
    for (const p of exports()) assertXlsx(await raw(ag.worker, p));
    assertXlsx(await raw(ag.supervisor, `/projects/${P1}/referrals.xlsx`));
    assertXlsx(await raw(ag.partner, '/partner/referrals.xlsx'));
  });

  test('every other role is refused (403), the partner included', async () => {
    for (const login of ['community', 'member', 'partner', 'auditor', 'admin', 'leader']) {
      for (const p of [...pages(), ...exports()]) {
        assert.equal((await raw(ag[login], p)).status, 403, `${login} ${p}`);
      }
    }
    for (const login of ['worker', 'supervisor', 'community', 'member', 'auditor', 'admin', 'leader']) {
      assert.equal((await raw(ag[login], '/partner')).status, 403, `${login} /partner`);
      assert.equal((await raw(ag[login], '/partner/referrals.xlsx')).status, 403, `${login} partner xlsx`);
    }
    // forms too
    await ag.community.get('/');
    let r = await ag.community.postForm(`/projects/${P1}/enterprises`, { name: '不该有的企业' });
    assert.equal(r.status, 403);
    r = await ag.partner.postForm(`/projects/${P1}/referrals`, { job_id: partnerJob, participant_id: 1 });
    assert.equal(r.status, 403);
    await ag.worker.get(`/projects/${P1}/jobs`);
    r = await ag.worker.postForm(`/projects/${P1}/referral-threshold`, { threshold: '50' });
    assert.equal(r.status, 403, 'a social worker does not set the threshold');
    await ag.worker.get('/');
    r = await ag.worker.postForm('/partner/jobs', { title: 'x', kind: 'flexible' });
    assert.equal(r.status, 403);
    const list = await ag.worker.get(`/projects/${P1}/enterprises`);
    assert.ok(!list.text.includes('不该有的企业'));
  });

  test('the nav shows the pages to those who may see them', async () => {
    const w = (await ag.worker.get(`/projects/${P1}/jobs`)).text;
    assert.ok(w.includes(`href="/projects/${P1}/enterprises"`));
    const p = (await ag.partner.get('/partner')).text;
    assert.ok(!p.includes(`/projects/${P1}/jobs"`), 'the partner has no project pages in its nav');
  });
});

describe('enterprises', () => {
  let eid;

  test('a new enterprise with what it offers; the page shows its facts', async () => {
    const r = await postPairs(ag.worker, `/projects/${P1}/enterprises`, `/projects/${P1}/enterprises`, [
      ['name', '榆林新华印务有限公司'], ['contact', '赵主任'], ['phone', '0912-3456789'], ['address', '榆阳区长城路 9 号'],
      ['offers', 'training'], ['offers', 'orders'],
    ]);
    eid = idOf(r, 'enterprises');
    const page = await ag.worker.get(r.location);
    assert.equal(page.status, 200);
    const t = htmlText(page.text);
    assert.ok(t.includes('企业已保存'), 'the notice');
    assert.ok(t.includes('榆林新华印务有限公司'));
    assert.ok(t.includes('赵主任'));
    assert.ok(t.includes('0912-3456789'));
    assert.ok(t.includes('培训、订单'));
    assert.ok(t.includes('还没有结对学员'));
    assert.ok(t.includes('还没有联系记录'));
    const list = htmlText((await ag.worker.get(`/projects/${P1}/enterprises`)).text);
    assert.ok(list.includes('榆林新华印务有限公司'));
  });

  test('errors beside their fields (422), nothing written', async () => {
    const page = `/projects/${P1}/enterprises`;
    let r = await post(ag.worker, page, page, { name: '', contact: '某人' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'name'), 'beside the name');
    assert.ok(r.text.includes('value="某人"'), 'what was typed stays');
    r = await post(ag.worker, page, page, { name: '电话错的企业', phone: 'abc' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'phone'), 'beside the phone');
    r = await postPairs(ag.worker, page, page, [['name', '选项错的企业'], ['offers', 'money']]);
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'offers'), 'beside the offers');
    r = await ag.worker.postForm(page, { name: '无令牌企业', csrf: null });
    assert.equal(r.status, 403, 'without its csrf field');
    const list = htmlText((await ag.worker.get(page)).text);
    for (const n of ['电话错的企业', '选项错的企业', '无令牌企业']) assert.ok(!list.includes(n), n);
  });

  test('pairing a woman: her link on the enterprise page; twice is 409; none chosen is 422', async () => {
    const page = `/projects/${P1}/enterprises/${eid}`;
    const g = await ag.worker.get(page);
    const women = optionsOf(g.text, 'participant_id');
    assert.ok(women.length >= 10, 'the signed women are offered');
    const her = women[0];
    let r = await ag.worker.postForm(`${page}/pairs`, { participant_id: her.id, paired_on: TODAY });
    assert.equal(r.status, 303);
    assert.match(r.location, /\?ok=pair#pairs$/);
    let p = await ag.worker.get(page);
    assert.ok(p.text.includes(`href="/projects/${P1}/participants/${her.id}">${her.name}</a>`), 'her link');
    assert.ok(!optionsOf(p.text, 'participant_id').some((w) => w.id === her.id), 'no longer offered');
    r = await ag.worker.postForm(`${page}/pairs`, { participant_id: her.id });
    assert.equal(r.status, 409);
    assert.ok(htmlText(r.text).includes('她已经与这家企业结对'));
    r = await post(ag.worker, page, `${page}/pairs`, { participant_id: '' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'participant_id'));
    // her page shows the enterprise she is paired with
    const hp = await ag.worker.get(`/projects/${P1}/participants/${her.id}`);
    const card = htmlText(hp.text.split('id="jobs"')[1].split('</section>')[0]);
    assert.ok(card.includes('榆林新华印务有限公司'), card);
  });

  test('the contact log: newest first; an empty summary and a future date are refused', async () => {
    const page = `/projects/${P1}/enterprises/${eid}`;
    let r = await post(ag.worker, page, `${page}/contacts`, { kind: 'contact', on: '2024-01-05', summary: '第一次电话联系' });
    assert.equal(r.status, 303);
    r = await post(ag.worker, page, `${page}/contacts`, { kind: 'report', on: TODAY, summary: '发送季度进展报告' });
    assert.equal(r.status, 303);
    const t = htmlText((await ag.worker.get(page)).text);
    const a = t.indexOf('发送季度进展报告'), b = t.indexOf('第一次电话联系');
    assert.ok(a > 0 && b > a, 'newest first');
    assert.ok(t.includes('进展报告'));
    r = await post(ag.worker, page, `${page}/contacts`, { kind: 'contact', on: TODAY, summary: '' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'summary'));
    r = await post(ag.worker, page, `${page}/contacts`, { kind: 'contact', on: '2999-01-01', summary: '未来的联系' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'on'), 'beside the date');
    assert.ok(!htmlText((await ag.worker.get(page)).text).includes('未来的联系'));
  });
});

describe('jobs', () => {
  test('a new job: its wage exactly from yuan, per its unit; errors beside their fields', async () => {
    const ent = partnerEnt;
    let jid = await newJob(ag.worker, ent, { title: '熨烫工', wage: '35.5', wage_unit: 'day', kind: 'part_time' });
    let t = htmlText((await ag.worker.get(`/projects/${P1}/jobs/${jid}`)).text);
    assert.ok(t.includes('35.50 元/天'), t.slice(0, 600));
    assert.ok(t.includes('兼职'));
    jid = await newJob(ag.worker, ent, { title: '无工资岗位', wage: '' });
    t = htmlText((await ag.worker.get(`/projects/${P1}/jobs/${jid}`)).text);
    assert.ok(t.includes('工资（元） —'), 'no wage given');
    const page = `/projects/${P1}/jobs`;
    let r = await post(ag.worker, page, page, { enterprise_id: ent, title: '工资错', kind: 'flexible', wage: '12.345' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'wage'));
    assert.ok(r.text.includes('value="12.345"'), 'what was typed stays');
    r = await post(ag.worker, page, page, { enterprise_id: ent, title: '', kind: 'flexible' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'title'));
    r = await post(ag.worker, page, page, { enterprise_id: ent, title: '种类错', kind: 'forever' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'kind'));
    assert.ok(!htmlText((await ag.worker.get(page)).text).includes('工资错'));
    // the enterprise page lists its jobs
    const ep = htmlText((await ag.worker.get(`/projects/${P1}/enterprises/${ent}`)).text);
    assert.ok(ep.includes('熨烫工') && ep.includes('35.50 元/天'));
  });

  test('the status: filled takes no referral buttons; open again', async () => {
    const jid = await newJob(ag.worker, partnerEnt, { title: '临时岗位' });
    const page = `/projects/${P1}/jobs/${jid}`;
    let g = await ag.worker.get(page);
    assert.ok(candidatesOf(g.text).some((c) => c.button), 'an open job has buttons');
    let r = await ag.worker.postForm(`${page}/status`, { status: 'filled' });
    assert.equal(r.status, 303);
    g = await ag.worker.get(page);
    assert.ok(htmlText(g.text).includes('已招满'));
    assert.ok(!candidatesOf(g.text).some((c) => c.button), 'no buttons on a filled job');
    r = await ag.worker.postForm(`${page}/status`, { status: 'closed' });
    assert.equal(r.status, 422);
    await ag.worker.get(page);
    r = await ag.worker.postForm(`${page}/status`, { status: 'open' });
    assert.equal(r.status, 303);
  });
});

describe('referrals', () => {
  let jid;
  let candidate; // referred by her button
  let outsider; // not eligible: referred with a reason

  before(async () => {
    jid = await newJob(ag.worker, partnerEnt, { title: '包装工', wage: '3000' });
  });

  test('the candidates: rate and passed skills, a 推荐 button each; the button refers her', async () => {
    const page = `/projects/${P1}/jobs/${jid}`;
    const g = await ag.worker.get(page);
    const cands = candidatesOf(g.text);
    assert.ok(cands.length >= 5, 'the demo has eligible women');
    assert.ok(cands.every((c) => c.button));
    const part = htmlText(g.text.split('id="candidates"')[1].split('</section>')[0]);
    assert.match(part, /\d+(\.\d)?% \(\d+ \/ \d+\)/, 'a rate with its counts');
    assert.ok(/家政|编织|面点|直播销售/.test(part), 'passed skills');
    assert.ok(part.includes('80%'), 'the threshold');
    candidate = cands[0];
    const r = await ag.worker.postForm(`/projects/${P1}/referrals`, { job_id: jid, participant_id: candidate.id });
    assert.equal(r.status, 303);
    assert.match(r.location, new RegExp(`/jobs/${jid}\\?ok=referral#referrals$`));
    const p = await ag.worker.get(page);
    const refs = referralsOf(p.text);
    assert.equal(refs.length, 1);
    assert.equal(refs[0].participant, candidate.id);
    assert.ok(refs[0].text.includes('符合推荐条件'));
    assert.ok(refs[0].text.includes('待反馈'));
    assert.ok(candidatesOf(p.text).find((c) => c.id === candidate.id && !c.button), 'marked referred');
    // twice: 409
    const again = await ag.worker.postForm(`/projects/${P1}/referrals`, { job_id: jid, participant_id: candidate.id });
    assert.equal(again.status, 409);
    assert.ok(htmlText(again.text).includes('她已经被推荐到这个岗位'));
  });

  test('someone else without a reason is refused (409 not_eligible), with one she is referred', async () => {
    const page = `/projects/${P1}/jobs/${jid}`;
    const g = await ag.worker.get(page);
    const eligible = new Set(candidatesOf(g.text).map((c) => c.id));
    const offered = optionsOf(g.text.split('id="override"')[1], 'participant_id');
    outsider = offered.find((w) => !eligible.has(w.id));
    assert.ok(outsider, 'a signed woman who is not eligible');
    let r = await ag.worker.postForm(`/projects/${P1}/referrals`, { job_id: jid, participant_id: outsider.id, override_reason: '' });
    assert.equal(r.status, 409);
    const banner = htmlText(r.text.split('id="override"')[1].split('</details>')[0]);
    assert.ok(/不符合推荐条件|低于本项目的推荐门槛/.test(banner), banner);
    assert.ok(banner.includes('破例理由'), 'what to do about it');
    assert.ok(/<details class="card jp-new" id="override" open>/.test(r.text), 'the override form is open');
    assert.equal(referralsOf(r.text).length, 1, 'nothing written');
    r = await ag.worker.postForm(`/projects/${P1}/referrals`, {
      job_id: jid, participant_id: outsider.id, override_reason: '有多年包装经验，企业同意面试',
    });
    assert.equal(r.status, 303);
    const p = await ag.worker.get(page);
    const ref = referralsOf(p.text).find((x) => x.participant === outsider.id);
    assert.ok(ref, 'her referral');
    assert.ok(ref.text.includes('例外推荐') && ref.text.includes('有多年包装经验，企业同意面试'));
    // the list of every referral shows the reason too
    const all = htmlText((await ag.worker.get(`/projects/${P1}/referrals`)).text);
    assert.ok(all.includes('有多年包装经验，企业同意面试'));
    // a reason too long is beside its field
    const long = offered.find((w) => w.id !== outsider.id && !eligible.has(w.id));
    await ag.worker.get(page);
    r = await ag.worker.postForm(`/projects/${P1}/referrals`, { job_id: jid, participant_id: long.id, override_reason: '长'.repeat(501) });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'override_reason'));
  });

  test('outcomes: hired needs the wage (422 beside it); typed in yuan, shown exactly', async () => {
    const page = `/projects/${P1}/jobs/${jid}`;
    let p = await ag.worker.get(page);
    const ref = referralsOf(p.text).find((x) => x.participant === candidate.id);
    const action = `/projects/${P1}/referrals/${ref.id}/outcome`;
    let r = await ag.worker.postForm(action, { outcome: 'hired', wage: '', on: TODAY });
    assert.equal(r.status, 422);
    const m = new RegExp(`<li id="referral-${ref.id}">[\\s\\S]*?</li>`).exec(r.text)[0];
    assert.ok(fieldError(m, 'wage'), 'beside the wage of that referral');
    r = await ag.worker.postForm(action, { outcome: 'hired', wage: '3600.5', on: TODAY });
    assert.equal(r.status, 303);
    assert.match(r.location, new RegExp(`#referral-${ref.id}$`));
    p = await ag.worker.get(page);
    const now = referralsOf(p.text).find((x) => x.id === ref.id);
    assert.ok(now.text.includes('已录用') && now.text.includes('3600.50 元'), now.text);
    // her card: the placement with its wage
    const hp = await ag.worker.get(`/projects/${P1}/participants/${candidate.id}`);
    const card = htmlText(hp.text.split('id="jobs"')[1].split('</section>')[0]);
    assert.ok(card.includes('包装工') && card.includes('已录用') && card.includes('3600.50 元'), card);
    // interviewed, for the other
    const o = referralsOf(p.text).find((x) => x.participant === outsider.id);
    await ag.worker.get(page);
    r = await ag.worker.postForm(`/projects/${P1}/referrals/${o.id}/outcome`, { outcome: 'interviewed', on: TODAY });
    assert.equal(r.status, 303);
    r = await ag.worker.postForm(`/projects/${P1}/referrals/${o.id}/outcome`, { outcome: 'hired', wage: '3千' });
    assert.equal(r.status, 422);
  });

  test('the threshold: a percentage as basis points, exactly; supervisors and administrators only', async () => {
    const page = `/projects/${P1}/jobs/${jid}`;
    let g = await ag.worker.get(page);
    assert.ok(!g.text.includes('name="threshold"'), 'no form for a social worker');
    g = await ag.supervisor.get(page);
    assert.ok(g.text.includes('name="threshold"'));
    let r = await ag.supervisor.postForm(`/projects/${P1}/referral-threshold`, { threshold: '82.5', job_id: jid });
    assert.equal(r.status, 303);
    assert.match(r.location, new RegExp(`/jobs/${jid}\\?ok=threshold`));
    const tok = await srv.tokenFor('supervisor');
    let th = await api(srv.base, `/api/v1/projects/${P1}/referral-threshold`, { token: tok });
    assert.equal(th.json.threshold_bp, 8250);
    assert.ok(htmlText((await ag.supervisor.get(page)).text).includes('不低于 82.5%'));
    for (const bad of ['abc', '100.5', '82.125', '-5']) {
      await ag.supervisor.get(page);
      r = await ag.supervisor.postForm(`/projects/${P1}/referral-threshold`, { threshold: bad, job_id: jid });
      assert.equal(r.status, 422, bad);
      assert.ok(fieldError(r.text, 'threshold'), bad);
    }
    th = await api(srv.base, `/api/v1/projects/${P1}/referral-threshold`, { token: tok });
    assert.equal(th.json.threshold_bp, 8250, 'unchanged by the refusals');
    // from the jobs list, and by an administrator (who has no jobs page: back to the list)
    await ag.admin.get('/');
    r = await ag.admin.postForm(`/projects/${P1}/referral-threshold`, { threshold: '80' });
    assert.equal(r.status, 303);
    th = await api(srv.base, `/api/v1/projects/${P1}/referral-threshold`, { token: tok });
    assert.equal(th.json.threshold_bp, 8000);
  });
});

describe('another project\'s ids are not found (404)', () => {
  test('pages and forms', async () => {
    const w = ag.worker;
    assert.equal((await w.get(`/projects/${P1}/enterprises/${other.enterprise}`)).status, 404);
    assert.equal((await w.get(`/projects/${P1}/jobs/${other.job}`)).status, 404);
    assert.equal((await w.get(`/projects/${P1}/jobs/999999`)).status, 404);
    await w.get(`/projects/${P1}/jobs`);
    let r = await w.postForm(`/projects/${P1}/enterprises/${other.enterprise}/pairs`, { participant_id: 1 });
    assert.equal(r.status, 404);
    r = await w.postForm(`/projects/${P1}/enterprises/${other.enterprise}/contacts`, { kind: 'contact', summary: 'x' });
    assert.equal(r.status, 404);
    r = await w.postForm(`/projects/${P1}/jobs/${other.job}/status`, { status: 'filled' });
    assert.equal(r.status, 404);
    r = await w.postForm(`/projects/${P1}/referrals`, { job_id: other.job, participant_id: 1, override_reason: '试试' });
    assert.equal(r.status, 404);
    r = await w.postForm(`/projects/${P1}/jobs`, { enterprise_id: other.enterprise, title: '跨项目', kind: 'flexible' });
    assert.equal(r.status, 404);
    // an organisation-wide supervisor: project 1's records through project 2's address
    const s = ag.sup_all;
    assert.equal((await s.get(`/projects/${P2}/jobs/${partnerJob}`)).status, 404);
    assert.equal((await s.get(`/projects/${P2}/enterprises/${partnerEnt}`)).status, 404);
    const refs = await s.get(`/projects/${P1}/referrals`);
    const rid = Number(/id="referral-(\d+)"|\/referrals\/(\d+)/.exec(refs.text)?.[1] ?? 1);
    await s.get(`/projects/${P2}/jobs`);
    r = await s.postForm(`/projects/${P2}/referrals/${rid}/outcome`, { outcome: 'interviewed' });
    assert.equal(r.status, 404);
    // a woman of project 1 paired into project 2's enterprise
    r = await s.postForm(`/projects/${P2}/enterprises/${other.enterprise}/pairs`, { participant_id: 1 });
    assert.equal(r.status, 404);
    // and the second project's lists hold nothing of the first
    const t = htmlText((await s.get(`/projects/${P2}/jobs`)).text);
    assert.ok(t.includes('南关岗位') && !t.includes('服装缝纫工'));
  });
});

describe('the partner portal', () => {
  let consenting; // { id, name, phone }: employer consent
  let withdrawn; // { id, name, phone }: consent withdrawn
  let refOf; // participant id -> referral id

  before(async () => {
    const tok = await srv.tokenFor('worker');
    const list = await api(srv.base, `/api/v1/projects/${P1}/participants?stage=signed&limit=500`, { token: tok });
    assert.equal(list.status, 200, list.text);
    const withPhone = list.json.items.filter((p) => p.phone);
    assert.ok(withPhone.length >= 2);
    [consenting, withdrawn] = withPhone.slice(-2).map((p) => ({ id: p.id, name: p.name, phone: p.phone }));
    for (const [w, granted] of [[consenting, true], [withdrawn, false]]) {
      const r = await api(srv.base, `/api/v1/projects/${P1}/participants/${w.id}/consents`, {
        method: 'POST', token: tok, json: { purpose: 'employer', granted, version: '2024-v1', method: 'paper' },
      });
      assert.ok(r.status < 300, r.text);
    }
    refOf = {};
    for (const w of [consenting, withdrawn]) {
      const r = await post(ag.worker, `/projects/${P1}/jobs/${partnerJob}`, `/projects/${P1}/referrals`, {
        job_id: partnerJob, participant_id: w.id, override_reason: '测试企业端显示',
      });
      assert.equal(r.status, 303, htmlText(r.text || '').slice(0, 300));
    }
    const p = await ag.worker.get(`/projects/${P1}/jobs/${partnerJob}`);
    for (const x of referralsOf(p.text)) refOf[x.participant] = x.id;
  });

  test('its own enterprise, jobs and referrals; a contact only with her consent', async () => {
    const g = await ag.partner.get('/partner');
    assert.equal(g.status, 200);
    const t = htmlText(g.text);
    assert.ok(t.includes('榆林巧手服饰有限公司'));
    assert.ok(t.includes('质检员') && t.includes('4200.50 元/月'), 'its job');
    assert.ok(!t.includes('家政服务员'), 'not another enterprise\'s job');
    assert.ok(!t.includes('南关岗位'));
    const card = (pid) => new RegExp(`<li id="referral-${refOf[pid]}"[\\s\\S]*?</li>`).exec(g.text)[0];
    const yes = htmlText(card(consenting.id));
    assert.ok(yes.includes(consenting.name) && yes.includes(consenting.phone), yes);
    assert.ok(card(consenting.id).includes(`href="tel:${consenting.phone}"`));
    const no = htmlText(card(withdrawn.id));
    assert.ok(no.includes('该学员未同意向企业提供联系方式'), no);
    assert.ok(!g.text.includes(withdrawn.phone), 'her phone nowhere on the page');
    assert.ok(!no.includes(withdrawn.name), 'her name not on her card');
    assert.ok(!g.text.includes('/participants/'), 'no link to a participant');
    const x = await raw(ag.partner, '/partner/referrals.xlsx');
    assertXlsx(x);
  });

  test('records an outcome of its own referral; another enterprise\'s is not found', async () => {
    await ag.partner.get('/partner');
    let r = await ag.partner.postForm(`/partner/referrals/${refOf[withdrawn.id]}/outcome`, { outcome: 'hired', wage: '', on: TODAY });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'wage'));
    r = await ag.partner.postForm(`/partner/referrals/${refOf[withdrawn.id]}/outcome`, { outcome: 'hired', wage: '4300', on: TODAY });
    assert.equal(r.status, 303);
    const g = await ag.partner.get('/partner');
    const card = htmlText(new RegExp(`<li id="referral-${refOf[withdrawn.id]}"[\\s\\S]*?</li>`).exec(g.text)[0]);
    assert.ok(card.includes('已录用') && card.includes('4300.00 元'), card);
    // the social worker sees it on the job's page
    const p = await ag.worker.get(`/projects/${P1}/jobs/${partnerJob}`);
    assert.ok(referralsOf(p.text).find((x) => x.participant === withdrawn.id).text.includes('4300.00 元'));
    // a referral to another enterprise
    const jp = await ag.worker.get(`/projects/${P1}/jobs/${otherEntJob}`);
    const foreign = referralsOf(jp.text)[0].id;
    await ag.partner.get('/partner');
    r = await ag.partner.postForm(`/partner/referrals/${foreign}/outcome`, { outcome: 'not_hired' });
    assert.equal(r.status, 404);
    r = await ag.partner.postForm('/partner/referrals/999999/outcome', { outcome: 'not_hired' });
    assert.equal(r.status, 404);
  });

  test('posts a job for its enterprise', async () => {
    let r = await post(ag.partner, '/partner', '/partner/jobs', { title: '夜班包装', kind: 'piece_work', wage: '0.8', wage_unit: 'piece', place: '车间', hours: '晚上' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/partner?ok=job#jobs');
    const t = htmlText((await ag.partner.get('/partner')).text);
    assert.ok(t.includes('夜班包装') && t.includes('0.80 元/件'));
    const ep = htmlText((await ag.worker.get(`/projects/${P1}/enterprises/${partnerEnt}`)).text);
    assert.ok(ep.includes('夜班包装'), 'the job is the enterprise\'s');
    r = await post(ag.partner, '/partner', '/partner/jobs', { title: '', kind: 'piece_work' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'title'));
    r = await post(ag.partner, '/partner', '/partner/jobs', { title: '工资错', kind: 'piece_work', wage: '1,000' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'wage'));
  });
});

describe("an enterprise's exports", () => {
  let eid; // the enterprise made above, with a pair and two contacts

  before(async () => {
    const list = await ag.worker.get(`/projects/${P1}/enterprises`);
    eid = Number(/\/enterprises\/(\d+)">榆林新华印务有限公司</.exec(list.text)[1]);
  });

  test('pairs.xlsx and contacts.xlsx, linked beside their lists', async () => {
    const page = await ag.worker.get(`/projects/${P1}/enterprises/${eid}`);
    for (const what of ['pairs', 'contacts']) {
      assert.ok(page.text.includes(`href="/projects/${P1}/enterprises/${eid}/${what}.xlsx"`), `${what} link`);
      for (const login of ['worker', 'supervisor']) {
        const x = await raw(ag[login], `/projects/${P1}/enterprises/${eid}/${what}.xlsx`);
        assertXlsx(x);
        assert.match(x.headers.get('content-disposition'), new RegExp(`filename="enterprise-${eid}-${what}\\.xlsx"`));
        assert.ok(x.bytes.length > 1000, `${what}: ${x.bytes.length} bytes`);
        assert.equal(x.bytes.subarray(x.bytes.length - 22, x.bytes.length - 18).toString('latin1'), 'PK\x05\x06',
          'a whole ZIP (its end record)');
      }
    }
  });

  test('the other roles: 403; another project\'s enterprise: 404', async () => {
    for (const login of ['member', 'partner']) {
      for (const what of ['pairs', 'contacts']) {
        assert.equal((await raw(ag[login], `/projects/${P1}/enterprises/${eid}/${what}.xlsx`)).status, 403, `${login} ${what}`);
      }
    }
    for (const what of ['pairs', 'contacts']) {
      assert.equal((await raw(ag.worker, `/projects/${P1}/enterprises/${other.enterprise}/${what}.xlsx`)).status, 404, what);
      assert.equal((await raw(ag.worker, `/projects/${P1}/enterprises/99999999/${what}.xlsx`)).status, 404, what);
    }
  });
});
