#!/bin/bash
# bench/sample-counts.sh JAR: every sample's exit code, verdict and search counts (states stored and
# matched, transitions, terminal states, depth) under one jar, one line per sample, one worker so
# that the counts are deterministic. Run it for two builds and diff the outputs: a change that
# must not change what the search does (a refactoring of the step) gives no difference.
set -u
jar=$1
cd "$(dirname "$0")/.."
for f in $(find samples -name "*.mmun" | sort); do
  out=$(timeout 300 java -Xmx2g -jar "$jar" check --workers=1 --format=json --no-trace "$f" 2>/dev/null)
  rc=$?
  echo "$f rc=$rc $(echo "$out" | python3 -c '
import sys, json
keys = ("states_stored", "states_matched", "transitions", "terminal_states", "depth")
for line in sys.stdin:
    if line.strip():
        d = json.loads(line)
        st = d.get("stats", {})
        print(d.get("verdict"), " ".join(k + "=" + str(st[k]) for k in keys if k in st))
' | tr '\n' ' ')"
done
