// Training over the JSON API: courses, enrolment, sessions, roll calls, sign-in codes, a woman's
// attendance and exams, the calendar — each with its refusals: 401 without a token, 403 for the
// roles that do not run training, 404 for another project's course or session, 422 naming the
// field, 409 with its precise code. Set-up: the demo (project 1), its signed participants
// (GET /participants?stage=signed), a second project with a course and a session of its own made
// by an organisation-wide supervisor (`sup_all`). Sessions "now" use the real clock, as the server
// does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {};
const P1 = 1;
let P2; // another project
let signed; // ids of signed participants of project 1
let notSigned; // a participant of project 1 at another stage
let farPart; // a participant of project 2
let course; // a course of project 1 (pass score 60)
let farCourse; // a course of project 2
let farSession; // a session of project 2
let classNow; // a class of `course` starting now
let openNow; // an open class of `course` starting now
let future; // a class of `course` starting in three days

const base = (pid = P1) => `/api/v1/projects/${pid}`;
const NOT_MANAGERS = ['admin', 'community', 'leader', 'member', 'partner', 'auditor'];

/** A time `hours` from now as "YYYY-MM-DDTHH:MM:SSZ" (no milliseconds). */
const isoIn = (hours) => new Date(TEST_NOW_MS + hours * 3600_000).toISOString().slice(0, 19) + 'Z';
/** Today's date in Shanghai, `days` days on. */
const shanghaiDate = (days = 0) => new Date(TEST_NOW_MS + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);

async function call(login, method, path, json, extra = {}) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json, ...extra });
}

async function ok(login, method, path, json, status = 200) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
  return r.json;
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  assert.ok(r.json.error.message.length > 0);
}

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  await runCliOk(args, { input: `taxiang-${login}\n` });
}

