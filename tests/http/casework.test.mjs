// Casework over HTTP: case notes and supervisors' comments through the JSON API and the form
// posts of her page, with every role. Set-up: a fresh participant in the demo project whose
// assigned social worker is `worker2` (created with `taxiang user add`), so that the demo's
// `worker` is a social worker who is NOT assigned to her; a second project with a participant
// and a note of its own, written by an organisation-wide supervisor (`sup_all`), for the
// "another project's id" checks. What is checked is what a user sees: the status, the error's
// code and field, which notes (and which texts) a role receives, and that a refused request
// wrote nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, runCliOk, startServer } from './lib/server.mjs';

let srv;
const tok = {}; // login -> API token
let her; // participant id in project 1, assigned to worker2
let herNotes; // notes created in the set-up: { open, sensitiveByAssigned, sensitiveByWorker }
let otherProject; // project id
let otherPart; // participant id in otherProject
let otherNote; // note id in otherProject

const P1 = 1;
const notesPath = (pid, id) => `/api/v1/projects/${pid}/participants/${id}/notes`;
const commentsPath = (pid, nid) => `/api/v1/projects/${pid}/notes/${nid}/comments`;

async function addUser(login, role, project) {
  const args = ['user', 'add', '--db', srv.db, '--login', login, '--role', role, '--password-stdin'];
  if (project) args.push('--project', String(project));
  const out = await runCliOk(args, { input: `taxiang-${login}\n` });
  return Number(out.trim());
}

async function newNote(login, pid, id, body) {
  const r = await api(srv.base, notesPath(pid, id), { method: 'POST', token: tok[login], json: body });
  assert.equal(r.status, 201, `note by ${login}: ${r.text}`);
  return r.json;
}

async function notesAs(login, pid = P1, id = her) {
  const r = await api(srv.base, notesPath(pid, id), { token: tok[login] });
  assert.equal(r.status, 200, `notes as ${login}: ${r.text}`);
  return r.json.items;
}

async function noteCount() {
  return (await notesAs('supervisor')).length;
}

before(async () => {
  srv = await startServer();
  const worker2 = await addUser('worker2', 'social_worker', P1);
  await addUser('sup_all', 'supervisor', 0);
  for (const login of ['admin', 'worker', 'worker2', 'supervisor', 'sup_all', 'community', 'leader', 'member', 'partner', 'auditor']) {
    tok[login] = await srv.tokenFor(login);
  }
  // her, in the demo project, assigned to worker2
  let r = await api(srv.base, `/api/v1/projects/${P1}/participants`, {
    method: 'POST', token: tok.worker, json: { name: '个案测试', source: 'outreach' },
  });
  assert.equal(r.status, 201, r.text);
  her = r.json.id;
  r = await api(srv.base, `/api/v1/projects/${P1}/participants/${her}/assign`, {
    method: 'POST', token: tok.supervisor, json: { worker_id: worker2 },
  });
  assert.equal(r.status, 200, r.text);
  // a second project with a participant and a note, by a supervisor of every project
  r = await api(srv.base, '/api/v1/projects', {
    method: 'POST', token: tok.admin, json: { name: '另一个项目', community: '东关社区', capacity: 10 },
  });
  assert.equal(r.status, 201, r.text);
  otherProject = r.json.id;
  r = await api(srv.base, `/api/v1/projects/${otherProject}/participants`, {
    method: 'POST', token: tok.sup_all, json: { name: '别处的她', source: 'self' },
  });
  assert.equal(r.status, 201, r.text);
  otherPart = r.json.id;
  otherNote = (await newNote('sup_all', otherProject, otherPart, { kind: 'note', body: '另一个项目的记录' })).id;

  herNotes = {
    open: (await newNote('worker', P1, her, { kind: 'note', body: '第一次见面\n聊了孩子上学', on: '2024-05-01' })).id,
    sensitiveByAssigned: (await newNote('worker2', P1, her, {
      kind: 'plan', body: '家庭矛盾，需要保密 SECRET-PLAN', goals: '三个月内找到工作', sensitive: true, on: '2024-05-03',
    })).id,
    sensitiveByWorker: (await newNote('worker', P1, her, {
      kind: 'followup', body: '回访时她提到的敏感情况 SECRET-FOLLOWUP', sensitive: true, on: '2024-05-02',
    })).id,
  };
});

