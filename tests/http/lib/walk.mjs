// Small helpers for the route-walk (authz) and command-line tests: run the
// binary, start the real server on a free loopback port, speak HTTP with a
// cookie jar. Self-contained (no npm packages), Node 20.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = path.resolve(repoRoot, process.env.TAXIANG_BIN || 'build-test/taxiang');

/* ---- the command line ----------------------------------------------------- */

/** Runs taxiang synchronously; returns { code, signal, stdout, stderr }. */
export function tx(args, { input, cwd, timeout = 30000 } = {}) {
  const r = spawnSync(BIN, args, { input, cwd, timeout, encoding: 'utf8', env: process.env });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs taxiang and returns its stdout; throws (with its output) unless it exits 0. */
export function txOk(args, opts) {
  const r = tx(args, opts);
  if (r.code !== 0)
    throw new Error(`taxiang ${args.join(' ')} exited ${r.code ?? r.signal}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** A fresh temporary directory, removed by the returned cleanup(). */
export function tempDir(prefix = 'taxiang-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The demo accounts as printed by `taxiang demo --accounts`: [{login, role, password}]. */
export function demoAccounts() {
  return txOk(['demo', '--accounts'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 3)
    .map(([login, role, password]) => ({ login, role, password }));
}

/* ---- the server --------------------------------------------------------------- */

/** A loopback port that was free a moment ago. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `taxiang serve` on a free loopback port and waits for /healthz.
 * Returns { base, port, proc, stderr(), stop(signal) -> {code, signal, stderr} }.
 */
export async function startServer(db, { threads = 2 } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(threads)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let err = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
  proc.stdout.resume();
  let exited = null;
  const exit = new Promise((resolve) => proc.once('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) throw new Error(`taxiang serve exited ${exited.code ?? exited.signal} before it was ready:\n${err}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) { await r.text(); break; }
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`taxiang serve did not answer /healthz within 15 s:\n${err}`);
    }
    await sleep(50);
  }
  return {
    base, port, proc,
    stderr: () => err,
    /** Sends signal and waits (up to 20 s) for the exit. */
    async stop(signal = 'SIGTERM') {
      if (!exited) proc.kill(signal);
      let timer;
      const t = new Promise((resolve) => { timer = setTimeout(resolve, 20000, null); });
      const r = await Promise.race([exit, t]);
      clearTimeout(timer);
      if (!r) {
        proc.kill('SIGKILL');
        await exit;
        return { code: null, signal: 'timeout', stderr: err };
      }
      return { ...r, stderr: err };
    },
  };
}

/* ---- HTTP ------------------------------------------------------------------------ */

/** A minimal cookie jar: remembers Set-Cookie, forgets cookies set empty or Max-Age=0. */
export class Jar {
  constructor() { this.cookies = new Map(); }
  get(name) { return this.cookies.get(name); }
  has(name) { return this.cookies.has(name); }
  set(name, value) { this.cookies.set(name, value); }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  update(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === '' || attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** One request, redirects not followed. Returns { status, headers, text, json }. */
export async function http(base, method, p, { jar, headers = {}, body } = {}) {
  const h = { ...headers };
  if (jar && jar.cookies.size) h.cookie = jar.header();
  const res = await fetch(base + p, { method, headers: h, body, redirect: 'manual' });
  const text = await res.text();
  if (jar) jar.update(res);
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export const FORM = 'application/x-www-form-urlencoded';

/** The hidden csrf field of a page. */
export function csrfOf(html) {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  return m ? m[1] : undefined;
}

/**
 * Signs in through GET /login + POST /login. Returns { jar, csrf } (csrf read from
 * GET /account with the new session) or throws with the answer.
 */
export async function login(base, loginName, password) {
  const jar = new Jar();
  const page = await http(base, 'GET', '/login', { jar });
  const pre = csrfOf(page.text);
  if (page.status !== 200 || !pre) throw new Error(`GET /login: ${page.status}, csrf ${pre}`);
  const res = await http(base, 'POST', '/login', {
    jar, headers: { 'content-type': FORM },
    body: new URLSearchParams({ csrf: pre, login: loginName, password, next: '/' }).toString(),
  });
  if (res.status !== 303 || !jar.has('tx_session'))
    throw new Error(`POST /login as ${loginName}: ${res.status}, session cookie ${jar.has('tx_session')}`);
  const acc = await http(base, 'GET', '/account', { jar });
  const csrf = csrfOf(acc.text);
  if (acc.status !== 200 || !csrf) throw new Error(`GET /account as ${loginName}: ${acc.status}`);
  return { jar, csrf };
}
