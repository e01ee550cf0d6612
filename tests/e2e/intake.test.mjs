// The intake pipeline in a real browser: a social worker takes a woman from sign-up to a
// signed agreement (new candidate → registry screened → home-visit form on a phone → final
// review by a supervisor in another browser → signed with consent), and a woman signs herself
// up on a 360 px phone: no sideways scrolling, touch targets of at least 44 px, a clear thank-you.
// Screenshots go to tests/e2e/out/intake-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

describe('intake in the browser', () => {
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
  const stage = (page) => page.locator('.person-head .stage').textContent();

  async function signedIn(login, options = DESKTOP, expected = []) {
    const context = await browser.newContext({ ...options, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page, { expected });
    await page.goto('/login');
    await submitLogin(page, login, `taxiang-${login}`);
    return { context, page, errors };
  }

  async function click(page, locator) {
    await Promise.all([page.waitForNavigation(), locator.click()]);
  }

  test('a social worker takes a woman from sign-up to signed; a supervisor approves her', async () => {
    const { context, page, errors } = await signedIn('worker', DESKTOP, [409]);

    // the list, from the navigation
    await click(page, page.locator('nav.nav').getByRole('link', { name: '招募甄别', exact: true }));
    assert.equal(new URL(page.url()).pathname, '/projects/1/participants');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '报名人员');

    // a new candidate
    await click(page, page.getByRole('link', { name: '登记新报名人员', exact: true }));
    await page.getByLabel('姓名', { exact: true }).fill('马春燕');
    await page.locator('select[name="source"]').selectOption('outreach');
    await page.getByLabel('手机号', { exact: true }).fill('177 0000 8888');
    await page.getByLabel('身份证号', { exact: true }).fill('61080219900101123x');
    await page.getByLabel('如何得知本项目', { exact: true }).fill('社工入户走访');
    await click(page, page.getByRole('button', { name: '创建', exact: true }));
    assert.match(new URL(page.url()).pathname, /^\/projects\/1\/participants\/\d+$/);
    const herPage = new URL(page.url()).pathname;
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '马春燕');
    assert.equal(await page.locator('.notice').textContent(), '已登记。');
    assert.equal(await stage(page), '已报名');
    const body = await page.locator('main').textContent();
    assert.match(body, /610802\*{8}123X/, 'the ID number is masked');
    assert.ok(!body.includes('61080219900101123X'));
    assert.match(body, /17700008888/, 'the phone, normalised');
    await screenshot(page, 'intake-new');

    // registry screened
    await click(page, page.getByRole('button', { name: '户籍核查通过', exact: true }));
    assert.equal(await stage(page), '已核查户籍');

    // the home visit, on a phone
    await page.setViewportSize({ width: 360, height: 740 });
    await click(page, page.getByRole('link', { name: '填写入户评估表', exact: true }));
    assert.ok(await scrollWidth(page) <= 360, `home-visit form scrollWidth ${await scrollWidth(page)}`);
    await page.getByLabel('家庭情况', { exact: true }).fill('两个孩子上小学，丈夫在榆林打工');
    const group = (legend) => page.locator('fieldset', { has: page.locator('legend', { hasText: legend }) });
    await group('孩子已经上学了吗').getByText('是', { exact: true }).click();
    await group('丈夫在外地务工吗').getByText('是', { exact: true }).click();
    for (const [legend, value] of [['空闲时间', '4'], ['学习能力', '4'], ['就业意愿', '5'], ['劳动能力', '4']]) {
      const option = group(legend).getByText(value, { exact: true });
      const box = await option.boundingBox();
      assert.ok(box.height >= 44 && box.width >= 44, `${legend} ${value} is ${box.width}×${box.height}`);
      await option.click();
    }
    assert.equal(await group('就业意愿').locator('input:checked').getAttribute('value'), '5');
    await page.getByLabel('已有技能', { exact: true }).fill('缝纫、做面点');
    await page.getByLabel('目前月收入（元）', { exact: true }).fill('800');
    await page.getByLabel('需求', { exact: true }).fill('想学一门手艺，在家附近工作');
    await screenshot(page, 'intake-home-visit-phone');
    await click(page, page.getByRole('button', { name: '保存入户评估', exact: true }));
    assert.equal(new URL(page.url()).pathname, herPage);
    assert.equal(await page.locator('.notice').textContent(), '入户评估已保存。');
    // 15 + 10 + 15×3/4 + 20×3/4 + 25 + 15×3/4 = 15 + 10 + 11 + 15 + 25 + 11 = 87
    assert.match(await page.locator('#next .score').textContent(), /入户评估得分 87 \/ 合格线 60 达到合格线/);
    assert.ok(await scrollWidth(page) <= 360, `her page scrollWidth ${await scrollWidth(page)}`);
    await screenshot(page, 'intake-after-visit-phone');
    await page.setViewportSize(DESKTOP.viewport);

    await click(page, page.getByRole('button', { name: '标记为已入户评估', exact: true }));
    assert.equal(await stage(page), '已入户评估');
    await click(page, page.getByRole('button', { name: '提交终审', exact: true }));
    assert.equal(await stage(page), '终审中');

    // signing before the review is refused, and says why
    await click(page, page.getByRole('button', { name: '签约', exact: true }));
    assert.match(await page.locator('.alert').first().textContent(), /签约需要督导在终审中批准/);
    assert.equal(await stage(page), '终审中');

    // the supervisor, in her own browser
    const sv = await signedIn('supervisor');
    await sv.page.goto(herPage);
    const review = sv.page.locator('#review');
    await review.locator('label', { hasText: '是' }).first().click();
    await review.getByLabel('终审意见（选填）', { exact: true }).fill('评估达标，同意签约');
    await click(sv.page, review.getByRole('button', { name: '保存终审结果', exact: true }));
    assert.equal(await sv.page.locator('.notice').textContent(), '终审结果已保存。');
    assert.match(await sv.page.locator('#timeline').textContent(), /终审 · 批准/);
    await screenshot(sv.page, 'intake-final-review');
    assert.deepEqual(sv.errors, []);
    await sv.context.close();

    // signed, with consent
    await page.goto(herPage);
    const sign = page.locator('#sign');
    assert.equal(await sign.getByLabel('接受服务').isChecked(), true, 'service is ticked already');
    await sign.getByLabel('向第三方评估方提供信息').check();
    await sign.locator('select[name="consent_method"]').selectOption('written');
    await click(page, sign.getByRole('button', { name: '签约', exact: true }));
    assert.equal(await page.locator('.notice').textContent(), '阶段已更新。');
    assert.equal(await stage(page), '已签约');
    const consent = await page.locator('#consent').textContent();
    assert.match(consent, /接受服务\s*已同意/);
    assert.match(consent, /向第三方评估方提供信息\s*已同意/);
    assert.match(consent, /宣传中使用照片\s*未同意/);
    const timeline = await page.locator('#timeline li').allTextContents();
    assert.equal(timeline.length, 7, `five moves, a visit and a review:\n${timeline.join('\n')}`);
    assert.match(timeline.at(-1), /终审中 → 已签约/);
    await screenshot(page, 'intake-signed');

    // she is on the list as signed
    await page.goto('/projects/1/participants?stage=signed&q=马春燕');
    assert.deepEqual(await page.locator('td.name a').allTextContents(), ['马春燕']);
    assert.deepEqual(errors, [], 'no console errors or CSP violations');
    await context.close();
  });

  test('a woman signs herself up on a 360 px phone', async () => {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/signup/1');
    assert.equal(await page.evaluate(() => window.innerWidth), 360);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '在线报名');
    assert.ok(await scrollWidth(page) <= 360, `sign-up page scrollWidth ${await scrollWidth(page)}`);
    const labels = ['您的姓名', '手机号', '身份证号（选填）', '出生日期（选填）', '您是怎么知道这个项目的？（选填）'];
    for (const label of labels) {
      const box = await page.getByLabel(label, { exact: true }).boundingBox();
      assert.ok(box.height >= 44, `${label} is ${box.height} px tall`);
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `${label} fits the screen`);
    }
    const button = page.getByRole('button', { name: '提交报名', exact: true });
    const bb = await button.boundingBox();
    assert.ok(bb.height >= 44 && bb.x >= 0 && bb.x + bb.width <= 360, `the button is ${JSON.stringify(bb)}`);
    // the honeypot is off screen and out of the tab order
    const hp = page.locator('input[name="website"]');
    assert.equal(await hp.getAttribute('tabindex'), '-1');
    const hb = await hp.boundingBox();
    assert.ok(!hb || hb.x + hb.width <= 0, 'the honeypot is not on screen');
    await screenshot(page, 'intake-signup-phone');

    await page.getByLabel('您的姓名', { exact: true }).fill('郭小梅');
    await page.getByLabel('手机号', { exact: true }).fill('177-0000-9999');
    await page.getByLabel('出生日期（选填）', { exact: true }).fill('1991-03-08');
    await page.getByLabel('您是怎么知道这个项目的？（选填）', { exact: true }).fill('微信群里看到的');
    await click(page, button);
    assert.equal(new URL(page.url()).search, '?thanks=1');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '报名成功，谢谢您！');
    assert.match(await page.locator('main').textContent(), /几天之内，社工会给您打电话/);
    assert.ok(await scrollWidth(page) <= 360, `thank-you page scrollWidth ${await scrollWidth(page)}`);
    await screenshot(page, 'intake-signup-thanks-phone');
    assert.deepEqual(errors, []);
    await context.close();

    // the social worker finds her, signed up by herself
    const w = await signedIn('worker', PHONE);
    await w.page.goto('/projects/1/participants?source=self&q=17700009999');
    assert.deepEqual(await w.page.locator('td.name a').allTextContents(), ['郭小梅']);
    assert.ok(await scrollWidth(w.page) <= 360, 'the list page scrolls inside its table only');
    await screenshot(w.page, 'intake-list-phone');
    assert.deepEqual(w.errors, []);
    await w.context.close();
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
