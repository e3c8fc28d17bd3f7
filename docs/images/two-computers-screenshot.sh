#!/usr/bin/env bash
# Makes launcher-two-computers.png under Xvfb: a `lockctl run` on "desk-pc" trades account 100001
# through a lock server, and a launcher on "laptop" is refused it, with the refusal's actions.
# Needs a PostgreSQL server (14 or newer) named by LOCK_SERVER, e.g.
#   LOCK_SERVER=postgresql://postgres@localhost:5432/postgres PGPASSWORD=... docs/images/two-computers-screenshot.sh
# and Xvfb, openbox, xdotool and imagemagick (Debian: apt-get install xvfb openbox xdotool imagemagick).
set -euo pipefail
: "${LOCK_SERVER:?set LOCK_SERVER to the URL of the lock server}"
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/lock-gui/target/lock-gui.jar"
work=$(mktemp -d -t instance-lock-two.XXXX)
mkdir -p "$work/desk" "$work/laptop"
display=:$((90 + RANDOM % 100))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/bin/launcher" --help >/dev/null   # builds the jar if needed
Xvfb "$display" -screen 0 1500x900x24 -dpi 96 >/dev/null 2>&1 & pids+=($!)
sleep 1
export DISPLAY=$display
openbox >/dev/null 2>&1 & pids+=($!)
sleep 1

INSTANCELOCK_HOST=desk-pc "$root/bin/lockctl" --dir "$work/desk/locks" --server "$LOCK_SERVER" \
  run --broker john_topstep 100001 -- sleep 600 >"$work/holder.log" 2>&1 & pids+=($!)
until INSTANCELOCK_HOST=laptop "$root/bin/lockctl" --dir "$work/laptop/locks" --server "$LOCK_SERVER" \
  status 100001 >/dev/null 2>&1; [ $? -eq 75 ]; do sleep 0.5; done
INSTANCELOCK_HOST=laptop java -Djava.util.prefs.userRoot="$work/prefs" \
  -Dinstancelock.gui.reportFile="$work/laptop.properties" -jar "$jar" --theme light \
  --lock-dir "$work/laptop/locks" --server "$LOCK_SERVER" --account 100001 --start >"$work/laptop.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "dialog.title" "$work/laptop.properties" 2>/dev/null && break; sleep 0.5; done
sleep 3
import -window root -crop 1160x600+160+60 +repage "$root/docs/images/launcher-two-computers.png"
echo "wrote $root/docs/images/launcher-two-computers.png"
