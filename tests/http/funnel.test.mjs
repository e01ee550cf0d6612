// The recruitment funnel over HTTP, on the demo project (他乡的妳, id 1):
//   GET /api/v1/projects/{pid}/funnel[?as_of=]   its shape, and numbers that must be what the
//        demo's transitions imply — recomputed here independently from the participants API
//        (GET /participants and GET /participants/{id}/transitions), never copied constants;
//   roles (member/community 403, auditor and admin 200), another project 404, a bad as_of 422;
//   GET /projects/{pid}/funnel   an <svg> with one bar per stage, the tables, phone-friendly;
//   `taxiang demo` is deterministic: a second fresh database gives the same participants.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, htmlText, newAgent, startServer } from './lib/server.mjs';

const STAGES = ['signed_up', 'registry_screened', 'home_visited', 'final_review', 'signed', 'exited'];
const SOURCES = ['publicity', 'outreach', 'self'];

let srv;
const tokens = {};

before(async () => {
  srv = await startServer();
  for (const login of ['worker', 'supervisor', 'auditor', 'admin', 'member', 'community']) {
    tokens[login] = await srv.tokenFor(login);
  }
});

after(async () => {
  await srv?.stop();
});

const itemsOf = (json) => (Array.isArray(json) ? json : json.items);

/** Every participant of a project through the list API (paged). */
async function participants(base, token, pid = 1) {
  const all = [];
  let after = null;
  for (;;) {
    const q = after ? `?limit=500&after=${encodeURIComponent(after)}` : '?limit=500';
    const r = await api(base, `/api/v1/projects/${pid}/participants${q}`, { token });
    assert.equal(r.status, 200, `participants list: ${r.text}`);
    all.push(...itemsOf(r.json));
    after = r.json.next ?? null;
    if (!after) break;
  }
  return all;
}

/** Her moves, oldest first: [{ to, on }]. */
async function movesOf(base, token, id, pid = 1) {
  const r = await api(base, `/api/v1/projects/${pid}/participants/${id}/transitions`, { token });
  assert.equal(r.status, 200, `transitions of ${id}: ${r.text}`);
  return itemsOf(r.json).map((t) => ({ to: t.to ?? t.to_stage, on: t.on ?? t.on_date }));
}

const dayNumber = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;

/** The funnel as funnel.h defines it, from the raw moves (computed here, not by the server). */
function expectedFunnel(people, asOf) {
  const stages = STAGES.map((stage) => ({
    stage,
    reached: 0,
    by_source: Object.fromEntries(SOURCES.map((s) => [s, 0])),
    both: 0,
    stays: [],
  }));
  let rejected = 0;
  let waitlisted = 0;
  for (const p of people) {
    const moves = p.moves.filter((m) => m.on <= asOf);
    if (!moves.length) continue;
    const seen = new Set(moves.map((m) => m.to));
    moves.forEach((m, i) => {
      if (i === 0) return;
      const k = STAGES.indexOf(moves[i - 1].to);
      if (k >= 0) stages[k].stays.push(dayNumber(m.on) - dayNumber(moves[i - 1].on));
    });
    STAGES.forEach((s, k) => {
      if (!seen.has(s)) return;
      stages[k].reached++;
      stages[k].by_source[p.source]++;
      if (k + 1 < STAGES.length && seen.has(STAGES[k + 1])) stages[k].both++;
    });
    if (seen.has('rejected')) rejected++;
    if (moves[moves.length - 1].to === 'waitlisted') waitlisted++;
  }
  return {
    as_of: asOf,
    stages: stages.map((s, k) => {
      const sorted = [...s.stays].sort((a, b) => a - b);
      return {
        stage: s.stage,
        reached: s.reached,
        by_source: s.by_source,
        conversion_to_next:
          k + 1 < STAGES.length && s.reached > 0 ? { numerator: s.both, denominator: s.reached } : null,
        median_days: sorted.length ? sorted[(sorted.length - 1) >> 1] : null,
      };
    }),
    rejected,
    waitlisted,
  };
}

/** The demo project's women with their moves, read through the API as a worker. */
let demoPeople;
async function demo() {
  if (!demoPeople) {
    const list = await participants(srv.base, tokens.worker);
    demoPeople = [];
    for (const p of list) {
      demoPeople.push({ id: p.id, source: p.source, moves: await movesOf(srv.base, tokens.worker, p.id) });
    }
  }
  return demoPeople;
}

const funnel = (token, q = '', pid = 1) => api(srv.base, `/api/v1/projects/${pid}/funnel${q}`, { token });

