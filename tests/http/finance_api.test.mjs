// The JSON API of the project's finances, its files and its publicity log:
// /api/v1/projects/{pid}/funders, /budget-lines, /budget, /expenses (+ a receipt of one),
// /files/{id}, /publicity (+ photos). Budget against actual equals the sums of the expenses
// (the demo's and this test's); a receipt is a real tiny PNG/PDF sent as the raw body, a text
// file named .png is refused (415), 5 MB + 1 byte is refused (413), and a refused upload stores
// nothing; receipts are served to administrators, supervisors and auditors only, photos also to
// social workers and community staff; another project's file is 404; a photo naming a woman
// without publicity consent (never given, or withdrawn) is refused with 409 no_consent naming her.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_NOW_MS, TEST_NOW_SECONDS, api, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {};
let P2;
const B = (pid = 1) => `/api/v1/projects/${pid}`;
const TODAY = new Date(TEST_NOW_MS + 8 * 3600e3).toISOString().slice(0, 10);

// a valid 1×1 PNG and a tiny PDF
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63f8cfc000000301010018dd8db00000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const TEXT = Buffer.from('这不是图片 — just text pretending to be a PNG\n');

function call(login, method, path, json) {
  return api(srv.base, path, { method, token: login ? tok[login] : undefined, json });
}

function upload(login, path, body, type = 'image/png') {
  return api(srv.base, path, { method: 'POST', token: tok[login], body, headers: { 'Content-Type': type } });
}

