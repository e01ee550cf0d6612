// The JSON API of the cooperative (合作社) and its ledger: /api/v1/projects/{pid}/coop/… and
// …/ledger/…. The whole money path runs in a fresh project created for this test, so every
// amount is known exactly: signed women become members; an order from its items; tasks;
// pieces recorded by the leader and by a member herself (pending until the quality check);
// customer payments in instalments with the fund levy by the cumulative rule (exact fen,
// round half up); settlements whose lines add up to the total; pay slips; payouts; the trial
// balance, the journal, manual entries and reversals; a closed month. Also: every 422 names its
// field, another project's ids answer 404 (an organisation-wide leader addressing project 1),
// and the roles (a social worker gets 403, an auditor reads only, a member sees her own).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {}; // login -> API token
let P; // the fresh project of this test
const P1 = 1; // the demo project
const W = {}; // letter -> participant id of a signed woman of P (A, B, C, D) and E (not signed)
const M = {}; // letter -> coop member id

const base = (pid) => `/api/v1/projects/${pid}`;
const shanghai = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shanghai(TEST_NOW_MS);
const TOMORROW = shanghai(TEST_NOW_MS + 86400e3);
const THIS_MONTH = TODAY.slice(0, 7);
function addMonths(ym, k) {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
function lastDay(ym) {
  const [y, m] = ym.split('-').map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
const M3 = addMonths(THIS_MONTH, -3);
const M2 = addMonths(THIS_MONTH, -2); // the month of production, settled and closed
const M1 = addMonths(THIS_MONTH, -1);

async function addUser(login, role, project, participant) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  if (participant) args.push('--participant', String(participant));
  await runCliOk(args, { input: `taxiang-${login}\n` });
  tok[login] = await srv.tokenFor(login);
}

function call(login, method, path, json, headers) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json, headers });
}

async function ok(login, method, path, json, status = 200) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  return r.json;
}

