#!/usr/bin/env bash
# Survey responses through the API (issue 7, "Performance"): ≥ 2,000 responses accepted per
# second.
#   - builds the release binary in ${BUILD:-build};
#   - a fresh database (`taxiang init`, `taxiang demo`) in a temporary directory; an API token
#     for the demo social worker; the signed women of project 1 from the API;
#   - the server on a free 127.0.0.1 port;
#   - a small node client with keep-alive and BENCH_SURVEY_CONNS (4) connections, each sending
#     its next request as soon as the previous one is answered, for BENCH_SECONDS (10) s:
#     POST /api/v1/projects/1/surveys/belonging/responses (five answers, the women in turn,
#     the four waves in turn), every answer must be 201; then, in the same run and the same
#     way, GET /healthz as the reference (the floor of the machine and of the client);
#   - checks afterwards that the database holds exactly the responses the client counted;
#   - prints a markdown section (bench/results/survey_rate.md keeps the last one).
# Environment: BUILD (build), BENCH_SECONDS (10), BENCH_SURVEY_CONNS (4), BENCH_THREADS (the
# server's --threads). Everything it starts is stopped on exit; only files in a temporary
# directory are written.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SECONDS_RUN=${BENCH_SECONDS:-10}
CONNS=${BENCH_SURVEY_CONNS:-4}
THREADS=${BENCH_THREADS:-}
TARGET_RPS=2000

die() { echo "survey_rate: $*" >&2; exit 1; }
for tool in node sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-survey-bench.XXXXXX")
SPID=
cleanup() {
  if [ -n "$SPID" ]; then
    kill -TERM "$SPID" 2>/dev/null || true
    wait "$SPID" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_port() {
  for _ in $(seq 1 1000); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.01
  done
  return 1
}

# ---- the data and the server -------------------------------------------------------------
DB="$work/taxiang.db"
"$BIN" init --db "$DB" >/dev/null
"$BIN" demo --db "$DB" >/dev/null || die "taxiang demo failed"
TOKEN=$("$BIN" token create --db "$DB" --login worker)
before=$(sqlite3 "$DB" "SELECT count(*) FROM survey_responses")

PORT=$(free_port)
targs=()
[ -n "$THREADS" ] && targs=(--threads "$THREADS")
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" "${targs[@]}" >"$work/serve.log" 2>&1 &
SPID=$!
wait_port "$PORT" || die "the server did not start: $(cat "$work/serve.log")"
U="http://127.0.0.1:$PORT"

# ---- the client ---------------------------------------------------------------------------
cat >"$work/rate.mjs" <<'EOF'
// node rate.mjs BASE TOKEN SECONDS CONNS SERVER_PID: POSTs survey responses, then GETs
// /healthz, each for SECONDS s over CONNS keep-alive connections; prints "posted ok_rps
// healthz hz_rps women post_cpu_ms hz_cpu_ms" (the server's CPU time during each case).
import http from 'node:http';
import { readFileSync } from 'node:fs';
const [base, token, seconds, conns, spid] = process.argv.slice(2);
// utime + stime of the server in clock ticks (100 a second on Linux)
const cpuTicks = () => {
  const f = readFileSync(`/proc/${spid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
};
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conns) });
const WAVES = ['baseline', 'midline', 'endline', 'adhoc'];

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}` };
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: url.hostname, port: url.port, method, path, agent, headers }, (res) => {
      let n = 0;
      res.on('data', (d) => (n += d.length));
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function women() {
  const ids = [];
  let after = '';
  for (;;) {
    const r = await new Promise((resolve, reject) => {
      http.get({ host: url.hostname, port: url.port, agent,
        path: `/api/v1/projects/1/participants?stage=signed&limit=500${after}`,
        headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let s = '';
        res.setEncoding('utf8').on('data', (d) => (s += d)).on('end', () => resolve(JSON.parse(s)));
      }).on('error', reject);
    });
    ids.push(...r.items.map((p) => p.id));
    if (!r.next) break;
    after = `&after=${r.next}`;
  }
  if (!ids.length) throw new Error('no signed women');
  return ids;
}

async function run(make, want) {
  const end = Date.now() + Number(seconds) * 1000;
  const c0 = cpuTicks();
  let ok = 0;
  let bad = 0;
  let i = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Number(conns) }, async () => {
    while (Date.now() < end) {
      const [method, path, body] = make(i++);
      const status = await request(method, path, body);
      if (status === want) ok++;
      else if (++bad < 5) console.error(`unexpected ${status} for ${method} ${path}`);
    }
  }));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (bad) throw new Error(`${bad} answers were not ${want}`);
  return [ok, ok / s, (cpuTicks() - c0) * 10];
}

const ids = await women();
const path = '/api/v1/projects/1/surveys/belonging/responses';
const [posted, rps, postCpu] = await run((i) => [
  'POST', path,
  JSON.stringify({ wave: WAVES[i % 4], participant_id: ids[i % ids.length],
    answers: { b1: 1 + (i % 5), b2: 1 + ((i >> 1) % 5), b3: 3, b4: 4, b5: 1 + ((i >> 2) % 5) } }),
], 201);
const [hz, hzRps, hzCpu] = await run(() => ['GET', '/healthz'], 200);
console.log(`${posted} ${rps.toFixed(0)} ${hz} ${hzRps.toFixed(0)} ${ids.length} ${postCpu} ${hzCpu}`);
agent.destroy();
EOF
read -r posted rps hz hz_rps nwomen post_cpu hz_cpu < <(node "$work/rate.mjs" "$U" "$TOKEN" "$SECONDS_RUN" "$CONNS" "$SPID") \
  || die "the client failed"
threads=$(grep -o -m1 '([0-9]* threads' "$work/serve.log" | head -1 | tr -dc 0-9)
kill -TERM "$SPID"; wait "$SPID" || true; SPID=
after=$(sqlite3 "$DB" "SELECT count(*) FROM survey_responses")
stored=$((after - before))
audits=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'survey_response'")

# ---- report ---------------------------------------------------------------------------------
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo "NOT met"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
per_cpu() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "-" }'; }
echo "## Survey responses through the API"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- binary: $("$BIN" --version) (release build in $BUILD); server threads: ${threads:-?}"
echo "- data: the demo (\`taxiang demo\`), project 1, $nwomen signed women; client: node, $CONNS keep-alive connections, each sending its next request when the previous one is answered, ${SECONDS_RUN} s per case"
echo
echo "| case | requests | per second | server CPU | per server CPU-second |"
echo "|---|---:|---:|---:|---:|"
echo "| POST /api/v1/projects/1/surveys/belonging/responses (five answers, validated, one transaction with its audit entry, 201 with the stored response) | $posted | $rps | $post_cpu ms | $(per_cpu "$posted" "$post_cpu") |"
echo "| reference: GET /healthz, the same client the same way | $hz | $hz_rps | $hz_cpu ms | $(per_cpu "$hz" "$hz_cpu") |"
echo
echo "- responses stored afterwards: $stored (the client counted $posted 201s); audit entries of survey responses: $audits"
echo "- responses / healthz: $(ratio "$rps" "$hz_rps"); the server's CPU time (from /proc, 10 ms ticks) tells what a request costs whatever else the machine runs: with $(nproc) CPUs free the server could take up to $(nproc) × the per-CPU-second figure, less what the client takes"
echo
echo "### Targets"
echo
echo "- survey responses accepted ≥ $TARGET_RPS per second: $rps — $(verdict "$rps >= $TARGET_RPS && $stored == $posted")"
