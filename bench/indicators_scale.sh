#!/usr/bin/env bash
# The indicator engine at scale (issue 7, "Performance"): the full set of ten indicators of project
# 1 in < 1 s and no slower than 2× the same SQL in the sqlite3 shell; GET /indicators likewise.
#   - builds the release binary and bench/indicators_bench in ${BUILD:-build};
#   - a fresh database with `taxiang demo --scale N` (N = BENCH_INDICATOR_SCALE, default 2000: N demo
#     communities, each a project with its women, courses, sessions, surveys, ties and ventures),
#     timed;
#   - the full set for project 1 as of today through indicators_compute (indicators_bench time:
#     one warm-up, then the median of BENCH_RUNS, default 5), with each indicator alone beside it;
#   - the same ten SQL texts (indicator_count_sql with the parameters written in, exactly as
#     indicators_compute runs them) in the sqlite3 shell, in one process with `.timer on`,
#     BENCH_RUNS times over (the first pass warms the cache and is not counted); the median of
#     the per-pass sums, and the ratio engine / shell;
#   - the figures of both compared (they must be equal);
#   - GET /api/v1/projects/1/indicators with an auditor's API token on a server on a free
#     127.0.0.1 port: one warm-up, then the median of BENCH_RUNS of curl's time_total;
#   - prints a markdown section (the results file is written by hand from it).
# Environment: BUILD (build), BENCH_INDICATOR_SCALE (2000), BENCH_RUNS (5), BENCH_AS_OF (today).
# Everything it starts is stopped on exit; only files in a temporary directory are written.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SCALE=${BENCH_INDICATOR_SCALE:-2000}
RUNS=${BENCH_RUNS:-5}
AS_OF=${BENCH_AS_OF:-$(TZ=Asia/Shanghai date +%F)}
TARGET_MS=1000

die() { echo "indicators_scale: $*" >&2; exit 1; }
for tool in curl node sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang bench/indicators_bench >/dev/null
BIN="$PWD/$BUILD/taxiang"
TOOL="$PWD/$BUILD/bench/indicators_bench"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-indicators-bench.XXXXXX")
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
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

DB="$work/x.db"
"$BIN" init --db "$DB" >/dev/null
t0=$(now_ms)
"$BIN" demo --db "$DB" --scale "$SCALE" >/dev/null
seed_s=$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN {printf "%.1f", ms / 1000}')
counts=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM projects), (SELECT count(*) FROM participants),
  (SELECT count(*) FROM survey_responses), (SELECT count(*) FROM attendance),
  (SELECT count(*) FROM ties), (SELECT count(*) FROM course_sessions)")
IFS='|' read -r n_projects n_participants n_responses n_attendance n_ties n_sessions <<<"$counts"

# the engine
"$TOOL" time --db "$DB" --project 1 --as-of "$AS_OF" --runs "$RUNS" >"$work/engine.txt"
engine_ms=$(awk '$1 == "median_ms" {print $2}' "$work/engine.txt")

# the shell: the same ten texts, RUNS + 1 passes in one process (the first warms up)
"$TOOL" sql --db "$DB" --project 1 --as-of "$AS_OF" >"$work/q.sql"
{
  echo ".timer on"
  for _ in $(seq 0 "$RUNS"); do cat "$work/q.sql"; done
} >"$work/shell.sql"
sqlite3 "$DB" <"$work/shell.sql" >"$work/shell.out" 2>&1
# per pass: the sum of the ten "Run Time: real" values
shell_ms=$(awk '/^Run Time: real/ {s += $4; n++; if (n % 10 == 0) {print s * 1000; s = 0}}' "$work/shell.out" \
  | tail -n +2 | median)
ratio=$(awk -v e="$engine_ms" -v s="$shell_ms" 'BEGIN {printf "%.2f", (s > 0 ? e / s : 0)}')
# the figures agree
grep -v '^Run Time' "$work/shell.out" | head -10 | awk -F'|' '{print $2 "/" $1}' >"$work/shell.fig"
awk '$1 ~ /^ind_/ && $1 !~ /_ms$/ {print $2}' "$work/engine.txt" >"$work/engine.fig"
same=yes
cmp -s "$work/shell.fig" "$work/engine.fig" || same=NO

# the API
PORT=$(free_port)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" >/dev/null 2>"$work/serve.log" &
SPID=$!
wait_port "$PORT" || die "the server did not start: $(cat "$work/serve.log")"
TOKEN=$("$BIN" token create --db "$DB" --login auditor)
url="http://127.0.0.1:$PORT/api/v1/projects/1/indicators?as_of=$AS_OF"
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$url" || die "GET /indicators failed"
api_ms=$(for _ in $(seq 1 "$RUNS"); do
  curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$url"
done | awk '{print $1 * 1000}' | median)

verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v < t ? "yes" : "NO")}'; }
cat <<EOF
## Indicators at scale ($(date -u +%F))

- database: \`taxiang demo --scale $SCALE\` — $n_projects projects, $n_participants participants,
  $n_responses survey responses, $n_sessions sessions, $n_attendance attendance rows, $n_ties ties;
  seeded in ${seed_s} s
- as_of $AS_OF, project 1, median of $RUNS after a warm-up

| measure | ms | target |
|---|---:|---|
| full set, indicators_compute | $engine_ms | < $TARGET_MS: $(verdict "$engine_ms" "$TARGET_MS") |
| same ten SQL texts, sqlite3 shell | $shell_ms | |
| ratio engine / shell | $ratio | ≤ 2: $(verdict "$ratio" 2.0001) |
| GET /api/v1/projects/1/indicators | $api_ms | < $TARGET_MS: $(verdict "$api_ms" "$TARGET_MS") |

Figures equal in engine and shell: $same

Each indicator alone (indicators_compute's statement, median ms):

| indicator | ms | numerator/denominator |
|---|---:|---:|
$(awk '$1 ~ /_ms$/ && $1 != "median_ms" && $1 != "min_ms" && $1 != "max_ms" {k = substr($1, 5, length($1) - 7); ms[k] = $2}
       $1 ~ /^ind_/ && $1 !~ /_ms$/ {k = substr($1, 5); print "| " k " | " ms[k] " | " $2 " |"}' "$work/engine.txt")
EOF
