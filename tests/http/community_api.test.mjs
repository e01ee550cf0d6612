// Community activities, friendship ties and mentorship over the JSON API, with every role.
// Set-up: the demo (project 1), an organisation-wide supervisor `sup_all`, and a second project
// with women, an activity, a tie and a mentorship of its own, for the "another project's id"
// checks. The demo may hold activities, ties and pairs of its own, so the counts are checked as
// differences, new ties join pairs that are not tied yet, and new pairs use fresh women.
// What is checked is what a client relies on: the status, the error's code and field, the
// documented shapes, and that a refused request wrote nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {}; // login -> API token
const P1 = 1;
let P2; // the second project
let signed; // ids of signed women of project 1 (the demo's)
let fresh; // ids of women created for this test in project 1 (stage signed_up)
let p2women; // two women of project 2
let p2activity;
let p2tie;
let p2pair;

const base = (pid) => `/api/v1/projects/${pid}`;
const ROLES_REFUSED_ACTIVITIES = ['admin', 'leader', 'member', 'partner', 'auditor'];
const ROLES_REFUSED_TIES = ['admin', 'community', 'leader', 'member', 'partner', 'auditor'];

// Dates in Shanghai, where the programme runs.
const shanghai = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
const TODAY = shanghai(TEST_NOW_MS);
const TOMORROW = shanghai(TEST_NOW_MS + 24 * 3600 * 1000);

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  const out = await runCliOk(args, { input: `taxiang-${login}\n` });
  return Number(out.trim());
}

function call(login, method, path, json) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json });
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

async function auditCount() {
  const r = await call('auditor', 'GET', '/api/v1/audit?limit=1');
  assert.equal(r.status, 200, r.text);
  return r.json.items.length ? r.json.items[0].id : 0;
}

async function newWoman(login, pid, name) {
  return (await ok(login, 'POST', `${base(pid)}/participants`, { name, source: 'outreach' }, 201)).id;
}

