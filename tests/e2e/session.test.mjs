// Signing in and out, the language switch and the navigation, in headless
// Chromium against the real server with the demo database.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, watchPage, screenshot, submitLogin, accounts,
} from './lib.mjs';

describe('signing in, the language switch and signing out (desktop, Chinese browser)', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh browser profile whose Accept-Language is Chinese. */
  async function newPage(opts) {
    const context = await browser.newContext({
      locale: 'zh-CN', viewport: { width: 1280, height: 800 }, baseURL: server.url,
    });
    const page = await context.newPage();
    const errors = watchPage(page, opts);
    return { context, page, errors };
  }

  async function signIn(page, login = 'admin') {
    await page.goto('/login');
    await submitLogin(page, login, accounts[login]);
    assert.equal(new URL(page.url()).pathname, '/', `after signing in as ${login}`);
  }

  async function navLabels(page) {
    return page.locator('nav.nav a').allTextContents();
  }

  test('the login page is in Chinese; admin signs in and lands on the home page', async () => {
    const { context, page, errors } = await newPage();
    const resp = await page.goto('/');
    assert.equal(resp.status(), 200);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login', 'a visitor without a session is sent to the login page');
    assert.equal(url.searchParams.get('next'), '/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '登录');
    assert.match(await page.title(), /^登录 · 他乡$/);
    await assert.doesNotReject(page.getByLabel('账号', { exact: true }).waitFor());
    await assert.doesNotReject(page.getByLabel('密码', { exact: true }).waitFor());
    await screenshot(page, 'login-zh');

    await submitLogin(page, 'admin', 'taxiang-admin');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '欢迎使用他乡');
    assert.deepEqual(await navLabels(page), ['首页', '项目', '招募漏斗', '监测评估', '问卷调查', '报告', '例会纪要', '项目管理', '用户', '审计日志', '我的账户']);
    assert.equal(await page.locator('nav.nav a[aria-current="page"]').textContent(), '首页');
    assert.equal(await page.locator('.who').textContent(), 'admin · 管理员');
    await page.getByRole('button', { name: '退出', exact: true }).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'tx_session');
    assert.ok(session, 'the browser holds a tx_session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a wrong password shows 账号或密码不正确 and nobody is signed in', async () => {
    const { context, page, errors } = await newPage({ expected: [401] });
    await page.goto('/login');
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/login')),
      submitLogin(page, 'admin', 'taxiang-wrong'),
    ]);
    assert.equal(resp.status(), 401);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.getByRole('alert').textContent(), '账号或密码不正确。');
    assert.equal(await page.getByLabel('账号', { exact: true }).inputValue(), 'admin',
      'the login is kept');
    assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '',
      'the password is not sent back');
    assert.equal((await context.cookies()).find((c) => c.name === 'tx_session'), undefined);
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'still not signed in');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the English button switches the page to English; 中文 switches it back', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'English', exact: true }).click(),
    ]);
    assert.equal(new URL(page.url()).pathname, '/', 'the switch returns to the same page');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Welcome to Taxiang');
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    assert.deepEqual(await navLabels(page), ['Home', 'Projects', 'Funnel', 'Evaluation', 'Surveys', 'Reports', 'Meeting minutes', 'Running the project', 'Users', 'Audit log', 'My account']);
    assert.equal(await page.locator('.who').textContent(), 'admin · Administrator');
    assert.equal(await page.getByRole('button', { name: 'English' }).count(), 0);
    await screenshot(page, 'home-en');

    await page.reload();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Welcome to Taxiang',
      'the choice is kept');

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '中文', exact: true }).click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '欢迎使用他乡');
    await page.getByRole('button', { name: '退出', exact: true }).waitFor();
    assert.deepEqual(await navLabels(page), ['首页', '项目', '招募漏斗', '监测评估', '问卷调查', '报告', '例会纪要', '项目管理', '用户', '审计日志', '我的账户']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the language switch works before signing in, on the login page', async () => {
    const { context, page, errors } = await newPage();
    await page.goto('/login');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'English', exact: true }).click(),
    ]);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in');
    await page.getByLabel('Password', { exact: true }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('退出 ends the session: back on the login page with 您已安全退出。', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page);
    const session = (await context.cookies()).find((c) => c.name === 'tx_session');
    assert.ok(session);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '退出', exact: true }).click(),
    ]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login');
    assert.equal(await page.getByRole('status').textContent(), '您已安全退出。');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '登录');
    assert.equal((await context.cookies()).find((c) => c.name === 'tx_session'), undefined,
      'the session cookie is removed');

    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', '/ redirects to the login page');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '登录');

    // The old session token is dead on the server too, not just forgotten by the browser.
    await context.addCookies([session]);
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'the old session cookie no longer works');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('every page in the admin navigation opens without console errors or CSP violations', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page);
    const labels = await navLabels(page);
    assert.equal(labels.length, 11);
    for (const label of labels) {
      const [resp] = await Promise.all([
        page.waitForNavigation(),
        page.locator('nav.nav').getByRole('link', { name: label, exact: true }).click(),
      ]);
      assert.equal(resp.status(), 200, `${label} (${page.url()})`);
      assert.equal(await page.locator('nav.nav a[aria-current="page"]').textContent(), label,
        `${label} is marked as the current page`);
      assert.equal(await page.getByRole('heading', { level: 1 }).count() >= 1, true,
        `${label} has a heading`);
      const styled = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(styled, 'rgb(250, 247, 244)', `${label}: the stylesheet is applied`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the Content-Security-Policy refuses an inline script, and the collector sees it', async () => {
    // Guards the guard: the "no CSP violations" checks above would be empty
    // promises if a violation never reached the collector.
    const { context, page, errors } = await newPage();
    await page.goto('/login');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
    });
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__inlineRan === true), false,
      'the inline script did not run');
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /Content Security Policy/);
    await context.close();
  });

  test('the server stops on SIGTERM with exit code 0 (no sanitizer report)', async () => {
    await browser.close();
    browser = null;
    const { code, signal } = await server.stop();
    assert.equal(signal, null, server.output());
    assert.equal(code, 0, server.output());
    assert.doesNotMatch(server.output(), /AddressSanitizer|runtime error|LeakSanitizer/);
  });
});
