#!/usr/bin/env bash
# Every sample checked by one jar, one line each: the file, its verdict, the states stored and the
# transitions. Two jars' outputs diffed show whether a change to the search changed any verdict or
# any state count (the test suite checks the verdicts, not the counts):
#
#   bench/sample-counts.sh BEFORE.jar 1 > before.txt
#   bench/sample-counts.sh AFTER.jar 1 > after.txt && diff before.txt after.txt
#
# usage: bench/sample-counts.sh JAR [WORKERS]   (default 1). Not part of the tests; takes a few
# minutes (a JVM per file, C1 only). Both jars must read the same language: build BEFORE.jar from
# the same commit with only the search's change taken out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: $0 JAR [WORKERS]" >&2; exit 64; }
jar=$(realpath "$1")
workers=${2:-1}
cd "$root"
for f in $(find samples -name '*.mmun' | sort); do
    out=$(timeout 120 java -XX:TieredStopAtLevel=1 -jar "$jar" check --workers "$workers" --format json --no-trace "$f" 2>/dev/null \
        | grep -oE '"(verdict|states_stored|transitions)":"?[^,"]*' | tr '\n' ' ' || true)
    echo "$f $out"
done
