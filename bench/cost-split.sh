#!/usr/bin/env bash
# Where a search's time goes, by doing one part of it twice: each patch in bench/cost-split/ makes
# the worker repeat one part of its work on every state (the step, reading the level, writing the
# level, the visited set), and bench/SideBySide.java runs that build against the unpatched one,
# alternating, in one JVM. The extra time is one more copy of that part, so its share of the
# search is B's time over A's less one. A sampling profile cannot say this: the JIT inlines the
# parts into each other, and the sampler blames a cache miss on whichever instruction waits.
#
#   bench/cow-n.sh 5 fixed > /tmp/cow5f.mmun
#   bench/cost-split.sh /tmp/cow5f.mmun 6 [SideBySide's options; default --no-por --no-symmetry --workers 1]
#
# It builds HEAD (committed files only) and each variant in a temporary worktree, offline when
# ~/.m2 has the build's plugins (MVN_FLAGS, default -o), and removes the worktree at the end. The
# second copy runs warm (its data is in the cache the first copy filled), so a share is a lower
# bound, the visited set's least so: its second table misses as the first does, but grows by itself.
# A patch that no longer applies (Worker.java changed) stops the script: make it again from the
# edit its name says.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 FILE ROUNDS [SideBySide options]" >&2; exit 64; }
file="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
rounds="$2"
shift 2
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(--no-por --no-symmetry --workers 1)
parts=(step read write visited)

tmp="$(mktemp -d)"
wt="$tmp/tree"
cleanup() { git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
git -C "$root" worktree add --detach "$wt" HEAD >/dev/null 2>&1

build() {   # $1: the jar's name
  (cd "$wt" && mvn -B -q ${MVN_FLAGS--o} -DskipTests -pl interpreter -am package >"$tmp/build.log" 2>&1) \
    || { cat "$tmp/build.log" >&2; echo "$0: the build of $1 failed" >&2; exit 70; }
  cp "$wt/interpreter/target/mmun.jar" "$tmp/$1.jar"
}

echo "# $(date -u +%FT%TZ) $(git -C "$root" log --oneline -1 | cut -c1-60); load $(cut -d' ' -f1-3 /proc/loadavg)"
build base
for p in "${parts[@]}"; do
  git -C "$wt" apply "$here/cost-split/$p.patch" \
    || { echo "$0: bench/cost-split/$p.patch does not apply to HEAD's Worker.java any more" >&2; exit 65; }
  build "$p"
  git -C "$wt" checkout -q -- .
done
for p in "${parts[@]}"; do
  out="$(java -Xms3g -Xmx3g -XX:+UseTransparentHugePages "$here/SideBySide.java" "$tmp/base.jar" "$tmp/$p.jar" \
      "$file" "$rounds" "${opts[@]}" 2>&1)"
  ratio="$(grep -o 'B/A states per second: [0-9.]* cpu, [0-9.]* wall' <<<"$out")"
  cpu="$(grep -o '[0-9.]* cpu,' <<<"$ratio" | cut -d' ' -f1)"
  wall="$(grep -o '[0-9.]* wall' <<<"$ratio" | cut -d' ' -f1)"
  printf '%-8s twice: %s; its share of the search: %s of the CPU, %s of the wall time\n' "$p" "$ratio" \
    "$(awk -v r="$cpu" 'BEGIN { printf "%.0f %%", (1 / r - 1) * 100 }')" \
    "$(awk -v r="$wall" 'BEGIN { printf "%.0f %%", (1 / r - 1) * 100 }')"
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