before(async () => {
  srv = await startServer({ args: ['--trust-proxy'], env: { TAXIANG_NOW: TEST_NOW_SECONDS } }); // X-Forwarded-Proto believed (a TLS proxy)
  await addUser('sup_all', 'supervisor', 0);
  for (const login of ['admin', 'worker', 'supervisor', 'sup_all', ...NOT_MANAGERS]) tok[login] = await srv.tokenFor(login);
  const list = await ok('worker', 'GET', `${base()}/participants?stage=signed&limit=20`);
  signed = list.items.map((p) => p.id);
  assert.ok(signed.length >= 4, 'the demo has signed participants');
  const all = await ok('worker', 'GET', `${base()}/participants?limit=500`);
  notSigned = all.items.find((p) => p.stage !== 'signed' && p.stage !== 'exited').id;

  P2 = (await ok('admin', 'POST', '/api/v1/projects', { name: '培训测试项目', community: '东关社区', capacity: 10 }, 201)).id;
  farPart = (await ok('sup_all', 'POST', `${base(P2)}/participants`, { name: '别处的她', source: 'self' }, 201)).id;
  farCourse = (await ok('sup_all', 'POST', `${base(P2)}/courses`, { name: '别处的课程', skill: '面点', pass_score: 60 }, 201)).id;
  farSession = (await ok('sup_all', 'POST', `${base(P2)}/courses/${farCourse}/sessions`, { starts_at: isoIn(0), kind: 'class' }, 201)).id;

  course = (await ok('worker', 'POST', `${base()}/courses`, {
    name: 'API测试·面点制作', skill: '面点', pass_score: 60, teacher: '陈老师', place: '社区活动室',
  }, 201)).id;
  for (const id of signed.slice(0, 3)) await ok('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: id }, 201);
  classNow = (await ok('worker', 'POST', `${base()}/courses/${course}/sessions`, { starts_at: isoIn(-0.5), kind: 'class' }, 201)).id;
  openNow = (await ok('worker', 'POST', `${base()}/courses/${course}/sessions`, { starts_at: isoIn(-0.25), kind: 'open_class', topic: '开放日' }, 201)).id;
  future = (await ok('worker', 'POST', `${base()}/courses/${course}/sessions`, { starts_at: `${shanghaiDate(3)}T09:00`, kind: 'class' }, 201)).id;
});

after(async () => {
  await srv?.stop();
});

describe('courses', () => {
  test('POST creates a course: 201 with the documented shape', async () => {
    const c = await ok('supervisor', 'POST', `${base()}/courses`, { name: 'API测试·家政服务', skill: '家政', pass_score: 70 }, 201);
    assert.deepEqual(Object.keys(c).sort(), ['created_at', 'enrolled', 'id', 'name', 'pass_score', 'passed', 'place', 'sessions', 'skill', 'teacher']);
    assert.equal(c.name, 'API测试·家政服务');
    assert.equal(c.skill, '家政');
    assert.equal(c.pass_score, 70);
    assert.equal(c.teacher, null);
    assert.equal(c.enrolled, 0);
    assert.equal(c.sessions, 0);
    assert.equal(c.passed, 0);
    assert.match(c.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  });

  test('the same name twice: 409 duplicate with the existing id', async () => {
    const r = await call('worker', 'POST', `${base()}/courses`, { name: 'API测试·面点制作', skill: '面点', pass_score: 60 });
    assertError(r, 409, 'duplicate');
    assert.equal(r.json.error.existing_id, course);
  });

  test('bad input: 422 naming the field, nothing written', async () => {
    const before = (await ok('worker', 'GET', `${base()}/courses?limit=500`)).items.length;
    for (const [body, field] of [
      [{ name: 'X1', skill: '面点', pass_score: 101 }, 'pass_score'],
      [{ name: 'X2', skill: '面点', pass_score: -1 }, 'pass_score'],
      [{ name: 'X3', skill: '面点', pass_score: '60' }, 'pass_score'],
      [{ skill: '面点', pass_score: 60 }, 'name'],
      [{ name: 'X4', skill: '', pass_score: 60 }, 'skill'],
      [{ name: 'x'.repeat(101), skill: '面点', pass_score: 60 }, 'name'],
      [{ name: 'X5', skill: '面点', pass_score: 60, colour: 'red' }, 'colour'],
    ]) {
      assertError(await call('worker', 'POST', `${base()}/courses`, body), 422, 'validation', field);
    }
    assert.equal((await ok('worker', 'GET', `${base()}/courses?limit=500`)).items.length, before);
  });

  test('GET lists by id with paging; GET one; another project\'s course is 404', async () => {
    const first = await ok('worker', 'GET', `${base()}/courses?limit=1`);
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.next, 'string');
    const second = await ok('worker', 'GET', `${base()}/courses?limit=1&after=${first.next}`);
    assert.ok(second.items[0].id > first.items[0].id);
    const all = await ok('worker', 'GET', `${base()}/courses?limit=500`);
    assert.equal(all.next, null);
    const c = await ok('worker', 'GET', `${base()}/courses/${course}`);
    assert.equal(c.enrolled, 3);
    assert.equal(c.sessions, 3);
    assert.equal(c.teacher, '陈老师');
    assertError(await call('worker', 'GET', `${base()}/courses/${farCourse}`), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base(P2)}/courses/${farCourse}`), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base()}/courses?limit=0`), 422, 'validation', 'limit');
  });

  test('without a token 401; a JSON body is required (415)', async () => {
    assertError(await call(null, 'GET', `${base()}/courses`), 401, 'unauthorized');
    const r = await call('worker', 'POST', `${base()}/courses`, undefined, { body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 415);
  });
});

