// The JSON API of the fund pool (资金池) and the members' representative congress (社员代表大会):
// /api/v1/projects/{pid}/fund…, /congress/…, /proposals/…. Everything runs in a fresh project
// created for this test, so every count and amount is known: inflows; four representatives and
// a member who is not one; a meeting with three of the four present (a quorum: 3 × 3 ≥ 2 × 4) and
// one with two (no quorum); proposals, votes (present representatives only, a vote changed, the
// history kept), closing with exact counts; disbursements refused as not_approved, over_approved
// and insufficient_funds, and paid; a reversal; the totals (inflow − outflow) and the entries; the
// rules as fractions, with the large-amount threshold at its boundary. Also every 422 names its
// field, another project's ids → 404, and the roles (members read everything and cast their own
// vote; a social worker gets 403; the auditor reads only).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {}; // login -> API token
let P; // the fresh project of this test
const P1 = 1;
const W = {}; // key -> participant id
const M = {}; // key -> coop member id: R1..R4 representatives, N a member only

const base = (pid) => `/api/v1/projects/${pid}`;
const shanghai = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shanghai(TEST_NOW_MS);
const TOMORROW = shanghai(TEST_NOW_MS + 86400e3);
function addMonths(ym, k) {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
const M3 = addMonths(TODAY.slice(0, 7), -3);

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

async function writesNothing(fn) {
  const before = await auditHead();
  await fn();
  assert.equal(await auditHead(), before, 'a refused request wrote nothing');
}

const VISIT = {
  children_at_school: true, husband_away: true, free_time: 4, learning_ability: 4, will_to_work: 5,
  ability_to_work: 4, family: '丈夫在外地打工', skills: '刺绣', needs: '希望增加收入', monthly_income_fen: 70000,
};

/** A woman of project pid taken through the pipeline to `signed`, dated in month M3. */
async function signedWoman(pid, name) {
  const p = await ok('sw_all', 'POST', `${base(pid)}/participants`, { name, source: 'outreach', on: `${M3}-01` }, 201);
  const move = (json) => ok('sw_all', 'POST', `${base(pid)}/participants/${p.id}/transitions`, json);
  await move({ to: 'registry_screened', on: `${M3}-02` });
  await ok('sw_all', 'POST', `${base(pid)}/participants/${p.id}/assessments`, { kind: 'home_visit', answers: VISIT, on: `${M3}-03` }, 201);
  await move({ to: 'home_visited', on: `${M3}-03` });
  await move({ to: 'final_review', on: `${M3}-04` });
  await ok('sv_all', 'POST', `${base(pid)}/participants/${p.id}/assessments`, { kind: 'final_review', approved: true, on: `${M3}-04` }, 201);
  await move({ to: 'signed', on: `${M3}-05`, consent_version: '2024-v1', consent_method: 'paper', consent_purposes: ['service'] });
  return p.id;
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  for (const login of ['admin', 'partner', 'auditor', 'member']) tok[login] = await srv.tokenFor(login);
  P = (await ok('admin', 'POST', '/api/v1/projects', { name: '资金池测试', community: '东苑社区', capacity: 50 }, 201)).id;
  await addUser('sw_all', 'social_worker', 0);
  await addUser('sv_all', 'supervisor', 0);
  await addUser('cl_all', 'coop_leader', 0);
  await addUser('cl_f', 'coop_leader', P);
  await addUser('sv_f', 'supervisor', P);
  await addUser('sw_f', 'social_worker', P);
  for (const [k, name] of [['R1', '代表一'], ['R2', '代表二'], ['R3', '代表三'], ['R4', '代表四'], ['N', '普通社员']]) {
    W[k] = await signedWoman(P, name);
    M[k] = (await ok('cl_f', 'POST', `${base(P)}/coop/members`, { participant_id: W[k], joined_on: `${M3}-10` }, 201)).id;
  }
  await addUser('mem_r1', 'member', P, W.R1);
  await addUser('mem_n', 'member', P, W.N);
});

after(async () => {
  await srv?.stop();
});

const F = () => `${base(P)}/fund`;
const G = () => `${base(P)}/congress`;
const PR = () => `${base(P)}/proposals`;

let m1; // the meeting with R1, R2, R3 present
let m2; // the meeting with R1, R2 present
const prop = {}; // name -> proposal
const disb = []; // disbursements

