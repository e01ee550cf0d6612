// QR sign-in end to end against the real server (src/web/page_checkin.c, domain/checkin.h):
// a social worker makes a course, enrols the demo `member` (李秀英, signed), schedules sessions
// that start now and asks for sign-in codes; the member logs in for real (with CSRF, back to the
// check-in page through ?next=) and signs herself in — once, however often she taps; a form
// without its csrf field changes nothing; an unknown code is 404, an expired one 410 naming the
// event and recording nothing (a second server on the same database with TAXIANG_NOW three
// hours ahead); a member of another project gets the "invalid code" page; a member not enrolled
// in the course is told so; guests sign in by name and mobile number at an open class (counted
// once per number) and are refused at a class; staff get a note and no button; guest posts meet
// a per-address throttle of their own and the sign-up page's honeypot. Finally /me/training lists the course
// with her attendance, her exam and its certificate, beside the demo's courses of hers (the same
// as the API's list for her), and nobody else's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { TAXIANG_BIN, TEST_NOW_MS, TEST_NOW_SECONDS, api, freePort, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

const P1 = 1;
// CHECKIN_GUEST_MAX (domain/checkin.h): guest posts from one address per hour (a class on one Wi-Fi)
const GUEST_MAX = 300;

let srv;
const tok = {};
let me; // the member's participant id (李秀英)
let course; // her course
let otherCourse; // a course she is not enrolled in
let sClass; // a class starting now
let sOpen; // an open class starting now
let sLate; // a class whose code is used only on the server three hours ahead
let sOther; // a class of otherCourse
const code = {}; // session id -> { url, expires_at, token }
let p2; // another project
let member2; // a member of p2 (login)

const path1 = (p) => `/api/v1/projects/${P1}${p}`;

/** Shanghai wall time offsetMs from now, as "YYYY-MM-DDTHH:MM+08:00". */
function shanghai(offsetMs = 0) {
  return `${new Date(TEST_NOW_MS + offsetMs + 8 * 3600e3).toISOString().slice(0, 16)}+08:00`;
}

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

async function attendance(sid) {
  return ok(api(srv.base, path1(`/sessions/${sid}/attendance`), { token: tok.worker }));
}

async function newSession(cid, kind, offsetMs = -5 * 60e3) {
  const j = await ok(api(srv.base, path1(`/courses/${cid}/sessions`), {
    method: 'POST', token: tok.worker, json: { starts_at: shanghai(offsetMs), kind },
  }), 201);
  return j.id;
}

async function newCode(sid) {
  return ok(api(srv.base, path1(`/sessions/${sid}/checkin-code`), { method: 'POST', token: tok.worker }), 201);
}

async function memberAgent(login = 'member', base = srv.base, opts) {
  const a = newAgent(base, opts);
  const r = await a.login(login, `taxiang-${login}`);
  assert.equal(r.status, 303, `login ${login}: ${r.text}`);
  return a;
}

const checkinPath = (sid) => `/checkin/${code[sid].token}`;

