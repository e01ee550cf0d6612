// Signing in and out: wrong passwords, the login form's CSRF token, the session cookie and its
// rotation, logout, redirects to the login page; and the interface language (Accept-Language,
// the tx_lang cookie, the account's preference, API error messages).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, startServer } from './lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv?.stop();
});

/** The Set-Cookie line for name in a response, or undefined. */
function setCookieLine(r, name) {
  return r.setCookies.find((l) => l.startsWith(`${name}=`));
}

describe('login', () => {
  test('GET /login is a form with login, password and a hidden csrf field', async () => {
    const a = newAgent(srv.base);
    const r = await a.get('/login');
    assert.equal(r.status, 200);
    assert.match(r.text, /<form method="post" action="\/login"/);
    assert.match(r.text, /name="login"/);
    assert.match(r.text, /name="password"/);
    assert.match(r.text, /type="hidden" name="csrf" value="[A-Za-z0-9_-]{43}"/);
    assert.ok(a.cookie('tx_pre'), 'a pre-login cookie is set for the csrf token');
    assert.match(setCookieLine(r, 'tx_pre'), /HttpOnly/);
  });

  test('a wrong password gets 401, the page says 账号或密码不正确, and no session', async () => {
    const a = newAgent(srv.base);
    const r = await a.login('supervisor', 'not-the-password');
    assert.equal(r.status, 401);
    assert.match(htmlText(r.text), /账号或密码不正确/);
    assert.equal(setCookieLine(r, 'tx_session'), undefined);
    assert.match(r.text, /name="login"[^>]*value="supervisor"/, 'the login is kept in the form');
    assert.doesNotMatch(r.text, /not-the-password/, 'the password is never echoed');
    // An unknown login gets the same answer (existence is not leaked).
    const u = await newAgent(srv.base).login('nobody-here', 'whatever-password');
    assert.equal(u.status, 401);
    assert.match(htmlText(u.text), /账号或密码不正确/);
  });

  test('POST /login without a csrf field gets 403 and no session cookie', async () => {
    const a = newAgent(srv.base);
    await a.get('/login');
    const r = await a.postForm('/login', { login: 'supervisor', password: 'taxiang-supervisor', csrf: null });
    assert.equal(r.status, 403);
    assert.equal(setCookieLine(r, 'tx_session'), undefined);
    assert.equal(a.cookie('tx_session'), undefined);
    assert.equal((await a.get('/')).status, 303, 'still signed out');
  });

  test('POST /login with a wrong csrf, or another browser\'s csrf, gets 403 and no session cookie', async () => {
    const a = newAgent(srv.base);
    await a.get('/login');
    const wrong = await a.postForm('/login', {
      login: 'supervisor',
      password: 'taxiang-supervisor',
      csrf: 'A'.repeat(43),
    });
    assert.equal(wrong.status, 403);
    assert.equal(setCookieLine(wrong, 'tx_session'), undefined);

    const other = newAgent(srv.base);
    await other.get('/login');
    const stolen = await a.postForm('/login', {
      login: 'supervisor',
      password: 'taxiang-supervisor',
      csrf: other.csrf,
    });
    assert.equal(stolen.status, 403);
    assert.equal(setCookieLine(stolen, 'tx_session'), undefined);

    // No pre-login cookie at all (a cross-site form post): refused too.
    const bare = newAgent(srv.base);
    const r = await bare.postForm('/login', { login: 'supervisor', password: 'taxiang-supervisor', csrf: a.csrf });
    assert.equal(r.status, 403);
    assert.equal(setCookieLine(r, 'tx_session'), undefined);
  });

  test('a form POST in another media type gets 415', async () => {
    const a = newAgent(srv.base);
    await a.get('/login');
    const r = await a.request('POST', '/login', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'supervisor', password: 'taxiang-supervisor', csrf: a.csrf }),
    });
    assert.equal(r.status, 415);
    assert.equal(setCookieLine(r, 'tx_session'), undefined);
  });

  test('success: 303 to /, an HttpOnly SameSite=Lax tx_session cookie, the home page opens', async () => {
    const a = newAgent(srv.base);
    const r = await a.login('supervisor', 'taxiang-supervisor');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const line = setCookieLine(r, 'tx_session');
    assert.ok(line, 'a tx_session cookie is set');
    assert.match(line, /^tx_session=[A-Za-z0-9_-]{43};/);
    assert.match(line, /;\s*HttpOnly/i);
    assert.match(line, /;\s*SameSite=Lax/i);
    assert.match(line, /;\s*Path=\//);
    assert.match(line, /;\s*Max-Age=\d+/);
    const home = await a.get('/');
    assert.equal(home.status, 200);
    assert.match(htmlText(home.text), /supervisor · 督导/);
    // Signed in, /login sends her home.
    const again = await a.get('/login');
    assert.equal(again.status, 303);
    assert.equal(again.location, '/');
  });

  test('after login she is sent to the local page she asked for, never to another site', async () => {
    const a = newAgent(srv.base);
    const r = await a.login('supervisor', 'taxiang-supervisor', { next: '/projects' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/projects');
    // The next parameter is reflected into the form escaped.
    const x = await newAgent(srv.base).get('/login?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.equal(x.status, 200);
    assert.doesNotMatch(x.text, /<script>alert/);
    assert.match(x.text, /name="next" value="\/&quot;&gt;&lt;script&gt;/);
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const b = newAgent(srv.base);
      const s = await b.login('supervisor', 'taxiang-supervisor', { next });
      assert.equal(s.status, 303);
      assert.equal(s.location, '/', `next=${next} must not be followed`);
    }
  });

  test('each login issues a new token; a second login from the same browser ends the first session', async () => {
    const a = newAgent(srv.base);
    assert.equal((await a.login('community', 'taxiang-community')).status, 303);
    const first = a.cookie('tx_session');
    assert.ok(first);
    // Another browser of the same person keeps its own, different session.
    const b = newAgent(srv.base);
    assert.equal((await b.login('community', 'taxiang-community')).status, 303);
    assert.notEqual(b.cookie('tx_session'), first);

    // Log in again from the first browser: GET /login redirects home, the form there carries
    // the session's csrf; POST /login rotates the token.
    const r = await a.login('community', 'taxiang-community');
    assert.equal(r.status, 303);
    const second = a.cookie('tx_session');
    assert.ok(second);
    assert.notEqual(second, first, 'the session token is rotated at login');
    assert.equal((await a.get('/')).status, 200, 'the new token works');

    const old = newAgent(srv.base);
    old.setCookie('tx_session', first);
    const stale = await old.get('/');
    assert.equal(stale.status, 303, 'the replaced token no longer works');
    assert.equal(stale.location, '/login?next=%2F');

    assert.equal((await b.get('/')).status, 200, 'the other browser is not affected');
  });

  test('logout (POST /logout with csrf) ends the session; the old cookie no longer works', async () => {
    const a = newAgent(srv.base);
    await a.login('leader', 'taxiang-leader');
    const token = a.cookie('tx_session');
    const home = await a.get('/');
    assert.equal(home.status, 200);

    // Without the csrf field the logout is refused and the session lives on.
    const refused = await a.postForm('/logout', { csrf: null });
    assert.equal(refused.status, 403);
    assert.equal((await a.get('/')).status, 200);

    const r = await a.postForm('/logout', {});
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login?ok=logged_out');
    assert.match(setCookieLine(r, 'tx_session'), /Max-Age=0/);
    const page = await a.get(r.location);
    assert.equal(page.status, 200);
    assert.match(htmlText(page.text), /您已安全退出/);

    const replay = newAgent(srv.base);
    replay.setCookie('tx_session', token);
    const after = await replay.get('/');
    assert.equal(after.status, 303);
    assert.equal(after.location, '/login?next=%2F');
  });

  test('GET / without a session redirects to /login?next=%2F; deeper pages keep their path', async () => {
    const a = newAgent(srv.base);
    const r = await a.get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login?next=%2F');
    const p = await a.get('/projects');
    assert.equal(p.status, 303);
    assert.equal(p.location, '/login?next=%2Fprojects');
    // A form POST without a session is refused, not redirected.
    const post = await a.postForm('/projects', { name: 'x', community: 'y', capacity: '5', csrf: 'A'.repeat(43) });
    assert.equal(post.status, 401);
    // A made-up cookie is no session either.
    const fake = newAgent(srv.base);
    fake.setCookie('tx_session', 'B'.repeat(43));
    assert.equal((await fake.get('/')).status, 303);
  });
});

describe('language', () => {
  test('Accept-Language: en-US gives the login page in English; the default is Chinese', async () => {
    const en = await newAgent(srv.base, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } }).get('/login');
    assert.equal(en.status, 200);
    assert.match(en.text, /<html lang="en">/);
    assert.match(htmlText(en.text), /Sign in/);
    const zh = await newAgent(srv.base).get('/login');
    assert.match(zh.text, /<html lang="zh-CN">/);
    assert.match(htmlText(zh.text), /登录/);
    assert.doesNotMatch(htmlText(zh.text), /Sign in/);
  });

  test('API error messages follow Accept-Language (zh-CN by default)', async () => {
    const zh = await api(srv.base, '/api/v1/projects');
    assert.equal(zh.status, 401);
    assert.equal(zh.json.error.code, 'unauthorized');
    assert.match(zh.json.error.message, /[\u4e00-\u9fff]/, 'a Chinese message by default');
    const en = await api(srv.base, '/api/v1/projects', { headers: { 'Accept-Language': 'en-US' } });
    assert.equal(en.status, 401);
    assert.equal(en.json.error.code, 'unauthorized');
    assert.doesNotMatch(en.json.error.message, /[\u4e00-\u9fff]/);
    assert.match(en.json.error.message, /sign in/i);

    const token = await srv.tokenFor('admin');
    const v = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token,
      json: { community: 'x', capacity: 5 },
      headers: { 'Accept-Language': 'en' },
    });
    assert.equal(v.status, 422);
    assert.equal(v.json.error.field, 'name');
    assert.match(v.json.error.message, /required/);
  });

  test('POST /lang as a visitor switches to English and is remembered in tx_lang', async () => {
    const a = newAgent(srv.base);
    await a.get('/login');
    const r = await a.postForm('/lang', { lang: 'en', next: '/login' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login');
    assert.equal(a.cookie('tx_lang'), 'en');
    const page = await a.get('/login');
    assert.match(page.text, /<html lang="en">/);
    assert.match(htmlText(page.text), /Sign in/);
    // The cookie outweighs the browser's header.
    const z = await a.get('/login', { headers: { 'Accept-Language': 'zh-CN' } });
    assert.match(htmlText(z.text), /Sign in/);
    // Back to Chinese.
    const back = await a.postForm('/lang', { lang: 'zh', next: '/login' });
    assert.equal(back.status, 303);
    assert.equal(a.cookie('tx_lang'), 'zh');
    assert.match(htmlText((await a.get('/login')).text), /登录/);
    // The language switch follows local addresses only.
    const evil = await a.postForm('/lang', { lang: 'zh', next: '//evil.example/' });
    assert.equal(evil.status, 303);
    assert.equal(evil.location, '/');
    await a.get('/login');
    // Without a csrf token the switch is refused and nothing changes.
    const refused = await a.postForm('/lang', { lang: 'en', csrf: null });
    assert.equal(refused.status, 403);
    assert.equal(a.cookie('tx_lang'), 'zh');
    // An unknown language is a validation error.
    await a.get('/login');
    const bad = await a.postForm('/lang', { lang: 'fr' });
    assert.equal(bad.status, 422);
  });

  test('POST /lang signed in is stored on the account: a fresh browser gets English after login', async () => {
    const a = newAgent(srv.base);
    assert.equal((await a.login('partner', 'taxiang-partner')).status, 303);
    await a.get('/');
    const r = await a.postForm('/lang', { lang: 'en', next: '/' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const home = await a.get('/');
    assert.match(home.text, /<html lang="en">/);

    const fresh = newAgent(srv.base); // no Accept-Language, no tx_lang cookie
    const login = await fresh.get('/login');
    assert.match(login.text, /<html lang="zh-CN">/, 'before login, the default language');
    assert.equal((await fresh.login('partner', 'taxiang-partner')).status, 303);
    assert.equal(fresh.cookie('tx_lang'), undefined);
    const page = await fresh.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="en">/, "the account's language is used");
    assert.match(htmlText(page.text), /Sign out|Log out/i);

    // The preference wins over the browser's header too.
    const zhBrowser = newAgent(srv.base, { headers: { 'Accept-Language': 'zh-CN' } });
    await zhBrowser.login('partner', 'taxiang-partner');
    assert.match((await zhBrowser.get('/')).text, /<html lang="en">/);
  });
});

describe('behind TLS (--secure-cookies)', () => {
  let tls;
  before(async () => {
    tls = await startServer({ args: ['--secure-cookies'] });
  });
  after(async () => {
    await tls?.stop();
  });

  test('the session, pre-login and language cookies carry Secure', async () => {
    const a = newAgent(tls.base);
    const page = await a.get('/login');
    assert.match(setCookieLine(page, 'tx_pre'), /;\s*Secure/);
    const r = await a.login('supervisor', 'taxiang-supervisor');
    assert.equal(r.status, 303);
    const line = setCookieLine(r, 'tx_session');
    assert.match(line, /;\s*Secure/);
    assert.match(line, /;\s*HttpOnly/);
    await a.get('/');
    const lang = await a.postForm('/lang', { lang: 'en', next: '/' });
    assert.match(setCookieLine(lang, 'tx_lang'), /;\s*Secure/);
  });
});
