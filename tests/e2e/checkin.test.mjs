// QR sign-in in a real browser: on a 360×740 phone the member opens the check-in address (as
// her camera would), follows the login link, comes back, taps 签到 and sees success; the page
// fits the screen and the button is big. On a wide screen the social worker's session page shows
// the QR code large (its width fills the card up to 480 px) and square. Screenshots go to
// tests/e2e/out/checkin-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_NOW_MS, bin, outDir, startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};

/** Shanghai wall time offsetMs from now, as "YYYY-MM-DDTHH:MM+08:00". */
function shanghai(offsetMs = 0) {
  return `${new Date(TEST_NOW_MS + offsetMs + 8 * 3600e3).toISOString().slice(0, 16)}+08:00`;
}

describe('QR sign-in in a browser', () => {
  let server;
  let browser;
  let course;
  let sid;
  let code;

  async function call(token, method, p, json) {
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
    server = await startServer({ env: { TAXIANG_NOW: String(TEST_NOW_MS / 1000) } });
    browser = await launchBrowser();
    const token = execFileSync(bin, ['token', 'create', '--db', join(server.dir, 'taxiang.db'), '--login', 'worker'],
      { encoding: 'utf8' }).trim();
    const list = await call(token, 'GET', '/participants?stage=signed&limit=500');
    const me = list.items.find((p) => p.name === '李秀英').id;
    course = (await call(token, 'POST', '/courses', { name: '中式面点入门', skill: '面点', pass_score: 60 })).id;
    await call(token, 'POST', `/courses/${course}/enrollments`, { participant_id: me });
    sid = (await call(token, 'POST', `/courses/${course}/sessions`, { starts_at: shanghai(-5 * 60e3), kind: 'class' })).id;
    code = await call(token, 'POST', `/sessions/${sid}/checkin-code`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the member scans, logs in, taps 签到 and sees success on a 360 px phone', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto(code.url);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '中式面点入门');
    await screenshot(page, 'checkin-phone-visitor');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: '学员登录后签到' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/login');
    await submitLogin(page, 'member', 'taxiang-member');
    assert.equal(new URL(page.url()).pathname, `/checkin/${code.token}`, 'back on the check-in page');

    const button = page.getByRole('button', { name: '签到', exact: true });
    const box = await button.boundingBox();
    assert.ok(box.height >= 56, `the button is ${box.height} px tall`);
    assert.ok(box.width >= 280, `the button is ${box.width} px wide`);
    assert.ok(box.x >= 0 && box.x + box.width <= 360, 'the button is inside the screen');
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= 360, `scrollWidth ${sw} > 360`);
    await screenshot(page, 'checkin-phone-member');

    await Promise.all([page.waitForNavigation(), button.tap()]);
    assert.equal(await page.locator('h2.checkin-outcome').textContent(), '签到成功');
    assert.ok((await page.locator('.notice').textContent()).includes('出勤已经记录'));
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    await screenshot(page, 'checkin-phone-done');

    // her training page lists the course (beside the demo's courses of hers), attended once
    await page.goto('/me/training');
    const mine = page.locator(`#course-${course}`);
    assert.equal(await mine.locator('h3').textContent(), '中式面点入门');
    assert.match(await mine.locator('.my-rate').textContent(), /^100% \(1 \/ 1\)$/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    await screenshot(page, 'checkin-phone-training');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the session page shows a big, square QR code on a projector-sized screen', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, 'worker', 'taxiang-worker');
    await page.goto(`/projects/1/sessions/${sid}#qr`);
    const qr = await page.locator('#qr svg.qr').boundingBox();
    assert.ok(qr, 'the QR code is shown');
    assert.ok(qr.width >= 400 && qr.width <= 481, `QR ${qr.width} px wide`);
    assert.ok(Math.abs(qr.width - qr.height) < 1, `square: ${qr.width}×${qr.height}`);
    assert.equal(await page.locator('#qr .qr-url a').textContent(), code.url);
    await screenshot(page, 'checkin-session-wide');
    await page.locator('#qr').screenshot({ path: join(outDir, 'checkin-qr-card.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('on a phone the QR code fills the card width', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/login');
    await submitLogin(page, 'worker', 'taxiang-worker');
    await page.goto(`/projects/1/sessions/${sid}`);
    const card = await page.locator('#qr').boundingBox();
    const qr = await page.locator('#qr svg.qr').boundingBox();
    assert.ok(qr.width >= card.width - 40, `QR ${qr.width} px in a card of ${card.width}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    await screenshot(page, 'checkin-session-phone');
    await context.close();
  });
});