describe('GET /api/v1/projects/{pid}/funnel', () => {
  test('its shape: as_of, six stages with sources, fractions or null, integers only', async () => {
    const r = await funnel(tokens.worker);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const f = r.json;
    assert.deepEqual(Object.keys(f).sort(), ['as_of', 'rejected', 'stages', 'waitlisted']);
    assert.match(f.as_of, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(f.stages.map((s) => s.stage), STAGES);
    for (const s of f.stages) {
      assert.deepEqual(Object.keys(s).sort(), ['by_source', 'conversion_to_next', 'median_days', 'reached', 'stage']);
      assert.deepEqual(Object.keys(s.by_source).sort(), [...SOURCES].sort());
      assert.ok(Number.isInteger(s.reached));
      assert.equal(SOURCES.reduce((n, k) => n + s.by_source[k], 0), s.reached, `${s.stage}: sources add up`);
      if (s.conversion_to_next !== null) {
        assert.ok(Number.isInteger(s.conversion_to_next.numerator));
        assert.equal(s.conversion_to_next.denominator, s.reached);
      }
      assert.ok(s.median_days === null || Number.isInteger(s.median_days));
    }
    assert.equal(f.stages.at(-1).conversion_to_next, null, 'exited has no next stage');
    assert.ok(!/\d\.\d/.test(r.text), 'no floating-point numbers in the body');
  });

  test('the numbers are what the demo transitions imply (today and as of 2021-09-01)', async () => {
    const people = await demo();
    assert.ok(people.length >= 60, `a living demo: ${people.length} candidates`);
    const now = await funnel(tokens.worker);
    assert.deepEqual(now.json, expectedFunnel(people, now.json.as_of));
    // the demo as the brief describes it
    const reached = Object.fromEntries(now.json.stages.map((s) => [s.stage, s.reached]));
    assert.equal(reached.signed, 50, '50 signed');
    assert.ok(reached.exited >= 1 && reached.exited < 10, 'a few exited');
    assert.ok(now.json.rejected >= 5, 'some rejected');
    assert.ok(now.json.waitlisted >= 1 && now.json.waitlisted < 10, 'a few waitlisted');
    for (const src of SOURCES) assert.ok(now.json.stages[0].by_source[src] > 0, `candidates from ${src}`);

    const past = await funnel(tokens.supervisor, '?as_of=2021-09-01');
    assert.equal(past.status, 200);
    assert.equal(past.json.as_of, '2021-09-01');
    assert.deepEqual(past.json, expectedFunnel(people, '2021-09-01'));
    assert.ok(past.json.stages[0].reached < now.json.stages[0].reached, 'as_of cuts off later sign-ups');

    const before = await funnel(tokens.worker, '?as_of=2021-05-31');
    assert.ok(before.json.stages.every((s) => s.reached === 0 && s.conversion_to_next === null && s.median_days === null));
    assert.equal(before.json.rejected, 0);
  });

  test('a bad as_of → 422 naming the field, in the caller\'s language', async () => {
    for (const bad of ['2021-02-30', 'yesterday', '2021-9-1']) {
      const r = await funnel(tokens.worker, `?as_of=${encodeURIComponent(bad)}`);
      assert.equal(r.status, 422, bad);
      assert.equal(r.json.error.code, 'validation');
      assert.equal(r.json.error.field, 'as_of');
    }
    const en = await api(srv.base, '/api/v1/projects/1/funnel?as_of=x', {
      token: tokens.worker,
      headers: { 'Accept-Language': 'en' },
    });
    assert.match(en.json.error.message, /date/i);
  });

  test('roles: workers, supervisors, auditors, admins read it; member and community staff 403; no token 401', async () => {
    for (const login of ['worker', 'supervisor', 'auditor', 'admin']) {
      assert.equal((await funnel(tokens[login])).status, 200, login);
    }
    for (const login of ['member', 'community']) {
      const r = await funnel(tokens[login]);
      assert.equal(r.status, 403, login);
      assert.equal(r.json.error.code, 'forbidden');
    }
    assert.equal((await funnel(undefined)).status, 401);
  });

  test('another project: 404 for a worker of project 1, an empty funnel for the admin', async () => {
    const created = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: tokens.admin,
      json: { name: '漏斗测试', community: '东关社区', capacity: 10 },
    });
    assert.equal(created.status, 201);
    const pid = created.json.id;
    const w = await funnel(tokens.worker, '', pid);
    assert.equal(w.status, 404);
    assert.equal(w.json.error.code, 'not_found');
    assert.equal((await funnel(tokens.worker, '', 999999)).status, 404);
    const a = await funnel(tokens.admin, '', pid);
    assert.equal(a.status, 200);
    assert.ok(a.json.stages.every((s) => s.reached === 0 && s.conversion_to_next === null && s.median_days === null));
    assert.equal(a.json.rejected + a.json.waitlisted, 0);
  });
});

