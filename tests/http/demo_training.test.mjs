// The demo's training and community records over HTTP, read as the demo's social worker
// through the JSON API (the numbers are recomputed here from the raw lists, never copied from
// the demo's code):
//   the four courses of the brief with their skills and pass scores, ~24 sessions each between
//   2021-07 and 2023-06 (classes, study visits, open classes with guests), every woman present
//   at a past session enrolled in it; 李秀英 (the member's participant) with an attendance rate
//   0 < rate <= 1 that agrees with the sum of her courses; most women between 80% and 98%,
//   a few below; about 92% of the signed women with a passed exam, some passing at a retake;
//   ties such that the share of signed women with >= 2 new friends is in [0.85, 1], a few with
//   none; activities of the four kinds about twice a month with women and residents, volunteer
//   minutes; ~8 mentorships (some newcomers outside the programme) with meetings and reach;
//   every date inside the programme (2021-06 .. 2023-08).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, startServer } from './lib/server.mjs';

const P = '/api/v1/projects/1';
const COURSES = {
  面点制作: { skill: '面点', pass: 60 },
  手工编织: { skill: '编织', pass: 60 },
  家政服务: { skill: '家政', pass: 70 },
  直播带货: { skill: '直播销售', pass: 60 },
};
const inProgramme = (d) => d >= '2021-06-01' && d <= '2023-08-31';

let srv;
let token;
let signed; // participants of project 1 who reached `signed` (exited included)

const get = async (path) => {
  const r = await api(srv.base, P + path, { token });
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.json;
};

