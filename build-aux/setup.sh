#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two set-up commands of the README, for a fresh Debian 12 machine (run
# as root, or with sudo available):
#
#   bash build-aux/setup.sh designer   install what is missing, build, open
#                                      the designer on the reference sample
#   bash build-aux/setup.sh test       install what is missing, build, run
#                                      every test headless (also under
#                                      AddressSanitizer/UBSan and valgrind);
#                                      ends with "N passed, N failed"
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libxml2-dev libxml2-utils libjson-glib-dev
  libcairo2-dev libpango1.0-dev librsvg2-dev libgraphviz-dev libpng-dev
  desktop-file-utils appstream-util help2man
  xvfb xauth xdotool imagemagick poppler-utils valgrind python3-jsonschema
  clang libclang-rt-14-dev graphviz
)

install_missing () {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

configure () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

# Counts meson's per-program results from its summary lines.
passed=0
failed=0
count () {
  local log=$1 ok fail
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  local xfail
  xfail=$(sed -n 's/^Expected Fail: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  ok=${ok:+$((ok + ${xfail:-0}))}
  fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  local timeout
  timeout=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  passed=$((passed + ${ok:-0}))
  failed=$((failed + ${fail:-0} + ${timeout:-0}))
  if [ -z "$ok" ]; then
    # meson did not get to its summary: the step itself failed.
    failed=$((failed + 1))
  fi
}

run_step () {
  local name=$1; shift
  local log="build-logs/$name.log"
  echo "== $name"
  set +e
  "$@" 2>&1 | tee "$log"
  set -e
  count "$log"
}

case "${1:-}" in
  designer)
    install_missing
    configure build
    exec ./build/src/app/vnetlab samples/azure-interop-testbed.vnetlab
    ;;

  test)
    install_missing
    mkdir -p build-logs
    export GTK_A11Y=none GDK_DEBUG=no-portals NO_AT_BRIDGE=1
    configure build-test --buildtype=debugoptimized
    run_step tests xvfb-run -a -s "-screen 0 1600x1000x24" \
      meson test -C build-test --print-errorlogs --num-processes 2

    # Memory safety: the core and the CLI under AddressSanitizer and UBSan…
    configure build-asan -Dgtk=false -Db_sanitize=address,undefined -Db_lundef=false
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      run_step asan meson test -C build-asan --print-errorlogs --suite core --num-processes 2

    # …and valgrind (leaks included) on the core tests and real CLI runs.
    run_step valgrind meson test -C build-test --setup valgrind --print-errorlogs \
      --suite core --suite valgrind --num-processes 2

    # A fuzzing run of a fixed number of executions (tests/fuzz), built with
    # clang's libFuzzer, ASan and UBSan; one meson test, counted as such.
    CC=clang configure build-fuzz -Dgtk=false -Dfuzzing=true
    run_step fuzz meson test -C build-fuzz --print-errorlogs --suite fuzz

    echo
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;

  *)
    echo "usage: $0 designer|test" >&2
    exit 2
    ;;
esac
