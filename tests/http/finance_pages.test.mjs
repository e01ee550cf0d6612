// The pages of the project's finances and publicity: /projects/{pid}/budget (totals, funders,
// lines against actual with a progress bar, add forms for writers only), /expenses (filters,
// the multipart add form with a receipt, receipt links), /publicity (entries with channel,
// link (http/https only, rel="noopener noreferrer"), reach, thumbnails, the add form and the photo
// form listing only the women who consented to publicity), the files route with its roles, and the
// XLSX exports (real zip files).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_SECONDS, api, demoPassword, htmlText, newAgent, startServer } from './lib/server.mjs';

let srv;
const ag = {};
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63f8cfc000000301010018dd8db00000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function agent(login) {
  if (!ag[login]) {
    const a = newAgent(srv.base);
    const r = await a.login(login, demoPassword(login));
    assert.equal(r.status, 303, `login ${login}`);
    ag[login] = a;
  }
  return ag[login];
}

/** A multipart POST from a page: fields, the csrf of the last page, and a file. */
async function postMultipart(a, path, fields, file) {
  const fd = new FormData();
  fd.append('csrf', a.csrf);
  for (const [k, v] of fields) fd.append(k, String(v));
  if (file) fd.append('file', new Blob([file.data], { type: file.type || 'application/octet-stream' }), file.name);
  return a.request('POST', path, { body: fd });
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
});

after(async () => {
  await srv?.stop();
});

describe('the budget page', () => {
  test('supervisor: totals, funders, lines with progress, add forms; the subnav', async () => {
    const a = await agent('supervisor');
    const r = await a.get('/projects/1/budget');
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<nav class="subnav"/);
    assert.match(r.text, /id="funder-table"/);
    assert.match(r.text, /id="line-table"/);
    assert.match(r.text, /<progress max="10000" value="\d+"><\/progress>/);
    assert.match(r.text, /action="\/projects\/1\/funders"/);
    assert.match(r.text, /action="\/projects\/1\/budget-lines"/);
    assert.doesNotMatch(r.text, /style="/);
  });

  test('auditor reads without forms; a social worker and a leader are refused', async () => {
    const a = await agent('auditor');
    const r = await a.get('/projects/1/budget');
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.text, /action="\/projects\/1\/funders"/);
    assert.equal((await (await agent('worker')).get('/projects/1/budget')).status, 403);
    assert.equal((await (await agent('leader')).get('/projects/1/expenses')).status, 403);
  });

  test('the forms: a funder and a line are added; a bad amount is shown beside its field', async () => {
    const a = await agent('admin');
    await a.get('/projects/1/budget');
    let r = await a.postForm('/projects/1/funders', { name: '页面基金会', kind: 'enterprise', committed: '1234.50' });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, '/projects/1/budget?ok=funder');
    r = await a.get(r.location);
    assert.match(htmlText(r.text), /页面基金会/);
    assert.match(htmlText(r.text), /¥1,?234\.50/);
    r = await a.postForm('/projects/1/budget-lines', { name: '页面科目', amount: 'abc' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-amount"/);
    r = await a.postForm('/projects/1/funders', { name: '页面基金会', kind: 'enterprise', committed: '1' });
    assert.equal(r.status, 409);
    r = await a.postForm('/projects/1/budget-lines', { name: '页面科目', amount: '500' });
    assert.equal(r.status, 303, r.text);
  });

  test('budget.xlsx and expenses.xlsx are real zip files', async () => {
    const a = await agent('auditor');
    for (const p of ['/projects/1/budget.xlsx', '/projects/1/expenses.xlsx']) {
      const res = await fetch(srv.base + p, { headers: { Cookie: a.cookieHeader() } });
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type'), /spreadsheetml/);
      const b = Buffer.from(await res.arrayBuffer());
      assert.equal(b.subarray(0, 4).toString('binary'), 'PK\x03\x04', p);
      assert.ok(b.includes(Buffer.from('xl/worksheets/sheet1.xml')), p);
    }
  });
});

