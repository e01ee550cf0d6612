// The pages on a 360 px wide phone: one column, no sideways scrolling, touch
// targets of at least 44 px.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};

describe('a 360 px phone', () => {
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

  const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

  test('member signs in on a 360×740 phone: no horizontal scroll, a 44 px login button', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);

    await page.goto('/login');
    assert.equal(await page.evaluate(() => window.innerWidth), 360, 'the viewport meta tag is honoured');
    assert.ok(await scrollWidth(page) <= 360, `login page scrollWidth ${await scrollWidth(page)} > 360`);
    const button = page.getByRole('button', { name: '登录', exact: true });
    const box = await button.boundingBox();
    assert.ok(box, 'the login button is visible');
    assert.ok(box.height >= 44, `the login button is ${box.height} px tall`);
    assert.ok(box.x >= 0 && box.x + box.width <= 360, 'the login button is inside the screen');
    for (const label of ['账号', '密码']) {
      const input = await page.getByLabel(label, { exact: true }).boundingBox();
      assert.ok(input.height >= 44, `${label} field is ${input.height} px tall`);
      assert.ok(input.x + input.width <= 360, `${label} field fits the screen`);
    }

    await submitLogin(page, 'member', 'taxiang-member');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '欢迎使用他乡');
    assert.deepEqual(await page.locator('nav.nav a').allTextContents(), ['首页', '我的培训', '我的问卷', '我的合作社', '我的账户'],
      'a member sees only her own entries');
    assert.equal(await page.locator('.who').textContent(), 'member · 社员');
    const sw = await scrollWidth(page);
    assert.ok(sw <= 360, `home page scrollWidth ${sw} > 360`);
    await screenshot(page, 'phone-home');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('admin, with the widest header (project switcher, eleven entries), fits 360 px too', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, 'admin', 'taxiang-admin');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '欢迎使用他乡');
    const sw = await scrollWidth(page);
    assert.ok(sw <= 360, `admin home page scrollWidth ${sw} > 360`);
    // The navigation may scroll sideways inside itself, but the page must not.
    assert.equal(await page.locator('nav.nav a').count(), 11);
    assert.deepEqual(errors, []);
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
