// Personal data at rest and in responses: ID numbers entered through the API, the staff form
// and the public sign-up page must never come back in the clear — not from any participant
// endpoint (one, list, export, transitions, assessments, and the pages that show her), not in
// the database file or its WAL (read while the server runs, and again after it stopped and
// checkpointed), not on the server's stderr. What is shown is the masked form
// 610802********1231, and the key that encrypts the numbers sits beside the database with
// mode 0600.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { api, newAgent, startServer } from './lib/server.mjs';

// Valid numbers (GB 11643 check digits); all but one end in 1231, the masked tail shown.
const VIA_API = [
  ['王丽', '610802199207041231'],
  ['李娜', '61080219900101123x'], // check digit written lowercase; stored and masked as X
  ['赵敏', '610802198505201235'],
];
const VIA_FORM = ['表单录入', '610802199001051231'];
const VIA_SIGNUP = ['自己报名', '610802199301011231'];

/** Every spelling of a number that must not appear: 18 characters (x and X), the first 17. */
function forms(id) {
  return [...new Set([id, id.toUpperCase(), id.toLowerCase(), id.slice(0, 17)])];
}
const ALL_IDS = [...VIA_API.map(([, id]) => id), VIA_FORM[1], VIA_SIGNUP[1]];
const SECRETS = ALL_IDS.flatMap(forms);

let srv;
let worker;
const seen = []; // [label, text] of every response read
const created = []; // participant ids with an ID number

function scan(label, text) {
  seen.push([label, text]);
  for (const s of SECRETS) assert.ok(!text.includes(s), `${label} contains the ID number ${s.slice(0, 6)}…`);
}

async function apiGet(path) {
  const r = await api(srv.base, `/api/v1/projects/1${path}`, { token: worker });
  assert.equal(r.status, 200, `${path}: ${r.status} ${r.text}`);
  scan(`GET ${path}`, r.text);
  return r.json;
}

async function apiPost(path, json, status) {
  const r = await api(srv.base, `/api/v1/projects/1${path}`, { method: 'POST', token: worker, json });
  assert.equal(r.status, status, `${path}: ${r.status} ${r.text}`);
  scan(`POST ${path}`, r.text);
  return r.json;
}

/** Searches a file's raw bytes for every spelling; a missing file (no WAL) holds nothing. */
async function fileHolds(path) {
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  return SECRETS.filter((s) => bytes.includes(Buffer.from(s, 'utf8')));
}

before(async () => {
  srv = await startServer();
  worker = await srv.tokenFor('worker');
});
after(async () => {
  await srv?.stop();
});

test('ID numbers entered through the API come back only masked', async () => {
  for (const [name, id] of VIA_API) {
    const p = await apiPost('/participants', { name, id_number: id, source: 'outreach' }, 201);
    assert.match(p.id_number_masked, /^610802\*{8}\d{3}[\dX]$/);
    created.push(p.id);
  }
  // a duplicate and a refusal do not echo the number either
  await apiPost('/participants', { name: '重复', id_number: VIA_API[0][1], source: 'self' }, 409);
  await apiPost('/participants', { name: '重复', id_number: VIA_API[1][1].toUpperCase(), source: 'self' }, 409);
  await apiPost('/participants', { name: '王丽', id_number: VIA_API[0][1], birth_date: '1992-07-05', source: 'self' }, 422);
  const first = await apiGet(`/participants/${created[0]}`);
  assert.equal(first.id_number_masked, '610802********1231');
  assert.equal((await apiGet(`/participants/${created[1]}`)).id_number_masked, '610802********123X');
});

