// The JSON API of surveys (api_surveys.c) on the demo project: GET /surveys with the fixed item
// keys of API.md; one template with its counts per wave; responses (201 with the stored answers,
// 422 naming answers.<item_key>, participant_id, responded_on, wave; a choice by text; the member
// for herself and 403 for someone else; community staff on resident templates only); the list
// ({items, next}, filters, paging); phone links (201 {token, url, expires_on}; answered once);
// templates added by an administrator (201, 409 duplicate, 422 naming the item's field);
// another project's template → 404; the roles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, startServer } from './lib/server.mjs';

let srv;
const tok = {};
const P1 = 1;
let P2; // a second project
let signed; // a signed woman of P1
let memberPid; // the member account's participant
const base = (pid = P1) => `/api/v1/projects/${pid}`;
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);

async function call(login, path, json, status = 200, method = json === undefined ? 'GET' : 'POST') {
  const r = await api(srv.base, path, { method, token: tok[login], json });
  assert.equal(r.status, status, `${login} ${method} ${path}: ${r.text}`);
  return r.json;
}

const BELONG = { b1: 5, b2: 4, b3: 3, b4: 2, b5: 1 };

before(async () => {
  srv = await startServer();
  for (const l of ['admin', 'worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor'])
    tok[l] = await srv.tokenFor(l);
  P2 = (await call('admin', '/api/v1/projects', { name: '第二项目', community: '东关社区', capacity: 10 }, 201)).id;
  const list = await call('worker', `${base()}/participants?stage=signed&limit=50`);
  // the member answers for herself: her participant id comes back
  memberPid = (await call('member', `${base()}/surveys/belonging/responses`, { wave: 'endline', answers: BELONG }, 201))
    .participant_id;
  signed = list.items.map((p) => p.id).find((id) => id !== memberPid);
  assert.ok(signed, 'a signed woman in the demo');
});

after(async () => {
  await srv?.stop();
});

describe('templates', () => {
  test('GET /surveys lists the shipped templates with their fixed item keys', async () => {
    for (const who of ['admin', 'worker', 'supervisor', 'community', 'auditor', 'member']) {
      const r = await call(who, `${base()}/surveys`);
      assert.equal(r.next, null);
      const byKey = Object.fromEntries(r.items.map((t) => [t.key, t]));
      for (const k of ['satisfaction', 'loneliness', 'belonging', 'resident']) assert.ok(byKey[k], k);
      const keys = (k) => byKey[k].items.map((i) => i.key);
      assert.ok(keys('satisfaction').includes('overall'));
      assert.deepEqual(keys('belonging'), ['b1', 'b2', 'b3', 'b4', 'b5']);
      assert.deepEqual(keys('loneliness'), ['l1', 'l2', 'l3']);
      assert.ok(keys('resident').includes('environment') && keys('resident').includes('approval'));
      const overall = byKey.satisfaction.items.find((i) => i.key === 'overall');
      assert.equal(overall.min, 1);
      assert.equal(overall.max, 5);
      assert.equal(byKey.loneliness.items[0].max, 3);
      assert.equal(byKey.resident.respondent, 'resident');
      assert.ok(byKey.belonging.title_zh && byKey.belonging.title_en && byKey.belonging.title);
    }
    await call('leader', `${base()}/surveys`, undefined, 403);
    await call('partner', `${base()}/surveys`, undefined, 403);
  });

  test('one template with its counts per wave; unknown → 404; language', async () => {
    const t = await call('worker', `${base()}/surveys/belonging`);
    assert.deepEqual(t.items.map((i) => i.key), ['b1', 'b2', 'b3', 'b4', 'b5']);
    assert.equal(typeof t.waves.baseline, 'number');
    assert.equal(t.responses, Object.values(t.waves).reduce((a, b) => a + b, 0));
    await call('worker', `${base()}/surveys/nope`, undefined, 404);
    const en = await api(srv.base, `${base()}/surveys/belonging`, {
      token: tok.worker,
      headers: { 'Accept-Language': 'en' },
    });
    assert.equal(en.json.title, en.json.title_en);
    assert.equal(en.json.items[0].label, en.json.items[0].label_en);
  });

  test('an administrator adds a template; duplicates and bad items refused', async () => {
    const body = {
      key: 'wellbeing',
      title_zh: '幸福感',
      title_en: 'Wellbeing',
      respondent: 'participant',
      items: [
        { key: 'mood', kind: 'likert', label_zh: '心情', label_en: 'Mood', min: 0, max: 10 },
        { key: 'kids', kind: 'number', label_zh: '孩子数', min: 0, max: 10, required: false },
        { key: 'job', kind: 'choice', label_zh: '工作', choices: ['有', '没有'] },
        { key: 'note', kind: 'text', label_zh: '备注', required: false },
      ],
    };
    await call('worker', `${base()}/surveys`, body, 403);
    const t = await call('admin', `${base()}/surveys`, body, 201);
    assert.equal(t.key, 'wellbeing');
    assert.equal(t.items.length, 4);
    assert.equal(t.items[1].required, false);
    const dup = await call('admin', `${base()}/surveys`, body, 409);
    assert.equal(dup.error.code, 'duplicate');
    const shipped = await call('admin', `${base()}/surveys`, { ...body, key: 'belonging' }, 409);
    assert.equal(shipped.error.code, 'duplicate');
    const bad = (items, field) =>
      call('admin', `${base()}/surveys`, { ...body, key: 'other', items }, 422).then((e) =>
        assert.equal(e.error.field, field),
      );
    await bad([{ key: 'a', kind: 'likert', label_zh: 'x', min: 3, max: 3 }], 'items.0.max');
    await bad([{ key: 'a', kind: 'likert', label_zh: 'x', min: 1 }], 'items.0.max');
    await bad([{ key: 'a', kind: 'choice', label_zh: 'x', choices: ['one'] }], 'items.0.choices');
    await bad([{ key: 'A', kind: 'text', label_zh: 'x' }], 'items.0.key');
    await bad([{ key: 'a', kind: 'essay', label_zh: 'x' }], 'items.0.kind');
    await bad([{ key: 'a', kind: 'text', label_zh: 'x', colour: 'red' }], 'items.0.colour');
    await bad([], 'items');
    // the project's template: not in another project; answerable here
    await call('admin', `${base(P2)}/surveys/wellbeing`, undefined, 404);
    const r = await call('worker', `${base()}/surveys/wellbeing/responses`,
      { wave: 'adhoc', participant_id: signed, answers: { mood: 10, job: '没有' } }, 201);
    assert.deepEqual(r.answers, { mood: 10, job: 1 });
  });
});

