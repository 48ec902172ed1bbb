#!/usr/bin/env bash
# A fuzz campaign: N inputs from SEED (valid generated scripts and mutations of them and of the
# samples), each through `mmun run` and `mmun check` in-process with small bounds. Prints running
# counts every 1000 inputs on stderr, then the inputs, the exit-code histogram (command:code),
# crashes, exit 70s and slow inputs (over 3 s + 50 us a byte of CPU time); failing inputs are
# minimised into OUTDIR (default: fuzz-found/). JOBS workers judge inputs at once (default: the
# number of cores); the inputs are the same whatever JOBS is. Exit 0 when there were no failures.
#
#   usage: bench/fuzz.sh N SEED [OUTDIR [JOBS]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-1000}; seed=${2:-1}; out=${3:-fuzz-found}; jobs=${4:-$(nproc)}
cd "$root"
cp="$root/interpreter/target/fuzz.classpath"
# one reactor run, so that the grammar module resolves to its fresh classes, not to a stale jar in
# ~/.m2 (the grammar of an older checkout lacked newer rules: NoClassDefFoundError on every input)
mvn -B -o -q -pl interpreter -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp" >&2
cd "$root/interpreter"
case "$out" in /*) ;; *) out="$root/$out" ;; esac
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the start" >&2
exec java -cp "target/test-classes:target/classes:$(cat "$cp")" dev.mmun.fuzz.Fuzz "$n" "$seed" "$out" "$jobs"