async function vote(login, pid, choice, member_id) {
  const json = member_id === undefined ? { choice } : { member_id, choice };
  return ok(login, 'POST', `${PR()}/${pid}/votes`, json, 201);
}

async function newProposal(meeting, title, amount_fen) {
  return ok('cl_f', 'POST', `${G()}/meetings/${meeting}/proposals`, { title, purpose: 'materials', amount_fen, beneficiary: '合作社' }, 201);
}

describe('inflows', () => {
  test('POST /fund/inflows: donation and grant; the totals follow', async () => {
    const d = await ok('cl_f', 'POST', `${F()}/inflows`, { kind: 'donation', amount_fen: 100000, source: '爱心企业' }, 201);
    assert.equal(d.kind, 'donation');
    assert.equal(d.amount_fen, 100000);
    assert.equal(d.source, '爱心企业');
    assert.equal(d.received_on, TODAY);
    assert.ok(Number.isInteger(d.id) && Number.isInteger(d.txn_id));
    await ok('cl_f', 'POST', `${F()}/inflows`, { kind: 'grant', amount_fen: 50000, source: '区妇联', received_on: `${M3}-28` }, 201);
    const t = await ok('auditor', 'GET', F());
    assert.equal(t.balance_fen, 150000);
    assert.equal(t.inflow_fen, 150000);
    assert.equal(t.outflow_fen, 0);
    assert.equal(t.donation_fen, 100000);
    assert.equal(t.grant_fen, 50000);
    assert.equal(t.levy_fen, 0);
  });

  test('POST /fund/inflows: 422 names the field; only a coop leader', async () => {
    const good = { kind: 'donation', amount_fen: 1, source: 'x' };
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ ...good, kind: 'loan' }, 'kind'],
        [{ ...good, kind: 'levy' }, 'kind'],
        [{ ...good, amount_fen: 0 }, 'amount_fen'],
        [{ ...good, amount_fen: -100 }, 'amount_fen'],
        [{ ...good, amount_fen: 100000000001 }, 'amount_fen'],
        [{ ...good, amount_fen: '100' }, 'amount_fen'],
        [{ kind: 'grant', source: 'x' }, 'amount_fen'],
        [{ ...good, source: '' }, 'source'],
        [{ ...good, source: '源'.repeat(101) }, 'source'],
        [{ ...good, received_on: TOMORROW }, 'received_on'],
        [{ ...good, txn_id: 1 }, 'txn_id'],
      ]) {
        await refused('cl_f', 'POST', `${F()}/inflows`, json, 422, 'validation', field);
      }
      for (const login of ['sw_f', 'sv_f', 'auditor', 'mem_r1']) {
        await refused(login, 'POST', `${F()}/inflows`, good, 403, 'forbidden');
      }
    });
  });
});

