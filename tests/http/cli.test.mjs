// The command line, exactly as API.md "Command line" writes it: outputs and exit
// codes (0 success, 1 the operation failed with a message on stderr, 2 bad usage).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { BIN, freePort, startServer, tempDir, tx, txOk } from './lib/walk.mjs';

const dirs = [];
function dir() {
  const d = tempDir('taxiang-cli-');
  dirs.push(d);
  return d;
}
after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

/** Runs the sqlite3 shell on file; returns its stdout (throws on error). */
function sql(file, statements) {
  const r = spawnSync('sqlite3', ['-batch', file, statements], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 ${file}: ${r.stderr}`);
  return r.stdout;
}

/** Exit code 1 with a message on stderr. */
function assertFails(r, what, message = /\S/) {
  assert.equal(r.code, 1, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stderr, message, `${what}: the message on stderr`);
}

function assertUsage(r, what) {
  assert.equal(r.code, 2, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stderr, /\S/, `${what}: says what is wrong on stderr`);
}

/** A database with the demo project and its accounts. */
function demoDb(d, name = 'demo.db') {
  const f = path.join(d, name);
  txOk(['init', '--db', f]);
  txOk(['demo', '--db', f]);
  return f;
}

/** Copies a database (and its WAL, if any) to a new name in the same directory. */
function copyDb(f, name) {
  const to = path.join(path.dirname(f), name);
  fs.copyFileSync(f, to);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(f + ext)) fs.copyFileSync(f + ext, to + ext);
  return to;
}

const DROP_TRIGGERS = 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';

function entryNamed(id) {
  return new RegExp(`\\bentry\\s*(?:id\\s*)?#?${id}\\b`, 'i');
}

const users = (f) => sql(f, 'SELECT id, login, role, coalesce(project_id, 0) FROM users ORDER BY id');

test('--version prints "taxiang <version>"', () => {
  const r = tx(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^taxiang \d+\.\d+\.\d+\S*\n$/);
});

test('--help lists every command', () => {
  const r = tx(['--help']);
  assert.equal(r.code, 0);
  for (const cmd of ['init', 'serve', 'user add', 'token create', 'project add', 'audit verify', 'backup', 'restore', 'demo'])
    assert.match(r.stdout, new RegExp(`^\\s*taxiang ${cmd.replace(' ', '\\s+')}\\s`, 'm'), `--help lists "taxiang ${cmd}"`);
  for (const opt of ['--db', '--key', '--listen', '--threads', '--login', '--role', '--password-stdin', '--name', '--community', '--capacity', '--scale'])
    assert.ok(r.stdout.includes(opt), `--help mentions ${opt}`);
});

test('bad usage exits 2, says why on stderr, and creates nothing', () => {
  const d = dir();
  const f = path.join(d, 'x.db');
  const problems = [];
  for (const args of [
    [], ['bogus'], ['--bogus'],
    ['init', '--db', f, '--bogus'], ['init'], ['init', '--db'], ['init', '--db='], ['init', '--db', ''],
    ['init', '--db', f, 'extra'],
    ['serve'], ['serve', '--db', f, 'extra'], ['audit', 'verify'], ['audit'], ['audit', 'verify', '--db', f, 'extra'],
    ['token', 'create', '--login', 'admin'], ['token'], ['token', 'create', '--db', f, '--login', 'admin', 'extra'],
    ['user', 'add', '--login', 'x', '--role', 'admin', '--password-stdin'], ['user', 'add', '--db', f, '--role', 'admin', '--password-stdin'],
    ['user', 'add', '--db', f, '--login', 'x', '--role', 'admin'],
    ['project', 'add', '--name', 'a', '--community', 'b'], ['project', 'remove', '--db', f],
    ['project', 'add', '--db', f, '--name', 'a', '--community', 'b', 'extra'],
    ['backup', 'out.db'], ['backup', '--db', f], ['restore', 'in.db'], ['restore', '--db', f], ['demo'],
    ['demo', '--db', f, '--scale', '0'], ['demo', '--db', f, 'extra'],
  ]) {
    const r = tx(args, { cwd: d, input: '' });
    const what = `taxiang ${args.map((a) => JSON.stringify(a)).join(' ')}`.replaceAll(d, 'DIR');
    if (r.code !== 2) problems.push(`${what}: exit ${r.code} (${(r.stdout + r.stderr).trim().split('\n')[0]})`);
    else if (!/\S/.test(r.stderr)) problems.push(`${what}: exit 2 but nothing on stderr`);
    const left = fs.readdirSync(d);
    if (left.length) {
      problems.push(`${what}: left ${left.join(', ')} behind`);
      for (const x of left) fs.rmSync(path.join(d, x), { recursive: true, force: true });
    }
  }
  assert.deepEqual(problems, []);
});

test('init creates the database and a 0600 key of 32 bytes, idempotently', () => {
  const d = dir();
  const f = path.join(d, 't.db');
  assert.equal(tx(['init', '--db', f]).code, 0);
  assert.ok(fs.statSync(f).size > 0, 'the database exists');
  const st = fs.statSync(`${f}.key`);
  assert.equal(st.mode & 0o777, 0o600, `key mode ${(st.mode & 0o777).toString(8)}`);
  assert.equal(st.size, 32);
  const key = fs.readFileSync(`${f}.key`);
  const again = tx(['init', '--db', f]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(fs.readFileSync(`${f}.key`), key, 'the key is unchanged by a second init');
  assert.equal(tx(['audit', 'verify', '--db', f]).code, 0);

  const g = path.join(d, 'u.db');
  const k = path.join(d, 'keys', 'u.secret');
  fs.mkdirSync(path.dirname(k));
  assert.equal(tx(['init', '--db', g, '--key', k]).code, 0);
  const ks = fs.statSync(k);
  assert.equal(ks.mode & 0o777, 0o600);
  assert.equal(ks.size, 32);
  assert.equal(fs.existsSync(`${g}.key`), false, '--key puts the key at K, not at FILE.key');
  assert.notDeepEqual(fs.readFileSync(k), key, 'every key is new random bytes');
  assertFails(tx(['init', '--db', path.join(d, 'no', 'such', 'dir', 'v.db')]), 'init in a missing directory');
});

test('project add prints the new id', () => {
  const d = dir();
  const f = path.join(d, 'p.db');
  txOk(['init', '--db', f]);
  const r = tx(['project', 'add', '--db', f, '--name', '他乡的妳', '--community', '西闫社区', '--capacity', '50']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+\n$/);
  const id = Number(r.stdout);
  assert.equal(sql(f, `SELECT name || '|' || community || '|' || capacity FROM projects WHERE id = ${id}`), '他乡的妳|西闫社区|50\n');
  const r2 = tx(['project', 'add', '--db', f, '--name', '第二个', '--community', '西闫社区']);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(Number(r2.stdout) > id, 'a second project gets a new id');
  assertUsage(tx(['project', 'add', '--db', f, '--name', 'x', '--community', 'y', '--capacity', '0']), '--capacity 0');
  assertUsage(tx(['project', 'add', '--db', f, '--name', 'x', '--community', 'y', '--capacity', 'many']), '--capacity many');
  assertUsage(tx(['project', 'add', '--db', f, '--name', 'x']), 'missing --community');
  assertFails(tx(['project', 'add', '--db', path.join(d, 'missing.db'), '--name', 'x', '--community', 'y']), 'a missing database');
  assert.equal(fs.existsSync(path.join(d, 'missing.db')), false, 'a missing database is not created');
  assert.equal(sql(f, 'SELECT count(*) FROM projects'), '2\n', 'the refused commands added nothing');
});

test('user add reads the password on stdin; token create prints a token', () => {
  const d = dir();
  const f = demoDb(d);
  const add = (args, input = 'a-good-password\n') => tx(['user', 'add', '--db', f, ...args, '--password-stdin'], { input });
  const r = add(['--login', 'wang', '--role', 'social_worker', '--project', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+\n$/);
  const id = Number(r.stdout);
  assert.equal(sql(f, `SELECT login || '|' || role || '|' || project_id FROM users WHERE id = ${id}`), 'wang|social_worker|1\n');
  const admin = add(['--login', 'root2', '--role', 'admin'], 'another-password');
  assert.equal(admin.code, 0, `a password without a final newline: ${admin.stderr}`);
  const member = add(['--login', 'li', '--role', 'member', '--project', '1', '--participant', '1']);
  assert.equal(member.code, 0, member.stderr);

  const before = users(f);
  assertUsage(add(['--login', 'zhao', '--role', 'boss', '--project', '1']), 'a bad role');
  assertFails(add(['--login', 'wang', '--role', 'social_worker', '--project', '1']), 'a duplicate login');
  assertFails(add(['--login', 'zhao', '--role', 'social_worker', '--project', '1'], 'short\n'), 'a short password');
  assertFails(add(['--login', 'zhao', '--role', 'social_worker', '--project', '1'], ''), 'no password on stdin');
  assertFails(add(['--login', 'zhao', '--role', 'member', '--project', '1']), 'a member without --participant');
  assertFails(add(['--login', 'zhao', '--role', 'partner', '--project', '1']), 'a partner without --enterprise');
  assertFails(add(['--login', 'zhao', '--role', 'social_worker', '--project', '99']), 'a project that does not exist');
  assert.equal(users(f), before, 'the refused commands added nobody');
  assertFails(tx(['user', 'add', '--db', path.join(d, 'missing.db'), '--login', 'x', '--role', 'admin', '--password-stdin'],
    { input: 'a-good-password\n' }), 'a missing database');

  const t = tx(['token', 'create', '--db', f, '--login', 'wang']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^txk_[A-Za-z0-9_-]{43}\n$/);
  const t2 = txOk(['token', 'create', '--db', f, '--login', 'wang']);
  assert.notEqual(t2, t.stdout, 'every token is new');
  const none = tx(['token', 'create', '--db', f, '--login', 'nobody']);
  assertFails(none, 'token create for an unknown login');
  assert.equal(none.stdout, '', 'no token printed');
});

test('demo creates the demo once and prints the 8 accounts', () => {
  const d = dir();
  const f = path.join(d, 'd.db');
  const expect = [['admin', 'admin'], ['worker', 'social_worker'], ['supervisor', 'supervisor'], ['community', 'community_staff'],
    ['leader', 'coop_leader'], ['member', 'member'], ['partner', 'partner'], ['auditor', 'auditor']];
  const checkAccounts = (out, what) => {
    for (const [login, role] of expect)
      assert.match(out, new RegExp(`^\\s*${login}\\s+${role}\\s+\\S{8,}\\s*$`, 'm'), `${what} prints ${login} (${role}) and a password`);
  };
  txOk(['init', '--db', f]);
  const r = tx(['demo', '--db', f]);
  assert.equal(r.code, 0, r.stderr);
  checkAccounts(r.stdout, 'demo');
  assert.equal(sql(f, 'SELECT count(*) FROM users'), '8\n');
  assert.equal(sql(f, "SELECT name || '|' || community FROM projects WHERE id = 1"), '他乡的妳|西闫社区\n');
  const before = users(f);
  assertFails(tx(['demo', '--db', f]), 'demo a second time', /already/i);
  assert.equal(users(f), before, 'the second demo changed nothing');
  assert.equal(tx(['audit', 'verify', '--db', f]).code, 0);

  // demo on a database that does not exist yet creates it (and its key)
  const g = path.join(d, 'fresh.db');
  assert.equal(tx(['demo', '--db', g]).code, 0);
  assert.equal(fs.statSync(`${g}.key`).mode & 0o777, 0o600);

  const e = dir();
  const acc = tx(['demo', '--accounts'], { cwd: e });
  assert.equal(acc.code, 0, acc.stderr);
  checkAccounts(acc.stdout, 'demo --accounts');
  assert.deepEqual(fs.readdirSync(e), [], 'demo --accounts needs and creates no database');
});

test('audit verify: intact, then each kind of tampering is found and named', () => {
  const d = dir();
  const f = demoDb(d, 'clean.db');
  txOk(['user', 'add', '--db', f, '--login', 'extra', '--role', 'auditor', '--password-stdin'], { input: 'a-good-password\n' });
  const ok = tx(['audit', 'verify', '--db', f]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /intact/);
  const n = Number(sql(f, 'SELECT count(*) FROM audit_log'));
  const maxId = Number(sql(f, 'SELECT max(id) FROM audit_log'));
  assert.ok(n >= 5 && n === maxId, `${n} entries numbered 1..${maxId}`);
  const original = fs.readFileSync(f);

  // (a) one entry's summary rewritten
  const a = copyDb(f, 'a.db');
  const target = Number(sql(a, `SELECT id FROM audit_log WHERE summary LIKE '%"login":"worker"%'`));
  assert.ok(target > 1 && target < maxId, `the worker's creation is a middle entry (${target})`);
  sql(a, `${DROP_TRIGGERS} UPDATE audit_log SET summary = '{"login":"worker","role":"admin"}' WHERE id = ${target};`);
  const ra = tx(['audit', 'verify', '--db', a]);
  assert.equal(ra.code, 1, `changed summary: exit ${ra.code}\n${ra.stdout}${ra.stderr}`);
  assert.match(ra.stdout + ra.stderr, entryNamed(target));
  assert.doesNotMatch(ra.stdout, /intact/);

  // (b) a middle entry deleted: the entry after the gap is named
  const b = copyDb(f, 'b.db');
  const mid = Math.ceil(maxId / 2);
  sql(b, `${DROP_TRIGGERS} DELETE FROM audit_log WHERE id = ${mid};`);
  const rb = tx(['audit', 'verify', '--db', b]);
  assert.equal(rb.code, 1, `deleted entry: exit ${rb.code}\n${rb.stdout}${rb.stderr}`);
  assert.match(rb.stdout + rb.stderr, entryNamed(mid + 1));

  // (c) an extra entry appended, chained to the last one, with a made-up hash
  const c = copyDb(f, 'c.db');
  sql(c, `${DROP_TRIGGERS} INSERT INTO audit_log(id, at, actor_id, actor, project_id, entity, entity_id, action, summary, prev_hash, hash)
    SELECT id + 1, at, NULL, 'cli', NULL, 'user', 1, 'disable', '{}', hash, randomblob(32) FROM audit_log ORDER BY id DESC LIMIT 1;`);
  const rc = tx(['audit', 'verify', '--db', c]);
  assert.equal(rc.code, 1, `appended entry: exit ${rc.code}\n${rc.stdout}${rc.stderr}`);
  assert.match(rc.stdout + rc.stderr, entryNamed(maxId + 1));

  // (d) the first entry deleted: the chain now starts at 2
  const e = copyDb(f, 'e.db');
  sql(e, `${DROP_TRIGGERS} DELETE FROM audit_log WHERE id = 1;`);
  const re = tx(['audit', 'verify', '--db', e]);
  assert.equal(re.code, 1);
  assert.match(re.stdout + re.stderr, entryNamed(2));

  assert.deepEqual(fs.readFileSync(f), original, 'the clean database was not touched');
  assertFails(tx(['audit', 'verify', '--db', path.join(d, 'missing.db')]), 'verify a missing database');
});

test('backup and restore: verified copies, refusals leave the target unchanged', () => {
  const d = dir();
  const f = demoDb(d, 'live.db');
  const out = path.join(d, 'backup.db');
  const r = tx(['backup', '--db', f, out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(tx(['audit', 'verify', '--db', out]).code, 0, 'the backup passes audit verify');
  assert.equal(users(out), users(f));

  // an existing output file is refused and left alone
  const existing = path.join(d, 'existing.bin');
  fs.writeFileSync(existing, 'keep me');
  assertFails(tx(['backup', '--db', f, existing]), 'backup over an existing file');
  assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me');
  assertFails(tx(['backup', '--db', f, out]), 'backup over an existing backup');
  assertFails(tx(['backup', '--db', path.join(d, 'missing.db'), path.join(d, 'b2.db')]), 'backup of a missing database');
  assert.equal(fs.existsSync(path.join(d, 'b2.db')), false);

  // restore into a new file
  const fresh = path.join(d, 'restored.db');
  const rr = tx(['restore', '--db', fresh, out]);
  assert.equal(rr.code, 0, rr.stderr);
  assert.equal(users(fresh), users(f), 'the restored database has the same users');
  assert.match(txOk(['token', 'create', '--db', fresh, '--login', 'admin']), /^txk_[A-Za-z0-9_-]{43}\n$/);
  assert.equal(tx(['audit', 'verify', '--db', fresh]).code, 0);

  // refused restores
  const text = path.join(d, 'notes.txt');
  fs.writeFileSync(text, 'this is not a database\n'.repeat(100));
  const empty = path.join(d, 'empty.db');
  fs.writeFileSync(empty, '');
  const foreign = path.join(d, 'foreign.db');
  sql(foreign, "CREATE TABLE users(id INTEGER PRIMARY KEY, login TEXT); INSERT INTO users(login) VALUES ('mallory');");
  const tampered = path.join(d, 'tampered.db');
  txOk(['backup', '--db', f, tampered]);
  sql(tampered, `${DROP_TRIGGERS} UPDATE audit_log SET summary = '{}' WHERE id = 2;`);
  assert.equal(tx(['audit', 'verify', '--db', tampered]).code, 1, 'the tampered backup is broken');

  const target = fresh; // a working database with users
  const usersBefore = users(target);
  const verifyBefore = txOk(['audit', 'verify', '--db', target]);
  for (const [bad, what] of [[text, 'a text file'], [empty, 'an empty file'], [foreign, 'a foreign SQLite database'],
    [tampered, 'a backup with a tampered audit chain'], [path.join(d, 'missing-backup.db'), 'a missing file']]) {
    const size = fs.existsSync(bad) ? fs.statSync(bad).size : -1;
    assertFails(tx(['restore', '--db', target, bad]), `restore of ${what}`);
    assert.equal(users(target), usersBefore, `restore of ${what}: the target's users are unchanged`);
    assert.equal(txOk(['audit', 'verify', '--db', target]), verifyBefore, `restore of ${what}: the target's audit chain is unchanged`);
    assert.equal(fs.existsSync(bad) ? fs.statSync(bad).size : -1, size, `restore of ${what}: the file is not changed`);
  }
  assert.match(txOk(['token', 'create', '--db', target, '--login', 'admin']), /^txk_/);
  // a refused restore to a new path creates no database there
  const nowhere = path.join(d, 'nowhere.db');
  assertFails(tx(['restore', '--db', nowhere, foreign]), 'restore of a foreign database to a new path');
  assert.equal(fs.existsSync(nowhere), false, 'no file is left behind');
});

test('serve refuses bad options (2) and a port in use (1)', async () => {
  const d = dir();
  const f = path.join(d, 's.db');
  txOk(['init', '--db', f]);
  assertUsage(tx(['serve', '--db', f, '--listen', 'nonsense'], { timeout: 10000 }), '--listen nonsense');
  assertUsage(tx(['serve', '--db', f, '--listen', '127.0.0.1:99999'], { timeout: 10000 }), '--listen 127.0.0.1:99999');
  assertUsage(tx(['serve', '--db', f, '--threads', '0'], { timeout: 10000 }), '--threads 0');
  assertUsage(tx(['serve', '--db', f, '--threads', 'two'], { timeout: 10000 }), '--threads two');
  assertFails(tx(['serve', '--db', path.join(d, 'missing.db'), '--listen', '127.0.0.1:1'], { timeout: 10000 }), 'serve a missing database');

  // a port some other program listens on
  const holder = net.createServer();
  await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    const r = tx(['serve', '--db', f, '--listen', `127.0.0.1:${holder.address().port}`, '--threads', '1'], { timeout: 10000 });
    assertFails(r, 'serve on a port in use');
  } finally {
    holder.close();
  }
});

test('serve refuses a port another taxiang already listens on', async () => {
  const d = dir();
  const f = path.join(d, 's.db');
  txOk(['init', '--db', f]);
  const first = await startServer(f);
  try {
    const second = spawn(BIN, ['serve', '--db', f, '--listen', `127.0.0.1:${first.port}`, '--threads', '2'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
    let err = '';
    second.stderr.setEncoding('utf8').on('data', (s) => { err += s; });
    const exit = new Promise((resolve) => second.once('exit', (code) => resolve(code)));
    let timer;
    const listening = new Promise((resolve) => {
      const poll = () => (/listening/.test(err) ? resolve('listening') : (timer = setTimeout(poll, 50)));
      poll();
    });
    const give = new Promise((resolve) => { setTimeout(resolve, 8000, 'timeout').unref(); });
    const outcome = await Promise.race([exit, listening, give]);
    clearTimeout(timer);
    if (outcome === 'listening' || outcome === 'timeout') {
      second.kill('SIGTERM');
      await exit;
      assert.fail(`a second server started on port ${first.port} while the first was listening there: ${err.trim()}`);
    }
    assert.equal(outcome, 1, `exit ${outcome}: ${err}`);
    assert.match(err, /\S/);
  } finally {
    const s = await first.stop('SIGTERM');
    assert.equal(s.code, 0, s.stderr);
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`serve stops cleanly on ${signal}`, async () => {
    const d = dir();
    const f = demoDb(d, 'stop.db');
    const server = await startServer(f);
    const res = await fetch(`${server.base}/healthz`);
    assert.deepEqual(await res.json(), { ok: true });
    const r = await server.stop(signal);
    assert.equal(r.code, 0, `exit ${r.code ?? r.signal} on ${signal}; stderr:\n${r.stderr.slice(-4000)}`);
    assert.match(r.stderr, /stopped/);
    assert.doesNotMatch(r.stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
    await assert.rejects(fetch(`${server.base}/healthz`), 'the port is closed after the stop');
    assert.equal(tx(['audit', 'verify', '--db', f]).code, 0);
  });
}

test('backup and restore carry the uploaded files, checked against their records', () => {
  const d = dir();
  const f = demoDb(d, 'files.db');
  const bytes = Buffer.from('%PDF-1.4\n% a receipt\n%%EOF\n');
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.mkdirSync(`${f}.files`, { mode: 0o700 });
  fs.writeFileSync(`${f}.files/900`, bytes, { mode: 0o600 });
  sql(f, `INSERT INTO files(id, project_id, purpose, mime, bytes, sha256, name, actor, created_at)
          VALUES (900, 1, 'receipt', 'application/pdf', ${bytes.length}, '${hash}', 'r.pdf', 'test',
                  '2024-01-01T00:00:00+08:00');`);

  const out = path.join(d, 'backup.db');
  const r = tx(['backup', '--db', f, out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 uploaded files/);
  assert.deepEqual(fs.readFileSync(`${out}.files/900`), bytes);
  assert.equal(fs.statSync(`${out}.files/900`).mode & 0o777, 0o600);
  assert.equal(fs.statSync(`${out}.files`).mode & 0o777, 0o700);

  const fresh = path.join(d, 'restored.db');
  const rr = tx(['restore', '--db', fresh, out]);
  assert.equal(rr.code, 0, rr.stderr);
  assert.deepEqual(fs.readFileSync(`${fresh}.files/900`), bytes);

  // an altered file in the backup: the restore is refused before anything is replaced
  fs.writeFileSync(`${out}.files/900`, Buffer.from('%PDF-1.4\n% forged\n%%EOF\n'));
  const other = path.join(d, 'other.db');
  assertFails(tx(['restore', '--db', other, out]), 'restore with an altered file', /900/);
  assert.equal(fs.existsSync(other), false);

  // a file missing beside the live database: no backup is written
  fs.unlinkSync(`${f}.files/900`);
  const out2 = path.join(d, 'backup2.db');
  assertFails(tx(['backup', '--db', f, out2]), 'backup with a missing file', /900/);
  assert.equal(fs.existsSync(out2), false);
});
