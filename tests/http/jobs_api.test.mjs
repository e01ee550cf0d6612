// Jobs and referrals over the JSON API: enterprises, pairs, the contact log, jobs, referral
// candidates, referrals and their outcomes, the referral threshold — each with its refusals: 401
// without a token, 403 for the roles the route does not admit, 404 for another project's records
// and for a partner asking for another enterprise's, 422 naming the field, 409 with its precise
// code. Set-up: the demo (project 1, its enterprise linked to the `partner` account, its training
// data), a second enterprise of project 1 with a job, and a second project with an enterprise, a
// woman and a job of its own made by an organisation-wide supervisor (`sup_all`). Who is eligible
// is read from the training API (a woman's attendance) and must agree with the candidates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {};
const P1 = 1;
let P2;
let ent; // the demo enterprise of project 1 (the partner's)
let ent2; // another enterprise of project 1
let farEnt; // an enterprise of project 2
let job; // an open job of `ent`
let job2; // an open job of `ent2`
let farJob; // a job of project 2
let farPart; // a woman of project 2
let signed; // signed women of project 1
let eligible; // ids the candidates list for `job`
let notEligible; // a signed woman of project 1 not among them

const base = (pid = P1) => `/api/v1/projects/${pid}`;
const ROLES = ['admin', 'worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor'];
const today = () => new Date(TEST_NOW_MS + 8 * 3600_000).toISOString().slice(0, 10);
const tomorrow = () => new Date(TEST_NOW_MS + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);

async function call(login, method, path, json) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json });
}

