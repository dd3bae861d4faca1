#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end crash recovery with the real vnetlab under X (issue 11
# "Recovery that keeps work", issue 12 defect 7):
#  1. open a file, add a VNet, wait for the autosave, kill -9;
#  2. start again on the same file: Restore is offered; restored work is
#     unsaved (title "• "), closing asks, Cancel keeps the recovery file,
#     Save writes the file and only then the recovery file goes;
#  3. two documents (a new one and a file, two instances) edited and
#     killed leave two recovery files; a start without arguments offers
#     both and restores each into its own window;
#  4. a stale temporary file of an interrupted save goes at the next start.
# Needs DISPLAY and xdotool; skips (77) without them. SHOTS=DIR keeps
# screenshots.
set -u

[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY"; exit 77; }
command -v xdotool >/dev/null || { echo "SKIP: no xdotool"; exit 77; }
APP=${VNL_APP:?VNL_APP not set}
SAMPLES=${VNL_SAMPLES_DIR:?VNL_SAMPLES_DIR not set}

dir=$(mktemp -d)
export XDG_CACHE_HOME="$dir/cache"
recovery="$XDG_CACHE_HOME/vnetlab/recovery"
pids=()
cleanup () {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT

fail () { echo "FAIL: $*"; for l in "$dir"/log*; do echo "== $l"; cat "$l"; done; ls -la "$recovery" 2>/dev/null; exit 1; }
shot () { [ -n "${SHOTS:-}" ] && import -window root "$SHOTS/$1.png" 2>/dev/null; true; }

# Visible top-level windows of a process.
windows () { xdotool search --onlyvisible --pid "$1" 2>/dev/null; }
count_windows () { windows "$1" | wc -l; }
wait_windows () {   # PID N: until the process shows N windows
  for _ in $(seq 1 50); do
    [ "$(count_windows "$1")" -ge "$2" ] && return 0
    sleep 0.2
  done
  return 1
}
recovery_files () { ls "$recovery"/*.vnetlab 2>/dev/null | wc -l; }

start () {   # LOG ARGS...: starts vnetlab, sets $pid
  local log=$1; shift
  # Away from the canvas: a tooltip is a window of its own.
  xdotool mousemove 1590 990
  "$APP" "$@" >"$dir/$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_windows "$pid" 1 || fail "window did not appear"
  sleep 1
}

# Places a VNet by clicking the palette's first tile of window WIN.
add_vnet () {
  local win=$1
  xdotool windowmove "$win" 0 0 windowsize "$win" 1200 800 2>/dev/null
  sleep 0.5
  eval "$(xdotool getwindowgeometry --shell "$win")"
  xdotool mousemove $((X + 90)) $((Y + 47 + 40)) click 1
  sleep 0.5
  xdotool mousemove 1590 990
}

wait_title () {   # PID TEXT: until its main window's title has TEXT
  local w
  for _ in $(seq 1 50); do
    w=$(main_window "$1")
    case "$(xdotool getwindowname "$w" 2>/dev/null)" in *"$2"*) return 0;; esac
    sleep 0.2
  done
  fail "title never showed $2"
}

main_window () {   # PID: its window titled "… — VNetLab"
  for w in $(windows "$1"); do
    case "$(xdotool getwindowname "$w")" in *" — VNetLab") echo "$w"; return;; esac
  done
}

# Sends KEY to the process's dialog (the window not titled VNetLab).
dialog_key () {
  local w
  # Answers the process's dialog (its window not titled "… — VNetLab")
  # with KEY and waits until that dialog is gone; a key lost while focus
  # was still moving (there is no window manager) is sent again.
  for _ in $(seq 1 10); do
    w=""
    for c in $(windows "$1"); do
      case "$(xdotool getwindowname "$c" 2>/dev/null)" in *" — VNetLab") ;; *) w=$c;; esac
    done
    if [ -z "$w" ]; then sleep 0.3; continue; fi
    xdotool windowfocus "$w" 2>/dev/null; sleep 0.3
    xdotool key --window "$w" "$2" 2>/dev/null
    for _ in $(seq 1 10); do
      windows "$1" | grep -qx "$w" || return 0
      sleep 0.2
    done
  done
  return 1
}

# Asks window WIN of the process to close (Ctrl+Q) until a dialog shows.
ask_close () {
  for _ in $(seq 1 5); do
    xdotool windowfocus "$2" 2>/dev/null; sleep 0.3
    xdotool key --window "$2" ctrl+q
    for _ in $(seq 1 10); do
      [ "$(count_windows "$1")" -ge 2 ] && return 0
      kill -0 "$1" 2>/dev/null || return 1
      sleep 0.2
    done
  done
  return 1
}

file="$dir/lab.vnetlab"
cp "$SAMPLES/azure-interop-testbed.vnetlab" "$file"
before=$(grep -c '<vnet ' "$file")

# 1. Edit, autosave (a few seconds after the change), crash.
start log1 "$file"
wait_title $pid lab.vnetlab
win=$(main_window $pid)
add_vnet "$win"
case "$(xdotool getwindowname "$win")" in "• "*) ;; *) fail "edit not marked unsaved";; esac
sleep 5
[ "$(recovery_files)" -eq 1 ] || fail "no recovery file after the autosave"
kill -9 $pid; wait $pid 2>/dev/null
[ "$(recovery_files)" -eq 1 ] || fail "the crash lost the recovery file"
touch -d '1 hour ago' "$file.tmp-AbC123" "$dir/other.vnetlab.tmp-AbC123"

# 2. Start on the same file: offered, restored, unsaved.
start log2 "$file"
wait_windows $pid 2 || fail "restore not offered for the file argument"
[ ! -e "$file.tmp-AbC123" ] || fail "stale temporary file of an interrupted save kept"
[ -e "$dir/other.vnetlab.tmp-AbC123" ] || fail "another file's temporary removed"
shot recovery-offer
dialog_key $pid Return; sleep 1
win=$(main_window $pid)
title=$(xdotool getwindowname "$win")
echo "restored: $title"
case "$title" in "• lab.vnetlab"*) ;; *) fail "restored work not unsaved: $title";; esac
shot recovery-restored
[ "$(grep -c '<vnet ' "$file")" -eq "$before" ] || fail "restoring changed the file"

# Closing asks; Cancel (Escape) keeps the window and the recovery file.
ask_close $pid "$win" || fail "closing restored work did not ask"
shot recovery-close-asks
dialog_key $pid Escape || fail "no dialog"; sleep 1
[ "$(count_windows $pid)" -eq 1 ] || fail "Cancel left the dialog"
kill -0 $pid 2>/dev/null || fail "Cancel closed the app"
[ "$(recovery_files)" -eq 1 ] || fail "recovery file gone before the work was saved"

# Save (the default answer) writes to the file it came from.
ask_close $pid "$win" || fail "closing restored work did not ask again"
dialog_key $pid Return || fail "no dialog"; sleep 2
kill -0 $pid 2>/dev/null && fail "app still running after Save"
after=$(grep -c '<vnet ' "$file")
[ "$after" -eq $((before + 1)) ] || fail "saved file has $after VNets, expected $((before + 1))"
[ "$(recovery_files)" -eq 0 ] || fail "recovery file kept after the save"

# 3. Two documents, two instances, two recovery files.
start log3
add_vnet "$(main_window $pid)"
pid_a=$pid
other="$dir/second.vnetlab"
cp "$file" "$other"
start log4 "$other"
wait_title $pid second.vnetlab
add_vnet "$(main_window $pid)"
pid_b=$pid
sleep 5
[ "$(recovery_files)" -eq 2 ] || fail "two windows: $(recovery_files) recovery files"
kill -9 $pid_a $pid_b; wait $pid_a $pid_b 2>/dev/null
[ "$(recovery_files)" -eq 2 ] || fail "crash lost a recovery file"

start log5
wait_windows $pid 2 || fail "restore not offered at start-up"
dialog_key $pid Return; sleep 1
wait_windows $pid 2 || fail "second recovery not offered"
dialog_key $pid Return; sleep 1.5
shot recovery-two
unsaved=0
for w in $(windows $pid); do
  case "$(xdotool getwindowname "$w")" in "• "*" — VNetLab") unsaved=$((unsaved + 1));; esac
done
[ "$unsaved" -eq 2 ] || fail "expected two restored unsaved windows, got $unsaved"
# While they run, their slots are locked: a second instance offers nothing.
start log6
sleep 1
[ "$(count_windows $pid)" -eq 1 ] || { for w in $(windows $pid); do xdotool getwindowname $w; done; shot recovery-second; ls -la "$recovery"; fail "a second instance was offered a running window's work"; }
if grep -q "CRITICAL\|WARNING \*\*.*invalid" "$dir"/log*; then fail "criticals in the log"; fi
echo "recovery: restored, asked on close, saved; two documents kept apart"
exit 0
