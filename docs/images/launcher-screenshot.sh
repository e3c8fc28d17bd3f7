#!/usr/bin/env bash
# Makes docs/images/launcher.png: two launchers on one lock directory under Xvfb, the first running
# the demo bot on account 100001, the second refused on that account.
# Needs Xvfb, openbox, xdotool and imagemagick (Debian: apt-get install xvfb openbox xdotool imagemagick).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t instance-lock-demo.XXXX)
display=:$((90 + RANDOM % 100))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/bin/launcher" --help >/dev/null   # builds the jar if needed
Xvfb "$display" -screen 0 1440x700x24 -dpi 96 >/dev/null 2>&1 & pids+=($!)
sleep 1
export DISPLAY=$display
openbox >/dev/null 2>&1 & pids+=($!)

launch() { # NAME ARGS...
  local name=$1; shift
  java -Dinstancelock.gui.reportFile="$work/$name.properties" -jar "$root/lock-gui/target/lock-gui.jar" \
    --lock-dir "$work/locks" --theme light "$@" >"$work/$name.log" 2>&1 & pids+=($!)
}
await() { # FILE PATTERN
  for _ in $(seq 1 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "timed out waiting for $2 in $1" >&2; exit 1
}

launch first --account 100001 --start
await "$work/first.properties" RUNNING
first=$(xdotool search --sync --onlyvisible --name "instance-lock launcher" | head -1)
xdotool windowmove "$first" 10 10
sleep 8   # a few lines of bot output
launch second --account 100001 --start
await "$work/second.properties" "dialog.title=Account already in use"
sleep 2
second=$(xdotool search --onlyvisible --name "instance-lock launcher" | grep -v "^$first$" | head -1)
xdotool windowmove "$second" 725 10
dialog=$(xdotool search --sync --onlyvisible --name "Account already in use" | head -1)
sleep 1
xdotool windowmove "$dialog" 760 200
sleep 2
import -window root "$root/docs/images/launcher.png"
echo "wrote $root/docs/images/launcher.png"
