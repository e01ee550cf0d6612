// A roll call saved from a stale page never removes a QR sign-in it did not show
// (PUT …/attendance with seen_at; the roll call pages send it as a hidden field): the member
// signs herself in after the worker read the list; the worker's save, which lists only another
// woman, leaves her present; a save from a list read after her sign-in removes her.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, newAgent, startServer } from './lib/server.mjs';

const P1 = 1;
let srv;
let worker;
let me; // 李秀英, the demo member's participant
let other; // another signed woman
let course;
let session;
let token;

const path1 = (p) => `/api/v1/projects/${P1}${p}`;
// the server's clock stands at TEST_NOW_MS: her QR sign-in is recorded at that instant
const shanghai = (offsetMs = 0) =>
  `${new Date(TEST_NOW_MS + offsetMs + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

const put = (json) => api(srv.base, path1(`/sessions/${session}/attendance`), { method: 'PUT', token: worker, json });
const present = async () =>
  (await ok(api(srv.base, path1(`/sessions/${session}/attendance`), { token: worker }))).participant_ids;

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  worker = await srv.tokenFor('worker');
  const list = await ok(api(srv.base, path1('/participants?stage=signed&limit=500'), { token: worker }));
  me = list.items.find((p) => p.name === '李秀英').id;
  other = list.items.find((p) => p.id !== me).id;
  course = (await ok(api(srv.base, path1('/courses'), {
    method: 'POST', token: worker, json: { name: '点名与扫码测试课', skill: '编织', pass_score: 60 },
  }), 201)).id;
  for (const id of [me, other]) {
    await ok(api(srv.base, path1(`/courses/${course}/enrollments`), {
      method: 'POST', token: worker, json: { participant_id: id },
    }), 201);
  }
  session = (await ok(api(srv.base, path1(`/courses/${course}/sessions`), {
    method: 'POST', token: worker, json: { starts_at: shanghai(-5 * 60e3).slice(0, 16), kind: 'class' },
  }), 201)).id;
  token = (await ok(api(srv.base, path1(`/sessions/${session}/checkin-code`), { method: 'POST', token: worker }), 201)).token;
});

after(async () => {
  await srv?.stop();
});

test('a save from a page read before her QR sign-in keeps her; one read after it removes her', async () => {
  const readAt = shanghai(-60e3); // the worker's page, read a minute before she signs in
  const member = newAgent(srv.base);
  assert.equal((await member.login('member', 'taxiang-member')).status, 303);
  await member.get(`/checkin/${token}`);
  const signed = await member.postForm(`/checkin/${token}`, {});
  assert.equal(signed.status, 200, signed.text);
  assert.deepEqual(await present(), [me]);

  // the stale page listed only the other woman
  let r = await put({ participant_ids: [other], seen_at: readAt });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.participant_ids.slice().sort((a, b) => a - b), [me, other].sort((a, b) => a - b));

  // a bad seen_at names the field and changes nothing
  r = await put({ participant_ids: [], seen_at: 'soon' });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.field, 'seen_at');
  assert.equal((await present()).length, 2);

  // a list read now shows her; unticked, she goes
  r = await put({ participant_ids: [other], seen_at: shanghai(60e3) });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.participant_ids, [other]);
});
