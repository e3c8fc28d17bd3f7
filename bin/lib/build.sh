# Sourced by bin/launcher and bin/lockctl when they have to build: runs Maven for one module (and what
# it needs), keeps the whole output in a log, and shows one line per step on stderr. The first build
# takes a while (longer still when Maven and the libraries are downloaded first), and a silent
# terminal looks like a hang. Nothing here is read on a start that needs no build.

# build_progress NAME: Maven's output on stdin, the steps on stdout, each line starting with NAME.
build_progress() {
  b_downloads=0
  b_errors=shown
  while IFS= read -r b_line; do
    case $b_line in
      "found existing MAVEN_HOME"*)
        echo "$1:   starting Maven..." ;;
      "[INFO] Scanning for projects"*)
        echo "$1:   reading the project..." ;;
      *"Downloading from: "*apache-maven-*)
        echo "$1:   downloading Maven itself (first build only)..." ;;
      "[INFO] Building "*" ["*"/"*"]")
        echo "$b_line" | sed -E "s/^\[INFO\] Building (.*) [^ ]+ +\[([0-9]+\/[0-9]+)\]$/$1:   [\2] \1/" ;;
      "[INFO] --- compiler:"*":compile "*)
        echo "$1:         compiling" ;;
      "[INFO] --- jar:"*)
        echo "$1:         packaging" ;;
      "[INFO] Downloading from "*|"Downloading from "*)
        b_downloads=$((b_downloads + 1))
        if [ "$b_downloads" -eq 1 ]; then
          echo "$1:   downloading the build's plugins and libraries (first build only)..."
        elif [ $((b_downloads % 100)) -eq 0 ]; then
          echo "$1:   ... $b_downloads files downloaded"
        fi ;;
      "[INFO] BUILD SUCCESS"*)
        echo "$1:   built" ;;
      "[INFO] Total time:"*)
        echo "$1:   took$(echo "${b_line#*Total time:}" | sed -E 's/ +/ /g')" ;;
      "[ERROR] -> [Help"*)
        b_errors=hidden ;; # Maven's advice on its own switches follows: not for our users
      "[ERROR]"*)
        [ "$b_errors" = hidden ] || echo "$b_line" ;;
    esac
  done
}

# build_module NAME ROOT MODULE LOG [MAVEN_OPTION...]: packages MODULE of the project in ROOT without
# its tests, the full output in LOG and the steps on stderr; returns 0 when it built.
build_module() {
  b_name=$1
  b_root=$2
  b_module=$3
  b_log=$4
  shift 4
  mkdir -p "${b_log%/*}" || return 1
  b_status="$b_log.status"
  # The exit code goes through a file: a pipeline's own status is its last command's (the filter's).
  { b_code=0
    (cd "$b_root" && MVNW_VERBOSE=true ./mvnw -B -Dmaven.test.skip=true -Dspotless.check.skip=true \
      "$@" package -pl "$b_module" -am 2>&1) || b_code=$?
    echo "$b_code" >"$b_status"; } | tee "$b_log" | build_progress "$b_name" >&2
  b_code=$(cat "$b_status" 2>/dev/null || echo 1)
  rm -f "$b_status"
  [ "$b_code" = 0 ]
}

# build_once NAME ROOT MODULE JAR REASON: builds MODULE for JAR, one build at a time: several commands
# started together on a fresh clone wait for the first one's build instead of each running Maven in
# the same target directory. Returns 0 when JAR was built, by this call or by the one waited for.
build_once() {
  b_name=$1
  b_jar=$4
  b_target=${b_jar%/*}
  mkdir -p "$b_target" || return 1
  b_mutex=$b_target/.building
  b_waited=
  while ! mkdir "$b_mutex" 2>/dev/null; do
    if [ ! -w "$b_target" ]; then
      echo "$b_name: cannot build $b_name: $b_target is not writable (build it as its owner)" >&2
      return 1
    fi
    if [ ! -d "$b_mutex" ]; then
      continue # the other build ended just now: try again
    fi
    if [ -z "$b_waited" ]; then
      echo "$b_name: another $b_name is building it; waiting..." >&2
      b_waited=$b_target/.waiting.$$
      : >"$b_waited"
      trap 'rm -f "$b_waited"' EXIT
      trap 'exit 130' INT TERM
    fi
    # A build killed midway leaves its directory behind: after 20 minutes it is taken as abandoned.
    if [ -n "$(find "$b_mutex" -prune -mmin +20 2>/dev/null)" ]; then
      rmdir "$b_mutex" 2>/dev/null
    fi
    sleep 1
  done
  trap 'rmdir "$b_mutex" 2>/dev/null; [ -z "$b_waited" ] || rm -f "$b_waited"' EXIT
  trap 'exit 130' INT TERM
  b_code=
  if [ -n "$b_waited" ]; then
    # Built by the one waited for, unless that build failed.
    [ -f "$b_jar" ] && [ "$b_jar" -nt "$b_waited" ] && b_code=0
    rm -f "$b_waited"
  fi
  if [ -z "$b_code" ]; then
    b_log=$b_target/$b_name-build.log
    echo "$b_name: building $b_name ($5; a JDK 17 or newer is needed); full log in $b_log" >&2
    # No jar while building: a build interrupted while writing it leaves none (the next start builds
    # again) rather than a truncated one. A JVM already running from it keeps its open file.
    rm -f "$b_jar"
    if build_module "$b_name" "$2" "$3" "$b_log"; then
      b_code=0
    else
      echo "$b_name: the build failed; see the errors above and $b_log" >&2
      b_code=1
    fi
  fi
  rmdir "$b_mutex"
  trap - EXIT INT TERM
  return $b_code
}
