// The demo's cooperative (src/domain/demo.c), checked through the API: every figure is
// recomputed from what the API itself lists, never typed in. The leader sees it all — a
// balanced trial balance, each order levied exactly by the cumulative rule, the fund equal to
// its inflows less its outflows and never below zero, every settlement equal to the sum of its
// lines, wages payable equal to settled less paid out, months closed up to two months before
// the end, a congress with every outcome. The member (李秀英) sees her own tasks, pieces and pay
// slips, the fund and every proposal, and votes on the one left open for her.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, startServer } from './lib/server.mjs';

let srv;
let leader;
let member;
const P = '/api/v1/projects/1';

async function all(path, token = leader) {
  const items = [];
  let next = '';
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api(srv.base, `${path}${sep}limit=500${next ? `&after=${next}` : ''}`, { token });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    items.push(...(r.json.items || []));
    if (!r.json.next) return items;
    next = r.json.next;
  }
}

async function get(path, token = leader) {
  const r = await api(srv.base, path, { token });
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.json;
}

/** round_half_up(paid × rate / 10000), exact in integers. */
function levyDue(paidFen, rateBp) {
  return Number((BigInt(paidFen) * BigInt(rateBp) + 5000n) / 10000n);
}

const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);

before(async () => {
  srv = await startServer();
  leader = await srv.tokenFor('leader');
  member = await srv.tokenFor('member');
});

after(async () => {
  await srv?.stop();
});

test('members, officers, the charter in two versions and the rules', async () => {
  const members = await all(`${P}/coop/members`);
  assert.ok(members.length >= 25 && members.length <= 35, `members: ${members.length}`);
  assert.ok(members.some((m) => m.name === '李秀英'), '李秀英 is a member');
  assert.ok(members.some((m) => m.status === 'left'), 'one has left');
  const officers = await all(`${P}/coop/officers`);
  const roles = new Set(officers.map((o) => o.role));
  for (const r of ['chair', 'treasurer', 'secretary', 'team_leader']) assert.ok(roles.has(r), r);
  const docs = await all(`${P}/coop/documents?all=1`);
  const charters = docs.filter((d) => d.kind === 'charter');
  assert.deepEqual(charters.map((d) => d.version).sort(), [1, 2], 'the charter, amended once');
  assert.ok(docs.filter((d) => d.kind === 'rule').length >= 2, 'two internal rules');
});

