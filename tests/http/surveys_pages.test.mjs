// The survey pages over HTTP (page_surveys.c): the list for every allowed role (200) and the
// others (403); an administrator's form to add a template (lines key|kind|label|min|max|choices),
// its refusals shown beside the items box, a duplicate key → 409; a template's page with the
// entry form (community staff: resident templates only), an entry saved and refused (422 beside
// the item, answers kept), the responses table and the XLSX export; the phone link form showing
// the link and its QR code; the public /s/{token} page (no account): answered once, then closed;
// an unknown token → 404; /me/surveys for a member; another project's template → 404; no CSRF,
// no write.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, startServer } from './lib/server.mjs';

let srv;
const ag = {};
let signed;
let P2;

async function agent(login) {
  const a = newAgent(srv.base);
  const r = await a.login(login, `taxiang-${login}`);
  assert.equal(r.status, 303, `login ${login}: ${r.text}`);
  return a;
}

/** POSTs pairs with the csrf of a freshly fetched page. */
async function post(a, page, action, pairs) {
  const g = await a.get(page);
  assert.equal(g.status, 200, `GET ${page}: ${g.status}`);
  const params = new URLSearchParams();
  params.append('csrf', a.csrf);
  for (const [k, v] of pairs) params.append(k, String(v));
  return a.request('POST', action, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
}

const count = async (key) => {
  const t = await api(srv.base, `/api/v1/projects/1/surveys/${key}`, { token: await srv.tokenFor('supervisor') });
  return t.json.responses;
};

before(async () => {
  srv = await startServer();
  for (const l of ['admin', 'worker', 'supervisor', 'community', 'auditor', 'member', 'leader', 'partner'])
    ag[l] = await agent(l);
  const tok = await srv.tokenFor('worker');
  const list = await api(srv.base, '/api/v1/projects/1/participants?stage=signed&limit=50', { token: tok });
  signed = list.json.items[0].id;
  const p = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: await srv.tokenFor('admin'), json: { name: '第二项目', community: '东关', capacity: 5 },
  });
  P2 = p.json.id;
});

after(async () => {
  await srv?.stop();
});

describe('the list of templates', () => {
  test('roles', async () => {
    for (const who of ['admin', 'worker', 'supervisor', 'community', 'auditor']) {
      const r = await ag[who].get('/projects/1/surveys');
      assert.equal(r.status, 200, who);
      for (const k of ['satisfaction', 'loneliness', 'belonging', 'resident'])
        assert.ok(r.text.includes(`data-key="${k}"`), `${who} sees ${k}`);
      assert.equal(r.text.includes('name="items"'), who === 'admin', `${who}: the add form`);
    }
    for (const who of ['member', 'leader', 'partner'])
      assert.equal((await ag[who].get('/projects/1/surveys')).status, 403, who);
  });

  test('an administrator adds a template through the form', async () => {
    const items = 'mood|likert|最近心情如何？|1|5\njob|choice|目前是否有工作？|||有;没有\nnote|text|还想说什么|||optional';
    let r = await post(ag.admin, '/projects/1/surveys', '/projects/1/surveys', [
      ['key', 'checkin'], ['title_zh', '回访问卷'], ['title_en', 'Follow-up'], ['respondent', 'participant'], ['items', items],
    ]);
    assert.equal(r.status, 303, r.text);
    assert.match(r.location, /\/projects\/1\/surveys\/checkin\?ok=sv_added/);
    r = await ag.admin.get('/projects/1/surveys/checkin');
    assert.equal(r.status, 200);
    assert.ok(htmlText(r.text).includes('最近心情如何？'));
    // refusals: a bad line, bad bounds, a duplicate key
    r = await post(ag.admin, '/projects/1/surveys', '/projects/1/surveys', [
      ['key', 'other'], ['title_zh', 'x'], ['respondent', 'resident'], ['items', 'a|likert|x|1|5\nb|bogus|y'],
    ]);
    assert.equal(r.status, 422);
    assert.ok(r.text.includes('id="err-items"'));
    assert.ok(r.text.includes('b|bogus|y'), 'the lines are kept');
    r = await post(ag.admin, '/projects/1/surveys', '/projects/1/surveys', [
      ['key', 'other'], ['title_zh', 'x'], ['respondent', 'resident'], ['items', 'a|likert|x|5|5'],
    ]);
    assert.equal(r.status, 422);
    assert.ok(r.text.includes('id="err-items"'));
    r = await post(ag.admin, '/projects/1/surveys', '/projects/1/surveys', [
      ['key', 'belonging'], ['title_zh', 'x'], ['respondent', 'participant'], ['items', 'a|text|x'],
    ]);
    assert.equal(r.status, 409);
    assert.ok(r.text.includes('id="err-key"'));
    // no csrf: nothing
    r = await ag.admin.postForm('/projects/1/surveys', { csrf: null, key: 'nocsrf', title_zh: 'x', respondent: 'participant', items: 'a|text|x' });
    assert.equal(r.status, 403);
    assert.equal((await ag.admin.get('/projects/1/surveys/nocsrf')).status, 404);
    assert.equal((await ag.worker.request('POST', '/projects/1/surveys', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'key=x',
    })).status, 403);
  });
});

