#!/usr/bin/env bash
# Batch speed: files per second of one `./mmun test --jobs 1` over a folder of small run-mode
# scenarios (one JVM for all), next to a bare JVM running a trivial class and to one `./mmun run`
# per file, all measured in this run. The issue's target: >= 300 files/s on one core.
#
#   usage: bench/batch.sh [COUNT]       (default 200; the per-file loop times the first LOOP=20)
#
# The scenarios are made in a temp folder: the COW-N race of bench/cow-n.sh for N = 1..4, buggy
# and fixed, in run mode with their expected verdicts, and every fifth a copy of a run-mode
# samples/doc file (one with `mode run` or a timeline, and no `mode check`). All must pass.
# Figures: wall time of the whole command (JVM start included), and files per CPU second (user +
# system of the process: "on one core"), which a loaded machine disturbs less; the bare JVM's figures are what a file per JVM could at best do.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count="${1:-200}"
loop="${LOOP:-20}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# the run-mode ones (the target is about run-mode files; the launcher compiles a suite of them as run)
samples=()
for f in samples/doc/*.mmun; do
  if ! grep -qiE '^[[:space:]]*mode[[:space:]]+check' "$f" && grep -qiE '^[[:space:]]*(mode[[:space:]]+run|\[time)' "$f"; then
    samples+=("$f")
  fi
done
mkdir "$dir/suite"
for ((i = 0; i < count; i++)); do
  if ((i % 5 == 4)); then
    cp "${samples[$(((i / 5) % ${#samples[@]}))]}" "$dir/suite/s$(printf %03d "$i").mmun"
  else
    n=$((1 + i % 4)) v=$([ $((i % 2)) = 0 ] && echo fixed || echo buggy)
    { bash bench/cow-n.sh "$n" "$v" | sed 's/^expect CASE_B, STALE_READ$/expect CASE_B/'; echo "mode run"; } \
      > "$dir/suite/c$(printf %03d "$i")-$n-$v.mmun"
  fi
done
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$dir/Hello.java"
javac -d "$dir" "$dir/Hello.java"

# Build the jar (and with it the class archive) if needed.
./mmun --version >/dev/null
echo "machine: $(nproc) cores, uptime:$(uptime | sed 's/.*up[^,]*,[^,]*,//'); $count scenarios"

# Runs a command RUNS times; sets wall and cpu (seconds, means) from /usr/bin/time.
measure() {
  local n="$1" w=0 c=0 line; shift
  for ((k = 0; k < n; k++)); do
    /usr/bin/time -o "$dir/time" -f '%e %U %S' "$@" >/dev/null 2>&1
    line="$(tail -1 "$dir/time")"
    w="$(awk -v a="$w" -v l="$line" 'BEGIN { split(l, f, " "); print a + f[1] }')"
    c="$(awk -v a="$c" -v l="$line" 'BEGIN { split(l, f, " "); print a + f[2] + f[3] }')"
  done
  wall="$(awk -v a="$w" -v n="$n" 'BEGIN { print a / n }')"
  cpu="$(awk -v a="$c" -v n="$n" 'BEGIN { print a / n }')"
}
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
./mmun test --color never --jobs 1 "$dir/suite" > "$dir/out" || { tail -20 "$dir/out"; echo "bench: the suite did not pass" >&2; exit 1; }

measure 10 java -cp "$dir" Hello
bare_wall=$wall bare_cpu=$cpu
measure 3 ./mmun test --color never --jobs 1 "$dir/suite"
test_wall=$wall test_cpu=$cpu
files=("$dir"/suite/*.mmun)
measure 1 bash -c 'for f in "$@"; do ./mmun run --no-trace "$f" >/dev/null; done' loop "${files[@]:0:$loop}"
loop_wall=$wall loop_cpu=$cpu
awk -v n="$count" -v l="$loop" -v bw="$bare_wall" -v bc="$bare_cpu" -v tw="$test_wall" -v tc="$test_cpu" \
    -v lw="$loop_wall" -v lc="$loop_cpu" 'BEGIN {
  printf "  %-48s %9s %9s %13s %13s\n", "", "wall s", "CPU s", "files/s wall", "files/CPU-s"
  printf "  %-48s %9.3f %9.3f %13.1f %13.1f\n", "bare JVM (java Hello), one start", bw, bc, 1 / bw, 1 / bc
  printf "  %-48s %9.3f %9.3f %13.1f %13.1f\n", "./mmun test --jobs 1 over " n " files (mean of 3)", tw, tc, n / tw, n / tc
  printf "  %-48s %9.3f %9.3f %13.1f %13.1f\n", "./mmun run per file, " l " files", lw, lc, l / lw, l / lc
  printf "  mmun test: a file costs %.3f bare JVM starts of wall time, %.3f of CPU time (target 300 files/s: %.3f of this bare JVM)\n", \
    tw / n / bw, tc / n / bc, 1 / 300 / bw
  printf "  one mmun test is %.1f times faster than a JVM per file\n", (lw / l) / (tw / n)
}'
