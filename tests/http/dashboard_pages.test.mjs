// The dashboard and the indicators' pages over HTTP (page_dashboard.c, page_indicators.c), on
// the demo: who may open them; every figure of the dashboard's indicator table equals the JSON
// API's /api/v1/projects/1/indicators (today and as of a past date); the drill-down of each
// indicator lists as many rows as its denominator with as many ✓ as its numerator; names follow
// the roles (the evaluator sees only the names of women who consent to sharing with the
// evaluator, and never links to participant pages); the records.xlsx export; 404 for an unknown
// key; a malformed as_of is a 422 next to its field; the rules form: bad input → 422 with the
// field's message, good input → a flash and the indicator computed anew.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, startServer } from './lib/server.mjs';

let srv;
const ag = {};
const tok = {};

const KEYS = ['satisfaction', 'skill_mastery', 'income_increase', 'friends', 'belonging', 'venture_income',
  'resident_environment', 'resident_approval', 'participation', 'life_changed'];

// num/den as a percentage with one decimal, rounded half up, in integers (as the pages do)
function pct(num, den) {
  if (den === 0) return '—';
  const x10 = Math.floor((num * 2000 + den) / (2 * den));
  return `${Math.floor(x10 / 10)}.${x10 % 10}%`;
}
const frac = (v) => {
  const x10 = Math.round(v * 1000);
  return `${Math.floor(x10 / 10)}.${x10 % 10}%`;
};
function bp(t) {
  const b = Math.round(t * 10000);
  if (b % 100 === 0) return `${b / 100}`;
  if (b % 10 === 0) return `${Math.floor(b / 100)}.${(b % 100) / 10}`;
  return `${Math.floor(b / 100)}.${String(b % 100).padStart(2, '0')}`;
}

// The cells of the indicator table's row for key, as text.
function row(html, key) {
  const m = new RegExp(`<tr data-key="${key}">([\\s\\S]*?)</tr>`).exec(html);
  assert.ok(m, `a row for ${key}`);
  const cell = (cls) => {
    const c = new RegExp(`<td class="num ${cls}">([\\s\\S]*?)</td>`).exec(m[1]);
    // (the small label a phone shows before the target is not part of the figure)
    return c ? htmlText(c[1].replace(/<span class="db-k">[^<]*<\/span>/, '')) : null;
  };
  return { value: cell('db-value'), count: cell('db-count'), ci: cell('db-ci'), target: cell('db-target'), html: m[1] };
}

function records(html) {
  const body = /<table class="db-records">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  assert.ok(body, 'the records table');
  const rows = body[1].match(/<tr class="db-rec[^"]*">[\s\S]*?<\/tr>/g) || [];
  return rows;
}

async function apiIndicators(query = '') {
  const r = await api(srv.base, `/api/v1/projects/1/indicators${query}`, { token: tok.auditor });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer();
  for (const login of ['admin', 'worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor']) {
    const a = newAgent(srv.base);
    const r = await a.login(login, `taxiang-${login}`);
    assert.equal(r.status, 303, `${login} signs in`);
    ag[login] = a;
  }
  tok.auditor = await srv.tokenFor('auditor');
  tok.supervisor = await srv.tokenFor('supervisor');
  tok.worker = await srv.tokenFor('worker');
});

after(async () => {
  await srv?.stop();
});

describe('who may open the pages', () => {
  test('readers: admin, social workers, supervisors, the evaluator; the others 403', async () => {
    const pages = ['/projects/1/dashboard', '/projects/1/indicators', '/projects/1/indicators/friends',
      '/projects/1/indicators/friends/records.xlsx'];
    for (const p of pages) {
      for (const login of ['admin', 'worker', 'supervisor', 'auditor'])
        assert.equal((await ag[login].get(p)).status, 200, `${login} ${p}`);
      for (const login of ['community', 'leader', 'member', 'partner'])
        assert.equal((await ag[login].get(p)).status, 403, `${login} ${p}`);
    }
    for (const login of ['admin', 'supervisor'])
      assert.equal((await ag[login].get('/projects/1/indicator-rules')).status, 200, login);
    for (const login of ['worker', 'auditor', 'community', 'member'])
      assert.equal((await ag[login].get('/projects/1/indicator-rules')).status, 403, login);
  });

  test('an unknown indicator is a 404; another project is not leaked', async () => {
    assert.equal((await ag.auditor.get('/projects/1/indicators/nonsense')).status, 404);
    assert.equal((await ag.auditor.get('/projects/1/indicators/nonsense/records.xlsx')).status, 404);
    assert.equal((await ag.auditor.get('/projects/999/dashboard')).status, 404);
  });
});

