#!/usr/bin/env bash
# The cooperative at scale (issue: coop, "Performance"): settling a month of 1,000,000 pieces
# < 1 s; the trial balance over 1,000,000 ledger transactions < 200 ms; a member's fund page
# p99 < 20 ms with those transactions in the ledger.
#   - builds the release binary and bench/coop_bench in ${BUILD:-build};
#   - a fresh database (`taxiang init`), then `coop_bench seed`: a project of its own with
#     BENCH_COOP_MEMBERS women taken through the pipeline and made members, BENCH_COOP_PIECES
#     piece records in one month and BENCH_COOP_TXNS ledger transactions (instalments of
#     orders with their levies, donations and grants), all through the domain functions in one
#     outer transaction, timed;
#   - `coop_bench settle`: coop_settle of that month, three runs rolled back (median) and one
#     committed; `coop_bench trial`: ledger_trial_balance, median of 5 — each with the
#     process's CPU time beside the wall clock;
#   - the reference, in the same run: the trial balance the naive way, summing every line —
#     `SELECT account, sum(debit_fen), sum(credit_fen) FROM ledger_lines WHERE project_id = ?
#     GROUP BY account` — in the sqlite3 shell (.timer on, median of 5), and the same sums over
#     ledger_balances (what Taxiang reads) in the shell too;
#   - the server on a free 127.0.0.1 port; a member account linked to a member of the project
#     (`taxiang user add --role member --participant ID --project ID --password-stdin`) signs
#     in through the real login form (curl); then GET /projects/{pid}/fund, the fund page as
#     she sees it, 500 times one after another after 20 warm-up requests (node), p50 / p99 /
#     max, with GET /healthz the same way beside it as the floor of the machine;
#   - prints a markdown section.
# Environment: BUILD (build), BENCH_COOP_PIECES (1000000), BENCH_COOP_TXNS (1000000),
# BENCH_COOP_MEMBERS (200), BENCH_COOP_REQUESTS (500), BENCH_THREADS (the server's --threads).
# Everything it starts is stopped on exit; only files in a temporary directory are written.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
PIECES=${BENCH_COOP_PIECES:-1000000}
TXNS=${BENCH_COOP_TXNS:-1000000}
MEMBERS=${BENCH_COOP_MEMBERS:-200}
REQUESTS=${BENCH_COOP_REQUESTS:-500}
THREADS=${BENCH_THREADS:-}
SETTLE_TARGET_MS=1000
TRIAL_TARGET_MS=200
PAGE_TARGET_MS=20

die() { echo "coop_scale: $*" >&2; exit 1; }
for tool in curl node sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang bench/coop_bench >/dev/null
BIN="$PWD/$BUILD/taxiang"
CB="$PWD/$BUILD/bench/coop_bench"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-coop-bench.XXXXXX")
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
# field NAME FILE: the value of a "name value" line of coop_bench's output.
field() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$2"; }
# median_of FILE: the median of the numbers in FILE, one a line, then all of them sorted.
median_of() {
  sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%s", a[int((NR + 1) / 2)]; for (i = 1; i <= NR; i++) printf " %s", a[i]; print "" }'
}

# ---- the data -------------------------------------------------------------------------
DB="$work/taxiang.db"
"$BIN" init --db "$DB" >/dev/null
"$CB" seed --db "$DB" --pieces "$PIECES" --txns "$TXNS" --members "$MEMBERS" >"$work/seed.txt" \
  || die "coop_bench seed failed"
