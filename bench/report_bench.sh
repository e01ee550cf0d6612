#!/usr/bin/env bash
# Reports (issue 7, "Performance"): the evaluation PDF < 3 s, the evaluation XLSX < 5 s, an XLSX
# export of 1,000,000 rows < 20 s.
#   - builds the release binary in ${BUILD:-build};
#   - a fresh database with the demo programme (`taxiang init` + `taxiang demo`), and, when
#     BENCH_REPORT_SCALE=N > 1, a second one built by `taxiang demo --scale N`;
#   - on each: `taxiang report indicators --format pdf` and `--format xlsx` (the very code the
#     pages run: indicators, trend, period facts, de-identified participants, attendance and
#     money by month, then the drawing or the workbook), median of BENCH_REPORT_RUNS (3) runs,
#     wall clock, with `--format json` (the indicators alone) beside them;
#   - the 1,000,000-row export: `taxiang report bench-xlsx --rows N` writes N rows of six
#     columns (numbers and text, Chinese included) through the streaming workbook writer
#     (web/export.h: libxlsxwriter in constant-memory mode), its peak resident memory from
#     /usr/bin/time when present; the reference in the same run is the sqlite3 shell writing the
#     same rows (a recursive query) as CSV;
#   - prints a markdown section (bench/results/report_bench.md keeps the last one).
# Environment: BUILD (build), BENCH_REPORT_SCALE (1: the demo only), BENCH_REPORT_ROWS (1000000),
# BENCH_REPORT_RUNS (3). Only files in a temporary directory are written; it is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SCALE=${BENCH_REPORT_SCALE:-1}
ROWS=${BENCH_REPORT_ROWS:-1000000}
RUNS=${BENCH_REPORT_RUNS:-3}
PDF_TARGET_MS=3000
XLSX_TARGET_MS=5000
ROWS_TARGET_MS=20000

die() { echo "report_bench: $*" >&2; exit 1; }
for tool in sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done
if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-report-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# median of the runs of a command, in ms
median_ms() {
  local times=() t0 t1
  for _ in $(seq "$RUNS"); do
    t0=$(now_ms); "$@" >/dev/null; t1=$(now_ms)
    times+=($((t1 - t0)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
verdict() { if [ "$1" -lt "$2" ]; then echo "ok"; else echo "**over**"; fi; }

echo "## Reports ($(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -m), release build)"
echo
echo "| database | participants | sessions | json (indicators) ms | evaluation PDF ms | PDF pages | evaluation XLSX ms | XLSX bytes | PDF < 3 s | XLSX < 5 s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
bench_db() {
  local label=$1 db=$2
  local people sessions json pdf xlsx pages size
  people=$(sqlite3 "$db" "SELECT count(*) FROM participants WHERE project_id = 1")
  sessions=$(sqlite3 "$db" "SELECT count(*) FROM course_sessions WHERE project_id = 1")
  json=$(median_ms "$BIN" report indicators --db "$db" --project 1 --format json)
  pdf=$(median_ms "$BIN" report indicators --db "$db" --project 1 --format pdf --out "$TMP/e.pdf")
  xlsx=$(median_ms "$BIN" report indicators --db "$db" --project 1 --format xlsx --out "$TMP/e.xlsx")
  pages=$( (command -v pdfinfo >/dev/null && pdfinfo "$TMP/e.pdf" | awk '/^Pages:/ {print $2}') || echo "?")
  size=$(stat -c %s "$TMP/e.xlsx")
  echo "| $label | $people | $sessions | $json | $pdf | $pages | $xlsx | $size | $(verdict "$pdf" $PDF_TARGET_MS) | $(verdict "$xlsx" $XLSX_TARGET_MS) |"
}

"$BIN" init --db "$TMP/demo.db" >/dev/null
"$BIN" demo --db "$TMP/demo.db" >/dev/null
bench_db "demo" "$TMP/demo.db"
if [ "$SCALE" -gt 1 ]; then
  t0=$(now_ms)
  "$BIN" init --db "$TMP/scale.db" >/dev/null
  "$BIN" demo --db "$TMP/scale.db" --scale "$SCALE" >/dev/null
  t1=$(now_ms)
  bench_db "demo --scale $SCALE (built in $(( (t1 - t0) / 1000 )) s; project 1 of $SCALE)" "$TMP/scale.db"
fi

echo
echo "| export of $ROWS rows × 6 columns | ms | bytes | peak RSS KiB | target |"
echo "|---|---:|---:|---:|---|"
rss=""
t0=$(now_ms)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$TMP/rss" "$BIN" report bench-xlsx --rows "$ROWS" --out "$TMP/rows.xlsx"
  rss=$(cat "$TMP/rss")
else
  "$BIN" report bench-xlsx --rows "$ROWS" --out "$TMP/rows.xlsx"
fi
t1=$(now_ms)
x_ms=$((t1 - t0))
echo "| Taxiang streaming XLSX (\`report bench-xlsx\`) | $x_ms | $(stat -c %s "$TMP/rows.xlsx") | ${rss:-?} | $(verdict "$x_ms" $ROWS_TARGET_MS) (< 20 s) |"
t0=$(now_ms)
sqlite3 -csv :memory: "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < $ROWS)
  SELECT i, printf('2023-%02d-%02d', i % 12 + 1, i % 28 + 1), printf('P%06d', i),
         '家政服务 ' || (i % 50), i % 40, i * 37 % 100000 FROM r" > "$TMP/rows.csv"
t1=$(now_ms)
echo "| reference: sqlite3 -csv of the same rows | $((t1 - t0)) | $(stat -c %s "$TMP/rows.csv") | | |"