describe('the expenses page', () => {
  let lineId;
  test('filters by line and month; the total equals the sum of the rows shown', async () => {
    const a = await agent('supervisor');
    const b = await api(srv.base, '/api/v1/projects/1/budget', { token: await srv.tokenFor('supervisor') });
    const line = b.json.lines.find((l) => l.expenses > 0 && l.expenses < 200);
    lineId = line.id;
    const r = await a.get(`/projects/1/expenses?budget_line_id=${line.id}`);
    assert.equal(r.status, 200);
    const rows = [...r.text.matchAll(/<tr id="expense-\d+">/g)].length;
    assert.equal(rows, line.expenses);
    const yuan = (line.spent_fen / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const total = /id="expense-total">.*?<strong>([^<]*)<\/strong>/s.exec(r.text)[1];
    assert.equal(total.replace(/,/g, ''), `¥${yuan.replace(/,/g, '')}`);
    assert.equal((await a.get('/projects/1/expenses?month=2024-13')).status, 400);
    assert.equal((await a.get('/projects/1/expenses?month=1999-01')).status, 200);
  });

  test('a receipt uploaded with the form (PNG, PDF); 415 and 413 store nothing', async () => {
    const a = await agent('supervisor');
    await a.get('/projects/1/expenses');
    assert.match(a.html, /enctype="multipart\/form-data"/);
    const fields = (payee) => [['budget_line_id', lineId], ['amount', '12.30'], ['payee', payee], ['note', '']];
    let r = await postMultipart(a, '/projects/1/expenses', fields('页面收据PNG'), { data: PNG, name: 'r.png', type: 'image/png' });
    assert.equal(r.status, 303, r.text);
    await a.get('/projects/1/expenses');
    r = await postMultipart(a, '/projects/1/expenses', fields('页面收据PDF'), { data: PDF, name: 'r.pdf', type: 'application/pdf' });
    assert.equal(r.status, 303, r.text);
    await a.get('/projects/1/expenses');
    r = await postMultipart(a, '/projects/1/expenses', fields('假PNG'), { data: Buffer.from('not a png at all'), name: 'fake.png', type: 'image/png' });
    assert.equal(r.status, 415, r.text);
    assert.match(r.text, /id="err-file"/);
    const big = Buffer.alloc(5 * 1024 * 1024 + 1);
    PDF.copy(big);
    r = await postMultipart(a, '/projects/1/expenses', fields('太大'), { data: big, name: 'big.pdf', type: 'application/pdf' });
    assert.equal(r.status, 413, r.text);
    r = await a.get('/projects/1/expenses');
    const text = htmlText(r.text);
    assert.ok(text.includes('页面收据PNG') && text.includes('页面收据PDF'));
    assert.ok(!text.includes('假PNG') && !text.includes('太大'), 'refused expenses were not stored');
    const links = [...r.text.matchAll(/href="(\/projects\/1\/files\/(\d+))"/g)].map((m) => m[1]);
    assert.ok(links.length >= 2);
    const got = await a.get(links[0]);
    assert.equal(got.status, 200);
    assert.match(got.headers.get('content-type'), /^(image\/png|application\/pdf)$/);
    assert.match(got.headers.get('content-disposition'), /^inline; filename="/);
    // receipts are not for social workers or community staff; another project's path is 404
    assert.equal((await (await agent('worker')).get(links[0])).status, 404);
    assert.equal((await (await agent('community')).get(links[0])).status, 404);
    assert.equal((await (await agent('auditor')).get(links[0])).status, 200);
    assert.equal((await (await agent('admin')).get(links[0].replace('/projects/1/', '/projects/2/'))).status, 404);
    assert.equal((await (await agent('leader')).get(links[0])).status, 403);
  });
});

describe('the publicity page', () => {
  test('entries with channel, safe links and reach; an entry is added', async () => {
    const a = await agent('worker');
    let r = await a.get('/projects/1/publicity');
    assert.equal(r.status, 200);
    assert.match(r.text, /<nav class="subnav"/);
    for (const m of r.text.matchAll(/<a class="publicity-link" href="([^"]*)"([^>]*)>/g)) {
      assert.match(m[1], /^https?:\/\//);
      assert.match(m[2], /rel="noopener noreferrer"/);
    }
    r = await a.postForm('/projects/1/publicity', { channel: 'weibo', published_on: '', title: '页面宣传', link: 'https://weibo.com/1/abc', reach: '88' });
    assert.equal(r.status, 303, r.text);
    r = await a.get(r.location);
    assert.match(r.text, /href="https:\/\/weibo.com\/1\/abc" target="_blank" rel="noopener noreferrer"/);
    r = await a.postForm('/projects/1/publicity', { channel: 'weibo', title: '坏链接', link: 'javascript:alert(1)' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="err-link"/);
    assert.equal((await (await agent('community')).get('/projects/1/publicity')).status, 200);
    const cs = (await agent('community')).html;
    assert.doesNotMatch(cs, /action="\/projects\/1\/publicity"/, 'community staff only read');
  });

  test('the photo form lists only consenting women; a photo is stored and shown', async () => {
    const a = await agent('worker');
    const tok = await srv.tokenFor('worker');
    const mk = async (name, granted) => {
      const p = await api(srv.base, '/api/v1/projects/1/participants', { method: 'POST', token: tok, json: { name, source: 'outreach' } });
      if (granted !== undefined) {
        await api(srv.base, `/api/v1/projects/1/participants/${p.json.id}/consents`, { method: 'POST', token: tok, json: { purpose: 'publicity', granted, version: '1', method: 'paper' } });
      }
      return p.json.id;
    };
    const yes = await mk('同意宣传', true);
    const no = await mk('没问过');
    const entries = await api(srv.base, '/api/v1/projects/1/publicity?limit=1', { token: tok });
    const pid = entries.json.items[0].id;
    let r = await a.get(`/projects/1/publicity?photo_for=${pid}`);
    assert.equal(r.status, 200);
    const offered = [...r.text.matchAll(/name="participant_ids" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(offered.includes(yes));
    assert.ok(!offered.includes(no));
    r = await postMultipart(a, `/projects/1/publicity/${pid}/photos`, [['participant_ids', no]], { data: PNG, name: 'p.png', type: 'image/png' });
    assert.equal(r.status, 409, 'consent is checked again on the server');
    await a.get(`/projects/1/publicity?photo_for=${pid}`);
    r = await postMultipart(a, `/projects/1/publicity/${pid}/photos`, [['participant_ids', yes]], { data: PNG, name: 'p.png', type: 'image/png' });
    assert.equal(r.status, 303, r.text);
    r = await a.get('/projects/1/publicity');
    const thumb = new RegExp(`<img class="thumb" src="(/projects/1/files/\\d+)"`).exec(r.text);
    assert.ok(thumb, 'a thumbnail');
    const img = await (await agent('community')).get(thumb[1]);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
  });
});
