#!/usr/bin/env bash
# Runs SPIN 6.5.2 on the COW-N Promela model and prints one machine-readable line:
#
#   spin N=<N> variant=<v> states=<stored> transitions=<n> time_s=<pan elapsed> mem_mb=<total actual memory> errors=<n> \
#        alloc=<fixed|pool> search=<first|all> por=<on|off> depth=<reached> violations=<kinds|none>
#
#   usage: bench/spin/run-spin.sh N buggy|fixed [first|all]
#
# search=first (default): pan stops at the first assertion violation (-c1), as a bug hunt does.
# search=all: pan goes on past violations (-c0) and explores the whole state space, as mmun's
#   `check` must to prove `expect CASE_B, STALE_READ` is the exact set; violations= then lists
#   every kind seen, and errors= counts the violating transitions.
#
# Environment:
#   COW_ALLOC=pool|fixed  the model's frame allocator (bench/spin/cow.pml.sh; default pool, as mmun)
#   SPIN_NOREDUCE=1       compile pan with -DNOREDUCE (partial-order reduction off)
#   PAN_FLAGS="..."       extra run-time flags for pan (e.g. -w27 for a bigger hash table)
#   PAN_CFLAGS="..."      extra compile flags for pan (e.g. -DCOLLAPSE); shown as cflags= in the line
#   KEEP=1                keep the work directory (model, pan.c, pan's output) and print its path
#
# pan is compiled with `gcc -O2 -DSAFETY` only: no -DMEMLIM (a single-core pan has no memory
# bound unless one is given) and no -DCOLLAPSE (the state vectors are small). The depth limit is
# -m100000; COW-N's deepest path is about 14N steps, and a run that still hit the limit would
# print `depth_limit_hit=1` at the end of the line.
set -euo pipefail

usage() { echo "usage: $0 N buggy|fixed [first|all]" >&2; exit 64; }
[[ $# -ge 2 && $# -le 3 ]] || usage
N=$1 V=$2 SEARCH=${3:-first}
[[ $V == buggy || $V == fixed ]] || usage
[[ $SEARCH == first || $SEARCH == all ]] || usage
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! command -v spin >/dev/null 2>&1; then
    echo "run-spin: installing the Debian package spin" >&2
    apt-get update >&2
    apt-get install -y spin >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cow-spin.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
    echo "run-spin: work directory $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi
cd "$WORK"

"$HERE/cow.pml.sh" "$N" "$V" > cow.pml
spin -a cow.pml > spin-a.out
CFLAGS=(-O2 -DSAFETY)
POR=on
if [[ ${SPIN_NOREDUCE:-0} == 1 ]]; then
    CFLAGS+=(-DNOREDUCE)
    POR=off
fi
# shellcheck disable=SC2206
[[ -n ${PAN_CFLAGS:-} ]] && CFLAGS+=(${PAN_CFLAGS})
gcc "${CFLAGS[@]}" -o pan pan.c
if [[ $SEARCH == all ]]; then UPTO=-c0; else UPTO=-c1; fi
# pan exits 0 also when it finds errors; its output is the verdict.
# shellcheck disable=SC2086
./pan -m100000 "$UPTO" ${PAN_FLAGS:-} > pan.out 2>&1 || { cat pan.out >&2; exit 70; }

field() { # the number before (or after) a label in pan's output
    sed -nE "$1" pan.out | head -1
}
states=$(field 's/^ *([0-9.e+]+) states, stored.*/\1/p')
transitions=$(field 's/^ *([0-9.e+]+) transitions \(= stored\+matched\).*/\1/p')
time_s=$(field 's/^pan: elapsed time ([0-9.e+]+) seconds.*/\1/p')
mem_mb=$(field 's/^ *([0-9.]+)[[:space:]]+total actual memory usage.*/\1/p')
errors=$(field 's/.*errors: ([0-9]+).*/\1/p')
depth=$(field 's/.*depth reached ([0-9]+),.*/\1/p')
# pan prints 1.0695817e+08 for large counts: print integers.
int() { awk -v x="$1" 'BEGIN { printf "%.0f", x }'; }
states=$(int "$states") transitions=$(int "$transitions")

# Which rules broke: the assertion texts of bench/spin/cow.pml.sh (mc[] is CASE_B, wdone STALE_READ).
kinds=()
grep -q 'assertion violated ((mc\[' pan.out && kinds+=(CASE_B)
grep -q 'assertion violated .*wdone' pan.out && kinds+=(STALE_READ)
grep -qE '^pan:[0-9]+: invalid end state' pan.out && kinds+=(DEADLOCK)
violations=$(IFS=,; echo "${kinds[*]:-none}")

line="spin N=$N variant=$V states=$states transitions=$transitions time_s=$time_s mem_mb=$mem_mb errors=$errors"
line+=" alloc=${COW_ALLOC:-pool} search=$SEARCH por=$POR depth=$depth violations=$violations"
[[ -n ${PAN_CFLAGS:-} ]] && line+=" cflags=${PAN_CFLAGS// /,}"
[[ -n ${PAN_FLAGS:-} ]] && line+=" panflags=${PAN_FLAGS// /,}"
grep -q 'max search depth too small' pan.out && line+=" depth_limit_hit=1"
echo "$line"
