// The demo's monitoring & evaluation and the running of the project (src/domain/demo.c), read
// through the JSON API as the supervisor and the evaluator (auditor):
//   all four surveys with responses in their waves (participants' baseline, midline and endline,
//   residents' baseline and endline, about a hundred each), some through phone links, 李秀英's own
//   answers and an open link for her; staff and volunteers with training and service hours;
//   partners of every kind with the reports sent to them; weekly minutes from 2021-06 to
//   2023-08 with actions, most done; funders, budget lines and 100+ expenses; the publicity log
//   on four channels with reach; the ten indicators near the brief's figures (computed by the
//   indicator engine from the simulated records, never typed in), as of the end of the
//   programme and today; the same indicators from a second, separate demo (determinism).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, newAgent, startServer } from './lib/server.mjs';

const P = '/api/v1/projects/1';
const END = '2023-08-31';
const inProgramme = (d) => d >= '2021-06-01' && d <= END;

// The brief's figures and the ranges the demo must fall in (a few points either side).
const BRIEF = {
  satisfaction: [0.98, 0.93, 1.0],
  skill_mastery: [0.92, 0.86, 0.98],
  income_increase: [0.48, 0.4, 0.56],
  friends: [0.96, 0.9, 1.0],
  belonging: [0.64, 0.55, 0.73],
  venture_income: [0.7, 0.6, 0.8],
  resident_environment: [0.53, 0.45, 0.61],
  resident_approval: [0.89, 0.83, 0.95],
  participation: [0.92, 0.88, 0.96],
  life_changed: [1.0, 1.0, 1.0],
};

let srv;
let sv; // supervisor
let au; // auditor (the evaluator)

async function get(path, token = sv) {
  const r = await api(srv.base, P + path, { token });
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.json;
}

/** Every item of a list, following `next`. */
async function all(path, token = sv) {
  const items = [];
  let next = null;
  for (let guard = 0; guard < 1000; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    const j = await get(`${path}${sep}limit=200${next ? `&after=${encodeURIComponent(next)}` : ''}`, token);
    items.push(...(j.items ?? []));
    next = j.next ?? null;
    if (!next) return items;
  }
  throw new Error(`${path}: too many pages`);
}