describe('GET /projects/{pid}/funnel (page)', () => {
  let worker;
  before(async () => {
    worker = newAgent(srv.base);
    assert.equal((await worker.login('worker', 'taxiang-worker')).status, 303);
  });

  test('an SVG chart with one bar per stage, value and conversion, scaling with the screen', async () => {
    const r = await worker.get('/projects/1/funnel');
    assert.equal(r.status, 200);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(r.text)?.[0];
    assert.ok(svg, 'an inline svg');
    assert.match(svg, /viewBox="0 0 \d+ \d+"/);
    assert.match(svg, /width="100%"/);
    assert.equal((svg.match(/<rect /g) || []).length, STAGES.length, 'one bar per stage');
    assert.ok(!/style=/.test(r.text), 'no inline style attributes (CSP)');
    assert.ok(!/<script/i.test(r.text), 'no script');
    const api1 = (await funnel(tokens.worker)).json;
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const s of api1.stages) {
      assert.ok(texts.some((t) => t === `${s.reached}` || t.startsWith(`${s.reached} · `)), `${s.stage}: its value ${s.reached}`);
    }
    const first = api1.stages[0].conversion_to_next;
    const pct = `${Math.floor((first.numerator * 2000 + first.denominator) / (2 * first.denominator) / 10)}.`;
    assert.ok(texts.some((t) => t.includes('%') && t.includes(pct)), 'the conversion is labelled');
    const text = htmlText(r.text);
    for (const label of ['已报名', '已核查户籍', '已入户评估', '终审中', '已签约', '已结案']) {
      assert.ok(text.includes(label), label);
    }
    for (const label of ['社区宣传', '社工发掘', '自主报名', '停留天数（中位数）', '候补']) {
      assert.ok(text.includes(label), label);
    }
    assert.match(r.text, /<input type="date" name="as_of" value="\d{4}-\d{2}-\d{2}"/);
    assert.match(r.text, /href="\/projects\/1\/participants\?stage=signed"/, 'drill-down to the list');
  });

  test('?as_of changes the numbers; a bad one re-renders the form with 422', async () => {
    const r = await worker.get('/projects/1/funnel?as_of=2021-09-01');
    assert.equal(r.status, 200);
    assert.match(r.text, /value="2021-09-01"/);
    const want = (await funnel(tokens.worker, '?as_of=2021-09-01')).json;
    const svg = /<svg[\s\S]*?<\/svg>/.exec(r.text)[0];
    assert.ok(svg.includes(`>${want.stages[0].reached} · `), 'the first bar shows the count of that day');
    const bad = await worker.get('/projects/1/funnel?as_of=2021-02-30');
    assert.equal(bad.status, 422);
    assert.match(bad.text, /class="field-error"/);
    assert.match(bad.text, /<svg/);
  });

  test('English labels on request', async () => {
    const en = newAgent(srv.base, { headers: { 'Accept-Language': 'en' } });
    await en.login('auditor', 'taxiang-auditor');
    const r = await en.get('/projects/1/funnel');
    assert.equal(r.status, 200);
    const text = htmlText(r.text);
    assert.ok(text.includes('Recruitment funnel'));
    assert.ok(text.includes('Days in stage (median)'));
    assert.ok(!/participants\?stage=/.test(r.text), 'no drill-down links for the auditor, who may not open the list');
  });

  test('roles: member 403, auditor 200, a worker on another project 404', async () => {
    const m = newAgent(srv.base);
    await m.login('member', 'taxiang-member');
    assert.equal((await m.get('/projects/1/funnel')).status, 403);
    const a = newAgent(srv.base);
    await a.login('auditor', 'taxiang-auditor');
    assert.equal((await a.get('/projects/1/funnel')).status, 200);
    assert.equal((await worker.get('/projects/999999/funnel')).status, 404);
  });
});

describe('taxiang demo is deterministic', () => {
  test('two fresh databases give identical participants and funnels', async () => {
    const other = await startServer();
    try {
      const token = await other.tokenFor('worker');
      const strip = (list) => list.map(({ created_at, updated_at, ...rest }) => rest);
      const mine = strip(await participants(srv.base, tokens.worker));
      const theirs = strip(await participants(other.base, token));
      assert.ok(mine.length >= 60);
      assert.deepEqual(theirs, mine);
      const f1 = (await funnel(tokens.worker, '?as_of=2022-12-31')).json;
      const f2 = (await api(other.base, '/api/v1/projects/1/funnel?as_of=2022-12-31', { token })).json;
      assert.deepEqual(f2, f1);
      const ids = await movesOf(other.base, token, theirs[1].id);
      assert.deepEqual(ids, await movesOf(srv.base, tokens.worker, mine[1].id));
    } finally {
      await other.stop();
    }
  });
});
