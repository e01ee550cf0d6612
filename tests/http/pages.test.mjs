// The pages of the foundation: projects (list and create form), users (create, duplicate,
// disable/enable, reset password, change role), my account (change password), and which
// roles may open them. Each check looks at what a user sees and relies on: the status, the
// message on the page, and whether the change really happened (a login works or not, a row is
// listed or not, the JSON API shows the project or not).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, htmlText, newAgent, startServer } from './lib/server.mjs';

let srv;
let adminToken;
let admin; // a signed-in administrator's browser
before(async () => {
  srv = await startServer();
  adminToken = await srv.tokenFor('admin');
  admin = newAgent(srv.base);
  const r = await admin.login('admin', 'taxiang-admin');
  assert.equal(r.status, 303);
});
after(async () => {
  await srv?.stop();
});

async function projectNames() {
  const r = await api(srv.base, '/api/v1/projects?limit=500', { token: adminToken });
  assert.equal(r.status, 200);
  return r.json.items.map((p) => p.name);
}

/** Users listed on /users: login -> id. */
async function listedUsers() {
  const r = await admin.get('/users');
  assert.equal(r.status, 200);
  const users = {};
  for (const m of r.text.matchAll(/<a href="\/users\/(\d+)">([^<]+)<\/a>/g)) users[m[2]] = Number(m[1]);
  return users;
}

async function canLogin(login, password) {
  const r = await newAgent(srv.base).login(login, password);
  assert.ok([303, 401].includes(r.status), `login ${login}: ${r.status}`);
  return r.status === 303;
}

