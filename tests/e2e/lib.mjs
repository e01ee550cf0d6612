// Browser-test helpers: the real server on a free loopback port with the demo
// database, Debian's chromium through playwright-core, a console/CSP error
// collector and screenshots. (The HTTP tests have their own helper in
// tests/http; this one is independent of it.)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const bin = resolve(repoRoot, process.env.TAXIANG_BIN || 'build-test/taxiang');
export const outDir = join(here, 'out');

export const accounts = {
  admin: 'taxiang-admin',
  member: 'taxiang-member',
};

/** A free TCP port on 127.0.0.1 (the kernel's choice, released at once). */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Creates a temporary demo database (`init` + `demo`) and starts
 * `taxiang serve` on a free loopback port; resolves once /healthz answers.
 * Returns { url, port, dir, proc, output(), stop() }; output() is what the server
 * printed (stdout and stderr); stop() sends SIGTERM and
 * resolves with the exit code (null and a signal name if killed by one).
 */
/** 10:00 in Shanghai on the day the run started (see TEST_NOW_MS in tests/http/lib/server.mjs). */
export const TEST_NOW_MS = Date.parse(`${new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)}T10:00:00+08:00`);

/** opts.env: extra environment variables of the server (e.g. TAXIANG_NOW). */
export async function startServer({ threads = 2, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'taxiang-e2e-'));
  const db = join(dir, 'taxiang.db');
  try {
    execFileSync(bin, ['init', '--db', db], { stdio: 'pipe' });
    execFileSync(bin, ['demo', '--db', db], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${bin} init/demo failed: ${e.message}\n${e.stderr ?? ''}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
    '--threads', String(threads)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  let done = null;
  // If the test process dies first, the server must not outlive it.
  const reap = () => { if (!done) proc.kill('SIGKILL'); };
  process.on('exit', reap);
  exited.then((r) => { done = r; process.off('exit', reap); });

  const deadline = Date.now() + 15000;
  for (;;) {
    if (done) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`taxiang serve exited early (${JSON.stringify(done)}):\n${out}`);
    }
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`taxiang serve did not answer /healthz within 15 s:\n${out}`);
    }
    await sleep(50);
  }

  let stopped = null;
  return {
    url, port, dir, proc,
    output: () => out,
    async stop() {
      if (!stopped) {
        stopped = (async () => {
          if (!done) proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 15000);
          const r = await exited;
          clearTimeout(timer);
          rmSync(dir, { recursive: true, force: true });
          return r;
        })();
      }
      return stopped;
    },
  };
}

/** Debian's chromium, headless, with everything that would reach outside hosts off.
 *  (playwright's launch() gives the browser a fresh temporary user data dir.) */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic'],
  });
}

/**
 * Records, for a page, console errors (CSP violations are reported there as
 * "Refused to ..."), uncaught page errors, failed requests and responses of
 * 400 or above for sub-resources (a missing stylesheet or logo). Returns the
 * array the messages are pushed to; `expected` lists status codes the test
 * provokes on purpose for the main document (e.g. 401 for a wrong password).
 */
export function watchPage(page, { expected = [] } = {}) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // Chromium logs a refused main document (e.g. 401 for a wrong password) as
    // "Failed to load resource"; only the statuses the test asked for pass.
    const st = /status of (\d{3})/.exec(text);
    if (st && expected.includes(Number(st[1])) && /Failed to load resource/.test(text)) return;
    errors.push(`console: ${text} (${m.location().url || page.url()})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation that replaces the document aborts what the old document was still
    // loading (its icon, say): that is the browser's doing, not a failure of the server.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    const req = r.request();
    if (r.status() >= 400 && !(req.isNavigationRequest() && expected.includes(r.status())))
      errors.push(`response ${r.status()}: ${req.method()} ${r.url()}`);
  });
  return errors;
}

/** A full-page screenshot in tests/e2e/out/NAME.png (the directory is git-ignored). */
export async function screenshot(page, name) {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fills and submits the login form the way a person does (labels, button). */
export async function submitLogin(page, login, password, buttonName = '登录') {
  await page.getByLabel('账号', { exact: true }).fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
}