describe('the dashboard', () => {
  for (const asOf of [null, '2022-06-30']) {
    test(`every indicator figure equals the JSON API (${asOf ?? 'today'})`, async () => {
      const q = asOf ? `?as_of=${asOf}` : '';
      const json = await apiIndicators(q);
      const page = await ag.auditor.get(`/projects/1/dashboard${q}`);
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(`<time datetime="${json.as_of}" class="db-as-of">`));
      assert.equal(json.items.length, 10);
      for (const it of json.items) {
        const r = row(page.text, it.key);
        assert.equal(r.value, pct(it.numerator, it.denominator), `${it.key} value`);
        assert.equal(r.count, `${it.numerator}/${it.denominator}`, `${it.key} n/N`);
        assert.equal(r.ci, it.value === null ? '—' : `${frac(it.ci_low)}–${frac(it.ci_high)}`, `${it.key} CI`);
        assert.equal(r.target, `${bp(it.target)}%`, `${it.key} target`);
        // the percentage and n/N link to the drill-down, as of the same date
        assert.ok(r.html.includes(`href="/projects/1/indicators/${it.key}?as_of=${json.as_of}#records"`), it.key);
        assert.ok(r.html.includes('class="target-bar"'), `${it.key}: the bar with its target`);
      }
    });
  }

  test('charts: the funnel, attendance, the money; links to the reports and the funnel', async () => {
    const page = await ag.supervisor.get('/projects/1/dashboard');
    for (const id of ['indicators', 'funnel', 'attendance', 'money'])
      assert.match(page.text, new RegExp(`<section class="card db-section" id="${id}">`), id);
    assert.ok((page.text.match(/<svg /g) || []).length >= 23, 'ten bars, ten sparklines and three charts');
    assert.ok(page.text.includes('href="/projects/1/reports"'));
    assert.ok(page.text.includes('href="/projects/1/funnel?as_of='));
    // the funnel's women equal the funnel's API
    const f = await api(srv.base, '/api/v1/projects/1/funnel', { token: tok.supervisor });
    assert.equal(f.status, 200);
    const women = /class="db-women">(\d+)</.exec(page.text);
    assert.ok(women);
    assert.equal(Number(women[1]), f.json.women ?? f.json.stages[0].reached);
    // each stage's count is drawn in the funnel's chart
    const funnel = /<section class="card db-section" id="funnel">([\s\S]*?)<\/section>/.exec(page.text)[1];
    for (const st of f.json.stages) assert.match(funnel, new RegExp(`>${st.reached}( · [^<]*)?</text>`), st.stage);
    // the supervisor may open the cooperative's pages: the money links there
    assert.ok(page.text.includes('href="/projects/1/coop/orders"'));
    // no inline style or script
    assert.ok(!/ style=|<script/.test(page.text));
  });

  test("the money's totals equal the cooperative's and the fund's own figures", async () => {
    const tokSv = tok.supervisor;
    const sum = await api(srv.base, '/api/v1/projects/1/coop/summary', { token: tokSv });
    const fund = await api(srv.base, '/api/v1/projects/1/fund', { token: tokSv });
    assert.equal(sum.status, 200);
    assert.equal(fund.status, 200);
    const page = await ag.supervisor.get('/projects/1/dashboard');
    const foot = /<table class="db-money">[\s\S]*?<tfoot>([\s\S]*?)<\/tfoot>/.exec(page.text);
    assert.ok(foot, 'the totals row');
    const cells = [...foot[1].matchAll(/<td class="num">([\s\S]*?)<\/td>/g)].map((m) => htmlText(m[1]));
    const yuan = (fen) => `¥${(fen / 100).toFixed(2)}`;
    assert.deepEqual(cells, [yuan(sum.json.paid_fen), yuan(sum.json.settled_fen), yuan(sum.json.levied_fen),
      yuan(fund.json.balance_fen)]);
  });

  test('the money is not linked for roles without the cooperative pages', async () => {
    const page = await ag.worker.get('/projects/1/dashboard');
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('href="/projects/1/coop/orders"'));
  });

  test('a malformed as_of: 422 with the message next to the field', async () => {
    const page = await ag.auditor.get('/projects/1/dashboard?as_of=2022-13-45');
    assert.equal(page.status, 422);
    assert.match(page.text, /id="err-as_of"/);
    const ind = await ag.auditor.get('/projects/1/indicators/friends?as_of=nope');
    assert.equal(ind.status, 422);
    assert.match(ind.text, /id="err-as_of"/);
  });
});

