#!/usr/bin/env bash
# Training at scale (issue: training, "Performance"): with 100,000 participants and 10,000,000
# attendance rows, one woman's attendance rate < 5 ms, a session's roll-call page p99 < 20 ms,
# saving a roll call of 50 < 20 ms.
#   - builds the release binary in ${BUILD:-build};
#   - a fresh database with `taxiang demo --scale N` (N = BENCH_SCALE, default 1250: 100,000
#     participants, each community with its four courses, ~96 sessions and their roll calls),
#     timed;
#   - the attendance table topped up to BENCH_ATTENDANCE_ROWS (default 10,000,000) rows with
#     the sqlite3 shell: every course of every community gets the same number of extra evening
#     classes (dated between July 2021 and mid-2023), and the women enrolled in each course
#     attend about 95% of them, round after round, until the count is reached (so the rows are
#     spread over all participants and courses); the report says how many were added;
#   - a benchmark course in project 1 with its 50 women (the signed and the exited of the
#     demo community) enrolled and one session, also with the sqlite3 shell (the exited women
#     cannot be enrolled through the API any more);
#   - the server on a free 127.0.0.1 port; `worker` signs in through the real login form with
#     curl (GET /login for the tx_pre cookie and the csrf field, then POST /login), and an API
#     token comes from `taxiang token create`;
#   - one woman's rate: GET /api/v1/projects/1/participants/{id}/attendance for the woman of
#     project 1 with the most attendance rows, curl's time_total, one warm-up call, then the
#     median of 5, and the server's CPU time per call (target < 5 ms);
#   - saving a roll call of 50: PUT /api/v1/projects/1/sessions/{sid}/attendance with the 50
#     women, each time after an untimed PUT of an empty roll call (so that every timed PUT writes
#     50 rows), one warm-up pair, then the median of 7 (target < 20 ms);
#   - the roll-call page /projects/1/sessions/{sid} of that session (50 women, all present),
#     signed in as worker: wrk -t2 -c64 -d${BENCH_SECONDS:-10}s --latency (target p99 < 20 ms),
#     with GET /healthz under the same load beside it as the floor of the machine;
#   - prints a markdown section.
# Environment: BUILD (build), BENCH_SCALE (1250), BENCH_SECONDS (10), BENCH_THREADS (the
# server's --threads; default its own), BENCH_ATTENDANCE_ROWS (10000000).
# Everything it starts is stopped on exit; only files in a temporary directory are written.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
SCALE=${BENCH_SCALE:-1250}
SECS=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-}
ROWS=${BENCH_ATTENDANCE_ROWS:-10000000}
CONNS=64
RATE_TARGET_MS=5
PAGE_TARGET_MS=20
SAVE_TARGET_MS=20

die() { echo "training_scale: $*" >&2; exit 1; }
for tool in curl wrk node sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is needed (scripts/deps.sh bench installs it)"
done

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" taxiang >/dev/null
BIN="$PWD/$BUILD/taxiang"

work=$(mktemp -d "${TMPDIR:-/tmp}/taxiang-training-bench.XXXXXX")
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
  [ "$rc" -eq 0 ] || echo "training_scale: warning: the server exited with $rc" >&2
}

# CPU time the server has used so far, in ns: the sum over its threads (schedstat), so
# that a figure independent of other work on the machine stands beside the wall clock.
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
demo_rows=$(sqlite3 "$DB" "SELECT count(*) FROM attendance")
demo_sessions=$(sqlite3 "$DB" "SELECT count(*) FROM course_sessions")
enrolments=$(sqlite3 "$DB" "SELECT count(*) FROM enrollments")
courses=$(sqlite3 "$DB" "SELECT count(*) FROM courses")
[ "$demo_rows" -gt 0 ] && [ "$enrolments" -gt 0 ] || die "the demo made no attendance (is training built?)"

# ---- top-up to ROWS attendance rows -----------------------------------------------------
added=0; rounds=0; t0=$(now_ms)
if [ "$demo_rows" -lt "$ROWS" ]; then
  need=$(( ROWS - demo_rows ))
  # rounds of one extra session per course; each round brings about 95% of the enrolments
  rounds=$(( need * 100 / (enrolments * 95) + 2 ))
  step=$(( 700 / rounds )); [ "$step" -ge 1 ] || step=1
  max_sid=$(sqlite3 "$DB" "SELECT max(id) FROM course_sessions")
  sqlite3 "$DB" <<EOF >/dev/null
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
-- the sessions round by round (round outer, course inner), so that a cut at the last
-- round spreads over every course
INSERT INTO course_sessions (project_id, course_id, kind, starts_at, minutes, topic, place, created_at)
  SELECT c.project_id, c.id, 'class',
         strftime('%Y-%m-%dT19:30:00+08:00', '2021-07-05', '+' || (k.n * $step) || ' days'),
         90, '加课（基准测试）', NULL, strftime('%Y-%m-%dT%H:%M:%S+08:00', 'now', '+8 hours')
  FROM (WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n + 1 < $rounds)
        SELECT n FROM k) AS k
  CROSS JOIN courses AS c
  ORDER BY k.n, c.id;