async function ok(login, method, path, json, status = 200) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${login} ${method} ${path}: ${r.text}`);
  return r.json;
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  assert.ok(r.json.error.message.length > 0);
}

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  await runCliOk(args, { input: `taxiang-${login}\n` });
}

/** Eligibility by the rule, computed from the training API's view of her. */
async function eligibleByAttendance(id, thresholdBp = 8000) {
  const a = await ok('worker', 'GET', `${base()}/participants/${id}/attendance`);
  const passed = a.courses.filter((c) => c.passed).length;
  return passed >= 1 && a.expected > 0 && a.attended * 10000 >= thresholdBp * a.expected;
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await addUser('sup_all', 'supervisor', 0);
  for (const login of [...ROLES, 'sup_all']) tok[login] = await srv.tokenFor(login);
  const list = await ok('worker', 'GET', `${base()}/participants?stage=signed&limit=500`);
  signed = list.items.map((p) => p.id);
  assert.ok(signed.length >= 4, 'the demo has signed participants');

  const ents = await ok('worker', 'GET', `${base()}/enterprises`);
  // the partner's own: the one enterprise of the project it may read
  for (const e of ents.items) if ((await call('partner', 'GET', `${base()}/enterprises/${e.id}`)).status === 200) ent = e.id;
  assert.ok(ent, 'the demo partner is linked to an enterprise of project 1');
  ent2 = (await ok('worker', 'POST', `${base()}/enterprises`, { name: '塞上家政服务公司', offers: ['jobs'] }, 201)).id;
  job = (await ok('worker', 'POST', `${base()}/jobs`, {
    enterprise_id: ent, title: '缝纫工', kind: 'full_time', wage_fen: 300000, wage_unit: 'month', place: '榆阳区', hours: '8:00-17:00',
  }, 201)).id;
  job2 = (await ok('worker', 'POST', `${base()}/jobs`, { enterprise_id: ent2, title: '保洁员', kind: 'part_time' }, 201)).id;

  P2 = (await ok('admin', 'POST', '/api/v1/projects', { name: '就业测试项目', community: '东关社区', capacity: 10 }, 201)).id;
  farPart = (await ok('sup_all', 'POST', `${base(P2)}/participants`, { name: '别处的她', source: 'self' }, 201)).id;
  farEnt = (await ok('sup_all', 'POST', `${base(P2)}/enterprises`, { name: '东关食品厂' }, 201)).id;
  farJob = (await ok('sup_all', 'POST', `${base(P2)}/jobs`, { enterprise_id: farEnt, title: '包装工', kind: 'piece_work' }, 201)).id;

  const cands = await ok('worker', 'GET', `${base()}/jobs/${job}/referral-candidates`);
  eligible = cands.items.map((k) => k.participant_id);
  notEligible = signed.find((id) => !eligible.includes(id));
  assert.ok(eligible.length >= 2, `the demo has eligible women: ${JSON.stringify(cands)}`);
  assert.ok(notEligible, 'the demo has a signed woman who is not eligible');
});

after(async () => {
  await srv?.stop();
});

/** Every endpoint with the roles its route admits and a harmless request. */
const endpoints = () => [
  ['POST', `${base()}/enterprises`, { name: '角色测试企业' }, ['worker', 'supervisor']],
  ['GET', `${base()}/enterprises`, undefined, ['worker', 'supervisor']],
  ['GET', `${base()}/enterprises/${ent}`, undefined, ['worker', 'supervisor', 'partner']],
  ['POST', `${base()}/enterprises/${ent}/pairs`, { participant_id: 999999 }, ['worker', 'supervisor']],
  ['GET', `${base()}/enterprises/${ent}/pairs`, undefined, ['worker', 'supervisor']],
  ['POST', `${base()}/enterprises/${ent}/contacts`, { kind: 'contact', summary: '角色测试' }, ['worker', 'supervisor']],
  ['GET', `${base()}/enterprises/${ent}/contacts`, undefined, ['worker', 'supervisor']],
  ['POST', `${base()}/jobs`, { title: '', kind: 'flexible' }, ['worker', 'supervisor', 'partner']],
  ['GET', `${base()}/jobs`, undefined, ['worker', 'supervisor', 'partner']],
  ['GET', `${base()}/jobs/${job}`, undefined, ['worker', 'supervisor', 'partner']],
  ['PATCH', `${base()}/jobs/${job}`, { status: 'open' }, ['worker', 'supervisor']],
  ['GET', `${base()}/jobs/${job}/referral-candidates`, undefined, ['worker', 'supervisor']],
  ['POST', `${base()}/referrals`, { job_id: job, participant_id: 999999 }, ['worker', 'supervisor']],
  ['GET', `${base()}/referrals`, undefined, ['worker', 'supervisor', 'partner']],
  ['GET', `${base()}/referrals/999999`, undefined, ['worker', 'supervisor', 'partner']],
  ['PATCH', `${base()}/referrals/999999`, { outcome: 'interviewed' }, ['worker', 'supervisor', 'partner']],
  ['GET', `${base()}/referral-threshold`, undefined, ['admin', 'worker', 'supervisor']],
  ['PUT', `${base()}/referral-threshold`, { threshold_bp: 8000 }, ['admin', 'supervisor']],
];

describe('who may call', () => {
  test('401 without a token or with a wrong one, on every endpoint', async () => {
    for (const [method, path, json] of endpoints()) {
      assertError(await call(null, method, path, json), 401, 'unauthorized');
      const r = await api(srv.base, path, { method, token: 'not-a-token', json });
      assertError(r, 401, 'unauthorized');
    }
  });

  test('403 for every role a route does not admit, and nothing written', async () => {
    const before = await ok('worker', 'GET', `${base()}/enterprises?limit=500`);
    for (const [method, path, json, allowed] of endpoints()) {
      for (const login of ROLES) {
        if (allowed.includes(login)) continue;
        const r = await call(login, method, path, json);
        assertError(r, 403, 'forbidden');
      }
    }
    const afterList = await ok('worker', 'GET', `${base()}/enterprises?limit=500`);
    assert.equal(afterList.items.length, before.items.length);
  });

  test('the admitted roles get through (a supervisor of another project does not see this one)', async () => {
    for (const [method, path, json, allowed] of endpoints()) {
      if (method !== 'GET' || path.includes('999999')) continue;
      for (const login of allowed) {
        const r = await call(login, method, path, json);
        assert.equal(r.status, 200, `${login} ${path}: ${r.text}`);
      }
    }
    await addUser('sup_p2', 'supervisor', P2);
    tok.sup_p2 = await srv.tokenFor('sup_p2');
    assertError(await call('sup_p2', 'GET', `${base()}/jobs/${job}`), 404, 'not_found');
    assertError(await call('sup_p2', 'GET', `${base()}/enterprises`), 404, 'not_found');
  });
});

describe('enterprises, pairs and the contact log', () => {
  test('create, read, list with paging', async () => {
    const e = await ok('supervisor', 'POST', `${base()}/enterprises`, {
      name: '榆林家纺', contact: '刘女士', phone: '0912-3456789', address: '榆阳区新建路 1 号', offers: ['orders', 'training'],
    }, 201);
    assert.equal(e.name, '榆林家纺');
    assert.equal(e.contact, '刘女士');
    assert.equal(e.phone, '0912-3456789');
    assert.deepEqual(e.offers, ['training', 'orders']);
    assert.deepEqual([e.paired, e.jobs_open, e.referrals, e.hires], [0, 0, 0, 0]);
    assert.match(e.created_at, /^\d{4}-\d\d-\d\dT/);
    const plain = await ok('worker', 'POST', `${base()}/enterprises`, { name: '无联系人企业' }, 201);
    assert.equal(plain.contact, null);
    assert.deepEqual(plain.offers, []);
    assert.deepEqual(await ok('worker', 'GET', `${base()}/enterprises/${e.id}`), e);

    const page1 = await ok('worker', 'GET', `${base()}/enterprises?limit=1`);
    assert.equal(page1.items.length, 1);
    const firstId = page1.items[0].id;
    assert.equal(page1.next, String(firstId));
    const page2 = await ok('worker', 'GET', `${base()}/enterprises?limit=500&after=${page1.next}`);
    assert.ok(page2.items.every((x) => x.id > firstId));
    assert.equal(page2.next, null);
    assert.ok(page2.items.some((x) => x.id === e.id));
  });

  test('422 naming the field', async () => {
    const bad = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: '企业', phone: '12' }, 'phone'],
      [{ name: '企业', phone: '0912-abc-45' }, 'phone'],
      [{ name: '企业', offers: ['shops'] }, 'offers'],
      [{ name: '企业', offers: 'jobs' }, 'offers'],
      [{ name: '企业', offers: [1] }, 'offers'],
      [{ name: '企业', address: 'x'.repeat(201) }, 'address'],
      [{ name: '企业', website: 'x' }, 'website'],
    ];
    for (const [body, field] of bad) assertError(await call('worker', 'POST', `${base()}/enterprises`, body), 422, 'validation', field);
  });

  test('404: another project\'s enterprise; a partner asking for another enterprise', async () => {
    assertError(await call('worker', 'GET', `${base()}/enterprises/${farEnt}`), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base()}/enterprises/999999`), 404, 'not_found');
    const own = await ok('partner', 'GET', `${base()}/enterprises/${ent}`);
    assert.equal(own.id, ent);
    assertError(await call('partner', 'GET', `${base()}/enterprises/${ent2}`), 404, 'not_found');
    assertError(await call('partner', 'GET', `${base(P2)}/enterprises/${farEnt}`), 404, 'not_found');
  });

  test('pairs: once per woman, women of the project, dates not after today', async () => {
    const [a, b] = signed;
    const p = await ok('worker', 'POST', `${base()}/enterprises/${ent2}/pairs`, { participant_id: a, paired_on: '2024-05-01' }, 201);
    assert.equal(p.participant_id, a);
    assert.equal(p.paired_on, '2024-05-01');
    assert.ok(p.name.length > 0);
    const q = await ok('worker', 'POST', `${base()}/enterprises/${ent2}/pairs`, { participant_id: b }, 201);
    assert.equal(q.paired_on, today());
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/pairs`, { participant_id: a }), 409, 'duplicate');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/pairs`, { participant_id: farPart }), 404, 'not_found', 'participant_id');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${farEnt}/pairs`, { participant_id: a }), 404, 'not_found');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/pairs`, { participant_id: signed[2], paired_on: tomorrow() }), 422, 'validation', 'paired_on');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/pairs`, {}), 422, 'validation', 'participant_id');
    const list = await ok('worker', 'GET', `${base()}/enterprises/${ent2}/pairs`);
    assert.equal(list.items.length, 2);
    assert.deepEqual(new Set(list.items.map((x) => x.participant_id)), new Set([a, b]));
    assert.equal((await ok('worker', 'GET', `${base()}/enterprises/${ent2}`)).paired, 2);
    assertError(await call('worker', 'GET', `${base()}/enterprises/${farEnt}/pairs`), 404, 'not_found');
  });

  test('contacts and reports: newest first', async () => {
    const c1 = await ok('worker', 'POST', `${base()}/enterprises/${ent2}/contacts`, { kind: 'contact', on: '2024-05-02', summary: '电话沟通用工需求' }, 201);
    assert.equal(c1.kind, 'contact');
    assert.equal(c1.on, '2024-05-02');
    assert.equal(c1.actor, 'worker');
    const c2 = await ok('supervisor', 'POST', `${base()}/enterprises/${ent2}/contacts`, { kind: 'report', summary: '五月进展报告\n两人上岗' }, 201);
    assert.equal(c2.on, today());
    assert.equal(c2.summary, '五月进展报告\n两人上岗');
    const list = await ok('worker', 'GET', `${base()}/enterprises/${ent2}/contacts`);
    assert.deepEqual(list.items.map((x) => x.id), [c2.id, c1.id]);
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/contacts`, { kind: 'visit', summary: 'x' }), 422, 'validation', 'kind');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/contacts`, { kind: 'report' }), 422, 'validation', 'summary');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${ent2}/contacts`, { kind: 'report', summary: 'x', on: tomorrow() }), 422, 'validation', 'on');
    assertError(await call('worker', 'POST', `${base()}/enterprises/${farEnt}/contacts`, { kind: 'report', summary: 'x' }), 404, 'not_found');
  });
});

