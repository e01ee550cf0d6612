#!/usr/bin/env bash
# make bench: measures the release build and writes bench/results/latest.md.
#   - a temporary demo database (init + demo [--scale BENCH_SCALE]), the server on a
#     free 127.0.0.1 port with its default number of threads;
#   - admin signs in through the real login form (curl), switches to the demo project,
#     and an API token comes from `taxiang token create`;
#   - nginx (foreground, config generated in the temporary directory) serves the exact
#     bytes of the signed-in home page as a static file: the reference;
#   - wrk -t2 -c64 against nginx, the signed-in home page, GET /api/v1/projects and
#     GET /healthz: requests/s, p99 latency, ratio to nginx;
#   - resident memory idle and under load, start-up time (median of 5).
# Everything it starts is stopped on exit. Only 127.0.0.1 is used.
# Environment: BUILD (default build), BENCH_SECONDS (default 10), BENCH_SCALE (default 1),
# BENCH_THREADS (the server's --threads; default: none given, the server's own default).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SECS=${BENCH_SECONDS:-10}
SCALE=${BENCH_SCALE:-1}
THREADS=${BENCH_THREADS:-}
CONNS=64
OUT=bench/results/latest.md

loadavg=$(cut -d' ' -f1-3 /proc/loadavg)   # before anything here runs: how busy the machine is
scripts/deps.sh bench
if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-bench.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench: $*" >&2; exit 1; }

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Waits until 127.0.0.1:$1 accepts a connection (10 s at most).
wait_port() {
  local i
  for i in $(seq 1 1000); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.01
  done
  return 1
}

rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# ---- the database and the server --------------------------------------------
mkdir -p "$work/db" "$work/www" "$work/nginx"
DB="$work/db/taxiang.db"
"$BIN" init --db "$DB" >/dev/null
"$BIN" demo --db "$DB" --scale "$SCALE" >/dev/null

PORT=$(free_port)
U="http://127.0.0.1:$PORT"
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" ${THREADS:+--threads "$THREADS"} >"$work/serve.log" 2>&1 &
SPID=$!
pids+=("$SPID")
wait_port "$PORT" || die "the server did not start: $(cat "$work/serve.log")"
sleep 1
idle_kb=$(rss_kb "$SPID" VmRSS)

# ---- sign in as admin through the login form ----------------------------------
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" -b "$jar" "$U/login" | csrf_of)
[ -n "$csrf" ] || die "no csrf field on /login"
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "csrf=$csrf" --data-urlencode login=admin \
  --data-urlencode password=taxiang-admin --data-urlencode next=/ "$U/login")
[ "$code" = 303 ] || die "POST /login answered $code, not 303"
session=$(awk '$6 == "tx_session" { print $7 }' "$jar")
[ -n "$session" ] || die "no tx_session cookie after signing in"
COOKIE="tx_session=$session"
csrf=$(curl -sf -H "Cookie: $COOKIE" "$U/" | csrf_of)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" \
  --data-urlencode "csrf=$csrf" -d project_id=1 "$U/project")
[ "$code" = 303 ] || die "POST /project answered $code, not 303"
TOKEN=$("$BIN" token create --db "$DB" --login admin)

curl -sf -H "Cookie: $COOKIE" -o "$work/www/home.html" "$U/"
grep -q '<dl class="facts">' "$work/www/home.html" || die "the home page does not show the demo project"
page_bytes=$(wc -c <"$work/www/home.html")
# Signing in hashes a password (Argon2id), a brief peak of its own; the peak
# under load is measured from here on (writing 5 to clear_refs resets VmHWM).
signin_hwm_kb=$(rss_kb "$SPID" VmHWM)
hwm_reset=yes
echo 5 2>/dev/null >"/proc/$SPID/clear_refs" || hwm_reset=no
api_bytes=$(curl -sf -H "Authorization: Bearer $TOKEN" "$U/api/v1/projects" | wc -c)
[ "$api_bytes" -gt 2 ] || die "GET /api/v1/projects with the token failed"

