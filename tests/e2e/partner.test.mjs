// The partner portal in a real browser, on a 360×740 phone: set up through the API (a job of the
// demo enterprise, the partner's; two referrals to it — one woman who consented to sharing her
// contact details with employers, one who withdrew that consent), the partner logs in, sees both
// referrals, the consented one with her name and a phone link, the other without either, and
// records a hire with its wage. The page fits the screen. Screenshots go to
// tests/e2e/out/partner-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_NOW_MS, bin, outDir, startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};

describe('the partner portal on a phone', () => {
  let server;
  let browser;
  let job;
  let shared; // { id, name, phone, ref }
  let hidden;

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
    const ents = await call(token, 'GET', '/enterprises?limit=500');
    const ent = ents.items.find((e) => e.name === '榆林巧手服饰有限公司').id;
    job = (await call(token, 'POST', '/jobs', {
      enterprise_id: ent, title: '成衣质检员', kind: 'full_time', wage_fen: 380000, wage_unit: 'month',
      place: '榆林巧手服饰有限公司车间', hours: '每天 8 小时',
    })).id;
    const list = await call(token, 'GET', '/participants?stage=signed&limit=500');
    const [a, b] = list.items.filter((p) => p.phone).slice(-2);
    shared = { id: a.id, name: a.name, phone: a.phone };
    hidden = { id: b.id, name: b.name, phone: b.phone };
    await call(token, 'POST', `/participants/${shared.id}/consents`, { purpose: 'employer', granted: true, version: '2024-v1', method: 'paper' });
    await call(token, 'POST', `/participants/${hidden.id}/consents`, { purpose: 'employer', granted: false, version: '2024-v1', method: 'paper' });
    for (const w of [shared, hidden]) {
      w.ref = (await call(token, 'POST', '/referrals', { job_id: job, participant_id: w.id, override_reason: '企业急需质检员，先安排面试' })).id;
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the partner sees both referrals, a contact only with consent, and records a hire', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, 'partner', 'taxiang-partner');
    await page.getByRole('link', { name: '我的企业' }).first().click();
    await page.waitForURL('**/partner');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '榆林巧手服饰有限公司');

    const yes = page.locator(`#referral-${shared.ref}`);
    const no = page.locator(`#referral-${hidden.ref}`);
    assert.equal(await yes.locator('h3').textContent(), shared.name);
    assert.equal(await yes.locator('a.jp-phone').textContent(), shared.phone);
    assert.equal(await yes.locator('a.jp-phone').getAttribute('href'), `tel:${shared.phone}`);
    assert.ok((await yes.textContent()).includes('成衣质检员'));
    const noText = await no.textContent();
    assert.ok(noText.includes('该学员未同意向企业提供联系方式'), noText);
    assert.ok(!noText.includes(hidden.name), 'her name is hidden');
    assert.equal(await no.locator('a.jp-phone').count(), 0);
    assert.ok(!(await page.content()).includes(hidden.phone), 'her phone is nowhere on the page');
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= 360, `scrollWidth ${sw} > 360`);
    await page.screenshot({ path: join(outDir, 'partner-phone-top.png') });
    await screenshot(page, 'partner-referrals');

    // the hire, on the card of the woman whose contact is hidden: its form opens on a tap
    assert.equal(await no.getByLabel('结果').isVisible(), false, 'the form is folded');
    await no.getByText('记录结果', { exact: true }).tap();
    await no.getByLabel('结果').selectOption('hired');
    await no.getByLabel('录用工资（元）').fill('3850.5');
    const save = no.getByRole('button', { name: '保存结果' });
    const box = await save.boundingBox();
    assert.ok(box.height >= 44, `the button is ${box.height} px tall`);
    assert.ok(box.x >= 0 && box.x + box.width <= 360, 'the button is inside the screen');
    await Promise.all([page.waitForNavigation(), save.tap()]);
    assert.ok((await page.locator('.notice').textContent()).includes('结果已保存'));
    const after = await page.locator(`#referral-${hidden.ref}`).textContent();
    assert.ok(after.includes('已录用') && after.includes('3850.50 元'), after);
    assert.ok(!after.includes(hidden.name), 'still hidden after the hire');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    await screenshot(page, 'partner-hired');
    await page.locator(`#referral-${hidden.ref}`).screenshot({ path: join(outDir, 'partner-hired-card.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