async function allTies(pid = P1) {
  const items = [];
  let after = '';
  for (;;) {
    const page = await ok('worker', 'GET', `${base(pid)}/ties?limit=500${after ? `&after=${after}` : ''}`);
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

/** Two signed women of project 1 who are not tied yet. */
async function untiedPair(exclude = []) {
  const tied = new Set((await allTies()).map((t) => `${t.a}-${t.b}`));
  for (const a of signed) {
    for (const b of signed) {
      if (a >= b || exclude.includes(a) || exclude.includes(b)) continue;
      if (!tied.has(`${a}-${b}`)) return [a, b];
    }
  }
  throw new Error('no untied pair of signed women');
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  await addUser('sup_all', 'supervisor', 0);
  for (const login of ['admin', 'worker', 'supervisor', 'sup_all', 'community', 'leader', 'member', 'partner', 'auditor']) {
    tok[login] = await srv.tokenFor(login);
  }
  const list = await ok('worker', 'GET', `${base(P1)}/participants?stage=signed&limit=30`);
  signed = list.items.map((p) => p.id).sort((x, y) => x - y);
  assert.ok(signed.length >= 10, 'the demo has signed women');
  fresh = [];
  for (let i = 0; i < 4; i++) fresh.push(await newWoman('worker', P1, `社区测试${i}`));

  P2 = (await ok('admin', 'POST', '/api/v1/projects', { name: '另一个项目', community: '东关社区', capacity: 10 }, 201)).id;
  p2women = [await newWoman('sup_all', P2, '别处的她'), await newWoman('sup_all', P2, '别处的朋友')];
  p2activity = (await ok('sup_all', 'POST', `${base(P2)}/activities`, { title: '别处的活动', kind: 'advocacy', held_on: '2024-05-01' }, 201)).id;
  p2tie = (await ok('sup_all', 'POST', `${base(P2)}/ties`, { a: p2women[0], b: p2women[1], formed_on: '2024-05-01' }, 201)).id;
  p2pair = (await ok('sup_all', 'POST', `${base(P2)}/mentorships`, { mentor_id: p2women[0], mentee_id: p2women[1], started_on: '2024-05-01' }, 201)).id;
});

after(async () => {
  await srv?.stop();
});

test('every community route answers 401 without a token', async () => {
  const routes = [
    ['POST', 'activities'], ['GET', 'activities'], ['GET', 'activities/1'], ['PUT', 'activities/1/attendance'],
    ['GET', 'activities/1/attendance'], ['POST', 'activities/1/checkin-code'], ['GET', 'community/summary'],
    ['POST', 'ties'], ['GET', 'ties'], ['DELETE', 'ties/1'], ['GET', 'ties/counts'], ['POST', 'mentorships'],
    ['GET', 'mentorships'], ['GET', 'mentorships/reach'], ['GET', 'mentorships/1'], ['POST', 'mentorships/1/meetings'],
    ['GET', 'mentorships/1/meetings'], ['POST', 'mentorships/1/end'],
  ];
  for (const [method, p] of routes) {
    const r = await api(srv.base, `${base(P1)}/${p}`, { method, json: method === 'GET' || method === 'DELETE' ? undefined : {} });
    assert.equal(r.status, 401, `${method} ${p}: ${r.text}`);
    assert.equal(r.json.error.code, 'unauthorized');
  }
});

describe('activities', () => {
  let aid; // an integration activity in 2024, with a roll call
  let vol; // a volunteer activity in 2024
  let later; // an activity tomorrow

  test('POST /activities: 201 with the documented shape and defaults', async () => {
    const a = await ok('worker', 'POST', `${base(P1)}/activities`, { title: '包饺子联欢', kind: 'integration', held_on: '2024-05-20' }, 201);
    aid = a.id;
    assert.deepEqual(a, {
      id: a.id, title: '包饺子联欢', kind: 'integration', held_on: '2024-05-20',
      starts_at: '2024-05-20T09:00:00+08:00', minutes: 120, place: null, present: 0, guests: 0,
    });
    const b = await ok('community', 'POST', `${base(P1)}/activities`, {
      title: '  社区志愿服务  ', kind: 'volunteer', held_on: '2024-05-21', start_time: '14:30', minutes: 90, place: '社区广场',
    }, 201);
    vol = b.id;
    assert.equal(b.title, '社区志愿服务');
    assert.equal(b.starts_at, '2024-05-21T14:30:00+08:00');
    assert.equal(b.minutes, 90);
    assert.equal(b.place, '社区广场');
    later = (await ok('supervisor', 'POST', `${base(P1)}/activities`, { title: '明天的活动', kind: 'open_class', held_on: TOMORROW, start_time: '19:00' }, 201)).id;
  });

  test('POST /activities: 422 naming the field, nothing written', async () => {
    const before = await auditCount();
    const p = `${base(P1)}/activities`;
    await refused('worker', 'POST', p, { kind: 'integration', held_on: '2024-05-20' }, 422, 'validation', 'title');
    await refused('worker', 'POST', p, { title: 'x'.repeat(101), kind: 'integration', held_on: '2024-05-20' }, 422, 'validation', 'title');
    await refused('worker', 'POST', p, { title: 'x', kind: 'party', held_on: '2024-05-20' }, 422, 'validation', 'kind');
    await refused('worker', 'POST', p, { title: 'x', kind: 'integration', held_on: '2024-02-30' }, 422, 'validation', 'held_on');
    await refused('worker', 'POST', p, { title: 'x', kind: 'integration' }, 422, 'validation', 'held_on');
    await refused('worker', 'POST', p, { title: 'x', kind: 'integration', held_on: '2024-05-20', start_time: '25:00' }, 422, 'validation', 'start_time');
    await refused('worker', 'POST', p, { title: 'x', kind: 'integration', held_on: '2024-05-20', minutes: 0 }, 422, 'validation', 'minutes');
    await refused('worker', 'POST', p, { title: 'x', kind: 'integration', held_on: '2024-05-20', minutes: 1441 }, 422, 'validation', 'minutes');
    await refused('worker', 'POST', p, { title: 'x', kind: 'integration', held_on: '2024-05-20', colour: 'red' }, 422, 'validation', 'colour');
    const en = await api(srv.base, p, { method: 'POST', token: tok.worker, json: { kind: 'integration', held_on: '2024-05-20' }, headers: { 'Accept-Language': 'en' } });
    assert.equal(en.status, 422);
    assert.match(en.json.error.message, /title/);
    assert.equal(await auditCount(), before);
  });

  test('roles: 401 without a token, 403 for the roles that do not run activities', async () => {
    const r = await api(srv.base, `${base(P1)}/activities`);
    assert.equal(r.status, 401);
    for (const login of ROLES_REFUSED_ACTIVITIES) {
      await refused(login, 'GET', `${base(P1)}/activities`, undefined, 403, 'forbidden');
      await refused(login, 'POST', `${base(P1)}/activities`, { title: 'x', kind: 'integration', held_on: '2024-05-20' }, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/activities/${aid}`, undefined, 403, 'forbidden');
      await refused(login, 'PUT', `${base(P1)}/activities/${aid}/attendance`, { participant_ids: [] }, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/activities/${aid}/attendance`, undefined, 403, 'forbidden');
      await refused(login, 'POST', `${base(P1)}/activities/${later}/checkin-code`, undefined, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/community/summary`, undefined, 403, 'forbidden');
    }
  });

  test('GET /activities/{aid}: 200; another project\'s activity is 404', async () => {
    const a = await ok('community', 'GET', `${base(P1)}/activities/${aid}`);
    assert.equal(a.title, '包饺子联欢');
    await refused('worker', 'GET', `${base(P1)}/activities/${p2activity}`, undefined, 404, 'not_found');
    await refused('sup_all', 'GET', `${base(P2)}/activities/${aid}`, undefined, 404, 'not_found');
    await refused('worker', 'GET', `${base(P2)}/activities/${p2activity}`, undefined, 404, 'not_found');
    await refused('worker', 'GET', `${base(P1)}/activities/999999`, undefined, 404, 'not_found');
  });

  test('GET /activities: newest first, filters by date and kind, pages with next', async () => {
    const all = await ok('worker', 'GET', `${base(P1)}/activities?from=2024-01-01&to=2024-12-31`);
    assert.deepEqual(all.items.map((a) => a.held_on), ['2024-05-21', '2024-05-20']);
    assert.equal(all.next, null);
    const vol = await ok('worker', 'GET', `${base(P1)}/activities?from=2024-01-01&kind=volunteer`);
    assert.ok(vol.items.length >= 1);
    assert.ok(vol.items.every((a) => a.kind === 'volunteer'));
    const page1 = await ok('worker', 'GET', `${base(P1)}/activities?from=2024-01-01&to=2024-12-31&limit=1`);
    assert.equal(page1.items.length, 1);
    assert.equal(page1.items[0].held_on, '2024-05-21');
    assert.equal(page1.next, '1');
    const page2 = await ok('worker', 'GET', `${base(P1)}/activities?from=2024-01-01&to=2024-12-31&limit=1&after=${page1.next}`);
    assert.equal(page2.items[0].id, aid);
    assert.equal(page2.next, null);
    await refused('worker', 'GET', `${base(P1)}/activities?kind=party`, undefined, 422, 'validation', 'kind');
    await refused('worker', 'GET', `${base(P1)}/activities?from=2024-13-01`, undefined, 422, 'validation', 'from');
    const p2 = await ok('sup_all', 'GET', `${base(P2)}/activities`);
    assert.deepEqual(p2.items.map((a) => a.id), [p2activity]);
  });

  test('PUT /activities/{aid}/attendance: the whole list, guests counted once per phone, idempotent', async () => {
    const path = `${base(P1)}/activities/${aid}/attendance`;
    const body = {
      participant_ids: [signed[1], signed[0], signed[1]],
      guests: [{ name: '居民王阿姨', phone: '138 0013 8000' }, { name: '邻居小张' }, { name: '王阿姨', phone: '+86 13800138000' }],
    };
    const r = await ok('community', 'PUT', path, body);
    assert.deepEqual(r, {
      participant_ids: [signed[0], signed[1]],
      guests: [{ name: '居民王阿姨', phone: '13800138000' }, { name: '邻居小张' }],
    });
    assert.deepEqual(await ok('worker', 'PUT', path, body), r);
    assert.deepEqual(await ok('worker', 'GET', path), r);
    const a = await ok('worker', 'GET', `${base(P1)}/activities/${aid}`);
    assert.equal(a.present, 2);
    assert.equal(a.guests, 2);
  });

  test('PUT attendance: refusals change nothing', async () => {
    const path = `${base(P1)}/activities/${aid}/attendance`;
    const was = await ok('worker', 'GET', path);
    const before = await auditCount();
    await refused('worker', 'PUT', path, { participant_ids: [signed[2], 999999] }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { participant_ids: [signed[2], p2women[0]] }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { participant_ids: [0] }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { participant_ids: ['12'] }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { participant_ids: 12 }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { guests: [] }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { participant_ids: new Array(2001).fill(signed[0]) }, 422, 'validation', 'participant_ids');
    await refused('worker', 'PUT', path, { participant_ids: [], guests: {} }, 422, 'validation', 'guests');
    await refused('worker', 'PUT', path, { participant_ids: [], guests: [{ phone: '13800138000' }] }, 422, 'validation', 'guests');
    await refused('worker', 'PUT', path, { participant_ids: [], guests: [{ name: '甲', age: 40 }] }, 422, 'validation', 'guests');
    await refused('worker', 'PUT', path, { participant_ids: [], guests: ['甲'] }, 422, 'validation', 'guests');
    await refused('worker', 'PUT', path, { participant_ids: [], guests: [{ name: '甲', phone: '12345' }] }, 422, 'validation', 'guests');
    await refused('worker', 'PUT', path, { participant_ids: [], guests: [{ name: '  ' }] }, 422, 'validation', 'guests');
    await refused('worker', 'PUT', path, { participant_ids: [], extra: 1 }, 422, 'validation', 'extra');
    await refused('worker', 'PUT', `${base(P1)}/activities/${later}/attendance`, { participant_ids: [signed[0]] }, 409, 'not_started');
    await refused('worker', 'PUT', `${base(P1)}/activities/${p2activity}/attendance`, { participant_ids: [] }, 404, 'not_found');
    const bad = await api(srv.base, path, { method: 'PUT', token: tok.worker, body: '{"participant_ids": [', headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(await ok('worker', 'GET', path), was);
    assert.equal(await auditCount(), before);
  });

  test('GET /activities/{aid}/attendance: 404 for another project\'s activity', async () => {
    await refused('worker', 'GET', `${base(P1)}/activities/${p2activity}/attendance`, undefined, 404, 'not_found');
    const empty = await ok('sup_all', 'GET', `${base(P2)}/activities/${p2activity}/attendance`);
    assert.deepEqual(empty, { participant_ids: [], guests: [] });
  });

  test('POST /activities/{aid}/checkin-code: 201 with a sign-in address; past activities and other projects refused', async () => {
    const code = await ok('community', 'POST', `${base(P1)}/activities/${later}/checkin-code`, undefined, 201);
    assert.match(code.token, /^[a-z2-7]{26}$/i);
    assert.ok(code.url.endsWith(`/checkin/${code.token}`), code.url);
    assert.match(code.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.ok(code.expires_at.startsWith(TOMORROW) || code.expires_at > `${TOMORROW}T19:00`);
    const again = await ok('worker', 'POST', `${base(P1)}/activities/${later}/checkin-code`, {}, 201);
    assert.notEqual(again.token, code.token);
    // without --trust-proxy a client's X-Forwarded-Proto is not believed
    const spoof = await api(srv.base, `${base(P1)}/activities/${later}/checkin-code`, {
      method: 'POST', token: await srv.tokenFor('worker'), json: {}, headers: { 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(spoof.status, 201, spoof.text);
    assert.ok(spoof.json.url.startsWith('http://'), spoof.json.url);
    await refused('worker', 'POST', `${base(P1)}/activities/${aid}/checkin-code`, undefined, 409, 'expired');
    await refused('worker', 'POST', `${base(P1)}/activities/${p2activity}/checkin-code`, undefined, 404, 'not_found');
    await refused('worker', 'POST', `${base(P1)}/activities/${later}/checkin-code`, { expires_at: 'soon' }, 422, 'validation', 'expires_at');
  });

  test('GET /community/summary: activities by kind, women reached, guest visits, volunteer minutes', async () => {
    const before = await ok('community', 'GET', `${base(P1)}/community/summary?as_of=2024-05-19`);
    const s = await ok('community', 'GET', `${base(P1)}/community/summary?as_of=2024-12-31`);
    assert.deepEqual(Object.keys(s.activities).sort(), ['advocacy', 'integration', 'open_class', 'volunteer']);
    assert.equal(s.activities.integration - before.activities.integration, 1);
    assert.equal(s.activities.volunteer - before.activities.volunteer, 1);
    assert.equal(s.guest_visits - before.guest_visits, 2);
    // the volunteer activity of 2024-05-21 gets a roll call: its 90 minutes count per woman
    await ok('worker', 'PUT', `${base(P1)}/activities/${vol}/attendance`, { participant_ids: [signed[0], signed[2]] });
    const s2 = await ok('community', 'GET', `${base(P1)}/community/summary?as_of=2024-12-31`);
    assert.equal(s2.volunteer_minutes - s.volunteer_minutes, 180);
    assert.ok(s2.women_reached >= 3);
    const p2 = await ok('sup_all', 'GET', `${base(P2)}/community/summary`);
    assert.deepEqual(p2, { activities: { integration: 0, advocacy: 1, open_class: 0, volunteer: 0 }, women_reached: 0, guest_visits: 0, volunteer_minutes: 0 });
    await refused('worker', 'GET', `${base(P1)}/community/summary?as_of=yesterday`, undefined, 422, 'validation', 'as_of');
  });
});

describe('ties', () => {
  let pair; // [a, b], signed, tied by this test
  let tid;

  test('POST /ties: 201 tie_json, stored a < b', async () => {
    pair = await untiedPair();
    const t = await ok('worker', 'POST', `${base(P1)}/ties`, { a: pair[1], b: pair[0], formed_on: '2024-05-01', source: 'survey' }, 201);
    tid = t.id;
    assert.equal(t.a, pair[0]);
    assert.equal(t.b, pair[1]);
    assert.equal(typeof t.a_name, 'string');
    assert.ok(t.a_name.length > 0 && t.b_name.length > 0);
    assert.equal(t.formed_on, '2024-05-01');
    assert.equal(t.source, 'survey');
    const u = await ok('supervisor', 'POST', `${base(P1)}/ties`, { a: fresh[0], b: fresh[1] }, 201);
    assert.equal(u.formed_on, TODAY);
    assert.equal(u.source, 'worker');
  });

  test('POST /ties: 409 duplicate (either order) with the existing id; 422 and 404 naming the field', async () => {
    const before = await auditCount();
    const p = `${base(P1)}/ties`;
    let e = await refused('worker', 'POST', p, { a: pair[0], b: pair[1] }, 409, 'duplicate');
    assert.equal(e.existing_id, tid);
    e = await refused('supervisor', 'POST', p, { a: pair[1], b: pair[0], source: 'worker' }, 409, 'duplicate');
    assert.equal(e.existing_id, tid);
    await refused('worker', 'POST', p, { a: pair[0], b: pair[0] }, 422, 'validation', 'b');
    await refused('worker', 'POST', p, { a: pair[0], b: p2women[0] }, 404, 'not_found', 'b');
    await refused('worker', 'POST', p, { a: 999999, b: pair[0] }, 404, 'not_found', 'a');
    await refused('worker', 'POST', p, { a: fresh[2], b: fresh[3], formed_on: '2999-01-01' }, 422, 'validation', 'formed_on');
    await refused('worker', 'POST', p, { a: fresh[2], b: fresh[3], source: 'rumour' }, 422, 'validation', 'source');
    await refused('worker', 'POST', p, { a: fresh[2] }, 422, 'validation', 'b');
    await refused('worker', 'POST', p, { a: 0, b: fresh[3] }, 422, 'validation', 'a');
    await refused('worker', 'POST', p, { a: String(fresh[2]), b: fresh[3] }, 422, 'validation', 'a');
    assert.equal(await auditCount(), before);
  });

  test('roles: 401, 403 (community staff included) on every ties route', async () => {
    assert.equal((await api(srv.base, `${base(P1)}/ties`)).status, 401);
    assert.equal((await api(srv.base, `${base(P1)}/ties/${tid}`, { method: 'DELETE' })).status, 401);
    for (const login of ROLES_REFUSED_TIES) {
      await refused(login, 'POST', `${base(P1)}/ties`, { a: fresh[2], b: fresh[3] }, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/ties`, undefined, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/ties/counts`, undefined, 403, 'forbidden');
      await refused(login, 'DELETE', `${base(P1)}/ties/${tid}`, undefined, 403, 'forbidden');
    }
  });

  test('GET /ties: {items, next}, paged by id; another project\'s ties are its own', async () => {
    const all = await allTies();
    assert.ok(all.some((t) => t.id === tid));
    const first = await ok('worker', 'GET', `${base(P1)}/ties?limit=1`);
    assert.equal(first.items.length, 1);
    assert.equal(first.next, String(first.items[0].id));
    const second = await ok('worker', 'GET', `${base(P1)}/ties?limit=1&after=${first.next}`);
    assert.ok(second.items[0].id > first.items[0].id);
    const p2 = await ok('sup_all', 'GET', `${base(P2)}/ties`);
    assert.deepEqual(p2.items.map((t) => t.id), [p2tie]);
    assert.equal(p2.next, null);
  });

  test('GET /ties/counts: every signed woman with her new friends, cut off at as_of', async () => {
    const now = await ok('worker', 'GET', `${base(P1)}/ties/counts`);
    const before = await ok('worker', 'GET', `${base(P1)}/ties/counts?as_of=2024-04-30`);
    const at = (list, id) => list.items.find((i) => i.participant_id === id);
    assert.ok(now.items.length >= signed.length);
    for (const i of now.items) {
      assert.deepEqual(Object.keys(i).sort(), ['friends', 'name', 'participant_id', 'stage']);
      assert.ok(['signed', 'exited'].includes(i.stage));
    }
    assert.equal(at(now, pair[0]).friends - at(before, pair[0]).friends, 1);
    assert.equal(at(now, pair[1]).friends - at(before, pair[1]).friends, 1);
    assert.equal(at(now, fresh[0]), undefined, 'women not signed are not counted');
    const early = await ok('worker', 'GET', `${base(P1)}/ties/counts?as_of=1990-01-01`);
    assert.ok(early.items.every((i) => i.friends === 0), 'zero is listed');
    await refused('worker', 'GET', `${base(P1)}/ties/counts?as_of=2024-02-30`, undefined, 422, 'validation', 'as_of');
  });

  test('DELETE /ties/{tid}: 204, then 404; another project\'s tie is 404', async () => {
    await refused('worker', 'DELETE', `${base(P1)}/ties/${p2tie}`, undefined, 404, 'not_found');
    const before = await ok('worker', 'GET', `${base(P1)}/ties/counts`);
    const r = await call('supervisor', 'DELETE', `${base(P1)}/ties/${tid}`);
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, '');
    await refused('supervisor', 'DELETE', `${base(P1)}/ties/${tid}`, undefined, 404, 'not_found');
    const afterwards = await ok('worker', 'GET', `${base(P1)}/ties/counts`);
    const at = (list, id) => list.items.find((i) => i.participant_id === id).friends;
    assert.equal(at(before, pair[0]) - at(afterwards, pair[0]), 1);
    assert.ok(!(await allTies()).some((t) => t.id === tid));
    assert.deepEqual((await ok('sup_all', 'GET', `${base(P2)}/ties`)).items.map((t) => t.id), [p2tie]);
  });
});

describe('mentorship', () => {
  let mid; // fresh[0] mentors fresh[1]
  let outside; // fresh[0] mentors someone outside the programme

  test('POST /mentorships: 201 with the newcomer\'s progress; an outside newcomer by name', async () => {
    const m = await ok('worker', 'POST', `${base(P1)}/mentorships`, { mentor_id: fresh[0], mentee_id: fresh[1], started_on: '2024-03-01' }, 201);
    mid = m.id;
    assert.equal(m.mentor_id, fresh[0]);
    assert.equal(m.mentor_name, '社区测试0');
    assert.equal(m.mentee_id, fresh[1]);
    assert.equal(m.mentee_name, '社区测试1');
    assert.equal(m.started_on, '2024-03-01');
    assert.equal(m.ended_on, null);
    assert.equal(m.meetings, 0);
    assert.equal(m.reached, 0);
    assert.equal(m.last_met, null);
    assert.deepEqual(m.progress, { attendance: { expected: 0, attended: 0, rate_bp: null }, skills: 0 });
    const o = await ok('supervisor', 'POST', `${base(P1)}/mentorships`, { mentor_id: fresh[0], mentee_name: '老乡李姐' }, 201);
    outside = o.id;
    assert.equal(o.mentee_id, null);
    assert.equal(o.mentee_name, '老乡李姐');
    assert.equal(o.started_on, TODAY);
    assert.equal('progress' in o, false);
    // a signed newcomer: her training shows in her progress
    const s = await ok('worker', 'POST', `${base(P1)}/mentorships`, { mentor_id: fresh[2], mentee_id: signed[0], started_on: '2024-01-01' }, 201);
    assert.equal(typeof s.progress.attendance.expected, 'number');
    assert.equal(typeof s.progress.skills, 'number');
  });

  test('POST /mentorships: refusals naming the field, 409 duplicate, 404 another project\'s woman', async () => {
    const before = await auditCount();
    const p = `${base(P1)}/mentorships`;
    const e = await refused('worker', 'POST', p, { mentor_id: fresh[0], mentee_id: fresh[1] }, 409, 'duplicate');
    assert.equal(e.existing_id, mid);
    await refused('worker', 'POST', p, { mentor_id: fresh[0], mentee_id: fresh[0] }, 422, 'validation', 'mentee_id');
    await refused('worker', 'POST', p, { mentor_id: fresh[0] }, 422, 'validation', 'mentee_name');
    await refused('worker', 'POST', p, { mentor_id: fresh[0], mentee_id: fresh[3], mentee_name: '两个都填' }, 422, 'validation', 'mentee_name');
    await refused('worker', 'POST', p, { mentor_id: fresh[0], mentee_name: 'x'.repeat(51) }, 422, 'validation', 'mentee_name');
    await refused('worker', 'POST', p, { mentor_id: fresh[0], mentee_id: fresh[3], started_on: '2999-01-01' }, 422, 'validation', 'started_on');
    await refused('worker', 'POST', p, { mentee_id: fresh[3] }, 422, 'validation', 'mentor_id');
    await refused('worker', 'POST', p, { mentor_id: fresh[0], mentee_id: p2women[0] }, 404, 'not_found', 'mentee_id');
    await refused('worker', 'POST', p, { mentor_id: p2women[0], mentee_id: fresh[3] }, 404, 'not_found', 'mentor_id');
    assert.equal(await auditCount(), before);
  });

  test('roles: 401, 403 (community staff included) on every mentorship route', async () => {
    assert.equal((await api(srv.base, `${base(P1)}/mentorships`)).status, 401);
    for (const login of ROLES_REFUSED_TIES) {
      await refused(login, 'POST', `${base(P1)}/mentorships`, { mentor_id: fresh[2], mentee_id: fresh[3] }, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/mentorships`, undefined, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/mentorships/reach`, undefined, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/mentorships/${mid}`, undefined, 403, 'forbidden');
      await refused(login, 'POST', `${base(P1)}/mentorships/${mid}/meetings`, { notes: 'x' }, 403, 'forbidden');
      await refused(login, 'GET', `${base(P1)}/mentorships/${mid}/meetings`, undefined, 403, 'forbidden');
      await refused(login, 'POST', `${base(P1)}/mentorships/${mid}/end`, {}, 403, 'forbidden');
    }
  });

  test('meetings: 201 mentor_meeting_json, newest first; refusals', async () => {
    const path = `${base(P1)}/mentorships/${mid}/meetings`;
    const reachBefore = await ok('worker', 'GET', `${base(P1)}/mentorships/reach?as_of=2024-12-31`);
    const k1 = await ok('worker', 'POST', path, { held_on: '2024-03-05', notes: '第一次见面\n带她认识社区', progress: '会坐公交了', reached: 2 }, 201);
    assert.deepEqual(k1, { id: k1.id, held_on: '2024-03-05', notes: '第一次见面\n带她认识社区', progress: '会坐公交了', reached: 2 });
    const k2 = await ok('supervisor', 'POST', path, { held_on: '2024-04-01', notes: '一起去夜校' }, 201);
    assert.equal(k2.progress, null);
    assert.equal(k2.reached, 0);
    await ok('worker', 'POST', `${base(P1)}/mentorships/${outside}/meetings`, { notes: '老乡聚会', reached: 5 }, 201);
    const before = await auditCount();
    await refused('worker', 'POST', path, { held_on: '2024-02-28', notes: 'x' }, 422, 'validation', 'held_on');
    await refused('worker', 'POST', path, { held_on: '2999-01-01', notes: 'x' }, 422, 'validation', 'held_on');
    await refused('worker', 'POST', path, { held_on: '2024-03-05' }, 422, 'validation', 'notes');
    await refused('worker', 'POST', path, { notes: 'x'.repeat(2001) }, 422, 'validation', 'notes');
    await refused('worker', 'POST', path, { notes: 'x', reached: 1001 }, 422, 'validation', 'reached');
    await refused('worker', 'POST', path, { notes: 'x', reached: -1 }, 422, 'validation', 'reached');
    await refused('worker', 'POST', `${base(P1)}/mentorships/${p2pair}/meetings`, { notes: 'x' }, 404, 'not_found');
    assert.equal(await auditCount(), before);
    const list = await ok('worker', 'GET', path);
    assert.deepEqual(list.items.map((k) => k.id), [k2.id, k1.id]);
    assert.equal(list.next, null);
    await refused('worker', 'GET', `${base(P1)}/mentorships/${p2pair}/meetings`, undefined, 404, 'not_found');
    const m = await ok('worker', 'GET', `${base(P1)}/mentorships/${mid}`);
    assert.equal(m.meetings, 2);
    assert.equal(m.reached, 2);
    assert.equal(m.last_met, '2024-04-01');
    const reach = await ok('worker', 'GET', `${base(P1)}/mentorships/reach?as_of=2024-12-31`);
    assert.equal(reach.further - reachBefore.further, 2);
    assert.equal(reach.total, reach.newcomers + reach.further);
  });

  test('GET /mentorships and /reach: lists and sums; another project\'s pair is 404', async () => {
    const list = await ok('supervisor', 'GET', `${base(P1)}/mentorships?limit=500`);
    assert.ok(list.items.some((m) => m.id === mid));
    assert.ok(list.items.some((m) => m.id === outside && m.mentee_id === null));
    assert.equal(list.next, null);
    const one = await ok('worker', 'GET', `${base(P1)}/mentorships?limit=1`);
    assert.equal(one.items.length, 1);
    assert.equal(one.next, String(one.items[0].id));
    await refused('worker', 'GET', `${base(P1)}/mentorships/${p2pair}`, undefined, 404, 'not_found');
    const p2 = await ok('sup_all', 'GET', `${base(P2)}/mentorships/reach`);
    assert.deepEqual(p2, { pairs: 1, mentors: 1, newcomers: 1, further: 0, total: 1 });
    const all = await ok('worker', 'GET', `${base(P1)}/mentorships/reach`);
    assert.ok(all.pairs >= 3);
    assert.equal(all.total, all.newcomers + all.further);
    await refused('worker', 'GET', `${base(P1)}/mentorships/reach?as_of=2024-1-1`, undefined, 422, 'validation', 'as_of');
  });

  test('POST /mentorships/{mid}/end: 200 with ended_on; twice 409; before the start 422', async () => {
    const path = `${base(P1)}/mentorships/${mid}/end`;
    await refused('worker', 'POST', path, { ended_on: '2024-02-01' }, 422, 'validation', 'ended_on');
    await refused('worker', 'POST', path, { ended_on: '2999-01-01' }, 422, 'validation', 'ended_on');
    await refused('worker', 'POST', `${base(P1)}/mentorships/${p2pair}/end`, {}, 404, 'not_found');
    const m = await ok('worker', 'POST', path, { ended_on: '2024-05-31' });
    assert.equal(m.ended_on, '2024-05-31');
    await refused('worker', 'POST', path, {}, 409, 'conflict');
    const o = await ok('supervisor', 'POST', `${base(P1)}/mentorships/${outside}/end`, {});
    assert.equal(o.ended_on, TODAY);
  });
});