describe('jobs', () => {
  test('create and read: the shape', async () => {
    const j = await ok('worker', 'GET', `${base()}/jobs/${job}`);
    assert.deepEqual(
      { ...j, id: 0, created_at: '' },
      {
        id: 0, enterprise_id: ent, enterprise_name: j.enterprise_name, title: '缝纫工', kind: 'full_time', wage_fen: 300000,
        wage_unit: 'month', place: '榆阳区', hours: '8:00-17:00', status: 'open', referrals: j.referrals, hires: j.hires, created_at: '',
      },
    );
    const j2 = await ok('worker', 'GET', `${base()}/jobs/${job2}`);
    assert.equal(j2.wage_fen, null);
    assert.equal(j2.wage_unit, 'month');
    assert.equal(j2.place, null);
  });

  test('422 naming the field; 404 for another project\'s enterprise', async () => {
    const bad = [
      [{ title: '车工', kind: 'full_time' }, 'enterprise_id'],
      [{ enterprise_id: ent, kind: 'full_time' }, 'title'],
      [{ enterprise_id: ent, title: '车工', kind: 'seasonal' }, 'kind'],
      [{ enterprise_id: ent, title: '车工', kind: 'full_time', wage_fen: -1 }, 'wage_fen'],
      [{ enterprise_id: ent, title: '车工', kind: 'full_time', wage_fen: 12.5 }, 'wage_fen'],
      [{ enterprise_id: ent, title: '车工', kind: 'full_time', wage_unit: 'week' }, 'wage_unit'],
      [{ enterprise_id: ent, title: '车工', kind: 'full_time', hours: 'x'.repeat(101) }, 'hours'],
    ];
    for (const [body, field] of bad) assertError(await call('worker', 'POST', `${base()}/jobs`, body), 422, 'validation', field);
    assertError(await call('worker', 'POST', `${base()}/jobs`, { enterprise_id: farEnt, title: '车工', kind: 'full_time' }), 404, 'not_found', 'enterprise_id');
    assertError(await call('worker', 'GET', `${base()}/jobs/${farJob}`), 404, 'not_found');
  });

  test('lists newest first, paged by id; a partner sees its own', async () => {
    const all = await ok('worker', 'GET', `${base()}/jobs?limit=500`);
    const ids = all.items.map((x) => x.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.ok(ids.includes(job) && ids.includes(job2) && !ids.includes(farJob));
    const first = await ok('worker', 'GET', `${base()}/jobs?limit=1`);
    assert.equal(first.next, String(first.items[0].id));
    const rest = await ok('worker', 'GET', `${base()}/jobs?limit=500&after=${first.next}`);
    assert.equal(rest.items.length, all.items.length - 1);
    const mine = await ok('partner', 'GET', `${base()}/jobs?limit=500`);
    assert.ok(mine.items.length >= 1);
    assert.ok(mine.items.every((x) => x.enterprise_id === ent));
    await ok('partner', 'GET', `${base()}/jobs/${job}`);
    assertError(await call('partner', 'GET', `${base()}/jobs/${job2}`), 404, 'not_found');
    assertError(await call('partner', 'GET', `${base(P2)}/jobs`), 404, 'not_found');
  });

  test('a partner posts for itself only', async () => {
    const j = await ok('partner', 'POST', `${base()}/jobs`, { title: '熨烫工', kind: 'flexible', wage_fen: 15000, wage_unit: 'day' }, 201);
    assert.equal(j.enterprise_id, ent);
    const k = await ok('partner', 'POST', `${base()}/jobs`, { enterprise_id: ent, title: '锁边工', kind: 'piece_work' }, 201);
    assert.equal(k.enterprise_id, ent);
    assertError(await call('partner', 'POST', `${base()}/jobs`, { enterprise_id: ent2, title: '车工', kind: 'full_time' }), 404, 'not_found', 'enterprise_id');
  });

  test('status: open and filled; bad status 422', async () => {
    const j = await ok('worker', 'POST', `${base()}/jobs`, { enterprise_id: ent2, title: '临时工', kind: 'flexible' }, 201);
    const filled = await ok('supervisor', 'PATCH', `${base()}/jobs/${j.id}`, { status: 'filled' });
    assert.equal(filled.status, 'filled');
    assertError(await call('worker', 'PATCH', `${base()}/jobs/${j.id}`, { status: 'closed' }), 422, 'validation', 'status');
    assertError(await call('worker', 'PATCH', `${base()}/jobs/${j.id}`, {}), 422, 'validation', 'status');
    assertError(await call('worker', 'PATCH', `${base()}/jobs/${farJob}`, { status: 'filled' }), 404, 'not_found');
    const e = await ok('worker', 'GET', `${base()}/enterprises/${ent2}`);
    assert.ok(e.jobs_open >= 1);
  });
});

describe('the referral rule', () => {
  test('candidates agree with the training API and the rule', async () => {
    const c = await ok('worker', 'GET', `${base()}/jobs/${job}/referral-candidates`);
    assert.equal(c.threshold_bp, 8000);
    for (const k of c.items) {
      assert.ok(k.passed >= 1, JSON.stringify(k));
      assert.ok(k.attendance.attended * 10000 >= 8000 * k.attendance.expected, JSON.stringify(k));
      assert.ok(k.attendance.rate_bp >= 8000);
      assert.ok(Array.isArray(k.skills) && k.skills.length >= 1);
      assert.equal(typeof k.name, 'string');
      assert.equal(typeof k.referred, 'boolean');
    }
    // highest rate first
    for (let i = 1; i < c.items.length; i++) {
      const a = c.items[i - 1].attendance, b = c.items[i].attendance;
      assert.ok(a.attended * b.expected >= b.attended * a.expected);
    }
    const ids = new Set(c.items.map((k) => k.participant_id));
    for (const id of signed.slice(0, 30)) assert.equal(await eligibleByAttendance(id), ids.has(id), `woman ${id}`);
    assertError(await call('worker', 'GET', `${base()}/jobs/${farJob}/referral-candidates`), 404, 'not_found');
  });

  test('the threshold: read, set (admin, supervisor), range, used by the candidates', async () => {
    assert.equal((await ok('admin', 'GET', `${base()}/referral-threshold`)).threshold_bp, 8000);
    assert.equal((await ok('supervisor', 'PUT', `${base()}/referral-threshold`, { threshold_bp: 10000 })).threshold_bp, 10000);
    assert.equal((await ok('worker', 'GET', `${base()}/referral-threshold`)).threshold_bp, 10000);
    const strict = await ok('worker', 'GET', `${base()}/jobs/${job}/referral-candidates`);
    assert.equal(strict.threshold_bp, 10000);
    assert.ok(strict.items.every((k) => k.attendance.attended === k.attendance.expected));
    for (const bad of [-1, 10001, '8000', null]) {
      assertError(await call('supervisor', 'PUT', `${base()}/referral-threshold`, { threshold_bp: bad }), 422, 'validation', 'threshold_bp');
    }
    assert.equal((await ok('admin', 'PUT', `${base()}/referral-threshold`, { threshold_bp: 8000 })).threshold_bp, 8000);
    assert.equal((await ok('sup_all', 'GET', `${base(P2)}/referral-threshold`)).threshold_bp, 8000);
  });
});

describe('referrals', () => {
  let eligibleRef;
  let overrideRef;

  test('an eligible woman: 201 with the referral', async () => {
    const who = eligible[0];
    const r = await ok('worker', 'POST', `${base()}/referrals`, { job_id: job, participant_id: who }, 201);
    eligibleRef = r.id;
    assert.equal(r.job_id, job);
    assert.equal(r.job_title, '缝纫工');
    assert.equal(r.enterprise_id, ent);
    assert.equal(r.participant_id, who);
    assert.equal(typeof r.name, 'string');
    assert.equal(r.referred_on, today());
    assert.equal(r.eligible, true);
    assert.equal(r.override_reason, null);
    assert.equal(r.outcome, null);
    assert.equal(r.outcome_on, null);
    assert.equal(r.wage_fen, null);
    const c = await ok('worker', 'GET', `${base()}/jobs/${job}/referral-candidates`);
    assert.equal(c.items.find((k) => k.participant_id === who).referred, true);
    // twice → duplicate with the existing id
    const d = await call('worker', 'POST', `${base()}/referrals`, { job_id: job, participant_id: who });
    assertError(d, 409, 'duplicate');
    assert.equal(d.json.error.existing_id, r.id);
  });

  test('not eligible: 409 saying why, then accepted with a reason', async () => {
    const hersBefore = await ok('worker', 'GET', `${base()}/referrals?participant_id=${notEligible}&limit=500`);
    const r = await call('worker', 'POST', `${base()}/referrals`, { job_id: job, participant_id: notEligible });
    assertError(r, 409, 'not_eligible');
    assert.equal(r.json.error.field, undefined);
    const en = await api(srv.base, `${base()}/referrals`, {
      method: 'POST', token: tok.worker, json: { job_id: job, participant_id: notEligible }, headers: { 'Accept-Language': 'en' },
    });
    assertError(en, 409, 'not_eligible');
    assert.match(en.json.error.message, /exam|sessions|attendance rate/);
    const list = await ok('worker', 'GET', `${base()}/referrals?participant_id=${notEligible}&limit=500`);
    assert.equal(list.items.length, hersBefore.items.length, 'nothing written');

    const o = await ok('supervisor', 'POST', `${base()}/referrals`, {
      job_id: job, participant_id: notEligible, override_reason: '企业愿意先试用一周', referred_on: '2024-05-20',
    }, 201);
    overrideRef = o.id;
    assert.equal(o.eligible, false);
    assert.equal(o.override_reason, '企业愿意先试用一周');
    assert.equal(o.referred_on, '2024-05-20');
  });

  test('a rate below the threshold: the message gives the rate and the threshold', async () => {
    const c = await ok('worker', 'GET', `${base()}/jobs/${job2}/referral-candidates`);
    const below = c.items.find((k) => k.attendance.rate_bp < 10000);
    if (!below) return; // every candidate attended everything: nothing to show
    await ok('supervisor', 'PUT', `${base()}/referral-threshold`, { threshold_bp: 10000 });
    try {
      const r = await api(srv.base, `${base()}/referrals`, {
        method: 'POST', token: tok.worker, json: { job_id: job2, participant_id: below.participant_id }, headers: { 'Accept-Language': 'en' },
      });
      assertError(r, 409, 'not_eligible');
      assert.equal(r.json.error.threshold_bp, 10000);
      assert.ok(r.json.error.message.includes(String(below.attendance.rate_bp)), r.text);
      assert.ok(r.json.error.message.includes('10000 basis points'), r.text);
    } finally {
      await ok('supervisor', 'PUT', `${base()}/referral-threshold`, { threshold_bp: 8000 });
    }
  });

  test('refusals: 404 for another project\'s woman or job, 409 job_filled, 422 naming the field', async () => {
    assertError(await call('worker', 'POST', `${base()}/referrals`, { job_id: job, participant_id: farPart }), 404, 'not_found', 'participant_id');
    assertError(await call('worker', 'POST', `${base()}/referrals`, { job_id: farJob, participant_id: eligible[0] }), 404, 'not_found', 'job_id');
    const filled = await ok('worker', 'POST', `${base()}/jobs`, { enterprise_id: ent2, title: '已满岗位', kind: 'flexible' }, 201);
    await ok('worker', 'PATCH', `${base()}/jobs/${filled.id}`, { status: 'filled' });
    assertError(await call('worker', 'POST', `${base()}/referrals`, { job_id: filled.id, participant_id: eligible[0] }), 409, 'job_filled');
    const bad = [
      [{ participant_id: eligible[0] }, 'job_id'],
      [{ job_id: job2 }, 'participant_id'],
      [{ job_id: job2, participant_id: 'x' }, 'participant_id'],
      [{ job_id: job2, participant_id: eligible[0], override_reason: 'x'.repeat(501) }, 'override_reason'],
      [{ job_id: job2, participant_id: eligible[0], referred_on: tomorrow() }, 'referred_on'],
      [{ job_id: job2, participant_id: eligible[0], referred_on: '2024-02-30' }, 'referred_on'],
    ];
    for (const [body, field] of bad) assertError(await call('worker', 'POST', `${base()}/referrals`, body), 422, 'validation', field);
  });

  test('lists: filters, newest first, paging; another project\'s job 404', async () => {
    const second = await ok('worker', 'POST', `${base()}/referrals`, { job_id: job2, participant_id: eligible[1] }, 201);
    const all = await ok('worker', 'GET', `${base()}/referrals?limit=500`);
    const ids = all.items.map((x) => x.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.ok(ids.includes(eligibleRef) && ids.includes(overrideRef) && ids.includes(second.id));
    const byJob = await ok('worker', 'GET', `${base()}/referrals?job_id=${job}`);
    assert.ok(byJob.items.every((x) => x.job_id === job));
    const byWoman = await ok('worker', 'GET', `${base()}/referrals?participant_id=${eligible[1]}`);
    assert.equal(byWoman.items[0].id, second.id);
    assert.ok(byWoman.items.every((x) => x.participant_id === eligible[1]));
    const first = await ok('worker', 'GET', `${base()}/referrals?limit=1`);
    assert.equal(first.next, String(first.items[0].id));
    const rest = await ok('worker', 'GET', `${base()}/referrals?limit=500&after=${first.next}`);
    assert.equal(rest.items.length, all.items.length - 1);
    assertError(await call('worker', 'GET', `${base()}/referrals?job_id=${farJob}`), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base()}/referrals?job_id=0`), 422, 'validation', 'job_id');
    assertError(await call('worker', 'GET', `${base()}/referrals/999999`), 404, 'not_found');
  });

  test('outcomes: hired needs the wage; dates; 404 elsewhere', async () => {
    assertError(await call('worker', 'PATCH', `${base()}/referrals/${overrideRef}`, { outcome: 'hired' }), 422, 'validation', 'wage_fen');
    assertError(await call('worker', 'PATCH', `${base()}/referrals/${overrideRef}`, { outcome: 'maybe' }), 422, 'validation', 'outcome');
    assertError(await call('worker', 'PATCH', `${base()}/referrals/${overrideRef}`, { outcome: 'interviewed', outcome_on: tomorrow() }), 422, 'validation', 'outcome_on');
    assertError(await call('worker', 'PATCH', `${base()}/referrals/${overrideRef}`, { outcome: 'hired', wage_fen: -5 }), 422, 'validation', 'wage_fen');
    const i = await ok('worker', 'PATCH', `${base()}/referrals/${overrideRef}`, { outcome: 'interviewed', outcome_on: '2024-05-25' });
    assert.equal(i.outcome, 'interviewed');
    assert.equal(i.outcome_on, '2024-05-25');
    assert.equal(i.wage_fen, null);
    const h = await ok('supervisor', 'PATCH', `${base()}/referrals/${overrideRef}`, { outcome: 'hired', wage_fen: 320000 });
    assert.equal(h.outcome, 'hired');
    assert.equal(h.outcome_on, today());
    assert.equal(h.wage_fen, 320000);
    const j = await ok('worker', 'GET', `${base()}/jobs/${job}`);
    assert.ok(j.hires >= 1);
    // the placement on her record
    const hers = await ok('worker', 'GET', `${base()}/referrals?participant_id=${notEligible}`);
    assert.equal(hers.items[0].outcome, 'hired');
    assertError(await call('sup_all', 'PATCH', `${base(P2)}/referrals/${overrideRef}`, { outcome: 'not_hired' }), 404, 'not_found');
  });
});

describe('the partner', () => {
  test('sees the referrals made to it; name and phone only with her employer consent', async () => {
    const woman = eligible[0];
    const consent = (granted) => ok('worker', 'POST', `${base()}/participants/${woman}/consents`, { purpose: 'employer', granted, version: 'v1', method: 'paper' }, 201);
    const mine = (await ok('worker', 'GET', `${base()}/referrals?job_id=${job}&participant_id=${woman}`)).items[0];
    assert.ok(mine);
    await consent(false);
    let r = await ok('partner', 'GET', `${base()}/referrals/${mine.id}`);
    assert.equal(r.contact_shared, false);
    assert.equal(r.name, undefined);
    assert.equal(r.phone, undefined);
    assert.equal(r.participant_id, woman);
    await consent(true);
    r = await ok('partner', 'GET', `${base()}/referrals/${mine.id}`);
    assert.equal(r.contact_shared, true);
    assert.equal(r.name, mine.name);
    assert.ok('phone' in r);
    await consent(false);
    r = await ok('partner', 'GET', `${base()}/referrals/${mine.id}`);
    assert.equal(r.contact_shared, false);
    assert.equal(r.name, undefined);
    // the worker always sees them
    assert.equal((await ok('worker', 'GET', `${base()}/referrals/${mine.id}`)).name, mine.name);

    const list = await ok('partner', 'GET', `${base()}/referrals?limit=500`);
    assert.ok(list.items.length >= 1);
    assert.ok(list.items.every((x) => x.enterprise_id === ent));
    for (const x of list.items) if (!x.contact_shared) assert.equal(x.name, undefined);
    // a woman filter is ignored for a partner: the same list
    const filtered = await ok('partner', 'GET', `${base()}/referrals?limit=500&participant_id=${signed[signed.length - 1]}`);
    assert.deepEqual(filtered.items.map((x) => x.id), list.items.map((x) => x.id));
    // another enterprise's job or referral: not found
    assertError(await call('partner', 'GET', `${base()}/referrals?job_id=${job2}`), 404, 'not_found');
    const theirs = (await ok('worker', 'GET', `${base()}/referrals?job_id=${job2}`)).items[0];
    assertError(await call('partner', 'GET', `${base()}/referrals/${theirs.id}`), 404, 'not_found');
    assertError(await call('partner', 'PATCH', `${base()}/referrals/${theirs.id}`, { outcome: 'not_hired' }), 404, 'not_found');
  });

  test('records the outcome of its own referral', async () => {
    const mine = (await ok('partner', 'GET', `${base()}/referrals?job_id=${job}`)).items.find((x) => x.outcome === null);
    assert.ok(mine);
    assertError(await call('partner', 'PATCH', `${base()}/referrals/${mine.id}`, { outcome: 'hired' }), 422, 'validation', 'wage_fen');
    const h = await ok('partner', 'PATCH', `${base()}/referrals/${mine.id}`, { outcome: 'hired', wage_fen: 280000 });
    assert.equal(h.outcome, 'hired');
    assert.equal(h.wage_fen, 280000);
    const w = await ok('worker', 'GET', `${base()}/referrals/${mine.id}`);
    assert.equal(w.outcome, 'hired');
  });
});
