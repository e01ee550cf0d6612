#!/usr/bin/env bash
# Intake at scale (issue: intake, "Performance"): the candidate list page and the recruitment
# funnel with 100,000 participants.
#   - builds the release binary in ${BUILD:-build};
#   - a fresh database with `taxiang demo --scale N` (N = BENCH_SCALE, default 1250: 1250
#     communities of 80 simulated candidates = 100,000 participants), timed;
#   - the server on a free 127.0.0.1 port; `worker` signs in through the real login form with
#     curl (GET /login for the tx_pre cookie and the csrf field, then POST /login);
#   - wrk -t2 -c64 -d${BENCH_SECONDS:-10}s --latency against the candidate list page
#     /projects/1/participants (target p99 < 20 ms); should that page answer 404 (not built
#     yet), GET /api/v1/projects/1/participants with a worker token is measured instead, and
#     the report says so; GET /healthz under the same load stands beside it as the floor of
#     the machine (wrk shares its CPUs with the server);
#   - the funnel of project 1 through the API, GET /api/v1/projects/1/funnel: curl's
#     time_total, one warm-up call, then the median of 5 (target < 100 ms);
#   - then, unless BENCH_ONE_PROJECT=0, a stress figure beyond the target: a copy of the
#     database in which the sqlite3 shell moves every participant and transition into project
#     1 (one community of 100,000 — no real programme is that big), the funnel timed the same way;
#   - prints a markdown section.
# Environment: BUILD (build), BENCH_SCALE (1250), BENCH_SECONDS (10), BENCH_THREADS (the
# server's --threads; default its own), BENCH_ONE_PROJECT (1).
# Everything it starts is stopped on exit; only files in a temporary directory are written.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SCALE=${BENCH_SCALE:-1250}
SECS=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-}
ONE_PROJECT=${BENCH_ONE_PROJECT:-1}
CONNS=64
LIST_TARGET_MS=20
FUNNEL_TARGET_MS=100

die() { echo "intake_scale: $*" >&2; exit 1; }
for tool in curl wrk node; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-intake-bench.XXXXXX")
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
  local i
  for i in $(seq 1 1000); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.01
  done
  return 1
}
now_ms() { date +%s%3N; }

# start_server DB: the server on a free port in the background; sets SPID and U.
start_server() {
  local port
  port=$(free_port)
  U="http://127.0.0.1:$port"
  "$BIN" serve --db "$1" --listen "127.0.0.1:$port" ${THREADS:+--threads "$THREADS"} >"$work/serve.log" 2>&1 &
  SPID=$!
  wait_port "$port" || die "the server did not start: $(cat "$work/serve.log")"
}
stop_server() {
  kill -TERM "$SPID"
  local rc=0
  wait "$SPID" || rc=$?
  SPID=
  [ "$rc" -eq 0 ] || echo "intake_scale: warning: the server exited with $rc" >&2
}

# CPU time the server has used so far, in ns: the sum over its threads (schedstat), so
# that a figure independent of other work on the machine stands beside the wall clock.
server_cpu_ns() {
  cat /proc/"$SPID"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'
}

# funnel_ms TOKEN: one warm-up call, then 5 timed; prints "median cpu all5" in ms (cpu: the
# server's CPU time per call, averaged over the 5).
funnel_ms() {
  local i t times=() c0 c1
  curl -sf -o /dev/null -H "Authorization: Bearer $1" "$U/api/v1/projects/1/funnel" || die "the funnel API failed"
  c0=$(server_cpu_ns)
  for i in 1 2 3 4 5; do
    t=$(curl -sf -o "$work/funnel.json" -w '%{time_total}' -H "Authorization: Bearer $1" "$U/api/v1/projects/1/funnel") \
      || die "the funnel API failed"
    times+=("$(awk -v s="$t" 'BEGIN { printf "%.1f", s * 1000 }')")
  done
  c1=$(server_cpu_ns)
  printf '%s\n' "${times[@]}" | sort -n | awk -v cpu="$(( (c1 - c0) / 5 ))" '
    { a[NR] = $1 }
    END { printf "%s %.1f", a[3], cpu / 1e6; for (i = 1; i <= NR; i++) printf " %s", a[i]; print "" }'
}

# ---- the data -------------------------------------------------------------------------
DB="$work/taxiang.db"
"$BIN" init --db "$DB" >/dev/null
t0=$(now_ms)
"$BIN" demo --db "$DB" --scale "$SCALE" >/dev/null
demo_ms=$(( $(now_ms) - t0 ))
db_mb=$(du -m "$DB" | cut -f1)

start_server "$DB"

# ---- worker signs in through the login form -------------------------------------------
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" -b "$jar" "$U/login" | csrf_of)
[ -n "$csrf" ] || die "no csrf field on /login"
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "csrf=$csrf" --data-urlencode login=worker \
  --data-urlencode password=taxiang-worker --data-urlencode next=/ "$U/login")
[ "$code" = 303 ] || die "POST /login answered $code, not 303"
session=$(awk '$6 == "tx_session" { print $7 }' "$jar")
[ -n "$session" ] || die "no tx_session cookie after signing in"
COOKIE="tx_session=$session"
TOKEN=$("$BIN" token create --db "$DB" --login worker)

