// The JSON API of the indicators on the demo: GET /api/v1/projects/1/indicators?as_of= (the ten,
// API.md's shape, with the rules used), /indicators/{key}/records (the drill-down: its rows are the
// counts), /indicators/{key}/trend?from=&to= (month by month) and GET/PUT /indicator-rules. Also the
// roles (readers: admin, social worker, supervisor, auditor; the rules changed by supervisors and
// administrators; 403 for the others), 404 for an unknown key, 422 naming the field for a bad
// as_of, month or rule, and a PUT of the rules reflected in the figures and in the audit log with
// its old and new value.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, api, startServer } from './lib/server.mjs';

let srv;
const tok = {};
const P = '/api/v1/projects/1';
const KEYS = [
  'satisfaction', 'skill_mastery', 'income_increase', 'friends', 'belonging', 'venture_income',
  'resident_environment', 'resident_approval', 'participation', 'life_changed',
];
const TODAY = new Date(TEST_NOW_MS + 8 * 3600e3).toISOString().slice(0, 10);

function call(login, method, path, json, headers) {
  return api(srv.base, path, { method, token: tok[login], json, headers });
}

async function ok(login, method, path, json) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, 200, `${method} ${path} as ${login}: ${r.text}`);
  return r.json;
}

async function refused(login, method, path, json, status, field) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  assert.ok(r.json && r.json.error && r.json.error.message, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  return r.json.error;
}

before(async () => {
  srv = await startServer();
  for (const login of ['admin', 'worker', 'supervisor', 'auditor', 'community', 'leader', 'member', 'partner'])
    tok[login] = await srv.tokenFor(login);
});

after(async () => {
  if (srv) await srv.stop();
});

describe('GET /indicators', () => {
  test('the ten in order with API.md shape, as of today by default', async () => {
    const j = await ok('worker', 'GET', `${P}/indicators`);
    assert.equal(j.as_of, TODAY);
    assert.deepEqual(j.items.map((i) => i.key), KEYS);
    assert.equal(typeof j.rules, 'object');
    assert.equal(j.rules.satisfaction_min, 4);
    let withValue = 0;
    for (const i of j.items) {
      for (const f of ['key', 'label', 'numerator', 'denominator', 'value', 'ci_low', 'ci_high', 'target', 'definition'])
        assert.ok(f in i, `${i.key} has ${f}`);
      assert.ok(Number.isInteger(i.numerator) && Number.isInteger(i.denominator));
      assert.ok(i.numerator >= 0 && i.numerator <= i.denominator, JSON.stringify(i));
      assert.ok(i.target > 0 && i.target <= 1);
      assert.ok(i.label.length > 0 && i.definition.length > 10);
      if (i.denominator === 0) {
        assert.equal(i.value, null);
        assert.equal(i.ci_low, null);
        assert.equal(i.ci_high, null);
      } else {
        withValue++;
        assert.ok(Math.abs(i.value - i.numerator / i.denominator) < 1e-12);
        assert.ok(i.ci_low <= i.value + 1e-12 && i.value <= i.ci_high + 1e-12, JSON.stringify(i));
        assert.ok(i.ci_low >= 0 && i.ci_high <= 1);
      }
    }
    assert.ok(withValue >= 8, 'the demo gives most indicators a value');
  });

  test('as_of in the past cuts records off; long before the project nothing counts', async () => {
    const now = await ok('auditor', 'GET', `${P}/indicators?as_of=${TODAY}`);
    const old = await ok('auditor', 'GET', `${P}/indicators?as_of=2000-01-01`);
    assert.equal(old.as_of, '2000-01-01');
    for (const i of old.items) {
      assert.equal(i.denominator, 0, i.key);
      assert.equal(i.value, null);
    }
    assert.ok(now.items.some((i) => i.denominator > 0));
  });

  test('a bad as_of is 422 naming it', async () => {
    await refused('worker', 'GET', `${P}/indicators?as_of=2024-02-30`, undefined, 422, 'as_of');
    await refused('worker', 'GET', `${P}/indicators?as_of=yesterday`, undefined, 422, 'as_of');
    await refused('worker', 'GET', `${P}/indicators/friends/records?as_of=2024-13-01`, undefined, 422, 'as_of');
  });

  test('English labels and definitions follow the language', async () => {
    const r = await call('worker', 'GET', `${P}/indicators`, undefined, { 'Accept-Language': 'en' });
    assert.equal(r.status, 200);
    const zh = await ok('worker', 'GET', `${P}/indicators`);
    assert.ok(r.json.items[0].label.length > 0);
    assert.ok(zh.items[0].definition.includes('4'));
  });
});