after(async () => {
  await srv?.stop();
});

describe('GET /participants/{id}/notes', () => {
  test('the supervisor sees every note in full, newest first, with the documented fields', async () => {
    const items = await notesAs('supervisor');
    assert.deepEqual(items.map((n) => n.id), [herNotes.sensitiveByAssigned, herNotes.sensitiveByWorker, herNotes.open]);
    const plan = items[0];
    assert.equal(plan.kind, 'plan');
    assert.equal(plan.on, '2024-05-03');
    assert.equal(plan.body, '家庭矛盾，需要保密 SECRET-PLAN');
    assert.equal(plan.goals, '三个月内找到工作');
    assert.equal(plan.sensitive, true);
    assert.equal(plan.redacted, false);
    assert.equal(plan.author, 'worker2');
    assert.match(plan.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.deepEqual(plan.comments, []);
    assert.equal(items[2].body, '第一次见面\n聊了孩子上学');
    assert.equal('goals' in items[2], false);
    assert.equal(items[2].sensitive, false);
  });

  test('her assigned social worker sees every note, the sensitive ones of others included', async () => {
    const items = await notesAs('worker2');
    assert.equal(items.length, 3);
    for (const n of items) assert.equal(n.redacted, false);
    assert.match(items.find((n) => n.id === herNotes.sensitiveByWorker).body, /SECRET-FOLLOWUP/);
  });

  test('another social worker sees open notes and her own sensitive note, the others only as existing', async () => {
    const r = await api(srv.base, notesPath(P1, her), { token: tok.worker });
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.text, /SECRET-PLAN|三个月内找到工作|家庭矛盾/);
    const byId = new Map(r.json.items.map((n) => [n.id, n]));
    assert.equal(byId.size, 3);
    const hidden = byId.get(herNotes.sensitiveByAssigned);
    assert.deepEqual(Object.keys(hidden).sort(), ['author', 'created_at', 'id', 'kind', 'on', 'redacted', 'sensitive']);
    assert.equal(hidden.redacted, true);
    assert.equal(hidden.sensitive, true);
    assert.equal(hidden.kind, 'plan');
    assert.equal(hidden.on, '2024-05-03');
    assert.equal(byId.get(herNotes.sensitiveByWorker).redacted, false, 'the author reads her own note');
    assert.match(byId.get(herNotes.sensitiveByWorker).body, /SECRET-FOLLOWUP/);
    assert.equal(byId.get(herNotes.open).redacted, false);
  });

  test('community staff, administrators and the other roles see no notes: 403', async () => {
    for (const login of ['community', 'admin', 'auditor', 'leader', 'member', 'partner']) {
      const r = await api(srv.base, notesPath(P1, her), { token: tok[login] });
      assert.equal(r.status, 403, login);
      assert.equal(r.json.error.code, 'forbidden');
      assert.doesNotMatch(r.text, /SECRET|第一次见面/);
    }
    const anon = await api(srv.base, notesPath(P1, her));
    assert.equal(anon.status, 401);
  });

  test('another project\'s participant, or a project the caller is not in: 404', async () => {
    let r = await api(srv.base, notesPath(P1, otherPart), { token: tok.supervisor });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'not_found');
    r = await api(srv.base, notesPath(otherProject, her), { token: tok.sup_all });
    assert.equal(r.status, 404);
    r = await api(srv.base, notesPath(otherProject, otherPart), { token: tok.supervisor });
    assert.equal(r.status, 404, 'the supervisor of project 1 is not in the other project');
    r = await api(srv.base, notesPath(P1, 999999), { token: tok.worker });
    assert.equal(r.status, 404);
  });
});

