// The training pages (src/web/page_training.c): the course list and its new-course form, a
// course's page (enrolment of signed women, sessions, exams, its exports), the roll call of a
// session (ticks, QR marks, guests of an open class, one save), the week calendar, her training
// page and the card on her page, and the certificate PDF (409 for an exam not passed) — as a
// social worker and as a supervisor; refusals beside their field with what was typed kept; 403
// for every other role; 404 for another project's records. Everything is set up through the
// pages themselves, with their csrf fields.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let srv;
let worker;
let supervisor;
let other; // a social worker of project 2
let pid2;

before(async () => {
  srv = await startServer();
  worker = newAgent(srv.base);
  supervisor = newAgent(srv.base);
  for (const [a, login] of [[worker, 'worker'], [supervisor, 'supervisor']]) {
    assert.equal((await a.login(login, `taxiang-${login}`)).status, 303, `login ${login}`);
  }
  pid2 = Number((await runCliOk(['project', 'add', '--db', srv.db, '--name', '另一个项目', '--community', '东关社区'])).trim());
  await runCliOk(['user', 'add', '--db', srv.db, '--login', 'worker2', '--role', 'social_worker', '--project', String(pid2),
    '--password-stdin'], { input: 'taxiang-worker2\n' });
  other = newAgent(srv.base);
  assert.equal((await other.login('worker2', 'taxiang-worker2')).status, 303);
});
after(async () => {
  await srv?.stop();
});

// ---- helpers -------------------------------------------------------------------------------

/** The visible text of the error beside a field, or null. */
function fieldError(html, name) {
  const m = new RegExp(`<span class="field-error" id="err-${name}">([^<]*)</span>`).exec(html);
  return m ? m[1] : null;
}

/** The value attribute of an input, or null. */
function inputValue(html, name) {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return m ? m[1] : null;
}

/** The options of the <select> inside the form posting to `action`: [{ id, name }]. */
function selectOptions(html, action) {
  const i = html.indexOf(`action="${action}"`);
  assert.ok(i >= 0, `a form posting to ${action}`);
  const form = html.slice(i, html.indexOf('</form>', i));
  return [...form.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ id: Number(m[1]), name: m[2] }));
}