pid=$(field project "$work/seed.txt")
participant=$(field participant "$work/seed.txt")
month=$(field month "$work/seed.txt")
seed_s=$(field seconds "$work/seed.txt"); seed_cpu=$(field cpu_seconds "$work/seed.txt")
seed_pieces_s=$(field seconds_pieces "$work/seed.txt"); seed_ledger_s=$(field seconds_ledger "$work/seed.txt")
txns=$(sqlite3 "$DB" "SELECT count(*) FROM ledger_txns WHERE project_id = $pid")
lines=$(sqlite3 "$DB" "SELECT count(*) FROM ledger_lines WHERE project_id = $pid")
records=$(sqlite3 "$DB" "SELECT count(*) FROM coop_pieces WHERE project_id = $pid")
fund_lines=$(sqlite3 "$DB" "SELECT count(*) FROM ledger_lines WHERE project_id = $pid AND account = '3101'")
db_mb=$(du -m "$DB" | cut -f1)

# ---- the trial balance, then the settlement (which adds one transaction) ----------------
"$CB" trial --db "$DB" >"$work/trial.txt" || die "coop_bench trial failed"
trial_ms=$(field ms "$work/trial.txt"); trial_cpu=$(field cpu_ms "$work/trial.txt")
trial_runs=$(field runs "$work/trial.txt"); trial_balanced=$(field balanced "$work/trial.txt")
trial_accounts=$(field accounts "$work/trial.txt")

# the reference: the same sums in the sqlite3 shell, median of 5 (.timer's "real", in ms)
shell_ms() { # shell_ms SQL: prints the median and the sorted runs
  local sql=$1
  {
    echo ".timer on"
    printf '%s\n' "$sql" "$sql" "$sql" "$sql" "$sql"
  } | sqlite3 "$DB" 2>&1 | awk '/^Run Time:/ { printf "%.3f\n", $4 * 1000 }' >"$work/shell.times"
  [ "$(wc -l <"$work/shell.times")" = 5 ] || die "the sqlite3 shell did not time its runs"
  median_of "$work/shell.times"
}
read -r ref_lines_ms ref_lines_all < <(shell_ms "SELECT account, sum(debit_fen), sum(credit_fen) FROM ledger_lines WHERE project_id = $pid GROUP BY account;")
read -r ref_bal_ms ref_bal_all < <(shell_ms "SELECT account, sum(debit_fen), sum(credit_fen) FROM ledger_balances WHERE project_id = $pid GROUP BY account;")

"$CB" settle --db "$DB" >"$work/settle.txt" || die "coop_bench settle failed"
settle_ms=$(field ms "$work/settle.txt"); settle_cpu=$(field cpu_ms "$work/settle.txt")
settle_runs=$(field runs "$work/settle.txt"); settle_committed=$(field committed_ms "$work/settle.txt")
settle_pieces=$(field pieces "$work/settle.txt"); settle_members=$(field members "$work/settle.txt")

# ---- the member and her fund page ---------------------------------------------------------
password="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$password" | "$BIN" user add --db "$DB" --login bench-member --role member \
  --participant "$participant" --project "$pid" --password-stdin >/dev/null \
  || die "taxiang user add (member) failed"

port=$(free_port)
U="http://127.0.0.1:$port"
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" ${THREADS:+--threads "$THREADS"} >"$work/serve.log" 2>&1 &
SPID=$!
wait_port "$port" || die "the server did not start: $(cat "$work/serve.log")"

csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" -b "$jar" "$U/login" | csrf_of)
[ -n "$csrf" ] || die "no csrf field on /login"
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "csrf=$csrf" --data-urlencode login=bench-member \
  --data-urlencode "password=$password" --data-urlencode next=/ "$U/login")
[ "$code" = 303 ] || die "POST /login answered $code, not 303"
session=$(awk '$6 == "tx_session" { print $7 }' "$jar")
[ -n "$session" ] || die "no tx_session cookie after signing in"
COOKIE="tx_session=$session"
page_url="$U/projects/$pid/fund"
page_status=$(curl -s -o "$work/fund.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$page_url")
[ "$page_status" = 200 ] || die "GET $page_url as the member answered $page_status"
page_bytes=$(wc -c <"$work/fund.html")

