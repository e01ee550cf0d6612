// Micro-ventures (创业支持) and a woman's incomes over the JSON API, with every role.
// Set-up: the demo (project 1), an organisation-wide supervisor `sup_all`, women created for
// this test in project 1 (known names, so the order of a venture's women is known), and a
// second project with a woman and a venture of its own, for the "another project's id" checks.
// The demo may hold ventures of its own, so lists are searched for this test's ventures and
// counts are checked as differences. What is checked is what a client relies on: the status,
// the error's code and field, the documented shapes, exact sums in fen, and that a refused
// request wrote nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {}; // login -> API token
const P1 = 1;
let P2; // the second project
let women; // ids of women created for this test in project 1, by name 创业测试A, B, C
let p2woman; // a woman of project 2
let p2venture; // a venture of project 2

const base = (pid) => `/api/v1/projects/${pid}`;
const ROLES_REFUSED = ['admin', 'community', 'leader', 'member', 'partner', 'auditor'];
const MEMBERS_MAX = 50;

// Dates in Shanghai, where the programme runs.
const shanghai = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
const TODAY = shanghai(TEST_NOW_MS);
const TOMORROW = shanghai(TEST_NOW_MS + 24 * 3600 * 1000);
const THIS_MONTH = TODAY.slice(0, 7);
/** The month k months after ym (k may be negative). */
function addMonths(ym, k) {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
const START_MONTH = addMonths(THIS_MONTH, -4);
const START = `${START_MONTH}-15`; // the start of the main test venture

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  const out = await runCliOk(args, { input: `taxiang-${login}\n` });
  return Number(out.trim());
}

function call(login, method, path, json, headers) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json, headers });
}

async function ok(login, method, path, json, status = 200) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  return r.json;
}

/** Expects an error: status, code and (for 422) the field. */
async function refused(login, method, path, json, status, code, field) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  assert.ok(r.json.error.message, 'a message');
  return r.json.error;
}

async function auditHead() {
  const r = await call('auditor', 'GET', '/api/v1/audit?limit=1');
  assert.equal(r.status, 200, r.text);
  return r.json.items.length ? r.json.items[0].id : 0;
}

/** Runs fn and checks that it wrote no audit entry (every write has one). */
async function writesNothing(fn) {
  const before = await auditHead();
  await fn();
  assert.equal(await auditHead(), before, 'a refused request wrote nothing');
}

async function newWoman(login, pid, name) {
  return (await ok(login, 'POST', `${base(pid)}/participants`, { name, source: 'outreach' }, 201)).id;
}

async function allVentures(pid = P1, login = 'worker') {
  const items = [];
  let after = '';
  for (;;) {
    const page = await ok(login, 'GET', `${base(pid)}/ventures?limit=500${after ? `&after=${after}` : ''}`);
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await addUser('sup_all', 'supervisor', 0);
  for (const login of ['admin', 'worker', 'supervisor', 'sup_all', 'community', 'leader', 'member', 'partner', 'auditor']) {
    tok[login] = await srv.tokenFor(login);
  }
  women = [];
  for (const s of ['A', 'B', 'C']) women.push(await newWoman('worker', P1, `创业测试${s}`));
  P2 = (await ok('admin', 'POST', '/api/v1/projects', { name: '另一个项目', community: '东关社区', capacity: 10 }, 201)).id;
  p2woman = await newWoman('sup_all', P2, '别处的她');
  p2venture = (await ok('sup_all', 'POST', `${base(P2)}/ventures`, { name: '别处的小店', participant_ids: [p2woman], started_on: START }, 201)).id;
});

after(async () => {
  await srv?.stop();
});

const ROUTES = [
  ['POST', 'ventures'], ['GET', 'ventures'], ['GET', 'ventures/1'], ['PATCH', 'ventures/1'],
  ['POST', 'ventures/1/support'], ['GET', 'ventures/1/support'], ['POST', 'ventures/1/months'],
  ['GET', 'ventures/1/months'], ['GET', 'participants/1/incomes'],
];

test('every ventures route answers 401 without a token, and with a bad one', async () => {
  for (const [method, p] of ROUTES) {
    for (const token of [undefined, 'txk_' + 'x'.repeat(43)]) {
      const r = await api(srv.base, `${base(P1)}/${p}`, { method, token, json: method === 'GET' ? undefined : {} });
      assert.equal(r.status, 401, `${method} ${p}: ${r.text}`);
      assert.equal(r.json.error.code, 'unauthorized');
    }
  }
});

