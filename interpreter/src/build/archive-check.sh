#!/usr/bin/env bash
# Fails the build when the class archive beside the jar (mmun.jsa) holds a method marked "queued
# for compilation", which a JVM that maps it never compiles (JDK-8306460; class-archive.sh says why
# its training run interprets only, so that nothing is queued: this tells if that stops being so).
#
# It repeats the end of the training run (a test of the samples) with the archive mapped and the
# compilation policy's events printed, and looks for a method whose first event already says
# "in-queue" although no compilation of it was asked for. interpreter/pom.xml runs it at verify.
#
#   usage: archive-check.sh JAR SAMPLES_DIR
set -euo pipefail
jar="$1" samples="$2"
jsa="$(dirname "$jar")/mmun.jsa"
if [ ! -f "$jsa" ]; then
  echo "archive-check: no mmun.jsa (no archive, or a JDK 25 cache, which JDK-8306460 does not touch): nothing to check"
  exit 0
fi
events="$(mktemp)"
trap 'rm -f "$events"' EXIT
# what the test finds is the samples' business (the build tests them); only the events matter here
java -Xshare:auto -Xlog:disable -XX:SharedArchiveFile="$jsa" -XX:+UnlockDiagnosticVMOptions -XX:+PrintTieredEvents \
    -jar "$jar" test --jobs 1 --color never "$samples" >"$events" 2>&1 || true
stuck="$(awk '
  # an event line: "TIME: [KIND level=N [Class.method(signature)] ... status=..."
  function name(line,   m) { m = line; sub(/^[^[]*\[[a-z]+ level=[0-9]+ \[/, "", m); sub(/[ \]].*/, "", m); return m }
  # a method whose first event is a compilation asked for, or a call or loop not yet queued, is fine
  /\[compile level=[0-9]+ \[/ { seen[name($0)] = 1; next }
  /\[(call|loop) level=[0-9]+ \[/ {
    m = name($0)
    if (!(m in seen) && $0 ~ /status=in-queue/) { print m }
    seen[m] = 1
  }' "$events")"
if [ -n "$stuck" ]; then
  echo "archive-check: $jsa marks methods queued for compilation, which a JVM that maps it never compiles:" >&2
  echo "$stuck" | sed 's/^/  /' >&2
  exit 1
fi
echo "archive-check: no method of $jsa starts out queued for compilation"
