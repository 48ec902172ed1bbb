#!/usr/bin/env bash
# Runs the COW-N benchmark harness (bench/Bench.java) on the built jar:
#
#   bench/bench.sh [MAX_N [TIMEOUT_S [WORKERS]]]      (defaults 7, 120, 1)
#
# One line per N (2..MAX_N), variant (buggy, fixed) and reductions (por+sym, none): states stored,
# transitions, search time, states/s, peak Java heap, depth reached, verdict and counterexample
# lengths. Runs that hit the timeout or the memory say inconclusive. Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/interpreter/target/mmun.jar"
[[ -f $jar ]] || (cd "$root" && mvn -B -q -DskipTests install >&2)
exec java ${BENCH_JAVA_OPTS:--Xmx8g} -Dbench.dir="$root/bench" -cp "$jar" "$root/bench/Bench.java" "$@"
