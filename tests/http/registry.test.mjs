// The resident registry over HTTP and on the command line: the CSV import API (community
// staff 200 with the report, a member 403, another media type 415, a body over the 64 MiB
// cap 413), the registry match of a participant (by name and phone; another project's
// participant 404; the ID number only masked), the registry page's multipart upload with
// and without the csrf field and its report table, and `taxiang import registry` with its
// exit codes (0 ok, 1 missing or bad file, 2 bad usage).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { api, demoPassword, htmlText, newAgent, runCli, startServer } from './lib/server.mjs';

// Valid numbers (GB 11643 check digits); ID1 ends in X.
const ID1 = '61080219900101123X';
const ID2 = '610802198512030024';
const ID3 = '610802197806154562';

let srv;
let community;
let worker;
let member;

/** The sqlite3 shell on the server's database (WAL: fine beside the running server). */
function sql(statements) {
  const r = spawnSync('sqlite3', ['-batch', srv.db, statements], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

/** A participant written straight into the database (the intake API is another file's). */
function addParticipant(projectId, name, phone) {
  return Number(
    sql(
      `INSERT INTO participants(project_id, name, stage, created_at, source, phone, stage_on)
       VALUES (${projectId}, '${name}', 'signed_up', '2024-06-01T08:00:00+08:00', 'outreach',
               ${phone ? `'${phone}'` : 'NULL'}, '2024-06-01');
       SELECT last_insert_rowid();`,
    ),
  );
}

function importCsv(body, { token = community, headers = {} } = {}) {
  return api(srv.base, '/api/v1/projects/1/registry/import', {
    method: 'POST',
    token,
    body,
    headers: { 'Content-Type': 'text/csv; charset=utf-8', ...headers },
  });
}

before(async () => {
  srv = await startServer();
  [community, worker, member] = await Promise.all([
    srv.tokenFor('community'),
    srv.tokenFor('worker'),
    srv.tokenFor('member'),
  ]);
});

after(async () => {
  if (srv) await srv.stop();
});

test('community staff import a CSV through the API and get the report', async () => {
  const csv =
    '姓名,身份证号,电话,住址\r\n' +
    `韩冬梅,${ID1.toLowerCase()},138-1234-5678,"西闫社区, 3号楼"\r\n` +
    '\r\n' +
    '错号,6.10802E+17,,\r\n' +
    `贺小燕,${ID2},+86 139 1234 5678,\r\n`;
  const r = await importCsv(csv);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.imported, 2);
  assert.equal(r.json.updated, 0);
  assert.equal(r.json.rejected.length, 1);
  const [bad] = r.json.rejected;
  assert.equal(bad.line, 4); // the physical line, empty line counted
  assert.equal(bad.field, 'id_number');
  assert.match(bad.reason, /^身份证号：.*Excel.*“文本”格式/);
  assert.ok(!r.text.includes(ID1) && !r.text.includes(ID2), 'no plain ID number in the response');

  // again, in English, one phone changed: updates, no duplicates
  const again = await importCsv(
    `name,id_number,phone\n韩冬梅,${ID1},13800000000\n贺小燕,${ID2},\n贺小燕2,${ID2},\n`,
    { headers: { 'Accept-Language': 'en' } },
  );
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(
    { imported: again.json.imported, updated: again.json.updated },
    { imported: 0, updated: 2 },
  );
  assert.deepEqual(again.json.rejected, [
    { line: 4, field: 'id_number', reason: 'id_number: the same ID number as line 3.' },
  ]);
  assert.equal(sql('SELECT count(*) FROM registry WHERE project_id = 1'), '2');
  assert.equal(sql(`SELECT phone FROM registry WHERE name = '韩冬梅'`), '13800000000');
});

test('a file without an ID number column is refused whole (422 naming the file)', async () => {
  const before = sql('SELECT count(*) FROM registry');
  const r = await importCsv('姓名,电话\n王芳,13812345678\n');
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'validation');
  assert.equal(r.json.error.field, 'file');
  assert.match(r.json.error.message, /身份证号/);
  assert.equal(sql('SELECT count(*) FROM registry'), before);
});

