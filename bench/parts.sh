#!/usr/bin/env bash
# How well `mmun check --part I/N` divides a search: COW-N (bench/cow-n.sh) searched whole, then
# in PARTS parts one after another (each with --workers 1), and merged.
#
#   bench/parts.sh N buggy|fixed PARTS [SPLIT_DEPTH]
#
# Prints the whole search's states, each part's line (split level, states past the split), the
# largest part all told (the search down to the split, which every part repeats, plus its own) as a
# share of the whole, and the merged verdict. Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 3 && $3 =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 N buggy|fixed PARTS [SPLIT_DEPTH]" >&2; exit 64; }
N=$1 V=$2 P=$3 D=${4:-0}
mmun="$root/mmun"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$root/bench/cow-n.sh" "$N" "$V" > "$dir/cow.mmun"
whole=$("$mmun" check --no-trace --workers 1 --color never "$dir/cow.mmun" | sed -n 's/.*states_stored \([0-9]*\),.*/\1/p')
echo "COW-$N $V, whole search: $whole states"
largest=0
for ((i = 1; i <= P; i++)); do
    line=$("$mmun" check --workers 1 --part "$i/$P" --split-depth "$D" -o "$dir/part-$i.json" "$dir/cow.mmun" | head -1)
    echo "  ${line#*: }"
    own=$(sed -n 's/.*; \([0-9]*\) states past the split, \([0-9]*\) before it.*/\1 \2/p' <<<"$line")
    if [[ -n $own ]]; then
        total=$(( ${own% *} + ${own#* } ))
    else
        total=$(sed -n 's/.*all of it; \([0-9]*\) states.*/\1/p' <<<"$line")
    fi
    (( total > largest )) && largest=$total
done
echo "largest part, all told: $largest states ($(( 100 * largest / whole )) % of the whole)"
"$mmun" check --merge --no-trace --color never "$dir"/part-*.json | grep -E '^(note: merged|states_stored|verdict)'
