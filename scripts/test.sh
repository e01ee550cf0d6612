#!/usr/bin/env bash
# make test: every test, built with AddressSanitizer and UndefinedBehaviorSanitizer.
#   1. cmocka unit tests (one binary per module, TAP output)
#   2. HTTP tests against the real server, and browser tests in headless Chromium (node:test)
#   3. short, fixed-length libFuzzer runs of the form/query/JSON decoders and of the
#      registry CSV reader, encoding detection, normalisers and import
# Ends with one line: "tests: N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test
if [ ! -f build-test/build.ninja ]; then
  CC=clang meson setup build-test -Dtests=true -Dbuildtype=debug -Doptimization=1 \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args='-fno-sanitize-recover=all -fno-omit-frame-pointer' >/dev/null || exit 1
fi
ninja -C build-test >/dev/null || { ninja -C build-test; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent || exit 1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TAXIANG_BIN="$PWD/build-test/taxiang"
pass=0
fail=0
log=$(mktemp -d)

echo "== unit tests"
for t in build-test/tests/unit/test_*; do
  [ -f "$t" ] && [ -x "$t" ] || continue   # not the meson test_*.p object directories
  name=$(basename "$t")
  CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log/$name.out" 2>&1
  rc=$?
  p=$(grep -c '^ok ' "$log/$name.out")
  f=$(grep -c '^not ok ' "$log/$name.out")
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a crash or sanitizer abort
  pass=$((pass + p)); fail=$((fail + f))
  printf '   %-28s %3d passed, %d failed\n' "$name" "$p" "$f"
  [ "$f" -eq 0 ] || grep -v '^ok ' "$log/$name.out" | tail -40
done

echo "== HTTP and browser tests"
node --test --test-concurrency=1 --test-reporter=tap tests/http/ tests/e2e/ >"$log/node.out" 2>&1
rc=$?
p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log/node.out" | tail -1)
f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log/node.out" | tail -1)
p=${p:-0}; f=${f:-0}
if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
pass=$((pass + p)); fail=$((fail + f))
printf '   %-28s %3d passed, %d failed\n' "node:test" "$p" "$f"
[ "$f" -eq 0 ] || grep -B2 -A30 '^not ok\|^    not ok\|^        not ok' "$log/node.out" | head -150

echo "== fuzzing (decoders, fixed time)"
fz=build-test/tests/fuzz/fuzz_decode
if [ -x "$fz" ]; then
  mkdir -p "$log/corpus"
  cp tests/fuzz/corpus/* "$log/corpus/" 2>/dev/null
  if "$fz" -max_total_time="${FUZZ_SECONDS:-30}" -seed=1 -print_final_stats=1 "$log/corpus" >"$log/fuzz.out" 2>&1; then
    pass=$((pass + 1)); printf '   %-28s passed (%s)\n' fuzz_decode "$(grep -m1 'stat::number_of_executed_units' "$log/fuzz.out" | awk '{print $2}') runs"
  else
    fail=$((fail + 1)); echo "   fuzz_decode FAILED"; tail -40 "$log/fuzz.out"
  fi
else
  fail=$((fail + 1)); echo "   fuzz_decode was not built"
fi

echo "== fuzzing (registry CSV, fixed time)"
fz=build-test/tests/fuzz/fuzz_csv
if [ -x "$fz" ]; then
  # seeds: the first byte picks the reader (0 decode+parse, 1 parse, 2 ID, 3 phone, 4 date, 5 import)
  mkdir -p "$log/corpus_csv"
  printf '\000\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,id\r\n"a,""b""\r\nc",x\r\n\r\n' >"$log/corpus_csv/utf8"
  printf '\000\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5\n\xCD\xF5\xB7\xBC,1\n' >"$log/corpus_csv/gbk"
  printf '\00261080219900101123x' >"$log/corpus_csv/id"
  printf '\0026.10802E+17' >"$log/corpus_csv/excel"
  printf '\003+86 138-1234-5678' >"$log/corpus_csv/phone"
  printf '\0042021/5/3' >"$log/corpus_csv/date"
  printf '\005name,id_number,phone,address,birth_date\nA,61080219900101123X,13812345678,"x,\ny",1990-01-01\nB,610802198512030024\n' >"$log/corpus_csv/import"
  if "$fz" -max_total_time="${FUZZ_SECONDS:-30}" -seed=1 -print_final_stats=1 "$log/corpus_csv" >"$log/fuzz_csv.out" 2>&1; then
    pass=$((pass + 1)); printf '   %-28s passed (%s)\n' fuzz_csv "$(grep -m1 'stat::number_of_executed_units' "$log/fuzz_csv.out" | awk '{print $2}') runs"
  else
    fail=$((fail + 1)); echo "   fuzz_csv FAILED"; tail -40 "$log/fuzz_csv.out"
  fi
else
  fail=$((fail + 1)); echo "   fuzz_csv was not built"
fi

rm -rf "$log"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