-- about 19 of 20 enrolled women at each, chosen by a fixed formula (reproducible)
INSERT INTO attendance (session_id, participant_id, how, at)
  SELECT s.id, e.participant_id, 'roll', s.starts_at
  FROM course_sessions AS s JOIN enrollments AS e ON e.course_id = s.course_id
  WHERE s.id > $max_sid AND (s.id * 7 + e.participant_id * 13) % 20 <> 0
  ORDER BY s.id
  LIMIT $need;
COMMIT;
EOF
  added=$(( $(sqlite3 "$DB" "SELECT count(*) FROM attendance") - demo_rows ))
fi
topup_ms=$(( $(now_ms) - t0 ))
total_rows=$(sqlite3 "$DB" "SELECT count(*) FROM attendance")
total_sessions=$(sqlite3 "$DB" "SELECT count(*) FROM course_sessions")

# ---- the benchmark course: 50 women of project 1, one session that has begun ---------------
# (a command substitution, not a process substitution: the shell must wait for the COMMIT)
bench=$(sqlite3 -separator ' ' "$DB" <<'EOF'
BEGIN;
INSERT INTO courses (project_id, name, skill, pass_score, teacher, place, created_at)
  VALUES (1, '基准测试课程', '基准测试', 60, NULL, '西闫社区活动中心',
          strftime('%Y-%m-%dT%H:%M:%S+08:00', 'now', '+8 hours'));
CREATE TEMP TABLE bc AS SELECT last_insert_rowid() AS id;
INSERT INTO enrollments (course_id, participant_id, enrolled_on)
  SELECT (SELECT id FROM bc), id, '2023-06-01' FROM participants
  WHERE project_id = 1 AND stage IN ('signed', 'exited') ORDER BY id LIMIT 50;
INSERT INTO course_sessions (project_id, course_id, kind, starts_at, minutes, topic, place, created_at)
  VALUES (1, (SELECT id FROM bc), 'class', '2023-06-20T14:30:00+08:00', 120, '基准测试', NULL,
          strftime('%Y-%m-%dT%H:%M:%S+08:00', 'now', '+8 hours'));
SELECT (SELECT id FROM bc), last_insert_rowid(),
       (SELECT count(*) FROM enrollments WHERE course_id = (SELECT id FROM bc));
COMMIT;
EOF
)
read -r bench_cid bench_sid bench_n <<<"$bench"
[ "${bench_n:-0}" = 50 ] || die "project 1 has ${bench_n:-0} signed or exited women, not 50"
ids50=$(sqlite3 "$DB" "SELECT group_concat(participant_id, ',') FROM enrollments WHERE course_id = $bench_cid")
bench_who=$(sqlite3 "$DB" "SELECT group_concat(n || ' ' || stage, ', ') FROM (SELECT p.stage, count(*) AS n
  FROM enrollments AS e JOIN participants AS p ON p.id = e.participant_id WHERE e.course_id = $bench_cid
  GROUP BY p.stage ORDER BY p.stage DESC)")
printf '{"participant_ids": [%s], "guests": []}' "$ids50" >"$work/roll50.json"
printf '{"participant_ids": [], "guests": []}' >"$work/roll0.json"
# the woman of project 1 with the most attendance rows
her=$(sqlite3 -separator ' ' "$DB" "
  SELECT a.participant_id, count(*) FROM attendance AS a JOIN participants AS p ON p.id = a.participant_id
  WHERE p.project_id = 1 GROUP BY a.participant_id ORDER BY count(*) DESC, a.participant_id LIMIT 1")
read -r her her_rows <<<"$her"
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
AUTH="Authorization: Bearer $TOKEN"

# ---- one woman's attendance rate ----------------------------------------------------------
rate_url="$U/api/v1/projects/1/participants/$her/attendance"
curl -sf -o "$work/rate.json" -H "$AUTH" "$rate_url" || die "the attendance API failed"
: >"$work/rate.times"
c0=$(server_cpu_ns)
for i in 1 2 3 4 5; do
  t=$(curl -sf -o "$work/rate.json" -w '%{time_total}' -H "$AUTH" "$rate_url") || die "the attendance API failed"
  ms_of "$t" >>"$work/rate.times"; echo >>"$work/rate.times"
done
c1=$(server_cpu_ns)
rate_cpu=$(awk -v d="$(( c1 - c0 ))" 'BEGIN { printf "%.2f", d / 5 / 1e6 }')
read -r rate_med rate_all < <(median_of "$work/rate.times")
rate_json=$(node -e 'const r=require(process.argv[1]);console.log(`expected ${r.expected}, attended ${r.attended}, rate ${r.rate}`)' "$work/rate.json")

# ---- saving a roll call of 50 ---------------------------------------------------------------
put_url="$U/api/v1/projects/1/sessions/$bench_sid/attendance"
put() { # put FILE: prints curl's time_total; dies unless 2xx
  curl -sf -o /dev/null -w '%{time_total}' -X PUT -H "$AUTH" -H 'Content-Type: application/json' \
    --data-binary "@$1" "$put_url" || die "PUT $put_url failed"
}
put "$work/roll50.json" >/dev/null; put "$work/roll0.json" >/dev/null   # warm-up
: >"$work/save.times"
save_cpu_ns=0
for i in 1 2 3 4 5 6 7; do
  put "$work/roll0.json" >/dev/null
  c0=$(server_cpu_ns)
  t=$(put "$work/roll50.json")
  c1=$(server_cpu_ns)
  save_cpu_ns=$(( save_cpu_ns + c1 - c0 ))
  ms_of "$t" >>"$work/save.times"; echo >>"$work/save.times"
done
save_cpu=$(awk -v d="$save_cpu_ns" 'BEGIN { printf "%.2f", d / 7 / 1e6 }')
read -r save_med save_all < <(median_of "$work/save.times")
present=$(curl -sf -H "$AUTH" "$put_url" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).participant_ids.length))')
[ "$present" = 50 ] || die "after the PUT the roll call has $present women, not 50"