async function indicators(server, token, asOf) {
  const q = asOf ? `?as_of=${asOf}` : '';
  const r = await api(server.base, `${P}/indicators${q}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer();
  sv = await srv.tokenFor('supervisor');
  au = await srv.tokenFor('auditor');
});

after(async () => {
  await srv?.stop();
});

describe('surveys', () => {
  test('the four surveys have responses in their waves', async () => {
    const waves = {};
    for (const key of ['satisfaction', 'loneliness', 'belonging', 'resident']) {
      const t = await get(`/surveys/${key}`);
      waves[key] = t.waves;
    }
    // 46 women still in the programme at the end; 50 signed at the baseline
    assert.ok(waves.satisfaction.endline >= 46 && waves.satisfaction.endline <= 55, JSON.stringify(waves.satisfaction));
    assert.equal(waves.satisfaction.baseline, 0);
    assert.equal(waves.loneliness.baseline, 50);
    assert.ok(waves.loneliness.midline >= 40 && waves.loneliness.midline <= 50, JSON.stringify(waves.loneliness));
    assert.equal(waves.loneliness.endline, 46);
    assert.equal(waves.belonging.baseline, 50);
    assert.equal(waves.belonging.endline, 46);
    assert.ok(waves.resident.baseline >= 100 && waves.resident.baseline <= 110, JSON.stringify(waves.resident));
    assert.ok(waves.resident.endline >= 100 && waves.resident.endline <= 110, JSON.stringify(waves.resident));
  });

  test('responses dated in their waves, entered by workers, through links and by her', async () => {
    const by = {};
    const count = (r) => (by[r.entered_by] = (by[r.entered_by] ?? 0) + 1);
    const sat = await all('/surveys/satisfaction/responses?wave=endline', au);
    for (const r of sat) {
      assert.ok(r.responded_on >= '2023-07-01' && r.responded_on <= END, `endline on ${r.responded_on}`);
      assert.ok(r.participant_id > 0);
      count(r);
    }
    const perWoman = new Map();
    for (const r of sat) perWoman.set(r.participant_id, (perWoman.get(r.participant_id) ?? 0) + 1);
    const twice = [...perWoman.values()].filter((n) => n > 1).length;
    assert.ok(twice >= 2 && twice <= 8, `${twice} women answered twice (paper entered again)`);
    const base = await all('/surveys/belonging/responses?wave=baseline', au);
    for (const r of base) assert.ok(r.responded_on >= '2021-06-01' && r.responded_on <= '2022-03-31', r.responded_on);
    const mid = await all('/surveys/loneliness/responses?wave=midline', au);
    for (const r of mid) assert.ok(r.responded_on.startsWith('2022-06'), r.responded_on);
    for (const key of ['loneliness', 'belonging']) for (const r of await all(`/surveys/${key}/responses?wave=endline`, au)) count(r);
    assert.ok(by.worker > 100, JSON.stringify(by));
    assert.ok(by.link >= 4, `through phone links: ${JSON.stringify(by)}`);
    assert.ok(by.self >= 1, `李秀英 answered herself: ${JSON.stringify(by)}`);

    const res = await all('/surveys/resident/responses?wave=endline'); // names: the supervisor's view
    const named = res.filter((r) => r.name).length;
    assert.ok(named >= 3 && named < res.length / 3, `${named} of ${res.length} residents named`);
    assert.ok(res.every((r) => !r.participant_id), 'residents are not participants');
    assert.ok(new Set(res.map((r) => r.responded_on)).size >= 10, 'answers spread over the month');
    assert.ok(res.some((r) => r.entered_by === 'link'), 'some residents through the sample link');
  });

  test('李秀英 has an open phone link to answer on /me/surveys', async () => {
    const a = newAgent(srv.base);
    const r = await a.login('member', 'taxiang-member');
    assert.equal(r.status, 303, 'member login');
    const page = await a.get('/me/surveys');
    assert.equal(page.status, 200);
    assert.match(a.html, /href="\/s\/[A-Za-z0-9_-]{20,}"/, 'a link to answer');
  });
});

describe('running the project', () => {
  test('staff and volunteers with training and service hours', async () => {
    const staff = await all('/staff', au);
    const st = staff.filter((s) => s.kind === 'staff');
    const vol = staff.filter((s) => s.kind === 'volunteer');
    assert.ok(st.length >= 4, `${st.length} staff`);
    assert.ok(vol.length >= 6, `${vol.length} volunteers`);
    assert.ok(st.some((s) => /督导/.test(s.title)) && st.some((s) => /负责人/.test(s.title)), 'a supervisor and a lead');
    assert.ok(vol.some((s) => /学生/.test(s.title)) && vol.some((s) => /社区/.test(s.title)), 'students and community volunteers');
    assert.ok(staff.every((s) => s.trainings >= 1), 'everyone trained');
    assert.ok(vol.every((s) => s.service_minutes > 0), 'volunteers with service hours');
    assert.ok(staff.some((s) => s.left_on), 'someone left');
    for (const s of staff) assert.ok(inProgramme(s.joined_on) || s.joined_on >= '2021-05-01', s.joined_on);
  });

  test('partners of every kind, with the reports sent', async () => {
    const ps = await all('/partners', au);
    const kinds = new Set(ps.map((p) => p.kind));
    for (const k of ['enterprise', 'foundation', 'government', 'media']) assert.ok(kinds.has(k), k);
    for (const name of ['榆阳区民政局', '榆阳区人力资源和社会保障局', '榆阳区妇女联合会']) assert.ok(ps.some((p) => p.name === name), name);
    const kindsSent = new Set();
    let reports = 0;
    for (const p of ps) {
      const one = await get(`/partners/${p.id}`, au);
      for (const r of one.reports_sent ?? []) {
        kindsSent.add(r.kind);
        reports++;
        assert.ok(inProgramme(r.sent_on), r.sent_on);
      }
    }
    for (const k of ['monthly', 'quarterly', 'evaluation']) assert.ok(kindsSent.has(k), k);
    assert.ok(reports >= 40, `${reports} reports sent`);
  });

  test('weekly minutes 2021-06 .. 2023-08 with actions, most done', async () => {
    const ms = await all('/minutes', au);
    assert.ok(ms.length >= 90 && ms.length <= 120, `${ms.length} meetings`);
    const days = ms.map((m) => m.held_on).sort();
    assert.ok(days[0].startsWith('2021-06') && days.at(-1).startsWith('2023-08'), `${days[0]} .. ${days.at(-1)}`);
    const actions = ms.reduce((s, m) => s + m.actions, 0);
    const open = ms.reduce((s, m) => s + m.open_actions, 0);
    assert.ok(actions >= ms.length && open >= 1 && open * 100 <= actions * 15, `${open} of ${actions} open`);
    const one = await get(`/minutes/${ms.at(-1).id}`, au);
    assert.ok(one.decisions && one.action_items.length >= 1);
  });

  test('funders, budget lines and 100+ expenses over the period', async () => {
    const funders = await all('/funders', au);
    assert.ok(funders.length >= 3);
    const lines = await all('/budget-lines', au);
    assert.ok(lines.length >= 6);
    const ex = await get('/expenses?limit=1', au);
    assert.ok(ex.count >= 100, `${ex.count} expenses`);
    assert.ok(ex.total_fen > 0);
    const items = await all('/expenses', au);
    assert.equal(items.length, ex.count);
    assert.ok(items.every((e) => inProgramme(e.spent_on) && e.amount_fen > 0));
  });

  test('publicity on Douyin, Weibo, WeChat and Channels with reach', async () => {
    const pub = await all('/publicity', au);
    assert.ok(pub.length >= 40, `${pub.length} posts`);
    const ch = new Set(pub.map((p) => p.channel));
    for (const c of ['douyin', 'weibo', 'wechat', 'channels']) assert.ok(ch.has(c), c);
    assert.ok(pub.every((p) => p.reach > 0 && inProgramme(p.published_on)));
  });
});

describe('indicators', () => {
  for (const asOf of [END, '']) {
    test(`the ten indicators near the brief's figures (as of ${asOf || 'today'})`, async () => {
      const j = await indicators(srv, au, asOf);
      assert.equal(j.items.length, 10);
      for (const i of j.items) {
        const [, lo, hi] = BRIEF[i.key];
        assert.ok(i.denominator > 0, `${i.key}: a denominator`);
        assert.equal(i.value, i.numerator / i.denominator, i.key);
        assert.ok(i.value >= lo - 1e-9 && i.value <= hi + 1e-9, `${i.key}: ${i.numerator}/${i.denominator} = ${i.value} not in [${lo}, ${hi}]`);
      }
      const by = Object.fromEntries(j.items.map((i) => [i.key, i]));
      assert.equal(by.venture_income.denominator, 10, 'ten ventures');
      assert.ok(by.resident_environment.denominator >= 100);
    });
  }

  test('determinism: a second demo gives the same indicators', async () => {
    const other = await startServer();
    try {
      const tok = await other.tokenFor('auditor');
      for (const asOf of [END, '']) {
        const a = await indicators(srv, au, asOf);
        const b = await indicators(other, tok, asOf);
        assert.deepEqual(b.items, a.items);
      }
    } finally {
      await other.stop();
    }
  });
});