describe('a template page', () => {
  test('the entry form saves a response; a refusal shows beside the item', async () => {
    let r = await ag.worker.get('/projects/1/surveys/belonging');
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('name="answers.b1"'));
    assert.ok(r.text.includes('class="scale"'));
    assert.ok(r.text.includes('responses.xlsx'));
    const before = await count('belonging');
    r = await post(ag.worker, '/projects/1/surveys/belonging', '/projects/1/surveys/belonging/responses', [
      ['wave', 'midline'], ['participant_id', signed], ['answers.b1', 5], ['answers.b2', 4], ['answers.b3', 3], ['answers.b4', 2],
    ]);
    assert.equal(r.status, 422);
    assert.ok(r.text.includes('id="err-answers.b5"'));
    assert.ok(/name="answers.b1" value="5" checked/.test(r.text), 'answers kept');
    assert.equal(await count('belonging'), before);
    r = await post(ag.worker, '/projects/1/surveys/belonging', '/projects/1/surveys/belonging/responses', [
      ['wave', 'midline'], ['participant_id', signed], ['responded_on', '2030-01-01'],
      ['answers.b1', 5], ['answers.b2', 4], ['answers.b3', 3], ['answers.b4', 2], ['answers.b5', 1],
    ]);
    assert.equal(r.status, 422);
    assert.ok(r.text.includes('id="err-responded_on"'));
    r = await post(ag.worker, '/projects/1/surveys/belonging', '/projects/1/surveys/belonging/responses', [
      ['wave', 'midline'], ['participant_id', signed],
      ['answers.b1', 5], ['answers.b2', 4], ['answers.b3', 3], ['answers.b4', 2], ['answers.b5', 1],
    ]);
    assert.equal(r.status, 303, r.text);
    assert.equal(await count('belonging'), before + 1);
    r = await ag.worker.get(r.location);
    assert.ok(r.text.includes('问卷已保存'));
  });

  test('community staff: resident templates only', async () => {
    let r = await ag.community.get('/projects/1/surveys/belonging');
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('name="answers.b1"'), 'no entry form');
    r = await post(ag.community, '/projects/1/surveys/belonging', '/projects/1/surveys/belonging/responses', [
      ['wave', 'midline'], ['participant_id', signed], ['answers.b1', 5], ['answers.b2', 4], ['answers.b3', 3], ['answers.b4', 2], ['answers.b5', 1],
    ]);
    assert.equal(r.status, 403);
    const before = await count('resident');
    r = await post(ag.community, '/projects/1/surveys/resident', '/projects/1/surveys/resident/responses', [
      ['wave', 'endline'], ['resident.name', '王阿姨'], ['answers.environment', 4], ['answers.approval', 5], ['answers.heard_of', 1],
    ]);
    assert.equal(r.status, 303, r.text);
    assert.equal(await count('resident'), before + 1);
  });

  test('readers: the auditor sees the responses, not the forms; the export', async () => {
    const r = await ag.auditor.get('/projects/1/surveys/belonging');
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('name="answers.b1"'));
    assert.ok(r.text.includes('id="responses"'));
    const x = await fetch(`${srv.base}/projects/1/surveys/belonging/responses.xlsx`, { headers: { Cookie: ag.auditor.cookieHeader() } });
    assert.equal(x.status, 200);
    const bytes = Buffer.from(await x.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    assert.match(x.headers.get('content-disposition') || '', /responses\.xlsx/);
    const c = await fetch(`${srv.base}/projects/1/surveys/belonging/responses.xlsx`, { headers: { Cookie: ag.community.cookieHeader() } });
    assert.equal(c.status, 403);
    assert.equal((await ag.worker.get('/projects/1/surveys/nope')).status, 404);
    assert.equal((await ag.worker.get(`/projects/${P2}/surveys/belonging`)).status, 404);
    assert.equal((await ag.worker.get('/projects/1/surveys/belonging?before=5')).status, 200);
  });
});

