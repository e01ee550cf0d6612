// Reports (报告): /projects/{pid}/reports/{evaluation,monthly,quarterly}.{html,pdf,xlsx} and the
// same under /api/v1, the reports page, and `taxiang report indicators`. On the demo programme:
// - the evaluation PDF's text (pdftotext) holds every indicator's n/N and percentage exactly as
//   the JSON API gives them (the percentage rounded half up from n and N, one decimal), and the
//   audit chain's head hash (as `taxiang audit verify` prints it);
// - the workbook's indicators sheet, read back from the zip (a small reader below), holds the
//   JSON's numbers as numbers; its other sheets are there and de-identified (codes, no names);
// - monthly and quarterly reports answer 200 in every format and 422 naming `month` / `quarter`
//   for a malformed one (JSON on the API, a page on the page route);
// - roles: administrators, social workers, supervisors and the auditor read; community staff,
//   coop leaders, members and partners get 403; another project's reports are 404 to a worker
//   bound to project 1;
// - the command line: json equals the API's body, xlsx and pdf are a workbook and a PDF, usage
//   errors exit 2, an unknown project exits 1.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

import { api, newAgent, runCli, runCliOk, startServer } from './lib/server.mjs';

const AS_OF = '2023-06-30';
let srv;
let dir;
const tok = {};

function pdftotext(buf) {
  return new Promise(async (resolve, reject) => {
    const f = path.join(dir, `r${Math.random().toString(36).slice(2)}.pdf`);
    await writeFile(f, buf);
    execFile('pdftotext', ['-layout', f, '-'], { maxBuffer: 1 << 26 }, (e, out) => (e ? reject(e) : resolve(out)));
  });
}

/** The entries of a zip: name -> Buffer (stored or deflated), from its central directory. */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip has an end of central directory');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const off = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const lnlen = buf.readUInt16LE(off + 26);
    const lxlen = buf.readUInt16LE(off + 28);
    const data = buf.subarray(off + 30 + lnlen + lxlen, off + 30 + lnlen + lxlen + csize);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** A sheet's cells: rows (1-based) of { column letter: { t, v } } (inline and shared strings). */
function sheetCells(files, n) {
  const xml = files.get(`xl/worksheets/sheet${n}.xml`).toString('utf8');
  const shared = [];
  const sst = files.get('xl/sharedStrings.xml');
  if (sst) for (const m of sst.toString('utf8').matchAll(/<si>(.*?)<\/si>/gs)) shared.push(m[1].replace(/<[^>]+>/g, ''));
  const rows = new Map();
  for (const m of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
    const [, col, row, attrs, inner = ''] = m;
    const t = /t="(\w+)"/.exec(attrs)?.[1] ?? 'n';
    let v;
    if (t === 'inlineStr') v = inner.replace(/<[^>]+>/g, '');
    else if (t === 's') v = shared[Number(/<v>(.*?)<\/v>/.exec(inner)[1])];
    else {
      const x = /<v>(.*?)<\/v>/.exec(inner);
      v = x ? Number(x[1]) : undefined;
    }
    if (!rows.has(Number(row))) rows.set(Number(row), {});
    rows.get(Number(row))[col] = { t, v };
  }
  return rows;
}

/** n of d as the report writes it: per mille rounded half up, one decimal. */
function pct(n, d) {
  const x = Math.floor((n * 1000 + Math.floor(d / 2)) / d);
  return `${Math.floor(x / 10)}.${x % 10}%`;
}

async function get(login, p) {
  const res = await fetch(srv.base + p, { headers: { Authorization: `Bearer ${tok[login]}` } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') || '', body, headers: res.headers };
}

const R = (pid = 1) => `/api/v1/projects/${pid}/reports`;

before(async () => {
  srv = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'taxiang-reports-'));
  for (const l of ['admin', 'worker', 'supervisor', 'auditor', 'community', 'leader', 'member', 'partner'])
    tok[l] = await srv.tokenFor(l);
});

