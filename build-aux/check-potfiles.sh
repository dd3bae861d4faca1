#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with translatable strings is in po/POTFILES.in, which is
# sorted and names only files that exist.
set -eu
cd "${1:-$(dirname "$0")/..}"

status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')

if [ "$listed" != "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ]; then
  echo "po/POTFILES.in is not sorted"
  status=1
fi

for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in names a missing file: $f"; status=1; }
done

wanted=$( { grep -rlE '(^|[^A-Za-z0-9_])N?_ ?\(' src --include='*.c' || true;
            grep -rl 'translatable="yes"' src ui data --include='*.ui' --include='*.xml.in' --include='*.desktop.in' --include='*.in' 2>/dev/null || true; } | LC_ALL=C sort -u)
for f in $wanted; do
  printf '%s\n' "$listed" | grep -qx "$f" || { echo "missing from po/POTFILES.in: $f"; status=1; }
done

[ $status -eq 0 ] && echo "po/POTFILES.in is complete"
exit $status