async function ok(login, method, path, json, status = 200) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login}: ${r.text}`);
  return r.json;
}

async function refused(login, method, path, json, status, code, field) {
  const r = await call(login, method, path, json);
  assert.equal(r.status, status, `${method} ${path} as ${login} ${JSON.stringify(json)}: ${r.text}`);
  if (code) assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  return r.json?.error;
}

async function all(login, path) {
  const items = [];
  let after = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const j = await ok(login, 'GET', `${path}${sep}limit=500${after ? `&after=${after}` : ''}`);
    items.push(...j.items);
    if (!j.next) return { items, last: j };
    after = j.next;
  }
}

async function auditHead() {
  const j = await ok('auditor', 'GET', '/api/v1/audit?limit=1');
  return j.items.length ? j.items[0].id : 0;
}

before(async () => {
  srv = await startServer({ env: { TAXIANG_NOW: TEST_NOW_SECONDS } });
  for (const login of ['admin', 'supervisor', 'auditor', 'worker', 'community', 'leader', 'partner', 'member']) {
    tok[login] = await srv.tokenFor(login);
  }
  P2 = (await ok('admin', 'POST', '/api/v1/projects', { name: '财务测试二', community: '东苑社区', capacity: 20 }, 201)).id;
  await runCliOk(['user', 'add', '--db', srv.db, '--login', 'sv2', '--role', 'supervisor', '--project', String(P2), '--password-stdin'], { input: 'taxiang-sv2\n' });
  tok.sv2 = await srv.tokenFor('sv2');
});

after(async () => {
  await srv?.stop();
});

describe('budget against actual', () => {
  test('GET /budget: every line and funder equals the sums of its expenses', async () => {
    const b = await ok('auditor', 'GET', `${B()}/budget`);
    const { items: ex } = await all('auditor', `${B()}/expenses`);
    assert.ok(ex.length > 0, 'the demo has expenses');
    const byLine = new Map();
    for (const e of ex) byLine.set(e.budget_line_id, (byLine.get(e.budget_line_id) || 0) + e.amount_fen);
    let budgeted = 0;
    for (const l of b.lines) {
      assert.equal(l.spent_fen, byLine.get(l.id) || 0, `line ${l.id}`);
      assert.equal(l.left_fen, l.budgeted_fen - l.spent_fen);
      assert.equal(l.used_bp, l.budgeted_fen ? Math.floor((l.spent_fen * 10000) / l.budgeted_fen) : null);
      assert.equal(l.overspent, l.left_fen < 0);
      budgeted += l.budgeted_fen;
    }
    for (const f of b.funders) {
      const lines = b.lines.filter((l) => l.funder_id === f.id);
      assert.equal(f.budgeted_fen, lines.reduce((s, l) => s + l.budgeted_fen, 0));
      assert.equal(f.spent_fen, lines.reduce((s, l) => s + l.spent_fen, 0));
    }
    assert.equal(b.totals.budgeted_fen, budgeted);
    assert.equal(b.totals.spent_fen, ex.reduce((s, e) => s + e.amount_fen, 0));
    assert.equal(b.totals.expenses, ex.length);
    assert.equal(b.totals.committed_fen, b.funders.reduce((s, f) => s + f.committed_fen, 0));
  });

  test('funders, lines, expenses: added, filtered, and the figures follow', async () => {
    const f = await ok('supervisor', 'POST', `${B()}/funders`, { name: '测试基金会', kind: 'foundation', committed_fen: 200000 }, 201);
    assert.equal(f.kind, 'foundation');
    const err = await refused('admin', 'POST', `${B()}/funders`, { name: '测试基金会', kind: 'other', committed_fen: 0 }, 409, 'duplicate');
    assert.equal(err.existing_id, f.id);
    await refused('supervisor', 'POST', `${B()}/funders`, { name: 'X', kind: 'bank', committed_fen: 0 }, 422, null, 'kind');
    await refused('supervisor', 'POST', `${B()}/funders`, { name: 'X', kind: 'other', committed_fen: -1 }, 422, null, 'committed_fen');
    const l = await ok('supervisor', 'POST', `${B()}/budget-lines`, { name: '测试科目', amount_fen: 10000, funder_id: f.id }, 201);
    assert.equal(l.funder_id, f.id);
    assert.equal(l.spent_fen, 0);
    await refused('supervisor', 'POST', `${B()}/budget-lines`, { name: '测试科目', amount_fen: 1 }, 409, 'duplicate');
    const fo = await ok('sv2', 'POST', `${B(P2)}/funders`, { name: '别处', kind: 'other', committed_fen: 0 }, 201);
    await refused('supervisor', 'POST', `${B()}/budget-lines`, { name: 'Y', amount_fen: 1, funder_id: fo.id }, 422, null, 'funder_id');
    const lo = await ok('sv2', 'POST', `${B(P2)}/budget-lines`, { name: '别处科目', amount_fen: 1 }, 201);
    const head = await auditHead();
    await refused('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: lo.id, amount_fen: 1, payee: 'x' }, 422, null, 'budget_line_id');
    await refused('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 0, payee: 'x' }, 422, null, 'amount_fen');
    await refused('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 1, payee: '' }, 422, null, 'payee');
    await refused('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 1, payee: 'x', spent_on: '2999-01-01' }, 422, null, 'spent_on');
    await refused('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 1, payee: 'x', receipt_id: 999999 }, 422, null, 'receipt_id');
    await refused('worker', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 1, payee: 'x' }, 403);
    await refused('auditor', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 1, payee: 'x' }, 403);
    await refused('sv2', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 1, payee: 'x' }, 404);
    assert.equal(await auditHead(), head, 'refusals wrote nothing');
    const month = TODAY.slice(0, 7);
    const e1 = await ok('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 6000, payee: '印刷店', note: '宣传册' }, 201);
    assert.equal(e1.spent_on, TODAY);
    assert.equal(e1.receipt_id, null);
    await ok('admin', 'POST', `${B()}/expenses`, { budget_line_id: l.id, amount_fen: 5001, payee: '场地', spent_on: '2020-01-15' }, 201);
    const byLine = await ok('auditor', 'GET', `${B()}/expenses?budget_line_id=${l.id}`);
    assert.equal(byLine.count, 2);
    assert.equal(byLine.total_fen, 11001);
    const byMonth = await ok('auditor', 'GET', `${B()}/expenses?budget_line_id=${l.id}&month=${month}`);
    assert.deepEqual(byMonth.items.map((e) => e.id), [e1.id]);
    assert.equal(byMonth.total_fen, 6000);
    await refused('auditor', 'GET', `${B()}/expenses?month=2024-13`, undefined, 422, null, 'month');
    const b = await ok('supervisor', 'GET', `${B()}/budget`);
    const line = b.lines.find((x) => x.id === l.id);
    assert.equal(line.spent_fen, 11001);
    assert.equal(line.left_fen, -1001);
    assert.equal(line.overspent, true);
    assert.equal(line.used_bp, 11001);
    const fu = b.funders.find((x) => x.id === f.id);
    assert.equal(fu.spent_fen, 11001);
    assert.equal(fu.committed_fen, 200000);
  });

  test('roles: workers, community staff, leaders, partners and members see no finances', async () => {
    for (const login of ['worker', 'community', 'leader', 'partner', 'member']) {
      for (const p of ['/budget', '/funders', '/budget-lines', '/expenses']) {
        const r = await call(login, 'GET', `${B()}${p}`);
        assert.equal(r.status, 403, `${login} ${p}`);
      }
    }
    await refused('sv2', 'GET', `${B()}/budget`, undefined, 404);
  });
});

describe('receipts and files', () => {
  let line;
  const exp = [];
  before(async () => {
    line = (await ok('supervisor', 'POST', `${B()}/budget-lines`, { name: '票据测试', amount_fen: 100000 }, 201)).id;
    for (let i = 0; i < 4; i++) exp.push(await ok('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: line, amount_fen: 100 + i, payee: `店${i}` }, 201));
  });

  test('a PNG and a PDF receipt: attached, served with their type, once only', async () => {
    const r = await upload('supervisor', `${B()}/expenses/${exp[0].id}/receipt`, PNG, 'application/octet-stream');
    assert.equal(r.status, 201, r.text);
    assert.ok(r.json.receipt_id > 0);
    const r2 = await upload('admin', `${B()}/expenses/${exp[1].id}/receipt`, PDF, 'text/plain');
    assert.equal(r2.status, 201, r2.text);
    const again = await upload('supervisor', `${B()}/expenses/${exp[0].id}/receipt`, PDF);
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'has_receipt');
    for (const login of ['admin', 'supervisor', 'auditor']) {
      const f = await call(login, 'GET', `${B()}/files/${r.json.receipt_id}`);
      assert.equal(f.status, 200, login);
      assert.equal(f.headers.get('content-type'), 'image/png');
      assert.match(f.headers.get('content-disposition'), /^inline; filename="[A-Za-z0-9._-]+\.png"$/);
      assert.equal(f.headers.get('x-content-type-options'), 'nosniff');
      assert.match(f.headers.get('cache-control'), /private/);
      const g = await fetch(`${srv.base}${B()}/files/${r2.json.receipt_id}`, { headers: { Authorization: `Bearer ${tok[login]}` } });
      assert.equal(g.headers.get('content-type'), 'application/pdf');
      assert.deepEqual(Buffer.from(await g.arrayBuffer()), PDF);
    }
    for (const login of ['worker', 'community']) {
      assert.equal((await call(login, 'GET', `${B()}/files/${r.json.receipt_id}`)).status, 404, `${login}: receipts are not theirs`);
    }
    for (const login of ['leader', 'partner', 'member']) {
      assert.equal((await call(login, 'GET', `${B()}/files/${r.json.receipt_id}`)).status, 403, login);
    }
    assert.equal((await call('admin', 'GET', `${B(P2)}/files/${r.json.receipt_id}`)).status, 404, 'another project');
    assert.equal((await call('sv2', 'GET', `${B(P2)}/files/${r.json.receipt_id}`)).status, 404);
    assert.equal((await call('admin', 'GET', `${B()}/files/99999999`)).status, 404);
  });

  test('a text file named .png → 415, 5 MB + 1 → 413, an empty body → 422: nothing stored', async () => {
    const head = await auditHead();
    const t = await upload('supervisor', `${B()}/expenses/${exp[2].id}/receipt`, TEXT, 'image/png');
    assert.equal(t.status, 415, t.text);
    assert.equal(t.json.error.code, 'unsupported_media_type');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1);
    PDF.copy(big);
    const b = await upload('supervisor', `${B()}/expenses/${exp[2].id}/receipt`, big, 'application/pdf');
    assert.equal(b.status, 413, b.text);
    assert.equal(b.json.error.code, 'too_large');
    const e = await upload('supervisor', `${B()}/expenses/${exp[2].id}/receipt`, Buffer.alloc(0));
    assert.equal(e.status, 422, e.text);
    assert.equal(e.json.error.field, 'file');
    assert.equal((await upload('supervisor', `${B()}/expenses/99999999/receipt`, PNG)).status, 404);
    assert.equal((await upload('worker', `${B()}/expenses/${exp[2].id}/receipt`, PNG)).status, 403);
    assert.equal(await auditHead(), head, 'nothing written');
    const { items } = await all('auditor', `${B()}/expenses?budget_line_id=${line}`);
    assert.equal(items.find((x) => x.id === exp[2].id).receipt_id, null);
    // exactly 5 MB is accepted
    const exact = await upload('supervisor', `${B()}/expenses/${exp[3].id}/receipt`, big.subarray(0, 5 * 1024 * 1024));
    assert.equal(exact.status, 201, exact.text);
  });

  test('an expense may name an uploaded receipt of its project (and no photo)', async () => {
    const { items } = await all('auditor', `${B()}/expenses?budget_line_id=${line}`);
    const rid = items.find((x) => x.id === exp[0].id).receipt_id;
    const e = await ok('supervisor', 'POST', `${B()}/expenses`, { budget_line_id: line, amount_fen: 50, payee: '同一张票据', receipt_id: rid }, 201);
    assert.equal(e.receipt_id, rid);
  });
});

describe('publicity', () => {
  let entry;
  const W = {};
  before(async () => {
    for (const k of ['yes', 'no', 'withdrawn']) {
      W[k] = (await ok('worker', 'POST', `${B()}/participants`, { name: `宣传${k}`, source: 'outreach' }, 201)).id;
    }
    const grant = (id, granted) => ok('worker', 'POST', `${B()}/participants/${id}/consents`, { purpose: 'publicity', granted, version: '1', method: 'paper' }, 201);
    await grant(W.yes, true);
    await grant(W.withdrawn, true);
    await grant(W.withdrawn, false);
  });

  test('POST /publicity: an entry; bad links, dates and channels are refused', async () => {
    entry = await ok('worker', 'POST', `${B()}/publicity`, { channel: 'douyin', title: '绣娘的一天', link: 'https://v.douyin.com/abc/', reach: 5300, published_on: TODAY }, 201);
    assert.equal(entry.channel, 'douyin');
    assert.equal(entry.reach, 5300);
    assert.deepEqual(entry.photo_list, []);
    await refused('worker', 'POST', `${B()}/publicity`, { channel: 'douyin', title: 'x', link: 'javascript:alert(1)' }, 422, null, 'link');
    await refused('worker', 'POST', `${B()}/publicity`, { channel: 'myspace', title: 'x' }, 422, null, 'channel');
    await refused('worker', 'POST', `${B()}/publicity`, { channel: 'weibo', title: 'x', published_on: '2999-01-01' }, 422, null, 'published_on');
    await refused('worker', 'POST', `${B()}/publicity`, { channel: 'weibo', title: 'x', reach: -1 }, 422, null, 'reach');
    await refused('community', 'POST', `${B()}/publicity`, { channel: 'weibo', title: 'x' }, 403);
    await refused('admin', 'POST', `${B()}/publicity`, { channel: 'weibo', title: 'x' }, 403);
    const e2 = await ok('supervisor', 'POST', `${B()}/publicity`, { channel: 'channels', title: '视频号直播' }, 201);
    assert.equal(e2.link, null);
    assert.equal(e2.reach, null);
    assert.equal(e2.published_on, TODAY);
  });

  test('photos: refused without consent (409 naming her) and stored with it', async () => {
    const path = (ids) => `${B()}/publicity/${entry.id}/photos?participant_ids=${ids}`;
    const head = await auditHead();
    for (const [ids, who] of [[`${W.yes},${W.no}`, W.no], [`${W.withdrawn}`, W.withdrawn]]) {
      const r = await upload('worker', path(ids), PNG);
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.error.code, 'no_consent');
      assert.equal(r.json.error.existing_id, who);
      assert.ok(r.json.error.message.includes(String(who)));
    }
    assert.equal((await upload('worker', path(`${W.yes}`), PDF, 'application/pdf')).status, 415, 'a PDF is no photo');
    assert.equal((await upload('worker', path(`${W.yes}`), TEXT)).status, 415);
    assert.equal((await upload('worker', path('abc'), PNG)).status, 422);
    assert.equal((await upload('worker', `${B()}/publicity/99999999/photos`, PNG)).status, 404);
    assert.equal((await upload('community', path(`${W.yes}`), PNG)).status, 403);
    assert.equal(await auditHead(), head, 'a refused photo stores nothing');
    let list = await all('community', `${B()}/publicity`);
    assert.equal(list.items.find((e) => e.id === entry.id).photos, 0);

    const p = await upload('worker', path(`${W.yes}`), PNG);
    assert.equal(p.status, 201, p.text);
    assert.deepEqual(p.json.participant_ids, [W.yes]);
    const none = await upload('supervisor', `${B()}/publicity/${entry.id}/photos`, PNG);
    assert.equal(none.status, 201, 'a photo without women needs no consent');
    list = await all('auditor', `${B()}/publicity`);
    const got = list.items.find((e) => e.id === entry.id);
    assert.equal(got.photos, 2);
    assert.deepEqual(got.photo_list.map((x) => x.file_id), [p.json.file_id, none.json.file_id]);
    // photos are served to the workers and community staff too; not to leaders or partners
    for (const login of ['admin', 'supervisor', 'auditor', 'worker', 'community']) {
      const f = await call(login, 'GET', `${B()}/files/${p.json.file_id}`);
      assert.equal(f.status, 200, login);
      assert.equal(f.headers.get('content-type'), 'image/png');
    }
    for (const login of ['leader', 'partner']) assert.equal((await call(login, 'GET', `${B()}/files/${p.json.file_id}`)).status, 403);
    assert.equal((await call('admin', 'GET', `${B(P2)}/files/${p.json.file_id}`)).status, 404);

    // she withdraws: her next photo is refused
    await ok('worker', 'POST', `${B()}/participants/${W.yes}/consents`, { purpose: 'publicity', granted: false, version: '1', method: 'paper' }, 201);
    const r = await upload('worker', path(`${W.yes}`), PNG);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.existing_id, W.yes);
  });
});
