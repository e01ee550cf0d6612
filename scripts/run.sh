#!/usr/bin/env bash
# make run: install what is missing, build, create the demo database if absent, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-taxiang.db}
listen=${2:-127.0.0.1:8080}

scripts/deps.sh build
[ -f build/build.ninja ] || meson setup build --buildtype=release >/dev/null
ninja -C build taxiang >/dev/null

if [ ! -f "$db" ]; then
  build/taxiang init --db "$db" >/dev/null
  build/taxiang demo --db "$db" >/dev/null
fi

cat <<MSG

  他乡 Taxiang is starting: http://$listen
  演示账号 / demo logins (login  role  password):
$(build/taxiang demo --accounts)

  按 Ctrl-C 停止 / press Ctrl-C to stop.

MSG
exec build/taxiang serve --db "$db" --listen "$listen"
