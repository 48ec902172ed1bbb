// The COW-N benchmark of `mmun check`, as a plain main (not part of the build or the tests):
//
//   java -cp interpreter/target/mmun.jar bench/Bench.java [MAX_N [TIMEOUT_S [WORKERS]]]
//
// For N = 2..MAX_N (default 7), buggy and fixed, reductions on and off, it prints the states
// stored, the search time, when the first violation was found, states per second and the peak Java
// heap, one line each. bench/bench.sh
// builds the jar and runs it. The scenario text is bench/cow-n.sh's. Everything runs in one JVM,
// so later lines run on a warmed-up JIT; the peak heap is measured from a reset before each run.
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.ExploreResult;
import dev.mmun.explore.Explorer;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

public class Bench {
    public static void main(String[] args) throws Exception {
        int maxN = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        long timeout = (args.length > 1 ? Long.parseLong(args[1]) : 120) * 1000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path here = Path.of(System.getProperty("bench.dir", "bench"));
        Session session = Session.withStdlib();
        System.out.printf("%-3s %-6s %-10s %12s %12s %10s %9s %12s %9s %6s %s%n", "N", "var", "reductions",
                "states", "transitions", "time_ms", "first_ms", "states/s", "heap_MB", "depth", "verdict");
        for (int n = 2; n <= maxN; n++) {
            for (String variant : new String[] {"buggy", "fixed"}) {
                String text = cowN(here, n, variant);
                Scenario sc = session.compile(new SourceFile("cow-" + n + "-" + variant + ".mmun", text)).scenario();
                for (boolean on : new boolean[] {true, false}) {
                    System.gc();
                    resetPeaks();
                    Explorer.Options o = new Explorer.Options(on, on, workers, 0, 0, timeout, null);
                    ExploreResult r = new Explorer(sc).explore(o);
                    ExploreResult.Stats s = r.stats();
                    String verdict = r.bound() != null ? "inconclusive (" + r.bound() + ")"
                            : r.traces().isEmpty() ? "ok" : String.join(",", r.traces().keySet().stream().map(Enum::name).toList());
                    String lengths = r.traces().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size())
                            .reduce((a, b) -> a + " " + b).map(x -> " [" + x + "]").orElse("");
                    System.out.printf("%-3d %-6s %-10s %12d %12d %10d %9d %12d %9.1f %6d %s%s%n", n, variant, on ? "por+sym" : "none",
                            s.stored(), s.transitions(), s.millis(), s.firstViolationMillis(), s.statesPerSecond(), peakHeapMb(),
                            s.depth(), verdict, lengths);
                }
            }
        }
    }

    static String cowN(Path here, int n, String variant) throws Exception {
        Process p = new ProcessBuilder("bash", here.resolve("cow-n.sh").toString(), "" + n, variant).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cow-n.sh failed");
        }
        return text;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
            b.resetPeakUsage();
        }
    }

    static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
            if (b.getType() == MemoryType.HEAP) {
                sum += b.getPeakUsage().getUsed();
            }
        }
        return sum / 1e6;
    }
}
