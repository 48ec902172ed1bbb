#!/usr/bin/env bash
# A fuzz campaign: N inputs from SEED (valid generated scripts and mutations of them and of the
# samples), each through `mmun run` and `mmun check` in-process with small bounds. Prints the
# inputs, the exit-code histogram (command:code), crashes and slow inputs; failing inputs are
# minimised into OUTDIR (default: fuzz-found/). Exit 0 when there were none.
#
#   usage: bench/fuzz.sh N SEED [OUTDIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-1000}; seed=${2:-1}; out=${3:-fuzz-found}
cd "$root"
mvn -B -o -q -pl interpreter -am test-compile >&2
cp="$root/interpreter/target/fuzz.classpath"
mvn -B -o -q -pl interpreter dependency:build-classpath -Dmdep.outputFile="$cp" >&2
cd "$root/interpreter"
exec java -cp "target/test-classes:target/classes:$(cat "$cp")" dev.mmun.fuzz.Fuzz "$n" "$seed" "$out"
