// The demo's jobs, referrals, income and ventures (src/domain/demo.c), checked through the API
// as a social worker sees them: four enterprises with pairs and contacts, eight jobs of every
// kind, referrals of eligible women and two with an override reason, about twenty hires with
// wages, follow-up incomes rising for most signed women, ten ventures with support and months,
// most with a positive cumulative net income, employer consent for most signed women.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, startServer } from './lib/server.mjs';

let srv;
let tok;
const P = '/api/v1/projects/1';

async function all(path) {
  const items = [];
  let next = '';
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api(srv.base, `${path}${sep}limit=500${next ? `&after=${next}` : ''}`, { token: tok });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    items.push(...(r.json.items || []));
    if (!r.json.next) return items;
    next = r.json.next;
  }
}

before(async () => {
  srv = await startServer();
  tok = await srv.tokenFor('worker');
});

after(async () => {
  await srv?.stop();
});

test('enterprises, pairs, contacts and jobs of every kind', async () => {
  const ents = await all(`${P}/enterprises`);
  assert.ok(ents.length >= 3 && ents.length <= 4, `enterprises: ${ents.length}`);
  assert.ok(ents.every((e) => e.paired >= 1), 'each paired with women');
  const jobs = await all(`${P}/jobs`);
  assert.ok(jobs.length >= 6 && jobs.length <= 10, `jobs: ${jobs.length}`);
  const kinds = new Set(jobs.map((j) => j.kind));
  for (const k of ['flexible', 'part_time', 'full_time', 'piece_work']) assert.ok(kinds.has(k), k);
  assert.ok(jobs.some((j) => j.status === 'filled'));
});

test('referrals: eligible women, two overrides, about twenty hires with wages', async () => {
  const refs = await all(`${P}/referrals`);
  assert.ok(refs.length >= 20, `referrals: ${refs.length}`);
  const overrides = refs.filter((r) => !r.eligible);
  assert.equal(overrides.length, 2);
  assert.ok(overrides.every((r) => r.override_reason && r.override_reason.length > 0));
  const hires = refs.filter((r) => r.outcome === 'hired');
  assert.ok(hires.length >= 14 && hires.length <= 24, `hires: ${hires.length}`);
  assert.ok(hires.every((r) => Number.isInteger(r.wage_fen) && r.wage_fen > 0));
  assert.ok(refs.some((r) => r.outcome === null || r.outcome === undefined), 'some left for the partner');
  const jobs = await all(`${P}/jobs`);
  const open = jobs.find((j) => j.status === 'open');
  const c = await api(srv.base, `${P}/jobs/${open.id}/referral-candidates`, { token: tok });
  assert.equal(c.status, 200, c.text);
  assert.ok((c.json.items || []).length >= 30, 'most signed women are eligible');
});

test('incomes rise for most signed women; employer consent for most', async () => {
  const women = await all(`${P}/participants?stage=signed`);
  assert.ok(women.length >= 40);
  let both = 0;
  let rose = 0;
  let consent = 0;
  for (const w of women) {
    const r = await api(srv.base, `${P}/participants/${w.id}`, { token: tok });
    assert.equal(r.status, 200, r.text);
    const inc = await api(srv.base, `${P}/participants/${w.id}/incomes`, { token: tok });
    assert.equal(inc.status, 200, inc.text);
    const incomes = inc.json.items || [];
    const base = incomes.filter((i) => i.baseline || i.kind === 'baseline');
    const follow = incomes.filter((i) => !(i.baseline || i.kind === 'baseline')).sort((a, b) => (a.month < b.month ? -1 : 1));
    if (base.length && follow.length) {
      both++;
      if (follow[follow.length - 1].amount_fen > base[0].amount_fen) rose++;
    }
    const purposes = r.json.consents || [];
    if (purposes.includes('employer')) consent++;
  }
  assert.ok(both >= 40, `women with a baseline and follow-ups: ${both}`);
  assert.ok(rose * 100 >= both * 70 && rose < both, `income rose for ${rose} of ${both}`);
  assert.ok(consent * 100 >= women.length * 80, `employer consent: ${consent} of ${women.length}`);
});

test('ten ventures with support and months, most with positive cumulative net', async () => {
  const vs = await all(`${P}/ventures`);
  assert.equal(vs.length, 10);
  assert.ok(vs.every((v) => v.grants_fen > 0 && v.months >= 6 && (Array.isArray(v.members) ? v.members.length : v.members) >= 1));
  const positive = vs.filter((v) => v.net_fen > 0).length;
  assert.ok(positive >= 7 && positive < 10, `positive: ${positive}`);
  const statuses = new Set(vs.map((v) => v.status));
  assert.ok(statuses.has('active') && statuses.size >= 2);
  const sup = await api(srv.base, `${P}/ventures/${vs[0].id}/support`, { token: tok });
  assert.equal(sup.status, 200, sup.text);
  const kinds = new Set((sup.json.items || []).map((s) => s.kind));
  for (const k of ['grant', 'training', 'mentoring']) assert.ok(kinds.has(k), k);
});