test('ID numbers entered through the staff form and the public sign-up page', async (t) => {
  const staff = newAgent(srv.base);
  const login = await staff.login('worker', 'taxiang-worker');
  assert.equal(login.status, 303);
  const form = await staff.get('/projects/1/participants/new');
  if (form.status !== 200 || !form.text.includes('name="id_number"')) {
    t.diagnostic(`the staff form is not there yet (${form.status}); skipped`);
  } else {
    const r = await staff.postForm('/projects/1/participants', {
      name: VIA_FORM[0],
      source: 'outreach',
      id_number: VIA_FORM[1],
      phone: '13600000001',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    scan('POST form', r.text);
    const id = Number(/participants\/(\d+)/.exec(r.location)?.[1]);
    assert.ok(id > 0, r.location);
    created.push(id);
    const page = await staff.get(r.location);
    assert.equal(page.status, 200);
    scan('her page', page.text);
    assert.ok(page.text.includes('610802********1231'), 'her page shows the masked number');
  }
  const guest = newAgent(srv.base);
  const signup = await guest.get('/signup/1');
  if (signup.status !== 200 || !signup.text.includes('name="id_number"')) {
    t.diagnostic(`the sign-up page is not there yet (${signup.status}); skipped`);
  } else {
    const r = await guest.postForm('/signup/1', {
      name: VIA_SIGNUP[0],
      phone: '13600000002',
      id_number: VIA_SIGNUP[1],
      website: '',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    scan('POST signup', r.text);
    const thanks = await guest.get(r.location);
    scan('thank-you page', thanks.text);
    const list = await apiGet(`/participants?q=${encodeURIComponent(VIA_SIGNUP[0])}`);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].source, 'self');
    assert.equal(list.items[0].id_number_masked, '610802********1231');
    created.push(list.items[0].id);
  }
});

test('(a) no participant endpoint returns a plain ID number; (c) the masked form is returned', async () => {
  // give one of them a history: screening, a home visit, a final review, consent
  const supervisor = await srv.tokenFor('supervisor');
  const id = created[0];
  await apiPost(`/participants/${id}/transitions`, { to: 'registry_screened' }, 200);
  await apiPost(
    `/participants/${id}/assessments`,
    {
      kind: 'home_visit',
      answers: {
        children_at_school: true,
        husband_away: false,
        free_time: 3,
        learning_ability: 4,
        will_to_work: 5,
        ability_to_work: 3,
        family: '两个孩子',
        monthly_income_fen: 60000,
      },
    },
    201,
  );
  await apiPost(`/participants/${id}/transitions`, { to: 'home_visited' }, 200);
  await apiPost(`/participants/${id}/transitions`, { to: 'final_review' }, 200);
  const fr = await api(srv.base, `/api/v1/projects/1/participants/${id}/assessments`, {
    method: 'POST',
    token: supervisor,
    json: { kind: 'final_review', approved: true },
  });
  assert.equal(fr.status, 201, fr.text);
  scan('final review', fr.text);
  await apiPost(
    `/participants/${id}/transitions`,
    { to: 'signed', consent_version: 'v1', consent_method: 'paper', consent_purposes: ['service'] },
    200,
  );
  await apiPost(`/participants/${id}/consents`, { purpose: 'evaluator', granted: true }, 201);
  await apiPost(`/participants/${id}/incomes`, { month: '2024-05', amount_fen: 1, kind: 'followup' }, 201);

  const list = await apiGet('/participants?limit=500');
  const masked = list.items.filter((p) => created.includes(p.id)).map((p) => p.id_number_masked);
  assert.equal(masked.length, created.length);
  for (const m of masked) assert.match(m, /^610802\*{8}\d{3}[\dX]$/);
  for (const pid of created) {
    const one = await apiGet(`/participants/${pid}`);
    assert.ok(one.id_number_masked.startsWith('610802********'));
    assert.ok(!('id_number' in one));
    await apiGet(`/participants/${pid}/transitions`);
    await apiGet(`/participants/${pid}/assessments`);
    const ex = await apiGet(`/participants/${pid}/export`);
    assert.equal(ex.id_number_masked, one.id_number_masked);
  }
  assert.equal((await apiGet(`/participants/${id}`)).id_number_masked, '610802********1231');
  // searching by the number finds nothing and echoes nothing
  await apiGet(`/participants?q=${VIA_API[0][1]}`);
  // community staff, through the API
  const cs = await api(srv.base, `/api/v1/projects/1/participants/${id}`, { token: await srv.tokenFor('community') });
  assert.equal(cs.status, 200);
  scan('community view', cs.text);
  // the pages that show her, when they exist
  const staff = newAgent(srv.base);
  await staff.login('supervisor', 'taxiang-supervisor');
  for (const path of [
    '/projects/1/participants',
    `/projects/1/participants/${id}`,
    `/projects/1/participants/${id}/export.json`,
    '/projects/1/participants.csv',
  ]) {
    const r = await staff.get(path);
    if (r.status === 200) scan(`page ${path}`, r.text);
  }
  assert.ok(seen.length > 20);
});

test('(b) the database file, its WAL and stderr never hold a plain ID number; (d) the key file is 0600', async () => {
  const db = srv.db;
  assert.deepEqual(await fileHolds(db), [], 'taxiang.db while running');
  assert.deepEqual(await fileHolds(`${db}-wal`), [], 'taxiang.db-wal while running');
  // the masked form is in the file: the search would find a number that were there
  const bytes = Buffer.concat([await readFile(db), await readFile(`${db}-wal`).catch(() => Buffer.alloc(0))]);
  assert.ok(bytes.includes(Buffer.from('610802********1231')), 'the masked form is stored');
  const key = await stat(`${db}.key`);
  assert.equal(key.mode & 0o777, 0o600);
  assert.equal(key.size, 32);
  await srv.stop({ keepDir: true });
  try {
    assert.deepEqual(await fileHolds(db), [], 'taxiang.db after the checkpoint');
    assert.deepEqual(await fileHolds(`${db}-wal`), [], 'taxiang.db-wal after the checkpoint');
    const stderr = srv.stderr();
    for (const s of SECRETS) assert.ok(!stderr.includes(s), 'stderr holds an ID number');
    assert.equal((await stat(`${db}.key`)).mode & 0o777, 0o600);
  } finally {
    await srv.removeDir();
  }
});