# ---- nginx: the same bytes as a static file -----------------------------------
NPORT=$(free_port)
N="$work/nginx"
mkdir -p "$N/tmp"
{
  if [ "$(id -u)" -eq 0 ]; then   # as root, workers would run as nobody and not read the 0700 dir
    echo "user $(id -un) $(id -gn);"
  fi
  cat <<EOF
worker_processes auto;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $N/tmp/body;
  proxy_temp_path $N/tmp/proxy;
  fastcgi_temp_path $N/tmp/fastcgi;
  uwsgi_temp_path $N/tmp/uwsgi;
  scgi_temp_path $N/tmp/scgi;
  types { text/html html; }
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NPORT;
    root $work/www;
    location = /home.html { add_header Cache-Control no-store; }
  }
}
EOF
} >"$N/nginx.conf"
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" -g 'daemon off;' &
pids+=("$!")
wait_port "$NPORT" || die "nginx did not start: $(cat "$N/error.log")"
cmp -s <(curl -sf "http://127.0.0.1:$NPORT/home.html") "$work/www/home.html" \
  || die "nginx does not serve the saved page"

# ---- load ---------------------------------------------------------------------
# run NAME URL [header]: wrk, then "NAME|req/s|p99 ms|errors|p50 ms" appended to $work/results.
run() {
  local name=$1 url=$2 hdr=${3:-}
  local args=(-t2 "-c$CONNS" --latency)
  [ -n "$hdr" ] && args+=(-H "$hdr")
  wrk "${args[@]}" -d1s "$url" >/dev/null   # warm-up, not counted
  wrk "${args[@]}" "-d${SECS}s" "$url" >"$work/wrk-$name.txt"
  awk -v name="$name" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000;
      if (v ~ /ms$/) return v + 0;
      if (v ~ /s$/)  return v * 1000;
      return v;
    }
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    $1 == "50%" { p50 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad += $NF }
    /Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
    END { printf "%s|%.0f|%.2f|%d|%.2f\n", name, rps, p99, bad, p50 }
  ' "$work/wrk-$name.txt" >>"$work/results"
}

: >"$work/results"
run nginx "http://127.0.0.1:$NPORT/home.html"

# resident memory of the server, sampled every 0.2 s while it is under load
(while kill -0 "$SPID" 2>/dev/null; do
   rss_kb "$SPID" VmRSS 2>/dev/null || true
   sleep 0.2
 done) >"$work/rss" &
pids+=("$!")

run page "$U/" "Cookie: $COOKIE"
run api "$U/api/v1/projects" "Authorization: Bearer $TOKEN"
run healthz "$U/healthz"
peak_kb=$(sort -n "$work/rss" | tail -1)
hwm_kb=$(rss_kb "$SPID" VmHWM)
# Without the reset VmHWM still holds the sign-in peak: judge by the samples then.
# (The kernel updates the counters lazily: a sample may exceed VmHWM a little.)
if [ "$hwm_reset" != yes ] || [ "${peak_kb:-0}" -gt "$hwm_kb" ]; then hwm_kb=$peak_kb; fi

kill -TERM "$SPID"
wait "$SPID" && serve_rc=0 || serve_rc=$?
[ "$serve_rc" -eq 0 ] || echo "bench: warning: the server exited with $serve_rc" >&2

# ---- start-up: spawn -> the port accepts a connection, median of 5 --------------
cat >"$work/startup.mjs" <<'EOF'
import { spawn } from 'node:child_process';
import net from 'node:net';
const [bin, db] = process.argv.slice(2);
const freePort = () => new Promise((ok) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});
const tryConnect = (port) => new Promise((ok) => {
  const c = net.connect({ host: '127.0.0.1', port });
  c.once('connect', () => { c.destroy(); ok(true); });
  c.once('error', () => ok(false));
});
const times = [];
for (let i = 0; i < 5; i++) {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const p = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const exited = new Promise((ok) => p.once('exit', (code) => ok(code)));
  let up = false;
  while (!up && p.exitCode === null) up = await tryConnect(port);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  p.kill('SIGTERM');
  const code = await exited;
  if (!up || code !== 0) { console.error(`start ${i + 1}: up=${up} exit=${code}`); process.exit(1); }
  times.push(ms);
}
times.sort((a, b) => a - b);
console.log(`${times[2].toFixed(1)} ${times.map((t) => t.toFixed(1)).join(' ')}`);
EOF
read -r startup_ms startup_all < <(node "$work/startup.mjs" "$BIN" "$DB") || die "start-up measurement failed"

