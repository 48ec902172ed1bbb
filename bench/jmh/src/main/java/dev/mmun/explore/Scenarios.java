package dev.mmun.explore;

import dev.mmun.diag.SourceFile;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.session.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The benchmarks' inputs: COW-N scenarios written by bench/cow-n.sh, and states reachable in them. */
final class Scenarios {
    private Scenarios() {
    }

    /** Compiles bench/cow-n.sh N VARIANT (bench.dir names the bench folder; default bench). */
    static Scenario cow(int n, String variant) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "bench"));
        Process p = new ProcessBuilder("bash", dir.resolve("cow-n.sh").toString(), "" + n, variant).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bench/cow-n.sh " + n + " " + variant + " failed (run from the project root or set -Dbench.dir)");
        }
        return Session.withStdlib().compile(new SourceFile("cow-" + n + "-" + variant + ".mmun", text)).scenario();
    }

    /**
     * The (state, thread) pairs of the first {@code max} enabled steps of a breadth-first search
     * without reductions from the initial state: the mix of steps a search runs.
     */
    static List<int[]> steps(Semantics sem, int max) {
        int threads = sem.program().threads().size();
        Semantics.Stepper stepper = sem.stepper();
        RuleMask sink = new RuleMask();
        int[] init = sem.initial().raw();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        queue.add(init);
        seen.add(Fingerprint.of(init));
        List<int[]> out = new ArrayList<>();
        while (!queue.isEmpty() && out.size() < max) {
            int[] s = queue.poll();
            for (int t = 0; t < threads && out.size() < max; t++) {
                int[] n = new int[s.length];
                if (stepper.step(s, t, sink, n)) {
                    int[] pair = java.util.Arrays.copyOf(s, s.length + 1);
                    pair[s.length] = t;
                    out.add(pair);
                    if (seen.add(Fingerprint.of(n))) {
                        queue.add(n);
                    }
                }
            }
        }
        return out;
    }
}
