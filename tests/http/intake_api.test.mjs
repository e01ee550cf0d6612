// The JSON API of participants and the intake pipeline (/api/v1/projects/{pid}/participants…,
// …/rubric): every endpoint, every refusal (401, 403 by role, 404 for another project's
// participant and for a participant of project A addressed under project B, 400, 413, 415,
// 422 with its field, the 409 codes), the whole pipeline from sign-up to exit with a
// supervisor's final review, and messages in English with Accept-Language: en.
// Each refused write is checked to have changed nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, runCliOk, startServer } from './lib/server.mjs';

const ID_A = '610802199207041231'; // valid; masked 610802********1231
const ID_X = '61080219900101123X'; // check digit X
const ID_B = '610802198505201235';
const ID_C = '610802199509091234';

/** Today and tomorrow in Shanghai (the server's calendar). */
const shanghai = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shanghai(Date.now());
const TOMORROW = shanghai(Date.now() + 86400e3);

let srv;
const tok = {}; // login -> token
let p2; // a second project, capacity 1
let xiaoliId; // a social worker of project 1 (for assignment)

before(async () => {
  srv = await startServer();
  const logins = ['admin', 'worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor'];
  for (const l of logins) tok[l] = await srv.tokenFor(l);
  // accounts of every project (no --project): a social worker and a supervisor
  for (const [login, role] of [['roamer', 'social_worker'], ['chief', 'supervisor']]) {
    await runCliOk(['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'], {
      input: 'correct horse battery\n',
    });
    tok[login] = await srv.tokenFor(login);
  }
  const out = await runCliOk(
    ['user', 'add', '--db', srv.db, '--login', 'xiaoli', '--role', 'social_worker', '--project', '1', '--password-stdin'],
    { input: 'correct horse battery\n' },
  );
  xiaoliId = Number(out.trim());
  const r = await api(srv.base, '/api/v1/projects', {
    method: 'POST',
    token: tok.admin,
    json: { name: '小项目', community: '南关社区', capacity: 1 },
  });
  assert.equal(r.status, 201, r.text);
  p2 = r.json.id;
});
after(async () => {
  await srv?.stop();
});

// ---- helpers -------------------------------------------------------------------------------

/** A request under /api/v1/projects/{pid}. */
function call(method, path, { token = tok.worker, json, body, headers, pid = 1 } = {}) {
  return api(srv.base, `/api/v1/projects/${pid}${path}`, { method, token, json, body, headers });
}

function ok(r, status) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
  return r.json;
}

/** An error response with its status, code and (when given) field. */
function refused(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
  assert.equal(r.json.error.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  return r.json.error;
}

let seq = 0;
/** A new participant of a project (by a social worker); returns her as the API does. */
async function signUp(fields = {}, { token = tok.worker, pid = 1 } = {}) {
  seq += 1;
  const json = { name: `参与者${seq}`, source: 'outreach', ...fields };
  return ok(await call('POST', '/participants', { token, pid, json }), 201);
}

async function getOne(id, { token = tok.worker, pid = 1 } = {}) {
  return ok(await call('GET', `/participants/${id}`, { token, pid }), 200);
}

async function timeline(id, { token = tok.worker, pid = 1 } = {}) {
  return ok(await call('GET', `/participants/${id}/transitions`, { token, pid }), 200).items;
}

async function move(id, json, { token = tok.worker, pid = 1 } = {}) {
  return call('POST', `/participants/${id}/transitions`, { token, pid, json });
}

async function moveOk(id, json, opts) {
  const p = ok(await move(id, json, opts), 200);
  assert.equal(p.stage, json.to);
  return p;
}

const visitAnswers = (over = {}) => ({
  children_at_school: true,
  husband_away: true,
  free_time: 4,
  learning_ability: 4,
  will_to_work: 5,
  ability_to_work: 4,
  family: '丈夫在外地打工，两个孩子上小学',
  skills: '缝纫',
  needs: '希望学习电商',
  monthly_income_fen: 80000,
  ...over,
});
// the default rubric (15 10 15 20 25 15): 15 + 10 + 11 + 15 + 25 + 11
const VISIT_SCORE = 87;

async function homeVisit(id, over = {}, { token = tok.worker, pid = 1, extra = {} } = {}) {
  return call('POST', `/participants/${id}/assessments`, {
    token,
    pid,
    json: { kind: 'home_visit', answers: visitAnswers(over), ...extra },
  });
}

async function finalReview(id, approved, { token = tok.supervisor, pid = 1, note } = {}) {
  const json = { kind: 'final_review', approved };
  if (note) json.answers = { note };
  return call('POST', `/participants/${id}/assessments`, { token, pid, json });
}

const SIGN = { to: 'signed', consent_version: '2024-v1', consent_method: 'paper', consent_purposes: ['service'] };

/** A new participant walked to a stage through the API. */
async function atStage(stage, { pid = 1, worker = tok.worker, supervisor = tok.supervisor } = {}) {
  const p = await signUp({}, { token: worker, pid });
  const o = { token: worker, pid };
  if (stage === 'signed_up') return p.id;
  if (stage === 'rejected' || stage === 'waitlisted') {
    await moveOk(p.id, { to: stage, reason: '名额已满' }, o);
    return p.id;
  }
  await moveOk(p.id, { to: 'registry_screened' }, o);
  if (stage === 'registry_screened') return p.id;
  ok(await homeVisit(p.id, {}, o), 201);
  await moveOk(p.id, { to: 'home_visited' }, o);
  if (stage === 'home_visited') return p.id;
  await moveOk(p.id, { to: 'final_review' }, o);
  ok(await finalReview(p.id, true, { token: supervisor, pid }), 201);
  if (stage === 'final_review') return p.id;
  await moveOk(p.id, SIGN, o);
  if (stage === 'signed') return p.id;
  await moveOk(p.id, { to: 'exited', life_changed: true }, o);
  return p.id;
}

/** The ids of every participant of project 1, paging through the list. */
async function allIds({ token = tok.worker } = {}) {
  const ids = [];
  let after = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = ok(await call('GET', `/participants?limit=500${after ? `&after=${after}` : ''}`, { token }), 200);
    ids.push(...page.items.map((p) => p.id));
    if (page.next === null) return ids;
    after = page.next;
  }
  throw new Error('the list never ends');
}