describe('the congress', () => {
  test('representatives: four in office; duplicates refused; members read the roster', async () => {
    for (const k of ['R1', 'R2', 'R3', 'R4']) {
      const r = await ok('cl_f', 'POST', `${G()}/representatives`, { member_id: M[k], term_start: `${M3}-20` }, 201);
      assert.equal(r.member_id, M[k]);
      assert.equal(r.term_start, `${M3}-20`);
      assert.equal(r.in_office, true);
    }
    await writesNothing(async () => {
      await refused('cl_f', 'POST', `${G()}/representatives`, { member_id: M.R1 }, 409, 'duplicate');
      await refused('cl_f', 'POST', `${G()}/representatives`, {}, 422, 'validation', 'member_id');
      await refused('cl_f', 'POST', `${G()}/representatives`, { member_id: M.N, term_start: '2024-02-30' }, 422, 'validation', 'term_start');
      await refused('mem_r1', 'POST', `${G()}/representatives`, { member_id: M.N }, 403, 'forbidden');
    });
    const list = await ok('mem_n', 'GET', `${G()}/representatives`);
    assert.deepEqual(list.items.map((r) => r.member_id).sort((a, b) => a - b), [M.R1, M.R2, M.R3, M.R4].sort((a, b) => a - b));
    assert.equal(list.next, null);
  });

  test('meetings: present ids are representatives in office, each once', async () => {
    await writesNothing(async () => {
      for (const ids of [[M.R1, M.N], [M.R1, M.R1], [M.R1, 999999], [M.R1, 0], ['1'], 'x', null]) {
        await refused('cl_f', 'POST', `${G()}/meetings`, { present_member_ids: ids }, 422, 'validation', 'present_member_ids');
      }
      await refused('cl_f', 'POST', `${G()}/meetings`, {}, 422, 'validation', 'present_member_ids');
      await refused('cl_f', 'POST', `${G()}/meetings`, { present_member_ids: [M.R1], held_on: TOMORROW }, 422, 'validation', 'held_on');
    });
    m1 = await ok('cl_f', 'POST', `${G()}/meetings`, { present_member_ids: [M.R3, M.R1, M.R2] }, 201);
    assert.equal(m1.held_on, TODAY);
    assert.equal(m1.representatives, 4);
    assert.equal(m1.present, 3);
    assert.deepEqual(m1.present_members.map((x) => x.member_id).sort((a, b) => a - b), [M.R1, M.R2, M.R3].sort((a, b) => a - b));
    assert.equal(m1.proposals, 0);
    assert.deepEqual(m1.proposal_list, []);
    m2 = await ok('cl_f', 'POST', `${G()}/meetings`, { present_member_ids: [M.R1, M.R2] }, 201);
    assert.equal(m2.present, 2);
    const list = await ok('mem_n', 'GET', `${G()}/meetings`);
    assert.deepEqual(list.items.map((x) => x.id).sort((a, b) => a - b), [m1.id, m2.id]);
  });

  test('proposals: 201 open; 422 names the field', async () => {
    prop.machines = await newProposal(m1.id, '购买缝纫机', 80000);
    assert.equal(prop.machines.status, 'open');
    assert.equal(prop.machines.amount_fen, 80000);
    assert.equal(prop.machines.meeting_id, m1.id);
    assert.equal(prop.machines.title, '购买缝纫机');
    assert.equal(prop.machines.yes, 0);
    const good = { title: 't', purpose: 'operations', amount_fen: 1, beneficiary: 'b' };
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ ...good, title: '' }, 'title'],
        [{ ...good, purpose: 'party' }, 'purpose'],
        [{ ...good, amount_fen: 0 }, 'amount_fen'],
        [{ ...good, beneficiary: undefined }, 'beneficiary'],
        [{ ...good, beneficiary: '人'.repeat(101) }, 'beneficiary'],
      ]) {
        await refused('cl_f', 'POST', `${G()}/meetings/${m1.id}/proposals`, json, 422, 'validation', field);
      }
      await refused('cl_f', 'POST', `${G()}/meetings/999999/proposals`, good, 404, 'not_found');
    });
  });

  test('votes: present representatives only (409 not_eligible); a vote changed; the history kept', async () => {
    const pid = prop.machines.id;
    // R1 votes herself through her member account; the leader records the paper votes
    const mine = await vote('mem_r1', pid, 'yes');
    assert.equal(mine.vote.member_id, M.R1);
    assert.equal(mine.vote.choice, 'yes');
    assert.equal(mine.proposal.yes, 1);
    await vote('cl_f', pid, 'no', M.R2);
    const changed = await vote('cl_f', pid, 'yes', M.R2);
    assert.equal(changed.proposal.yes, 2);
    assert.equal(changed.proposal.no, 0);
    await vote('cl_f', pid, 'abstain', M.R3);
    await writesNothing(async () => {
      await refused('cl_f', 'POST', `${PR()}/${pid}/votes`, { member_id: M.R4, choice: 'yes' }, 409, 'not_eligible');
      await refused('cl_f', 'POST', `${PR()}/${pid}/votes`, { member_id: M.N, choice: 'yes' }, 409, 'not_eligible');
      await refused('mem_n', 'POST', `${PR()}/${pid}/votes`, { choice: 'yes' }, 409, 'not_eligible');
      await refused('cl_f', 'POST', `${PR()}/${pid}/votes`, { member_id: M.R3, choice: 'maybe' }, 422, 'validation', 'choice');
      await refused('cl_f', 'POST', `${PR()}/${pid}/votes`, { choice: 'yes' }, 422, 'validation', 'member_id');
      // a member votes for herself only
      await refused('mem_r1', 'POST', `${PR()}/${pid}/votes`, { member_id: M.R2, choice: 'no' }, 403, 'forbidden', 'member_id');
      await refused('auditor', 'POST', `${PR()}/${pid}/votes`, { member_id: M.R3, choice: 'yes' }, 403, 'forbidden');
    });
    const p = await ok('mem_n', 'GET', `${PR()}/${pid}`);
    assert.equal(p.yes, 2);
    assert.equal(p.no, 0);
    assert.equal(p.abstain, 1);
    assert.deepEqual(p.votes.map((v) => [v.member_id, v.choice]).sort((a, b) => a[0] - b[0]),
      [[M.R1, 'yes'], [M.R2, 'yes'], [M.R3, 'abstain']].sort((a, b) => a[0] - b[0]));
    const history = await ok('mem_n', 'GET', `${PR()}/${pid}/votes`);
    assert.equal(history.items.length, 4);
    const r2 = history.items.filter((v) => v.member_id === M.R2);
    assert.deepEqual(r2.map((v) => [v.choice, v.counted]), [['no', false], ['yes', true]]);
  });

  test('closing: exact counts; passed, rejected, no_quorum; once', async () => {
    const c = await ok('cl_f', 'POST', `${PR()}/${prop.machines.id}/close`, {});
    assert.equal(c.status, 'passed');
    assert.equal(c.yes, 2);
    assert.equal(c.no, 0);
    assert.equal(c.abstain, 1);
    assert.equal(c.present, 3);
    assert.equal(c.representatives, 4);
    prop.machines = c;
    await writesNothing(async () => {
      await refused('cl_f', 'POST', `${PR()}/${prop.machines.id}/close`, {}, 409, 'closed');
      await refused('cl_f', 'POST', `${PR()}/${prop.machines.id}/votes`, { member_id: M.R3, choice: 'yes' }, 409, 'closed');
      await refused('cl_f', 'POST', `${PR()}/${prop.machines.id}/close`, { force: true }, 422, 'validation', 'force');
      await refused('mem_r1', 'POST', `${PR()}/${prop.machines.id}/close`, {}, 403, 'forbidden');
      // a body-less call: an empty body reads as {}, but it is still sent as JSON
      const path = `${PR()}/${prop.machines.id}/close`;
      const empty = await api(srv.base, path, { method: 'POST', token: tok.cl_f, body: '', headers: { 'Content-Type': 'application/json' } });
      assert.equal(empty.status, 409, empty.text);
      assert.equal(empty.json.error.code, 'closed');
      const bare = await api(srv.base, path, { method: 'POST', token: tok.cl_f });
      assert.equal(bare.status, 415, bare.text);
    });
    // one yes of three present: 2 × 1 > 3 is false
    prop.cloth = await newProposal(m1.id, '布料', 30000);
    await vote('cl_f', prop.cloth.id, 'yes', M.R1);
    await vote('cl_f', prop.cloth.id, 'no', M.R2);
    await vote('cl_f', prop.cloth.id, 'no', M.R3);
    const rej = await ok('cl_f', 'POST', `${PR()}/${prop.cloth.id}/close`, {});
    assert.deepEqual([rej.status, rej.yes, rej.no, rej.abstain, rej.present, rej.representatives], ['rejected', 1, 2, 0, 3, 4]);
    // two present of four: 3 × 2 ≥ 2 × 4 is false, whatever the votes
    prop.rent = await newProposal(m2.id, '房租', 10000);
    await vote('cl_f', prop.rent.id, 'yes', M.R1);
    await vote('cl_f', prop.rent.id, 'yes', M.R2);
    await refused('cl_f', 'POST', `${PR()}/${prop.rent.id}/votes`, { member_id: M.R3, choice: 'yes' }, 409, 'not_eligible');
    const nq = await ok('cl_f', 'POST', `${PR()}/${prop.rent.id}/close`, {});
    assert.deepEqual([nq.status, nq.yes, nq.present, nq.representatives], ['no_quorum', 2, 2, 4]);
    // lists: by meeting, by status
    const passed = await ok('mem_n', 'GET', `${PR()}?status=passed`);
    assert.deepEqual(passed.items.map((x) => x.id), [prop.machines.id]);
    assert.equal(passed.items[0].votes.length, 3);
    const inM2 = await ok('auditor', 'GET', `${PR()}?meeting_id=${m2.id}`);
    assert.deepEqual(inM2.items.map((x) => x.id), [prop.rent.id]);
    await refused('auditor', 'GET', `${PR()}?status=won`, undefined, 422, 'validation', 'status');
    const meeting = await ok('mem_n', 'GET', `${G()}/meetings/${m1.id}`);
    assert.equal(meeting.proposals, 2);
    assert.deepEqual(meeting.proposal_list.map((x) => x.id).sort((a, b) => a - b), [prop.machines.id, prop.cloth.id].sort((a, b) => a - b));
  });
});