describe('responses', () => {
  test('201 with the stored response; responded_on defaults to today', async () => {
    const r = await call('worker', `${base()}/surveys/belonging/responses`,
      { wave: 'baseline', participant_id: signed, answers: BELONG }, 201);
    assert.ok(Number.isInteger(r.id));
    assert.equal(r.template, 'belonging');
    assert.equal(r.wave, 'baseline');
    assert.equal(r.participant_id, signed);
    assert.equal(r.responded_on, today());
    assert.equal(r.entered_by, 'worker');
    assert.deepEqual(r.answers, BELONG);
    const s = await call('supervisor', `${base()}/surveys/satisfaction/responses`, {
      wave: 'endline', participant_id: signed, responded_on: '2024-03-01',
      answers: { overall: 5, training: 1, staff: 3, recommend: '不确定', comment: '很好' },
    }, 201);
    assert.equal(s.answers.recommend, 1);
    assert.equal(s.answers.comment, '很好');
    assert.equal(s.responded_on, '2024-03-01');
  });

  test('422 names the field; nothing is written', async () => {
    const before = (await call('worker', `${base()}/surveys/belonging`)).responses;
    const cases = [
      [{ wave: 'baseline', participant_id: signed, answers: { ...BELONG, b1: 6 } }, 'answers.b1'],
      [{ wave: 'baseline', participant_id: signed, answers: { ...BELONG, b3: 0 } }, 'answers.b3'],
      [{ wave: 'baseline', participant_id: signed, answers: { ...BELONG, b2: 2.5 } }, 'answers.b2'],
      [{ wave: 'baseline', participant_id: signed, answers: { ...BELONG, b9: 1 } }, 'answers.b9'],
      [{ wave: 'baseline', participant_id: signed, answers: { b1: 1, b2: 1, b3: 1, b4: 1 } }, 'answers.b5'],
      [{ wave: 'baseline', participant_id: signed, answers: { ...BELONG, b4: null } }, 'answers.b4'],
      [{ wave: 'final', participant_id: signed, answers: BELONG }, 'wave'],
      [{ participant_id: signed, answers: BELONG }, 'wave'],
      [{ wave: 'baseline', answers: BELONG }, 'participant_id'],
      [{ wave: 'baseline', participant_id: 999999, answers: BELONG }, 'participant_id'],
      [{ wave: 'baseline', participant_id: signed, responded_on: tomorrow(), answers: BELONG }, 'responded_on'],
      [{ wave: 'baseline', participant_id: signed, responded_on: '1999-12-31', answers: BELONG }, 'responded_on'],
      [{ wave: 'baseline', participant_id: signed, responded_on: '2024-13-01', answers: BELONG }, 'responded_on'],
      [{ wave: 'baseline', participant_id: signed }, 'answers'],
      [{ wave: 'baseline', participant_id: signed, answers: BELONG, extra: 1 }, 'extra'],
      [{ wave: 'baseline', participant_id: signed, answers: BELONG, resident: { name: '张' } }, 'resident.name'],
    ];
    for (const [body, field] of cases) {
      const e = await call('worker', `${base()}/surveys/belonging/responses`, body, 422);
      assert.equal(e.error.code, 'validation');
      assert.equal(e.error.field, field, JSON.stringify(body));
    }
    const res = await call('worker', `${base()}/surveys/resident/responses`,
      { wave: 'baseline', participant_id: signed, answers: { environment: 3, approval: 3, heard_of: 0 } }, 422);
    assert.equal(res.error.field, 'participant_id');
    assert.equal((await call('worker', `${base()}/surveys/belonging`)).responses, before);
    // malformed JSON
    const m = await api(srv.base, `${base()}/surveys/belonging/responses`, {
      method: 'POST', token: tok.worker, body: '{', headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(m.status, 400);
  });

  test('another project: the woman is not found there; its template is 404', async () => {
    await call('admin', `${base(P2)}/surveys/belonging/responses`,
      { wave: 'baseline', participant_id: signed, answers: BELONG }, 403);
    const r = await api(srv.base, `${base(P2)}/surveys/belonging/responses`, { token: tok.worker });
    assert.equal(r.status, 404);
  });

  test('roles: member for herself only; community staff residents only', async () => {
    if (memberPid) {
      const r = await call('member', `${base()}/surveys/belonging/responses`,
        { wave: 'endline', answers: BELONG }, 201);
      assert.equal(r.participant_id, memberPid);
      assert.equal(r.entered_by, 'self');
    }
    await call('member', `${base()}/surveys/belonging/responses`,
      { wave: 'endline', participant_id: signed, answers: BELONG }, 403);
    await call('member', `${base()}/surveys/resident/responses`,
      { wave: 'endline', answers: { environment: 3, approval: 3, heard_of: 0 } }, 403);
    await call('community', `${base()}/surveys/belonging/responses`,
      { wave: 'baseline', participant_id: signed, answers: BELONG }, 403);
    const res = await call('community', `${base()}/surveys/resident/responses`,
      { wave: 'baseline', resident: { name: '王阿姨' }, answers: { environment: 4, approval: 5, heard_of: '邻居或朋友' } }, 201);
    assert.equal(res.participant_id, null);
    assert.equal(res.answers.heard_of, 1);
    for (const who of ['admin', 'auditor', 'leader', 'partner'])
      await call(who, `${base()}/surveys/belonging/responses`, { wave: 'baseline', participant_id: signed, answers: BELONG }, 403);
  });

  test('the list: {items, next}, filters, paging, roles', async () => {
    const all = await call('supervisor', `${base()}/surveys/belonging/responses?limit=500`);
    assert.ok(all.items.length > 0);
    const p1 = await call('worker', `${base()}/surveys/belonging/responses?limit=2`);
    assert.equal(p1.items.length, 2);
    assert.ok(p1.next);
    const p2 = await call('worker', `${base()}/surveys/belonging/responses?limit=2&after=${p1.next}`);
    assert.ok(p2.items[0].id > p1.items[1].id);
    const mine = await call('auditor', `${base()}/surveys/belonging/responses?participant_id=${signed}&wave=baseline`);
    assert.ok(mine.items.length >= 1);
    for (const x of mine.items) {
      assert.equal(x.participant_id, signed);
      assert.equal(x.wave, 'baseline');
      assert.equal(x.name, null); // the evaluator reads without names
    }
    const e = await call('worker', `${base()}/surveys/belonging/responses?wave=final`, undefined, 422);
    assert.equal(e.error.field, 'wave');
    await call('community', `${base()}/surveys/belonging/responses`, undefined, 403);
    await call('member', `${base()}/surveys/belonging/responses`, undefined, 403);
    await call('worker', `${base()}/surveys/nope/responses`, undefined, 404);
  });
});

describe('phone links', () => {
  test('201 {token, url, expires_on}; answered once through the page', async () => {
    const l = await call('worker', `${base()}/surveys/loneliness/links`, { wave: 'midline', participant_id: signed }, 201);
    assert.match(l.token, /^[a-z2-7]{26}$/);
    assert.equal(l.url, `/s/${l.token}`);
    assert.match(l.expires_on, /^\d{4}-\d{2}-\d{2}$/);
    const page = await fetch(srv.base + l.url);
    assert.equal(page.status, 200);
    const e = await call('worker', `${base()}/surveys/loneliness/links`, { wave: 'midline' }, 422);
    assert.equal(e.error.field, 'participant_id');
    await call('community', `${base()}/surveys/loneliness/links`, { wave: 'midline', participant_id: signed }, 403);
    const s = await call('community', `${base()}/surveys/resident/links`, { wave: 'endline' }, 201);
    assert.equal(s.participant_id, null);
    for (const who of ['admin', 'auditor', 'member'])
      await call(who, `${base()}/surveys/resident/links`, { wave: 'endline' }, 403);
    const w = await call('worker', `${base()}/surveys/resident/links`, { wave: 'later' }, 422);
    assert.equal(w.error.field, 'wave');
  });
});