describe('the indicators', () => {
  test('the list: each indicator with its definition in words and its figures', async () => {
    const json = await apiIndicators();
    const page = await ag.auditor.get('/projects/1/indicators');
    assert.equal(page.status, 200);
    const text = htmlText(page.text);
    for (const it of json.items) {
      assert.ok(page.text.includes(`id="${it.key}"`), it.key);
      assert.ok(text.includes(htmlText(it.definition)), `${it.key}: its definition`);
      assert.ok(text.includes(`${it.numerator}/${it.denominator}`), `${it.key}: n/N`);
    }
  });

  test('each drill-down: rows = denominator, ✓ = numerator', async () => {
    const json = await apiIndicators('?as_of=2023-08-31');
    for (const it of json.items) {
      const page = await ag.supervisor.get(`/projects/1/indicators/${it.key}?as_of=2023-08-31`);
      assert.equal(page.status, 200, it.key);
      const rows = records(page.text);
      assert.equal(rows.length, it.denominator, `${it.key}: rows`);
      assert.equal(rows.filter((r) => r.includes('db-rec db-in')).length, it.numerator, `${it.key}: ✓`);
      assert.match(page.text, new RegExp(`class="db-in-count">${it.numerator}<`));
      assert.match(page.text, new RegExp(`class="db-all-count">${it.denominator}<`));
      assert.ok(page.text.includes('<svg'), `${it.key}: the trend chart`);
    }
  });

  test('names follow the roles and the evaluator consent', async () => {
    const recs = await api(srv.base, '/api/v1/projects/1/indicators/friends/records', { token: tok.supervisor });
    assert.equal(recs.status, 200);
    // the supervisor: names, linked to the women's pages
    const sup = await ag.supervisor.get('/projects/1/indicators/friends');
    const supRows = records(sup.text);
    assert.equal(supRows.length, recs.json.items.length);
    assert.ok(supRows.every((r) => /href="\/projects\/1\/participants\/\d+"/.test(r)));
    // the evaluator: never a link; a name only with the evaluator consent
    const aud = await ag.auditor.get('/projects/1/indicators/friends');
    const audRows = records(aud.text);
    assert.ok(audRows.every((r) => !r.includes('/participants/')));
    let consented = 0;
    for (const item of recs.json.items) {
      const p = await api(srv.base, `/api/v1/projects/1/participants/${item.participant_id}`, { token: tok.worker });
      assert.equal(p.status, 200);
      // her consents in force: a list of purposes, or rows of which the latest per purpose counts
      const cons = p.json.consents ?? [];
      let yes = false;
      for (const c of cons) {
        if (typeof c === 'string') yes ||= c === 'evaluator';
        else if (c.purpose === 'evaluator') yes = !!c.granted;
      }
      const r = audRows.find((x) => x.includes(`<td class="num">${item.participant_id}</td>`));
      assert.ok(r, `row of ${item.participant_id}`);
      if (yes) {
        consented++;
        assert.ok(r.includes(item.name), `${item.participant_id}: her name`);
      } else {
        assert.ok(!r.includes(item.name), `${item.participant_id}: no name without consent`);
        assert.ok(r.includes('未同意向评估方提供'));
      }
    }
    assert.ok(consented > 0 && consented < recs.json.items.length, 'the demo has both kinds');
    // the administrator has no participant pages: no names
    const adm = await ag.admin.get('/projects/1/indicators/friends');
    const admRows = records(adm.text);
    assert.ok(admRows.every((r) => !r.includes('/participants/')));
    assert.ok(recs.json.items.every((it) => !admRows.some((r) => r.includes(it.name))));
  });

  test('records.xlsx: a workbook', async () => {
    const r = await ag.auditor.get('/projects/1/indicators/satisfaction/records.xlsx?as_of=2023-08-31');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    assert.match(r.headers.get('content-disposition') || '', /satisfaction-records\.xlsx/);
  });
});

