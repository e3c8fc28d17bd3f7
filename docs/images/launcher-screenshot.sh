#!/usr/bin/env bash
# Makes the README's launcher screenshots under Xvfb with a window manager:
#   launcher.png        light theme: two launchers on one lock directory, the second refused the account
#                       the first trades, with the refusal's actions
#   launcher-dark.png   dark theme: the lock table as the overview, one row for each kind of holder
#   launcher-crash.png  a bot that crashed: its exit code and time, and Restart
# Needs Xvfb, openbox, xdotool and imagemagick (Debian: apt-get install xvfb openbox xdotool imagemagick).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
images="$root/docs/images"
jar="$root/lock-gui/target/lock-gui.jar"
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
Xvfb "$display" -screen 0 1500x900x24 -dpi 96 >/dev/null 2>&1 & pids+=($!)
sleep 1
export DISPLAY=$display
openbox >/dev/null 2>&1 & pids+=($!)
sleep 1

# launch NAME THEME ARGS...: a launcher whose state is reported to $work/NAME.properties; what it
# remembers stays in $work, so the shots never depend on the user's own launcher.
launch() {
  local name=$1 theme=$2; shift 2
  java -Djava.util.prefs.userRoot="$work/prefs" -Dinstancelock.gui.reportFile="$work/$name.properties" \
    -jar "$jar" --theme "$theme" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
}
await() { # FILE PATTERN
  for _ in $(seq 1 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "timed out waiting for $2 in $1" >&2; exit 1
}
window_of() { # PID: the launcher's main window
  local pid=$1
  for _ in $(seq 1 60); do
    local id
    id=$(xdotool search --all --onlyvisible --pid "$pid" --name ' - ' 2>/dev/null | head -1 || true)
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.5
  done
  echo "no window for pid $pid" >&2; exit 1
}
place() { # WINDOW X Y WIDTH HEIGHT
  xdotool windowsize "$1" "$4" "$5"
  xdotool windowmove "$1" "$2" "$3"
}
shoot() { # WINDOW FILE: the window with its title bar
  sleep 1.5
  import -frame -window "$1" "$2"
  echo "wrote $2"
}
stop_all() {
  for pid in "${pids[@]:2}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:2}"; do wait "$pid" 2>/dev/null || true; done
  pids=("${pids[@]:0:2}")
}

# 1. Light: the first launcher trades Combine 50K; the second is refused it.
locks="$work/locks-light"
launch first light --lock-dir "$locks" --account 100001 --start
await "$work/first.properties" "phase=RUNNING"
first=$(window_of "$pid_first")
place "$first" 10 10 900 640
sleep 6   # a few lines of bot output
launch second light --lock-dir "$locks" --account 100001 --start
await "$work/second.properties" "dialog.title=Account already in use"
second=$(window_of "$pid_second")
place "$second" 560 220 900 640
dialog=$(xdotool search --sync --onlyvisible --name "Account already in use" | head -1)
sleep 1
xdotool windowmove "$dialog" 640 330
sleep 2
import -window root -crop 1470x880+0+0 +repage "$images/launcher.png"
echo "wrote $images/launcher.png"
stop_all

# 2. Dark: one row for each kind of holder in the lock table.
locks="$work/locks-dark"
mkdir -p "$locks"
cat >"$work/accounts.json" <<'JSON'
{
  "accounts": [
    {"id": "100001", "name": "Combine 50K - $50,000.00", "broker_username": "john_topstep"},
    {"id": "100002", "name": "Combine 100K - $100,000.00", "broker_username": "john_topstep"},
    {"id": "200001", "name": "Express Funded - $150,000.00", "broker_username": "john_express"},
    {"id": "300017", "name": "Evaluation account - Trading Combine 150K - March 2025 (second attempt)", "broker_username": "john_topstep"},
    {"id": "400001", "name": "Practice - $25,000.00", "broker_username": "john_practice"}
  ],
  "strategies": ["ES", "NQ", "CL"]
}
JSON
launch other dark --lock-dir "$locks" --accounts "$work/accounts.json" --account 100002 --start
await "$work/other.properties" "phase=RUNNING"
xdotool windowminimize "$(window_of "$pid_other")"
# A launcher killed while its bot ignores the launcher's end: the bot goes on as an orphan.
launch gone dark --lock-dir "$locks" --accounts "$work/accounts.json" --account 300017 --start \
  --bot-command "sleep 600"
await "$work/gone.properties" "phase=RUNNING"
orphan=$(grep -o '"bot_pid" *: *[0-9]*' "$locks/account_300017.lock" | grep -o '[0-9]*$')
kill -9 "$pid_gone"
pids+=("$orphan")
printf '{"account_id": "200001", "pid": 4242, "created_at": "%s", "broker_username": "jane", "hostname": "office-pc"}' \
  "$(date -d '-3 hours -12 minutes' +%Y-%m-%dT%H:%M:%S)" >"$locks/account_200001.lock"
printf '{"account_id": "400001", "pid": 999999, "created_at": "%s", "broker_username": "john_practice"}' \
  "$(date -d '-1 day -2 hours' +%Y-%m-%dT%H:%M:%S)" >"$locks/account_400001.lock"
launch main dark --lock-dir "$locks" --accounts "$work/accounts.json" --account 100001 --start
await "$work/main.properties" "phase=RUNNING"
main=$(window_of "$pid_main")
place "$main" 30 30 980 720
sleep 6
shoot "$main" "$images/launcher-dark.png"
stop_all
kill "$orphan" 2>/dev/null || true

# 3. A crash: the demo bot ends after a few ticks with exit code 3.
locks="$work/locks-crash"
launch crash light --lock-dir "$locks" --account 100001 --start \
  --bot-command "java -cp $jar io.instancelock.gui.DemoBot {account_id} {strategy} {broker_username} --ticks 6 --exit-code 3"
await "$work/crash.properties" "health=Crashed"
crash=$(window_of "$pid_crash")
place "$crash" 30 30 900 600
shoot "$crash" "$images/launcher-crash.png"
stop_all
