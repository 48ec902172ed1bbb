package dev.mmun.explore;

import dev.mmun.machine.Semantics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The step function as the search calls it: one enabled step of one thread into a reused vector,
 * the broken rules into a rule mask (no messages), over the first 20,000 steps of a search of
 * COW-N without reductions. {@code fingerprint} adds what the search does next with the successor:
 * its fingerprint, updated from the slots the step changed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBench {
    @Param({"5"})
    int n;

    @Param({"buggy", "fixed"})
    String variant;

    private Semantics.Stepper stepper;
    private final RuleMask sink = new RuleMask();
    private int[][] states;
    private int[] threadOf;
    private int[] into;
    /** the changed-slot bit set the search's workers keep beside the fingerprint */
    private long[] changed;
    private int next;

    @Setup
    public void setUp() throws Exception {
        Semantics sem = new Semantics(Scenarios.cow(n, variant).program());
        stepper = sem.stepper();
        List<int[]> pairs = Scenarios.steps(sem, 20_000);
        states = new int[pairs.size()][];
        threadOf = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            int[] p = pairs.get(i);
            states[i] = java.util.Arrays.copyOf(p, p.length - 1);
            threadOf[i] = p[p.length - 1];
        }
        into = new int[states[0].length];
        changed = new long[(into.length + 63) >>> 6];
    }

    @Benchmark
    public int step() {
        int i = next;
        next = i + 1 == states.length ? 0 : i + 1;
        sink.mask = 0;
        return stepper.step(states[i], threadOf[i], sink, into) ? sink.mask + into[0] : -1;
    }

    @Benchmark
    public long fingerprint() {
        int i = next;
        next = i + 1 == states.length ? 0 : i + 1;
        sink.mask = 0;
        int[] s = states[i];
        stepper.step(s, threadOf[i], sink, into);
        java.util.Arrays.fill(changed, 0);
        return Fingerprint.update(Fingerprint.of(s), s, into, changed, 0) ^ sink.mask;
    }
}
