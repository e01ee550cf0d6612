// The cooperative in a real browser, the way it is used: a leader on a laptop takes an order,
// splits it into a task; a member on a 360×740 phone claims it and records her pieces; the leader
// checks their quality, records the customer's payment and settles the month; the member sees
// her pay slip and the order's levy in the fund pool. Then a congress: the leader adds the
// representatives and records a meeting and a proposal, the member votes on her phone with the
// big 赞成 button, the leader records the two paper ballots and closes the vote, pays the grant
// out, and the member sees the disbursement on the fund page. Every phone page fits 360 px
// with no sideways scrolling. Screenshots of each page, phone and laptop, go to
// tests/e2e/out/coop-*.png. The project is a fresh one made for the test through the API.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bin, startServer, launchBrowser, watchPage, screenshot, submitLogin } from './lib.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, locale: 'zh-CN',
};
const LAPTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };

const VISIT = {
  children_at_school: true, husband_away: true, free_time: 4, learning_ability: 4, will_to_work: 5,
  ability_to_work: 4, family: '丈夫在外地打工', skills: '缝纫', needs: '想多挣点钱', monthly_income_fen: 80000,
};
const SIGN = { to: 'signed', consent_version: '2024-v1', consent_method: 'paper', consent_purposes: ['service'] };

