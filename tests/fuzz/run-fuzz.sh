#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzz.sh FUZZER DICT BUILDDIR CORPUS-DIR…
#
# A fuzzing run of $FUZZ_RUNS executions, seeded at 1 so that a run can be
# repeated. libFuzzer writes new inputs to its first corpus directory, so
# that one is in the build tree and the source corpus is only read. Fails
# (exit status non-zero) on any crash, leak, sanitizer report or timeout.
set -euo pipefail

fuzzer=$1 dict=$2 build=$3
shift 3
work="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts/"
# A fresh working corpus each run, so that a run can be repeated.
rm -rf "$work"
mkdir -p "$work" "$artifacts"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

exec "$fuzzer" -runs="${FUZZ_RUNS:-60000}" -seed=1 -max_len=16384 -timeout=30 \
  -rss_limit_mb=2048 -print_final_stats=1 -dict="$dict" \
  -artifact_prefix="$artifacts" "$work" "$@"
