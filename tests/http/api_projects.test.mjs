// The JSON API /api/v1/projects: authentication, listing and paging, creation and every way a
// creation can be refused (each refusal leaves the project count unchanged), and the
// visibility of another project's record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, startServer } from './lib/server.mjs';

let srv;
let admin;
let worker;
let auditor;
before(async () => {
  srv = await startServer();
  [admin, worker, auditor] = await Promise.all(['admin', 'worker', 'auditor'].map((l) => srv.tokenFor(l)));
});
after(async () => {
  await srv?.stop();
});

/** Every project the administrator sees (ids ascending). */
async function allProjects() {
  const r = await api(srv.base, '/api/v1/projects?limit=500', { token: admin });
  assert.equal(r.status, 200);
  return r.json.items;
}

/** A write that must be refused with status/code (and field), leaving the projects as they were. */
async function refusedCreate({ token = admin, status, code, field, ...req }) {
  const before = await allProjects();
  const r = await api(srv.base, '/api/v1/projects', { method: 'POST', token, ...req });
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
  assert.equal(r.json.error.code, code);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
  if (field !== undefined) assert.equal(r.json.error.field, field);
  assert.deepEqual(await allProjects(), before, 'the refused write changed the projects');
  return r;
}

const good = { name: '他乡的妳 · 二期', community: '东关社区', capacity: 40 };