test('every ventures route answers 403 to member, partner, community, leader, auditor and admin', async () => {
  const vid = p2venture; // any id: the role is refused before the record is looked up
  await writesNothing(async () => {
    for (const login of ROLES_REFUSED) {
      for (const [method, p] of ROUTES) {
        const json = method === 'GET' ? undefined
          : p === 'ventures' ? { name: 'x', participant_ids: [women[0]] }
          : method === 'PATCH' ? { status: 'closed' }
          : p.endsWith('support') ? { kind: 'training' }
          : { month: THIS_MONTH, revenue_fen: 1, cost_fen: 0 };
        const r = await call(login, method, `${base(P1)}/${p.replace('/1', `/${vid}`)}`, json);
        assert.equal(r.status, 403, `${method} ${p} as ${login}: ${r.text}`);
        assert.equal(r.json.error.code, 'forbidden');
      }
    }
  });
});

describe('ventures', () => {
  let vid; // the main test venture: women A and B, started START

  test('POST /ventures: 201 with the documented shape, women by name', async () => {
    const v = await ok('worker', 'POST', `${base(P1)}/ventures`, { name: ' 手工面馆 ', participant_ids: [women[1], women[0]], started_on: START }, 201);
    vid = v.id;
    assert.ok(Number.isInteger(v.id) && v.id > 0);
    assert.match(v.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.deepEqual(v, {
      id: v.id, name: '手工面馆', started_on: START, status: 'active',
      members: [{ participant_id: women[0], name: '创业测试A' }, { participant_id: women[1], name: '创业测试B' }],
      months: 0, revenue_fen: 0, cost_fen: 0, net_fen: 0, grants_fen: 0, supports: 0, created_at: v.created_at,
    });
    assert.deepEqual(await ok('supervisor', 'GET', `${base(P1)}/ventures/${vid}`), v);
  });

  test('POST /ventures: started_on defaults to today; a supervisor may create; one woman is enough', async () => {
    const v = await ok('supervisor', 'POST', `${base(P1)}/ventures`, { name: '小吃摊', participant_ids: [women[2]] }, 201);
    assert.equal(v.started_on, TODAY);
    assert.deepEqual(v.members, [{ participant_id: women[2], name: '创业测试C' }]);
    const v2 = await ok('sup_all', 'POST', `${base(P1)}/ventures`, { name: '今天开业', participant_ids: [women[0]], started_on: TODAY }, 201);
    assert.equal(v2.started_on, TODAY);
  });

  test('POST /ventures: 422 naming the field, nothing written', async () => {
    const good = { name: '面馆', participant_ids: [women[0]] };
    const cases = [
      [{ participant_ids: [women[0]] }, 'name'],
      [{ ...good, name: '' }, 'name'],
      [{ ...good, name: '面'.repeat(101) }, 'name'],
      [{ ...good, name: 7 }, 'name'],
      [{ name: '面馆' }, 'participant_ids'],
      [{ ...good, participant_ids: null }, 'participant_ids'],
      [{ ...good, participant_ids: [] }, 'participant_ids'],
      [{ ...good, participant_ids: women[0] }, 'participant_ids'],
      [{ ...good, participant_ids: String(women[0]) }, 'participant_ids'],
      [{ ...good, participant_ids: [0] }, 'participant_ids'],
      [{ ...good, participant_ids: [-3] }, 'participant_ids'],
      [{ ...good, participant_ids: [1.5] }, 'participant_ids'],
      [{ ...good, participant_ids: [String(women[0])] }, 'participant_ids'],
      [{ ...good, participant_ids: [women[0], null] }, 'participant_ids'],
      [{ ...good, participant_ids: [[women[0]]] }, 'participant_ids'],
      [{ ...good, participant_ids: Array(MEMBERS_MAX + 1).fill(women[0]) }, 'participant_ids'],
      [{ ...good, participant_ids: [women[0], women[1], women[0]] }, 'participant_ids'],
      [{ ...good, started_on: TOMORROW }, 'started_on'],
      [{ ...good, started_on: '2024-02-30' }, 'started_on'],
      [{ ...good, started_on: '2024/05/01' }, 'started_on'],
      [{ ...good, colour: 'red' }, 'colour'],
    ];
    await writesNothing(async () => {
      for (const [json, field] of cases) {
        await refused('worker', 'POST', `${base(P1)}/ventures`, json, 422, 'validation', field);
      }
    });
    // the limit is in the message, in the caller's language
    const r = await call('worker', 'POST', `${base(P1)}/ventures`, { ...good, participant_ids: Array(MEMBERS_MAX + 1).fill(1) }, { 'Accept-Language': 'en' });
    assert.equal(r.status, 422);
    assert.match(r.json.error.message, /^participant_ids: .*\b50\b/);
    const zh = await call('worker', 'POST', `${base(P1)}/ventures`, { ...good, participant_ids: [women[0], women[0]] });
    assert.match(zh.json.error.message, /只能选择一次/);
  });

  test('POST /ventures: a woman of another project or unknown → 404 on participant_ids; bad bodies', async () => {
    await writesNothing(async () => {
      await refused('worker', 'POST', `${base(P1)}/ventures`, { name: 'x', participant_ids: [women[0], p2woman] }, 404, 'not_found', 'participant_ids');
      await refused('worker', 'POST', `${base(P1)}/ventures`, { name: 'x', participant_ids: [999999] }, 404, 'not_found', 'participant_ids');
      await refused('sup_all', 'POST', `${base(P2)}/ventures`, { name: 'x', participant_ids: [women[0]] }, 404, 'not_found', 'participant_ids');
      // another project's path: not a project of the worker's
      await refused('worker', 'POST', `${base(P2)}/ventures`, { name: 'x', participant_ids: [p2woman] }, 404, 'not_found');
      const bad = await api(srv.base, `${base(P1)}/ventures`, { method: 'POST', token: tok.worker, body: '{"name": "x", ', headers: { 'Content-Type': 'application/json' } });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json.error.code, 'bad_request');
      const arr = await api(srv.base, `${base(P1)}/ventures`, { method: 'POST', token: tok.worker, body: '[1]', headers: { 'Content-Type': 'application/json' } });
      assert.equal(arr.status, 400, arr.text);
      const form = await api(srv.base, `${base(P1)}/ventures`, { method: 'POST', token: tok.worker, body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      assert.equal(form.status, 415, form.text);
    });
  });

  test('GET /ventures: {items, next}, paged by id; another project\'s are not listed', async () => {
    const all = await allVentures();
    const mine = all.find((v) => v.id === vid);
    assert.equal(mine.name, '手工面馆');
    assert.equal(mine.members.length, 2);
    assert.ok(!all.some((v) => v.id === p2venture));
    const ids = all.map((v) => v.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'by id');
    const first = await ok('worker', 'GET', `${base(P1)}/ventures?limit=1`);
    assert.equal(first.items.length, 1);
    assert.equal(first.next, String(first.items[0].id));
    const second = await ok('worker', 'GET', `${base(P1)}/ventures?limit=1&after=${first.next}`);
    assert.equal(second.items[0].id, ids[1]);
    const last = await ok('worker', 'GET', `${base(P1)}/ventures?limit=500&after=${ids[ids.length - 2]}`);
    assert.deepEqual(last.items.map((v) => v.id), [ids[ids.length - 1]]);
    assert.equal(last.next, null);
    await refused('worker', 'GET', `${base(P1)}/ventures?limit=0`, undefined, 422, 'validation', 'limit');
    await refused('worker', 'GET', `${base(P1)}/ventures?limit=501`, undefined, 422, 'validation', 'limit');
    await refused('worker', 'GET', `${base(P1)}/ventures?after=x`, undefined, 422, 'validation', 'after');
    const theirs = await allVentures(P2, 'sup_all');
    assert.deepEqual(theirs.map((v) => v.id), [p2venture]);
  });

  test('GET /ventures/{vid}: another project\'s venture → 404', async () => {
    await refused('worker', 'GET', `${base(P1)}/ventures/${p2venture}`, undefined, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P1)}/ventures/${p2venture}`, undefined, 404, 'not_found');
    await refused('worker', 'GET', `${base(P2)}/ventures/${p2venture}`, undefined, 404, 'not_found');
    await refused('worker', 'GET', `${base(P1)}/ventures/999999`, undefined, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P2)}/ventures/${vid}`, undefined, 404, 'not_found');
  });

  test('PATCH /ventures/{vid}: status changes; 422 and 404', async () => {
    for (const status of ['paused', 'closed', 'active']) {
      const v = await ok('supervisor', 'PATCH', `${base(P1)}/ventures/${vid}`, { status });
      assert.equal(v.status, status);
      assert.equal(v.id, vid);
      assert.equal(v.members.length, 2);
    }
    // the same status again: 200, nothing written
    await writesNothing(async () => {
      assert.equal((await ok('worker', 'PATCH', `${base(P1)}/ventures/${vid}`, { status: 'active' })).status, 'active');
    });
    await writesNothing(async () => {
      await refused('worker', 'PATCH', `${base(P1)}/ventures/${vid}`, { status: 'bankrupt' }, 422, 'validation', 'status');
      await refused('worker', 'PATCH', `${base(P1)}/ventures/${vid}`, {}, 422, 'validation', 'status');
      await refused('worker', 'PATCH', `${base(P1)}/ventures/${vid}`, { status: 'closed', name: 'x' }, 422, 'validation', 'name');
      await refused('worker', 'PATCH', `${base(P1)}/ventures/${p2venture}`, { status: 'closed' }, 404, 'not_found');
    });
    assert.equal((await ok('sup_all', 'GET', `${base(P2)}/ventures/${p2venture}`)).status, 'active');
  });

  describe('support', () => {
    test('POST …/support: 201 with the documented shape; GET lists them oldest first', async () => {
      const g = await ok('worker', 'POST', `${base(P1)}/ventures/${vid}/support`, { kind: 'grant', on: START, amount_fen: 500000, note: '启动资金\n第一笔' }, 201);
      assert.deepEqual(g, { id: g.id, kind: 'grant', on: START, amount_fen: 500000, note: '启动资金\n第一笔', disbursement_id: null });
      const t = await ok('supervisor', 'POST', `${base(P1)}/ventures/${vid}/support`, { kind: 'training' }, 201);
      assert.deepEqual(t, { id: t.id, kind: 'training', on: TODAY, amount_fen: null, note: null, disbursement_id: null });
      const m = await ok('worker', 'POST', `${base(P1)}/ventures/${vid}/support`, { kind: 'mentoring', on: `${addMonths(START_MONTH, 1)}-01`, amount_fen: null }, 201);
      assert.equal(m.amount_fen, null);
      const g2 = await ok('worker', 'POST', `${base(P1)}/ventures/${vid}/support`, { kind: 'grant', amount_fen: 1 }, 201);
      const list = await ok('worker', 'GET', `${base(P1)}/ventures/${vid}/support`);
      assert.deepEqual(list.items.map((s) => s.id), [g.id, m.id, t.id, g2.id]);
      assert.deepEqual(list.items[0], g);
      const v = await ok('worker', 'GET', `${base(P1)}/ventures/${vid}`);
      assert.equal(v.supports, 4);
      assert.equal(v.grants_fen, 500001);
    });

    test('POST …/support: 422 naming the field, 404 for another project\'s venture', async () => {
      const p = `${base(P1)}/ventures/${vid}/support`;
      await writesNothing(async () => {
        await refused('worker', 'POST', p, { kind: 'grant' }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, { kind: 'grant', amount_fen: 0 }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, { kind: 'grant', amount_fen: -5 }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, { kind: 'grant', amount_fen: '100' }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, { kind: 'grant', amount_fen: 12.5 }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, { kind: 'training', amount_fen: 100 }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, { kind: 'mentoring', amount_fen: 0 }, 422, 'validation', 'amount_fen');
        await refused('worker', 'POST', p, {}, 422, 'validation', 'kind');
        await refused('worker', 'POST', p, { kind: 'loan' }, 422, 'validation', 'kind');
        await refused('worker', 'POST', p, { kind: 'training', on: `${START_MONTH}-14` }, 422, 'validation', 'on');
        await refused('worker', 'POST', p, { kind: 'training', on: TOMORROW }, 422, 'validation', 'on');
        await refused('worker', 'POST', p, { kind: 'training', on: 'yesterday' }, 422, 'validation', 'on');
        await refused('worker', 'POST', p, { kind: 'training', note: '记'.repeat(501) }, 422, 'validation', 'note');
        await refused('worker', 'POST', p, { kind: 'training', amount: 1 }, 422, 'validation', 'amount');
        await refused('worker', 'POST', `${base(P1)}/ventures/${p2venture}/support`, { kind: 'training' }, 404, 'not_found');
        await refused('worker', 'GET', `${base(P1)}/ventures/${p2venture}/support`, undefined, 404, 'not_found');
      });
      const en = await call('worker', 'POST', p, { kind: 'training', amount_fen: 100 }, { 'Accept-Language': 'en' });
      assert.match(en.json.error.message, /^amount_fen: only a start-up grant has an amount/);
    });
  });

  describe('months', () => {
    test('POST …/months: 201 with the running total, in any order; GET lists them with the exact total', async () => {
      const p = `${base(P1)}/ventures/${vid}/months`;
      const m1 = addMonths(START_MONTH, 1);
      const m2 = addMonths(START_MONTH, 2);
      // a loss in the start's month, then out of order
      assert.deepEqual(await ok('worker', 'POST', p, { month: START_MONTH, revenue_fen: 1000, cost_fen: 250000 }, 201),
        { month: START_MONTH, revenue_fen: 1000, cost_fen: 250000, net_fen: -249000, cumulative_fen: -249000 });
      assert.deepEqual(await ok('worker', 'POST', p, { month: m2, revenue_fen: 123456789, cost_fen: 23456790 }, 201),
        { month: m2, revenue_fen: 123456789, cost_fen: 23456790, net_fen: 99999999, cumulative_fen: 99999999 - 249000 });
      // a month between the two: its total counts only the months before it
      assert.deepEqual(await ok('supervisor', 'POST', p, { month: m1, revenue_fen: 250001, cost_fen: 1000 }, 201),
        { month: m1, revenue_fen: 250001, cost_fen: 1000, net_fen: 249001, cumulative_fen: 1 });
      assert.deepEqual(await ok('worker', 'POST', p, { month: THIS_MONTH, revenue_fen: 0, cost_fen: 100000001 }, 201),
        { month: THIS_MONTH, revenue_fen: 0, cost_fen: 100000001, net_fen: -100000001, cumulative_fen: -1 });
      const list = await ok('worker', 'GET', p);
      assert.deepEqual(list.items.map((m) => [m.month, m.net_fen, m.cumulative_fen]), [
        [START_MONTH, -249000, -249000], [m1, 249001, 1], [m2, 99999999, 100000000], [THIS_MONTH, -100000001, -1],
      ]);
      assert.equal(list.cumulative_net_fen, -1);
      const v = await ok('worker', 'GET', `${base(P1)}/ventures/${vid}`);
      assert.equal(v.months, 4);
      assert.equal(v.revenue_fen, 1000 + 123456789 + 250001);
      assert.equal(v.cost_fen, 250000 + 23456790 + 1000 + 100000001);
      assert.equal(v.net_fen, -1);
      // one more fen: positive
      await ok('worker', 'POST', p, { month: addMonths(START_MONTH, 3), revenue_fen: 2, cost_fen: 0 }, 201);
      assert.equal((await ok('worker', 'GET', p)).cumulative_net_fen, 1);
    });

    test('POST …/months: the same month twice → 409 duplicate, the first kept', async () => {
      const p = `${base(P1)}/ventures/${vid}/months`;
      await writesNothing(async () => {
        await refused('worker', 'POST', p, { month: START_MONTH, revenue_fen: 5, cost_fen: 0 }, 409, 'duplicate');
        await refused('supervisor', 'POST', p, { month: THIS_MONTH, revenue_fen: 5, cost_fen: 0 }, 409, 'duplicate');
      });
      const first = (await ok('worker', 'GET', p)).items.find((m) => m.month === START_MONTH);
      assert.equal(first.revenue_fen, 1000);
    });

    test('POST …/months: 422 naming the field, 404 for another project\'s venture', async () => {
      const p = `${base(P1)}/ventures/${vid}/months`;
      const good = { month: addMonths(START_MONTH, 1), revenue_fen: 1, cost_fen: 0 };
      await writesNothing(async () => {
        for (const month of ['2024-13', '2024-5', '202405', '2024/05', `${THIS_MONTH}-01`, 'May']) {
          await refused('worker', 'POST', p, { ...good, month }, 422, 'validation', 'month');
        }
        await refused('worker', 'POST', p, { ...good, month: addMonths(START_MONTH, -1) }, 422, 'validation', 'month');
        await refused('worker', 'POST', p, { ...good, month: addMonths(THIS_MONTH, 1) }, 422, 'validation', 'month');
        await refused('worker', 'POST', p, { revenue_fen: 1, cost_fen: 0 }, 422, 'validation', 'month');
        await refused('worker', 'POST', p, { ...good, month: 202405 }, 422, 'validation', 'month');
        await refused('worker', 'POST', p, { ...good, revenue_fen: -1 }, 422, 'validation', 'revenue_fen');
        await refused('worker', 'POST', p, { ...good, revenue_fen: '1' }, 422, 'validation', 'revenue_fen');
        await refused('worker', 'POST', p, { month: good.month, cost_fen: 0 }, 422, 'validation', 'revenue_fen');
        await refused('worker', 'POST', p, { ...good, cost_fen: -1 }, 422, 'validation', 'cost_fen');
        await refused('worker', 'POST', p, { ...good, cost_fen: 0.5 }, 422, 'validation', 'cost_fen');
        await refused('worker', 'POST', `${base(P1)}/ventures/${p2venture}/months`, { ...good, month: THIS_MONTH }, 404, 'not_found');
        await refused('worker', 'GET', `${base(P1)}/ventures/${p2venture}/months`, undefined, 404, 'not_found');
        await refused('worker', 'POST', `${base(P1)}/ventures/999999/months`, good, 404, 'not_found');
      });
    });
  });

  test('GET /ventures/{vid}/months and /support of a venture without any: empty', async () => {
    const v = await ok('worker', 'POST', `${base(P1)}/ventures`, { name: '空账本', participant_ids: [women[1], women[2]] }, 201);
    assert.deepEqual(await ok('worker', 'GET', `${base(P1)}/ventures/${v.id}/months`), { items: [], cumulative_net_fen: 0 });
    assert.deepEqual(await ok('worker', 'GET', `${base(P1)}/ventures/${v.id}/support`), { items: [] });
  });

  test('the audit chain holds ids, kinds, months and amounts, never the venture\'s name nor a note', async () => {
    const r = await call('auditor', 'GET', '/api/v1/audit?limit=500');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.filter((e) => e.entity === 'venture' && e.entity_id === vid);
    assert.ok(mine.length >= 9, r.text.slice(0, 200));
    const text = JSON.stringify(mine);
    assert.ok(!text.includes('手工面馆') && !text.includes('第一笔') && !text.includes('创业测试'), text);
    assert.ok(mine.some((e) => e.action === 'month' && JSON.stringify(e.summary).includes('123456789')), text);
  });
});