test('a member may not import (403); another media type is 415; over 64 MiB is 413', async () => {
  const csv = `姓名,身份证号\n王芳,${ID3}\n`;
  const m = await importCsv(csv, { token: member });
  assert.equal(m.status, 403, m.text);
  assert.equal(m.json.error.code, 'forbidden');

  const j = await api(srv.base, '/api/v1/projects/1/registry/import', {
    method: 'POST',
    token: community,
    json: { csv },
  });
  assert.equal(j.status, 415, j.text);
  assert.equal(j.json.error.code, 'unsupported_media_type');

  // a Content-Length far over the cap (past the 4 MiB a slightly large body is read and
  // thrown away for, src/web/server.c DISCARD_MAX) is answered before any body is read
  const status = await new Promise((resolve, reject) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      data += d;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      if (m) {
        resolve(Number(m[1]));
        sock.destroy();
      }
    });
    sock.on('error', reject);
    sock.write(
      'POST /api/v1/projects/1/registry/import HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Authorization: Bearer ${community}\r\nContent-Type: text/csv\r\n` +
        `Content-Length: ${(64 + 4) * 1024 * 1024 + 1}\r\nConnection: close\r\n\r\n`,
    );
  });
  assert.equal(status, 413);
  assert.equal(sql(`SELECT count(*) FROM registry WHERE name = '王芳'`), '0');
});

test('registry match: by name and phone, masked; another project\'s participant is 404', async () => {
  const imp = await importCsv(`姓名,身份证号,电话,住址\n乔春花,${ID3},13712345678,西闫社区9号\n`);
  assert.equal(imp.status, 200, imp.text);
  const pid = addParticipant(1, '乔春花', '13712345678');
  const nobody = addParticipant(1, '无此人', '13700000001');

  const m = await api(srv.base, `/api/v1/projects/1/participants/${pid}/registry-match`, { token: community });
  assert.equal(m.status, 200, m.text);
  assert.deepEqual(m.json, {
    matched: true,
    by: 'name_phone',
    record: { name: '乔春花', id_number_masked: '610802********4562', phone: '13712345678', address: '西闫社区9号' },
  });
  assert.ok(!m.text.includes(ID3));
  const w = await api(srv.base, `/api/v1/projects/1/participants/${pid}/registry-match`, { token: worker });
  assert.equal(w.status, 200);

  const none = await api(srv.base, `/api/v1/projects/1/participants/${nobody}/registry-match`, { token: community });
  assert.equal(none.status, 200);
  assert.deepEqual(none.json, { matched: false });

  const mm = await api(srv.base, `/api/v1/projects/1/participants/${pid}/registry-match`, { token: member });
  assert.equal(mm.status, 403);

  // a second project with her namesake: asked through project 1, she does not exist
  const out = await runCli(['project', 'add', '--db', srv.db, '--name', '另一个项目', '--community', '东关社区']);
  assert.equal(out.code, 0, out.stderr);
  const p2 = Number(out.stdout.trim());
  const other = addParticipant(p2, '乔春花', '13712345678');
  const cross = await api(srv.base, `/api/v1/projects/1/participants/${other}/registry-match`, { token: community });
  assert.equal(cross.status, 404, cross.text);
  assert.equal(cross.json.error.code, 'not_found');
  // and community staff of project 1 cannot address project 2 at all
  const p2api = await api(srv.base, `/api/v1/projects/${p2}/participants/${other}/registry-match`, { token: community });
  assert.equal(p2api.status, 404);
  const missing = await api(srv.base, '/api/v1/projects/1/participants/999999/registry-match', { token: community });
  assert.equal(missing.status, 404);
});