describe('authentication', () => {
  test('no token, a malformed token, an unknown token: 401 unauthorized', async () => {
    for (const headers of [
      {},
      { Authorization: 'Bearer nonsense' },
      { Authorization: `Bearer txk_${'A'.repeat(43)}` },
      { Authorization: `Basic ${Buffer.from('admin:taxiang-admin').toString('base64')}` },
      { Authorization: admin }, // without the scheme
    ]) {
      const r = await api(srv.base, '/api/v1/projects', { headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.equal(r.json.error.code, 'unauthorized');
      assert.equal(typeof r.json.error.message, 'string');
    }
  });

  test('the API does not accept the session cookie (tokens only)', async () => {
    const r = await api(srv.base, '/api/v1/projects', { headers: { Cookie: `tx_session=${'C'.repeat(43)}` } });
    assert.equal(r.status, 401);
  });

  test('a write without a token is 401, and creates nothing', async () => {
    await refusedCreate({ token: null, json: { ...good, name: 'no token' }, status: 401, code: 'unauthorized' });
  });
});

describe('listing', () => {
  test('GET /api/v1/projects lists the demo project with items and next', async () => {
    const r = await api(srv.base, '/api/v1/projects', { token: worker });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
    assert.ok(Array.isArray(r.json.items));
    assert.ok('next' in r.json);
    assert.equal(r.json.next, null);
    assert.equal(r.json.items.length, 1);
    const [p] = r.json.items;
    assert.equal(p.id, 1);
    assert.equal(p.name, '他乡的妳');
    assert.equal(p.community, '西闫社区');
    assert.equal(p.capacity, 50);
    assert.match(p.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
  });
});

describe('creating projects', () => {
  test('POST by an administrator → 201 with id, name, community, capacity; then listed', async () => {
    const before = await allProjects();
    const r = await api(srv.base, '/api/v1/projects', { method: 'POST', token: admin, json: good });
    assert.equal(r.status, 201, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
    assert.equal(typeof r.json.id, 'number');
    assert.ok(Number.isInteger(r.json.id));
    assert.ok(!before.some((p) => p.id === r.json.id));
    assert.equal(r.json.name, good.name);
    assert.equal(r.json.community, good.community);
    assert.equal(r.json.capacity, good.capacity);
    assert.match(r.json.created_at, /^\d{4}-\d{2}-\d{2}T/);

    const after = await allProjects();
    assert.equal(after.length, before.length + 1);
    assert.deepEqual(
      after.find((p) => p.id === r.json.id),
      r.json,
    );
    const one = await api(srv.base, `/api/v1/projects/${r.json.id}`, { token: admin });
    assert.equal(one.status, 200);
    assert.deepEqual(one.json, r.json);

    // Written to the audit log, by admin.
    const audit = await api(srv.base, `/api/v1/audit?entity=project&limit=1`, { token: auditor });
    assert.equal(audit.status, 200);
    assert.equal(audit.json.items[0].entity_id, r.json.id);
    assert.equal(audit.json.items[0].action, 'create');
    assert.equal(audit.json.items[0].actor, 'admin');
  });

  test('surrounding spaces are trimmed; the charset parameter is accepted', async () => {
    const r = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ name: '  三期  ', community: '南关社区', capacity: 1 }),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, '三期');
    assert.equal(r.json.capacity, 1);
  });

  test('POST by a social worker (worker) → 403 forbidden; by the auditor → 403', async () => {
    await refusedCreate({ token: worker, json: { ...good, name: 'by worker' }, status: 403, code: 'forbidden' });
    await refusedCreate({ token: auditor, json: { ...good, name: 'by auditor' }, status: 403, code: 'forbidden' });
  });

  test('malformed JSON → 400 bad_request', async () => {
    await refusedCreate({
      body: '{"name": "x", "community": ',
      headers: { 'Content-Type': 'application/json' },
      status: 400,
      code: 'bad_request',
    });
    await refusedCreate({ body: '', headers: { 'Content-Type': 'application/json' }, status: 400, code: 'bad_request' });
  });

  test('a JSON array, string or number body → 400 bad_request', async () => {
    for (const body of [JSON.stringify([good]), '"project"', '42', 'null']) {
      await refusedCreate({ body, headers: { 'Content-Type': 'application/json' }, status: 400, code: 'bad_request' });
    }
  });

  test('duplicate keys in the JSON object → 400', async () => {
    await refusedCreate({
      body: '{"name":"a","name":"b","community":"c","capacity":5}',
      headers: { 'Content-Type': 'application/json' },
      status: 400,
      code: 'bad_request',
    });
  });

  test('text/plain, form-encoded or no content type → 415 unsupported_media_type', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      await refusedCreate({
        body: JSON.stringify({ ...good, name: `as ${ct}` }),
        headers: { 'Content-Type': ct },
        status: 415,
        code: 'unsupported_media_type',
      });
    }
    await refusedCreate({
      body: new Blob([JSON.stringify({ ...good, name: 'untyped' })]), // a Blob without a type: no Content-Type
      status: 415,
      code: 'unsupported_media_type',
    });
  });

  test('a body over 1 MiB → 413 too_large (with Content-Length, and chunked)', async () => {
    const big = JSON.stringify({ ...good, name: 'x'.repeat(1024 * 1024) });
    assert.ok(big.length > 1024 * 1024);
    await refusedCreate({ body: big, headers: { 'Content-Type': 'application/json' }, status: 413, code: 'too_large' });

    const before = await allProjects();
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const res = await fetch(`${srv.base}/api/v1/projects`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    const body = await res.json();
    assert.equal(res.status, 413);
    assert.equal(body.error.code, 'too_large');
    assert.deepEqual(await allProjects(), before);
  });

  test('a body of exactly 1 MiB is still read (the limit is "over 1 MiB")', async () => {
    const json = JSON.stringify({ ...good, name: '恰好一兆' });
    const body = json.slice(0, -1) + ' '.repeat(1024 * 1024 - Buffer.byteLength(json)) + '}';
    assert.equal(Buffer.byteLength(body), 1024 * 1024);
    const r = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: admin,
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, '恰好一兆');
  });

  test('missing name → 422 validation with field "name"', async () => {
    await refusedCreate({ json: { community: 'x', capacity: 5 }, status: 422, code: 'validation', field: 'name' });
    await refusedCreate({ json: { name: '   ', community: 'x', capacity: 5 }, status: 422, code: 'validation', field: 'name' });
    await refusedCreate({ json: { name: null, community: 'x', capacity: 5 }, status: 422, code: 'validation', field: 'name' });
  });

  test('missing community or capacity → 422 with that field', async () => {
    await refusedCreate({ json: { name: 'n', capacity: 5 }, status: 422, code: 'validation', field: 'community' });
    await refusedCreate({ json: { name: 'n', community: 'c' }, status: 422, code: 'validation', field: 'capacity' });
  });

  test('an unknown field → 422 naming that field', async () => {
    const r = await refusedCreate({ json: { ...good, colour: 'red' }, status: 422, code: 'validation', field: 'colour' });
    assert.match(r.json.error.message, /colour/);
  });

  test('capacity as a string, a fraction or a boolean → 422 field capacity', async () => {
    for (const capacity of ['40', 4.5, true]) {
      await refusedCreate({ json: { ...good, capacity }, status: 422, code: 'validation', field: 'capacity' });
    }
  });

  test('capacity 0, negative or too large → 422 field capacity', async () => {
    for (const capacity of [0, -1, 100001]) {
      await refusedCreate({ json: { ...good, capacity }, status: 422, code: 'validation', field: 'capacity' });
    }
  });

  test('a name over 100 characters, or with control characters → 422 field name', async () => {
    await refusedCreate({ json: { ...good, name: '项'.repeat(101) }, status: 422, code: 'validation', field: 'name' });
    await refusedCreate({ json: { ...good, name: 'a\u0007b' }, status: 422, code: 'validation', field: 'name' });
    // An embedded NUL is refused too: by the JSON parser (400) or the validator (422).
    const before = await allProjects();
    const r = await api(srv.base, '/api/v1/projects', { method: 'POST', token: admin, json: { ...good, name: 'a\u0000b' } });
    assert.ok([400, 422].includes(r.status), `NUL in a name: ${r.status} ${r.text}`);
    assert.deepEqual(await allProjects(), before);
  });
});

