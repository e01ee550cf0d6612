// Shared helpers for the HTTP tests (node:test, Node 20, no npm packages).
//
// What is here:
//   startServer(opts)  a fresh database (init + demo) in a temp dir and `taxiang serve` on a free
//                      loopback port; stop() checks the process exits 0 (the test binary is built
//                      with AddressSanitizer/LeakSanitizer: a leak or memory error fails the test).
//   runCli(args, opts) the binary's command line, as { code, signal, stdout, stderr }.
//   api(base, path, o) one JSON API request with an optional Bearer token.
//   newAgent(base)     a tiny browser: a cookie jar, redirect: 'manual', forms that carry the
//                      csrf field of the last page fetched, and login().
//   DEMO_ACCOUNTS      the demo logins (src/domain/demo.c): login -> { role, password }.
//   htmlText(html)     the visible text of a page, for assertions on messages.
//
// The binary is $TAXIANG_BIN, default build-test/taxiang relative to the repository root.
// Every request goes to 127.0.0.1.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/**
 * A fixed instant for tests whose records depend on the time of day (sessions "starting now",
 * sign-in codes that expire, "today"): 10:00 in Shanghai on the day the run started. A server
 * started with env { TAXIANG_NOW: TEST_NOW_SECONDS } reads its clock there, so a run near
 * midnight in Shanghai sees the same day as the test.
 */
export const TEST_NOW_MS = Date.parse(`${new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)}T10:00:00+08:00`);
export const TEST_NOW_SECONDS = String(TEST_NOW_MS / 1000);

export const TAXIANG_BIN = process.env.TAXIANG_BIN
  ? path.resolve(REPO_ROOT, process.env.TAXIANG_BIN)
  : path.join(REPO_ROOT, 'build-test', 'taxiang');

/** The demo accounts created by `taxiang demo` (src/domain/demo.c). admin and auditor see every
 *  project; the others are bound to project 1 (member to a participant, partner to an enterprise). */
export const DEMO_ACCOUNTS = Object.freeze({
  admin: { role: 'admin', password: 'taxiang-admin' },
  worker: { role: 'social_worker', password: 'taxiang-worker' },
  supervisor: { role: 'supervisor', password: 'taxiang-supervisor' },
  community: { role: 'community_staff', password: 'taxiang-community' },
  leader: { role: 'coop_leader', password: 'taxiang-leader' },
  member: { role: 'member', password: 'taxiang-member' },
  partner: { role: 'partner', password: 'taxiang-partner' },
  auditor: { role: 'auditor', password: 'taxiang-auditor' },
});

/** The password of a demo login (throws for an unknown one). */
export function demoPassword(login) {
  const a = DEMO_ACCOUNTS[login];
  if (!a) throw new Error(`not a demo account: ${login}`);
  return a.password;
}

/**
 * Runs the binary with args. Resolves (never rejects on a non-zero exit) to
 * { code, signal, stdout, stderr }. opts.input is written to stdin (then closed);
 * opts.env adds environment variables; opts.timeoutMs (default 60 s) kills a hung run.
 */
export function runCli(args, opts = {}) {
  const { input, env, timeoutMs = 60_000, bin = TAXIANG_BIN } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${bin}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the program may exit without reading stdin
    child.stdin.end(input ?? '');
  });
}

/** Runs the binary and throws (with its stderr) unless it exits 0; returns stdout. */
export async function runCliOk(args, opts) {
  const r = await runCli(args, opts);
  if (r.code !== 0) {
    throw new Error(`taxiang ${args.join(' ')} exited ${r.code ?? r.signal}\n${r.stderr}`);
  }
  return r.stdout;
}

/** A loopback port that was free a moment ago (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server on a fresh database.
 *   opts.args     extra arguments for `serve`, e.g. ['--trust-proxy']
 *   opts.threads  pool threads (default 2)
 *   opts.demo     run `taxiang demo` (default true)
 *   opts.env      extra environment variables for the server process
 * Resolves to:
 *   base          'http://127.0.0.1:PORT'
 *   db, dir, bin  the database file, its temp dir, the binary
 *   port, pid     the listening port and the server's process id
 *   stderr()      what the server wrote to stderr so far
 *   tokenFor(login)  an API token for that login (`token create`; cached per login; note that
 *                 creating a token writes one audit entry)
 *   stop({ keepDir })  SIGTERM; rejects (with the server's stderr) unless the process exits
 *                 with code 0 within 10 s, else resolves to { code, signal }; then removes the
 *                 temp dir unless keepDir. Safe to call more than once (same promise).
 *   removeDir()   removes the temp dir (after stop({ keepDir: true })).
 */
