// The evaluator in a real browser: the auditor signs in on a laptop, opens the project's
// dashboard, clicks an indicator's percentage, sees the women (or records) of its denominator
// with the in/out marks (their count equals the n/N shown), goes back to the dashboard, and
// downloads the evaluation PDF from the reports page. The same dashboard and an indicator page
// on a 360 px phone fit without sideways scrolling. Screenshots go to tests/e2e/out/evaluation-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};
const LAPTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };

describe('the evaluator in a browser', () => {
  let server;
  let browser;
  const opened = [];

  async function signedIn(login, options) {
    const context = await browser.newContext({ ...options, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, login, `taxiang-${login}`);
    opened.push(context);
    return { context, page, errors };
  }

  async function noSidewaysScroll(page) {
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth,
      document.documentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `the page scrolls sideways: ${sw} > ${cw}`);
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of opened) await c.close();
    await browser?.close();
    await server?.stop();
  });

  test('the auditor follows a percentage to its women and downloads the evaluation PDF', async () => {
    const { page, errors } = await signedIn('auditor', LAPTOP);
    await page.goto('/projects/1/dashboard');
    assert.equal(await page.locator('h1').first().innerText().then((t) => t.includes('监测看板')), true);
    // the indicator table: ten rows, each with a value, n/N, a target bar and a sparkline
    const rows = page.locator('table.db-indicators tbody tr');
    assert.equal(await rows.count(), 10);
    assert.equal(await page.locator('table.db-indicators svg.target-bar').count(), 10);
    assert.ok(await page.locator('#funnel svg').count() >= 1, 'the funnel chart');
    assert.ok(await page.locator('#attendance svg, #attendance .muted').count() >= 1);
    assert.ok(await page.locator('#money svg, #money .muted').count() >= 1);
    await screenshot(page, 'evaluation-dashboard-laptop');

    // the satisfaction row: its percentage leads to its drill-down
    const row = page.locator('table.db-indicators tr[data-key="satisfaction"]');
    const count = (await row.locator('td.db-count').innerText()).trim();
    const [num, den] = count.split('/').map(Number);
    await Promise.all([page.waitForNavigation(), row.locator('td.db-value a').click()]);
    assert.match(page.url(), /\/projects\/1\/indicators\/satisfaction\?as_of=\d{4}-\d{2}-\d{2}#records$/);
    const recs = page.locator('table.db-records tbody tr');
    assert.equal(await recs.count(), den, 'one row per record of the denominator');
    assert.equal(await page.locator('table.db-records tbody tr.db-in').count(), num, '✓ for the numerator');
    assert.equal(Number(await page.locator('.db-in-count').innerText()), num);
    assert.equal(Number(await page.locator('.db-all-count').innerText()), den);
    // the evaluator opens no participant pages: names are text, never links
    assert.equal(await page.locator('table.db-records a[href*="/participants/"]').count(), 0);
    assert.ok(await page.locator('.chart svg').count() >= 1, 'the trend chart');
    await screenshot(page, 'evaluation-indicator-laptop');

    await Promise.all([page.waitForNavigation(), page.goBack()]);
    assert.match(page.url(), /\/projects\/1\/dashboard$/);

    // the reports page and its evaluation PDF (served inline: fetched with the page's cookies,
    // as the browser's download would be)
    await page.goto('/projects/1/reports');
    const link = page.locator('a[href*="evaluation.pdf"]').first();
    assert.equal(await link.count(), 1, 'the reports page links the evaluation PDF');
    const href = await link.getAttribute('href');
    const res = await page.request.get(new URL(href, page.url()).href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] || '', /application\/pdf/);
    const body = await res.body();
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(errors, []);
  });

  test('the dashboard and an indicator page fit a 360 px phone', async () => {
    const { page, errors } = await signedIn('supervisor', PHONE);
    await page.goto('/projects/1/dashboard');
    await noSidewaysScroll(page);
    await screenshot(page, 'evaluation-dashboard-phone');
    await page.goto('/projects/1/indicators/friends');
    await noSidewaysScroll(page);
    // a supervisor may open the women's pages: names link to them
    const named = page.locator('table.db-records a[href*="/participants/"]');
    assert.ok(await named.count() > 0);
    await screenshot(page, 'evaluation-indicator-phone');
    assert.deepEqual(errors, []);
  });
});
