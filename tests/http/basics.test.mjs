// The health check, and the security headers on every kind of response: a page, API JSON, a
// 404, a 303 redirect, a static file, an API error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, newAgent, startServer } from './lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv?.stop();
});

function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy is missing`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: the CSP allows inline code`);
  assert.doesNotMatch(csp, /unsafe-eval/, `${what}: the CSP allows eval`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors 'none' is missing`);
  assert.match(csp, /default-src 'self'/, `${what}: default-src 'self' is missing`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  const rp = res.headers.get('referrer-policy');
  assert.ok(
    ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(rp),
    `${what}: Referrer-Policy is ${rp}`,
  );
}

describe('health check', () => {
  test('GET /healthz answers 200 {"ok":true} without any authentication', async () => {
    const r = await api(srv.base, '/healthz');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
    assert.deepEqual(r.json, { ok: true });
  });

  test('HEAD /healthz is answered like GET, without a body', async () => {
    const res = await fetch(`${srv.base}/healthz`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });
});

describe('security headers on every kind of response', () => {
  test('an HTML page (GET /login)', async () => {
    const r = await newAgent(srv.base).get('/login');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assertSecurityHeaders(r, 'GET /login');
  });

  test('API JSON (GET /healthz and an authorised GET /api/v1/projects)', async () => {
    assertSecurityHeaders(await api(srv.base, '/healthz'), 'GET /healthz');
    const token = await srv.tokenFor('admin');
    const r = await api(srv.base, '/api/v1/projects', { token });
    assert.equal(r.status, 200);
    assertSecurityHeaders(r, 'GET /api/v1/projects');
  });

  test('an API error (401 without a token)', async () => {
    const r = await api(srv.base, '/api/v1/projects');
    assert.equal(r.status, 401);
    assertSecurityHeaders(r, '401 from /api/v1/projects');
  });

  test('a 404 page and a 404 under /api/ (JSON)', async () => {
    const page = await newAgent(srv.base).get('/no/such/page');
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assertSecurityHeaders(page, '404 page');

    const j = await api(srv.base, '/api/v1/no-such-thing');
    assert.equal(j.status, 404);
    assert.equal(j.json?.error?.code, 'not_found');
    assertSecurityHeaders(j, '404 JSON');
  });

  test('a 303 redirect (GET / without a session)', async () => {
    const r = await newAgent(srv.base).get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login?next=%2F');
    assertSecurityHeaders(r, '303 from /');
  });

  test('a static file (GET /static/taxiang.css), cacheable, and its 304', async () => {
    const r = await newAgent(srv.base).get('/static/taxiang.css');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/css/);
    assert.ok(r.text.length > 100, 'the stylesheet has content');
    assertSecurityHeaders(r, 'static file');
    const etag = r.headers.get('etag');
    assert.ok(etag, 'static files carry an ETag');
    const again = await newAgent(srv.base).get('/static/taxiang.css', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assertSecurityHeaders(again, '304 static file');

    const missing = await newAgent(srv.base).get('/static/nope.css');
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing, 'missing static file');
  });

  test('pages are not cached; a wrong method gets 405 with Allow', async () => {
    const r = await newAgent(srv.base).get('/login');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const m = await fetch(`${srv.base}/login`, { method: 'DELETE' });
    await m.arrayBuffer();
    assert.equal(m.status, 405);
    assert.deepEqual(
      m.headers.get('allow').split(/,\s*/).sort(),
      ['GET', 'HEAD', 'POST'],
      '405 names the methods /login answers to',
    );
    assertSecurityHeaders(m, '405');
    const h = await api(srv.base, '/healthz', { method: 'POST', body: '', headers: { 'Content-Type': 'application/json' } });
    assert.equal(h.status, 405);
    assert.deepEqual(h.headers.get('allow').split(/,\s*/).sort(), ['GET', 'HEAD']);
  });

  test('the pages carry no inline script or style the CSP would block', async () => {
    const a = newAgent(srv.base);
    await a.login('admin', 'taxiang-admin');
    for (const p of ['/login', '/', '/projects', '/users', '/audit', '/account']) {
      const r = await a.get(p);
      if (p === '/login') {
        assert.equal(r.status, 303, 'a signed-in user is sent from /login to /');
        continue;
      }
      assert.equal(r.status, 200, p);
      assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${p} has an inline <script>`);
      assert.doesNotMatch(r.text, /\son[a-z]+\s*=/i, `${p} has an inline event handler`);
      assert.doesNotMatch(r.text, /<style/i, `${p} has an inline <style>`);
      assert.doesNotMatch(r.text, /\sstyle\s*=/i, `${p} has a style attribute`);
    }
  });
});