# ---- the candidate list ----------------------------------------------------------------
list_status=$(curl -s -o "$work/list.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$U/projects/1/participants")
if [ "$list_status" = 200 ]; then
  list_case="GET /projects/1/participants, the candidate list page, signed in as worker"
  list_url="$U/projects/1/participants"
  list_hdr="Cookie: $COOKIE"
  list_bytes=$(wc -c <"$work/list.html")
elif [ "$list_status" = 404 ]; then
  list_case="GET /api/v1/projects/1/participants with a worker token (the list page answered 404: not built yet)"
  list_url="$U/api/v1/projects/1/participants"
  list_hdr="Authorization: Bearer $TOKEN"
  list_bytes=$(curl -sf -H "$list_hdr" "$list_url" | wc -c) || die "the participants API failed too"
else
  die "GET /projects/1/participants answered $list_status"
fi
# wrk_run NAME URL HEADER: wrk after a 1 s warm-up; prints "req/s|p50|p99|errors".
wrk_run() {
  wrk -t2 "-c$CONNS" --latency -H "$3" -d1s "$2" >/dev/null   # warm-up, not counted
  wrk -t2 "-c$CONNS" --latency -H "$3" "-d${SECS}s" "$2" >"$work/wrk-$1.txt"
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000;
      if (v ~ /ms$/) return v + 0;
      if (v ~ /s$/)  return v * 1000;
      return v;
    }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad += $NF }
    /Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
    END { printf "%.0f|%.2f|%.2f|%d\n", rps, p50, p99, bad }
  ' "$work/wrk-$1.txt"
}
IFS='|' read -r list_rps list_p50 list_p99 list_bad < <(wrk_run list "$list_url" "$list_hdr")
# the floor on this machine under the same load: the cheapest route there is
IFS='|' read -r hz_rps hz_p50 hz_p99 hz_bad < <(wrk_run healthz "$U/healthz" "Accept: application/json")

# ---- the funnel ------------------------------------------------------------------------
read -r funnel_med funnel_cpu funnel_all < <(funnel_ms "$TOKEN")
funnel_women=$(node -e 'const f=require(process.argv[1]);console.log(f.stages[0].reached)' "$work/funnel.json")
participants=$(( SCALE * 80 ))   # DEMO_CANDIDATES (src/domain/demo.h) per community
threads=$(grep -o -m1 '([0-9]* threads' "$work/serve.log" | head -1 | tr -dc 0-9)
stop_server

# ---- stress: one community of everyone ---------------------------------------------------
one_line=
if [ "$ONE_PROJECT" != 0 ] && command -v sqlite3 >/dev/null; then
  cp "$DB" "$work/one.db"
  cp "$DB.key" "$work/one.db.key"
  sqlite3 "$work/one.db" "UPDATE participants SET project_id = 1; UPDATE transitions SET project_id = 1;"
  start_server "$work/one.db"
  read -r one_med one_cpu one_all < <(funnel_ms "$TOKEN")
  one_women=$(node -e 'const f=require(process.argv[1]);console.log(f.stages[0].reached)' "$work/funnel.json")
  stop_server
  one_line="- stress, beyond the target: every participant moved into project 1 with the sqlite3 shell (one community of $one_women women; the funnel reads all their moves in one pass over the table): median $one_med ms of 5 ($one_all ms); server CPU $one_cpu ms per call"
fi

# ---- report -----------------------------------------------------------------------------
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo FAIL; }
echo "## Intake at scale"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the figures)"
echo "- binary: $("$BIN" --version) (release build in $BUILD); server threads: ${threads:-?}"
echo "- data: \`taxiang demo --scale $SCALE\` — $SCALE communities × 80 candidates = $participants participants, built in $(awk -v ms="$demo_ms" 'BEGIN { printf "%.1f", ms / 1000 }') s; database $db_mb MB"
echo "- load: \`wrk -t2 -c$CONNS -d${SECS}s --latency\` after a 1 s warm-up"
echo
echo "| case | requests/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|"
echo "| $list_case ($list_bytes B) | $list_rps | $list_p50 ms | $list_p99 ms | $list_bad |"
echo "| reference: GET /healthz under the same load (the floor of this machine) | $hz_rps | $hz_p50 ms | $hz_p99 ms | $hz_bad |"
echo
echo "- funnel of project 1 ($funnel_women women) among $participants participants, GET /api/v1/projects/1/funnel (curl time_total, after one warm-up call): median $funnel_med ms of 5 ($funnel_all ms); server CPU $funnel_cpu ms per call"
[ -n "$one_line" ] && echo "$one_line"
echo
echo "### Targets"
echo
echo "- candidate list p99 < $LIST_TARGET_MS ms with $participants participants: $list_p99 ms — $(verdict "$list_p99 < $LIST_TARGET_MS && $list_bad == 0")"
echo "- funnel < $FUNNEL_TARGET_MS ms with $participants participants: $funnel_med ms — $(verdict "$funnel_med < $FUNNEL_TARGET_MS")"