before(async () => {
  srv = await startServer({ args: ['--trust-proxy'], env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  for (const login of ['admin', 'worker', 'supervisor', 'member']) tok[login] = await srv.tokenFor(login);

  // the member's participant: 李秀英, signed (src/domain/demo.c)
  const list = await ok(api(srv.base, path1('/participants?stage=signed&limit=500'), { token: tok.worker }));
  const her = list.items.filter((p) => p.name === '李秀英');
  assert.equal(her.length, 1, 'the demo member 李秀英 is signed');
  me = her[0].id;

  course = (await ok(api(srv.base, path1('/courses'), {
    method: 'POST', token: tok.worker, json: { name: '扫码签到测试课', skill: '中式面点', pass_score: 60 },
  }), 201)).id;
  await ok(api(srv.base, path1(`/courses/${course}/enrollments`), {
    method: 'POST', token: tok.worker, json: { participant_id: me },
  }), 201);
  otherCourse = (await ok(api(srv.base, path1('/courses'), {
    method: 'POST', token: tok.worker, json: { name: '未报名的课', skill: '编织', pass_score: 60 },
  }), 201)).id;
  sClass = await newSession(course, 'class');
  sOpen = await newSession(course, 'open_class');
  sLate = await newSession(course, 'class');
  sOther = await newSession(otherCourse, 'class');
  for (const sid of [sClass, sOpen, sLate, sOther]) code[sid] = await newCode(sid);

  // another project with a member of its own (her participant need not be signed: she is
  // simply not a participant of project 1)
  p2 = (await ok(api(srv.base, '/api/v1/projects', {
    method: 'POST', token: tok.admin, json: { name: '签到测试二', community: '东关社区', capacity: 10 },
  }), 201)).id;
  await runCliOk(['user', 'add', '--db', srv.db, '--login', 'worker_p2', '--role', 'social_worker',
    '--project', String(p2), '--password-stdin'], { input: 'taxiang-worker_p2\n' });
  const w2 = await srv.tokenFor('worker_p2');
  const other = await ok(api(srv.base, `/api/v1/projects/${p2}/participants`, {
    method: 'POST', token: w2, json: { name: '别处的她', source: 'self' },
  }), 201);
  member2 = 'member_p2';
  await runCliOk(['user', 'add', '--db', srv.db, '--login', member2, '--role', 'member', '--project',
    String(p2), '--participant', String(other.id), '--password-stdin'], { input: `taxiang-${member2}\n` });
});

after(async () => {
  await srv?.stop();
});

describe('the code', () => {
  test('the API answers an absolute address of /checkin/<token> that the server serves', async () => {
    const c = code[sClass];
    assert.match(c.token, /^[a-z2-7]{26}$/, 'a 26-character base32 token (lower case: the route)');
    assert.equal(c.url, `${srv.base}/checkin/${c.token}`);
    const r = await newAgent(srv.base).get(checkinPath(sClass));
    assert.equal(r.status, 200);
  });

  test('the session page shows it as a big QR code with the address typed out and its expiry', async () => {
    const a = await memberAgent('worker');
    const r = await a.get(`/projects/${P1}/sessions/${sClass}`);
    assert.equal(r.status, 200, r.text);
    const card = /<section class="card qr-card" id="qr">([\s\S]*?)<\/section>/.exec(r.text);
    assert.ok(card, 'the QR card');
    assert.match(card[1], /<svg [^>]*class="qr" viewBox="0 0 (\d+) \1" width="100%" shape-rendering="crispEdges"/);
    assert.match(card[1], /<path fill="#000" d="M4 4h7v1h-7z/, 'the finder pattern drawn');
    assert.ok(htmlText(card[1]).includes(code[sClass].url), 'the address as text');
    assert.match(htmlText(card[1]), /有效至 \d{4}-\d\d-\d\d \d\d:\d\d/);
    assert.match(card[1], /<form method="post" class="qr-renew" action="[^"]*checkin-code">/);
    assert.match(card[1], /name="csrf"/);
    assert.ok(htmlText(card[1]).includes('重新生成'));
    assert.doesNotMatch(card[1], /style=/);
  });
});

describe('a member signs herself in', () => {
  test('without an account: the event, a link to log in that returns here, no guest form at a class', async () => {
    const r = await newAgent(srv.base).get(checkinPath(sClass));
    assert.equal(r.status, 200);
    const text = htmlText(r.text);
    assert.ok(text.includes('扫码签到测试课'));
    assert.match(text, /时间 \d{4}-\d\d-\d\d \d\d:\d\d/);
    assert.ok(r.text.includes(`href="/login?next=%2Fcheckin%2F${code[sClass].token}"`));
    assert.ok(!text.includes('来宾签到'), 'no guest form at a class');
    assert.doesNotMatch(r.text, /class="wide checkin-go"/);
  });

  test('she logs in through the link, taps 签到 once: signed in; again: counted once', async () => {
    const a = newAgent(srv.base);
    const login = await a.login('member', 'taxiang-member', { next: checkinPath(sClass) });
    assert.equal(login.status, 303);
    assert.equal(login.location, checkinPath(sClass));
    const page = await a.get(login.location);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<form method="post" class="checkin-member" action="${checkinPath(sClass)}">`));
    assert.ok(a.csrf);

    const first = await a.postForm(checkinPath(sClass));
    assert.equal(first.status, 200, first.text);
    assert.ok(htmlText(first.text).includes('签到成功'));
    assert.ok(htmlText(first.text).includes('扫码签到测试课'));
    const again = await a.postForm(checkinPath(sClass));
    assert.equal(again.status, 200);
    assert.ok(htmlText(again.text).includes('你已经签到过了'));

    const att = await attendance(sClass);
    assert.deepEqual(att.participant_ids, [me], 'present once');
    assert.deepEqual(att.guests, []);
  });

  test('a form without its csrf field: 403, nothing recorded', async () => {
    const a = await memberAgent();
    await a.get(checkinPath(sOpen));
    const r = await a.postForm(checkinPath(sOpen), { csrf: null });
    assert.equal(r.status, 403);
    const bad = await a.postForm(checkinPath(sOpen), { csrf: 'x'.repeat(43) });
    assert.equal(bad.status, 403);
    assert.deepEqual((await attendance(sOpen)).participant_ids, []);
  });

  test('an unknown code: 404 "签到码无效"; English on request', async () => {
    const a = await memberAgent();
    const r = await a.get('/checkin/abcdefghijklmnopqrstuvwxyz');
    assert.equal(r.status, 404);
    assert.ok(htmlText(r.text).includes('签到码无效'));
    await a.get('/me/training'); // a page with a csrf token
    const p = await a.postForm('/checkin/abcdefghijklmnopqrstuvwxyz');
    assert.equal(p.status, 404);
    const en = await newAgent(srv.base, { headers: { 'Accept-Language': 'en' } }).get('/checkin/nosuchcode');
    assert.equal(en.status, 404);
    assert.ok(htmlText(en.text).includes('Invalid sign-in code'));
    // a token in upper case is not the token
    const up = await newAgent(srv.base).get(`/checkin/${code[sClass].token.toUpperCase()}`);
    assert.equal(up.status, 404);
  });

  test('a member of another project: the same 404 as an unknown code, nothing recorded', async () => {
    const a = await memberAgent(member2);
    const r = await a.get(checkinPath(sOpen));
    assert.equal(r.status, 404);
    const text = htmlText(r.text);
    assert.ok(text.includes('签到码无效'));
    assert.ok(!text.includes('扫码签到测试课'), 'nothing about the event');
    await a.get('/me/training');
    const p = await a.postForm(checkinPath(sOpen));
    assert.equal(p.status, 404);
    assert.ok(htmlText(p.text).includes('签到码无效'));
    const att = await attendance(sOpen);
    assert.deepEqual(att.participant_ids, []);
    assert.deepEqual(att.guests, []);
  });

  test('a member not enrolled in the course is told so (409), nothing recorded', async () => {
    const a = await memberAgent();
    await a.get(checkinPath(sOther));
    const r = await a.postForm(checkinPath(sOther));
    assert.equal(r.status, 409);
    assert.ok(htmlText(r.text).includes('没有报名'));
    assert.deepEqual((await attendance(sOther)).participant_ids, []);
  });

  test('a code made ahead of the day cannot be used yet: 409 with the reason, nothing recorded', async () => {
    const tomorrow = await newSession(course, 'open_class', 24 * 3600e3);
    code[tomorrow] = await newCode(tomorrow);
    const a = await memberAgent();
    const page = await a.get(checkinPath(tomorrow));
    assert.equal(page.status, 200);
    const r = await a.postForm(checkinPath(tomorrow));
    assert.equal(r.status, 409);
    assert.ok(htmlText(r.text).includes('还没到签到时间'));
    const g = newAgent(srv.base, { headers: { 'X-Real-IP': '192.0.2.44' } });
    await g.get(checkinPath(tomorrow));
    const gr = await g.postForm(checkinPath(tomorrow), { name: '早到的来宾', phone: '13300133000' });
    assert.equal(gr.status, 409);
    const att = await attendance(tomorrow);
    assert.deepEqual(att.participant_ids, []);
    assert.deepEqual(att.guests, []);
  });

  test('staff see a note and no button; their post is refused', async () => {
    const a = await memberAgent('worker');
    const r = await a.get(checkinPath(sOpen));
    assert.equal(r.status, 200);
    assert.ok(htmlText(r.text).includes('扫码签到是给学员'));
    assert.doesNotMatch(r.text, /checkin-member|checkin-guest/);
    const p = await a.postForm(checkinPath(sOpen));
    assert.equal(p.status, 403);
    const att = await attendance(sOpen);
    assert.deepEqual(att.participant_ids, []);
    assert.deepEqual(att.guests, []);
  });
});

describe('guests', () => {
  const ip = { 'X-Real-IP': '203.0.113.7' };

  test('at an open class: a guest form; name and mobile number sign in, twice counts once', async () => {
    const g = newAgent(srv.base, { headers: ip });
    const page = await g.get(checkinPath(sOpen));
    assert.equal(page.status, 200);
    assert.ok(htmlText(page.text).includes('来宾签到'));
    assert.match(page.text, /<input type="tel" name="phone"/);
    const r = await g.postForm(checkinPath(sOpen), { name: '来听课的王女士', phone: '138 0013 8000', website: '' });
    assert.equal(r.status, 200, r.text);
    assert.ok(htmlText(r.text).includes('签到成功'));
    await g.get(checkinPath(sOpen));
    const again = await g.postForm(checkinPath(sOpen), { name: '王女士', phone: '13800138000' });
    assert.equal(again.status, 200);
    assert.ok(htmlText(again.text).includes('你已经签到过了'));
    const att = await attendance(sOpen);
    assert.equal(att.guests.length, 1);
    assert.equal(att.guests[0].name, '来听课的王女士');
    assert.deepEqual(att.participant_ids, []);
  });

  test('a bad mobile number or no name: 422 beside the field, what she typed kept, nothing recorded', async () => {
    const g = newAgent(srv.base, { headers: ip });
    await g.get(checkinPath(sOpen));
    const r = await g.postForm(checkinPath(sOpen), { name: '李女士', phone: '12345' });
    assert.equal(r.status, 422);
    assert.match(r.text, /name="phone" value="12345" required aria-invalid="true"/);
    assert.match(r.text, /name="name" value="李女士"/);
    const n = await g.postForm(checkinPath(sOpen), { name: '', phone: '13900139000' });
    assert.equal(n.status, 422);
    assert.match(n.text, /name="name"[^>]*aria-invalid="true"/);
    assert.equal((await attendance(sOpen)).guests.length, 1);
  });

  test('the honeypot looks like success and records nothing', async () => {
    const g = newAgent(srv.base, { headers: ip });
    await g.get(checkinPath(sOpen));
    const r = await g.postForm(checkinPath(sOpen), { name: 'bot', phone: '13700137000', website: 'http://spam' });
    assert.equal(r.status, 200);
    assert.ok(htmlText(r.text).includes('签到成功'));
    assert.equal((await attendance(sOpen)).guests.length, 1);
  });

  test('at a class: no guest form, and a guest post is refused (409 仅限学员)', async () => {
    const g = newAgent(srv.base, { headers: ip });
    await g.get(checkinPath(sClass));
    const r = await g.postForm(checkinPath(sClass), { name: '路人', phone: '13600136000' });
    assert.equal(r.status, 409);
    assert.ok(htmlText(r.text).includes('仅限学员'));
    assert.deepEqual((await attendance(sClass)).guests, []);
  });

  test('guest posts from one address are throttled, by a counter of their own (429 after 300)', async () => {
    const h = { 'X-Real-IP': '198.51.100.9' };
    const g = newAgent(srv.base, { headers: h });
    for (let i = 0; i < GUEST_MAX; i++) {
      await g.get(checkinPath(sOpen));
      const r = await g.postForm(checkinPath(sOpen), { name: `来宾${i}`, phone: `1590000${String(i).padStart(4, '0')}` });
      assert.equal(r.status, 200, `guest ${i}: ${htmlText(r.text)}`);
    }
    await g.get(checkinPath(sOpen));
    const r = await g.postForm(checkinPath(sOpen), { name: '多出的一位', phone: '15911110000' });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '3600');
    assert.ok(htmlText(r.text).includes('请稍后再试'));
    assert.equal((await attendance(sOpen)).guests.length, 1 + GUEST_MAX);
    // another address is not held up
    const other = newAgent(srv.base, { headers: { 'X-Real-IP': '198.51.100.10' } });
    await other.get(checkinPath(sOpen));
    assert.equal((await other.postForm(checkinPath(sOpen), { name: '另一位', phone: '15922220000' })).status, 200);
  });
});

/** A second `taxiang serve` on the same database, its clock at TAXIANG_NOW. */
async function serveAt(db, nowSeconds) {
  const port = await freePort();
  let stderr = '';
  const child = spawn(TAXIANG_BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2'], {
    env: { ...process.env, TAXIANG_NOW: String(nowSeconds) }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      const r = await exited;
      assert.equal(r.code, 0, `second server: ${stderr}`);
    },
  };
}

describe('an expired code', () => {
  test('three hours later: 410 "签到已结束" naming the event, for her and for guests; nothing recorded', async () => {
    const later = await serveAt(srv.db, Math.floor(TEST_NOW_MS / 1000) + 3 * 3600);
    try {
      const anon = await newAgent(later.base).get(checkinPath(sLate));
      assert.equal(anon.status, 410);
      const text = htmlText(anon.text);
      assert.ok(text.includes('签到已结束'));
      assert.ok(text.includes('扫码签到测试课'), 'the event is named');
      const a = await memberAgent('member', later.base);
      const page = await a.get(checkinPath(sLate));
      assert.equal(page.status, 410);
      await a.get('/me/training');
      const r = await a.postForm(checkinPath(sLate));
      assert.equal(r.status, 410);
      assert.ok(htmlText(r.text).includes('签到已结束'));
      const g = newAgent(later.base);
      await g.get('/login');
      const gr = await g.postForm(checkinPath(sOpen), { name: '迟到的来宾', phone: '13500135000' });
      assert.equal(gr.status, 410);
    } finally {
      await later.stop();
    }
    assert.deepEqual((await attendance(sLate)).participant_ids, []);
    assert.ok(!(await attendance(sOpen)).guests.some((x) => x.name === '迟到的来宾'));
  });

  test('a new code replaces the old one: the old address is 404', async () => {
    const old = code[sOther];
    code[sOther] = await newCode(sOther);
    assert.notEqual(code[sOther].token, old.token);
    assert.equal((await newAgent(srv.base).get(`/checkin/${old.token}`)).status, 404);
    assert.equal((await newAgent(srv.base).get(checkinPath(sOther))).status, 200);
  });
});

describe('/me/training', () => {
  let exam;
  before(async () => {
    const today = shanghai().slice(0, 10);
    exam = (await ok(api(srv.base, path1(`/courses/${course}/exams`), {
      method: 'POST', token: tok.worker, json: { participant_id: me, score: 85, taken_on: today },
    }), 201)).id;
  });

  test('lists her course with her attendance, her exam and its certificate', async () => {
    const a = await memberAgent();
    const r = await a.get('/me/training');
    assert.equal(r.status, 200, r.text);
    const text = htmlText(r.text);
    assert.ok(!text.includes('未报名的课'), 'only her courses');
    // her courses (the demo enrols her in some of its own): exactly those the API lists for her
    const theirs = await ok(api(srv.base, path1(`/participants/${me}/attendance`), { token: tok.worker }));
    const listed = [...r.text.matchAll(/<li class="my-course" id="course-(\d+)">/g)].map((m) => Number(m[1]));
    assert.deepEqual(listed.sort((x, y) => x - y), theirs.courses.map((c) => c.course_id).sort((x, y) => x - y));
    assert.ok(listed.includes(course));
    // her overall rate is the API's (basis points shown as a percentage)
    const overall = /总出勤率 ([\d.]+%) \((\d+) \/ (\d+)\)/.exec(text);
    assert.ok(overall, text);
    assert.equal(overall.slice(1).join(' '), `${theirs.rate_bp / 100}% ${theirs.attended} ${theirs.expected}`);
    // this course: she attended one (sClass) of its sessions so far
    const li = new RegExp(`<li class="my-course" id="course-${course}">([\\s\\S]*?)</li>`).exec(r.text);
    assert.ok(li, 'her course has its row');
    const row = htmlText(li[1]);
    assert.ok(row.includes('扫码签到测试课'), row);
    const rate = /出勤率 ([\d.]+%) \((\d+) \/ (\d+)\)/.exec(row);
    assert.ok(rate, row);
    assert.equal(rate[2], '1');
    assert.ok(Number(rate[3]) >= 3);
    assert.equal(rate[1], `${theirs.courses.find((c) => c.course_id === course).rate_bp / 100}%`);
    assert.ok(row.includes('最好成绩 85 已通过'), row);
    const ex = new RegExp(`<li class="my-exam" id="exam-${exam}">([\\s\\S]*?)</li>`).exec(r.text);
    assert.ok(ex, 'her exam has its row');
    assert.ok(htmlText(ex[1]).includes('扫码签到测试课'));
    assert.ok(ex[1].includes(`href="/me/exams/${exam}/certificate.pdf"`));
    const pdf = await a.get(`/me/exams/${exam}/certificate.pdf`);
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get('content-type'), /^application\/pdf/);
  });

  test("another member gets no course of hers and a 404 for her certificate", async () => {
    const a = await memberAgent(member2);
    const r = await a.get('/me/training');
    assert.equal(r.status, 200);
    assert.ok(!htmlText(r.text).includes('扫码签到测试课'));
    assert.ok(htmlText(r.text).includes('你还没有报名任何课程'));
    assert.equal((await a.get(`/me/exams/${exam}/certificate.pdf`)).status, 404);
    assert.equal((await a.get('/me/exams/999999/certificate.pdf')).status, 404);
  });

  test('staff are refused (403); a visitor is sent to log in', async () => {
    const w = await memberAgent('worker');
    assert.equal((await w.get('/me/training')).status, 403);
    assert.equal((await w.get(`/me/exams/${exam}/certificate.pdf`)).status, 403);
    const anon = await newAgent(srv.base).get('/me/training');
    assert.equal(anon.status, 303);
    assert.match(anon.location, /^\/login\?next=/);
  });
});
