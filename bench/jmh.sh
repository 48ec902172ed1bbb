#!/usr/bin/env bash
# JMH micro-benchmarks of the search (bench/jmh/): the step function (StepBench), the visited
# set (FingerprintSetBench) and a BFS level (FrontierBench). Builds mmun's jar if needed (through
# the launcher), then the
# benchmarks (mvn -f bench/jmh/pom.xml package; JMH 1.37 is downloaded once), then runs them.
#
#   bench/jmh.sh [JMH ARGS...]        e.g. bench/jmh.sh StepBench -p n=4,5   or   bench/jmh.sh -h
#
# Without arguments it runs every benchmark (a few minutes). Not part of the build or the tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mmun --version >/dev/null
if [[ ! -f bench/jmh/target/benchmarks.jar || -n "$(find bench/jmh/src bench/jmh/pom.xml interpreter/target/mmun.jar \
        -newer bench/jmh/target/benchmarks.jar -print -quit)" ]]; then
  mvn -B -q -f bench/jmh/pom.xml package >&2
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Dbench.dir="$root/bench" -cp bench/jmh/target/benchmarks.jar:interpreter/target/mmun.jar \
  org.openjdk.jmh.Main -jvmArgsAppend "-Dbench.dir=$root/bench" "$@"
