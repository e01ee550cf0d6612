#!/usr/bin/env bash
# The referral rule at scale (issue: jobs, "Performance"): with 100,000 participants, the
# referral candidates of one job < 50 ms.
#   - builds the release binary in ${BUILD:-build};
#   - a fresh database with `taxiang demo --scale N` (N = BENCH_SCALE, default 1250: 100,000
#     participants, each community with its courses, roll calls, exams and jobs), timed — its
#     own: the training case deletes its database when it ends, and its top-up of attendance
#     rows would change what is measured here;
#   - the server on a free 127.0.0.1 port, an API token for `worker` from `taxiang token
#     create`;
#   - GET /api/v1/projects/1/jobs/{jid}/referral-candidates for the first job of project 1:
#     curl's time_total, one warm-up call, then the median of 5, and the server's CPU time per
#     call (target < 50 ms);
#   - prints a markdown section.
# Environment: BUILD (build), BENCH_SCALE (1250), BENCH_THREADS (the server's --threads).
# Everything it starts is stopped on exit; only files in a temporary directory are written.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SCALE=${BENCH_SCALE:-1250}
THREADS=${BENCH_THREADS:-}
TARGET_MS=50

die() { echo "referral_scale: $*" >&2; exit 1; }
for tool in curl node sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-referral-bench.XXXXXX")
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
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
# CPU time the server has used so far, in ns: the sum over its threads (schedstat).
server_cpu_ns() {
  cat /proc/"$SPID"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'
}
ms_of() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }
# median_of FILE: the median of the numbers in FILE, one a line, then all of them sorted.
median_of() {
  sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%s", a[int((NR + 1) / 2)]; for (i = 1; i <= NR; i++) printf " %s", a[i]; print "" }'
}

# ---- the data -------------------------------------------------------------------------
DB="$work/taxiang.db"
"$BIN" init --db "$DB" >/dev/null
t0=$(now_ms)
"$BIN" demo --db "$DB" --scale "$SCALE" >/dev/null
demo_ms=$(( $(now_ms) - t0 ))
participants=$(sqlite3 "$DB" "SELECT count(*) FROM participants")
attendance=$(sqlite3 "$DB" "SELECT count(*) FROM attendance")
exams=$(sqlite3 "$DB" "SELECT count(*) FROM exams")
jobs=$(sqlite3 "$DB" "SELECT count(*) FROM jobs")
referrals=$(sqlite3 "$DB" "SELECT count(*) FROM referrals")
jid=$(sqlite3 "$DB" "SELECT min(id) FROM jobs WHERE project_id = 1")
[ -n "$jid" ] || die "the demo made no job in project 1 (are jobs built?)"
signed=$(sqlite3 "$DB" "SELECT count(*) FROM participants WHERE project_id = 1 AND stage = 'signed'")
db_mb=$(du -m "$DB" | cut -f1)

port=$(free_port)
U="http://127.0.0.1:$port"
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" ${THREADS:+--threads "$THREADS"} >"$work/serve.log" 2>&1 &
SPID=$!
wait_port "$port" || die "the server did not start: $(cat "$work/serve.log")"
TOKEN=$("$BIN" token create --db "$DB" --login worker)
AUTH="Authorization: Bearer $TOKEN"

# ---- the referral candidates of one job -------------------------------------------------
url="$U/api/v1/projects/1/jobs/$jid/referral-candidates"
curl -sf -o "$work/cand.json" -H "$AUTH" "$url" || die "GET $url failed"   # warm-up
: >"$work/times"
c0=$(server_cpu_ns)
for i in 1 2 3 4 5; do
  t=$(curl -sf -o "$work/cand.json" -w '%{time_total}' -H "$AUTH" "$url") || die "GET $url failed"
  ms_of "$t" >>"$work/times"; echo >>"$work/times"
done
c1=$(server_cpu_ns)
cpu=$(awk -v d="$(( c1 - c0 ))" 'BEGIN { printf "%.2f", d / 5 / 1e6 }')
read -r med all < <(median_of "$work/times")
ncand=$(node -e 'const r=require(process.argv[1]);console.log((r.items||r.candidates||[]).length)' "$work/cand.json")
kill -TERM "$SPID"; wait "$SPID" || true; SPID=

# ---- report -----------------------------------------------------------------------------
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo "NOT met"; }
echo "## Referral candidates at scale"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the figures)"
echo "- binary: $("$BIN" --version) (release build in $BUILD)"
echo "- data: \`taxiang demo --scale $SCALE\` — $participants participants, $attendance attendance rows, $exams exams, $jobs jobs, $referrals referrals, built in $(secs "$demo_ms") s; database $db_mb MB"
echo
echo "| case | figure |"
echo "|---|---:|"
echo "| referral candidates of job $jid, GET /api/v1/projects/1/jobs/$jid/referral-candidates ($ncand eligible of $signed signed women), curl time_total, median of 5 after one warm-up ($all ms) | $med ms (server CPU $cpu ms per call) |"
echo
echo "### Targets"
echo
echo "- referral candidates of one job among $participants participants < $TARGET_MS ms: $med ms — $(verdict "$med < $TARGET_MS")"