describe('disbursements', () => {
  test('only against a passed proposal, up to the approved amount, never beyond the balance', async () => {
    const open = await newProposal(m1.id, '尚未表决', 1000);
    const d = (proposal_id, amount_fen, paid_to = '缝纫机商店') => ({ proposal_id, amount_fen, paid_to });
    await writesNothing(async () => {
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.cloth.id, 100), 409, 'not_approved');
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.rent.id, 100), 409, 'not_approved');
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(open.id, 100), 409, 'not_approved');
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 80001), 409, 'over_approved');
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 0), 422, 'validation', 'amount_fen');
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 1, ''), 422, 'validation', 'paid_to');
      await refused('cl_f', 'POST', `${F()}/disbursements`, { amount_fen: 1, paid_to: 'x' }, 422, 'validation', 'proposal_id');
      await refused('cl_f', 'POST', `${F()}/disbursements`, { ...d(prop.machines.id, 1), paid_on: TOMORROW }, 422, 'validation', 'paid_on');
      await refused('cl_f', 'POST', `${F()}/disbursements`, d(999999, 1), 404, 'not_found');
      await refused('sv_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 1), 403, 'forbidden');
    });
    disb.push(await ok('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 50000), 201));
    assert.equal(disb[0].amount_fen, 50000);
    assert.equal(disb[0].proposal_id, prop.machines.id);
    assert.equal(disb[0].paid_on, TODAY);
    await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 30001), 409, 'over_approved');
    disb.push(await ok('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 30000), 201));
    let t = await ok('mem_n', 'GET', F());
    assert.deepEqual([t.balance_fen, t.inflow_fen, t.outflow_fen], [70000, 150000, 80000]);
    assert.equal((await ok('mem_n', 'GET', `${PR()}/${prop.machines.id}`)).disbursed_fen, 80000);
    // a passed proposal larger than the balance
    prop.shop = await newProposal(m1.id, '创业启动金', 120000);
    for (const k of ['R1', 'R2', 'R3']) await vote('cl_f', prop.shop.id, 'yes', M[k]);
    assert.equal((await ok('cl_f', 'POST', `${PR()}/${prop.shop.id}/close`, {})).status, 'passed');
    await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.shop.id, 120000, '社员丁'), 409, 'insufficient_funds');
    // a reversal gives the money back to the fund and to the proposal
    const rev = await ok('cl_f', 'POST', `${F()}/disbursements/${disb[0].id}/reverse`, {});
    assert.equal(rev.id, disb[0].id);
    assert.equal(rev.reversed, true);
    assert.ok(Number.isInteger(rev.reversal_txn_id));
    await refused('cl_f', 'POST', `${F()}/disbursements/${disb[0].id}/reverse`, {}, 409, 'already_reversed');
    await refused('auditor', 'POST', `${F()}/disbursements/${disb[1].id}/reverse`, {}, 403, 'forbidden');
    assert.equal((await ok('mem_n', 'GET', `${PR()}/${prop.machines.id}`)).disbursed_fen, 30000);
    // the balance is exactly enough now: down to zero, never below
    disb.push(await ok('cl_f', 'POST', `${F()}/disbursements`, d(prop.shop.id, 120000, '社员丁'), 201));
    await refused('cl_f', 'POST', `${F()}/disbursements`, d(prop.machines.id, 1), 409, 'insufficient_funds');
    t = await ok('auditor', 'GET', F());
    assert.equal(t.balance_fen, 0);
    assert.equal(t.inflow_fen, 150000);
    assert.equal(t.outflow_fen, 150000);
    assert.equal(t.balance_fen, t.inflow_fen - t.outflow_fen);
    const list = await ok('mem_n', 'GET', `${F()}/disbursements`);
    assert.deepEqual(list.items.map((x) => x.id), [disb[2].id, disb[1].id, disb[0].id]);
    assert.deepEqual(list.items.map((x) => x.reversed), [false, false, true]);
    const ofMachines = await ok('auditor', 'GET', `${F()}/disbursements?proposal_id=${prop.machines.id}`);
    assert.deepEqual(ofMachines.items.map((x) => x.id), [disb[1].id, disb[0].id]);
  });

  test('GET /fund/entries: newest first with the balance after each; paged by transaction', async () => {
    const all = await ok('mem_n', 'GET', `${F()}/entries`);
    assert.equal(all.next, null);
    assert.deepEqual(all.items.map((e) => e.kind), ['disbursement', 'reversal', 'disbursement', 'disbursement', 'grant', 'donation']);
    assert.deepEqual(all.items.map((e) => e.balance_fen), [0, 120000, 70000, 100000, 150000, 100000]);
    assert.deepEqual(all.items.map((e) => e.inflow_fen - e.outflow_fen), [-120000, 50000, -30000, -50000, 50000, 100000]);
    const first = await ok('auditor', 'GET', `${F()}/entries?limit=4`);
    assert.equal(first.items.length, 4);
    assert.equal(first.next, String(first.items[3].txn_id));
    const rest = await ok('auditor', 'GET', `${F()}/entries?limit=4&after=${first.next}`);
    assert.deepEqual([...first.items, ...rest.items], all.items);
    assert.equal(rest.next, null);
    await refused('auditor', 'GET', `${F()}/entries?limit=501`, undefined, 422, 'validation', 'limit');
  });
});

