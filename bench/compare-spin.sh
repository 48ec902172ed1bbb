#!/usr/bin/env bash
# mmun check against SPIN on the COW-N family, side by side, in one run:
#
#   bench/compare-spin.sh [MAX_N [WORKERS]]        (defaults 6, and the number of cores)
#
# For N = 2..MAX_N and each variant, both tools explore the whole state space: mmun with its
# default reductions (partial-order and symmetry), SPIN 6.5.2 with `gcc -O2 -DSAFETY` and its
# partial-order reduction (bench/spin/run-spin.sh; search=all for buggy so that it goes past the
# first violation, as mmun must to prove the exact set of rules). Each tool runs as its own process
# under /usr/bin/time: "wall" is the whole process (mmun: JVM start, compile, search, report; SPIN:
# pan only, after spin -a and gcc), "search" the tool's own figure, "rss" the peak resident memory.
# The last columns are mmun/SPIN ratios of wall time and of peak memory. Not part of the tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAX_N=${1:-6}
WORKERS=${2:-$(nproc)}
jar="$root/interpreter/target/mmun.jar"
[[ -f $jar ]] || (cd "$root" && mvn -B -q -DskipTests install >&2)
command -v /usr/bin/time >/dev/null || { apt-get update >&2 && apt-get install -y time >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/compare-spin.XXXXXX")
trap 'rm -rf "$work"' EXIT

json() { sed -nE "s/.*\"$1\":\"?([^,\"}]*)\"?.*/\1/p" "$2" | head -1; }

printf '%-2s %-5s | %10s %8s %9s %7s %-18s | %10s %8s %9s %7s %-18s | %6s %6s\n' \
    N var "mmun st" wall_s search_s rss_MB verdict "spin st" wall_s search_s rss_MB verdict t_ratio m_ratio
for ((n = 2; n <= MAX_N; n++)); do
    for v in buggy fixed; do
        "$root/bench/cow-n.sh" "$n" "$v" > "$work/cow.mmun"
        /usr/bin/time -f '%e %M' -o "$work/mmun.time" \
            java -jar "$jar" check --format json --no-trace --workers "$WORKERS" "$work/cow.mmun" > "$work/mmun.json" || true
        read -r m_wall m_rss < "$work/mmun.time"
        m_states=$(json states_stored "$work/mmun.json")
        m_ms=$(json time_ms "$work/mmun.json")
        m_verdict=$(json verdict "$work/mmun.json")
        rules=$(grep -oE '"rule":"[A-Z_]+"' "$work/mmun.json" | sed -E 's/.*:"(.*)"/\1/' | sort -u | paste -sd, - || true)
        [[ -n $rules ]] && m_verdict="$rules"
        search=first
        [[ $v == buggy ]] && search=all
        /usr/bin/time -f '%e %M' -o "$work/spin.time" \
            "$root/bench/spin/run-spin.sh" "$n" "$v" "$search" > "$work/spin.out" 2> "$work/spin.err" || true
        s_line=$(cat "$work/spin.out")
        s_states=$(sed -nE 's/.*states=([0-9]+).*/\1/p' <<< "$s_line")
        s_time=$(sed -nE 's/.*time_s=([0-9.e+]+).*/\1/p' <<< "$s_line")
        s_mem=$(sed -nE 's/.*mem_mb=([0-9.]+).*/\1/p' <<< "$s_line")
        s_verdict=$(sed -nE 's/.*violations=([A-Z_,a-z]+).*/\1/p' <<< "$s_line")
        [[ $s_verdict == none ]] && s_verdict=ok
        # run-spin.sh's own time includes spin -a and gcc; pan's elapsed time is its search.
        read -r _ s_rss < "$work/spin.time"
        awk -v n="$n" -v v="$v" -v ms="$m_states" -v mw="$m_wall" -v mt="$m_ms" -v mr="$m_rss" -v mv="$m_verdict" \
            -v ss="$s_states" -v st="$s_time" -v sm="$s_mem" -v sr="$s_rss" -v sv="$s_verdict" 'BEGIN {
            mrss = mr / 1024; srss = sr / 1024; if (sm + 0 > srss) srss = sm + 0;
            sw = st + 0; if (sw < 0.01) sw = 0.01;
            printf "%-2d %-5s | %10d %8.2f %9.2f %7.0f %-18s | %10d %8.2f %9.2f %7.0f %-18s | %6.2f %6.2f\n",
                n, v, ms, mw, mt / 1000, mrss, mv, ss, st, st, srss, sv, mw / sw, mrss / srss }'
    done
done
echo "t_ratio: mmun's whole-process wall time / pan's search time; m_ratio: mmun's peak RSS / SPIN's memory (the larger of pan's own figure and its RSS)."