describe('enrolment', () => {
  test('POST enrols a signed woman: 201 with her row', async () => {
    const e = await ok('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: signed[3], enrolled_on: shanghaiDate() }, 201);
    assert.deepEqual(Object.keys(e).sort(), ['attendance', 'best_score', 'enrolled_on', 'name', 'participant_id', 'passed']);
    assert.equal(e.participant_id, signed[3]);
    assert.equal(e.enrolled_on, shanghaiDate());
    assert.equal(e.best_score, null);
    assert.equal(e.passed, false);
    assert.deepEqual(Object.keys(e.attendance).sort(), ['attended', 'expected', 'rate', 'rate_bp']);
  });

  test('refusals: twice 409 duplicate; not signed 409 not_eligible; another project 404; a future date 422', async () => {
    assertError(await call('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: signed[0] }), 409, 'duplicate');
    assertError(await call('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: notSigned }), 409, 'not_eligible');
    assertError(await call('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: farPart }), 404, 'not_found', 'participant_id');
    assertError(await call('worker', 'POST', `${base()}/courses/${farCourse}/enrollments`, { participant_id: signed[4] }), 404, 'not_found');
    assertError(await call('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: signed[4], enrolled_on: shanghaiDate(2) }), 422, 'validation', 'enrolled_on');
    assertError(await call('worker', 'POST', `${base()}/courses/${course}/enrollments`, { participant_id: 'x' }), 422, 'validation', 'participant_id');
  });

  test('GET lists the women by name, paged by offset', async () => {
    const page1 = await ok('worker', 'GET', `${base()}/courses/${course}/enrollments?limit=2`);
    assert.equal(page1.items.length, 2);
    assert.equal(page1.next, '2');
    const page2 = await ok('worker', 'GET', `${base()}/courses/${course}/enrollments?limit=2&after=2`);
    assert.ok(page2.items.length >= 1);
    const ids = [...page1.items, ...page2.items].map((e) => e.participant_id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of signed.slice(0, 3)) assert.ok(ids.includes(id));
    assertError(await call('worker', 'GET', `${base()}/courses/${farCourse}/enrollments`), 404, 'not_found');
  });
});

describe('sessions', () => {
  test('POST creates a session: 201 with the documented shape, the course\'s place by default', async () => {
    const s = await ok('worker', 'GET', `${base()}/sessions/${openNow}`);
    assert.deepEqual(Object.keys(s).sort(), ['course_id', 'course_name', 'enrolled', 'guests', 'id', 'kind', 'minutes', 'place', 'present', 'starts_at', 'topic']);
    assert.equal(s.kind, 'open_class');
    assert.equal(s.course_id, course);
    assert.equal(s.course_name, 'API测试·面点制作');
    assert.equal(s.minutes, 120);
    assert.equal(s.topic, '开放日');
    assert.equal(s.place, '社区活动室');
    assert.match(s.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const v = await ok('worker', 'POST', `${base()}/courses/${course}/sessions`, {
      starts_at: '2024-03-02 14:30', kind: 'visit', minutes: 240, topic: '参观面包厂', place: '面包厂',
    }, 201);
    assert.equal(v.starts_at, '2024-03-02T14:30:00+08:00');
    assert.equal(v.place, '面包厂');
    assert.equal(v.minutes, 240);
  });

  test('bad input: 422 naming the field; another project\'s course 404', async () => {
    const path = `${base()}/courses/${course}/sessions`;
    assertError(await call('worker', 'POST', path, { starts_at: '2024-02-30T10:00', kind: 'class' }), 422, 'validation', 'starts_at');
    assertError(await call('worker', 'POST', path, { starts_at: 'tomorrow', kind: 'class' }), 422, 'validation', 'starts_at');
    assertError(await call('worker', 'POST', path, { starts_at: '2024-03-02T10:00', kind: 'party' }), 422, 'validation', 'kind');
    assertError(await call('worker', 'POST', path, { starts_at: '2024-03-02T10:00', kind: 'class', minutes: 0 }), 422, 'validation', 'minutes');
    assertError(await call('worker', 'POST', path, { starts_at: '2024-03-02T10:00', kind: 'class', minutes: 1441 }), 422, 'validation', 'minutes');
    assertError(await call('worker', 'POST', `${base()}/courses/${farCourse}/sessions`, { starts_at: '2024-03-02T10:00', kind: 'class' }), 404, 'not_found');
  });

  test('GET lists a course\'s and the project\'s sessions by start, with date ranges', async () => {
    const mine = await ok('worker', 'GET', `${base()}/courses/${course}/sessions`);
    const starts = mine.items.map((s) => s.starts_at);
    assert.deepEqual(starts, [...starts].sort());
    assert.ok(mine.items.some((s) => s.id === future));
    const today = await ok('worker', 'GET', `${base()}/sessions?from=${shanghaiDate()}&to=${shanghaiDate()}&limit=500`);
    const ids = today.items.map((s) => s.id);
    assert.ok(ids.includes(classNow) && ids.includes(openNow));
    assert.ok(!ids.includes(future));
    assert.ok(!ids.includes(farSession), 'never another project\'s');
    const paged = await ok('worker', 'GET', `${base()}/courses/${course}/sessions?limit=1`);
    assert.equal(paged.next, '1');
    assertError(await call('worker', 'GET', `${base()}/sessions?from=2024-13-01`), 422, 'validation', 'from');
    assertError(await call('worker', 'GET', `${base()}/sessions/${farSession}`), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base()}/courses/${farCourse}/sessions`), 404, 'not_found');
  });
});

describe('roll calls', () => {
  const path = (sid) => `${base()}/sessions/${sid}/attendance`;

  test('PUT saves the whole list and answers it; GET reads it back; twice changes nothing', async () => {
    const body = { participant_ids: [signed[1], signed[0], signed[0]], guests: [] };
    const r = await ok('worker', 'PUT', path(classNow), body);
    assert.deepEqual(r, { participant_ids: [signed[0], signed[1]].sort((a, b) => a - b), guests: [] });
    assert.deepEqual(await ok('supervisor', 'PUT', path(classNow), body), r);
    assert.deepEqual(await ok('supervisor', 'GET', path(classNow)), r);
    const s = await ok('worker', 'GET', `${base()}/sessions/${classNow}`);
    assert.equal(s.present, 2);
  });

  test('refusals leave the list as it was: bad ids, not enrolled, another project, guests at a class', async () => {
    const before = await ok('worker', 'GET', path(classNow));
    for (const [body, field] of [
      [{ participant_ids: 'all' }, 'participant_ids'],
      [{ participant_ids: [signed[0], 'x'] }, 'participant_ids'],
      [{ participant_ids: [0] }, 'participant_ids'],
      [{ participant_ids: [1.5] }, 'participant_ids'],
      [{}, 'participant_ids'],
      [{ participant_ids: [signed[0], signed[5]] }, 'participant_ids'], // not enrolled
      [{ participant_ids: [signed[0], farPart] }, 'participant_ids'],
      [{ participant_ids: [signed[0], 99999999] }, 'participant_ids'],
      [{ participant_ids: [signed[0]], guests: [{ name: '居民甲', phone: '13800138000' }] }, 'guests'],
      [{ participant_ids: [], guests: 'none' }, 'guests'],
      [{ participant_ids: [], extra: 1 }, 'extra'],
    ]) {
      assertError(await call('worker', 'PUT', path(classNow), body), 422, 'validation', field);
    }
    assert.deepEqual(await ok('worker', 'GET', path(classNow)), before);
  });

  test('an open class takes guests: a phone counts once; malformed guests 422', async () => {
    const r = await ok('worker', 'PUT', path(openNow), {
      participant_ids: [signed[2]],
      guests: [{ name: '居民甲', phone: '138 0013 8000' }, { name: '居民乙' }, { name: '居民甲', phone: '13800138000' }],
    });
    assert.deepEqual(r.participant_ids, [signed[2]]);
    assert.deepEqual(r.guests, [{ name: '居民甲', phone: '13800138000' }, { name: '居民乙' }]);
    for (const guests of [[{ phone: '13800138000' }], [{ name: '居民丙', phone: 13800138000 }], [{ name: '居民丙', age: 3 }], ['居民丙'], [{ name: '居民丙', phone: '123' }], [{ name: '' }]]) {
      assertError(await call('worker', 'PUT', path(openNow), { participant_ids: [], guests }), 422, 'validation', 'guests');
    }
    assert.equal((await ok('worker', 'GET', `${base()}/sessions/${openNow}`)).guests, 2);
  });

  test('a session that has not begun: 409 not_started; another project\'s session 404', async () => {
    assertError(await call('worker', 'PUT', path(future), { participant_ids: [signed[0]] }), 409, 'not_started');
    assertError(await call('worker', 'PUT', path(farSession), { participant_ids: [] }), 404, 'not_found');
    assertError(await call('worker', 'GET', path(farSession)), 404, 'not_found');
  });
});

describe('sign-in codes', () => {
  const path = (sid) => `${base()}/sessions/${sid}/checkin-code`;

  test('POST without a body makes a code: 201 {token, url, expires_at}, two hours after the start', async () => {
    const c = await ok('worker', 'POST', path(classNow), undefined, 201);
    assert.deepEqual(Object.keys(c).sort(), ['expires_at', 'token', 'url']);
    assert.match(c.token, /^[a-z2-7]{26}$/);
    assert.equal(c.url, `${srv.base}/checkin/${c.token}`);
    const s = await ok('worker', 'GET', `${base()}/sessions/${classNow}`);
    assert.equal(Date.parse(c.expires_at) - Date.parse(s.starts_at), 2 * 3600_000);
    // a new code replaces the old one
    const again = await ok('worker', 'POST', path(classNow), undefined, 201);
    assert.notEqual(again.token, c.token);
  });

  test('behind a trusted TLS proxy the address is https; an explicit expiry in a JSON body', async () => {
    const exp = isoIn(1);
    const r = await api(srv.base, path(openNow), {
      method: 'POST', token: tok.worker, json: { expires_at: exp }, headers: { 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.url, /^https:\/\/127\.0\.0\.1:\d+\/checkin\/[a-z2-7]{26}$/);
    assert.equal(Date.parse(r.json.expires_at), Date.parse(exp));
  });

  test('refusals: a bad or too late expiry 422; an event long over 409 expired; another project 404', async () => {
    assertError(await call('worker', 'POST', path(classNow), { expires_at: 'soon' }), 422, 'validation', 'expires_at');
    assertError(await call('worker', 'POST', path(classNow), { expires_at: isoIn(30) }), 422, 'validation', 'expires_at');
    assertError(await call('worker', 'POST', path(classNow), { expires_at: isoIn(-0.1) }), 422, 'validation', 'expires_at');
    assertError(await call('worker', 'POST', path(classNow), { when: 1 }), 422, 'validation', 'when');
    const old = await ok('worker', 'POST', `${base()}/courses/${course}/sessions`, { starts_at: '2024-03-01T09:00', kind: 'class' }, 201);
    assertError(await call('worker', 'POST', path(old.id), undefined), 409, 'expired');
    assertError(await call('worker', 'POST', path(farSession), undefined), 404, 'not_found');
    const bad = await api(srv.base, path(classNow), { method: 'POST', token: tok.worker, body: '{', headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    const form = await api(srv.base, path(classNow), { method: 'POST', token: tok.worker, body: 'expires_at=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
  });
});

describe('a woman\'s attendance and exams', () => {
  test('GET attendance: her rate overall and per course, as of a date', async () => {
    const a = await ok('worker', 'GET', `${base()}/participants/${signed[0]}/attendance`);
    assert.deepEqual(Object.keys(a).sort(), ['attended', 'courses', 'expected', 'rate', 'rate_bp']);
    const mine = a.courses.find((c) => c.course_id === course);
    assert.deepEqual(Object.keys(mine).sort(), ['attended', 'best_score', 'course_id', 'course_name', 'expected', 'passed', 'rate', 'rate_bp', 'skill']);
    // today's two sessions and the one of 2024-03-01/02 of this course; she was at one
    assert.ok(mine.expected >= 2);
    assert.equal(mine.attended, 1);
    assert.equal(mine.rate_bp, Math.round((10000 * mine.attended) / mine.expected));
    assert.equal(mine.rate, mine.rate_bp / 10000);
    assert.equal(mine.skill, '面点');
    const early = await ok('worker', 'GET', `${base()}/participants/${signed[0]}/attendance?as_of=2020-01-01`);
    const earlyMine = early.courses.find((c) => c.course_id === course);
    assert.equal(earlyMine.expected, 0);
    assert.equal(earlyMine.rate, null);
    assert.equal(earlyMine.rate_bp, null);
    assertError(await call('worker', 'GET', `${base()}/participants/${signed[0]}/attendance?as_of=yesterday`), 422, 'validation', 'as_of');
    assertError(await call('worker', 'GET', `${base()}/participants/${farPart}/attendance`), 404, 'not_found');
  });

  test('POST exams: equal to the pass score passes; a failure and a retake are both kept', async () => {
    // the demo gives her exams of its own courses: they stay as they were
    const hersBefore = await ok('worker', 'GET', `${base()}/participants/${signed[1]}/exams?limit=500`);
    assert.equal(hersBefore.next, null);
    const fail = await ok('worker', 'POST', `${base()}/courses/${course}/exams`, { participant_id: signed[1], score: 59, taken_on: '2024-03-05' }, 201);
    assert.deepEqual(Object.keys(fail).sort(), ['course_id', 'id', 'participant_id', 'pass_score', 'passed', 'score', 'skill', 'taken_on']);
    assert.equal(fail.passed, false);
    assert.equal(fail.pass_score, 60);
    const pass = await ok('supervisor', 'POST', `${base()}/courses/${course}/exams`, { participant_id: signed[1], score: 60 }, 201);
    assert.equal(pass.passed, true);
    assert.equal(pass.taken_on, shanghaiDate());
    assert.equal(pass.skill, '面点');
    const hers = await ok('worker', 'GET', `${base()}/participants/${signed[1]}/exams?limit=500`);
    assert.deepEqual(hers.items.filter((e) => e.course_id === course).map((e) => e.id), [pass.id, fail.id]);
    assert.deepEqual(hers.items.filter((e) => e.course_id !== course), hersBefore.items, 'her other exams unchanged');
    // newest first, whatever the course
    const order = hers.items.map((e) => [e.taken_on, e.id]);
    assert.deepEqual(order, [...order].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1)));
    const ofCourse = await ok('worker', 'GET', `${base()}/courses/${course}/exams?limit=1`);
    assert.equal(ofCourse.items[0].id, pass.id);
    assert.equal(ofCourse.next, '1');
    const a = await ok('worker', 'GET', `${base()}/participants/${signed[1]}/attendance`);
    const row = a.courses.find((c) => c.course_id === course);
    assert.equal(row.best_score, 60);
    assert.equal(row.passed, true);
    assert.equal((await ok('worker', 'GET', `${base()}/courses/${course}`)).passed, 1);
  });

  test('exam refusals: score range 422, a future date 422, not enrolled 409, another project 404', async () => {
    const path = `${base()}/courses/${course}/exams`;
    assertError(await call('worker', 'POST', path, { participant_id: signed[1], score: 101 }), 422, 'validation', 'score');
    assertError(await call('worker', 'POST', path, { participant_id: signed[1], score: -1 }), 422, 'validation', 'score');
    assertError(await call('worker', 'POST', path, { participant_id: signed[1], score: 80, taken_on: shanghaiDate(1) }), 422, 'validation', 'taken_on');
    assertError(await call('worker', 'POST', path, { participant_id: signed[5], score: 80 }), 409, 'not_enrolled');
    assertError(await call('worker', 'POST', path, { participant_id: farPart, score: 80 }), 404, 'not_found');
    assertError(await call('worker', 'POST', `${base()}/courses/${farCourse}/exams`, { participant_id: signed[1], score: 80 }), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base()}/courses/${farCourse}/exams`), 404, 'not_found');
    assertError(await call('worker', 'GET', `${base()}/participants/${farPart}/exams`), 404, 'not_found');
  });
});

describe('the calendar', () => {
  test('sessions of the week, by start, for workers, supervisors and community staff', async () => {
    for (const login of ['worker', 'supervisor', 'community']) {
      const cal = await ok(login, 'GET', `${base()}/calendar?from=${shanghaiDate()}&days=7`);
      const mine = cal.items.filter((e) => e.kind === 'session' && [classNow, openNow, future].includes(e.id));
      assert.equal(mine.length, 3, login);
      const starts = cal.items.map((e) => e.starts_at);
      assert.deepEqual(starts, [...starts].sort());
      const open = cal.items.find((e) => e.kind === 'session' && e.id === openNow);
      assert.deepEqual(Object.keys(open).sort(), ['guests', 'id', 'kind', 'minutes', 'place', 'present', 'starts_at', 'subkind', 'title']);
      assert.equal(open.subkind, 'open_class');
      assert.equal(open.title, 'API测试·面点制作');
      assert.equal(open.guests, 2);
      assert.ok(!cal.items.some((e) => e.kind === 'session' && e.id === farSession));
    }
    const short = await ok('worker', 'GET', `${base()}/calendar?from=${shanghaiDate()}&days=1`);
    assert.ok(!short.items.some((e) => e.id === future && e.kind === 'session'));
    assertError(await call('worker', 'GET', `${base()}/calendar?days=0`), 422, 'validation', 'days');
    assertError(await call('worker', 'GET', `${base()}/calendar?days=63`), 422, 'validation', 'days');
    assertError(await call('worker', 'GET', `${base()}/calendar?from=2024-02-30`), 422, 'validation', 'from');
  });
});

describe('who may', () => {
  test('every endpoint: 401 without a token, 403 for the roles that do not run training', async () => {
    const endpoints = [
      ['POST', `${base()}/courses`, { name: 'R', skill: 'R', pass_score: 1 }],
      ['GET', `${base()}/courses`],
      ['GET', `${base()}/courses/${course}`],
      ['POST', `${base()}/courses/${course}/enrollments`, { participant_id: signed[4] }],
      ['GET', `${base()}/courses/${course}/enrollments`],
      ['POST', `${base()}/courses/${course}/sessions`, { starts_at: '2024-03-02T10:00', kind: 'class' }],
      ['GET', `${base()}/courses/${course}/sessions`],
      ['POST', `${base()}/courses/${course}/exams`, { participant_id: signed[0], score: 80 }],
      ['GET', `${base()}/courses/${course}/exams`],
      ['GET', `${base()}/sessions`],
      ['GET', `${base()}/sessions/${classNow}`],
      ['PUT', `${base()}/sessions/${classNow}/attendance`, { participant_ids: [] }],
      ['GET', `${base()}/sessions/${classNow}/attendance`],
      ['POST', `${base()}/sessions/${classNow}/checkin-code`],
      ['GET', `${base()}/participants/${signed[0]}/attendance`],
      ['GET', `${base()}/participants/${signed[0]}/exams`],
      ['GET', `${base()}/calendar`],
    ];
    const before = await ok('worker', 'GET', `${base()}/sessions/${classNow}/attendance`);
    for (const [method, path, json] of endpoints) {
      assertError(await call(null, method, path, json), 401, 'unauthorized');
      for (const login of NOT_MANAGERS) {
        if (login === 'community' && path.endsWith('/calendar')) continue;
        assertError(await call(login, method, path, json), 403, 'forbidden');
      }
    }
    assert.deepEqual(await ok('worker', 'GET', `${base()}/sessions/${classNow}/attendance`), before);
    assertError(await call('member', 'GET', `${base()}/calendar`), 403, 'forbidden');
  });
});
