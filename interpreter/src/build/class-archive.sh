#!/usr/bin/env bash
# The class archive ./mmun starts with, made when the jar is made (interpreter/pom.xml runs this at
# `package`, right after the shaded jar), so that it is ready from the first start: a training run
# (dev.mmun.cli.Train: the command tree, `run`, `check` and `test` of samples/doc in every format)
# with the `java` on PATH, the one ./mmun runs, writes
#   - with a JDK 25 or newer: its ahead-of-time cache, mmun.aot (-XX:AOTCacheOutput), which keeps
#     the classes loaded and linked, and the method profiles;
#   - else a dynamic AppCDS archive, mmun.jsa (-XX:ArchiveClassesAtExit), the classes parsed and
#     verified. That training run interprets only (-Xint): before JDK 21 (JDK-8306460) the archive
#     keeps the mark "queued for compilation" of every method in the compiler's queue when the
#     training run exits, and a JVM that maps it never compiles those methods. Which ones that hits
#     is down to timing; it once left FrameSymmetry.canonicalize interpreted, and checks ran 2 to 3.5
#     times slower. The interpreter queues nothing and loads the same classes.
#     src/build/archive-check.sh (at verify) fails the build if a method starts out queued.
# The archive is kept only if the JVM then starts with it (-Xshare:on / -XX:AOTMode=on): a broken
# one would fail every start. That JVM also writes BASE.id, the id of the JVM the archive is for
# (dev.mmun.cli.ClassArchive), with which the installed launcher finds a stale one. This never
# fails: without an archive mmun only starts slower.
#
#   usage: class-archive.sh JAR SAMPLES_DIR [BASE [JAVA]]
#   BASE: the archive's path less its extension (default: mmun beside the jar); JAVA: the java to
#   train with and for (default: the one on PATH). The installed launcher, dist/src/bin/mmun, gives
#   both: its archive lives in the user's cache, made for the java it starts.
set -u
jar="$1" samples="$2" base="${3:-$(dirname "$1")/mmun}" java="${4:-java}"
tmp="$base.$$.tmp"
rm -f "$base.jsa" "$base.aot" "$base.id" "$tmp"
"$java" -version >/dev/null 2>&1 || { echo "class-archive: no $java; mmun starts without an archive" >&2; exit 0; }
feature="$("$java" -version 2>&1 | sed -n '1s/^[^"]*"\([0-9]*\).*/\1/p')"
if [ "${feature:-0}" -ge 25 ]; then
  out="$base.aot" make=(-XX:AOTCacheOutput="$tmp") use=(-XX:AOTMode=on -XX:AOTCache="$tmp")
else
  out="$base.jsa" make=(-Xint -Xshare:auto -XX:ArchiveClassesAtExit="$tmp") use=(-Xshare:on -XX:SharedArchiveFile="$tmp")
fi
if "$java" -Xlog:disable "${make[@]}" -cp "$jar" dev.mmun.cli.Train "$samples" >/dev/null 2>&1 \
    && "$java" -Xlog:disable -XX:ErrorFile=/dev/null "${use[@]}" -cp "$jar" dev.mmun.cli.ClassArchive >"$tmp.id" 2>/dev/null \
    && [ -s "$tmp.id" ]; then
  # the id first: a start that finds the archive reads the id beside it
  mv -f "$tmp.id" "$base.id" && mv -f "$tmp" "$out"
else
  echo "class-archive: the training run failed; mmun starts without an archive" >&2
fi
rm -f "$tmp" "$tmp.id"
exit 0
