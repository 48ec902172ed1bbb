#!/usr/bin/env bash
# Batch speed: files per second of one `./mmun test` over a folder of 200 small scenarios (one JVM
# for all of them), against one `./mmun run` per file (a JVM start each), in one run of this script.
#
#   usage: bench/batch.sh [COUNT]       (default 200; the per-file loop times the first 20)
#
# The scenarios are made in a temp folder: the COW-N race of bench/cow-n.sh for N = 1..4, buggy
# and fixed, in run mode with their expected verdicts, and copies of samples/doc. All must pass.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count="${1:-200}"
loop="${LOOP:-20}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

samples=(samples/doc/*.mmun)
for ((i = 0; i < count; i++)); do
  if ((i % 5 == 4)); then
    cp "${samples[$(((i / 5) % ${#samples[@]}))]}" "$dir/s$(printf %03d "$i").mmun"
  else
    n=$((1 + i % 4)) v=$([ $((i % 2)) = 0 ] && echo fixed || echo buggy)
    { bash bench/cow-n.sh "$n" "$v" | sed 's/^expect CASE_B, STALE_READ$/expect CASE_B/'; echo "mode run"; } \
      > "$dir/c$(printf %03d "$i")-$n-$v.mmun"
  fi
done

# Build the jar (and with it the class archive) if needed.
./mmun --version >/dev/null
ns() { date +%s%N; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $count scenarios in $dir"

for jobs in 1 "$(nproc)"; do
  t0=$(ns)
  out="$(./mmun test --color never --jobs "$jobs" "$dir")" || { echo "$out" | tail -20; echo "bench: the suite did not pass" >&2; exit 1; }
  t1=$(ns)
  wall=$(((t1 - t0) / 1000000))
  echo "./mmun test --jobs $jobs DIR: $(echo "$out" | tail -1); ${wall} ms wall for the whole command, $(awk -v n="$count" -v ms="$wall" 'BEGIN { printf "%.1f", n * 1000 / ms }') files/s"
  echo "  mmun's own count: $(echo "$out" | tail -2 | head -1)"
done
batch_ms=$wall

files=("$dir"/*.mmun)
t0=$(ns)
for f in "${files[@]:0:$loop}"; do
  ./mmun run --no-trace "$f" >/dev/null
done
t1=$(ns)
per=$(((t1 - t0) / 1000000))
rate=$(awk -v n="$loop" -v ms="$per" 'BEGIN { printf "%.1f", n * 1000 / ms }')
echo "one ./mmun run per file (first $loop files, the launcher with its CDS archive): ${per} ms, $rate files/s, $((per / loop)) ms a file"
awk -v b="$batch_ms" -v n="$count" -v p="$per" -v l="$loop" \
  'BEGIN { printf "one mmun test is %.1f times faster than a JVM per file\n", (p / l) / (b / n) }'