describe('POST /participants/{id}/notes', () => {
  test('201 with the note; `on` defaults to today; CRLF is stored as LF; the audit has no text', async () => {
    const r = await api(srv.base, notesPath(P1, her), {
      method: 'POST', token: tok.supervisor, json: { kind: 'followup', body: '督导回访\r\n第二行 AUDIT-MARK' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, 'followup');
    assert.match(r.json.on, /^\d{4}-\d\d-\d\d$/);
    assert.equal(r.json.body, '督导回访\n第二行 AUDIT-MARK');
    assert.equal(r.json.sensitive, false);
    assert.equal(r.json.author, 'supervisor');
    assert.deepEqual(r.json.comments, []);
    const audit = await api(srv.base, '/api/v1/audit?limit=500', { token: tok.admin });
    assert.equal(audit.status, 200);
    assert.doesNotMatch(audit.text, /AUDIT-MARK|SECRET|督导回访/);
    const entry = audit.json.items.find((e) => e.action === 'note' && e.summary.note_id === r.json.id);
    assert.ok(entry, 'an audit entry for the note');
    assert.deepEqual(entry.summary, { kind: 'followup', note_id: r.json.id, on: r.json.on, sensitive: false });
    assert.equal(entry.entity, 'participant');
    assert.equal(entry.entity_id, her);
  });

  test('422 naming the field, in the caller\'s language; nothing written', async () => {
    const before = await noteCount();
    const cases = [
      [{ kind: 'plan', body: '没有目标的计划' }, 'goals'],
      [{ kind: 'plan', body: '空白目标', goals: '  ' }, 'goals'],
      [{ kind: 'note', body: '' }, 'body'],
      [{ kind: 'note', body: ' \n ' }, 'body'],
      [{ kind: 'note', body: '记'.repeat(5001) }, 'body'],
      [{ kind: 'plan', body: '计划', goals: 'g'.repeat(2001) }, 'goals'],
      [{ kind: 'note', body: '未来', on: '2999-01-01' }, 'on'],
      [{ kind: 'note', body: '坏日期', on: '2024-02-30' }, 'on'],
      [{ kind: 'visit', body: '不是类型' }, 'kind'],
      [{ body: '没有类型' }, 'kind'],
      [{ kind: 'note', body: '敏感？', sensitive: 'yes' }, 'sensitive'],
      [{ kind: 'note', body: '多余字段', extra: 1 }, 'extra'],
    ];
    for (const [json, field] of cases) {
      const r = await api(srv.base, notesPath(P1, her), { method: 'POST', token: tok.worker, json });
      assert.equal(r.status, 422, `${JSON.stringify(json).slice(0, 60)}: ${r.text.slice(0, 200)}`);
      assert.equal(r.json.error.code, 'validation');
      assert.equal(r.json.error.field, field);
    }
    const zh = await api(srv.base, notesPath(P1, her), { method: 'POST', token: tok.worker, json: { kind: 'plan', body: '计划' } });
    assert.match(zh.json.error.message, /服务计划必须写明服务目标/);
    const en = await api(srv.base, notesPath(P1, her), {
      method: 'POST', token: tok.worker, json: { kind: 'plan', body: 'plan' }, headers: { 'Accept-Language': 'en' },
    });
    assert.match(en.json.error.message, /goals: a service plan needs its goals/);
    // exactly 5000 characters pass
    const max = await api(srv.base, notesPath(P1, her), { method: 'POST', token: tok.worker, json: { kind: 'note', body: '记'.repeat(5000) } });
    assert.equal(max.status, 201);
    assert.equal(await noteCount(), before + 1);
  });

  test('only social workers and supervisors write; other projects and bodies are refused', async () => {
    const before = await noteCount();
    for (const login of ['community', 'admin', 'auditor', 'leader', 'member', 'partner']) {
      const r = await api(srv.base, notesPath(P1, her), { method: 'POST', token: tok[login], json: { kind: 'note', body: 'x' } });
      assert.equal(r.status, 403, login);
    }
    let r = await api(srv.base, notesPath(P1, otherPart), { method: 'POST', token: tok.supervisor, json: { kind: 'note', body: 'x' } });
    assert.equal(r.status, 404);
    r = await api(srv.base, notesPath(otherProject, her), { method: 'POST', token: tok.sup_all, json: { kind: 'note', body: 'x' } });
    assert.equal(r.status, 404);
    r = await api(srv.base, notesPath(P1, her), { method: 'POST', token: tok.worker, body: 'kind=note&body=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 415);
    r = await api(srv.base, notesPath(P1, her), { method: 'POST', token: tok.worker, body: '{"kind": "note", ', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.equal(await noteCount(), before);
  });
});

describe('POST /notes/{nid}/comments', () => {
  test('a supervisor comments: 201, and the comment comes with the note', async () => {
    const r = await api(srv.base, commentsPath(P1, herNotes.sensitiveByAssigned), {
      method: 'POST', token: tok.supervisor, json: { body: '请和她约定下次见面 COMMENT-MARK' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.body, '请和她约定下次见面 COMMENT-MARK');
    assert.equal(r.json.author, 'supervisor');
    assert.equal(r.json.note_id, herNotes.sensitiveByAssigned);
    assert.ok(r.json.id > 0);
    assert.match(r.json.created_at, /\+08:00$/);
    const mine = (await notesAs('worker2')).find((n) => n.id === herNotes.sensitiveByAssigned);
    assert.deepEqual(mine.comments.map((c) => [c.id, c.body, c.author]), [[r.json.id, r.json.body, 'supervisor']]);
    // the other worker does not get the comment of a sensitive note she may not read
    const other = await api(srv.base, notesPath(P1, her), { token: tok.worker });
    assert.doesNotMatch(other.text, /COMMENT-MARK/);
  });

  test('social workers and the other roles: 403; nothing written', async () => {
    for (const login of ['worker', 'worker2', 'community', 'admin', 'auditor', 'leader', 'member', 'partner']) {
      const r = await api(srv.base, commentsPath(P1, herNotes.open), { method: 'POST', token: tok[login], json: { body: '意见' } });
      assert.equal(r.status, 403, login);
      assert.equal(r.json.error.code, 'forbidden');
    }
    const open = (await notesAs('supervisor')).find((n) => n.id === herNotes.open);
    assert.deepEqual(open.comments, []);
  });

  test('a note of another project: 404; a bad body: 422 with field', async () => {
    let r = await api(srv.base, commentsPath(P1, otherNote), { method: 'POST', token: tok.supervisor, json: { body: '意见' } });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'not_found');
    r = await api(srv.base, commentsPath(otherProject, herNotes.open), { method: 'POST', token: tok.sup_all, json: { body: '意见' } });
    assert.equal(r.status, 404);
    r = await api(srv.base, commentsPath(P1, 999999), { method: 'POST', token: tok.supervisor, json: { body: '意见' } });
    assert.equal(r.status, 404);
    for (const [json, field] of [[{ body: '' }, 'body'], [{ body: '意'.repeat(2001) }, 'body'], [{}, 'body'], [{ body: 'x', note: 1 }, 'note']]) {
      r = await api(srv.base, commentsPath(P1, herNotes.open), { method: 'POST', token: tok.supervisor, json });
      assert.equal(r.status, 422);
      assert.equal(r.json.error.field, field);
    }
    const open = (await notesAs('supervisor')).find((n) => n.id === herNotes.open);
    assert.deepEqual(open.comments, []);
  });
});

describe('the form posts of her page', () => {
  const herPage = () => `/projects/${P1}/participants/${her}`;

  async function signedIn(login) {
    const agent = newAgent(srv.base);
    const r = await agent.login(login, `taxiang-${login}`);
    assert.equal(r.status, 303);
    await agent.get('/'); // a page with the session's csrf token
    assert.ok(agent.csrf);
    return agent;
  }

  test('a social worker adds a note: 303 back to her page, and it is saved', async () => {
    const agent = await signedIn('worker2');
    const before = await noteCount();
    const r = await agent.postForm(`${herPage()}/notes`, {
      kind: 'plan', on: '2024-05-10', body: '表单写的计划\r\n第二行', goals: '学会面点', sensitive: '1',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.location, `${herPage()}#notes`);
    const items = await notesAs('supervisor');
    assert.equal(items.length, before + 1);
    const saved = items.find((n) => n.body === '表单写的计划\n第二行');
    assert.ok(saved);
    assert.equal(saved.kind, 'plan');
    assert.equal(saved.on, '2024-05-10');
    assert.equal(saved.goals, '学会面点');
    assert.equal(saved.sensitive, true);
    assert.equal(saved.author, 'worker2');
    // unticked checkbox: not sensitive
    const plain = await agent.postForm(`${herPage()}/notes`, { kind: 'note', body: '普通记录 FORM-PLAIN' });
    assert.equal(plain.status, 303);
    assert.equal((await notesAs('supervisor')).find((n) => n.body === '普通记录 FORM-PLAIN').sensitive, false);
  });

  test('without csrf: 403 and nothing saved; community staff: 403', async () => {
    const agent = await signedIn('worker');
    const before = await noteCount();
    let r = await agent.postForm(`${herPage()}/notes`, { kind: 'note', body: '没有令牌', csrf: null });
    assert.equal(r.status, 403);
    r = await agent.postForm(`${herPage()}/notes`, { kind: 'note', body: '错误令牌', csrf: 'x'.repeat(43) });
    assert.equal(r.status, 403);
    const community = await signedIn('community');
    r = await community.postForm(`${herPage()}/notes`, { kind: 'note', body: '社区' });
    assert.equal(r.status, 403);
    assert.equal(await noteCount(), before);
  });

  test('a refused note re-renders the section: the error beside its field, what was typed kept, the notes she may see', async () => {
    const agent = await signedIn('worker');
    const before = await noteCount();
    const r = await agent.postForm(`${herPage()}/notes`, { kind: 'plan', on: '2024-05-11', body: '忘了写目标 <b>粗</b>', goals: '' });
    assert.equal(r.status, 422);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    const err = /<span class="field-error" id="err-goals">([^<]*)<\/span>/.exec(r.text);
    assert.ok(err, 'an error beside the goals field');
    assert.match(err[1], /服务目标/);
    assert.match(r.text, /<textarea name="goals"[^>]*aria-invalid="true"/);
    assert.match(r.text, /<textarea name="body"[^>]*>忘了写目标 &lt;b&gt;粗&lt;\/b&gt;<\/textarea>/, 'what she typed is kept, escaped');
    assert.match(r.text, /<option value="plan" selected>/);
    assert.match(r.text, /name="on" value="2024-05-11"/);
    assert.match(r.text, /<details class="note-new" open>/);
    assert.match(r.text, new RegExp(`href="${herPage()}"`), 'a way back to her page');
    // the section shows the notes as the API does for this worker: the assigned worker's
    // sensitive plan only as existing
    assert.doesNotMatch(r.text, /SECRET-PLAN|三个月内找到工作|COMMENT-MARK/);
    assert.match(r.text, new RegExp(`<li class="note note-plan note-sensitive note-redacted" id="note-${herNotes.sensitiveByAssigned}">`));
    assert.match(r.text, /SECRET-FOLLOWUP/, 'her own sensitive note');
    const text = htmlText(r.text);
    assert.match(text, /这是一条敏感记录/);
    assert.match(text, /第一次见面 聊了孩子上学/);
    // no comment forms for a social worker, and no inline style or script
    assert.doesNotMatch(r.text, /\/comments"/);
    assert.doesNotMatch(r.text, /<script|style=/);
    assert.equal(await noteCount(), before);

    // an error no field shows beside itself goes in the banner above the form
    const odd = await agent.postForm(`${herPage()}/notes`, { kind: 'note', body: '敏感吗', sensitive: 'maybe' });
    assert.equal(odd.status, 422);
    assert.match(odd.text, /<p class="alert" role="alert">sensitive：/);
    assert.doesNotMatch(r.text, /<p class="alert"/, 'no banner when the field shows the error');

    const future = await agent.postForm(`${herPage()}/notes`, { kind: 'note', on: '2999-01-01', body: '未来' });
    assert.equal(future.status, 422);
    assert.match(future.text, /id="err-on"/);
    const en = newAgent(srv.base, { headers: { 'Accept-Language': 'en' } });
    await en.login('worker', 'taxiang-worker');
    await en.get('/');
    const enr = await en.postForm(`${herPage()}/notes`, { kind: 'note', body: '' });
    assert.equal(enr.status, 422);
    assert.match(enr.text, /id="err-body">body: required\.</);
  });

  test('her page shows the section by role: redacted for another worker, comment forms for supervisors, nothing for community staff', async () => {
    const worker = await signedIn('worker');
    let r = await worker.get(herPage());
    assert.equal(r.status, 200);
    assert.match(r.text, /<section class="card casework" id="notes">/);
    assert.match(r.text, new RegExp(`id="note-${herNotes.sensitiveByAssigned}"`));
    assert.doesNotMatch(r.text, /SECRET-PLAN|三个月内找到工作|COMMENT-MARK/);
    assert.match(r.text, /SECRET-FOLLOWUP/);
    assert.match(r.text, new RegExp(`<form method="post" class="stack" action="${herPage()}/notes">`));
    assert.doesNotMatch(r.text, /\/comments"/);

    const sup = await signedIn('supervisor');
    r = await sup.get(herPage());
    assert.equal(r.status, 200);
    assert.match(r.text, /SECRET-PLAN/);
    assert.match(r.text, new RegExp(`action="/projects/${P1}/notes/${herNotes.open}/comments"`));

    const community = await signedIn('community');
    r = await community.get(herPage());
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.text, /id="notes"|SECRET|第一次见面|\/notes"/);
  });

  test('a note for another project\'s participant: 404 page', async () => {
    const agent = await signedIn('supervisor');
    const r = await agent.postForm(`/projects/${P1}/participants/${otherPart}/notes`, { kind: 'note', body: 'x' });
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^text\/html/);
  });

  test('a supervisor comments through the form: 303 back to her page; the page shows comment forms', async () => {
    const agent = await signedIn('supervisor');
    const r = await agent.postForm(`/projects/${P1}/notes/${herNotes.open}/comments`, { body: '表单意见\r\n第二行' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.location, `${herPage()}#notes`);
    const open = (await notesAs('supervisor')).find((n) => n.id === herNotes.open);
    assert.deepEqual(open.comments.map((c) => c.body), ['表单意见\n第二行']);

    // an empty comment: 422, the section with the error under that note's comment form
    const bad = await agent.postForm(`/projects/${P1}/notes/${herNotes.open}/comments`, { body: '  ' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="err-body"/);
    assert.match(bad.text, /<details class="comment-new" open>/);
    assert.match(bad.text, new RegExp(`action="/projects/${P1}/notes/${herNotes.open}/comments"`));
    assert.match(bad.text, new RegExp(`action="/projects/${P1}/notes/${herNotes.sensitiveByAssigned}/comments"`));
    assert.match(bad.text, /SECRET-PLAN/, 'a supervisor reads every note');
    assert.match(htmlText(bad.text), /表单意见 第二行/);
  });

  test('comment forms: without csrf 403, by a social worker 403, on another project\'s note 404', async () => {
    const sup = await signedIn('supervisor');
    const count = async () => (await notesAs('supervisor')).find((n) => n.id === herNotes.open).comments.length;
    const before = await count();
    let r = await sup.postForm(`/projects/${P1}/notes/${herNotes.open}/comments`, { body: '没有令牌', csrf: null });
    assert.equal(r.status, 403);
    const worker = await signedIn('worker2');
    r = await worker.postForm(`/projects/${P1}/notes/${herNotes.open}/comments`, { body: '社工的意见' });
    assert.equal(r.status, 403);
    r = await sup.postForm(`/projects/${P1}/notes/${otherNote}/comments`, { body: '别的项目' });
    assert.equal(r.status, 404);
    assert.equal(await count(), before);
  });
});
