#!/usr/bin/env bash
# Start-up of one small `./mmun run` next to a bare JVM running a trivial class, measured in the
# same run, with ratios to it (the issue's target: the small run within 2.5 times the bare JVM);
# then a small `./mmun check` (the archive with the tiered compiler), and a long run and a long
# `test`, to show the launcher's options do not slow long work down.
#
#   usage: bench/startup.sh [FILE [CHECK_FILE]]   (defaults: samples/doc/ksm-same-content.mmun,
#                                                  samples/doc/case-b-threads-fixed.mmun)
#   RUNS=N      runs per command (default 30)
#   JAVA25=PATH a JDK 25+ `java`: also measures its AOT cache (made here from a copy of the jar)
#
# Uses hyperfine (installed with apt-get when missing and possible): wall means, and the CPU time
# (user + system) that hyperfine reports, which a loaded machine disturbs less.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
file="${1:-samples/doc/ksm-same-content.mmun}"
check_file="${2:-samples/doc/case-b-threads-fixed.mmun}"
runs="${RUNS:-30}"
jar=interpreter/target/mmun.jar
jsa=interpreter/target/mmun.jsa

if ! command -v hyperfine >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench: installing hyperfine (apt-get)..." >&2
  (apt-get install -y -qq hyperfine >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; }) || true
fi
command -v hyperfine >/dev/null 2>&1 || { echo "bench: needs hyperfine" >&2; exit 1; }

# Build the jar (and with it the class archive) if needed.
./mmun --version >/dev/null
[ -f "$jsa" ] || [ -f "${jsa%.jsa}.aot" ] || echo "bench: no class archive was made; the launcher runs without it" >&2

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$tmp/Hello.java"
javac -d "$tmp" "$tmp/Hello.java"

echo "machine: $(nproc) cores, uptime:$(uptime | sed 's/.*up[^,]*,[^,]*,//'); $(java -version 2>&1 | head -1)"

# Runs hyperfine on NAME COMMAND pairs; prints each one's wall and CPU means and their ratios to
# the first (the bare JVM).
compare() {
  local args=() json="$tmp/h.json"
  while [ $# -gt 0 ]; do args+=(-n "$1" "$2"); shift 2; done
  hyperfine -N --style none -w 3 -r "$runs" --export-json "$json" "${args[@]}" >/dev/null 2>&1
  python3 - "$json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
base = rs[0]
bw, bc = base["mean"], base["user"] + base["system"]
print(f"  {'command':58} {'wall ms':>8} {'x bare':>7} {'CPU ms':>8} {'x bare':>7}")
for r in rs:
    w, c = r["mean"], r["user"] + r["system"]
    print(f"  {r['command'][:58]:58} {w*1000:8.1f} {w/bw:7.2f} {c*1000:8.1f} {c/bc:7.2f}")
PY
}

echo "== start-up: $file ($runs runs each, means)"
compare "bare JVM: java Hello" "java -cp $tmp Hello" \
  "java -jar mmun.jar run (no launcher, no archive)" "java -jar $jar run $file" \
  "./mmun run" "./mmun run $file" \
  "./mmun --version" "./mmun --version"

if [ -n "${JAVA25:-}" ]; then
  mkdir -p "$tmp/aot" && cp "$jar" "$tmp/aot/mmun.jar"
  PATH="$(dirname "$JAVA25"):$PATH" bash interpreter/src/build/class-archive.sh "$tmp/aot/mmun.jar" samples/doc
  echo "== the same with $("$JAVA25" -version 2>&1 | head -1) and its AOT cache"
  compare "bare JVM 25: java Hello" "$JAVA25 -cp $tmp Hello" \
    "java25 -jar mmun.jar run (no archive)" "$JAVA25 -XX:TieredStopAtLevel=1 -jar $tmp/aot/mmun.jar run $file" \
    "java25 AOT cache, C1: mmun run" "$JAVA25 -XX:AOTCache=$tmp/aot/mmun.aot -XX:TieredStopAtLevel=1 -jar $tmp/aot/mmun.jar run $file"
fi

echo "== a small check: $check_file ($runs runs each, means)"
compare "bare JVM: java Hello" "java -cp $tmp Hello" \
  "java -jar mmun.jar check (no launcher, no archive)" "java -jar $jar check $check_file" \
  "./mmun check" "./mmun check $check_file"

# A long scenario: 90,000 steps in run mode.
long="$tmp/long.mmun"
printf 'page A at 0x1000 = 0\ncpu T { repeat 300 { repeat 300 { write(A, 1) } } }\nmode run\n' > "$long"
runs=5
echo "== a long run (90,000 steps): C1 must not cost more than it saves"
compare "bare JVM: java Hello" "java -cp $tmp Hello" \
  "java -jar mmun.jar run long" "java -jar $jar run --no-trace $long" \
  "./mmun run long (archive + C1)" "./mmun run --no-trace $long"
echo "== test keeps the tiered compiler: the launcher's archive only"
compare "bare JVM: java Hello" "java -cp $tmp Hello" \
  "java -jar mmun.jar test long" "java -jar $jar test $long" \
  "./mmun test long (archive, tiered)" "./mmun test $long"