describe('phone links', () => {
  test('made on the page, answered once on /s/{token}', async () => {
    let r = await post(ag.worker, '/projects/1/surveys/loneliness', '/projects/1/surveys/loneliness/links', [
      ['wave', 'endline'], ['participant_id', signed],
    ]);
    assert.equal(r.status, 303, r.text);
    const m = /[?&]link=([a-z2-7]{26})/.exec(r.location);
    assert.ok(m, r.location);
    const tokenPath = `/s/${m[1]}`;
    r = await ag.worker.get(r.location);
    assert.ok(r.text.includes('<svg'), 'a QR code');
    assert.ok(r.text.includes(tokenPath));
    // refused link form
    r = await post(ag.worker, '/projects/1/surveys/loneliness', '/projects/1/surveys/loneliness/links', [['wave', 'endline']]);
    assert.equal(r.status, 422);
    assert.ok(r.text.includes('id="err-participant_id"'));
    // the public page: no account
    const pub = newAgent(srv.base);
    r = await pub.get(tokenPath);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('name="answers.l1"'));
    assert.ok(r.text.includes('lang="zh-CN"'));
    r = await pub.postForm(tokenPath, { 'answers.l1': '3', 'answers.l2': '9', 'answers.l3': '1' });
    assert.equal(r.status, 422);
    assert.ok(r.text.includes('id="err-answers.l2"'));
    const before = await count('loneliness');
    r = await pub.postForm(tokenPath, { 'answers.l1': '3', 'answers.l2': '2', 'answers.l3': '1' });
    assert.equal(r.status, 200, r.text);
    assert.ok(htmlText(r.text).includes('谢谢您'));
    assert.equal(await count('loneliness'), before + 1);
    r = await pub.get(tokenPath);
    assert.equal(r.status, 410);
    assert.ok(htmlText(r.text).includes('已经填写过'));
    r = await pub.postForm(tokenPath, { 'answers.l1': '3', 'answers.l2': '2', 'answers.l3': '1' });
    assert.ok(r.status === 410 || r.status === 409);
    assert.equal(await count('loneliness'), before + 1);
    assert.equal((await pub.get('/s/aaaaaaaaaaaaaaaaaaaaaaaaaa')).status, 404);
    assert.equal((await pub.get('/s/x')).status, 404);
  });

  test('a member sees her links on /me/surveys', async () => {
    const r = await ag.member.get('/me/surveys');
    assert.equal(r.status, 200);
    assert.ok(htmlText(r.text).includes('我的问卷'));
    assert.equal((await ag.worker.get('/me/surveys')).status, 403);
  });
});
