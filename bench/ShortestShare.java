// How much of a check with the partial-order reduction is its second search, the one for shorter
// counterexamples (Explorer.shortest: no partial-order reduction, bounded by the longest
// counterexample found). Not part of the build or the tests:
//
//   bench/cow-n.sh 7 buggy > /tmp/cow7b.mmun
//   java -Xmx3g -cp interpreter/target/mmun.jar bench/ShortestShare.java /tmp/cow7b.mmun
//
// Three rounds in one JVM: the whole check (reductions on, one worker) and its states per CPU
// second, then a search like the second one (no partial-order reduction, --max-depth one less than
// the longest counterexample, --max-states twice the first search's states) run on its own. It
// does not stop once it has seen every rule, as the real one does, so its figures are an upper
// bound of what the second search costs.
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.*;
import dev.mmun.session.Session;
import java.nio.file.*;
import java.lang.management.ManagementFactory;
public class ShortestShare { public static void main(String[] a) throws Exception {
  var sc = Session.withStdlib().compile(new SourceFile(a[0], Files.readString(Path.of(a[0])))).scenario();
  var mx = ManagementFactory.getThreadMXBean();
  for (int round = 0; round < 3; round++) {
    long c0 = mx.getCurrentThreadCpuTime();
    ExploreResult r = new Explorer(sc).explore(new Explorer.Options(true, true, 1, 0, 0, 0, null));
    long c1 = mx.getCurrentThreadCpuTime();
    int longest = r.traces().values().stream().mapToInt(java.util.List::size).max().orElse(0);
    long budget = Math.max(200_000, 2 * r.stats().stored());
    ExploreResult b = new Explorer(sc).explore(new Explorer.Options(false, true, 1, budget, longest - 1, 0, null));
    long c2 = mx.getCurrentThreadCpuTime();
    System.out.printf("whole check: %d states, %d ms cpu, %.0f k states/cpu-s; the bounded search for shorter schedules alone (no targets, so an upper bound): %d states, %d ms cpu, bound %s%n",
      r.stats().stored(), (c1-c0)/1000000, r.stats().stored()/((c1-c0)/1e6), b.stats().stored(), (c2-c1)/1000000, b.bound());
  }
}}
