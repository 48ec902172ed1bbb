#!/usr/bin/env bash
# The inputs of issue 10 that used to hang, each timed as a whole `mmun` process (wall time; each
# must end in under 2 s): a 200,000-character line (a name, and a comment), 20,000 unclosed comment
# openers, 40 nested empty `repeat 2`, and Ctrl-C during a long `check` (the time from SIGINT to
# the end of the process, report printed; must be under 1 s).
#
#   usage: bench/robust.sh            (uses interpreter/target/mmun.jar; `./mmun --version` builds it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/interpreter/target/mmun.jar"
[ -f "$jar" ] || "$root/mmun" --version >/dev/null
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
w = lambda n, t: open(f"{d}/{n}.mmun", "w").write(t)
w("long-name", "page A at 0x1000 = 0 cow\n" + "x" * 200_000 + "\n")
w("long-comment", "page A at 0x1000 = 0 cow\n// " + "x" * 200_000 + "\ncpu T { write(A, 1) }\n")
w("long-page-name", "page " + "A" * 200_000 + " at 0x1000 = 0\n")
w("unclosed-openers", "page A at 0x1000 = 0\n" + "(*" * 20_000 + "\n" + "/*" * 20_000 + "\n")
body = ""
for _ in range(40):
    body = "repeat 2 { " + body + "}"
w("nested-repeat", "page A at 0x1000 = 0\ncpu T {\n  " + body + "\n  write(A, 1)\n}\n")
PY

fail=0
secs() { python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.2f}')" "$1" "$2"; }
timed() { # name limit cmd...
  local name=$1 limit=$2; shift 2
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || rc=$?
  t1=$(date +%s%N)
  local s; s=$(secs "$t0" "$t1")
  local ok=ok; python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$s" "$limit" || { ok=SLOW; fail=1; }
  printf '%-28s %6ss  exit %3d  %s\n' "$name" "$s" "$rc" "$ok"
}
for f in long-name long-comment long-page-name unclosed-openers nested-repeat; do
  timed "run $f" 2 java -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$jar" run "$tmp/$f.mmun"
done
timed "check nested-repeat" 2 java -jar "$jar" check --timeout 2 "$tmp/nested-repeat.mmun"

# Ctrl-C: a search that takes minutes (COW-7 without reductions), SIGINT after 3 s.
# (job control on: a background job of a script otherwise starts with SIGINT ignored, as shells do)
"$root/bench/cow-n.sh" 7 buggy > "$tmp/cow7.mmun"
set -m
java -jar "$jar" check --no-por --no-symmetry "$tmp/cow7.mmun" > "$tmp/out" 2> "$tmp/err" &
pid=$!
sleep 3
t0=$(date +%s%N)
kill -INT "$pid"
rc=0; wait "$pid" || rc=$?
t1=$(date +%s%N)
set +m
s=$(secs "$t0" "$t1")
ok=ok; python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 1 else 1)" "$s" || { ok=SLOW; fail=1; }
grep -q 'stopped at Ctrl-C (interrupted)' "$tmp/out" || { ok="NO REPORT"; fail=1; }
[ "$rc" = 130 ] || { ok="exit $rc, not 130"; fail=1; }
printf '%-28s %6ss  exit %3d  %s (%s)\n' "Ctrl-C: signal to exit" "$s" "$rc" "$ok" "$(grep -o 'after [0-9]* states' "$tmp/out")"
exit $fail
