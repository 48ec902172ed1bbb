#!/usr/bin/env bash
# Start-up time of one `./mmun run` of a small file, with and without what the launcher does
# (AppCDS archive, C1 only for short commands), next to the JVM's own floor (`java -version`);
# then a long run and a long `test`, to show the launcher does not slow long work down.
#
#   usage: bench/startup.sh [FILE]      (default: samples/doc/case-b-timeline.mmun)
#
# Uses hyperfine (installed with apt-get when missing and possible), else a loop timed with
# `date +%s%N`. Figures are wall times of whole processes, as a user at a shell sees them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
file="${1:-samples/doc/case-b-timeline.mmun}"
runs="${RUNS:-20}"
jar=interpreter/target/mmun.jar
jsa=interpreter/target/mmun.jsa

if ! command -v hyperfine >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench: installing hyperfine (apt-get)..." >&2
  (apt-get install -y -qq hyperfine >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; }) || true
fi

# Build the jar (and with it the class archive) if needed.
./mmun --version >/dev/null
[ -f "$jsa" ] || [ -f "${jsa%.jsa}.aot" ] || echo "bench: no class archive was made; the launcher runs without it" >&2

# A long scenario: 90,000 steps in run mode.
long="$(mktemp -d)/long.mmun"
printf 'page A at 0x1000 = 0\ncpu T { repeat 300 { repeat 300 { write(A, 1) } } }\nmode run\n' > "$long"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
if command -v hyperfine >/dev/null 2>&1; then
  hf() { hyperfine -N --style basic -w 3 -r "$runs" "$@" 2>&1 | grep -E '^(Benchmark|  Time|  Range)|faster|±'; }
  echo "== start-up: one small file"
  hf -n "java -version (JVM floor)" "java -version" \
     -n "java -jar mmun.jar run (no launcher options)" "java -jar $jar run $file" \
     -n "./mmun run, MMUN_JAVA_OPTS= (launcher, no CDS, tiered)" "env MMUN_JAVA_OPTS= ./mmun run $file" \
     -n "./mmun run (CDS + C1)" "./mmun run $file" \
     -n "./mmun --version (CDS + C1)" "./mmun --version"
  runs=5
  echo "== a long run (90,000 steps): C1 must not cost more than it saves"
  hf -n "java -jar mmun.jar run long" "java -jar $jar run --no-trace $long" \
     -n "./mmun run long (CDS + C1)" "./mmun run --no-trace $long"
  echo "== test keeps the tiered compiler: the launcher's CDS only"
  hf -n "java -jar mmun.jar test long" "java -jar $jar test $long" \
     -n "./mmun test long (CDS, tiered)" "./mmun test $long"
else
  ms() { local t0 t1; t0=$(date +%s%N); for _ in $(seq 1 "$runs"); do "$@" >/dev/null 2>&1 || true; done; t1=$(date +%s%N); echo "$(( (t1 - t0) / runs / 1000000 )) ms  $*"; }
  echo "== start-up (mean wall of $runs runs, no hyperfine)"
  ms java -version
  ms java -jar "$jar" run "$file"
  MMUN_JAVA_OPTS='' ms ./mmun run "$file"
  ms ./mmun run "$file"
  ms ./mmun --version
  runs=3
  ms java -jar "$jar" run --no-trace "$long"
  ms ./mmun run --no-trace "$long"
  ms java -jar "$jar" test "$long"
  ms ./mmun test "$long"
fi
if java -jar "$jar" --help 2>/dev/null | grep -q "^  check "; then
  echo "== check keeps the tiered compiler: C1 alone wins a short search and loses a long one"
  for n in 5 7; do
    bash bench/cow-n.sh "$n" fixed > "$(dirname "$long")/cow$n.mmun"
    for how in "java -jar $jar" "./mmun" "env MMUN_JAVA_OPTS=-XX:TieredStopAtLevel=1 ./mmun"; do
      t0=$(date +%s%N)
      $how check "$(dirname "$long")/cow$n.mmun" >/dev/null || true
      t1=$(date +%s%N)
      printf '  COW-%d fixed, %-55s %6d ms\n' "$n" "$how check:" $(((t1 - t0) / 1000000))
    done
  done
fi
rm -rf "$(dirname "$long")"
