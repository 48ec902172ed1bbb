package dev.mmun.explore;

import dev.mmun.machine.Semantics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a BFS level (Frontier): the successors of the first 20,000 steps of a search of COW-N
 * without reductions, in the order a worker stores them (each after its parent's siblings),
 * {@code whole}: each compared with the state stored before it over the whole vector (as before
 * the search knew the changed slots); {@code hinted}: told where it may differ (its own changed
 * slots and its predecessor's, as Worker does); {@code read}: the level read back in order by a
 * cursor. Time per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrontierBench {
    private static final int STATES = 20_000;

    @Param({"5"})
    int n;

    @Param({"fixed"})
    String variant;

    private int[][] succ;
    private long[][] hint;
    private int[] ref;
    private Frontier level;
    private int[] buf;

    @Setup
    public void setUp() throws Exception {
        Semantics sem = new Semantics(Scenarios.cow(n, variant).program());
        Semantics.Stepper stepper = sem.stepper();
        RuleMask sink = new RuleMask();
        List<int[]> pairs = Scenarios.steps(sem, STATES);
        int width = pairs.get(0).length - 1;
        int words = (width + 63) >>> 6;
        ref = sem.initial().raw();
        succ = new int[pairs.size()][];
        hint = new long[pairs.size()][];
        long[] prevDiff = new long[words];
        int[] prevParent = null;
        for (int i = 0; i < pairs.size(); i++) {
            int[] p = pairs.get(i);
            int[] s = java.util.Arrays.copyOf(p, width);
            int[] nx = new int[width];
            stepper.step(s, p[width], sink, nx);
            long[] diff = new long[words];
            Fingerprint.update(Fingerprint.of(s), s, nx, diff, 0);
            succ[i] = nx;
            long[] h = new long[words];
            if (prevParent != null && java.util.Arrays.equals(prevParent, s)) {
                for (int w = 0; w < words; w++) {
                    h[w] = prevDiff[w] | diff[w];
                }
            } else {
                java.util.Arrays.fill(h, -1L);
                if ((width & 63) != 0) {
                    h[words - 1] = (1L << (width & 63)) - 1;
                }
            }
            hint[i] = h;
            prevDiff = diff;
            prevParent = s;
        }
        level = new Frontier(ref, succ.length);
        buf = new int[width];
    }

    @Benchmark
    @OperationsPerInvocation(STATES)
    public int whole() {
        level.clear();
        for (int i = 0; i < succ.length; i++) {
            level.add(succ[i], i, 0);
        }
        return level.size();
    }

    @Benchmark
    @OperationsPerInvocation(STATES)
    public int hinted() {
        level.clear();
        for (int i = 0; i < succ.length; i++) {
            level.add(succ[i], i, 0, hint[i]);
        }
        return level.size();
    }

    @Benchmark
    @OperationsPerInvocation(STATES)
    public int read() {
        if (level.size() != succ.length) {
            whole();
        }
        Frontier.Cursor c = new Frontier.Cursor();
        c.seek(level, 0, buf);
        int acc = buf[0];
        for (int i = 1; i < succ.length; i++) {
            c.next(buf);
            acc += buf[i % buf.length];
        }
        return acc;
    }
}