export async function startServer(opts = {}) {
  const { args = [], threads = 2, demo = true, env = {} } = opts;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'taxiang-http-'));
  const db = path.join(dir, 'taxiang.db');
  const bin = TAXIANG_BIN;
  try {
    await runCliOk(['init', '--db', db]);
    if (demo) await runCliOk(['demo', '--db', db]);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  let child;
  let port;
  let stderr = '';
  let exited = null; // a promise of { code, signal }
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    stderr = '';
    child = spawn(
      bin,
      ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(threads), ...args],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let exitInfo = null;
    exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        exitInfo = { code, signal };
        resolve(exitInfo);
      });
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    let up = false;
    while (Date.now() < deadline && !exitInfo) {
      try {
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        if (res.status === 200) {
          up = true;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(50);
    }
    if (up) break;
    if (!exitInfo) child.kill('SIGKILL');
    await exited;
    // Someone else may have taken the port between our probe and the server's bind.
    if (attempt < 2 && /cannot listen/.test(stderr)) continue;
    await rm(dir, { recursive: true, force: true });
    throw new Error(`taxiang serve did not become healthy\n${stderr}`);
  }

  const base = `http://127.0.0.1:${port}`;
  const tokens = new Map();
  let stopping = null;

  async function tokenFor(login) {
    if (!tokens.has(login)) {
      const p = runCliOk(['token', 'create', '--db', db, '--login', login]).then((out) => {
        const t = out.trim();
        if (!/^txk_[A-Za-z0-9_-]{43}$/.test(t)) throw new Error(`unexpected token output: ${out}`);
        return t;
      });
      tokens.set(login, p);
      p.catch(() => tokens.delete(login));
    }
    return tokens.get(login);
  }

  async function removeDir() {
    await rm(dir, { recursive: true, force: true });
  }

  function stop({ keepDir = false } = {}) {
    if (!stopping) {
      stopping = (async () => {
        child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => {
          timer = setTimeout(() => resolve(null), 10_000);
        });
        const result = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (!result) {
          child.kill('SIGKILL');
          await exited;
          throw new Error(`taxiang serve did not exit within 10 s of SIGTERM\n${stderr}`);
        }
        if (result.code !== 0 || result.signal) {
          throw new Error(
            `taxiang serve exited with ${result.code ?? result.signal} (expected 0; a sanitizer report?)\n${stderr}`,
          );
        }
        return result;
      })().finally(async () => {
        if (!keepDir) await removeDir();
      });
    }
    return stopping;
  }

  return { base, port, pid: child.pid, db, dir, bin, tokenFor, stop, removeDir, stderr: () => stderr };
}

/**
 * One JSON API request. o: { method = 'GET', token, json, body, headers }.
 * json is serialised with Content-Type application/json; body (string/Buffer) is sent as is
 * (set Content-Type in headers yourself). Resolves to { status, headers, text, json } where
 * json is the parsed body when the response is JSON (else undefined).
 */
export async function api(base, p, o = {}) {
  const { method = 'GET', token, json, body, headers = {} } = o;
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  const res = await fetch(base + p, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let parsed;
  if ((res.headers.get('content-type') || '').startsWith('application/json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json: parsed };
}

/** The visible text of an HTML page: tags dropped, the common entities decoded, spaces collapsed. */
export function htmlText(html) {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The csrf field's value in an HTML page, or null. */
export function csrfOf(html) {
  const m = /name="csrf" value="([^"]*)"/.exec(html || '');
  return m ? m[1] : null;
}

/**
 * A tiny cookie-keeping browser for the HTML pages. Redirects are never followed (every
 * response is returned as is; read .location). Each method resolves to
 *   { status, headers, text, location, setCookies }
 * where setCookies are the raw Set-Cookie lines of that response.
 *   get(path, { headers })
 *   postForm(path, fields, { headers, csrf })   urlencoded; the csrf field comes from the last
 *        HTML page fetched unless fields has its own `csrf` (a string, or null to send none)
 *   login(login, password, { next })   GET /login (following a redirect once, if already signed
 *        in), then POST /login; resolves to the POST's response
 *   cookie(name) / setCookie(name, value) / deleteCookie(name)
 *   html      the body of the last text/html response;  csrf  its csrf token (or null)
 *   headers   sent with every request (e.g. { 'Accept-Language': 'en-US' } or X-Real-IP)
 */
export function newAgent(base, { headers = {} } = {}) {
  return new Agent(base, headers);
}

class Agent {
  constructor(base, headers) {
    this.base = base;
    this.headers = { ...headers };
    this.jar = new Map();
    this.html = '';
    this.last = null;
  }

  get csrf() {
    return csrfOf(this.html);
  }

  cookie(name) {
    return this.jar.get(name);
  }

  setCookie(name, value) {
    this.jar.set(name, value);
  }

  deleteCookie(name) {
    this.jar.delete(name);
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(lines) {
    for (const line of lines) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      const expired = (maxAge && Number(maxAge.split('=')[1]) <= 0) || value === '';
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async request(method, p, { headers = {}, body } = {}) {
    const h = { ...this.headers, ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.Cookie = cookie;
    const res = await fetch(this.base + p, { method, headers: h, body, redirect: 'manual' });
    const text = await res.text();
    const setCookies = res.headers.getSetCookie();
    this.storeCookies(setCookies);
    if ((res.headers.get('content-type') || '').startsWith('text/html')) this.html = text;
    this.last = { status: res.status, headers: res.headers, text, location: res.headers.get('location'), setCookies };
    return this.last;
  }

  get(p, opts) {
    return this.request('GET', p, opts);
  }

  postForm(p, fields = {}, { headers = {} } = {}) {
    const f = { ...fields };
    if (!('csrf' in f)) f.csrf = this.csrf;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) {
      if (v === null || v === undefined) continue;
      params.append(k, String(v));
    }
    return this.request('POST', p, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: params.toString(),
    });
  }

  async login(login, password, { next } = {}) {
    let r = await this.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    if (r.status === 303 && r.location) r = await this.get(r.location);
    const fields = { login, password };
    if (next) fields.next = next;
    return this.postForm('/login', fields);
  }
}