# ---- report -------------------------------------------------------------------
field() { awk -F'|' -v n="$1" -v f="$2" '$1 == n { print $f }' "$work/results"; }
ng_rps=$(field nginx 2)
ratio() { awk -v a="$1" -v b="$ng_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo FAIL; }

threads=$(grep -o -m1 '([0-9]* threads' "$work/serve.log" | head -1 | tr -dc 0-9)
if [ -n "$THREADS" ]; then threads_how="--threads $THREADS"; else threads_how="its default"; fi
version=$("$BIN" --version)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src sql i18n static meson.build 2>/dev/null || commit="$commit+changes"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
page_rps=$(field page 2); page_p99=$(field page 3)

{
  echo "# Taxiang benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr)"
  echo "- load average before the run: $loadavg (other work on the machine skews the figures; compare ratios)"
  echo "- binary: $version (release build, commit $commit)"
  echo "- data: \`taxiang demo --scale $SCALE\`; server threads: ${threads:-?} ($threads_how)"
  echo "- load: \`wrk -t2 -c$CONNS -d${SECS}s --latency\` after a 1 s warm-up, on the same machine as the server"
  echo "- reference: nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'), \`worker_processes auto\` ($(nproc)), access log off, serving the signed-in home page's exact $page_bytes bytes as a static file"
  echo
  echo "| case | requests/s | p99 | ratio to nginx | p50 | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  for c in nginx page api healthz; do
    case $c in
      nginx)   label="nginx, static copy of the home page ($page_bytes B)" ;;
      page)    label="GET / signed in as admin ($page_bytes B)" ;;
      api)     label="GET /api/v1/projects, bearer token ($api_bytes B)" ;;
      healthz) label="GET /healthz" ;;
    esac
    echo "| $label | $(field $c 2) | $(field $c 3) ms | $(ratio "$(field $c 2)") | $(field $c 5) ms | $(field $c 4) |"
  done
  echo
  echo "- memory (VmRSS): $(mb "$idle_kb") MB idle after start; under load peak $(mb "$hwm_kb") MB (the higher of VmHWM, reset after sign-in: $hwm_reset, and the highest sample every 0.2 s: $(mb "$peak_kb") MB); peak while signing in (Argon2id) $(mb "$signin_hwm_kb") MB"
  echo "- start-up (spawn until the port accepts a connection): median $startup_ms ms of 5 ($startup_all ms)"
  echo
  echo "## Targets"
  echo
  echo "- signed-in page ≥ 0.25 × nginx requests/s: $(ratio "$page_rps") × — $(verdict "$(ratio "$page_rps") >= 0.25")"
  echo "- signed-in page p99 < 10 ms at $CONNS connections: $page_p99 ms — $(verdict "$page_p99 < 10")"
  echo "- RSS < 16 MB idle: $(mb "$idle_kb") MB — $(verdict "$idle_kb < 16384")"
  echo "- RSS < 64 MB under load: $(mb "$hwm_kb") MB — $(verdict "$hwm_kb < 65536")"
  echo "- start-up < 100 ms: $startup_ms ms — $(verdict "$startup_ms < 100")"
} >"$work/latest.md"

# Each capability adds its own case; each prints a markdown section.
for case in ${BENCH_CASES-bench/registry_import.sh bench/intake_scale.sh bench/training_scale.sh bench/referral_scale.sh bench/coop_scale.sh bench/survey_rate.sh bench/indicators_scale.sh bench/report_bench.sh}; do
  echo >>"$work/latest.md"
  BUILD="$BUILD" BENCH_SECONDS="${BENCH_SECONDS:-10}" bash "$case" >>"$work/latest.md" ||
    echo "- $case failed" >>"$work/latest.md"
done

mkdir -p "$(dirname "$OUT")"
cp "$work/latest.md" "$OUT"
cat "$OUT"
