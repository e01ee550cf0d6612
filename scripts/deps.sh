#!/usr/bin/env bash
# Installs the Debian packages Taxiang needs, and only those that are missing.
# Usage: scripts/deps.sh [build|test|bench]   (each group includes the ones before it)
# Idempotent: when everything is present it prints nothing and changes nothing.
set -euo pipefail

group=${1:-build}
build_pkgs=(gcc pkg-config meson ninja-build
            libmicrohttpd-dev libsqlite3-dev sqlite3 libsodium-dev libjansson-dev
            libxlsxwriter-dev libqrencode-dev libpango1.0-dev libcairo2-dev fonts-wqy-microhei)
test_pkgs=(libcmocka-dev clang libclang-rt-14-dev chromium curl poppler-utils)
bench_pkgs=(wrk nginx-light)

want=("${build_pkgs[@]}")
case "$group" in
  build) ;;
  test)  want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js may come from Debian (nodejs + npm) or from elsewhere with npm bundled.
if [ "$group" != build ] && ! command -v npm >/dev/null 2>&1; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
