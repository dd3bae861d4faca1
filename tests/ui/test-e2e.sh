#!/bin/sh
# End-to-end: start the real vnetlab under X, place two VNets from the
# palette, connect them with a peering (Ctrl+drag), save with Ctrl+S and
# check the saved file. Needs DISPLAY (xvfb-run -a meson test --suite ui)
# and xdotool; skips (77) without them.
set -u

[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY"; exit 77; }
command -v xdotool >/dev/null || { echo "SKIP: no xdotool"; exit 77; }
APP=${VNL_APP:?VNL_APP not set}

dir=$(mktemp -d)
out="$dir/e2e.vnetlab"
export XDG_CACHE_HOME="$dir/cache"
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT

"$APP" "$out" >"$dir/log" 2>&1 &
pid=$!

win=""
for i in $(seq 1 50); do
  win=$(xdotool search --sync --onlyvisible --pid $pid 2>/dev/null | head -n1)
  [ -n "$win" ] && break
  sleep 0.2
done
[ -n "$win" ] || { echo "window did not appear"; cat "$dir/log"; exit 1; }
sleep 1
xdotool windowmove $win 0 0 windowsize $win 1200 800 2>/dev/null
sleep 1
eval $(xdotool getwindowgeometry --shell $win)

# Layout of the window (see ui/vnl-window.ui): the palette as wide as its
# labels (about 225 px) at the left, inspector 340 px + scrollbar and
# separators (about 362 px) at the right, header bar about 47 px.
px=$((X + 90)); py=$((Y + 47 + 40))           # "Virtual network" tile
cx=$((X + 225 + (1200 - 225 - 362) / 2))      # canvas centre
cy=$((Y + 47 + (800 - 47 - 30) / 2))

# Place a VNet (tile click puts it mid-view), move it left by dragging.
xdotool mousemove $px $py click 1; sleep 0.5
xdotool mousemove $cx $cy mousedown 1; sleep 0.2
xdotool mousemove $((cx - 100)) $cy; sleep 0.2
xdotool mousemove $((cx - 200)) $cy; sleep 0.2
xdotool mouseup 1; sleep 0.5

# Place the second VNet mid-view.
xdotool mousemove $px $py click 1; sleep 0.5

# Ctrl+drag from the first to the second: a peering.
xdotool mousemove $((cx - 200)) $cy keydown ctrl mousedown 1; sleep 0.2
xdotool mousemove $((cx - 100)) $cy; sleep 0.2
xdotool mousemove $cx $cy; sleep 0.2
xdotool mouseup 1 keyup ctrl; sleep 0.5

# Save.
xdotool key --window $win ctrl+s; sleep 1

[ -f "$out" ] || { echo "not saved"; cat "$dir/log"; ls -la "$dir"; exit 1; }
vnets=$(grep -c '<vnet ' "$out")
peerings=$(grep -c '<peering ' "$out")
echo "saved: $vnets VNets, $peerings peerings"
[ "$vnets" -eq 2 ] && [ "$peerings" -eq 1 ] || { cat "$out"; exit 1; }
exit 0