describe('rules, minutes, scope and roles', () => {
  test('rules: fractions in, fractions out; the large-amount fraction applies from the threshold on', async () => {
    assert.deepEqual(await ok('mem_n', 'GET', `${F()}/rules`), { quorum: '2/3', pass: '1/2', large_amount_fen: 0, large_pass: '2/3' });
    await writesNothing(async () => {
      for (const [json, field] of [
        [{ quorum: '3/2' }, 'quorum'], [{ quorum: 'abc' }, 'quorum'], [{ quorum: '0/3' }, 'quorum'],
        [{ pass: '1/101' }, 'pass'], [{ pass: 0.5 }, 'pass'], [{ large_pass: '2/' }, 'large_pass'],
        [{ large_amount_fen: -1 }, 'large_amount_fen'], [{ threshold: 1 }, 'threshold'],
      ]) {
        await refused('sv_f', 'PUT', `${F()}/rules`, json, 422, 'validation', field);
      }
      await refused('mem_r1', 'PUT', `${F()}/rules`, { pass: '2/3' }, 403, 'forbidden');
      await refused('auditor', 'PUT', `${F()}/rules`, { pass: '2/3' }, 403, 'forbidden');
    });
    const set = await ok('sv_f', 'PUT', `${F()}/rules`, { large_amount_fen: 100000, large_pass: '2/3' });
    assert.deepEqual(set, { quorum: '2/3', pass: '1/2', large_amount_fen: 100000, large_pass: '2/3' });
    // two yes of three present: passes at 1/2 (2 × 2 > 3), not at 2/3 (3 × 2 > 2 × 3 is false);
    // the domain applies the large-amount fraction from the threshold on (amount ≥ threshold)
    const below = await newProposal(m1.id, '差一分十万', 99999);
    const at = await newProposal(m1.id, '正好十万', 100000);
    for (const p of [below, at]) {
      await vote('cl_f', p.id, 'yes', M.R1);
      await vote('cl_f', p.id, 'yes', M.R2);
      await vote('cl_f', p.id, 'no', M.R3);
    }
    assert.equal((await ok('cl_f', 'POST', `${PR()}/${below.id}/close`, {})).status, 'passed');
    const large = await ok('cl_f', 'POST', `${PR()}/${at.id}/close`, {});
    assert.deepEqual([large.status, large.yes, large.present], ['rejected', 2, 3]);
    assert.deepEqual(large.rule, { quorum: '2/3', pass: '2/3' }, 'the rule applied is kept with the proposal');
    assert.deepEqual(await ok('cl_f', 'PUT', `${F()}/rules`, { quorum: '3/4' }), { quorum: '3/4', pass: '1/2', large_amount_fen: 100000, large_pass: '2/3' });
  });

  test('minutes: PATCH the meeting; the meeting shows them', async () => {
    const m = await ok('cl_f', 'PATCH', `${G()}/meetings/${m1.id}`, { minutes: '到会代表三人。\n通过购买缝纫机的提案。' });
    assert.equal(m.minutes, '到会代表三人。\n通过购买缝纫机的提案。');
    assert.equal((await ok('mem_n', 'GET', `${G()}/meetings/${m1.id}`)).minutes, m.minutes);
    await refused('cl_f', 'PATCH', `${G()}/meetings/${m1.id}`, {}, 422, 'validation', 'minutes');
    await refused('cl_f', 'PATCH', `${G()}/meetings/${m1.id}`, { minutes: '记'.repeat(20001) }, 422, 'validation', 'minutes');
    await refused('mem_r1', 'PATCH', `${G()}/meetings/${m1.id}`, { minutes: 'x' }, 403, 'forbidden');
  });

  test('a representative\'s term ends', async () => {
    const reps = await ok('cl_f', 'GET', `${G()}/representatives`);
    const r4 = reps.items.find((r) => r.member_id === M.R4);
    const ended = await ok('cl_f', 'POST', `${G()}/representatives/${r4.id}/end`, { term_end: TODAY });
    assert.equal(ended.term_end, TODAY);
    await refused('cl_f', 'POST', `${G()}/representatives/${r4.id}/end`, { term_end: 'soon' }, 422, 'validation', 'term_end');
  });

  test('another project\'s ids → 404 (an organisation-wide leader under project 1)', async () => {
    const p1 = base(P1);
    await writesNothing(async () => {
      await refused('cl_all', 'GET', `${p1}/proposals/${prop.machines.id}`, undefined, 404, 'not_found');
      await refused('cl_all', 'GET', `${p1}/proposals/${prop.machines.id}/votes`, undefined, 404, 'not_found');
      await refused('cl_all', 'POST', `${p1}/proposals/${prop.shop.id}/votes`, { member_id: M.R1, choice: 'yes' }, 404, 'not_found');
      await refused('cl_all', 'POST', `${p1}/proposals/${prop.shop.id}/close`, {}, 404, 'not_found');
      await refused('cl_all', 'GET', `${p1}/congress/meetings/${m1.id}`, undefined, 404, 'not_found');
      await refused('cl_all', 'PATCH', `${p1}/congress/meetings/${m1.id}`, { minutes: 'x' }, 404, 'not_found');
      await refused('cl_all', 'POST', `${p1}/congress/meetings/${m1.id}/proposals`, { title: 't', purpose: 'other', amount_fen: 1, beneficiary: 'b' }, 404, 'not_found');
      await refused('cl_all', 'POST', `${p1}/fund/disbursements`, { proposal_id: prop.machines.id, amount_fen: 1, paid_to: 'x' }, 404, 'not_found');
      await refused('cl_all', 'POST', `${p1}/fund/disbursements/${disb[1].id}/reverse`, {}, 404, 'not_found');
      await refused('cl_all', 'POST', `${p1}/congress/representatives`, { member_id: M.N }, 404, 'not_found');
      await refused('cl_f', 'GET', `${p1}/fund`, undefined, 404, 'not_found');
    });
    const theirs = await ok('cl_all', 'GET', `${p1}/proposals?limit=500`);
    assert.ok(!theirs.items.some((x) => x.id === prop.machines.id));
  });

  test('roles: members and the auditor read everything; a social worker and a partner get 403', async () => {
    const reads = [F(), `${F()}/entries`, `${F()}/disbursements`, `${F()}/rules`, `${G()}/representatives`,
      `${G()}/meetings`, `${G()}/meetings/${m1.id}`, PR(), `${PR()}/${prop.machines.id}`, `${PR()}/${prop.machines.id}/votes`];
    for (const path of reads) {
      for (const login of ['mem_n', 'mem_r1', 'auditor', 'sv_f', 'cl_f']) {
        const r = await call(login, 'GET', path);
        assert.equal(r.status, 200, `${login} GET ${path}: ${r.text}`);
      }
      await refused('sw_f', 'GET', path, undefined, 403, 'forbidden');
      await refused('partner', 'GET', path.replace(`/${P}/`, '/1/'), undefined, 403, 'forbidden');
    }
    const r = await api(srv.base, F());
    assert.equal(r.status, 401);
  });
});
