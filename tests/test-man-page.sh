#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# vnetlab-cli(1), generated from --help, has a section for every command
# the program lists, and man can format it. Usage: CLI MANPAGE
set -u
cli=$1
page=$2
status=0
grep -q '^\.SH COMMANDS' "$page" || { echo "no COMMANDS section"; status=1; }
for c in $("$cli" --help 2>&1 | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
  grep -qx "\.SS $c" "$page" || { echo "no section for $c"; status=1; }
  # The command's own options appear in its section.
  for o in $("$cli" "$c" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "${o//-/\\\\-}\|$o" "$page" || { echo "$c: $o missing"; status=1; }
  done
done
if command -v man >/dev/null; then
  man -l "$page" >/dev/null 2>&1 || { echo "man cannot format $page"; status=1; }
fi
[ $status -eq 0 ] && echo "vnetlab-cli.1 covers every command"
exit $status