describe('GET /indicators/{key}/records', () => {
  test('the drill-down of every indicator is its counts', async () => {
    const all = await ok('supervisor', 'GET', `${P}/indicators?as_of=${TODAY}`);
    for (const ind of all.items) {
      const j = await ok('supervisor', 'GET', `${P}/indicators/${ind.key}/records?as_of=${TODAY}`);
      assert.equal(j.items.length, ind.denominator, ind.key);
      assert.equal(j.items.filter((x) => x.in_numerator).length, ind.numerator, ind.key);
      for (const x of j.items) {
        assert.ok(['participant', 'venture', 'response', 'session'].includes(x.kind), x.kind);
        assert.ok(Number.isInteger(x.id));
        assert.equal(typeof x.in_numerator, 'boolean');
        assert.equal(typeof x.facts, 'object');
        assert.ok(x.name === null || typeof x.name === 'string');
        if (x.kind === 'participant' || x.kind === 'session') assert.ok(Number.isInteger(x.participant_id));
        else assert.equal(x.participant_id, undefined);
      }
    }
  });

  test('resident responses are anonymous unless a name was given', async () => {
    const j = await ok('worker', 'GET', `${P}/indicators/resident_approval/records`);
    for (const x of j.items) {
      assert.equal(x.kind, 'response');
      assert.ok('approval' in x.facts && 'responded_on' in x.facts);
      assert.equal(x.in_numerator, x.facts.approval >= 4);
    }
  });

  test('the evaluator sees a woman\'s name only with her consent to the evaluator', async () => {
    const w = await ok('worker', 'GET', `${P}/indicators/skill_mastery/records`);
    const e = await ok('auditor', 'GET', `${P}/indicators/skill_mastery/records`);
    assert.equal(e.items.length, w.items.length);
    assert.ok(w.items.every((x) => typeof x.name === 'string' && x.name.length > 0));
    const byId = new Map(w.items.map((x) => [x.id, x]));
    let withheld = 0;
    for (const x of e.items) {
      if (x.name_withheld) {
        withheld++;
        assert.equal(x.name, null);
      } else {
        assert.equal(x.name, byId.get(x.id).name);
      }
      // the counts never depend on who reads them
      assert.equal(x.in_numerator, byId.get(x.id).in_numerator);
    }
    // the same rule as the drill-down page: consent to the evaluator, read from her records
    const consented = [];
    for (const x of w.items) {
      const p = await ok('worker', 'GET', `${P}/participants/${x.participant_id}`);
      if ((p.consents || []).includes('evaluator')) consented.push(x.id);
    }
    assert.equal(e.items.length - withheld, consented.length);
  });

  test('an unknown key is 404', async () => {
    await refused('worker', 'GET', `${P}/indicators/nope/records`, undefined, 404);
    await refused('worker', 'GET', `${P}/indicators/nope/trend`, undefined, 404);
  });
});

describe('GET /indicators/{key}/trend', () => {
  test('month by month, each month as of its end', async () => {
    const j = await ok('worker', 'GET', `${P}/indicators/life_changed/trend?from=2023-11&to=2024-02`);
    assert.deepEqual(j.items.map((p) => p.month), ['2023-11', '2023-12', '2024-01', '2024-02']);
    const asOf = await ok('worker', 'GET', `${P}/indicators?as_of=2024-01-31`);
    const lc = asOf.items.find((i) => i.key === 'life_changed');
    assert.equal(j.items[2].numerator, lc.numerator);
    assert.equal(j.items[2].denominator, lc.denominator);
    for (const p of j.items) assert.equal(p.value, p.denominator ? p.numerator / p.denominator : null);
  });

  test('by default from the first month with records to now', async () => {
    const j = await ok('auditor', 'GET', `${P}/indicators/participation/trend`);
    assert.ok(j.items.length >= 1 && j.items.length <= 120);
    assert.ok(j.items[j.items.length - 1].month <= TODAY.slice(0, 7));
    assert.ok(j.items.some((p) => p.denominator > 0));
  });

  test('bad months are 422 naming the field', async () => {
    await refused('worker', 'GET', `${P}/indicators/friends/trend?from=2024-13&to=2024-14`, undefined, 422, 'from');
    await refused('worker', 'GET', `${P}/indicators/friends/trend?from=2024-05&to=2024-01`, undefined, 422, 'to');
    await refused('worker', 'GET', `${P}/indicators/friends/trend?from=2000-01&to=2024-01`, undefined, 422, 'to');
  });
});

