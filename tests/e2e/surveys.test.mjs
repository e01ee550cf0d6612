// Surveys in a real browser: a social worker makes a phone link for a signed woman on the
// template's page (the QR code and the address appear); the woman opens the address on a
// 360×640 phone without an account, sees big radio buttons (≥ 44 px tall, inside the screen),
// answers, submits and sees the thank-you; opening the link again says it was answered; the
// response is then listed on the worker's page and through the API (entered_by "link").
// Screenshots go to tests/e2e/out/surveys-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bin, startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};

describe('answering a survey on a phone', () => {
  let server;
  let browser;
  let token;
  let woman;
  let linkPath;

  async function call(method, p, json) {
    const r = await fetch(`${server.url}/api/v1/projects/1${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    const body = await r.json();
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    token = execFileSync(bin, ['token', 'create', '--db', join(server.dir, 'taxiang.db'), '--login', 'worker'],
      { encoding: 'utf8' }).trim();
    const list = await call('GET', '/participants?stage=signed&limit=500');
    woman = list.items[list.items.length - 1];
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the worker makes a phone link and sees its QR code', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, baseURL: server.url, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, 'worker', 'taxiang-worker');
    await page.goto('/projects/1/surveys/loneliness');
    await page.locator('form.sv-link select[name="wave"]').selectOption('midline');
    await page.locator('form.sv-link select[name="participant_id"]').selectOption(String(woman.id));
    await Promise.all([page.waitForNavigation(), page.locator('form.sv-link button[type="submit"]').click()]);
    assert.ok(await page.locator('#link .qr-code svg').count() === 1, 'a QR code');
    linkPath = await page.locator('#link-url').getAttribute('href');
    assert.match(linkPath, /^\/s\/[a-z2-7]{26}$/);
    await screenshot(page, 'surveys-worker-link');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('she answers on a 360×640 phone and sees the thank-you', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page, { expected: [410] });
    await page.goto(linkPath);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '孤独感量表');
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= 360, `scrollWidth ${sw} > 360`);
    const first = page.locator('#item-l1 label').first();
    const box = await first.boundingBox();
    assert.ok(box.height >= 44, `a radio button is ${box.height} px tall`);
    assert.ok(box.x >= 0 && box.x + box.width <= 360, 'inside the screen');
    await screenshot(page, 'surveys-phone-form');
    for (const [item, v] of [['l1', '1'], ['l2', '2'], ['l3', '3']])
      await page.locator(`#item-${item} label`).filter({ hasText: v }).first().tap();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交' }).tap()]);
    assert.equal(await page.locator('h1').textContent(), '谢谢您！');
    await screenshot(page, 'surveys-phone-thanks');
    await page.goto(linkPath);
    assert.ok((await page.locator('#outcome').textContent()).includes('已经填写过'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the response is listed', async () => {
    const r = await call('GET', `/surveys/loneliness/responses?participant_id=${woman.id}&wave=midline&limit=500`);
    const mine = r.items.filter((x) => x.entered_by === 'link');
    assert.ok(mine.length >= 1);
    assert.deepEqual(mine[mine.length - 1].answers, { l1: 1, l2: 2, l3: 3 });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, baseURL: server.url, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/login');
    await submitLogin(page, 'worker', 'taxiang-worker');
    await page.goto('/projects/1/surveys/loneliness');
    const row = page.locator('#responses tbody tr').first();
    assert.ok((await row.textContent()).includes('手机链接'));
    await screenshot(page, 'surveys-worker-page');
    await context.close();
  });
});