describe('visibility and paging', () => {
  let second;
  before(async () => {
    const r = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: admin,
      json: { name: '另一个项目', community: '北关社区', capacity: 20 },
    });
    assert.equal(r.status, 201);
    second = r.json.id;
  });

  test("a project the caller may not see → 404 not_found (worker is bound to project 1)", async () => {
    const r = await api(srv.base, `/api/v1/projects/${second}`, { token: worker });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'not_found');
    const own = await api(srv.base, '/api/v1/projects/1', { token: worker });
    assert.equal(own.status, 200);
    assert.equal(own.json.id, 1);
    // The list shows her own project only.
    const list = await api(srv.base, '/api/v1/projects', { token: worker });
    assert.deepEqual(
      list.json.items.map((p) => p.id),
      [1],
    );
    // The administrator and the auditor see it.
    assert.equal((await api(srv.base, `/api/v1/projects/${second}`, { token: admin })).status, 200);
    assert.equal((await api(srv.base, `/api/v1/projects/${second}`, { token: auditor })).status, 200);
  });

  test('a nonexistent id → 404 not_found, for the administrator too; same answer as a hidden one', async () => {
    const missing = await api(srv.base, '/api/v1/projects/999999', { token: admin });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');
    const hidden = await api(srv.base, `/api/v1/projects/${second}`, { token: worker });
    const missingForWorker = await api(srv.base, '/api/v1/projects/999999', { token: worker });
    assert.deepEqual(hidden.json, missingForWorker.json, 'existence is not leaked');
    for (const p of ['/api/v1/projects/abc', '/api/v1/projects/0', '/api/v1/projects/-1']) {
      const r = await api(srv.base, p, { token: admin });
      assert.equal(r.status, 404, p);
      assert.equal(r.json.error.code, 'not_found');
    }
  });

  test('?limit=1&after= pages through every project exactly once', async () => {
    const all = await allProjects();
    assert.ok(all.length >= 3, 'several projects exist by now');
    const seen = [];
    let after = '';
    for (let guard = 0; guard < 50; guard++) {
      const r = await api(srv.base, `/api/v1/projects?limit=1${after ? `&after=${after}` : ''}`, { token: admin });
      assert.equal(r.status, 200);
      assert.ok(r.json.items.length <= 1);
      seen.push(...r.json.items.map((p) => p.id));
      if (r.json.next === null) break;
      assert.equal(typeof r.json.next, 'string');
      after = encodeURIComponent(r.json.next);
    }
    assert.deepEqual(
      seen,
      all.map((p) => p.id),
    );
    const first = await api(srv.base, '/api/v1/projects?limit=1', { token: admin });
    assert.equal(first.json.items.length, 1);
    assert.notEqual(first.json.next, null, 'a full page has a next cursor');
    const rest = await api(srv.base, `/api/v1/projects?limit=500&after=${encodeURIComponent(first.json.next)}`, {
      token: admin,
    });
    assert.equal(rest.json.items.length, all.length - 1);
    assert.equal(rest.json.next, null, 'the last page says there is no more');
  });

  test('without ?limit a page holds 50 items; ?limit=500 is the maximum', async () => {
    const have = (await allProjects()).length;
    for (let i = have; i <= 50; i++) {
      const r = await api(srv.base, '/api/v1/projects', {
        method: 'POST',
        token: admin,
        json: { name: `批量项目 ${i}`, community: '批量社区', capacity: 10 },
      });
      assert.equal(r.status, 201);
    }
    const total = (await allProjects()).length;
    assert.ok(total > 50);
    const page = await api(srv.base, '/api/v1/projects', { token: admin });
    assert.equal(page.json.items.length, 50);
    assert.equal(page.json.next, String(page.json.items[49].id));
    const rest = await api(srv.base, `/api/v1/projects?after=${page.json.next}`, { token: admin });
    assert.equal(rest.json.items.length, total - 50);
    assert.equal(rest.json.next, null);
  });

  test('a bad limit → 422 with field limit', async () => {
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'after=x']) {
      const r = await api(srv.base, `/api/v1/projects?${q}`, { token: admin });
      assert.equal(r.status, 422, q);
      assert.equal(r.json.error.code, 'validation');
      assert.equal(r.json.error.field, q.split('=')[0]);
    }
  });
});