# ---- the roll-call page -------------------------------------------------------------------
page_url="$U/projects/1/sessions/$bench_sid"
page_status=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$page_url")
[ "$page_status" = 200 ] || die "GET $page_url answered $page_status"
page_bytes=$(wc -c <"$work/page.html")
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
IFS='|' read -r page_rps page_p50 page_p99 page_bad < <(wrk_run page "$page_url" "Cookie: $COOKIE")
IFS='|' read -r hz_rps hz_p50 hz_p99 hz_bad < <(wrk_run healthz "$U/healthz" "Accept: application/json")
threads=$(grep -o -m1 '([0-9]* threads' "$work/serve.log" | head -1 | tr -dc 0-9)
stop_server

# ---- report -----------------------------------------------------------------------------
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo "NOT met"; }
echo "## Training at scale"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the figures)"
echo "- binary: $("$BIN" --version) (release build in $BUILD); server threads: ${threads:-?}"
echo "- data: \`taxiang demo --scale $SCALE\` — $participants participants, $courses courses, $enrolments enrolments, $demo_sessions sessions and $demo_rows attendance rows from the demo itself, built in $(secs "$demo_ms") s"
echo "- top-up with the sqlite3 shell (not through Taxiang): $rounds extra evening classes for each of the $courses courses, attended by about 95% of each course's women, round by round until the count was reached: $added rows added in $(secs "$topup_ms") s — $total_rows attendance rows, $total_sessions sessions; database $db_mb MB"
echo "- a benchmark course in project 1 with its 50 women ($bench_who) enrolled and one session, with the sqlite3 shell"
echo
echo "| case | figure |"
echo "|---|---:|"
echo "| one woman's attendance rate, GET /api/v1/projects/1/participants/$her/attendance ($her_rows attendance rows; $rate_json), curl time_total, median of 5 after one warm-up ($rate_all ms) | $rate_med ms (server CPU $rate_cpu ms per call) |"
echo "| saving a roll call of 50, PUT /api/v1/projects/1/sessions/$bench_sid/attendance after an untimed PUT of an empty one, curl time_total, median of 7 after one warm-up ($save_all ms) | $save_med ms (server CPU $save_cpu ms per save) |"
echo
echo "| load: \`wrk -t2 -c$CONNS -d${SECS}s --latency\` after a 1 s warm-up | requests/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|"
echo "| GET /projects/1/sessions/$bench_sid, the roll-call page of the 50 women (all present), signed in as worker ($page_bytes B) | $page_rps | $page_p50 ms | $page_p99 ms | $page_bad |"
echo "| reference: GET /healthz under the same load (the floor of this machine) | $hz_rps | $hz_p50 ms | $hz_p99 ms | $hz_bad |"
echo
echo "### Targets"
echo
echo "- one woman's attendance rate < $RATE_TARGET_MS ms with $participants participants and $total_rows attendance rows: $rate_med ms — $(verdict "$rate_med < $RATE_TARGET_MS")"
echo "- roll-call page p99 < $PAGE_TARGET_MS ms: $page_p99 ms — $(verdict "$page_p99 < $PAGE_TARGET_MS && $page_bad == 0")"
echo "- saving a roll call of 50 < $SAVE_TARGET_MS ms: $save_med ms — $(verdict "$save_med < $SAVE_TARGET_MS")"