describe('incomes', () => {
  test('GET /participants/{id}/incomes: her baseline and follow-ups by month', async () => {
    const id = women[2];
    assert.deepEqual(await ok('worker', 'GET', `${base(P1)}/participants/${id}/incomes`), { items: [] });
    const m0 = addMonths(THIS_MONTH, -3);
    const m1 = addMonths(THIS_MONTH, -1);
    await ok('worker', 'POST', `${base(P1)}/participants/${id}/incomes`, { month: m1, amount_fen: 180050, kind: 'followup' }, 201);
    await ok('supervisor', 'POST', `${base(P1)}/participants/${id}/incomes`, { month: m0, amount_fen: 120000, kind: 'baseline' }, 201);
    await ok('worker', 'POST', `${base(P1)}/participants/${id}/incomes`, { month: THIS_MONTH, amount_fen: 0, kind: 'followup' }, 201);
    const got = await ok('supervisor', 'GET', `${base(P1)}/participants/${id}/incomes`);
    assert.deepEqual(got, {
      items: [
        { month: m0, amount_fen: 120000, kind: 'baseline' },
        { month: m1, amount_fen: 180050, kind: 'followup' },
        { month: THIS_MONTH, amount_fen: 0, kind: 'followup' },
      ],
    });
    // the same month and kind twice is the POST's 409 (api_intake.c)
    await refused('worker', 'POST', `${base(P1)}/participants/${id}/incomes`, { month: m1, amount_fen: 1, kind: 'followup' }, 409, 'duplicate');
  });

  test('GET /participants/{id}/incomes: another project\'s woman or an unknown one → 404', async () => {
    await refused('worker', 'GET', `${base(P1)}/participants/${p2woman}/incomes`, undefined, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P1)}/participants/${p2woman}/incomes`, undefined, 404, 'not_found');
    await refused('worker', 'GET', `${base(P1)}/participants/999999/incomes`, undefined, 404, 'not_found');
    await refused('worker', 'GET', `${base(P2)}/participants/${p2woman}/incomes`, undefined, 404, 'not_found');
    assert.deepEqual(await ok('sup_all', 'GET', `${base(P2)}/participants/${p2woman}/incomes`), { items: [] });
  });
});