/** Every item of a list, following `next`. */
async function all(path) {
  const items = [];
  let after = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const j = await get(`${path}${sep}limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    items.push(...j.items);
    after = j.next ?? null;
    if (!after) return items;
  }
}

before(async () => {
  srv = await startServer();
  token = await srv.tokenFor('worker');
  const people = await all('/participants');
  signed = people.filter((p) => p.stage === 'signed' || p.stage === 'exited');
  assert.equal(signed.length, 50, 'the demo signs 50 women (46 signed, 4 exited)');
});

after(async () => {
  await srv?.stop();
});

describe('training', () => {
  let courses;
  let sessions;

  before(async () => {
    courses = await all('/courses');
    sessions = await all('/sessions');
  });

  test('the four courses of the brief, each with women enrolled and about 24 sessions', () => {
    assert.equal(courses.length, 4);
    for (const c of courses) {
      const want = COURSES[c.name];
      assert.ok(want, `an unexpected course ${c.name}`);
      assert.equal(c.skill, want.skill, c.name);
      assert.equal(c.pass_score, want.pass, c.name);
      assert.ok(c.teacher && c.place, `${c.name} has a teacher and a place`);
      assert.ok(c.enrolled >= 5, `${c.name}: ${c.enrolled} enrolled`);
      assert.ok(c.sessions >= 20 && c.sessions <= 30, `${c.name}: ${c.sessions} sessions`);
      assert.ok(c.passed >= 1, `${c.name}: someone passed`);
    }
    const enrolments = courses.reduce((s, c) => s + c.enrolled, 0);
    assert.ok(enrolments >= 50 && enrolments <= 150, `1–3 courses a woman: ${enrolments} enrolments`);
  });

  test('sessions: classes, study visits and open classes with guests, 2021-07 .. 2023-06', () => {
    assert.equal(sessions.length, courses.reduce((s, c) => s + c.sessions, 0));
    const kinds = {};
    for (const s of sessions) {
      kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
      const day = s.starts_at.slice(0, 10);
      assert.ok(day >= '2021-07-01' && day <= '2023-06-30', `session ${s.id} on ${day}`);
      assert.ok(s.present > 0 && s.present <= s.enrolled, `session ${s.id}: ${s.present} of ${s.enrolled}`);
      if (s.kind !== 'open_class') assert.equal(s.guests, 0, `guests only at open classes (${s.id})`);
    }
    assert.ok(kinds.class > kinds.visit + kinds.open_class, JSON.stringify(kinds));
    assert.ok(kinds.visit >= 4, `study visits: ${kinds.visit}`);
    assert.ok(kinds.open_class >= 4, `open classes: ${kinds.open_class}`);
    assert.ok(sessions.filter((s) => s.kind === 'open_class').every((s) => s.guests > 0));
    // weekly-ish: in each course, most gaps between sessions are about a week
    for (const c of courses) {
      const days = sessions
        .filter((s) => s.course_id === c.id)
        .map((s) => Date.parse(s.starts_at.slice(0, 10)) / 86_400_000)
        .sort((a, b) => a - b);
      const weekly = days.slice(1).filter((d, i) => d - days[i] >= 5 && d - days[i] <= 9).length;
      assert.ok(weekly >= (days.length - 1) * 0.75, `${c.name}: ${weekly} weekly gaps of ${days.length - 1}`);
    }
  });

  test('a roll call lists only women enrolled in the course; an open class its guests', async () => {
    const open = sessions.find((s) => s.kind === 'open_class');
    const roll = await get(`/sessions/${open.id}/attendance`);
    assert.equal(roll.participant_ids.length, open.present);
    assert.equal(roll.guests.length, open.guests);
    assert.ok(roll.guests.every((g) => g.name.length >= 1));
    const enrolled = new Set((await all(`/courses/${open.course_id}/enrollments`)).map((e) => e.participant_id));
    for (const id of roll.participant_ids) assert.ok(enrolled.has(id), `${id} enrolled`);
  });

  test("李秀英's attendance rate: 0 < rate <= 1, the sum of her courses", async () => {
    const her = signed.find((p) => p.name === '李秀英');
    assert.ok(her, '李秀英 is signed');
    const a = await get(`/participants/${her.id}/attendance`);
    assert.ok(a.expected > 0 && a.attended > 0, JSON.stringify(a));
    assert.ok(a.rate > 0 && a.rate <= 1, `rate ${a.rate}`);
    assert.equal(a.rate_bp, Math.floor((a.attended * 10000) / a.expected + 0.5));
    assert.ok(Array.isArray(a.courses) && a.courses.length >= 1, JSON.stringify(a));
    assert.equal(a.courses.reduce((s, c) => s + c.expected, 0), a.expected);
    assert.equal(a.courses.reduce((s, c) => s + c.attended, 0), a.attended);
  });

  test('most women attend 80–98% of their sessions, a few less; ~92% passed an exam', async () => {
    let band = 0;
    let below = 0;
    let mastered = 0;
    let retakes = 0;
    for (const p of signed) {
      const a = await get(`/participants/${p.id}/attendance`);
      assert.ok(a.expected > 0, `${p.id} is enrolled in a course`);
      if (a.rate_bp >= 8000 && a.rate_bp <= 9800) band++;
      if (a.rate_bp < 8000) below++;
      const exams = await all(`/participants/${p.id}/exams`);
      for (const e of exams) {
        assert.ok(inProgramme(e.taken_on), `exam ${e.id} on ${e.taken_on}`);
        assert.equal(e.passed, e.score >= e.pass_score);
      }
      if (exams.some((e) => e.passed)) mastered++;
      // a failed attempt followed by a passed one in the same course
      const byCourse = new Map();
      for (const e of exams) byCourse.set(e.course_id, [...(byCourse.get(e.course_id) ?? []), e]);
      for (const list of byCourse.values()) {
        list.sort((x, y) => x.taken_on.localeCompare(y.taken_on));
        if (list.length > 1 && !list[0].passed && list.at(-1).passed) retakes++;
      }
    }
    assert.ok(band / signed.length >= 0.75, `${band} of ${signed.length} in 80–98%`);
    assert.ok(below >= 1 && below <= signed.length * 0.2, `${below} below 80%`);
    const share = mastered / signed.length;
    assert.ok(share >= 0.85 && share < 1, `passed an exam: ${mastered} of ${signed.length}`);
    assert.ok(retakes >= 1, 'someone passed at a retake');
  });
});

describe('community', () => {
  test('ties: between 85% and 100% of the signed women have two new friends or more', async () => {
    const counts = (await get('/ties/counts')).items;
    assert.equal(counts.length, signed.length, 'one count per signed woman');
    const two = counts.filter((c) => c.friends >= 2).length;
    const share = two / counts.length;
    assert.ok(share >= 0.85 && share <= 1, `${two} of ${counts.length} with >= 2 friends`);
    assert.ok(counts.some((c) => c.friends === 0), 'a couple made no new friend');
    const ties = await all('/ties');
    assert.equal(ties.length * 2, counts.reduce((s, c) => s + c.friends, 0), 'each tie counts for its two women');
    assert.ok(ties.every((t) => inProgramme(t.formed_on) && ['worker', 'survey'].includes(t.source)));
  });

  test('activities of the four kinds, about two a month, with women and residents', async () => {
    const acts = await all('/activities');
    assert.ok(acts.length >= 40, `${acts.length} activities`);
    const kinds = new Set(acts.map((a) => a.kind));
    assert.deepEqual([...kinds].sort(), ['advocacy', 'integration', 'open_class', 'volunteer']);
    assert.ok(acts.every((a) => inProgramme(a.held_on)), 'dates inside the programme');
    const months = new Set(acts.map((a) => a.held_on.slice(0, 7)));
    assert.ok(months.size >= 24, `${months.size} months with activities`);
    assert.ok(acts.filter((a) => a.present > 0).length >= acts.length * 0.8, 'women at most of them');
    assert.ok(acts.some((a) => a.guests > 0), 'residents come too');
    const sum = await get('/community/summary');
    assert.ok(sum.volunteer_minutes > 0, JSON.stringify(sum));
    assert.ok(sum.women_reached >= 40, JSON.stringify(sum));
    assert.ok(sum.guest_visits > 0, JSON.stringify(sum));
  });

  test('mentorships: about eight pairs with meetings; some newcomers outside the programme', async () => {
    const pairs = await all('/mentorships');
    assert.ok(pairs.length >= 6 && pairs.length <= 10, `${pairs.length} pairs`);
    assert.ok(pairs.some((m) => m.mentee_id === null && m.mentee_name), 'a newcomer known by name');
    assert.ok(pairs.some((m) => m.mentee_id !== null), 'a newcomer of the programme');
    assert.ok(pairs.every((m) => m.meetings >= 1 && inProgramme(m.started_on)));
    const meetings = await get(`/mentorships/${pairs[0].id}/meetings`);
    assert.equal(meetings.items.length, pairs[0].meetings);
    assert.ok(meetings.items.every((x) => x.notes.length > 0 && inProgramme(x.held_on)));
    const reach = await get('/mentorships/reach');
    assert.equal(reach.pairs, pairs.length);
    assert.ok(reach.further > 0 && reach.total === reach.newcomers + reach.further, JSON.stringify(reach));
  });
});