/** Creates a course through the form (the list page first, for its csrf); returns its id. */
async function createCourse(agent, fields, pid = 1) {
  assert.equal((await agent.get(`/projects/${pid}/courses`)).status, 200);
  const r = await agent.postForm(`/projects/${pid}/courses`, { pass_score: '60', ...fields });
  assert.equal(r.status, 303, htmlText(r.text));
  const m = new RegExp(`^/projects/${pid}/courses/(\\d+)\\?ok=created$`).exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

/** Posts one of a course page's forms (the page first, for its csrf). */
async function coursePost(agent, cid, what, fields, pid = 1) {
  assert.equal((await agent.get(`/projects/${pid}/courses/${cid}`)).status, 200);
  return agent.postForm(`/projects/${pid}/courses/${cid}/${what}`, fields);
}

async function addSession(agent, cid, fields, pid = 1) {
  const r = await coursePost(agent, cid, 'sessions', { kind: 'class', ...fields }, pid);
  assert.equal(r.status, 303, htmlText(r.text));
  assert.match(r.location, /\?ok=session#sessions$/);
  const page = await agent.get(`/projects/${pid}/courses/${cid}`);
  const ids = [...page.text.matchAll(new RegExp(`href="/projects/${pid}/sessions/(\\d+)"`, 'g'))].map((m) => Number(m[1]));
  return Math.max(...ids);
}

/** Ids of the exams listed on a course page, with their certificate link (or none). */
function certLinks(html, pid = 1) {
  return [...html.matchAll(new RegExp(`href="/projects/${pid}/exams/(\\d+)/certificate.pdf"`, 'g'))].map((m) => Number(m[1]));
}

async function raw(agent, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: agent.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function assertXlsx(r, what) {
  assert.equal(r.status, 200, what);
  assert.equal(r.headers.get('content-type'), XLSX, what);
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK', what);
}

/** Her totals on her training page (or on the card of her page): { attended, expected, skills }
 *  (attended and expected 0 when nothing is expected of her yet; skills in the page's order). */
function herTotals(html) {
  const dd = (cls) => {
    const m = new RegExp(`<dd class="${cls}">([\\s\\S]*?)</dd>`).exec(html);
    return m ? m[1] : null;
  };
  const overall = dd('overall'); // none on a card without courses, "—" on a page without sessions
  if (overall === null || htmlText(overall) === '—') return { attended: 0, expected: 0, skills: [] };
  const m = /^(\d+) \/ (\d+) · /.exec(htmlText(overall));
  assert.ok(m, overall);
  const skills = [...dd('skills').matchAll(/<span class="pass">([^<]*)<\/span>/g)].map((x) => x[1]);
  return { attended: Number(m[1]), expected: Number(m[2]), skills };
}

/** "a / b · p%" as the pages show a rate: basis points rounded half up, then to a whole per cent. */
function rateText(attended, expected) {
  const bp = Math.floor((attended * 20000 + expected) / (2 * expected));
  return `${attended} / ${expected} · ${Math.floor((bp + 50) / 100)}%`;
}

/** The roll call page's items: [{ id, name, checked, qr }]. */
function rollItems(html) {
  return [...html.matchAll(/<label class="roll-item"><input type="checkbox" name="participant_ids" value="(\d+)"( checked)?><span class="roll-name">([^<]*)<\/span>(<span class="badge badge-qr">)?/g)]
    .map((m) => ({ id: Number(m[1]), checked: !!m[2], name: m[3], qr: !!m[4] }));
}

// ---- the scenario -------------------------------------------------------------------------

describe('a course from creation to certificate', () => {
  let cid;
  let women; // two signed women enrolled
  let totalsBefore; // her totals before this course, for each of them (the demo trains them too)
  let sid;   // a class, in the past
  let open;  // an open class, in the past

  test('the list and the new-course form, as worker and supervisor', async () => {
    for (const a of [worker, supervisor]) {
      const r = await a.get('/projects/1/courses');
      assert.equal(r.status, 200);
      assert.match(r.text, /<h1>技能培训课程<\/h1>/);
      assert.match(r.text, /action="\/projects\/1\/courses"/);
      assert.match(r.text, /href="\/projects\/1\/courses.xlsx"/);
    }
  });

  test('a refused course keeps what was typed, the error beside its field', async () => {
    await worker.get('/projects/1/courses');
    let r = await worker.postForm('/projects/1/courses', { name: '', skill: '面点制作', pass_score: '60', teacher: '王老师' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'name'), 'an error beside name');
    assert.equal(inputValue(r.text, 'skill'), '面点制作');
    assert.equal(inputValue(r.text, 'teacher'), '王老师');

    r = await worker.postForm('/projects/1/courses', { name: '面点', skill: '面点制作', pass_score: '101' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'pass_score'));
    assert.equal(inputValue(r.text, 'name'), '面点');
  });

  test('a course is created; a second of the same name is refused', async () => {
    cid = await createCourse(worker, { name: '中式面点', skill: '面点制作', pass_score: '70', teacher: '王老师', place: '社区活动室' });
    const r = await worker.get(`/projects/1/courses/${cid}?ok=created`);
    assert.equal(r.status, 200);
    assert.equal((/<h1>([^<]*)<\/h1>/.exec(r.text) || [])[1], '中式面点');
    const text = htmlText(r.text);
    assert.match(text, /课程已创建/);
    assert.match(text, /技能 面点制作/);
    assert.match(text, /合格分数 70/);
    assert.match(text, /授课老师 王老师/);

    await worker.get('/projects/1/courses');
    const dup = await worker.postForm('/projects/1/courses', { name: '中式面点', skill: '别的', pass_score: '60' });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /class="(alert|field-error)"/);
    assert.equal(inputValue(dup.text, 'skill'), '别的');

    const list = await supervisor.get('/projects/1/courses');
    assert.match(list.text, new RegExp(`<a href="/projects/1/courses/${cid}">中式面点</a>`));
  });

  test('enrolment offers signed women not yet enrolled; others are refused', async () => {
    const page = await worker.get(`/projects/1/courses/${cid}`);
    const offered = selectOptions(page.text, `/projects/1/courses/${cid}/enrollments`);
    assert.ok(offered.length >= 2, 'signed women are offered');
    women = offered.slice(0, 2);
    totalsBefore = [];
    for (const w of women) {
      const t = await supervisor.get(`/projects/1/participants/${w.id}/training`);
      assert.equal(t.status, 200);
      totalsBefore.push(herTotals(t.text));
    }
    for (const w of women) {
      const r = await coursePost(worker, cid, 'enrollments', { participant_id: w.id });
      assert.equal(r.status, 303, htmlText(r.text));
      assert.equal(r.location, `/projects/1/courses/${cid}?ok=enrolled#enrollees`);
    }
    const after = await supervisor.get(`/projects/1/courses/${cid}`);
    const still = selectOptions(after.text, `/projects/1/courses/${cid}/enrollments`).map((o) => o.id);
    for (const w of women) {
      assert.ok(!still.includes(w.id), `${w.name} is no longer offered`);
      assert.match(after.text, new RegExp(`<a href="/projects/1/participants/${w.id}">${w.name}</a>`));
    }
    // the exam form offers exactly the enrolled women
    assert.deepEqual(selectOptions(after.text, `/projects/1/courses/${cid}/exams`).map((o) => o.id).sort(),
      women.map((w) => w.id).sort());

    // a woman who is not signed
    const list = await worker.get('/projects/1/participants?stage=signed_up');
    const notSigned = Number(/href="\/projects\/1\/participants\/(\d+)"/.exec(list.text)[1]);
    const r = await coursePost(worker, cid, 'enrollments', { participant_id: notSigned });
    assert.equal(r.status, 409);
    assert.match(r.text, /class="(alert|field-error)"/);
    // twice the same
    const again = await coursePost(worker, cid, 'enrollments', { participant_id: women[0].id });
    assert.equal(again.status, 409);
  });

  test('sessions: a bad time is refused beside its field; good ones are listed', async () => {
    let r = await coursePost(worker, cid, 'sessions', { starts_at: '昨天下午', kind: 'class', topic: '发面' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'starts_at'), 'an error beside starts_at');
    assert.equal(inputValue(r.text, 'topic'), '发面');
    assert.match(r.text, /<details class="form-more" open>/);

    r = await coursePost(worker, cid, 'sessions', { starts_at: '2024-03-01T14:00', kind: 'class', minutes: '0' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'minutes'));

    sid = await addSession(worker, cid, { starts_at: '2024-03-01T14:00', kind: 'class', minutes: '90', topic: '发面与和面' });
    open = await addSession(supervisor, cid, { starts_at: '2024-03-02T09:30', kind: 'open_class', topic: '公开课：花卷' });
    const page = await worker.get(`/projects/1/courses/${cid}`);
    const text = htmlText(page.text);
    assert.match(text, /2024-03-01 14:00 课堂 发面与和面 0 \/ 2/);
    assert.match(page.text, new RegExp(`href="/projects/1/sessions/${open}">2024-03-02 09:30</a>`));
  });

  test('the roll call: tick two names, save once, they are present', async () => {
    let page = await worker.get(`/projects/1/sessions/${sid}`);
    assert.equal(page.status, 200);
    assert.match(htmlText(page.text), /时间 2024-03-01 14:00–15:30/);
    let items = rollItems(page.text);
    assert.deepEqual(items.map((i) => i.id).sort(), women.map((w) => w.id).sort());
    assert.ok(items.every((i) => !i.checked), 'nobody is present yet');
    assert.equal((page.text.match(/<button type="submit" class="wide">/g) || []).length, 1, 'one save button');
    assert.ok(!page.text.includes('name="guest_name"'), 'a class has no guest rows');
    assert.match(page.text, /id="qr"/, 'the QR section');

    const r = await worker.postForm(`/projects/1/sessions/${sid}/attendance`, { participant_ids: women[0].id });
    assert.equal(r.status, 303, htmlText(r.text));
    assert.equal(r.location, `/projects/1/sessions/${sid}?ok=saved#roll`);
    page = await worker.get(r.location.replace(/#.*/, ''));
    assert.match(htmlText(page.text), /已保存/);
    items = rollItems(page.text);
    assert.equal(items.find((i) => i.id === women[0].id).checked, true);
    assert.equal(items.find((i) => i.id === women[1].id).checked, false);
    assert.match(htmlText(page.text), /出席 1 \/ 2/);

    // both (two values under one name, as a browser sends ticked boxes)
    const body = new URLSearchParams([['csrf', worker.csrf], ['participant_ids', String(women[0].id)], ['participant_ids', String(women[1].id)]]);
    const both = await worker.request('POST', `/projects/1/sessions/${sid}/attendance`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(),
    });
    assert.equal(both.status, 303);
    page = await supervisor.get(`/projects/1/sessions/${sid}`);
    assert.ok(rollItems(page.text).every((i) => i.checked));
    assert.match(htmlText(page.text), /出席 2 \/ 2/);
  });

  test('a roll call naming someone not enrolled changes nothing', async () => {
    await worker.get(`/projects/1/sessions/${sid}`);
    const r = await worker.postForm(`/projects/1/sessions/${sid}/attendance`, { participant_ids: 999999 });
    assert.equal(r.status, 422);
    assert.match(r.text, /class="(alert|field-error)"/);
    const page = await worker.get(`/projects/1/sessions/${sid}`);
    assert.ok(rollItems(page.text).every((i) => i.checked), 'still both present');
  });

  test('an open class: guests added, kept through hidden fields, removed when unticked', async () => {
    let page = await worker.get(`/projects/1/sessions/${open}`);
    assert.equal((page.text.match(/name="guest_name"/g) || []).length, 3, 'three empty guest rows');
    // a phone without a name
    let r = await worker.postForm(`/projects/1/sessions/${open}/attendance`, { guests_kept: '0', guest_name: '', guest_phone: '13800001111' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'guests'));

    await worker.get(`/projects/1/sessions/${open}`);
    const form = new URLSearchParams([['csrf', worker.csrf], ['participant_ids', String(women[1].id)], ['guests_kept', '0'],
      ['guest_name', '张阿姨'], ['guest_phone', '138 0000 1111'], ['guest_name', ''], ['guest_phone', ''],
      ['guest_name', '李大姐'], ['guest_phone', '']]);
    r = await worker.request('POST', `/projects/1/sessions/${open}/attendance`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    assert.equal(r.status, 303, htmlText(r.text));
    page = await worker.get(`/projects/1/sessions/${open}`);
    const text = htmlText(page.text);
    assert.match(text, /张阿姨 13800001111/);
    assert.match(text, /李大姐/);
    assert.match(text, /来宾 2/);
    assert.match(page.text, /<input type="hidden" name="guests_kept" value="2">/);

    // saving again as the page is keeps both guests
    const kept = new URLSearchParams([['csrf', worker.csrf], ['participant_ids', String(women[1].id)], ['guests_kept', '2'],
      ['guest_keep', '0'], ['guest_keep', '1'],
      ['guest_name', '张阿姨'], ['guest_phone', '13800001111'], ['guest_name', '李大姐'], ['guest_phone', '']]);
    r = await worker.request('POST', `/projects/1/sessions/${open}/attendance`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: kept.toString(),
    });
    assert.equal(r.status, 303);
    page = await worker.get(`/projects/1/sessions/${open}`);
    assert.match(htmlText(page.text), /来宾 2/);

    // unticking one removes her
    const one = new URLSearchParams([['csrf', worker.csrf], ['participant_ids', String(women[1].id)], ['guests_kept', '2'],
      ['guest_keep', '1'], ['guest_name', '张阿姨'], ['guest_phone', '13800001111'], ['guest_name', '李大姐'], ['guest_phone', '']]);
    r = await worker.request('POST', `/projects/1/sessions/${open}/attendance`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: one.toString(),
    });
    assert.equal(r.status, 303);
    page = await worker.get(`/projects/1/sessions/${open}`);
    assert.ok(!htmlText(page.text).includes('张阿姨'));
    assert.match(htmlText(page.text), /李大姐/);

    const x = await raw(worker, `/projects/1/sessions/${open}/attendance.xlsx`);
    assertXlsx(x, 'attendance.xlsx');
  });

  test('exams: a bad score is refused; a pass and a fail are recorded', async () => {
    let r = await coursePost(worker, cid, 'exams', { participant_id: women[0].id, score: '101' });
    assert.equal(r.status, 422);
    assert.ok(fieldError(r.text, 'score'));
    assert.match(r.text, new RegExp(`<option value="${women[0].id}" selected>`));

    r = await coursePost(worker, cid, 'exams', { participant_id: women[0].id, score: '70', taken_on: '2024-03-20' });
    assert.equal(r.status, 303, htmlText(r.text));
    assert.equal(r.location, `/projects/1/courses/${cid}?ok=passed#exams`);
    r = await coursePost(supervisor, cid, 'exams', { participant_id: women[1].id, score: '69' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/projects/1/courses/${cid}?ok=failed#exams`);

    const page = await worker.get(`/projects/1/courses/${cid}?ok=passed`);
    assert.match(htmlText(page.text), /考核已记录：通过/);
    assert.equal(certLinks(page.text).length, 1, 'a certificate link for the pass only');
  });

  test('the certificate: a PDF for a pass, 409 for a fail', async () => {
    const page = await worker.get(`/projects/1/courses/${cid}`);
    const passed = certLinks(page.text)[0];
    for (const a of [worker, supervisor]) {
      const r = await raw(a, `/projects/1/exams/${passed}/certificate.pdf`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/pdf');
      assert.equal(r.headers.get('content-disposition'), `attachment; filename="certificate-${passed}.pdf"`);
      assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    }
    // the failed exam is the one without a link: the other id on the page's exam rows
    const exx = await raw(worker, `/projects/1/courses/${cid}/exams.xlsx`);
    assertXlsx(exx, 'exams.xlsx');
    let failed = 0;
    for (let id = passed - 3; id <= passed + 3 && !failed; id++) {
      if (id === passed || id < 1) continue;
      const r = await worker.get(`/projects/1/exams/${id}/certificate.pdf`);
      if (r.status === 409) failed = id;
    }
    assert.ok(failed, 'the failed exam answers 409');
    const r = await worker.get(`/projects/1/exams/${failed}/certificate.pdf`);
    assert.match(htmlText(r.text), /未通过，不能出具结业证书/);
  });

  test('her training page and the card on her page', async () => {
    const r = await supervisor.get(`/projects/1/participants/${women[0].id}/training`);
    assert.equal(r.status, 200);
    const text = htmlText(r.text);
    assert.match(text, new RegExp(`${women[0].name} · 培训记录`));
    // beside what the demo gave her: the skill of this course, and she came to the class, not
    // to the open class
    const [b0, b1] = totalsBefore;
    const t0 = herTotals(r.text);
    assert.deepEqual(t0.skills.filter((x) => x !== '面点制作'), b0.skills);
    assert.ok(t0.skills.includes('面点制作') && !b0.skills.includes('面点制作'));
    assert.match(text, new RegExp(`总出勤率 ${rateText(b0.attended + 1, b0.expected + 2)} 已掌握技能`));
    const row = new RegExp(`<tr><td class="name"><a href="/projects/1/courses/${cid}">[\\s\\S]*?</tr>`).exec(r.text);
    assert.ok(row, 'her row of this course');
    assert.equal(htmlText(row[0]), '中式面点 面点制作 1 / 2 · 50% 70 通过');
    const exam = certLinks((await worker.get(`/projects/1/courses/${cid}`)).text)[0];
    assert.ok(r.text.includes(`href="/projects/1/exams/${exam}/certificate.pdf"`), 'her certificate of this course');

    const her = await worker.get(`/projects/1/participants/${women[1].id}`);
    assert.equal(her.status, 200);
    assert.ok(her.text.includes('id="training"'), 'the training card on her page');
    const cardHtml = her.text.slice(her.text.indexOf('id="training"'), her.text.indexOf('</section>', her.text.indexOf('id="training"')));
    const card = htmlText(cardHtml);
    // present at both; she failed the exam, so no skill is added to the demo's
    assert.match(card, new RegExp(`总出勤率 ${rateText(b1.attended + 2, b1.expected + 2)} 已掌握技能 ${b1.skills.length ? '' : '暂无'}`));
    assert.deepEqual(herTotals(cardHtml).skills, b1.skills);
    const li = [...cardHtml.matchAll(/<li><span class="course">([^<]*)<\/span>([\s\S]*?)<\/li>/g)].filter((m) => m[1] === '中式面点');
    assert.equal(li.length, 1, 'this course on the card');
    assert.equal(htmlText(li[0][0]), '中式面点 2 / 2 · 100%');
    assert.match(her.text, new RegExp(`href="/projects/1/participants/${women[1].id}/training"`));
  });

  test('exports of the course', async () => {
    assertXlsx(await raw(worker, '/projects/1/courses.xlsx'), 'courses.xlsx');
    assertXlsx(await raw(supervisor, `/projects/1/courses/${cid}/enrollees.xlsx`), 'enrollees.xlsx');
    assertXlsx(await raw(worker, `/projects/1/sessions/${sid}/attendance.xlsx`), 'attendance.xlsx');
  });

  test('the calendar: the week of a date, by day, with links', async () => {
    const r = await worker.get('/projects/1/calendar?week=2024-02-28');
    assert.equal(r.status, 200);
    const text = htmlText(r.text);
    assert.match(text, /2024-02-26 – 2024-03-03/);
    assert.match(r.text, new RegExp(`<a href="/projects/1/sessions/${sid}"><span class="ev-time">14:00–15:30</span> <strong class="ev-title">中式面点</strong>`));
    assert.match(r.text, /href="\/projects\/1\/calendar\?week=2024-02-19"/);
    assert.match(r.text, /href="\/projects\/1\/calendar\?week=2024-03-04"/);
    assert.equal((r.text.match(/<li class="day/g) || []).length, 7);
    // Friday holds the class, Saturday the open class
    const days = r.text.split('<li class="day').slice(1);
    assert.match(days[4], /14:00/);
    assert.match(days[5], /09:30/);
    assert.match(days[0], /无安排/);

    assert.equal((await supervisor.get('/projects/1/calendar')).status, 200);
    assert.equal((await worker.get('/projects/1/calendar?week=2024-02-30')).status, 422);
  });

  test('another project\'s records are not found; other roles are refused', async () => {
    const cid2 = await createCourse(other, { name: '编织', skill: '编织' }, pid2);
    const p2 = await other.get(`/projects/${pid2}/courses/${cid2}`);
    assert.equal(p2.status, 200);
    assert.equal((await worker.get(`/projects/1/courses/${cid2}`)).status, 404);
    assert.equal((await worker.get(`/projects/1/courses/${cid2}/exams.xlsx`)).status, 404);
    assert.equal((await other.get(`/projects/${pid2}/courses/${cid}`)).status, 404);
    assert.equal((await other.get(`/projects/${pid2}/sessions/${sid}`)).status, 404);
    assert.equal((await other.get(`/projects/${pid2}/sessions/${sid}/attendance.xlsx`)).status, 404);
    assert.equal((await other.get(`/projects/${pid2}/participants/${women[0].id}/training`)).status, 404);
    const page = await worker.get(`/projects/1/courses/${cid}`);
    const exam = certLinks(page.text)[0];
    assert.equal((await other.get(`/projects/${pid2}/exams/${exam}/certificate.pdf`)).status, 404);
    await other.get(`/projects/${pid2}/courses/${cid2}`);
    const post = await other.postForm(`/projects/${pid2}/sessions/${sid}/attendance`, {});
    assert.equal(post.status, 404);
    // nothing changed there
    const still = await worker.get(`/projects/1/sessions/${sid}`);
    assert.ok(rollItems(still.text).every((i) => i.checked));

    for (const login of ['admin', 'community', 'leader', 'member', 'partner', 'auditor']) {
      const a = newAgent(srv.base);
      assert.equal((await a.login(login, `taxiang-${login}`)).status, 303, login);
      for (const path of ['/projects/1/courses', `/projects/1/courses/${cid}`, `/projects/1/sessions/${sid}`,
        `/projects/1/exams/${exam}/certificate.pdf`, '/projects/1/courses.xlsx']) {
        assert.equal((await a.get(path)).status, 403, `${login} ${path}`);
      }
    }
  });
});