after(async () => {
  await srv?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the evaluation report', () => {
  test('the PDF holds every indicator as the JSON API gives it, and the audit head', async () => {
    const j = await api(srv.base, `/api/v1/projects/1/indicators?as_of=${AS_OF}`, { token: tok.auditor });
    assert.equal(j.status, 200, j.text);
    assert.equal(j.json.items.length, 10);
    const verify = await runCliOk(['audit', 'verify', '--db', srv.db]);
    const head = /head ([0-9a-f]{64})/.exec(verify)[1];
    const r = await get('auditor', `${R()}/evaluation.pdf?as_of=${AS_OF}`);
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/pdf');
    assert.equal(r.body.subarray(0, 4).toString(), '%PDF');
    const text = await pdftotext(r.body);
    for (const i of j.json.items) {
      assert.ok(text.includes(`${i.numerator}/${i.denominator}`), `${i.key}: ${i.numerator}/${i.denominator}`);
      if (i.denominator > 0) {
        assert.ok(Math.abs(i.value - i.numerator / i.denominator) < 1e-12);
        assert.ok(text.includes(pct(i.numerator, i.denominator)), `${i.key}: ${pct(i.numerator, i.denominator)}`);
      }
      assert.ok(text.includes(i.label), i.label);
    }
    assert.ok(text.includes(head), 'the audit chain head hash');
    assert.ok(text.includes(AS_OF));
    const pages = Number(/共 (\d+) ?页/.exec(text.replace(/\s+/g, ' '))?.[1]);
    assert.ok(pages >= 3, `page count in the foot: ${pages}`);
    for (let n = 1; n <= pages; n++) assert.match(text.replace(/\s+/g, ' '), new RegExp(`第 ${n} ?页 ?/ ?共 ${pages} ?页`));
  });

  test('the workbook reads back as the JSON numbers', async () => {
    const j = await api(srv.base, `/api/v1/projects/1/indicators?as_of=${AS_OF}`, { token: tok.admin });
    const r = await get('admin', `${R()}/evaluation.xlsx?as_of=${AS_OF}`);
    assert.equal(r.status, 200);
    assert.match(r.type, /spreadsheetml/);
    assert.match(r.headers.get('content-disposition'), /evaluation-2023-06-30\.xlsx/);
    const files = unzip(r.body);
    const wb = files.get('xl/workbook.xml').toString();
    for (const s of ['indicators', 'participants', 'attendance', 'money']) assert.ok(wb.includes(`name="${s}"`), s);
    const rows = sheetCells(files, 1);
    assert.deepEqual(
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((c) => rows.get(1)[c].v),
      ['key', 'label', 'numerator', 'denominator', 'value', 'ci_low', 'ci_high', 'target', 'definition'],
    );
    j.json.items.forEach((i, k) => {
      const row = rows.get(k + 2);
      assert.equal(row.A.v, i.key);
      assert.equal(row.C.t, 'n');
      assert.equal(row.C.v, i.numerator, i.key);
      assert.equal(row.D.v, i.denominator, i.key);
      if (i.value === null) assert.equal(row.E, undefined);
      else {
        assert.ok(Math.abs(row.E.v - i.value) < 1e-12, `${i.key} value`);
        assert.ok(Math.abs(row.F.v - i.ci_low) < 1e-12, `${i.key} ci_low`);
        assert.ok(Math.abs(row.G.v - i.ci_high) < 1e-12, `${i.key} ci_high`);
      }
      assert.ok(Math.abs(row.H.v - i.target) < 1e-12, `${i.key} target`);
    });
    // participants: codes, no names or phones
    const people = sheetCells(files, 2);
    assert.ok(people.size > 2);
    const names = await api(srv.base, '/api/v1/projects/1/participants?limit=20', { token: tok.admin });
    const xml = files.get('xl/worksheets/sheet2.xml').toString();
    for (const p of names.json?.items ?? []) {
      if (p.name) assert.ok(!xml.includes(`>${p.name}<`), 'no name in the participants sheet');
      if (p.phone) assert.ok(!xml.includes(p.phone), 'no phone in the participants sheet');
    }
    for (const [n, row] of people) if (n > 1) assert.match(row.A.v, /^P\d{6,}$/);
    // attendance: attended never exceeds expected
    for (const [n, row] of sheetCells(files, 3)) if (n > 1) assert.ok(row.F.v <= row.E.v);
    // money by month from the first record month
    const money = sheetCells(files, 4);
    assert.ok(money.size > 12);
    assert.match(money.get(2).A.v, /^\d{4}-\d{2}$/);
  });

  test('the page shows the table, charts and links; a bad as_of is 422', async () => {
    const a = newAgent(srv.base);
    await a.login('supervisor', 'taxiang-supervisor');
    const r = await a.get(`/projects/1/reports/evaluation.html?as_of=${AS_OF}`);
    assert.equal(r.status, 200);
    assert.ok(a.html.includes('<svg'), 'charts');
    assert.ok(a.html.includes(`/projects/1/reports/evaluation.pdf?as_of=${AS_OF}`));
    assert.ok(a.html.includes(`/projects/1/reports/evaluation.xlsx?as_of=${AS_OF}`));
    assert.ok(!/style=/.test(a.html), 'no style attributes');
    const j = await api(srv.base, `/api/v1/projects/1/indicators?as_of=${AS_OF}`, { token: tok.admin });
    for (const i of j.json.items) assert.ok(a.html.includes(`${i.numerator}/${i.denominator}`));
    const bad = await api(srv.base, `${R()}/evaluation.html?as_of=2023-02-30`, { token: tok.admin });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.error.field, 'as_of');
  });
});