/** What a refused write must leave as it was. */
async function state(id, pid = 1) {
  const who = pid === 1 ? tok.worker : tok.roamer;
  const [p, t, a] = await Promise.all([
    getOne(id, { token: who, pid }),
    timeline(id, { token: who, pid }),
    ok(await call('GET', `/participants/${id}/assessments`, { token: who, pid }), 200).items,
  ]);
  return { p, t, a };
}

// ---- sign-up ---------------------------------------------------------------------------------

describe('POST /participants', () => {
  test('201 with the participant as GET returns her; the ID number only masked', async () => {
    const r = await call('POST', '/participants', {
      json: {
        name: '王丽',
        id_number: ID_A,
        phone: '+86 138-1234-5678',
        source: 'publicity',
        heard_from: '社区宣传栏',
      },
    });
    const p = ok(r, 201);
    assert.ok(Number.isInteger(p.id) && p.id > 0);
    assert.equal(p.stage, 'signed_up');
    assert.equal(p.stage_on, TODAY);
    assert.equal(p.id_number_masked, '610802********1231');
    assert.equal(p.birth_date, '1992-07-04');
    assert.equal(p.phone, '13812345678');
    assert.equal(p.source, 'publicity');
    assert.equal(p.heard_from, '社区宣传栏');
    assert.equal(p.worker_id, null);
    assert.equal(p.life_changed, null);
    assert.equal(p.anonymised, false);
    assert.deepEqual(p.consents, []);
    assert.match(p.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.ok(!('id_number' in p));
    assert.ok(!r.text.includes(ID_A) && !r.text.includes(ID_A.slice(0, 17)));
    assert.deepEqual(await getOne(p.id), p);
    // an ID number with check digit x, written lowercase; a sign-up date after the fact
    const x = await signUp({ name: '李娜', id_number: ID_X.toLowerCase(), on: '2024-05-10', source: 'self' });
    assert.equal(x.id_number_masked, '610802********123X');
    assert.equal(x.birth_date, '1990-01-01');
    assert.equal(x.stage_on, '2024-05-10');
    assert.equal(x.source, 'self');
  });

  test('409 duplicate with existing_id: same ID number (lowercase x too), phone in another notation, name + birth date', async () => {
    const a = await signUp({ name: '赵敏', id_number: ID_B, phone: '13912345678' });
    const b = await signUp({ name: '孙芳', birth_date: '1988-03-15' });
    const c = await signUp({ name: '周婷', id_number: ID_C });
    const cases = [
      [{ name: '另一个', id_number: ID_B }, a.id, 'id_number'],
      [{ name: '另一个', phone: '139 1234 5678' }, a.id, 'phone'],
      [{ name: '另一个', phone: '+86 139-1234-5678' }, a.id, 'phone'],
      [{ name: '孙芳', birth_date: '1988/3/15' }, b.id, 'name'],
      [{ name: '周婷', birth_date: '1995-09-09' }, c.id, 'name'],
    ];
    const before = (await allIds()).length;
    for (const [fields, existing, field] of cases) {
      const e = refused(
        await call('POST', '/participants', { json: { source: 'self', ...fields } }),
        409,
        'duplicate',
        field,
      );
      assert.equal(e.existing_id, existing, JSON.stringify(fields));
    }
    const xa = await signUp({ name: '吴霞', id_number: '61080219880315123X' });
    const e = refused(
      await call('POST', '/participants', { json: { name: '另一个', source: 'self', id_number: '61080219880315123x' } }),
      409,
      'duplicate',
    );
    assert.equal(e.existing_id, xa.id);
    assert.equal((await allIds()).length, before + 1);
    // the same person in another project is allowed
    const other = await signUp({ name: '赵敏', id_number: ID_B, phone: '13912345678' }, { token: tok.roamer, pid: p2 });
    assert.equal(other.id_number_masked, '610802********1235');
  });

  test('422 naming the field: bad check digit, Excel-mangled ID, wrong types, bad phone, unknown fields', async () => {
    const before = (await allIds()).length;
    const cases = [
      [{ name: '张', source: 'self', id_number: '610802199207041232' }, 'id_number'],
      [{ name: '张', source: 'self', id_number: '6.10802E+17' }, 'id_number'],
      [{ name: '张', source: 'self', id_number: '610802199207041000' }, 'id_number'],
      [{ name: '张', source: 'self', id_number: 610802199207041000 }, 'id_number'],
      [{ name: '张', source: 'self', id_number: '61080219921304123X' }, 'id_number'],
      [{ name: '张', source: 'self', id_number: ID_C, birth_date: '1995-09-10' }, 'birth_date'],
      [{ name: '张', source: 'self', phone: '12345' }, 'phone'],
      [{ name: '张', source: 'self', phone: 13812345678 }, 'phone'],
      [{ name: '张', source: 'self', birth_date: '1990-02-30' }, 'birth_date'],
      [{ name: '张', source: 'self', on: TOMORROW }, 'on'],
      [{ name: '张', source: 'self', on: '2024/05/01' }, 'on'],
      [{ source: 'self' }, 'name'],
      [{ name: '   ', source: 'self' }, 'name'],
      [{ name: 'x'.repeat(51), source: 'self' }, 'name'],
      [{ name: 42, source: 'self' }, 'name'],
      [{ name: '张' }, 'source'],
      [{ name: '张', source: 'tv' }, 'source'],
      [{ name: '张', source: 'self', nickname: '小张' }, 'nickname'],
      [{ name: '张', source: 'self', heard_from: ['a'] }, 'heard_from'],
    ];
    for (const [json, field] of cases) {
      const r = await call('POST', '/participants', { json });
      refused(r, 422, 'validation', field);
      assert.ok(!r.text.includes('61080219920704'), 'an ID number was echoed');
    }
    assert.equal((await allIds()).length, before);
  });

  test('messages follow Accept-Language (Chinese by default, English on request)', async () => {
    const json = { name: '张', source: 'self', id_number: '610802199207041232' };
    const zh = refused(await call('POST', '/participants', { json }), 422, 'validation', 'id_number');
    assert.match(zh.message, /校验/);
    const en = refused(
      await call('POST', '/participants', { json, headers: { 'Accept-Language': 'en' } }),
      422,
      'validation',
      'id_number',
    );
    assert.equal(en.message, "id_number: the ID number's check digit is wrong; check the number.");
    const excel = refused(
      await call('POST', '/participants', {
        json: { ...json, id_number: '6.10802E+17' },
        headers: { 'Accept-Language': 'en-GB,en;q=0.9' },
      }),
      422,
      'validation',
      'id_number',
    );
    assert.match(excel.message, /Format the column as Text/);
    const dup = await signUp({ name: '郑洁', phone: '13712345678' });
    const d = refused(
      await call('POST', '/participants', {
        json: { name: '别人', source: 'self', phone: '137-1234-5678' },
        headers: { 'Accept-Language': 'en' },
      }),
      409,
      'duplicate',
      'phone',
    );
    assert.equal(d.existing_id, dup.id);
    assert.equal(d.message, 'phone: this person is registered already.');
  });

  test('400 malformed JSON, 400 not an object, 415 not JSON, 413 too large', async () => {
    const headers = { 'Content-Type': 'application/json' };
    refused(await call('POST', '/participants', { body: '{"name": "张",', headers }), 400, 'bad_request');
    refused(await call('POST', '/participants', { body: '["张"]', headers }), 400, 'bad_request');
    refused(await call('POST', '/participants', { body: '', headers }), 400, 'bad_request');
    refused(
      await call('POST', '/participants', {
        body: JSON.stringify({ name: '张', source: 'self' }),
        headers: { 'Content-Type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
    refused(
      await call('POST', '/participants', { body: 'name=张&source=self', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_media_type',
    );
    const big = JSON.stringify({ name: '张', source: 'self', heard_from: 'x'.repeat(1024 * 1024 + 10) });
    refused(await call('POST', '/participants', { body: big, headers }), 413, 'too_large');
  });
});

// ---- who may call what ------------------------------------------------------------------------

describe('roles and projects', () => {
  // [method, path, roles allowed]; a participant id that does not exist, so that allowed
  // callers get past the role check without changing anything.
  const NOBODY = 987654;
  const routes = [
    ['POST', '/participants', ['worker', 'supervisor']],
    ['GET', '/participants', ['worker', 'supervisor', 'community']],
    ['GET', `/participants/${NOBODY}`, ['worker', 'supervisor', 'community']],
    ['POST', `/participants/${NOBODY}/transitions`, ['worker', 'supervisor', 'community']],
    ['GET', `/participants/${NOBODY}/transitions`, ['worker', 'supervisor', 'community']],
    ['POST', `/participants/${NOBODY}/assessments`, ['worker', 'supervisor']],
    ['GET', `/participants/${NOBODY}/assessments`, ['worker', 'supervisor']],
    ['POST', `/participants/${NOBODY}/incomes`, ['worker', 'supervisor']],
    ['POST', `/participants/${NOBODY}/consents`, ['worker', 'supervisor']],
    ['POST', `/participants/${NOBODY}/assign`, ['worker', 'supervisor']],
    ['GET', `/participants/${NOBODY}/export`, ['worker', 'supervisor']],
    ['POST', `/participants/${NOBODY}/anonymise`, ['admin', 'supervisor']],
    ['GET', '/rubric', ['admin', 'supervisor', 'worker']],
    ['PUT', '/rubric', ['admin', 'supervisor']],
  ];
  const everyone = ['admin', 'worker', 'supervisor', 'community', 'leader', 'member', 'partner', 'auditor'];

  test('401 without a token or with a bad one, on every endpoint', async () => {
    for (const [method, path] of routes) {
      const json = method === 'GET' ? undefined : {};
      refused(await call(method, path, { token: null, json }), 401, 'unauthorized');
      refused(await call(method, path, { token: `txk_${'B'.repeat(43)}`, json }), 401, 'unauthorized');
    }
  });

  test('403 for every role not allowed, on every endpoint; the others get past the role check', async () => {
    for (const [method, path, allowed] of routes) {
      for (const login of everyone) {
        const json = method === 'GET' ? undefined : {};
        const r = await call(method, path, { token: tok[login], json });
        if (allowed.includes(login)) {
          assert.ok(![401, 403].includes(r.status), `${login} ${method} ${path}: ${r.status} ${r.text}`);
        } else {
          refused(r, 403, 'forbidden');
        }
      }
    }
  });

  test('404 for another project, and for a participant of project A addressed under project B', async () => {
    const mine = await signUp({ name: '钱红' });
    // the project-1 worker may not address project 2 at all
    refused(await call('GET', '/participants', { pid: p2 }), 404, 'not_found');
    refused(await call('GET', `/participants/${mine.id}`, { pid: p2 }), 404, 'not_found');
    refused(await call('GET', '/participants', { pid: 999 }), 404, 'not_found');
    // a caller of every project addresses project 1's participant under project 2
    const before = await state(mine.id);
    const under = (method, path, json) => call(method, `/participants/${mine.id}${path}`, { token: tok.roamer, pid: p2, json });
    refused(await under('GET', ''), 404, 'not_found');
    refused(await under('GET', '/transitions'), 404, 'not_found');
    refused(await under('GET', '/assessments'), 404, 'not_found');
    refused(await under('GET', '/export'), 404, 'not_found');
    refused(await under('POST', '/transitions', { to: 'registry_screened' }), 404, 'not_found');
    refused(await under('POST', '/assessments', { kind: 'home_visit', answers: visitAnswers() }), 404, 'not_found');
    refused(await under('POST', '/incomes', { month: '2024-05', amount_fen: 1, kind: 'followup' }), 404, 'not_found');
    refused(await under('POST', '/consents', { purpose: 'service', granted: true }), 404, 'not_found');
    refused(await under('POST', '/assign', { worker_id: xiaoliId }), 404, 'not_found');
    refused(
      await call('POST', `/participants/${mine.id}/anonymise`, { token: tok.chief, pid: p2 }),
      404,
      'not_found',
    );
    refused(await call('GET', `/participants/${mine.id}/export`, { token: tok.chief, pid: p2 }), 404, 'not_found');
    assert.deepEqual(await state(mine.id), before);
    // and it is there under its own project, for the same caller
    assert.equal((await getOne(mine.id, { token: tok.roamer })).id, mine.id);
    // the list of project 2 does not hold her
    const list = ok(await call('GET', '/participants?limit=500', { token: tok.roamer, pid: p2 }), 200);
    assert.ok(!list.items.some((p) => p.id === mine.id));
  });
});

// ---- reading -------------------------------------------------------------------------------------

describe('GET /participants and /participants/{id}', () => {
  test('the list: items and next, paging with limit and after, filters by stage, source and q', async () => {
    const a = await signUp({ name: '列表甲', phone: '13612345678', source: 'publicity' });
    const b = await signUp({ name: '列表乙', source: 'self' });
    const c = await signUp({ name: '列表丙', source: 'publicity' });
    await moveOk(b.id, { to: 'registry_screened' });
    const all = await allIds();
    assert.ok(all.length >= 3);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1] < all[i]);
    // paging through everything two at a time gives the same list
    const paged = [];
    let after = null;
    for (let guard = 0; guard < 1000; guard++) {
      const q = after ? `?limit=7&after=${after}` : '?limit=7';
      const page = ok(await call('GET', `/participants${q}`), 200);
      paged.push(...page.items);
      assert.ok(page.items.length <= 7);
      if (page.next === null) break;
      assert.equal(typeof page.next, 'string');
      after = page.next;
    }
    assert.deepEqual(paged.map((p) => p.id), all);
    const q = (s) => call('GET', `/participants?limit=500&${s}`).then((r) => ok(r, 200).items.map((p) => p.id));
    assert.deepEqual(await q(`q=${encodeURIComponent('列表')}`), [a.id, b.id, c.id]);
    assert.deepEqual(await q(`q=${encodeURIComponent('列表乙')}`), [b.id]);
    assert.deepEqual(await q('q=1361234'), [a.id]);
    assert.deepEqual(await q(`stage=registry_screened&q=${encodeURIComponent('列表')}`), [b.id]);
    assert.deepEqual(await q(`stage=signed_up&q=${encodeURIComponent('列表')}`), [a.id, c.id]);
    const pub = await q(`source=publicity&q=${encodeURIComponent('列表')}`);
    assert.deepEqual(pub, [a.id, c.id]);
    assert.deepEqual(await q('stage=exited&source=self&q=nobody'), []);
    // bad query values are 422 naming the parameter
    refused(await call('GET', '/participants?stage=done'), 422, 'validation', 'stage');
    refused(await call('GET', '/participants?source=tv'), 422, 'validation', 'source');
    refused(await call('GET', '/participants?limit=0'), 422, 'validation', 'limit');
    refused(await call('GET', '/participants?limit=501'), 422, 'validation', 'limit');
    refused(await call('GET', '/participants?limit=ten'), 422, 'validation', 'limit');
    refused(await call('GET', '/participants?after=-1'), 422, 'validation', 'after');
  });

  test('community staff get only what screening needs: no phone, no free texts, no reasons', async () => {
    const p = await signUp({ name: '社区看', phone: '13512345678', id_number: '610802198702121234', heard_from: '邻居' });
    await moveOk(p.id, { to: 'registry_screened' }, { token: tok.community });
    const one = await getOne(p.id, { token: tok.community });
    assert.equal(one.name, '社区看');
    assert.equal(one.id_number_masked, '610802********1234');
    assert.equal(one.birth_date, '1987-02-12');
    assert.equal(one.stage, 'registry_screened');
    for (const k of ['phone', 'heard_from', 'worker_id', 'consents', 'life_changed']) assert.ok(!(k in one), k);
    const list = ok(await call('GET', '/participants?limit=500', { token: tok.community }), 200);
    assert.ok(list.items.length > 0);
    for (const it of list.items) assert.ok(!('phone' in it) && !('heard_from' in it));
    assert.ok(!JSON.stringify(list).includes('13512345678'));
    // phone numbers cannot be probed by search
    assert.deepEqual(ok(await call('GET', '/participants?q=1351234', { token: tok.community }), 200).items, []);
    assert.equal(ok(await call('GET', '/participants?q=1351234'), 200).items.length, 1);
    const rejected = await signUp({ name: '社区拒' });
    await moveOk(rejected.id, { to: 'rejected', reason: '不在本社区居住' }, { token: tok.community });
    const tl = await timeline(rejected.id, { token: tok.community });
    assert.equal(tl.length, 2);
    assert.ok(!('reason' in tl[1]));
    assert.equal((await timeline(rejected.id))[1].reason, '不在本社区居住');
  });
});

// ---- the pipeline --------------------------------------------------------------------------------

describe('the pipeline through the API', () => {
  test('sign-up to exit: screening, home visit, final review by a supervisor, signing with consent, incomes, exit', async () => {
    const p = await signUp({ name: '全程', id_number: '610802199106061233', phone: '13312345678', on: '2024-03-01' });
    assert.equal(p.stage_on, '2024-03-01');
    // community staff screen her against the registry
    await moveOk(p.id, { to: 'registry_screened', on: '2024-03-05' }, { token: tok.community });
    // the home visit, scored by the default rubric, records her baseline income
    const v = ok(await homeVisit(p.id, {}, { extra: { on: '2024-03-10', score: VISIT_SCORE } }), 201);
    assert.equal(v.kind, 'home_visit');
    assert.equal(v.score, VISIT_SCORE);
    assert.equal(v.pass_line, 60);
    assert.equal(v.passed, true);
    assert.equal(v.on, '2024-03-10');
    assert.equal(v.approved, null);
    assert.ok(Number.isInteger(v.id));
    assert.equal(v.answers.monthly_income_fen, 80000);
    await moveOk(p.id, { to: 'home_visited', on: '2024-03-10' });
    await moveOk(p.id, { to: 'final_review', on: '2024-03-12' });
    // a social worker cannot decide the final review
    refused(await finalReview(p.id, true, { token: tok.worker }), 403, 'forbidden');
    const fr = ok(await finalReview(p.id, true, { note: '符合条件' }), 201);
    assert.equal(fr.kind, 'final_review');
    assert.equal(fr.approved, true);
    assert.equal(fr.score, null);
    assert.equal(fr.by, 'supervisor');
    assert.equal(fr.answers.note, '符合条件');
    const signed = await moveOk(p.id, {
      ...SIGN,
      on: '2024-03-15',
      consent_purposes: ['service', 'evaluator'],
    });
    assert.equal(signed.stage_on, '2024-03-15');
    assert.deepEqual(signed.consents, ['service', 'evaluator']);
    // incomes: a follow-up month
    const inc = ok(
      await call('POST', `/participants/${p.id}/incomes`, { json: { month: '2024-05', amount_fen: 150000, kind: 'followup' } }),
      201,
    );
    assert.deepEqual(inc, { participant_id: p.id, month: '2024-05', amount_fen: 150000, kind: 'followup' });
    // her social worker
    const assigned = ok(await call('POST', `/participants/${p.id}/assign`, { json: { worker_id: xiaoliId } }), 200);
    assert.equal(assigned.worker_id, xiaoliId);
    // exit records whether her life changed
    const exited = await moveOk(p.id, { to: 'exited', life_changed: true, on: '2024-05-20' });
    assert.equal(exited.life_changed, true);
    // the timeline holds every move with who, when and why
    const tl = await timeline(p.id);
    assert.deepEqual(
      tl.map((t) => [t.from, t.to, t.on, t.by]),
      [
        [null, 'signed_up', '2024-03-01', 'worker'],
        ['signed_up', 'registry_screened', '2024-03-05', 'community'],
        ['registry_screened', 'home_visited', '2024-03-10', 'worker'],
        ['home_visited', 'final_review', '2024-03-12', 'worker'],
        ['final_review', 'signed', '2024-03-15', 'worker'],
        ['signed', 'exited', '2024-05-20', 'worker'],
      ],
    );
    for (const t of tl) assert.match(t.created_at, /\+08:00$/);
    const as = ok(await call('GET', `/participants/${p.id}/assessments`), 200).items;
    assert.deepEqual(as.map((a) => [a.kind, a.score, a.approved]), [
      ['home_visit', VISIT_SCORE, null],
      ['final_review', null, true],
    ]);
    // the export holds all of it
    const ex = ok(await call('GET', `/participants/${p.id}/export`), 200);
    assert.equal(ex.stage, 'exited');
    assert.equal(ex.id_number_masked, '610802********1233');
    assert.equal(ex.transitions.length, 6);
    assert.equal(ex.assessments.length, 2);
    assert.deepEqual(
      ex.incomes.map((i) => [i.month, i.amount_fen, i.kind]),
      [
        ['2024-03', 80000, 'baseline'],
        ['2024-05', 150000, 'followup'],
      ],
    );
    assert.deepEqual(ex.consents.map((c) => c.purpose), ['service', 'evaluator']);
    assert.equal(ex.consents[0].version, '2024-v1');
    assert.ok(!JSON.stringify(ex).includes('610802199106061233'));
  });

  test('409 invalid_transition for skipped and backward stages; nothing changes', async () => {
    const cases = [
      ['signed_up', ['home_visited', 'final_review', 'signed', 'exited', 'signed_up']],
      ['registry_screened', ['final_review', 'signed', 'signed_up', 'registry_screened']],
      ['signed', ['rejected', 'waitlisted', 'final_review']],
      ['rejected', ['signed_up', 'registry_screened', 'waitlisted', 'final_review']],
      ['exited', ['signed', 'rejected']],
    ];
    for (const [from, tos] of cases) {
      const id = await atStage(from);
      const before = await state(id);
      for (const to of tos) {
        const json = { ...SIGN, to, reason: '理由', life_changed: true };
        refused(await move(id, json, { token: tok.supervisor }), 409, 'invalid_transition', 'to');
      }
      assert.deepEqual(await state(id), before, `${from} changed`);
    }
  });

  test('409 assessment_required, not_approved, capacity_full; an exit frees the place; the waitlist', async () => {
    const id = await atStage('registry_screened');
    let before = await state(id);
    refused(await move(id, { to: 'home_visited' }), 409, 'assessment_required');
    assert.deepEqual(await state(id), before);

    // no final review, then a rejected one
    const r = await atStage('home_visited');
    await moveOk(r, { to: 'final_review' });
    before = await state(r);
    refused(await move(r, SIGN), 409, 'not_approved');
    assert.deepEqual(await state(r), before);
    ok(await finalReview(r, false), 201);
    before = await state(r);
    refused(await move(r, SIGN), 409, 'not_approved');
    assert.deepEqual(await state(r), before);

    // project 2 has one place
    const o = { pid: p2, worker: tok.roamer, supervisor: tok.chief };
    const first = await atStage('signed', o);
    const second = await atStage('final_review', o);
    before = await state(second, p2);
    refused(await move(second, SIGN, { token: tok.roamer, pid: p2 }), 409, 'capacity_full');
    assert.deepEqual(await state(second, p2), before);
    await moveOk(second, { to: 'waitlisted', reason: '名额已满' }, { token: tok.roamer, pid: p2 });
    await moveOk(first, { to: 'exited', life_changed: false }, { token: tok.roamer, pid: p2 });
    await moveOk(second, { to: 'final_review' }, { token: tok.roamer, pid: p2 });
    const s = await moveOk(second, SIGN, { token: tok.roamer, pid: p2 });
    assert.deepEqual(s.consents, ['service']);
  });

  test('422: reasons, dates, consent and exit fields, types; nothing changes', async () => {
    const id = await atStage('final_review');
    const before = await state(id);
    const cases = [
      [{ to: 'rejected' }, 'reason'],
      [{ to: 'waitlisted', reason: '' }, 'reason'],
      [{ to: 'waitlisted', reason: '   ' }, 'reason'],
      [{ to: 'rejected', reason: '理由', on: '2000-01-01' }, 'on'],
      [{ to: 'rejected', reason: '理由', on: TOMORROW }, 'on'],
      [{ to: 'rejected', reason: '理由', on: '2024-13-01' }, 'on'],
      [{ ...SIGN, consent_purposes: ['employer'] }, 'consent_purposes'],
      [{ ...SIGN, consent_purposes: [] }, 'consent_purposes'],
      [{ ...SIGN, consent_purposes: 'service' }, 'consent_purposes'],
      [{ ...SIGN, consent_purposes: ['service', 'marketing'] }, 'consent_purposes'],
      [{ ...SIGN, consent_purposes: ['service', 1] }, 'consent_purposes'],
      [{ ...SIGN, consent_version: undefined }, 'consent_version'],
      [{ ...SIGN, consent_method: '' }, 'consent_method'],
      [{ to: 'graduated' }, 'to'],
      [{}, 'to'],
      [{ to: 'rejected', reason: 5 }, 'reason'],
      [{ to: 'rejected', reason: '理由', life_changed: 'yes' }, 'life_changed'],
      [{ to: 'rejected', reason: '理由', why: 'x' }, 'why'],
    ];
    for (const [json, field] of cases) refused(await move(id, json), 422, 'validation', field);
    assert.deepEqual(await state(id), before);
    // exit needs life_changed
    const s = await atStage('signed');
    const sb = await state(s);
    refused(await move(s, { to: 'exited' }), 422, 'validation', 'life_changed');
    assert.deepEqual(await state(s), sb);
    // a refusal in English
    const en = refused(
      await call('POST', `/participants/${id}/transitions`, {
        json: { to: 'rejected' },
        headers: { 'Accept-Language': 'en' },
      }),
      422,
      'validation',
      'reason',
    );
    assert.equal(en.message, 'reason: give a reason.');
  });

  test('403: community staff only screen; 401 without a token', async () => {
    const id = await atStage('registry_screened');
    ok(await homeVisit(id), 201);
    const before = await state(id);
    refused(await move(id, { to: 'home_visited' }, { token: tok.community }), 403, 'forbidden');
    refused(await move(id, { to: 'rejected', reason: '理由' }, { token: tok.community }), 403, 'forbidden');
    refused(await move(id, { to: 'home_visited' }, { token: null }), 401, 'unauthorized');
    assert.deepEqual(await state(id), before);
  });
});

// ---- assessments, incomes, consents, assignment ---------------------------------------------------

describe('assessments', () => {
  test('home visit: the score is the rubric\'s; answers validated item by item', async () => {
    const id = await atStage('registry_screened');
    const before = await state(id);
    const cases = [
      [{ score: VISIT_SCORE - 1 }, {}, 'score'],
      [{ score: 101 }, {}, 'score'],
      [{ approved: true }, {}, 'approved'],
      [{}, { free_time: 6 }, 'free_time'],
      [{}, { learning_ability: 0 }, 'learning_ability'],
      [{}, { will_to_work: '5' }, 'will_to_work'],
      [{}, { ability_to_work: 4.5 }, 'ability_to_work'],
      [{}, { children_at_school: 1 }, 'children_at_school'],
      [{}, { husband_away: undefined }, 'husband_away'],
      [{}, { monthly_income_fen: -1 }, 'monthly_income_fen'],
      [{}, { monthly_income_fen: '800' }, 'monthly_income_fen'],
      [{}, { monthly_income_fen: undefined }, 'monthly_income_fen'],
      [{}, { family: 7 }, 'family'],
      [{}, { hobby: '唱歌' }, 'hobby'],
      [{ on: TOMORROW }, {}, 'on'],
      [{ kind: 'interview' }, {}, 'kind'],
    ];
    for (const [extra, over, field] of cases) {
      refused(await homeVisit(id, over, { extra }), 422, 'validation', field);
    }
    refused(await call('POST', `/participants/${id}/assessments`, { json: { kind: 'home_visit' } }), 422, 'validation', 'answers');
    refused(
      await call('POST', `/participants/${id}/assessments`, { json: { kind: 'home_visit', answers: [1] } }),
      422,
      'validation',
      'answers',
    );
    refused(await call('POST', `/participants/${id}/assessments`, { json: { answers: visitAnswers() } }), 422, 'validation', 'kind');
    assert.deepEqual(await state(id), before);
    // the lowest and highest answers score 0 and 100
    const low = ok(
      await homeVisit(id, { children_at_school: false, husband_away: false, free_time: 1, learning_ability: 1, will_to_work: 1, ability_to_work: 1 }),
      201,
    );
    assert.equal(low.score, 0);
    assert.equal(low.passed, false);
    const high = ok(
      await homeVisit(id, { free_time: 5, learning_ability: 5, will_to_work: 5, ability_to_work: 5 }, { extra: { score: 100 } }),
      201,
    );
    assert.equal(high.score, 100);
    assert.equal(high.passed, true);
    const list = ok(await call('GET', `/participants/${id}/assessments`), 200).items;
    assert.deepEqual(list.map((a) => a.score), [0, 100]);
    assert.ok(list[0].id < list[1].id);
    assert.equal(list[1].id, high.id);
    // community staff neither write nor read assessments
    refused(await homeVisit(id, {}, { token: tok.community }), 403, 'forbidden');
    refused(await call('GET', `/participants/${id}/assessments`, { token: tok.community }), 403, 'forbidden');
  });

  test('final review: only supervisors; approved required; at the right stage', async () => {
    const id = await atStage('home_visited');
    const before = await state(id);
    refused(await finalReview(id, true, { token: tok.worker }), 403, 'forbidden');
    refused(
      await call('POST', `/participants/${id}/assessments`, { token: tok.supervisor, json: { kind: 'final_review' } }),
      422,
      'validation',
      'approved',
    );
    refused(
      await call('POST', `/participants/${id}/assessments`, { token: tok.supervisor, json: { kind: 'final_review', approved: 'yes' } }),
      422,
      'validation',
      'approved',
    );
    refused(
      await call('POST', `/participants/${id}/assessments`, {
        token: tok.supervisor,
        json: { kind: 'final_review', approved: true, score: 80 },
      }),
      422,
      'validation',
      'score',
    );
    refused(
      await call('POST', `/participants/${id}/assessments`, {
        token: tok.supervisor,
        json: { kind: 'final_review', approved: true, answers: { note: '好', extra: 1 } },
      }),
      422,
      'validation',
      'extra',
    );
    assert.deepEqual(await state(id), before);
    const early = await atStage('registry_screened');
    refused(await finalReview(early, true), 409, 'invalid_transition');
    const fr = ok(await finalReview(id, false, { note: '再看看' }), 201);
    assert.equal(fr.approved, false);
    assert.equal(fr.answers.note, '再看看');
  });
});

describe('incomes, consents, assignment', () => {
  test('incomes: 201, the same month and kind twice is 409 duplicate, bad input 422', async () => {
    const id = await atStage('signed');
    const post = (json) => call('POST', `/participants/${id}/incomes`, { json });
    ok(await post({ month: '2024-04', amount_fen: 120000, kind: 'followup' }), 201);
    refused(await post({ month: '2024-04', amount_fen: 1, kind: 'followup' }), 409, 'duplicate', 'month');
    ok(await post({ month: '2024-04', amount_fen: 100000, kind: 'baseline' }), 201);
    // the home visit recorded this month's baseline
    refused(await post({ month: TODAY.slice(0, 7), amount_fen: 1, kind: 'baseline' }), 409, 'duplicate', 'month');
    refused(await post({ month: '2024-4', amount_fen: 1, kind: 'followup' }), 422, 'validation', 'month');
    refused(await post({ month: '2024-13', amount_fen: 1, kind: 'followup' }), 422, 'validation', 'month');
    refused(await post({ month: `${Number(TODAY.slice(0, 4)) + 1}-01`, amount_fen: 1, kind: 'followup' }), 422, 'validation', 'month');
    refused(await post({ month: '2024-03', amount_fen: -5, kind: 'followup' }), 422, 'validation', 'amount_fen');
    refused(await post({ month: '2024-03', amount_fen: 1.5, kind: 'followup' }), 422, 'validation', 'amount_fen');
    refused(await post({ month: '2024-03', amount_fen: '100', kind: 'followup' }), 422, 'validation', 'amount_fen');
    refused(await post({ month: '2024-03', amount_fen: 1, kind: 'monthly' }), 422, 'validation', 'kind');
    refused(await post({ month: '2024-03', amount_fen: 1 }), 422, 'validation', 'kind');
    const ex = ok(await call('GET', `/participants/${id}/export`), 200);
    assert.deepEqual(
      ex.incomes.filter((i) => i.month === '2024-04').map((i) => [i.kind, i.amount_fen]),
      [
        ['baseline', 100000],
        ['followup', 120000],
      ],
    );
  });

  test('consents: grant and withdraw per purpose; GET shows those in force', async () => {
    const p = await signUp();
    const post = (json) => call('POST', `/participants/${p.id}/consents`, { json });
    const g = ok(await post({ purpose: 'employer', granted: true, version: 'v2', method: 'signature', on: '2024-05-01' }), 201);
    assert.deepEqual(g, { purpose: 'employer', granted: true, consents: ['employer'] });
    ok(await post({ purpose: 'publicity', granted: true }), 201);
    assert.deepEqual((await getOne(p.id)).consents, ['employer', 'publicity']);
    const w = ok(await post({ purpose: 'employer', granted: false }), 201);
    assert.deepEqual(w.consents, ['publicity']);
    assert.deepEqual((await getOne(p.id)).consents, ['publicity']);
    refused(await post({ purpose: 'marketing', granted: true }), 422, 'validation', 'purpose');
    refused(await post({ purpose: 'service' }), 422, 'validation', 'granted');
    refused(await post({ purpose: 'service', granted: 'true' }), 422, 'validation', 'granted');
    refused(await post({ purpose: 'service', granted: true, on: TOMORROW }), 422, 'validation', 'on');
    assert.deepEqual((await getOne(p.id)).consents, ['publicity']);
  });

  test('assign: a social worker of the project, else 422 worker_id', async () => {
    const p = await signUp();
    const post = (json, token = tok.worker) => call('POST', `/participants/${p.id}/assign`, { json, token });
    refused(await post({ worker_id: 999999 }), 422, 'validation', 'worker_id');
    refused(await post({ worker_id: 1 }), 422, 'validation', 'worker_id'); // the admin account
    refused(await post({ worker_id: '3' }), 422, 'validation', 'worker_id');
    refused(await post({}), 422, 'validation', 'worker_id');
    assert.equal((await getOne(p.id)).worker_id, null);
    assert.equal(ok(await post({ worker_id: xiaoliId }, tok.supervisor), 200).worker_id, xiaoliId);
  });
});

// ---- personal data -------------------------------------------------------------------------------

describe('export and anonymisation', () => {
  test('export: everything held about her, the ID number masked', async () => {
    const p = await signUp({ name: '导出', id_number: '610802198001041231', phone: '13212345678', heard_from: '朋友' });
    const ex = ok(await call('GET', `/participants/${p.id}/export`), 200);
    assert.equal(ex.id, p.id);
    assert.equal(ex.name, '导出');
    assert.equal(ex.phone, '13212345678');
    assert.equal(ex.heard_from, '朋友');
    assert.equal(ex.id_number_masked, '610802********1231');
    assert.deepEqual(Object.keys(ex).filter((k) => Array.isArray(ex[k])).sort(),
      ['assessments', 'case_notes', 'consents', 'incomes', 'transitions']);
    assert.equal(ex.anonymised, false);
    assert.equal(ex.worker_id, null);
    assert.equal(ex.life_changed, null);
    assert.ok(!JSON.stringify(ex).includes('61080219800104123'));
    refused(await call('GET', `/participants/${p.id}/export`, { token: tok.community }), 403, 'forbidden');
  });

  test('anonymise: supervisors and admins only; afterwards no name, phone or ID, statistics kept', async () => {
    const id = await atStage('home_visited');
    ok(await call('POST', `/participants/${id}/incomes`, { json: { month: '2024-01', amount_fen: 50000, kind: 'followup' } }), 201);
    const before = await getOne(id);
    refused(await call('POST', `/participants/${id}/anonymise`), 403, 'forbidden');
    const a = ok(await call('POST', `/participants/${id}/anonymise`, { token: tok.supervisor }), 200);
    assert.equal(a.anonymised, true);
    assert.notEqual(a.name, before.name);
    assert.equal(a.phone, null);
    assert.equal(a.id_number_masked, null);
    assert.equal(a.heard_from, null);
    assert.equal(a.stage, 'home_visited');
    assert.equal(a.stage_on, before.stage_on);
    assert.deepEqual(await getOne(id), a);
    assert.equal((await timeline(id)).length, 3);
    const ex = ok(await call('GET', `/participants/${id}/export`), 200);
    assert.equal(ex.incomes.length, 2);
    assert.equal(ex.assessments[0].score, VISIT_SCORE);
    assert.ok(!('family' in ex.assessments[0].answers));
    refused(await call('POST', `/participants/${id}/anonymise`, { token: tok.admin }), 409, 'conflict');
    refused(await move(id, { to: 'final_review' }), 409, 'invalid_transition');
    // an administrator may erase too
    const other = await signUp({ phone: '13012345678' });
    assert.equal(ok(await call('POST', `/participants/${other.id}/anonymise`, { token: tok.admin }), 200).phone, null);
  });
});

// ---- the rubric -------------------------------------------------------------------------------------

describe('the rubric', () => {
  const DEFAULT = {
    items: [
      { key: 'children_at_school', points: 15 },
      { key: 'husband_away', points: 10 },
      { key: 'free_time', points: 15 },
      { key: 'learning_ability', points: 20 },
      { key: 'will_to_work', points: 25 },
      { key: 'ability_to_work', points: 15 },
    ],
    pass_line: 60,
  };

  test('GET the default; PUT checks the sum and the keys; the home visit scores by it', async () => {
    const get = (pid = p2, token = tok.chief) => call('GET', '/rubric', { pid, token }).then((r) => ok(r, 200));
    const put = (json, token = tok.admin) => call('PUT', '/rubric', { pid: p2, token, json });
    assert.deepEqual(await get(), DEFAULT);
    assert.deepEqual(await get(1, tok.worker), DEFAULT);
    const custom = {
      items: [
        { key: 'will_to_work', points: 15 },
        { key: 'children_at_school', points: 40 },
        { key: 'husband_away', points: 0 },
        { key: 'free_time', points: 15 },
        { key: 'learning_ability', points: 15 },
        { key: 'ability_to_work', points: 15 },
      ],
      pass_line: 90,
    };
    const bad = (items, pass_line = 50) => ({ items, pass_line });
    const cases = [
      [bad(custom.items.map((i) => (i.key === 'free_time' ? { ...i, points: 14 } : i))), 'points'],
      [bad(custom.items.map((i) => (i.key === 'free_time' ? { ...i, points: 16 } : i))), 'points'],
      [bad(custom.items.slice(1)), 'will_to_work'],
      [bad([...custom.items, { key: 'free_time', points: 0 }]), 'free_time'],
      [bad([...custom.items.slice(1), { key: 'beauty', points: 15 }]), 'key'],
      [bad(custom.items.map((i) => (i.key === 'husband_away' ? { ...i, points: '0' } : i))), 'points'],
      [bad(custom.items.map((i) => (i.key === 'husband_away' ? { ...i, points: -10 } : i.key === 'children_at_school' ? { ...i, points: 50 } : i))), 'husband_away'],
      [bad(custom.items, 101), 'pass_line'],
      [{ items: custom.items }, 'pass_line'],
      [{ pass_line: 50 }, 'items'],
      [{ items: {}, pass_line: 50 }, 'items'],
      [{ items: [1], pass_line: 50 }, 'items'],
      [{ ...custom, note: 'x' }, 'note'],
    ];
    for (const [json, field] of cases) refused(await put(json), 422, 'validation', field);
    refused(await put(custom, tok.roamer), 403, 'forbidden');
    assert.deepEqual(await get(), DEFAULT);
    const saved = ok(await put(custom), 200);
    const want = { items: DEFAULT.items.map((i) => custom.items.find((c) => c.key === i.key)), pass_line: 90 };
    assert.deepEqual(saved, want);
    assert.deepEqual(await get(), want);
    assert.deepEqual(await get(1, tok.supervisor), DEFAULT, 'another project keeps its rubric');
    // a home visit in project 2 scores by it: 40 + 0 + 11 + 11 + 15 + 11 = 88 < 90
    const p = await signUp({}, { token: tok.roamer, pid: p2 });
    await moveOk(p.id, { to: 'registry_screened' }, { token: tok.roamer, pid: p2 });
    const v = ok(await homeVisit(p.id, {}, { token: tok.roamer, pid: p2, extra: { score: 88 } }), 201);
    assert.equal(v.score, 88);
    assert.equal(v.pass_line, 90);
    assert.equal(v.passed, false);
    refused(await homeVisit(p.id, {}, { token: tok.roamer, pid: p2, extra: { score: VISIT_SCORE } }), 422, 'validation', 'score');
  });
});