describe('projects page', () => {
  test('an administrator creates a project through the form: 303, then it is listed', async () => {
    const page = await admin.get('/projects');
    assert.equal(page.status, 200);
    assert.match(htmlText(page.text), /他乡的妳/);
    assert.match(page.text, /<form method="post" action="\/projects"/);

    const r = await admin.postForm('/projects', { name: '表单新建项目', community: '南门社区', capacity: '30' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/projects?ok=project_created');
    const list = await admin.get(r.location);
    assert.equal(list.status, 200);
    const text = htmlText(list.text);
    assert.match(text, /项目已创建/);
    assert.match(text, /表单新建项目 南门社区 30/);
    assert.ok((await projectNames()).includes('表单新建项目'));
  });

  test('a bad form (capacity "abc") → 422 naming the field, values kept, nothing created', async () => {
    const before = await projectNames();
    await admin.get('/projects');
    const r = await admin.postForm('/projects', { name: '坏表单项目', community: '某社区', capacity: 'abc' });
    assert.equal(r.status, 422);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    // The message sits beside the capacity field and names it.
    const err = /<span class="field-error" id="err-capacity">([^<]*)<\/span>/.exec(r.text);
    assert.ok(err, 'an error beside the capacity field');
    assert.match(err[1], /capacity|名额/);
    assert.match(r.text, /name="capacity"[^>]*aria-invalid="true"/);
    assert.match(r.text, /name="name" value="坏表单项目"/, 'what she typed is kept');
    assert.deepEqual(await projectNames(), before);

    const empty = await admin.postForm('/projects', { name: '', community: '某社区', capacity: '10' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="err-name"/);
    const zero = await admin.postForm('/projects', { name: '零名额', community: '某社区', capacity: '0' });
    assert.equal(zero.status, 422);
    assert.match(zero.text, /id="err-capacity"/);
    assert.deepEqual(await projectNames(), before);
  });

  test('a social worker sees the list without the create form, and cannot post it (403)', async () => {
    const w = newAgent(srv.base);
    await w.login('worker', 'taxiang-worker');
    const page = await w.get('/projects');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /action="\/projects"/);
    const before = await projectNames();
    const r = await w.postForm('/projects', { name: '社工建的', community: 'x', capacity: '5' });
    assert.equal(r.status, 403);
    assert.deepEqual(await projectNames(), before);
  });
});

describe('users page', () => {
  const nina = { login: 'nina', password: 'nina-pass-2024' };
  let ninaId;
  let ninaBrowser;

  test('an administrator creates a user; she is listed and can sign in', async () => {
    await admin.get('/users');
    const r = await admin.postForm('/users', {
      login: nina.login,
      password: nina.password,
      role: 'social_worker',
      project_id: '1',
      participant_id: '',
      enterprise_id: '',
    });
    assert.equal(r.status, 303, htmlText(r.text));
    assert.equal(r.location, '/users?ok=user_created');
    const page = await admin.get(r.location);
    assert.match(htmlText(page.text), /用户已创建/);
    ninaId = (await listedUsers())[nina.login];
    assert.ok(ninaId, 'nina is listed');

    ninaBrowser = newAgent(srv.base);
    const login = await ninaBrowser.login(nina.login, nina.password);
    assert.equal(login.status, 303);
    const home = await ninaBrowser.get('/');
    assert.equal(home.status, 200);
    assert.match(htmlText(home.text), /nina · 社工/);
    assert.match(htmlText(home.text), /他乡的妳/, 'her project is shown');
  });

  test('a duplicate login → 409, shown on the page; no second account', async () => {
    const before = await listedUsers();
    await admin.get('/users');
    const r = await admin.postForm('/users', {
      login: nina.login,
      password: 'another-pass-1',
      role: 'supervisor',
      project_id: '1',
    });
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /该账号已被使用/);
    assert.deepEqual(await listedUsers(), before);
    assert.ok(await canLogin(nina.login, nina.password), 'the first account keeps its password');
  });

  test('bad new users → 422 with the field: login format, short password, unknown role, member without participant', async () => {
    const before = await listedUsers();
    const cases = [
      [{ login: 'Bad Login', password: 'long-enough-1', role: 'social_worker', project_id: '1' }, 'login'],
      [{ login: 'shorty', password: 'short', role: 'social_worker', project_id: '1' }, 'password'],
      [{ login: 'norole', password: 'long-enough-1', role: 'boss', project_id: '1' }, 'role'],
      [{ login: 'nomember', password: 'long-enough-1', role: 'member', project_id: '1' }, 'participant_id'],
      [{ login: 'noproject', password: 'long-enough-1', role: 'social_worker', project_id: '999' }, 'project_id'],
    ];
    for (const [fields, field] of cases) {
      await admin.get('/users');
      const r = await admin.postForm('/users', fields);
      assert.equal(r.status, 422, `${field}: ${htmlText(r.text).slice(0, 200)}`);
      assert.match(r.text, new RegExp(`class="alert"[^>]*>[^<]*${field}`), `the message names ${field}`);
    }
    assert.deepEqual(await listedUsers(), before);
  });

  test('disable: she cannot sign in, her open session ends, her API token stops working', async () => {
    assert.ok(ninaId);
    const token = await srv.tokenFor(nina.login);
    assert.equal((await api(srv.base, '/api/v1/projects', { token })).status, 200);
    assert.equal((await ninaBrowser.get('/')).status, 200, 'signed in before');

    const detail = await admin.get(`/users/${ninaId}`);
    assert.equal(detail.status, 200);
    assert.match(detail.text, new RegExp(`action="/users/${ninaId}/disable"`));
    const r = await admin.postForm(`/users/${ninaId}/disable`, {});
    assert.equal(r.status, 303);
    assert.equal(r.location, `/users/${ninaId}?ok=saved`);
    const after = await admin.get(r.location);
    assert.match(htmlText(after.text), /已停用/);
    assert.match(after.text, new RegExp(`action="/users/${ninaId}/enable"`));

    const home = await ninaBrowser.get('/');
    assert.equal(home.status, 303, 'her existing session has ended');
    assert.equal(home.location, '/login?next=%2F');
    const login = await newAgent(srv.base).login(nina.login, nina.password);
    assert.equal(login.status, 401);
    assert.match(htmlText(login.text), /账号或密码不正确/);
    const apiAfter = await api(srv.base, '/api/v1/projects', { token });
    assert.equal(apiAfter.status, 401, 'her API token is revoked');
  });

  test('an administrator cannot disable herself (409), and stays signed in', async () => {
    const me = (await listedUsers()).admin;
    await admin.get(`/users/${me}`);
    const r = await admin.postForm(`/users/${me}/disable`, {});
    assert.equal(r.status, 409);
    assert.match(htmlText(r.text), /不能停用自己的账号/);
    assert.equal((await admin.get('/')).status, 200);
  });

  test('enable: she signs in again', async () => {
    await admin.get(`/users/${ninaId}`);
    const r = await admin.postForm(`/users/${ninaId}/enable`, {});
    assert.equal(r.status, 303);
    assert.match(htmlText((await admin.get(r.location)).text), /正常/);
    ninaBrowser = newAgent(srv.base);
    assert.equal((await ninaBrowser.login(nina.login, nina.password)).status, 303);
    assert.equal((await ninaBrowser.get('/')).status, 200);
  });

  test('reset password: the old one stops working, the new one works, her sessions end', async () => {
    await admin.get(`/users/${ninaId}`);
    const short = await admin.postForm(`/users/${ninaId}/password`, { password: 'short' });
    assert.equal(short.status, 422);
    assert.ok(await canLogin(nina.login, nina.password), 'a refused reset changes nothing');

    await admin.get(`/users/${ninaId}`);
    const r = await admin.postForm(`/users/${ninaId}/password`, { password: 'nina-reset-9876' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/users/${ninaId}?ok=saved`);
    assert.equal((await ninaBrowser.get('/')).status, 303, 'her session ended with the reset');
    assert.equal(await canLogin(nina.login, nina.password), false, 'the old password no longer works');
    assert.equal(await canLogin(nina.login, 'nina-reset-9876'), true);
    nina.password = 'nina-reset-9876';
  });

  test('change role: the new role applies at her next sign-in; her session ends', async () => {
    ninaBrowser = newAgent(srv.base);
    await ninaBrowser.login(nina.login, nina.password);
    assert.equal((await ninaBrowser.get('/')).status, 200);

    await admin.get(`/users/${ninaId}`);
    const r = await admin.postForm(`/users/${ninaId}/role`, {
      role: 'supervisor',
      project_id: '1',
      participant_id: '',
      enterprise_id: '',
    });
    assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
    const detail = await admin.get(r.location);
    assert.match(htmlText(detail.text), /角色 督导/);
    const users = await admin.get('/users');
    assert.match(htmlText(users.text), /nina 督导/);

    assert.equal((await ninaBrowser.get('/')).status, 303, 'her session ended with the change');
    ninaBrowser = newAgent(srv.base);
    assert.equal((await ninaBrowser.login(nina.login, nina.password)).status, 303);
    assert.match(htmlText((await ninaBrowser.get('/')).text), /nina · 督导/);

    // Refused changes: a member without a participant (422), and nothing changes.
    await admin.get(`/users/${ninaId}`);
    const bad = await admin.postForm(`/users/${ninaId}/role`, { role: 'member', project_id: '1' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /participant_id/);
    assert.match(htmlText((await ninaBrowser.get('/')).text), /nina · 督导/, 'still a supervisor, still signed in');
  });

  test('an administrator cannot take away her own admin role (409)', async () => {
    const me = (await listedUsers()).admin;
    await admin.get(`/users/${me}`);
    const r = await admin.postForm(`/users/${me}/role`, { role: 'auditor', project_id: '0' });
    assert.equal(r.status, 409);
    assert.equal((await admin.get('/users')).status, 200, 'still an administrator');
  });

  test('an unknown user id → 404', async () => {
    assert.equal((await admin.get('/users/99999')).status, 404);
    await admin.get('/users');
    assert.equal((await admin.postForm('/users/99999/disable', {})).status, 404);
  });
});

describe('who may open what', () => {
  test('a social worker cannot open /users or /audit (403)', async () => {
    const w = newAgent(srv.base);
    assert.equal((await w.login('worker', 'taxiang-worker')).status, 303);
    for (const p of ['/users', '/audit', '/audit.csv', '/users/1']) {
      const r = await w.get(p);
      assert.equal(r.status, 403, p);
      assert.match(htmlText(r.text), /您的角色无权进行此操作/);
    }
    const home = await w.get('/');
    assert.doesNotMatch(home.text, /href="\/users"/);
    assert.doesNotMatch(home.text, /href="\/audit"/);
  });

  test('the auditor opens /audit but not /users', async () => {
    const a = newAgent(srv.base);
    assert.equal((await a.login('auditor', 'taxiang-auditor')).status, 303);
    assert.equal((await a.get('/audit')).status, 200);
    assert.equal((await a.get('/users')).status, 403);
    const home = await a.get('/');
    assert.match(home.text, /href="\/audit"/);
    assert.doesNotMatch(home.text, /href="\/users"/);
  });

  for (const [login, password] of [
    ['member', 'taxiang-member'],
    ['partner', 'taxiang-partner'],
  ]) {
    test(`${login} signs in and sees the home page without the 项目 link`, async () => {
      const a = newAgent(srv.base);
      assert.equal((await a.login(login, password)).status, 303);
      const home = await a.get('/');
      assert.equal(home.status, 200);
      assert.match(htmlText(home.text), /欢迎使用他乡/);
      assert.doesNotMatch(home.text, /href="\/projects"/);
      assert.doesNotMatch(home.text, /href="\/users"/);
      assert.doesNotMatch(home.text, /href="\/audit"/);
      assert.match(home.text, /href="\/account"/);
      assert.equal((await a.get('/projects')).status, 403);
    });
  }
});

describe('my account: changing my password', () => {
  const leader = 'leader';
  let browser;
  let otherBrowser;
  before(async () => {
    browser = newAgent(srv.base);
    otherBrowser = newAgent(srv.base);
    assert.equal((await browser.login(leader, 'taxiang-leader')).status, 303);
    assert.equal((await otherBrowser.login(leader, 'taxiang-leader')).status, 303);
  });

  test('GET /account shows who I am and the form', async () => {
    const r = await browser.get('/account');
    assert.equal(r.status, 200);
    assert.match(htmlText(r.text), /leader/);
    assert.match(r.text, /action="\/account\/password"/);
  });

  test('a wrong old password → 422 原密码不正确; the password is unchanged', async () => {
    await browser.get('/account');
    const r = await browser.postForm('/account/password', {
      old_password: 'not-my-password',
      new_password: 'leader-new-pass',
      confirm: 'leader-new-pass',
    });
    assert.equal(r.status, 422);
    assert.match(htmlText(r.text), /原密码不正确/);
    assert.doesNotMatch(r.text, /leader-new-pass/, 'passwords are not echoed');
    assert.ok(await canLogin(leader, 'taxiang-leader'));
  });

  test('a mismatched confirmation → 422; a too short new password → 422', async () => {
    await browser.get('/account');
    const r = await browser.postForm('/account/password', {
      old_password: 'taxiang-leader',
      new_password: 'leader-new-pass',
      confirm: 'leader-new-pasS',
    });
    assert.equal(r.status, 422);
    assert.match(htmlText(r.text), /两次输入的新密码不一致/);
    const short = await browser.postForm('/account/password', {
      old_password: 'taxiang-leader',
      new_password: 'short',
      confirm: 'short',
    });
    assert.equal(short.status, 422);
    assert.match(short.text, /new_password/);
    assert.ok(await canLogin(leader, 'taxiang-leader'));
  });

  test('success → 303; the new password works, the old does not; other sessions end, this one stays', async () => {
    await browser.get('/account');
    const r = await browser.postForm('/account/password', {
      old_password: 'taxiang-leader',
      new_password: 'leader-new-pass',
      confirm: 'leader-new-pass',
    });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/account?ok=password_changed');
    const page = await browser.get(r.location);
    assert.equal(page.status, 200, 'this session stays signed in');
    assert.match(htmlText(page.text), /密码已修改/);
    assert.equal((await otherBrowser.get('/')).status, 303, 'the other session has ended');
    assert.equal(await canLogin(leader, 'taxiang-leader'), false);
    assert.equal(await canLogin(leader, 'leader-new-pass'), true);
  });
});

describe('the project switch', () => {
  test('an organisation-wide user switches project; the home page shows it', async () => {
    const other = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: adminToken,
      json: { name: '可切换项目', community: '切换社区甲', capacity: 7 },
    });
    assert.equal(other.status, 201);
    const id = other.json.id;
    const a = newAgent(srv.base);
    await a.login('auditor', 'taxiang-auditor');
    const home = await a.get('/');
    assert.match(home.text, /<form class="switch" method="post" action="\/project">/);
    assert.match(home.text, new RegExp(`<option value="${id}">可切换项目 · 切换社区甲</option>`));
    const r = await a.postForm('/project', { project_id: String(id) });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const after = await a.get('/');
    assert.match(htmlText(after.text), /项目 可切换项目 社区 切换社区甲 名额 7/);
    assert.match(after.text, new RegExp(`<option value="${id}" selected>`));
    const missing = await a.postForm('/project', { project_id: '99999' });
    assert.equal(missing.status, 404);
    assert.match(htmlText((await a.get('/')).text), /项目 可切换项目/, 'unchanged');
    // The choice belongs to this session only.
    const b = newAgent(srv.base);
    await b.login('auditor', 'taxiang-auditor');
    assert.doesNotMatch(htmlText((await b.get('/')).text), /项目 可切换项目 社区/);
  });

  test('a project-bound user cannot switch to another project (404)', async () => {
    const other = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: adminToken,
      json: { name: '切换测试项目', community: '切换社区', capacity: 9 },
    });
    assert.equal(other.status, 201);
    const w = newAgent(srv.base);
    await w.login('supervisor', 'taxiang-supervisor');
    const home = await w.get('/');
    assert.doesNotMatch(home.text, /action="\/project"/, 'no switch for a project-bound user');
    const r = await w.postForm('/project', { project_id: String(other.json.id) });
    assert.equal(r.status, 404);
    const after = await w.get('/');
    assert.match(htmlText(after.text), /他乡的妳/);
    assert.doesNotMatch(htmlText(after.text), /切换测试项目/);
  });
});

describe('a project-bound administrator', () => {
  let padmin;
  before(async () => {
    await admin.get('/users');
    const r = await admin.postForm('/users', {
      login: 'padmin',
      password: 'padmin-pass-1',
      role: 'admin',
      project_id: '1',
    });
    assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
    padmin = newAgent(srv.base);
    assert.equal((await padmin.login('padmin', 'padmin-pass-1')).status, 303);
  });

  test('cannot create projects (no form, 403; API 403)', async () => {
    const page = await padmin.get('/projects');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /action="\/projects"/);
    const before = await projectNames();
    const r = await padmin.postForm('/projects', { name: '项目管理员建的', community: 'x', capacity: '5' });
    assert.equal(r.status, 403);
    const token = await srv.tokenFor('padmin');
    const j = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token,
      json: { name: '项目管理员建的', community: 'x', capacity: 5 },
    });
    assert.equal(j.status, 403);
    assert.equal(j.json.error.code, 'forbidden');
    assert.deepEqual(await projectNames(), before);
  });

  test('manages her project\'s accounts but not the organisation-wide administrator (404)', async () => {
    const users = await listedUsers();
    assert.equal((await padmin.get(`/users/${users.worker}`)).status, 200);
    assert.equal((await padmin.get(`/users/${users.admin}`)).status, 404);
    await padmin.get('/users');
    const r = await padmin.postForm(`/users/${users.admin}/disable`, {});
    assert.equal(r.status, 404);
    assert.ok(await canLogin('admin', 'taxiang-admin'), 'the organisation administrator is untouched');
  });

  test('the accounts she creates belong to her project, whatever the form says', async () => {
    await padmin.get('/users');
    const r = await padmin.postForm('/users', {
      login: 'pworker',
      password: 'pworker-pass-1',
      role: 'social_worker',
      project_id: '0',
    });
    assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
    const a = newAgent(srv.base);
    await a.login('pworker', 'pworker-pass-1');
    const home = await a.get('/');
    assert.doesNotMatch(home.text, /action="\/project"/, 'bound to one project: no switch');
    assert.match(htmlText(home.text), /他乡的妳/);
    const token = await srv.tokenFor('pworker');
    const list = await api(srv.base, '/api/v1/projects', { token });
    assert.deepEqual(
      list.json.items.map((p) => p.id),
      [1],
    );
  });
});

describe('output escaping and form limits', () => {
  test('a project name with markup is shown as text, never as markup', async () => {
    const name = '<img src=x onerror="alert(1)">&"\'';
    const r = await api(srv.base, '/api/v1/projects', {
      method: 'POST',
      token: adminToken,
      json: { name, community: '<b>社区</b>', capacity: 3 },
    });
    assert.equal(r.status, 201);
    assert.equal(r.json.name, name, 'stored as given');
    const page = await admin.get('/projects');
    assert.doesNotMatch(page.text, /<img src=x/);
    assert.doesNotMatch(page.text, /<b>社区<\/b>/);
    assert.match(page.text, /&lt;img src=x onerror=(&quot;|&#34;)alert\(1\)(&quot;|&#34;)&gt;&amp;/);
    assert.match(htmlText(page.text), /<b>社区<\/b>/, 'the text reads as typed');
  });

  test('a form body over 256 KiB → 413, nothing created', async () => {
    const before = await projectNames();
    await admin.get('/projects');
    const r = await admin.postForm('/projects', { name: 'x'.repeat(300 * 1024), community: 'c', capacity: '5' });
    assert.equal(r.status, 413);
    assert.deepEqual(await projectNames(), before);
  });
});