describe('monthly and quarterly reports', () => {
  for (const [kind, good, field, bads] of [
    ['monthly', 'month=2023-05', 'month', ['2023-13', '2023-5', 'x', '2023-05-01']],
    ['quarterly', 'quarter=2023-Q2', 'quarter', ['2023-Q5', '2023-Q0', '2023-05', 'Q2']],
  ]) {
    test(`${kind}: every format, and 422 naming ${field}`, async () => {
      const html = await get('worker', `${R()}/${kind}.html?${good}`);
      assert.equal(html.status, 200);
      assert.match(html.type, /text\/html/);
      const pdf = await get('worker', `${R()}/${kind}.pdf?${good}`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF');
      const text = await pdftotext(pdf.body);
      assert.ok(text.includes(kind === 'monthly' ? '2023-05-01' : '2023-04-01'));
      assert.ok(text.includes(kind === 'monthly' ? '2023-05-31' : '2023-06-30'));
      const x = await get('worker', `${R()}/${kind}.xlsx?${good}`);
      assert.equal(x.status, 200);
      const files = unzip(x.body);
      const money = sheetCells(files, 4);
      assert.equal(money.size, kind === 'monthly' ? 2 : 4); // header + its months
      // defaults (last month, its quarter) answer too
      for (const ext of ['html', 'pdf', 'xlsx']) assert.equal((await get('worker', `${R()}/${kind}.${ext}`)).status, 200);
      for (const b of bads) {
        for (const ext of ['html', 'pdf', 'xlsx']) {
          const r = await api(srv.base, `${R()}/${kind}.${ext}?${field}=${encodeURIComponent(b)}`, { token: tok.worker });
          assert.equal(r.status, 422, `${kind}.${ext} ${b}`);
          assert.equal(r.json.error.field, field);
        }
      }
      const a = newAgent(srv.base);
      await a.login('worker', 'taxiang-worker');
      const page = await a.get(`/projects/1/reports/${kind}.html?${field}=bad`);
      assert.equal(page.status, 422);
      assert.match(page.headers.get('content-type'), /text\/html/);
    });
  }

  test('the month and quarter figures add up to the evaluation', async () => {
    // the money sheet of Q2 equals its three months' sheets, row by row
    const q = sheetCells(unzip((await get('admin', `${R()}/quarterly.xlsx?quarter=2023-Q2`)).body), 4);
    for (const [k, m] of [[2, '2023-04'], [3, '2023-05'], [4, '2023-06']]) {
      const mo = sheetCells(unzip((await get('admin', `${R()}/monthly.xlsx?month=${m}`)).body), 4);
      assert.equal(q.get(k).A.v, m);
      assert.deepEqual(q.get(k), mo.get(2));
    }
  });
});

describe('the reports page and roles', () => {
  test('the list page links the evaluation and lists months with records', async () => {
    const a = newAgent(srv.base);
    await a.login('auditor', 'taxiang-auditor');
    const r = await a.get('/projects/1/reports');
    assert.equal(r.status, 200);
    for (const ext of ['html', 'pdf', 'xlsx']) assert.ok(a.html.includes(`/projects/1/reports/evaluation.${ext}`));
    assert.ok(a.html.includes('name="month"') && a.html.includes('name="quarter"'));
    assert.ok(a.html.includes('monthly.html?month=2023-05'), 'a month with records');
    assert.ok(a.html.includes('quarterly.html?quarter=2023-Q2'));
  });

  test('who may read', async () => {
    for (const l of ['admin', 'worker', 'supervisor', 'auditor'])
      assert.equal((await get(l, `${R()}/monthly.html?month=2023-05`)).status, 200, l);
    for (const l of ['community', 'leader', 'member', 'partner']) {
      const r = await api(srv.base, `${R()}/evaluation.pdf`, { token: tok[l] });
      assert.equal(r.status, 403, l);
    }
    const pid = Number((await runCliOk(['project', 'add', '--db', srv.db, '--name', '别的项目', '--community', '别处'])).trim());
    assert.equal((await api(srv.base, `${R(pid)}/evaluation.html`, { token: tok.worker })).status, 404);
    const empty = await get('admin', `${R(pid)}/evaluation.pdf`);
    assert.equal(empty.status, 200, 'a project with no records still has a report');
    assert.equal((await get('admin', `${R(pid)}/evaluation.xlsx`)).status, 200);
    assert.equal((await get('admin', `${R(999999)}/evaluation.html`)).status, 404);
  });
});

describe('taxiang report indicators', () => {
  test('json equals the API, xlsx and pdf are files, exit codes', async () => {
    const out = await runCliOk(['report', 'indicators', '--db', srv.db, '--project', '1', '--format', 'json', '--as-of', AS_OF]);
    const cli = JSON.parse(out);
    const j = await api(srv.base, `/api/v1/projects/1/indicators?as_of=${AS_OF}`, { token: tok.admin });
    assert.equal(cli.as_of, AS_OF);
    assert.deepEqual(cli.items, j.json.items);
    const x = path.join(dir, 'e.xlsx');
    await runCliOk(['report', 'indicators', '--db', srv.db, '--project', '1', '--format', 'xlsx', '--as-of', AS_OF, '--out', x]);
    const rows = sheetCells(unzip(await readFile(x)), 1);
    assert.equal(rows.get(2).C.v, j.json.items[0].numerator);
    const p = path.join(dir, 'e.pdf');
    await runCliOk(['report', 'indicators', '--db', srv.db, '--project', '1', '--format', 'pdf', '--out', p]);
    assert.equal((await readFile(p)).subarray(0, 4).toString(), '%PDF');
    const bad = [
      ['report', 'indicators', '--db', srv.db, '--project', '1', '--format', 'csv'],
      ['report', 'indicators', '--db', srv.db, '--format', 'json'],
      ['report', 'indicators', '--db', srv.db, '--project', 'x', '--format', 'json'],
      ['report', 'indicators', '--db', srv.db, '--project', '1', '--format', 'json', '--as-of', '2023-13-01'],
      ['report', 'other', '--db', srv.db],
      ['report'],
    ];
    for (const args of bad) assert.equal((await runCli(args)).code, 2, args.join(' '));
    assert.equal((await runCli(['report', 'indicators', '--db', srv.db, '--project', '999999', '--format', 'json'])).code, 1);
    assert.equal((await runCli(['report', 'indicators', '--db', path.join(dir, 'none.db'), '--project', '1', '--format', 'json'])).code, 1);
  });
});
