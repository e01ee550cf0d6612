// The roll call in a real browser, on a 360×740 phone: a social worker logs in, opens a
// session's roll call page (the course — named apart from the demo's 家政服务 — three enrolled
// women and a session that began an hour ago are set up through the API first), taps two
// names — each a full-width target at least 44 px high — saves with the one button, and after
// the reload sees those two present, the third not, and the count 2 / 3; the page fits the
// screen. Screenshots go to tests/e2e/out/rollcall-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_NOW_MS, bin, startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};

/** Shanghai wall time offsetMs from now, as "YYYY-MM-DDTHH:MM+08:00". */
function shanghai(offsetMs = 0) {
  return `${new Date(TEST_NOW_MS + offsetMs + 8 * 3600e3).toISOString().slice(0, 16)}+08:00`;
}

const COURSE = '家政服务·点名测试'; // the demo has a 家政服务 of its own: names are unique in a project

describe('roll call on a phone', () => {
  let server;
  let browser;
  let sid;
  let women;

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
    women = list.items.slice(0, 3);
    assert.equal(women.length, 3, 'three signed women in the demo');
    const course = (await call(token, 'POST', '/courses', { name: COURSE, skill: '家政', pass_score: 60 })).id;
    for (const w of women) await call(token, 'POST', `/courses/${course}/enrollments`, { participant_id: w.id });
    sid = (await call(token, 'POST', `/courses/${course}/sessions`, { starts_at: shanghai(-60 * 60e3), kind: 'class' })).id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a worker taps two names, saves, and sees them present after the reload', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, 'worker', 'taxiang-worker');
    await page.goto(`/projects/1/sessions/${sid}`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), COURSE);

    const item = (name) => page.locator('label.roll-item', { hasText: name });
    for (const w of women) {
      const box = await item(w.name).boundingBox();
      assert.ok(box.height >= 44, `${w.name}'s target is ${box.height} px high`);
      assert.ok(box.width >= 280, `${w.name}'s target is ${box.width} px wide`);
      assert.equal(await item(w.name).locator('input').isChecked(), false);
    }
    const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(await scrollWidth() <= 360, `scrollWidth ${await scrollWidth()}`);

    // tap the names (the label), not the little box
    await item(women[0].name).locator('.roll-name').tap();
    await item(women[2].name).locator('.roll-name').tap();
    assert.equal(await item(women[0].name).locator('input').isChecked(), true);
    await screenshot(page, 'rollcall-ticked-phone');

    const save = page.getByRole('button', { name: '保存点名', exact: true });
    assert.equal(await save.count(), 1, 'one save button');
    await Promise.all([page.waitForNavigation(), save.tap()]);
    assert.equal(new URL(page.url()).pathname, `/projects/1/sessions/${sid}`);
    assert.equal(await page.locator('.notice').first().textContent(), '已保存。');
    assert.equal(await item(women[0].name).locator('input').isChecked(), true);
    assert.equal(await item(women[1].name).locator('input').isChecked(), false);
    assert.equal(await item(women[2].name).locator('input').isChecked(), true);
    assert.match(await page.locator('.session-facts .counts').textContent(), /^2 \/ 3$/);
    assert.ok(await scrollWidth() <= 360, `scrollWidth after saving ${await scrollWidth()}`);
    await screenshot(page, 'rollcall-saved-phone');

    // a reload shows the same (what was saved, not what the browser remembers)
    await page.reload();
    assert.equal(await item(women[2].name).locator('input').isChecked(), true);
    assert.equal(await item(women[1].name).locator('input').isChecked(), false);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
