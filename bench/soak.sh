#!/usr/bin/env bash
# Soak: `mmun test` over N generated files (default 10,000: a third passing, a third breaking a rule
# they expect, a third with an error) and a `check` that fills its memory (COW-8 without reductions
# in a 64 MB heap). Both must end with a report and a documented exit code: test 65 (the worst of
# its files': the erroneous ones), check 3 (inconclusive: "the search stopped at the end of the memory").
# Prints each case, its wall time, its exit code, the report's last line and PASS or FAIL.
#
#   usage: bench/soak.sh [N]   (builds interpreter/target/mmun.jar with mvn package when missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-10000}
jar="$root/interpreter/target/mmun.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -o -q -DskipTests -pl interpreter -am package >&2)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir "$tmp/suite"
python3 - "$tmp/suite" "$n" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    k = i % 3
    if k == 0:
        t = f"page A at 0x1000 = {i % 5}\ncpu T{i} {{ write(A, {i % 7}) }}\nexpect ok\n"
    elif k == 1:
        t = f"page A at 0x1000 = 0 cow\ncpu T{i} {{ write(A, 1) }}\nexpect DEADLOCK\n"
    else:
        t = f"page A at 0x1000 = 0\ncpu T {{ write(B{i}, 1) }}\n"
    open(f"{d}/f{i:05d}.mmun", "w").write(t)
PY
fail=0
soak() { # name expected-exit pattern cmd...
  local name=$1 want=$2 pattern=$3; shift 3
  local rc=0 t0 t1
  t0=$(date +%s%N)
  java "$@" > "$tmp/out" 2> "$tmp/err" || rc=$?
  t1=$(date +%s%N)
  local s; s=$(python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.1f}')" "$t0" "$t1")
  local last; last=$(grep -v '^\s*$' "$tmp/out" | tail -1)
  local ok=PASS
  [ "$rc" = "$want" ] || ok="FAIL (exit $rc, not $want)"
  grep -q "$pattern" "$tmp/out" || ok="FAIL (no report: $(tail -2 "$tmp/err" | tr '\n' ' '))"
  printf '%-36s %8ss  exit %3s  %s\n    %s\n' "$name" "$s" "$rc" "$ok" "$last"
  [ "$ok" = PASS ] || fail=1
}
soak "test over $n files" 65 "$(( (n + 2) / 3 + (n + 1) / 3 )) passed, $((n / 3)) failed" -jar "$jar" test "$tmp/suite"
"$root/bench/cow-n.sh" 8 buggy > "$tmp/cow8.mmun"
soak "check filling a 64 MB heap" 3 "the end of the memory" -Xmx64m -jar "$jar" check --no-por --no-symmetry --no-trace "$tmp/cow8.mmun"
exit $fail