describe('roles', () => {
  test('community staff, coop leader, member and partner get 403', async () => {
    for (const login of ['community', 'leader', 'member', 'partner']) {
      await refused(login, 'GET', `${P}/indicators`, undefined, 403);
      await refused(login, 'GET', `${P}/indicators/friends/records`, undefined, 403);
      await refused(login, 'GET', `${P}/indicators/friends/trend`, undefined, 403);
      await refused(login, 'GET', `${P}/indicator-rules`, undefined, 403);
      await refused(login, 'PUT', `${P}/indicator-rules`, { friends_min: 3 }, 403);
    }
  });

  test('admin, worker, supervisor and auditor read; only supervisor and admin change the rules', async () => {
    for (const login of ['admin', 'worker', 'supervisor', 'auditor']) {
      await ok(login, 'GET', `${P}/indicators`);
      await ok(login, 'GET', `${P}/indicator-rules`);
    }
    await refused('worker', 'PUT', `${P}/indicator-rules`, { friends_min: 3 }, 403);
    await refused('auditor', 'PUT', `${P}/indicator-rules`, { friends_min: 3 }, 403);
  });
});

describe('PUT /indicator-rules', () => {
  test('validation names the field and changes nothing', async () => {
    const before = await ok('supervisor', 'GET', `${P}/indicator-rules`);
    await refused('supervisor', 'PUT', `${P}/indicator-rules`, { friends_min: 0 }, 422, 'friends_min');
    await refused('supervisor', 'PUT', `${P}/indicator-rules`, { satisfaction_min: 4.5 }, 422, 'satisfaction_min');
    await refused('supervisor', 'PUT', `${P}/indicator-rules`, { targets: { friends: 20000 } }, 422, 'targets.friends');
    await refused('supervisor', 'PUT', `${P}/indicator-rules`, { targets: { nope: 1 } }, 422, 'targets.nope');
    await refused('supervisor', 'PUT', `${P}/indicator-rules`, { colour: 'red' }, 422, 'colour');
    const arr = await call('supervisor', 'PUT', `${P}/indicator-rules`, [1, 2]);
    assert.ok(arr.status === 400 || arr.status === 422, arr.text);
    const bad = await api(srv.base, `${P}/indicator-rules`, {
      method: 'PUT', token: tok.supervisor, body: '{', headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(await ok('supervisor', 'GET', `${P}/indicator-rules`), before);
  });

  test('a new threshold shows in the figures, the definition and the audit log', async () => {
    const was = (await ok('worker', 'GET', `${P}/indicators`)).items.find((i) => i.key === 'friends');
    const put = await ok('supervisor', 'PUT', `${P}/indicator-rules`, { friends_min: 50, targets: { friends: 7500 } });
    assert.equal(put.friends_min, 50);
    assert.equal(put.targets.friends, 7500);
    assert.equal(put.satisfaction_min, 4, 'fields left out keep their value');
    const j = await ok('worker', 'GET', `${P}/indicators`);
    assert.equal(j.rules.friends_min, 50);
    const now = j.items.find((i) => i.key === 'friends');
    assert.equal(now.denominator, was.denominator);
    assert.equal(now.numerator, 0, 'nobody has 50 new friends');
    assert.equal(now.target, 0.75);
    assert.ok(now.definition.includes('50'), now.definition);
    const rec = await ok('worker', 'GET', `${P}/indicators/friends/records`);
    assert.equal(rec.items.filter((x) => x.in_numerator).length, 0);
    const audit = await ok('auditor', 'GET', '/api/v1/audit?limit=20');
    const e = audit.items.find((x) => x.entity === 'indicator_rules');
    assert.ok(e, 'audited');
    assert.equal(e.action, 'update');
    assert.equal(e.project_id, 1);
    const s = typeof e.summary === 'string' ? JSON.parse(e.summary) : e.summary;
    assert.equal(s.from.friends_min, 2);
    assert.equal(s.to.friends_min, 50);
    assert.equal(s.from['targets.friends'], 9000);
    assert.equal(s.to['targets.friends'], 7500);
    assert.equal(s.to.satisfaction_min, undefined, 'only what changed');
    // back to the defaults, as an administrator
    const back = await ok('admin', 'PUT', `${P}/indicator-rules`, { friends_min: 2, targets: { friends: 9000 } });
    assert.equal(back.friends_min, 2);
    const again = (await ok('worker', 'GET', `${P}/indicators`)).items.find((i) => i.key === 'friends');
    assert.equal(again.numerator, was.numerator);
  });
});