/** Expects an error: status, code and (when given) the field; a 422 always names one. */
async function refused(login, method, path, json, status, code, field) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login} ${JSON.stringify(json)}: ${r.text}`);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  if (status === 422) assert.ok(r.json.error.field, `a 422 names its field: ${r.text}`);
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

const VISIT = {
  children_at_school: true, husband_away: true, free_time: 4, learning_ability: 4, will_to_work: 5,
  ability_to_work: 4, family: '丈夫在外地打工', skills: '缝纫', needs: '希望多接订单', monthly_income_fen: 80000,
};

/** A woman of project pid taken through the pipeline to `signed`, dated in month M3. */
async function signedWoman(pid, name, { sign = true } = {}) {
  const p = await ok('sw_all', 'POST', `${base(pid)}/participants`, { name, source: 'outreach', on: `${M3}-01` }, 201);
  if (!sign) return p.id;
  const move = (json) => ok('sw_all', 'POST', `${base(pid)}/participants/${p.id}/transitions`, json);
  await move({ to: 'registry_screened', on: `${M3}-02` });
  await ok('sw_all', 'POST', `${base(pid)}/participants/${p.id}/assessments`, { kind: 'home_visit', answers: VISIT, on: `${M3}-03` }, 201);
  await move({ to: 'home_visited', on: `${M3}-03` });
  await move({ to: 'final_review', on: `${M3}-04` });
  await ok('sv_all', 'POST', `${base(pid)}/participants/${p.id}/assessments`, { kind: 'final_review', approved: true, on: `${M3}-04` }, 201);
  await move({ to: 'signed', on: `${M3}-05`, consent_version: '2024-v1', consent_method: 'paper', consent_purposes: ['service'] });
  return p.id;
}

const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
/** round_half_up(paid × bp / 10000) in integers. */
const levyDue = (paid, bp = 1000) => Math.floor((paid * bp + 5000) / 10000);

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  for (const login of ['admin', 'leader', 'member', 'partner', 'auditor', 'worker', 'supervisor']) {
    tok[login] = await srv.tokenFor(login);
  }
  P = (await ok('admin', 'POST', '/api/v1/projects', { name: '合作社测试', community: '西苑社区', capacity: 50 }, 201)).id;
  await addUser('sw_all', 'social_worker', 0);
  await addUser('sv_all', 'supervisor', 0);
  await addUser('cl_all', 'coop_leader', 0); // of every project: for the other-project checks
  await addUser('cl_p', 'coop_leader', P);
  await addUser('sv_p', 'supervisor', P);
  await addUser('sw_p', 'social_worker', P);
  for (const [k, name] of [['A', '社员甲'], ['B', '社员乙'], ['C', '社员丙'], ['D', '社员丁']]) {
    W[k] = await signedWoman(P, name);
  }
  W.E = await signedWoman(P, '未签约', { sign: false });
  await addUser('mem_a', 'member', P, W.A);
  await addUser('mem_b', 'member', P, W.B);
});

after(async () => {
  await srv?.stop();
});

const C = () => `${base(P)}/coop`;
const L = () => `${base(P)}/ledger`;

describe('members', () => {
  test('POST /coop/members: 201 for signed women; 409 not_signed, duplicate; 422 names the field', async () => {
    for (const k of ['A', 'B', 'C', 'D']) {
      const m = await ok('cl_p', 'POST', `${C()}/members`, { participant_id: W[k], joined_on: `${M3}-10` }, 201);
      assert.ok(Number.isInteger(m.id) && m.id > 0);
      assert.equal(m.participant_id, W[k]);
      assert.equal(m.joined_on, `${M3}-10`);
      assert.equal(m.status, 'active');
      M[k] = m.id;
    }
    await writesNothing(async () => {
      await refused('cl_p', 'POST', `${C()}/members`, { participant_id: W.E }, 409, 'not_signed');
      const dup = await refused('cl_p', 'POST', `${C()}/members`, { participant_id: W.A }, 409, 'duplicate');
      assert.equal(dup.existing_id, M.A);
      await refused('cl_p', 'POST', `${C()}/members`, {}, 422, 'validation', 'participant_id');
      await refused('cl_p', 'POST', `${C()}/members`, { participant_id: '1' }, 422, 'validation', 'participant_id');
      await refused('cl_p', 'POST', `${C()}/members`, { participant_id: W.E, joined_on: TOMORROW }, 422, 'validation', 'joined_on');
      await refused('cl_p', 'POST', `${C()}/members`, { participant_id: W.E, joined_on: '2024-02-30' }, 422, 'validation', 'joined_on');
      await refused('cl_p', 'POST', `${C()}/members`, { participant_id: W.E, role: 'x' }, 422, 'validation', 'role');
    });
  });

  test('GET /coop/members: {items, next}, paged; GET one; a member reads her own only', async () => {
    const all = await ok('cl_p', 'GET', `${C()}/members`);
    assert.deepEqual(all.items.map((m) => m.id).sort((a, b) => a - b), [M.A, M.B, M.C, M.D]);
    assert.equal(all.next, null);
    const p1 = await ok('sv_p', 'GET', `${C()}/members?limit=3`);
    assert.equal(p1.items.length, 3);
    assert.equal(p1.next, '3');
    const p2 = await ok('auditor', 'GET', `${C()}/members?limit=3&after=${p1.next}`);
    assert.equal(p2.items.length, 1);
    assert.equal(p2.next, null);
    assert.deepEqual([...p1.items, ...p2.items], all.items);
    const a = await ok('cl_p', 'GET', `${C()}/members/${M.A}`);
    assert.equal(a.name, '社员甲');
    assert.deepEqual(await ok('mem_a', 'GET', `${C()}/members/${M.A}`), a);
    await refused('mem_a', 'GET', `${C()}/members/${M.B}`, undefined, 404, 'not_found');
    await refused('mem_a', 'GET', `${C()}/members`, undefined, 403, 'forbidden');
    await refused('cl_p', 'GET', `${C()}/members?limit=0`, undefined, 422, 'validation', 'limit');
  });
});

describe('the money path', () => {
  const ITEMS = [{ name: '布包', quantity: 100, unit_price_fen: 3333 }, { name: '围裙', quantity: 7, unit_price_fen: 1299 }];
  const AMOUNT = 100 * 3333 + 7 * 1299; // 342393
  let oid; // the order
  let t1, t2; // its tasks: 裁剪 35 fen a piece, 缝制 120 fen a piece
  let pending; // a piece record of member A by herself, pending
  const pay = []; // payments
  let s1, s2; // settlements

  test('POST /coop/orders: 201 {id, amount_fen} computed from the items', async () => {
    const o = await ok('cl_p', 'POST', `${C()}/orders`, {
      channel: 'offline', customer: '城西服装店', items: ITEMS, received_on: `${M2}-03`, due_on: `${M1}-20`,
    }, 201);
    oid = o.id;
    assert.ok(Number.isInteger(o.id) && o.id > 0);
    assert.equal(o.amount_fen, AMOUNT);
    assert.equal(o.channel, 'offline');
    assert.equal(o.customer, '城西服装店');
    assert.equal(o.levy_rate_bp, 1000);
    assert.equal(o.status, 'received');
    assert.equal(o.received_on, `${M2}-03`);
    assert.equal(o.due_on, `${M1}-20`);
    assert.deepEqual(o.items, [
      { name: '布包', quantity: 100, unit_price_fen: 3333, amount_fen: 333300 },
      { name: '围裙', quantity: 7, unit_price_fen: 1299, amount_fen: 9093 },
    ]);
    const got = await ok('auditor', 'GET', `${C()}/orders/${oid}`);
    assert.equal(got.amount_fen, AMOUNT);
    assert.deepEqual(got.items, o.items);
    assert.equal(got.tasks, 0);
    assert.deepEqual(got.payments, []);
  });

  test('POST /coop/orders: 422 names the field (items[i].field for an item); amount_fen is never typed', async () => {
    const good = { channel: 'livestream', customer: '直播间', items: [{ name: '香包', quantity: 2, unit_price_fen: 500 }] };
    const cases = [
      [{ ...good, amount_fen: 1000 }, 'amount_fen'],
      [{ ...good, channel: 'shop' }, 'channel'],
      [{ ...good, channel: undefined }, 'channel'],
      [{ ...good, customer: '' }, 'customer'],
      [{ ...good, customer: '店'.repeat(101) }, 'customer'],
      [{ ...good, items: undefined }, 'items'],
      [{ ...good, items: [] }, 'items'],
      [{ ...good, items: 'x' }, 'items'],
      [{ ...good, items: Array(101).fill(good.items[0]) }, 'items'],
      [{ ...good, items: [good.items[0], 7] }, 'items[1]'],
      [{ ...good, items: [good.items[0], { name: '', quantity: 1, unit_price_fen: 1 }] }, 'items[1].name'],
      [{ ...good, items: [good.items[0], { name: 'x', quantity: 0, unit_price_fen: 1 }] }, 'items[1].quantity'],
      [{ ...good, items: [{ name: 'x', quantity: 1, unit_price_fen: -1 }] }, 'items[0].unit_price_fen'],
      [{ ...good, items: [{ name: 'x', quantity: 1.5, unit_price_fen: 1 }] }, 'items[0].quantity'],
      [{ ...good, items: [{ name: 'x', quantity: 1 }] }, 'items[0].unit_price_fen'],
      [{ ...good, items: [{ name: 'x', quantity: 1, unit_price_fen: 1, amount_fen: 1 }] }, 'items[0].amount_fen'],
      [{ ...good, items: [{ name: 'x', quantity: 1, unit_price_fen: 0 }] }, 'items'], // amount 0
      [{ ...good, received_on: TOMORROW }, 'received_on'],
      [{ ...good, received_on: `${M2}-03`, due_on: `${M2}-02` }, 'due_on'],
      [{ ...good, due_on: '2024-13-01' }, 'due_on'],
    ];
    await writesNothing(async () => {
      for (const [json, field] of cases) {
        await refused('cl_p', 'POST', `${C()}/orders`, json, 422, 'validation', field);
      }
    });
  });

  test('tasks: POST /coop/orders/{oid}/tasks; the order lists them; 422 names the field', async () => {
    const a = await ok('cl_p', 'POST', `${C()}/orders/${oid}/tasks`, { step: '裁剪', piece_rate_fen: 35, pieces_planned: 100 }, 201);
    const b = await ok('cl_p', 'POST', `${C()}/orders/${oid}/tasks`, { step: '缝制', piece_rate_fen: 120, pieces_planned: 107 }, 201);
    t1 = a.id;
    t2 = b.id;
    assert.equal(a.step, '裁剪');
    assert.equal(a.piece_rate_fen, 35);
    assert.equal(a.pieces_planned, 100);
    assert.equal(a.order_id, oid);
    const list = await ok('sv_p', 'GET', `${C()}/orders/${oid}/tasks`);
    assert.deepEqual(list.items.map((t) => t.id), [t1, t2]);
    assert.equal(list.next, null);
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ piece_rate_fen: 1, pieces_planned: 1 }, 'step'],
        [{ step: 'x', piece_rate_fen: 0, pieces_planned: 1 }, 'piece_rate_fen'],
        [{ step: 'x', piece_rate_fen: 10000001, pieces_planned: 1 }, 'piece_rate_fen'],
        [{ step: 'x', piece_rate_fen: 1, pieces_planned: 0 }, 'pieces_planned'],
        [{ step: 'x', piece_rate_fen: 1, pieces_planned: '5' }, 'pieces_planned'],
      ]) {
        await refused('cl_p', 'POST', `${C()}/orders/${oid}/tasks`, json, 422, 'validation', field);
      }
      await refused('cl_p', 'POST', `${C()}/orders/999999/tasks`, { step: 'x', piece_rate_fen: 1, pieces_planned: 1 }, 404, 'not_found');
    });
  });

  test('pieces: the leader records (checked at once); a member claims and records her own (pending)', async () => {
    const rec = (json, login = 'cl_p', tid = t1) => ok(login, 'POST', `${C()}/tasks/${tid}/pieces`, json, 201);
    const pa = await rec({ member_id: M.A, accepted: 60, rejected: 2, recorded_on: `${M2}-10` });
    assert.equal(pa.member_id, M.A);
    assert.equal(pa.accepted, 60);
    assert.equal(pa.rejected, 2);
    assert.equal(pa.status, 'checked');
    await rec({ member_id: M.B, accepted: 40, rejected: 0, recorded_on: `${M2}-12` });
    await rec({ member_id: M.A, accepted: 30, rejected: 0, recorded_on: `${M2}-15` }, 'cl_p', t2);
    await rec({ member_id: M.C, accepted: 55, rejected: 5, recorded_on: `${M2}-20` }, 'cl_p', t2);
    // the leader's records put member A on both tasks; the open tasks are listed for claiming
    const open = await ok('mem_a', 'GET', `${C()}/tasks`);
    assert.ok(open.items.some((t) => t.id === t2));
    const mine = await ok('mem_a', 'GET', `${C()}/tasks?mine=1`);
    assert.deepEqual(mine.items.map((t) => t.id).sort((x, y) => x - y), [t1, t2]);
    // member B claims task 2 herself, then records pieces she made: pending
    const joined = await ok('mem_b', 'POST', `${C()}/tasks/${t2}/members`, {}, 201);
    assert.equal(joined.id, t2);
    pending = await rec({ accepted: 10, rejected: 0, recorded_on: `${M2}-28` }, 'mem_b', t2);
    assert.equal(pending.member_id, M.B);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.submitted, 10);
    // she records for herself only, and on tasks she is on only
    await writesNothing(async () => {
      await refused('mem_b', 'POST', `${C()}/tasks/${t2}/pieces`, { member_id: M.C, accepted: 1, rejected: 0 }, 404, 'not_found', 'member_id');
      await refused('mem_a', 'POST', `${C()}/tasks/${t1}/members`, { member_id: M.D }, 404, 'not_found', 'member_id');
    });
    const pend = await ok('cl_p', 'GET', `${C()}/pieces?pending=1&task_id=${t2}`);
    assert.deepEqual(pend.items.map((x) => x.id), [pending.id]);
    // a member's list is her own
    const hers = await ok('mem_b', 'GET', `${C()}/pieces`);
    assert.ok(hers.items.length >= 2);
    assert.ok(hers.items.every((x) => x.member_id === M.B));
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ member_id: M.A, rejected: 1 }, 'accepted'],
        [{ member_id: M.A, accepted: -1, rejected: 0 }, 'accepted'],
        [{ member_id: M.A, accepted: 1000001, rejected: 0 }, 'accepted'],
        [{ member_id: M.A, accepted: 1, rejected: -1 }, 'rejected'],
        [{ member_id: M.A, accepted: 1, rejected: 0, recorded_on: TOMORROW }, 'recorded_on'],
        [{ member_id: M.A, accepted: 1, rejected: 0, recorded_on: `${M2}-02` }, 'recorded_on'], // before the order
        [{ accepted: 1, rejected: 0 }, 'member_id'], // a leader names the member
      ]) {
        await refused('cl_p', 'POST', `${C()}/tasks/${t1}/pieces`, json, 422, 'validation', field);
      }
      const both0 = await refused('cl_p', 'POST', `${C()}/tasks/${t1}/pieces`, { member_id: M.A, accepted: 0, rejected: 0 }, 422, 'validation');
      assert.ok(['accepted', 'rejected'].includes(both0.field));
    });
  });

  test('payments in instalments: the levy is cumulative, exact in fen, half up', async () => {
    const p = (amount_fen, paid_on) => ok('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen, paid_on }, 201);
    // 100005 × 10% = 10000.5 → 10001
    pay.push(await p(100005, `${M2}-25`));
    assert.equal(pay[0].amount_fen, 100005);
    assert.equal(pay[0].levy_fen, 10001);
    assert.equal(pay[0].order_id, oid);
    // Σ 200005 → 20000.5 → 20001: this one levies 10000
    pay.push(await p(100000, `${M1}-05`));
    assert.equal(pay[1].levy_fen, levyDue(200005) - 10001);
    assert.equal(pay[1].levy_fen, 10000);
    await writesNothing(async () => {
      await refused('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen: AMOUNT - 200005 + 1 }, 409, 'overpaid');
      await refused('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen: 0 }, 422, 'validation', 'amount_fen');
      await refused('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen: -5 }, 422, 'validation', 'amount_fen');
      await refused('cl_p', 'POST', `${C()}/orders/${oid}/payments`, {}, 422, 'validation', 'amount_fen');
      await refused('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen: 1.5 }, 422, 'validation', 'amount_fen');
      await refused('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen: 1, paid_on: TOMORROW }, 422, 'validation', 'paid_on');
      await refused('cl_p', 'POST', `${C()}/orders/999999/payments`, { amount_fen: 1 }, 404, 'not_found');
    });
    // the rest: Σ 342393 → 34239.3 → 34239
    pay.push(await p(AMOUNT - 200005, `${M1}-10`));
    assert.equal(pay[2].levy_fen, 34239 - 20001);
    assert.equal(sum(pay, (x) => x.levy_fen), levyDue(AMOUNT));
    const o = await ok('cl_p', 'GET', `${C()}/orders/${oid}`);
    assert.equal(o.paid_fen, AMOUNT);
    assert.equal(o.levied_fen, 34239);
    assert.equal(o.status, 'paid', 'the payment that completes the amount marks the order paid');
    assert.deepEqual(o.payments.map((x) => x.amount_fen).sort((a, b) => a - b), [100000, 100005, AMOUNT - 200005].sort((a, b) => a - b));
    const list = await ok('auditor', 'GET', `${C()}/orders/${oid}/payments`);
    assert.equal(list.items.length, 3);
  });

  test('reversal of the latest payment only; paying again restores the levy exactly', async () => {
    await writesNothing(async () => {
      await refused('cl_p', 'POST', `${C()}/payments/${pay[0].id}/reverse`, {}, 409, 'not_latest');
      await refused('cl_p', 'POST', `${C()}/payments/${pay[2].id}/reverse`, { why: 'x' }, 422, 'validation', 'why');
    });
    const rev = await ok('cl_p', 'POST', `${C()}/payments/${pay[2].id}/reverse`, {});
    assert.equal(rev.id, pay[2].id);
    assert.equal(rev.reversed, true);
    const txn = await ok('auditor', 'GET', `${L()}/transactions/${rev.reversal_txn_id}`);
    assert.equal(txn.reverses_id, pay[2].txn_id);
    assert.equal(sum(txn.lines, (l) => l.debit_fen), sum(txn.lines, (l) => l.credit_fen));
    await refused('cl_p', 'POST', `${C()}/payments/${pay[2].id}/reverse`, {}, 409, 'already_reversed');
    let o = await ok('cl_p', 'GET', `${C()}/orders/${oid}`);
    assert.equal(o.paid_fen, 200005);
    assert.equal(o.levied_fen, 20001);
    const again = await ok('cl_p', 'POST', `${C()}/orders/${oid}/payments`, { amount_fen: AMOUNT - 200005 }, 201);
    assert.equal(again.paid_on, TODAY);
    assert.equal(again.levy_fen, 14238);
    pay.push(again);
    o = await ok('cl_p', 'GET', `${C()}/orders/${oid}`);
    assert.equal(o.paid_fen, AMOUNT);
    assert.equal(o.levied_fen, 34239);
    const fund = await ok('cl_p', 'GET', `${base(P)}/fund`);
    assert.equal(fund.levy_fen, 34239);
    assert.equal(fund.balance_fen, 34239);
  });

  test('settlement: lines per member add up to the total; pending records stay unpaid', async () => {
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ period_end: lastDay(M2) }, 'period_start'],
        [{ period_start: `${M2}-01` }, 'period_end'],
        [{ period_start: `${M2}-01`, period_end: TOMORROW }, 'period_end'],
        [{ period_start: `${M2}-31x`, period_end: lastDay(M2) }, 'period_start'],
      ]) {
        await refused('cl_p', 'POST', `${C()}/settlements`, json, 422, 'validation', field);
      }
      const swapped = await refused('cl_p', 'POST', `${C()}/settlements`, { period_start: lastDay(M2), period_end: `${M2}-01` }, 422, 'validation');
      assert.ok(['period_start', 'period_end'].includes(swapped.field));
    });
    s1 = await ok('cl_p', 'POST', `${C()}/settlements`, { period_start: `${M2}-01`, period_end: lastDay(M2) }, 201);
    assert.ok(Number.isInteger(s1.id));
    const byMember = Object.fromEntries(s1.lines.map((l) => [l.member_id, l]));
    assert.deepEqual(Object.keys(byMember).map(Number).sort((a, b) => a - b), [M.A, M.B, M.C].sort((a, b) => a - b));
    assert.equal(byMember[M.A].pieces, 90);
    assert.equal(byMember[M.A].pay_fen, 60 * 35 + 30 * 120);
    assert.equal(byMember[M.B].pieces, 40);
    assert.equal(byMember[M.B].pay_fen, 40 * 35);
    assert.equal(byMember[M.C].pieces, 55);
    assert.equal(byMember[M.C].pay_fen, 55 * 120);
    assert.equal(s1.total_pay_fen, 13700);
    assert.equal(sum(s1.lines, (l) => l.pay_fen), s1.total_pay_fen);
    assert.equal(s1.pending, 1, 'member B\'s own record awaits its check');
    assert.deepEqual(await ok('auditor', 'GET', `${C()}/settlements/${s1.id}`), s1);
    // nothing paid twice: the same period again has nothing to pay
    await refused('cl_p', 'POST', `${C()}/settlements`, { period_start: `${M2}-01`, period_end: lastDay(M2) }, 409, 'nothing_to_settle');
    // the quality check of B's record, then it is paid by the next settlement
    const checked = await ok('cl_p', 'POST', `${C()}/pieces/${pending.id}/check`, { accepted: 9, rejected: 1 });
    assert.equal(checked.accepted, 9);
    assert.equal(checked.rejected, 1);
    assert.equal(checked.status, 'checked');
    await refused('cl_p', 'POST', `${C()}/pieces/${pending.id}/check`, { accepted: 10, rejected: 0 }, 409, 'already_checked');
    await refused('cl_p', 'POST', `${C()}/pieces/${pending.id}/check`, { accepted: 10 }, 422, 'validation', 'rejected');
    s2 = await ok('cl_p', 'POST', `${C()}/settlements`, { period_start: `${M2}-01`, period_end: lastDay(M2) }, 201);
    assert.deepEqual(s2.lines.map((l) => [l.member_id, l.pieces, l.pay_fen]), [[M.B, 9, 9 * 120]]);
    assert.equal(s2.total_pay_fen, 1080);
    const list = await ok('sv_p', 'GET', `${C()}/settlements`);
    assert.deepEqual(list.items.map((s) => s.id), [s2.id, s1.id], 'newest first');
  });

  test('pay slips: items per task; a member reads her own, another\'s → 404', async () => {
    const slip = await ok('cl_p', 'GET', `${C()}/settlements/${s1.id}/slips/${M.A}`);
    assert.equal(slip.member_id, M.A);
    assert.equal(slip.pay_fen, 5700);
    assert.equal(slip.pieces, 90);
    assert.equal(sum(slip.items, (i) => i.pay_fen), slip.pay_fen);
    const byTask = Object.fromEntries(slip.items.map((i) => [i.task_id, i]));
    assert.equal(byTask[t1].pay_fen, 2100);
    assert.equal(byTask[t1].rate_fen, 35);
    assert.equal(byTask[t2].pay_fen, 3600);
    assert.equal(byTask[t2].order_id, oid);
    assert.deepEqual(await ok('mem_a', 'GET', `${C()}/settlements/${s1.id}/slips/${M.A}`), slip);
    await refused('mem_a', 'GET', `${C()}/settlements/${s1.id}/slips/${M.B}`, undefined, 404, 'not_found');
    await refused('cl_p', 'GET', `${C()}/settlements/${s1.id}/slips/${M.D}`, undefined, 404, 'not_found');
    const mine = await ok('mem_b', 'GET', `${C()}/payslips`);
    assert.deepEqual(mine.items.map((s) => s.pay_fen), [1080, 1400]);
    const hers = await ok('cl_p', 'GET', `${C()}/payslips?member_id=${M.B}`);
    assert.deepEqual(hers.items, mine.items);
    await refused('mem_b', 'GET', `${C()}/payslips?member_id=${M.A}`, undefined, 404, 'not_found');
    await refused('cl_p', 'GET', `${C()}/payslips`, undefined, 422, 'validation', 'member_id');
  });

  test('payouts: at most what she is owed; a member sees her own', async () => {
    const po = await ok('cl_p', 'POST', `${C()}/payouts`, { member_id: M.A, amount_fen: 5000, method: 'wechat' }, 201);
    assert.equal(po.member_id, M.A);
    assert.equal(po.amount_fen, 5000);
    assert.equal(po.method, 'wechat');
    assert.equal(po.paid_on, TODAY);
    await writesNothing(async () => {
      await refused('cl_p', 'POST', `${C()}/payouts`, { member_id: M.A, amount_fen: 701, method: 'cash' }, 409, 'over_payable');
      await refused('cl_p', 'POST', `${C()}/payouts`, { member_id: M.A, amount_fen: 0, method: 'cash' }, 422, 'validation', 'amount_fen');
      await refused('cl_p', 'POST', `${C()}/payouts`, { member_id: M.A, amount_fen: 1, method: 'cheque' }, 422, 'validation', 'method');
      await refused('cl_p', 'POST', `${C()}/payouts`, { amount_fen: 1, method: 'cash' }, 422, 'validation', 'member_id');
    });
    const a = await ok('cl_p', 'GET', `${C()}/members/${M.A}`);
    assert.equal(a.payable_fen, 700);
    const mine = await ok('mem_a', 'GET', `${C()}/payouts`);
    assert.deepEqual(mine.items.map((x) => x.id), [po.id]);
    const bs = await ok('mem_b', 'GET', `${C()}/payouts`);
    assert.deepEqual(bs.items, []);
    const all = await ok('auditor', 'GET', `${C()}/payouts`);
    assert.deepEqual(all.items.map((x) => x.id), [po.id]);
  });

  test('the trial balance is balanced and holds the exact sums', async () => {
    const tb = await ok('auditor', 'GET', `${L()}/trial-balance`);
    assert.equal(tb.balanced, true);
    assert.equal(sum(tb.accounts, (a) => a.debit_fen), sum(tb.accounts, (a) => a.credit_fen));
    const net = (code) => {
      const a = tb.accounts.find((x) => x.code === code);
      assert.ok(a, `account ${code} in the trial balance`);
      assert.equal(typeof a.name, 'string');
      return a.debit_fen - a.credit_fen;
    };
    assert.equal(net('1002'), AMOUNT - 5000, 'bank: receipts less the payout');
    assert.equal(-net('5001'), AMOUNT, 'order income');
    assert.equal(net('6401'), 34239, 'levy');
    assert.equal(-net('3101'), 34239, 'fund');
    assert.equal(net('6001'), 13700 + 1080, 'piece wages');
    assert.equal(-net('2211'), 13700 + 1080 - 5000, 'wages payable');
    // through the month of production: only what was posted by then
    const early = await ok('cl_p', 'GET', `${L()}/trial-balance?through=${M2}`);
    assert.equal(early.balanced, true);
    assert.ok(early.accounts.every((a) => a.debit_fen <= (tb.accounts.find((x) => x.code === a.code) || a).debit_fen));
    await refused('cl_p', 'GET', `${L()}/trial-balance?through=2024-13`, undefined, 422, 'validation', 'through');
    await refused('cl_p', 'GET', `${L()}/trial-balance?through=2024`, undefined, 422, 'validation', 'through');
    const en = await call('cl_p', 'GET', `${L()}/trial-balance`, undefined, { 'Accept-Language': 'en' });
    assert.equal(en.json.accounts.find((a) => a.code === '3101').name, 'Fund pool (restricted)');
  });

  test('the journal: transactions with balanced lines; filters; paging by id', async () => {
    const all = [];
    for (let after = ''; ;) {
      const page = await ok('auditor', 'GET', `${L()}/journal?limit=2${after ? `&after=${after}` : ''}`);
      all.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    assert.ok(all.length >= 8);
    const ids = all.map((t) => t.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    for (const t of all) {
      assert.ok(t.lines.length >= 2);
      assert.equal(sum(t.lines, (l) => l.debit_fen), sum(t.lines, (l) => l.credit_fen), `txn ${t.id} balances`);
    }
    const fund = await ok('cl_p', 'GET', `${L()}/journal?account=3101&limit=500`);
    assert.equal(fund.items.length, 5, 'three payments, one reversal, the payment again');
    const m1 = await ok('cl_p', 'GET', `${L()}/journal?account=3101&from=${M1}-01&to=${lastDay(M1)}`);
    assert.equal(m1.items.length, 2);
    await refused('cl_p', 'GET', `${L()}/journal?from=2024-02-30`, undefined, 422, 'validation', 'from');
    // the general ledger of one account, with its running balance
    const gl = await ok('sv_p', 'GET', `${L()}/accounts/3101/lines`);
    assert.equal(gl.account.code, '3101');
    assert.equal(gl.items.length, 5);
    assert.equal(gl.items[gl.items.length - 1].running_fen, 34239);
    await refused('sv_p', 'GET', `${L()}/accounts/9999/lines`, undefined, 404, 'not_found');
    const chart = await ok('auditor', 'GET', `${L()}/accounts?limit=500`);
    assert.ok(chart.items.some((a) => a.code === '3101' && a.normal === 'credit'));
  });

  test('manual entries: balanced, never the fund account; reversal once; a closed month is read-only', async () => {
    const entry = {
      posted_on: TODAY, memo: '购买剪刀',
      lines: [{ account: '6201', debit_fen: 500 }, { account: '1001', credit_fen: 500 }],
    };
    const t = await ok('cl_p', 'POST', `${L()}/transactions`, entry, 201);
    assert.equal(t.kind, 'manual');
    assert.equal(t.lines.length, 2);
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ ...entry, lines: [{ account: '3101', debit_fen: 500 }, { account: '1001', credit_fen: 500 }] }, 'lines[0].account'],
        [{ ...entry, lines: [{ account: '1001', debit_fen: 500 }, { account: '3101', credit_fen: 500 }] }, 'lines[1].account'],
        [{ ...entry, lines: [{ account: '9999', debit_fen: 500 }, { account: '1001', credit_fen: 500 }] }, 'lines[0].account'],
        [{ ...entry, lines: [{ account: '6201', debit_fen: 500 }, { account: '1001', credit_fen: 499 }] }, 'lines'],
        [{ ...entry, lines: [{ account: '6201', debit_fen: -1 }, { account: '1001', credit_fen: 500 }] }, 'lines[0].debit_fen'],
        [{ ...entry, lines: [{ account: '6201', debit_fen: 500 }, { account: '1001', credit_fen: 500, note: 'x' }] }, 'lines[1].note'],
        [{ ...entry, lines: undefined }, 'lines'],
        [{ ...entry, lines: [] }, 'lines'],
        [{ ...entry, posted_on: '2024-02-30' }, 'posted_on'],
        [{ ...entry, memo: '备'.repeat(201) }, 'memo'],
      ]) {
        await refused('cl_p', 'POST', `${L()}/transactions`, json, 422, 'validation', field);
      }
      await refused('auditor', 'POST', `${L()}/transactions`, entry, 403, 'forbidden');
      await refused('sv_p', 'POST', `${L()}/transactions`, entry, 403, 'forbidden');
    });
    const rev = await ok('cl_p', 'POST', `${L()}/transactions/${t.id}/reverse`, {}, 201);
    assert.equal(rev.reverses_id, t.id);
    assert.equal(rev.kind, 'reversal');
    await refused('cl_p', 'POST', `${L()}/transactions/${t.id}/reverse`, {}, 409, 'already_reversed');
    await refused('cl_p', 'POST', `${L()}/transactions/${rev.id}/reverse`, {}, 409, 'not_reversible');
    // a payment is reversed through its own endpoint only, which keeps the order true
    await refused('cl_p', 'POST', `${L()}/transactions/${pay[0].txn_id}/reverse`, {}, 409, 'not_reversible');
    // closing months: not this one (it has not ended); the month of production, once
    await refused('cl_p', 'POST', `${L()}/periods`, { month: THIS_MONTH }, 409, 'period_open');
    await refused('cl_p', 'POST', `${L()}/periods`, { month: '2024-13' }, 422, 'validation', 'month');
    await refused('cl_p', 'POST', `${L()}/periods`, {}, 422, 'validation', 'month');
    const closed = await ok('cl_p', 'POST', `${L()}/periods`, { month: M2 }, 201);
    assert.equal(closed.month, M2);
    await refused('cl_p', 'POST', `${L()}/periods`, { month: M2 }, 409, 'already_closed');
    const periods = await ok('auditor', 'GET', `${L()}/periods`);
    assert.deepEqual(periods.items.map((x) => x.month), [M2]);
    // an order taken in that month may still be recorded, but its payment cannot be posted there
    const late = await ok('cl_p', 'POST', `${C()}/orders`, {
      channel: 'offline', customer: '补录订单', items: [{ name: '布包', quantity: 1, unit_price_fen: 3333 }], received_on: `${M2}-01`,
    }, 201);
    await writesNothing(async () => {
      await refused('cl_p', 'POST', `${L()}/transactions`, { ...entry, posted_on: `${M2}-15` }, 409, 'period_closed');
      await refused('cl_p', 'POST', `${C()}/orders/${late.id}/payments`, { amount_fen: 100, paid_on: `${M2}-20` }, 409, 'period_closed');
    });
    assert.equal((await ok('cl_p', 'GET', `${C()}/orders/${late.id}`)).paid_fen, 0);
  });

  test('order status moves forward only; levy rate settings', async () => {
    await refused('cl_p', 'PATCH', `${C()}/orders/${oid}`, { status: 'received' }, 409, 'invalid_transition');
    await refused('cl_p', 'PATCH', `${C()}/orders/${oid}`, { status: 'cancelled' }, 409, 'invalid_transition');
    await refused('cl_p', 'PATCH', `${C()}/orders/${oid}`, { status: 'done' }, 422, 'validation', 'status');
    const o = await ok('cl_p', 'PATCH', `${C()}/orders/${oid}`, { status: 'closed' });
    assert.equal(o.status, 'closed');
    await refused('cl_p', 'POST', `${C()}/orders/${oid}/tasks`, { step: '包装', piece_rate_fen: 5, pieces_planned: 10 }, 409, 'order_closed');
    const filtered = await ok('auditor', 'GET', `${C()}/orders?status=closed&channel=offline`);
    assert.deepEqual(filtered.items.map((x) => x.id), [oid]);
    await refused('auditor', 'GET', `${C()}/orders?status=open`, undefined, 422, 'validation', 'status');
    // the levy rate: read by the auditor, set by a supervisor, kept with each order
    assert.deepEqual(await ok('auditor', 'GET', `${C()}/settings`), { levy_rate_bp: 1000 });
    assert.deepEqual(await ok('sv_p', 'PUT', `${C()}/settings`, { levy_rate_bp: 1500 }), { levy_rate_bp: 1500 });
    await refused('sv_p', 'PUT', `${C()}/settings`, { levy_rate_bp: 10001 }, 422, 'validation', 'levy_rate_bp');
    await refused('auditor', 'PUT', `${C()}/settings`, { levy_rate_bp: 1 }, 403, 'forbidden');
    const o2 = await ok('cl_p', 'POST', `${C()}/orders`, { channel: 'enterprise', customer: '某公司', items: [{ name: '定制', quantity: 1, unit_price_fen: 1001 }] }, 201);
    assert.equal(o2.levy_rate_bp, 1500);
    assert.equal(o2.amount_fen, 1001);
    const pm = await ok('cl_p', 'POST', `${C()}/orders/${o2.id}/payments`, { amount_fen: 1001 }, 201);
    assert.equal(pm.levy_fen, levyDue(1001, 1500)); // 150.15 → 150
    assert.equal((await ok('cl_p', 'GET', `${C()}/orders/${oid}`)).levy_rate_bp, 1000);
    const summary = await ok('auditor', 'GET', `${C()}/summary`);
    assert.equal(summary.members, 4);
    assert.equal(summary.levied_fen, 34239 + 150);
    assert.equal(summary.settled_fen, 13700 + 1080);
    assert.equal(summary.paid_out_fen, 5000);
  });

  test('a member leaves: PATCH {status: "left"}', async () => {
    const d = await ok('cl_p', 'PATCH', `${C()}/members/${M.D}`, { status: 'left', left_on: TODAY });
    assert.equal(d.status, 'left');
    assert.equal(d.left_on, TODAY);
    await refused('cl_p', 'PATCH', `${C()}/members/${M.C}`, { status: 'active' }, 422, 'validation', 'status');
    await refused('cl_p', 'PATCH', `${C()}/members/${M.C}`, { status: 'left', left_on: TOMORROW }, 422, 'validation', 'left_on');
  });
});

describe('scope and roles', () => {
  test('another project\'s ids → 404 (an organisation-wide leader under project 1)', async () => {
    const o = (await ok('cl_p', 'GET', `${C()}/orders?limit=500`)).items.find((x) => x.paid_fen > 0 && x.tasks > 0);
    const s = (await ok('cl_p', 'GET', `${C()}/settlements`)).items[0];
    const t = (await ok('cl_p', 'GET', `${C()}/orders/${o.id}/tasks`)).items[0];
    const payment = (await ok('cl_p', 'GET', `${C()}/orders/${o.id}/payments`)).items[0];
    const txn = (await ok('cl_p', 'GET', `${L()}/journal?limit=1`)).items[0];
    const piece = (await ok('cl_p', 'GET', `${C()}/pieces?limit=1`)).items[0];
    const c1 = `${base(P1)}/coop`;
    await writesNothing(async () => {
      await refused('cl_all', 'GET', `${c1}/orders/${o.id}`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${c1}/members/${M.A}`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${c1}/settlements/${s.id}`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${c1}/settlements/${s.id}/slips/${M.A}`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${c1}/orders/${o.id}/payments`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${c1}/orders/${o.id}/tasks`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${base(P1)}/ledger/transactions/${txn.id}`, undefined, 404, 'not_found');
      await refused('cl_all', 'POST', `${base(P1)}/ledger/transactions/${txn.id}/reverse`, {}, 404, 'not_found');
      await refused('cl_all', 'POST', `${c1}/members`, { participant_id: W.A }, 404, 'not_found');
      await refused('cl_all', 'PATCH', `${c1}/members/${M.A}`, { status: 'left' }, 404, 'not_found');
      await refused('cl_all', 'POST', `${c1}/orders/${o.id}/payments`, { amount_fen: 1 }, 404, 'not_found');
      await refused('cl_all', 'POST', `${c1}/payments/${payment.id}/reverse`, {}, 404, 'not_found');
      await refused('cl_all', 'GET', `${c1}/tasks/${t.id}`, undefined, 404, 'not_found');
      await refused('cl_all', 'POST', `${c1}/tasks/${t.id}/pieces`, { member_id: M.A, accepted: 1, rejected: 0 }, 404, 'not_found');
      await refused('cl_all', 'POST', `${c1}/pieces/${piece.id}/check`, { accepted: 1, rejected: 0 }, 404, 'not_found');
      // the path itself: a project the account does not work in
      await refused('cl_p', 'GET', `${c1}/orders`, undefined, 404, 'not_found');
    });
  });

  test('a social worker gets 403 everywhere; the auditor reads and never writes; a member only her own', async () => {
    const reads = [
      `${C()}/members`, `${C()}/orders`, `${C()}/settlements`, `${C()}/summary`, `${C()}/settings`,
      `${C()}/payouts`, `${C()}/pieces`, `${C()}/tasks`, `${C()}/officers`, `${C()}/documents`,
      `${L()}/accounts`, `${L()}/trial-balance`, `${L()}/journal`, `${L()}/periods`,
    ];
    const writes = [
      ['POST', `${C()}/members`, { participant_id: W.E }],
      ['POST', `${C()}/orders`, { channel: 'offline', customer: 'x', items: [{ name: 'x', quantity: 1, unit_price_fen: 1 }] }],
      ['POST', `${C()}/settlements`, { period_start: `${M1}-01`, period_end: lastDay(M1) }],
      ['POST', `${C()}/payouts`, { member_id: M.A, amount_fen: 1, method: 'cash' }],
      ['PUT', `${C()}/settings`, { levy_rate_bp: 1 }],
      ['POST', `${L()}/transactions`, { lines: [{ account: '6201', debit_fen: 1 }, { account: '1001', credit_fen: 1 }] }],
      ['POST', `${L()}/periods`, { month: M1 }],
    ];
    await writesNothing(async () => {
      for (const path of reads) {
        await refused('sw_p', 'GET', path, undefined, 403, 'forbidden');
        await refused('partner', 'GET', path.replace(`/${P}/`, '/1/'), undefined, 403, 'forbidden');
        const r = await call('auditor', 'GET', path);
        assert.equal(r.status, 200, `auditor GET ${path}: ${r.text}`);
      }
      for (const [method, path, json] of writes) {
        await refused('sw_p', method, path, json, 403, 'forbidden');
        await refused('auditor', method, path, json, 403, 'forbidden');
        await refused('mem_a', method, path, json, 403, 'forbidden');
      }
      for (const path of [`${C()}/orders`, `${C()}/settlements`, `${C()}/summary`, `${L()}/journal`, `${L()}/trial-balance`]) {
        await refused('mem_a', 'GET', path, undefined, 403, 'forbidden');
      }
      // a supervisor reads, and sets the levy rate only
      await refused('sv_p', 'POST', `${C()}/orders`, writes[1][2], 403, 'forbidden');
      // no token
      const r = await api(srv.base, `${C()}/orders`);
      assert.equal(r.status, 401);
    });
  });
});

describe('officers and documents', () => {
  test('officers: add, list, end; documents: versions every member can read', async () => {
    const o = await ok('cl_p', 'POST', `${C()}/officers`, { member_id: M.A, role: 'chair', from_on: `${M3}-15` }, 201);
    assert.equal(o.role, 'chair');
    assert.equal(o.member_id, M.A);
    assert.equal(o.to_on, null);
    await refused('cl_p', 'POST', `${C()}/officers`, { member_id: M.A, role: 'king' }, 422, 'validation', 'role');
    const list = await ok('mem_b', 'GET', `${C()}/officers`);
    assert.deepEqual(list.items.map((x) => x.id), [o.id]);
    const ended = await ok('cl_p', 'POST', `${C()}/officers/${o.id}/end`, {});
    assert.equal(ended.to_on, TODAY);
    const d1 = await ok('cl_p', 'POST', `${C()}/documents`, { kind: 'charter', title: '合作社章程', body: '第一条\n本社……' }, 201);
    assert.equal(d1.version, 1);
    const d2 = await ok('cl_p', 'POST', `${C()}/documents`, { kind: 'charter', title: '合作社章程', body: '第一条（修订）' }, 201);
    assert.equal(d2.version, 2);
    assert.equal(d2.body, '第一条（修订）');
    const latest = await ok('mem_a', 'GET', `${C()}/documents`);
    assert.deepEqual(latest.items.map((d) => d.id), [d2.id]);
    const every = await ok('mem_a', 'GET', `${C()}/documents?all=1`);
    assert.deepEqual(every.items.map((d) => d.id).sort((a, b) => a - b), [d1.id, d2.id]);
    assert.equal((await ok('mem_a', 'GET', `${C()}/documents/${d1.id}`)).body, '第一条\n本社……');
    await refused('cl_p', 'POST', `${C()}/documents`, { kind: 'law', title: 'x', body: 'y' }, 422, 'validation', 'kind');
    await refused('cl_p', 'POST', `${C()}/documents`, { kind: 'rule', title: 'x', body: '' }, 422, 'validation', 'body');
    await refused('mem_a', 'POST', `${C()}/documents`, { kind: 'rule', title: 'x', body: 'y' }, 403, 'forbidden');
  });
});