describe('the cooperative in a browser', () => {
  let server;
  let browser;
  let db;
  let P;
  const tok = {};
  const women = {}; // name -> { participant, member }
  let leader; // { context, page, errors }
  let phone; // the member's
  let order;
  let proposal;
  let meetingPath;

  function cli(args, input) {
    return execFileSync(bin, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  }

  async function call(token, method, p, json) {
    const r = await fetch(`${server.url}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    const body = await r.json();
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  }

  async function signedWoman(name) {
    const base = `/projects/${P}/participants`;
    const id = (await call(tok.worker, 'POST', base, { name, source: 'outreach' })).id;
    await call(tok.worker, 'POST', `${base}/${id}/transitions`, { to: 'registry_screened' });
    await call(tok.worker, 'POST', `${base}/${id}/assessments`, { kind: 'home_visit', answers: VISIT });
    await call(tok.worker, 'POST', `${base}/${id}/transitions`, { to: 'home_visited' });
    await call(tok.worker, 'POST', `${base}/${id}/transitions`, { to: 'final_review' });
    await call(tok.sup, 'POST', `${base}/${id}/assessments`, { kind: 'final_review', approved: true });
    await call(tok.worker, 'POST', `${base}/${id}/transitions`, SIGN);
    return id;
  }

  function addUser(login, role, extra = []) {
    cli(['user', 'add', '--db', db, '--login', login, '--role', role, '--project', String(P),
      '--password-stdin', ...extra], `taxiang-${login}\n`);
  }

  async function open(options, login) {
    const context = await browser.newContext({ ...options, baseURL: server.url });
    const page = await context.newPage();
    const errors = watchPage(page);
    await page.goto('/login');
    await submitLogin(page, login, `taxiang-${login}`);
    return { context, page, errors };
  }

  /** Submits the form whose action ends with `action` by its submit button, waiting for the page. */
  async function submit(page, form) {
    await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').first().click()]);
  }

  /** Opens the folded <details> a form sits in, by its summary, as a person taps it. */
  async function reveal(form) {
    const details = form.locator('xpath=ancestor::details[1]');
    if (await details.count() && (await details.getAttribute('open')) === null) {
      await details.locator('summary').first().click();
    }
  }

  async function fitsPhone(page, what) {
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= 360, `${what}: scrollWidth ${sw} > 360`);
  }

  /** "¥3120.50" → 312050 (fen). */
  const fenOf = (text) => {
    const m = /^(-?)¥(\d+)\.(\d\d)$/.exec(text.trim());
    assert.ok(m, `an amount: ${text}`);
    return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
  };
  const yuanOf = (fen) => `¥${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

  const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const daysAgo = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

  before(async () => {
    server = await startServer();
    db = join(server.dir, 'taxiang.db');
    browser = await launchBrowser();
    tok.admin = cli(['token', 'create', '--db', db, '--login', 'admin']);
    P = (await call(tok.admin, 'POST', '/projects', { name: '合作社浏览器测试', community: '西关社区', capacity: 20 })).id;
    addUser('e2e_leader', 'coop_leader');
    addUser('e2e_sup', 'supervisor');
    addUser('e2e_worker', 'social_worker');
    tok.leader = cli(['token', 'create', '--db', db, '--login', 'e2e_leader']);
    tok.sup = cli(['token', 'create', '--db', db, '--login', 'e2e_sup']);
    tok.worker = cli(['token', 'create', '--db', db, '--login', 'e2e_worker']);
    for (const name of ['王小梅', '张桂兰', '刘春燕']) {
      const participant = await signedWoman(name);
      const member = (await call(tok.leader, 'POST', `/projects/${P}/coop/members`,
        { participant_id: participant, joined_on: daysAgo(30) })).id;
      women[name] = { participant, member };
    }
    addUser('e2e_member', 'member', ['--participant', String(women['王小梅'].participant)]);
    leader = await open(LAPTOP, 'e2e_leader');
    phone = await open(PHONE, 'e2e_member');
  });

  after(async () => {
    await leader?.context.close();
    await phone?.context.close();
    await browser?.close();
    await server?.stop();
  });

  test('an order, a task, her pieces on the phone, the quality check, the payment, the settlement', async () => {
    const lp = leader.page;
    await lp.goto(`/projects/${P}/coop/orders`);
    const form = lp.locator(`form[method="post"][action="/projects/${P}/coop/orders"]`);
    await reveal(form);
    await form.locator('[name="channel"]').selectOption('livestream');
    await form.locator('[name="customer"]').fill('直播间买家');
    await form.locator('[name="item1_name"]').fill('手工布鞋');
    await form.locator('[name="item1_quantity"]').fill('20');
    await form.locator('[name="item1_price"]').fill('60');
    await submit(lp, form);
    const m = /\/coop\/orders\/(\d+)/.exec(lp.url());
    assert.ok(m, `the order's page: ${lp.url()}`);
    order = Number(m[1]);
    const task = lp.locator(`form[action="/projects/${P}/coop/orders/${order}/tasks"]`);
    await reveal(task);
    await task.locator('[name="step"]').fill('纳鞋底');
    await task.locator('[name="rate"]').fill('2.50');
    await task.locator('[name="pieces_planned"]').fill('20');
    await submit(lp, task);
    await screenshot(lp, 'coop-laptop-order');

    // the member, on her phone
    const pp = phone.page;
    await pp.goto('/me/coop');
    assert.equal(await pp.getByRole('heading', { level: 1 }).textContent(), '我的合作社');
    await fitsPhone(pp, '/me/coop');
    await screenshot(pp, 'coop-phone-home');
    await Promise.all([pp.waitForNavigation(), pp.locator('#tile-tasks').tap()]);
    assert.equal(new URL(pp.url()).pathname, '/me/tasks');
    const claim = pp.getByRole('button', { name: '领取', exact: true });
    const cbox = await claim.boundingBox();
    assert.ok(cbox.height >= 44, `领取 is ${cbox.height} px tall`);
    await Promise.all([pp.waitForNavigation(), claim.tap()]);
    assert.match(await pp.locator('.notice').textContent(), /任务已领取/);
    await pp.getByLabel('做好了几件').fill('12');
    const record = pp.getByRole('button', { name: '记录我的计件' });
    const rbox = await record.boundingBox();
    assert.ok(rbox.height >= 44 && rbox.x + rbox.width <= 360, 'a big button inside the screen');
    await Promise.all([pp.waitForNavigation(), record.tap()]);
    assert.match(await pp.locator('.notice').textContent(), /等待负责人质检/);
    assert.match(await pp.locator('#mine').textContent(), /待质检 12/);
    await fitsPhone(pp, '/me/tasks');
    await screenshot(pp, 'coop-phone-tasks');

    // the leader checks the quality: 11 good, 1 rejected
    await lp.goto(`/projects/${P}/coop/quality`);
    const check = lp.locator('form[action*="/coop/pieces/"][action$="/check"]').first();
    await reveal(check);
    await check.locator('[name="accepted"]').fill('11');
    await check.locator('[name="rejected"]').fill('1');
    await submit(lp, check);
    // the customer pays the whole order (¥1200.00): ¥120.00 goes to the fund pool
    await lp.goto(`/projects/${P}/coop/orders/${order}`);
    const pay = lp.locator(`form[action="/projects/${P}/coop/orders/${order}/payments"]`);
    await reveal(pay);
    await pay.locator('[name="amount"]').fill('1200');
    await submit(lp, pay);
    // the month is settled
    await lp.goto(`/projects/${P}/coop/settlements`);
    const settle = lp.locator(`form[method="post"][action="/projects/${P}/coop/settlements"]`);
    await reveal(settle);
    await settle.locator('[name="period_start"]').fill(daysAgo(7));
    await settle.locator('[name="period_end"]').fill(today());
    await submit(lp, settle);
    assert.match(lp.url(), /\/coop\/settlements\/\d+/);

    // her pay slip: 11 × ¥2.50
    await pp.goto('/me/coop');
    assert.equal(await pp.locator('#owed').textContent(), '¥27.50');
    await Promise.all([pp.waitForNavigation(), pp.locator('#latest-slip').tap()]);
    assert.equal(await pp.locator('#total').textContent(), '¥27.50');
    assert.match(await pp.locator('#items').textContent(), /纳鞋底/);
    await fitsPhone(pp, 'her pay slip');
    await screenshot(pp, 'coop-phone-payslip');
    // and the levy in the fund
    await pp.goto(`/projects/${P}/fund`);
    assert.equal(await pp.locator('#balance').textContent(), '¥120.00');
    assert.match(await pp.locator('#entries li.fp-entry').first().textContent(), /订单提留/);
    await fitsPhone(pp, 'the fund');
    await screenshot(pp, 'coop-phone-fund-levy');
    assert.deepEqual(phone.errors, []);
    assert.deepEqual(leader.errors, []);
  });

  test('a congress: the representatives, a meeting, a proposal, her vote on the phone, the grant paid', async () => {
    const lp = leader.page;
    // a donation first, so the fund can pay a start-up grant
    await lp.goto(`/projects/${P}/fund`);
    const start = fenOf(await lp.locator('#balance').textContent());
    await lp.locator('#inflow summary').click();
    const inflow = lp.locator(`form[action="/projects/${P}/fund/inflows"]`);
    await inflow.locator('[name="kind"]').selectOption('donation');
    await inflow.locator('[name="amount"]').fill('3000');
    await inflow.locator('[name="source"]').fill('西关爱心商户');
    await submit(lp, inflow);
    assert.equal(await lp.locator('#balance').textContent(), yuanOf(start + 300000));

    await lp.goto(`/projects/${P}/congress`);
    for (const name of Object.keys(women)) {
      await lp.locator('#rep-new summary').click();
      const rep = lp.locator(`form[action="/projects/${P}/congress/reps"]`);
      await rep.locator('[name="member_id"]').selectOption(String(women[name].member));
      await rep.locator('[name="term_start"]').fill(daysAgo(10));
      await submit(lp, rep);
      assert.match(await lp.locator('.notice').textContent(), /代表已新增/);
    }
    await lp.locator('#meeting-new summary').click();
    const meetingForm = lp.locator(`form[action="/projects/${P}/congress/meetings"]`);
    for (const name of Object.keys(women)) await meetingForm.getByLabel(name).check();
    await submit(lp, meetingForm);
    assert.match(lp.url(), /\/congress\/meetings\/\d+/);
    meetingPath = new URL(lp.url()).pathname;
    const prop = lp.locator('form[action$="/proposals"]');
    await prop.locator('[name="title"]').fill('创业扶持：王小梅的布鞋网店');
    await prop.locator('[name="purpose"]').selectOption('venture_support');
    await prop.locator('[name="amount"]').fill('2000');
    await prop.locator('[name="beneficiary"]').fill('王小梅');
    await submit(lp, prop);
    proposal = Number(/\/proposals\/(\d+)/.exec(lp.url())[1]);
    await screenshot(lp, 'coop-laptop-proposal-open');

    // she votes on her phone
    const pp = phone.page;
    await pp.goto('/me/coop');
    assert.match(await pp.locator('#proposals').textContent(), /您可以投票/);
    await Promise.all([pp.waitForNavigation(), pp.locator('#proposals a').first().tap()]);
    await fitsPhone(pp, 'the proposal');
    await screenshot(pp, 'coop-phone-vote');
    const yes = pp.getByRole('button', { name: '赞成', exact: true });
    const box = await yes.boundingBox();
    assert.ok(box.height >= 44, `赞成 is ${box.height} px tall`);
    assert.ok(box.width >= 280 && box.x + box.width <= 360, `赞成 is ${box.width} px wide, inside the screen`);
    await Promise.all([pp.waitForNavigation(), yes.tap()]);
    assert.match(await pp.locator('.notice').textContent(), /表决已记录/);
    assert.equal(await pp.locator('button[aria-pressed="true"]').textContent(), '✓ 赞成');
    await screenshot(pp, 'coop-phone-voted');

    // the two paper ballots, then the closing
    await lp.goto(`/projects/${P}/proposals/${proposal}`);
    for (const [name, choice] of [['张桂兰', '赞成'], ['刘春燕', '反对']]) {
      const row = lp.locator('#votes tr', { hasText: name });
      await Promise.all([lp.waitForNavigation(), row.getByRole('button', { name: choice, exact: true }).click()]);
    }
    await lp.locator('#close summary').click();
    await Promise.all([lp.waitForNavigation(), lp.getByRole('button', { name: '确认结束表决' }).click()]);
    const result = await lp.locator('#result').textContent();
    assert.match(result, /通过/);
    assert.match(result, /赞成 2 · 反对 1 · 弃权 0/);
    assert.match(result, /赞成票超过到会代表的二分之一/);
    // the grant is paid out
    const pay = lp.locator(`form[action="/projects/${P}/proposals/${proposal}/disbursements"]`);
    assert.equal(await pay.locator('[name="amount"]').inputValue(), '2000.00');
    await submit(lp, pay);
    assert.match(await lp.locator('.notice').textContent(), /已拨付/);
    assert.equal(await lp.locator('#disbursed').textContent(), '¥2000.00');
    await screenshot(lp, 'coop-laptop-proposal-paid');
    await lp.goto(`/projects/${P}/congress`);
    await screenshot(lp, 'coop-laptop-congress');
    await lp.goto(`/projects/${P}/fund`);
    assert.equal(await lp.locator('#balance').textContent(), yuanOf(start + 100000));
    await screenshot(lp, 'coop-laptop-fund');

    // she sees where the money went
    await pp.goto(`/projects/${P}/fund`);
    assert.equal(await pp.locator('#balance').textContent(), yuanOf(start + 100000));
    const first = await pp.locator('#entries li.fp-entry').first().textContent();
    assert.match(first, /拨付|支出/);
    assert.match(first, /王小梅/);
    await fitsPhone(pp, 'the fund after the grant');
    await screenshot(pp, 'coop-phone-fund');
    await pp.goto(`/projects/${P}/congress`);
    await fitsPhone(pp, 'the congress');
    await screenshot(pp, 'coop-phone-congress');
    await pp.goto(`/projects/${P}/proposals/${proposal}`);
    await fitsPhone(pp, 'the closed proposal');
    await screenshot(pp, 'coop-phone-proposal-closed');
    assert.deepEqual(phone.errors, []);
    assert.deepEqual(leader.errors, []);
  });

  test('a leader on her phone: every fund and congress page fits 360 px', async () => {
    const lead = await open(PHONE, 'e2e_leader');
    const pages = [['fund', `/projects/${P}/fund`], ['congress', `/projects/${P}/congress`],
      ['meeting', meetingPath], ['proposal', `/projects/${P}/proposals/${proposal}`]];
    for (const [name, path] of pages) {
      await lead.page.goto(path);
      await fitsPhone(lead.page, `the leader's ${name} page`);
      await screenshot(lead.page, `coop-phone-leader-${name}`);
    }
    assert.deepEqual(lead.errors, []);
    await lead.context.close();
  });

  test('the server stops on SIGTERM with exit code 0 (no sanitizer report)', async () => {
    await leader.context.close();
    await phone.context.close();
    leader = null;
    phone = null;
    await browser.close();
    browser = null;
    const { code, signal } = await server.stop();
    assert.equal(signal, null, server.output());
    assert.equal(code, 0, server.output());
    assert.doesNotMatch(server.output(), /AddressSanitizer|runtime error|LeakSanitizer/);
  });
});