# sequential requests on one kept-alive connection: "p50 p99 max" in ms
cat >"$work/latency.mjs" <<'EOF'
const [url, cookie, n] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const headers = cookie ? { Cookie: cookie } : {};
async function once() {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
for (let i = 0; i < 20; i++) await once(); // warm-up, not counted
const t = [];
for (let i = 0; i < n; i++) t.push(await once());
t.sort((a, b) => a - b);
const q = (p) => t[Math.min(t.length - 1, Math.ceil((p / 100) * t.length) - 1)];
console.log(`${q(50).toFixed(2)} ${q(99).toFixed(2)} ${t.at(-1).toFixed(2)}`);
EOF
read -r page_p50 page_p99 page_max < <(node "$work/latency.mjs" "$page_url" "$COOKIE" "$REQUESTS") \
  || die "the fund page measurement failed"
read -r hz_p50 hz_p99 hz_max < <(node "$work/latency.mjs" "$U/healthz" "" "$REQUESTS") \
  || die "the healthz measurement failed"
threads=$(grep -o -m1 '([0-9]* threads' "$work/serve.log" | head -1 | tr -dc 0-9)
kill -TERM "$SPID"; wait "$SPID" || true; SPID=

# ---- report -----------------------------------------------------------------------------
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo "NOT met"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "## The cooperative at scale"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the wall-clock figures; the CPU times beside them do not depend on it)"
echo "- binary: $("$BIN" --version) (release build in $BUILD); server threads: ${threads:-?}"
echo "- data: \`coop_bench seed\` through the domain functions — project $pid with $MEMBERS members, $records piece records in $month, $txns ledger transactions ($lines lines, $fund_lines on the fund account), seeded in $seed_s s (CPU $seed_cpu s; pieces $seed_pieces_s s, ledger $seed_ledger_s s); database $db_mb MB"
echo
echo "| case | figure |"
echo "|---|---:|"
echo "| settling $month: $settle_pieces accepted pieces of $records records, $settle_members members (coop_settle, median of 3 runs rolled back: $settle_runs ms) | $settle_ms ms (CPU $settle_cpu ms); committed run $settle_committed ms |"
echo "| trial balance over $txns transactions (ledger_trial_balance, $trial_accounts accounts, balanced: $trial_balanced; median of 5: $trial_runs ms) | $trial_ms ms (CPU $trial_cpu ms) |"
echo "| reference: the same sums over every line in the sqlite3 shell, \`SELECT account, sum(debit_fen), sum(credit_fen) FROM ledger_lines WHERE project_id = $pid GROUP BY account\` (median of 5: $ref_lines_all ms) | $ref_lines_ms ms ($(ratio "$ref_lines_ms" "$trial_ms") × Taxiang's) |"
echo "| reference: the sums over ledger_balances (the running sums Taxiang reads) in the sqlite3 shell (median of 5: $ref_bal_all ms) | $ref_bal_ms ms |"
echo
echo "| $REQUESTS requests one after another, after 20 warm-up | p50 | p99 | max |"
echo "|---|---:|---:|---:|"
echo "| GET /projects/$pid/fund, the fund page signed in as a member ($page_bytes B) | $page_p50 ms | $page_p99 ms | $page_max ms |"
echo "| reference: GET /healthz the same way (the floor of this machine) | $hz_p50 ms | $hz_p99 ms | $hz_max ms |"
echo
echo "### Targets"
echo
echo "- settling a month of $records piece records ($settle_pieces pieces) < $SETTLE_TARGET_MS ms: $settle_ms ms — $(verdict "$settle_ms < $SETTLE_TARGET_MS")"
echo "- trial balance over $txns transactions < $TRIAL_TARGET_MS ms: $trial_ms ms — $(verdict "$trial_ms < $TRIAL_TARGET_MS")"
echo "- the member's fund page p99 < $PAGE_TARGET_MS ms with $txns transactions: $page_p99 ms — $(verdict "$page_p99 < $PAGE_TARGET_MS")"
