# The JVM options for one mmun command, shared by the checkout's ./mmun and the archive's bin/mmun
# (sourced, not run: a start forks only java). docs/performance.md has the measurements behind them.
#
# mmun_jvm_options COMMAND ARGS...: appends to the array `opts`.
mmun_jvm_options() {
  case "${1:-}" in
    # C1 only, compiling only methods called three times as often as by default (a short run's
    # compiles cost more than they save; a 90,000-step run is not slower), with one compiler thread,
    # the serial collector (G1's threads and tables cost more to start than a run's small heap needs)
    # and no hsperfdata file (jps does not list a run; jcmd still attaches)
    run | --version | -V | --help | -h | help)
      opts+=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:+UseSerialGC -XX:CICompilerCount=1 -XX:-UsePerfData) ;;
    test)
      # A suite of run-mode files only (each says `mode run`, or has a timeline and no `mode check`:
      # docs/language.md) is compiled as run is, about 1.4 times less CPU per file; a suite that may
      # search keeps the tiered compiler, without which a long search costs up to 1.6 times more.
      # Two greps over the named .mmun files and folders; no path (stdin) keeps tiered.
      local paths=() a
      for a in "${@:2}"; do
        if [ -d "$a" ] || { [[ "$a" == *.mmun ]] && [ -f "$a" ]; }; then paths+=("$a"); fi
      done
      if ((${#paths[@]})) && ! grep -rqsiE --include='*.mmun' '^[[:space:]]*mode[[:space:]]+check' "${paths[@]}" \
          && [ -z "$(grep -rLsiE --include='*.mmun' '^[[:space:]]*(mode[[:space:]]+run|\[time)' "${paths[@]}")" ]; then
        opts+=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:+UseSerialGC)
      fi ;;
    check | repl)
      # The visited set is one table of tens to hundreds of MB probed at random: with 4 KiB pages
      # nearly every probe misses the TLB too. Huge pages for the heap, where the kernel offers them
      # (a read, no fork; "never" would make the JVM warn): COW-5 fixed raw 0.91x the CPU time.
      local thp=""
      if [ -r /sys/kernel/mm/transparent_hugepage/enabled ]; then
        read -r thp < /sys/kernel/mm/transparent_hugepage/enabled || true
      fi
      if [ -n "$thp" ] && [[ "$thp" != *"[never]"* ]]; then
        opts+=(-XX:+UseTransparentHugePages)
      fi ;;
  esac
}