describe('the rules form', () => {
  const form = (over = {}) => ({
    satisfaction_min: '4', skills_min: '1', income_rise: '0', friends_min: '2', belonging_rise: '0.5',
    venture_net: '0', environment_min: '4', approval_min: '4',
    ...Object.fromEntries(KEYS.map((k) => [`target_${k}`, '80'])),
    ...over,
  });

  test('bad input: 422, the message beside the field, nothing changed', async () => {
    const before = await api(srv.base, '/api/v1/projects/1/indicator-rules', { token: tok.supervisor });
    await ag.supervisor.get('/projects/1/indicator-rules');
    for (const [field, value] of [['satisfaction_min', '9'], ['belonging_rise', '0.55'], ['income_rise', '-3'],
      ['target_friends', '101'], ['target_life_changed', 'abc']]) {
      const r = await ag.supervisor.postForm('/projects/1/indicator-rules', form({ [field]: value }));
      assert.equal(r.status, 422, `${field}=${value}`);
      assert.match(r.text, new RegExp(`id="err-${field}"`), field);
      assert.ok(r.text.includes(`value="${value}"`), `${field}: the typed value kept`);
      await ag.supervisor.get('/projects/1/indicator-rules');
    }
    const afterR = await api(srv.base, '/api/v1/projects/1/indicator-rules', { token: tok.supervisor });
    assert.deepEqual(afterR.json, before.json);
  });

  test('good input: a flash, and the indicator computed with the new threshold', async () => {
    const old = (await apiIndicators()).items.find((i) => i.key === 'satisfaction');
    await ag.supervisor.get('/projects/1/indicator-rules');
    const r = await ag.supervisor.postForm('/projects/1/indicator-rules',
      form({ satisfaction_min: '5', target_satisfaction: '72.5' }));
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, '/projects/1/indicator-rules?ok=rules');
    const page = await ag.supervisor.get(r.location);
    assert.match(page.text, /class="notice"/);
    assert.ok(page.text.includes('value="72.5"'));
    const now = (await apiIndicators()).items.find((i) => i.key === 'satisfaction');
    assert.equal(now.target, 0.725);
    assert.equal(now.denominator, old.denominator);
    const recs = await api(srv.base, '/api/v1/projects/1/indicators/satisfaction/records', { token: tok.auditor });
    const fives = recs.json.items.filter((x) => x.facts.overall >= 5).length;
    assert.equal(now.numerator, fives);
    assert.ok(now.numerator <= old.numerator);
    // the dashboard shows the new figures
    const dash = await ag.auditor.get('/projects/1/dashboard');
    const rw = row(dash.text, 'satisfaction');
    assert.equal(rw.count, `${now.numerator}/${now.denominator}`);
    assert.equal(rw.target, '72.5%');
  });

  test('without csrf nothing is written; the evaluator may not post', async () => {
    await ag.supervisor.get('/projects/1/indicator-rules');
    const r = await ag.supervisor.postForm('/projects/1/indicator-rules', { ...form({ friends_min: '3' }), csrf: null });
    assert.equal(r.status, 403);
    await ag.auditor.get('/projects/1/dashboard');
    const a = await ag.auditor.postForm('/projects/1/indicator-rules', form({ friends_min: '3' }));
    assert.equal(a.status, 403);
    const rules = await api(srv.base, '/api/v1/projects/1/indicator-rules', { token: tok.supervisor });
    assert.equal(rules.json.friends_min, 2);
  });
});