test('the trial balance is balanced and months are closed up to two before the end', async () => {
  const tb = await get(`${P}/ledger/trial-balance`);
  assert.equal(tb.balanced, true);
  const dr = sum(tb.accounts, (a) => a.debit_fen);
  const cr = sum(tb.accounts, (a) => a.credit_fen);
  assert.equal(dr, cr, 'Σ debit = Σ credit');
  assert.ok(dr > 0);
  const periods = await all(`${P}/ledger/periods`);
  const months = periods.map((p) => p.month).sort();
  assert.ok(months.length >= 20, `closed months: ${months.length}`);
  // contiguous from the first to the last, and the last one is two months before the latest
  // month with postings
  for (let i = 1; i < months.length; i++) {
    const [y, m] = months[i - 1].split('-').map(Number);
    const want = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`;
    assert.equal(months[i], want, 'no gap between closed months');
  }
  const journal = await all(`${P}/ledger/journal`);
  const lastPosted = journal.map((t) => t.posted_on).sort().at(-1).slice(0, 7);
  const [ly, lm] = lastPosted.split('-').map(Number);
  const twoBefore = `${lm <= 2 ? ly - 1 : ly}-${String(((lm + 9) % 12) + 1).padStart(2, '0')}`;
  assert.equal(months.at(-1), twoBefore, `last closed month, with postings to ${lastPosted}`);
  // every kind of posting is there, a reversal among them
  const kinds = new Set(journal.map((t) => t.kind));
  for (const k of ['payment', 'settlement', 'payout', 'inflow', 'disbursement', 'manual', 'reversal']) {
    assert.ok(kinds.has(k), `a ${k} posting`);
  }
  for (const t of journal) {
    assert.equal(sum(t.lines, (l) => l.debit_fen), sum(t.lines, (l) => l.credit_fen), `txn ${t.id} balances`);
  }
});

test('orders from the three channels; each levied exactly as the cumulative rule says', async () => {
  const orders = await all(`${P}/coop/orders`);
  assert.ok(orders.length >= 60, `orders: ${orders.length}`);
  const channels = new Set(orders.map((o) => o.channel));
  for (const c of ['livestream', 'offline', 'enterprise']) assert.ok(channels.has(c), c);
  assert.ok(orders.filter((o) => o.channel === 'enterprise').every((o) => o.enterprise_id > 0));
  const statuses = new Set(orders.map((o) => o.status));
  for (const s of ['closed', 'cancelled', 'in_production']) assert.ok(statuses.has(s), s);
  for (const o of orders) {
    assert.ok(o.paid_fen <= o.amount_fen, `order ${o.id} not overpaid`);
    assert.equal(o.levied_fen, levyDue(o.paid_fen, o.levy_rate_bp), `order ${o.id}: levy of ${o.paid_fen}`);
  }
  assert.ok(orders.some((o) => o.paid_fen > 0 && o.paid_fen < o.amount_fen), 'some still owe a part');
  const fund = await get(`${P}/fund`);
  assert.equal(fund.levy_fen, sum(orders, (o) => o.levied_fen), 'the fund holds every levy');
  // instalments: some order was paid in three parts, and one payment was reversed
  const ent = orders.filter((o) => o.channel === 'enterprise' && o.status === 'closed');
  const pays = await all(`${P}/coop/orders/${ent[0].id}/payments`);
  assert.equal(pays.length, 3, 'an enterprise order paid in three instalments');
  assert.equal(sum(pays, (p) => p.amount_fen), ent[0].amount_fen);
  assert.equal(sum(pays, (p) => p.levy_fen), ent[0].levied_fen);
});

test('the fund: balance = inflow − outflow, never below zero, every entry listed', async () => {
  const fund = await get(`${P}/fund`);
  assert.equal(fund.inflow_fen, fund.levy_fen + fund.donation_fen + fund.grant_fen);
  assert.equal(fund.balance_fen, fund.inflow_fen - fund.outflow_fen);
  assert.ok(fund.balance_fen >= 0);
  assert.ok(fund.donation_fen > 0 && fund.grant_fen > 0);
  const disb = await all(`${P}/fund/disbursements`);
  assert.equal(fund.outflow_fen, sum(disb.filter((d) => !d.reversed), (d) => d.amount_fen));
  const entries = await all(`${P}/fund/entries`); // newest first
  assert.equal(sum(entries, (e) => e.inflow_fen) - sum(entries, (e) => e.outflow_fen), fund.balance_fen);
  assert.equal(entries[0].balance_fen, fund.balance_fen);
  let running = 0;
  for (const e of [...entries].reverse()) {
    running += e.inflow_fen - e.outflow_fen;
    assert.equal(e.balance_fen, running, `balance after txn ${e.txn_id}`);
    assert.ok(running >= 0, `the fund never below zero (txn ${e.txn_id} on ${e.on})`);
  }
  const tb = await get(`${P}/ledger/trial-balance`);
  const fundAcc = tb.accounts.find((a) => a.code === '3101');
  assert.equal(fundAcc.credit_fen - fundAcc.debit_fen, fund.balance_fen, 'the fund account agrees');
});

test('settlements: each total is the sum of its lines; wages payable = settled − paid out', async () => {
  const settlements = await all(`${P}/coop/settlements`);
  assert.ok(settlements.length >= 20, `settlements: ${settlements.length}`);
  let settled = 0;
  for (const s of settlements) {
    const full = await get(`${P}/coop/settlements/${s.id}`);
    assert.ok(full.lines.length > 0);
    assert.equal(full.total_pay_fen, sum(full.lines, (l) => l.pay_fen), `settlement ${s.id}`);
    assert.equal(full.pieces, sum(full.lines, (l) => l.pieces), `settlement ${s.id} pieces`);
    settled += full.total_pay_fen;
  }
  const payouts = await all(`${P}/coop/payouts`);
  const paidOut = sum(payouts, (p) => p.amount_fen);
  assert.ok(paidOut > 0 && paidOut < settled, 'most wages paid, some still owed');
  const tb = await get(`${P}/ledger/trial-balance`);
  const wages = tb.accounts.find((a) => a.code === '6001');
  const payable = tb.accounts.find((a) => a.code === '2211');
  assert.equal(wages.debit_fen - wages.credit_fen, settled, 'piece wages = Σ settlements');
  assert.equal(payable.credit_fen - payable.debit_fen, settled - paidOut, 'wages payable');
  const pending = await all(`${P}/coop/pieces?pending=1`);
  assert.ok(pending.length >= 1, 'a piece record awaits its quality check');
});

test('the congress: nine representatives, a meeting without quorum, every outcome', async () => {
  const reps = await all(`${P}/congress/representatives`);
  assert.equal(reps.filter((r) => r.in_office).length, 9);
  assert.ok(reps.some((r) => !r.in_office), 'one stepped down');
  const meetings = await all(`${P}/congress/meetings`);
  assert.ok(meetings.length >= 8, `meetings: ${meetings.length}`);
  // two thirds: 3 × present ≥ 2 × representatives
  assert.ok(meetings.some((m) => 3 * m.present < 2 * m.representatives), 'one without quorum');
  const proposals = await all(`${P}/proposals`);
  const by = (s) => proposals.filter((p) => p.status === s);
  assert.ok(by('passed').length >= 10);
  assert.equal(by('rejected').length, 1);
  assert.equal(by('no_quorum').length, 1);
  assert.equal(by('open').length, 1);
  assert.ok(by('passed').filter((p) => p.purpose === 'venture_support').length >= 5, 'venture start-up grants');
  for (const p of by('passed')) {
    assert.ok(2 * p.yes > p.present, `proposal ${p.id} passed by more than half`);
    assert.ok(p.disbursed_fen > 0 && p.disbursed_fen <= p.amount_fen, `proposal ${p.id} disbursed`);
  }
  for (const p of [...by('rejected'), ...by('no_quorum'), ...by('open')]) assert.equal(p.disbursed_fen, 0);
  // a changed vote: the history keeps both, only the latest counts
  let changed = 0;
  for (const p of proposals) {
    const votes = await all(`${P}/proposals/${p.id}/votes`);
    const per = new Map();
    for (const v of votes) per.set(v.member_id, [...(per.get(v.member_id) || []), v]);
    for (const vs of per.values()) {
      assert.equal(vs.filter((v) => v.counted).length, 1, `proposal ${p.id}: one counted vote each`);
      if (vs.length > 1) changed++;
    }
  }
  assert.ok(changed >= 1, 'a vote was changed');
});

test('the member sees her own tasks, pieces and pay slips, and the fund', async () => {
  const slips = await all(`${P}/coop/payslips`, member);
  assert.ok(slips.length >= 6, `pay slips: ${slips.length}`);
  const me = slips[0].member_id;
  assert.ok(slips.every((s) => s.member_id === me && s.name === '李秀英'));
  const slip = await get(`${P}/coop/settlements/${slips[0].settlement.id}/slips/${me}`, member);
  assert.ok(slip.items.length > 0);
  assert.equal(slip.pay_fen, sum(slip.items, (i) => i.pay_fen), 'her slip is the sum of its items');
  // another member's slip of the same settlement is not hers to see
  const full = await get(`${P}/coop/settlements/${slips[0].settlement.id}`);
  const other = full.lines.find((l) => l.member_id !== me);
  if (other) {
    const r = await api(srv.base, `${P}/coop/settlements/${slips[0].settlement.id}/slips/${other.member_id}`, {
      token: member,
    });
    assert.equal(r.status, 404);
  }
  const tasks = await all(`${P}/coop/tasks?mine=1`, member);
  assert.ok(tasks.length > 0 && tasks.every((t) => t.mine), 'her tasks');
  const pieces = await all(`${P}/coop/pieces`, member);
  assert.ok(pieces.length > 0 && pieces.every((p) => p.member_id === me), 'only her own pieces');
  const fund = await get(`${P}/fund`, member);
  assert.ok(fund.balance_fen >= 0);
  const entries = await all(`${P}/fund/entries`, member);
  assert.ok(entries.length > 0);
  const tb = await api(srv.base, `${P}/ledger/trial-balance`, { token: member });
  assert.equal(tb.status, 403);
});

test('the member votes on the open proposal of the last meeting, where she was present', async () => {
  const proposals = await all(`${P}/proposals`, member);
  const open = proposals.filter((p) => p.status === 'open');
  assert.equal(open.length, 1);
  const before = await get(`${P}/proposals/${open[0].id}`, member);
  const r = await api(srv.base, `${P}/proposals/${open[0].id}/votes`, {
    token: member,
    method: 'POST',
    json: { choice: 'yes' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.vote.choice, 'yes');
  assert.equal(r.json.proposal.yes, before.yes + 1);
  assert.equal(r.json.proposal.status, 'open');
});