test('the registry page: multipart upload with csrf shows the report; without csrf 403', async () => {
  const agent = newAgent(srv.base);
  const login = await agent.login('community', demoPassword('community'));
  assert.equal(login.status, 303);
  const page = await agent.get('/projects/1/registry');
  assert.equal(page.status, 200);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  assert.match(page.text, /<input type="file" name="file"/);
  const csrf = agent.csrf;
  assert.ok(csrf, 'the form carries a csrf field');

  const csv =
    '姓名,身份证号,手机\n' +
    `雷彩霞,${'610802199001011000'},13800001111\n` + // Excel zeroed the last digits
    `白玉兰,61080219850101002,13800002222\n` + // 17 characters
    `惠亚妮,${ID2},13800003333\n`;
  const form = new FormData();
  form.append('csrf', csrf);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'registry.csv');
  const r = await agent.request('POST', '/projects/1/registry', { body: form });
  assert.equal(r.status, 200, r.text.slice(0, 500));
  const text = htmlText(r.text);
  assert.match(text, /导入结果/);
  assert.match(text, /新增 0 条 · 更新 1 条 · 未导入 2 行/); // ID2 was imported by the first test
  assert.match(r.text, /<td class="num">2<\/td><td>身份证号：身份证号被 Excel/);
  assert.match(r.text, /<td class="num">3<\/td><td>身份证号：身份证号应为 18 位/);
  assert.match(text, /有身份证号被 Excel 损坏了/); // the hint

  // the same post without the csrf field: refused, nothing imported
  const count = sql('SELECT count(*) FROM registry');
  const bare = new FormData();
  bare.append('file', new Blob([`姓名,身份证号\n新人,${ID3.slice(0, 17)}2\n`], { type: 'text/csv' }), 'x.csv');
  const no = await agent.request('POST', '/projects/1/registry', { body: bare });
  assert.equal(no.status, 403);
  assert.equal(sql('SELECT count(*) FROM registry'), count);

  // no file chosen: the form again, with the reason
  const empty = new FormData();
  empty.append('csrf', csrf);
  empty.append('file', new Blob([], { type: 'text/csv' }), '');
  const e = await agent.request('POST', '/projects/1/registry', { body: empty });
  assert.equal(e.status, 422);
  assert.match(htmlText(e.text), /请选择要导入的 CSV 文件/);

  // a member has no registry page
  const m = newAgent(srv.base);
  await m.login('member', demoPassword('member'));
  assert.equal((await m.get('/projects/1/registry')).status, 403);
});

test('taxiang import registry: exit 0 with the counts, 1 for a missing or bad file, 2 for bad usage', async () => {
  const file = path.join(srv.dir, 'registry.csv');
  fs.writeFileSync(file, `name,id_number,phone\n高金凤,${ID1},13811112222\n坏,123,\n`);
  const ok = await runCli(['import', 'registry', '--db', srv.db, '--project', '1', file]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'imported 0, updated 1, rejected 1\n');
  assert.match(ok.stderr, /^line 3: id_number: /m);

  const missing = await runCli(['import', 'registry', '--db', srv.db, '--project', '1', path.join(srv.dir, 'nope.csv')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.csv/);

  const bad = path.join(srv.dir, 'bad.csv');
  fs.writeFileSync(bad, 'name,phone\nX,13800000000\n');
  const refused = await runCli(['import', 'registry', '--db', srv.db, '--project', '1', bad]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /No ID number column/);
  const noProject = await runCli(['import', 'registry', '--db', srv.db, '--project', '999', file]);
  assert.equal(noProject.code, 1);

  for (const args of [
    ['import'],
    ['import', 'people', '--db', srv.db, '--project', '1', file],
    ['import', 'registry', '--db', srv.db, file],
    ['import', 'registry', '--db', srv.db, '--project', '1'],
    ['import', 'registry', '--db', srv.db, '--project', 'x', file],
    ['import', 'registry', '--db', srv.db, '--project', '1', '--bogus', '1', file],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /usage: taxiang import registry/);
  }
});
