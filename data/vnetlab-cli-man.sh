#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the vnetlab-cli(1) man page from the program's own --help: the
# top-level help through help2man, plus one section per command from
# `vnetlab-cli COMMAND --help`, so the page always says what the program
# does. Usage: vnetlab-cli-man.sh CLI OUTPUT
set -euo pipefail
cli=$1
out=$2
include=$(mktemp)
trap 'rm -f "$include"' EXIT

commands=$("$cli" --help 2>&1 | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
{
  echo "[COMMANDS]"
  for c in $commands; do
    echo ".SS $c"
    echo ".nf"
    # Roff: a leading dot or quote would be a request; backslashes escape.
    # (A build without GTK lists export but cannot run it: its message.)
    { "$cli" "$c" --help 2>&1 || true; } | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
    echo ".fi"
  done
  echo "[SEE ALSO]"
  echo ".BR vnetlab (1)"
  echo ".PP"
  echo "The .vnetlab file format is described in docs/file-format.md."
} >"$include"

help2man --no-info --no-discard-stderr --section=1 \
  --name="plan and check Azure hybrid networks from the command line" \
  --include="$include" --output="$out" "$cli"
