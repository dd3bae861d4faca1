#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion of vnetlab-cli (data/vnetlab-cli.bash), sourced in
# bash and driven as bash does: commands, a command's options, and the
# object names of the design on the command line.
set -u
COMPLETION=${1:?completion script}
CLI=${VNL_CLI:?VNL_CLI not set}
SAMPLE=${2:?sample design}
source "$COMPLETION"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Installed name, as a user types it.
ln -s "$CLI" "$dir/vnetlab-cli"
PATH="$dir:$PATH"

failed=0
complete_line () {   # WORDS...: completes the last word
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _vnetlab_cli
  printf '%s\n' "${COMPREPLY[@]}"
}
expect () {   # NAME WANT GOT
  if grep -qx -- "$2" <<<"$3"; then echo "ok - $1"; else echo "not ok - $1: no “$2” in: $(echo $3)"; failed=1; fi
}
refuse () {
  if grep -qx -- "$2" <<<"$3"; then echo "not ok - $1: “$2” offered"; failed=1; else echo "ok - $1"; fi
}

got=$(complete_line vnetlab-cli "")
expect "commands: validate" validate "$got"
expect "commands: trace" trace "$got"
expect "commands: report" report "$got"
got=$(complete_line vnetlab-cli tr)
expect "prefix tr: trace" trace "$got"
refuse "prefix tr: not validate" validate "$got"

got=$(complete_line vnetlab-cli trace "$SAMPLE" --)
expect "trace options: --from" --from "$got"
expect "trace options: --down" --down "$got"
got=$(complete_line vnetlab-cli report "$SAMPLE" --)
expect "report options: --table" --table "$got"

# Names come from the design: every <vnet name=…> of the sample is offered
# after --down, subnets (not objects an option takes) are not.
vnets=$(sed -n 's/^[[:space:]]*<vnet name="\([^"]*\)".*/\1/p' "$SAMPLE")
got=$(complete_line vnetlab-cli trace "$SAMPLE" --down "")
for v in $vnets; do expect "--down offers VNet $v" "$v" "$got"; done
subnet=$(sed -n 's/^[[:space:]]*<subnet name="\([^"]*\)".*/\1/p' "$SAMPLE" | head -n1)
refuse "--down does not offer subnet $subnet" "$subnet" "$got"
first=$(echo $vnets | cut -d' ' -f1)
got=$(complete_line vnetlab-cli routes "$SAMPLE" "${first:0:2}")
expect "routes node from the design: $first" "$first" "$got"

# Flows: the flow command, its options (from its --help), the protocols.
got=$(complete_line vnetlab-cli fl)
expect "prefix fl: flow" flow "$got"
got=$(complete_line vnetlab-cli flow "$SAMPLE" --)
expect "flow options: --protocol" --protocol "$got"
expect "flow options: --diagnostics" --diagnostics "$got"
got=$(complete_line vnetlab-cli trace "$SAMPLE" --)
expect "trace options: --port" --port "$got"
expect "trace options: --source-port" --source-port "$got"
got=$(complete_line vnetlab-cli trace "$SAMPLE" --protocol "")
expect "--protocol offers tcp" tcp "$got"
expect "--protocol offers icmp" icmp "$got"
exit $failed
