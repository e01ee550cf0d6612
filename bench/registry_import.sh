#!/usr/bin/env bash
# Registry import benchmark (issue: intake, "Performance").
#   - generates a deterministic CSV of ROWS (default 1,000,000) residents in a temporary
#     directory: Chinese headers, names, valid 18-digit ID numbers (GB 11643 check digits,
#     real birth dates, all distinct), mobile numbers, addresses, every tenth address quoted
#     with a comma inside;
#   - times `taxiang import registry` of it into a fresh database (init + one project) with
#     the release build in ${BUILD:-build}, RUNS times;
#   - taking turns with it, times the sqlite3 shell's `.import --csv` of the same file into a
#     plain table of four text columns (no validation, no encryption, no index): the reference;
#   - prints a markdown section: rows/s of both (medians, and every run), their ratio, and
#     whether the target of 300,000 rows/s is met. Exits 1 if the import fails or does not
#     account for every row.
# Environment: BUILD (default build), ROWS (default 1000000), TARGET (default 300000),
# RUNS (default 5: each figure is the median of that many runs).
# Only files in a temporary directory are touched; nothing is started in the background.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
ROWS=${ROWS:-1000000}
TARGET=${TARGET:-300000}
RUNS=${RUNS:-5}

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"
command -v sqlite3 >/dev/null || { echo "registry_import: sqlite3 (the shell) is needed" >&2; exit 1; }
command -v node >/dev/null || { echo "registry_import: node is needed to generate the data" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-regbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
CSV="$work/registry.csv"

# ---- the data (deterministic: the same file every run) -------------------------------
node - "$ROWS" "$CSV" <<'EOF'
const fs = require('fs');
const rows = Number(process.argv[2]);
const out = fs.openSync(process.argv[3], 'w');
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const regions = ['610802', '610803', '610821', '610822', '110105', '310104', '440106', '510107'];
const surnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const given = [...'秀英桂兰玉梅凤华春燕丽芳敏静霞红艳娟琴云莲珍雪荣爱萍娜慧巧美娥翠婷月彩霖晓'];
const days = [];
for (let t = Date.UTC(1950, 0, 1); t <= Date.UTC(2005, 11, 31); t += 86400000) {
  const d = new Date(t);
  days.push(`${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`);
}
let seed = 20240601;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
let chunk = ['姓名,身份证号,电话,住址\r\n'];
for (let i = 0; i < rows; i++) {
  // i -> (region, day, sequence) one to one: every ID number is distinct
  const r = i % regions.length;
  const j = Math.floor(i / regions.length);
  const day = days[j % days.length];
  const seq = String(Math.floor(j / days.length) * 7 % 1000).padStart(3, '0');
  const first17 = regions[r] + day + seq;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += (first17.charCodeAt(k) - 48) * W[k];
  const id = first17 + CHECK[sum % 11];
  const name = surnames[rnd(surnames.length)] + given[rnd(given.length)] + (rnd(3) ? given[rnd(given.length)] : '');
  const phone = '1' + '3456789'[i % 7] + String(100000000 + ((i * 7919) % 900000000)).slice(-9);
  const addr = i % 10 === 0
    ? `"西闫社区${1 + (i % 40)}号楼, ${1 + (i % 6)}单元${100 + (i % 30)}室"`
    : `西闫社区${1 + (i % 40)}号楼${1 + (i % 6)}单元${100 + (i % 30)}室`;
  chunk.push(`${name},${id},${phone},${addr}\r\n`);
  if (chunk.length >= 20000) { fs.writeSync(out, chunk.join('')); chunk = []; }
}
fs.writeSync(out, chunk.join(''));
fs.closeSync(out);
EOF
bytes=$(stat -c %s "$CSV")

# ---- taxiang import, and the reference, RUNS times each, taking turns -----------------
# The machine's speed drifts from run to run (a shared host): each figure is the median of
# RUNS runs, every run into a fresh database, taxiang and sqlite3 taking turns so a slow
# stretch hits both; every run is listed.
DB="$work/taxiang.db"
REF="$work/plain.db"
times=""
ref_times=""
for run in $(seq 1 "$RUNS"); do
  rm -f "$DB" "$DB".key "$DB"-wal "$DB"-shm "$DB"-journal "$REF"
  "$BIN" init --db "$DB" >/dev/null
  PROJECT=$("$BIN" project add --db "$DB" --name bench --community bench)
  sync # nothing left to write back from the run before (or the generator): each starts clean
  t0=$(date +%s.%N)
  "$BIN" import registry --db "$DB" --project "$PROJECT" "$CSV" >"$work/import.out" 2>"$work/import.err"
  t1=$(date +%s.%N)
  summary=$(cat "$work/import.out")
  imported=$(sed -n 's/^imported \([0-9]*\), .*/\1/p' "$work/import.out")
  if [ "${imported:-0}" != "$ROWS" ]; then
    echo "registry_import: expected $ROWS imported, got: $summary" >&2
    head -5 "$work/import.err" >&2
    exit 1
  fi
  times="$times $t0:$t1"

  # the reference: the sqlite3 shell's .import of the same file into a plain table
  sqlite3 "$REF" "CREATE TABLE registry(name TEXT, id_number TEXT, phone TEXT, address TEXT)"
  sync
  t2=$(date +%s.%N)
  sqlite3 "$REF" ".import --csv --skip 1 $CSV registry"
  t3=$(date +%s.%N)
  ref_times="$ref_times $t2:$t3"
done
records=$(sqlite3 "$DB" "SELECT count(*) FROM registry")
ref_records=$(sqlite3 "$REF" "SELECT count(*) FROM registry")
db_mb=$(du -m "$DB" | cut -f1)

# ---- the same file again: every row an update ------------------------------------------
sync
t4=$(date +%s.%N)
"$BIN" import registry --db "$DB" --project "$PROJECT" "$CSV" >"$work/reimport.out" 2>/dev/null
t5=$(date +%s.%N)

awk -v rows="$ROWS" -v bytes="$bytes" -v times="$times" -v ref_times="$ref_times" \
    -v t4="$t4" -v t5="$t5" -v runs="$RUNS" \
    -v target="$TARGET" -v records="$records" -v ref_records="$ref_records" -v dbmb="$db_mb" \
    -v summary="$summary" -v resummary="$(cat "$work/reimport.out")" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
BEGIN {
  t = median(times, ts, tl); tr = median(ref_times, rs, rl); tu = t5 - t4
  rate = rows / t; ref = ref_records / tr; urate = rows / tu
  printf "## Registry import (%d rows)\n\n", rows
  printf "Generated CSV: %.1f MiB (Chinese headers, UTF-8, CRLF, every tenth address quoted); %s; load %s.\n\n", bytes / 1048576, date, loadavg()
  printf "| what | seconds (median of %d) | rows/s | ratio to sqlite3 .import |\n|---|---:|---:|---:|\n", runs
  printf "| `taxiang import registry` into a fresh database | %.2f | %.0f | %.2f |\n", t, rate, rate / ref
  printf "| the same file again (every row an update; one run) | %.2f | %.0f | %.2f |\n", tu, urate, urate / ref
  printf "| `sqlite3` shell `.import --csv`, plain table, no checks | %.2f | %.0f | 1.00 |\n\n", tr, ref
  printf "Each run, seconds: taxiang %s; sqlite3 %s.\n\n", tl[0], rl[0]
  printf "taxiang: `%s` then `%s`; %d records, database %d MiB. sqlite3: %d rows.\n\n", summary, resummary, records, dbmb, ref_records
  printf "Target >= %d rows/s: **%s** (%.0f rows/s, the median run).\n", target, (rate >= target ? "met" : "NOT met"), rate
}
# "start:end" pairs: the median of end - start; out[0] lists each in run order
function median(list, a, out,   n, i, j, v, p) {
  n = split(list, a, " ")
  out[0] = ""
  for (i = 1; i <= n; i++) {
    split(a[i], p, ":"); a[i] = p[2] - p[1]
    out[0] = out[0] (i > 1 ? ", " : "") sprintf("%.2f", a[i])
  }
  for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function loadavg(   l) { getline l < "/proc/loadavg"; split(l, a, " "); return a[1] " " a[2] " " a[3] }'
