# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for vnetlab-cli: its commands, each command's options
# (read from `vnetlab-cli COMMAND --help`, so they never go stale), design
# files, and the object names of the design on the command line for the
# options and arguments that take one (--from, --to, --down, --view, the
# node of `routes`), and its saved what-if scenarios for --scenario.

_vnetlab_cli_design ()
{
  local w
  for w in "${COMP_WORDS[@]}"; do
    case "$w" in *.vnetlab) [ -f "$w" ] && { printf '%s\n' "$w"; return; } ;; esac
  done
}

# The names of the objects of design $1 (not subnets, hops, locations,
# scenarios, routes or security rules: no option takes those as objects).
_vnetlab_cli_names ()
{
  sed -n -e '/<\(subnet\|hop\|location\|latency\|scenario\|route\|rule\) /d' \
         -e 's/^[[:space:]]*<[a-z-]* name="\([^"]*\)".*/\1/p' "$1" 2>/dev/null
}

# The saved what-if scenarios of design $1, one a line.
_vnetlab_cli_scenarios ()
{
  sed -n -e 's/^[[:space:]]*<scenario name="\([^"]*\)".*/\1/p' "$1" 2>/dev/null
}

_vnetlab_cli ()
{
  local cur prev i cmd="" design=""
  COMPREPLY=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local prog=${COMP_WORDS[0]}

  # The command: the first word after the program that is not an option.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
  done

  if [ -z "$cmd" ]; then
    local commands
    commands=$("$prog" --help 2>&1 | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi

  design=$(_vnetlab_cli_design)
  case "$prev" in
    --from|--to|--down|--view)
      [ -n "$design" ] && COMPREPLY=($(compgen -W "$(_vnetlab_cli_names "$design")" -- "$cur"))
      return ;;
    --scenario)
      if [ -n "$design" ]; then
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$(_vnetlab_cli_scenarios "$design")" -- "$cur"))
      fi
      return ;;
    -o|--output)
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    --protocol)
      COMPREPLY=($(compgen -W "tcp udp icmp" -- "$cur"))
      return ;;
  esac

  if [[ "$cur" == -* ]]; then
    local options
    options=$("$prog" "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi

  # `routes FILE NODE`: the node once the design is given.
  if [ "$cmd" = routes ] && [ -n "$design" ] && [ "$prev" != "$cmd" ]; then
    COMPREPLY=($(compgen -W "$(_vnetlab_cli_names "$design")" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -X '!*.vnetlab' -- "$cur") $(compgen -d -- "$cur"))
}

complete -o filenames -F _vnetlab_cli vnetlab-cli
