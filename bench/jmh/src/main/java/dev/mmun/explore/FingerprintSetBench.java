package dev.mmun.explore;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The visited set at the sizes a search reaches: {@code hit} adds a fingerprint that is there (a
 * matched state), {@code miss} asks for one that is not (the probe of a new state, without
 * storing it), {@code batch} does what a search worker does per group of successors (touch the
 * slots of 16 keys, then add them; half are new), {@code fill} inserts a million keys into an
 * empty set reserved for {@code size}. Keys are random, as fingerprints are.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class FingerprintSetBench {
    static final int BATCH = 16;

    @Param({"1000000", "16000000"})
    int size;

    private long[] present;
    private long[] absent;
    private FingerprintSet set;
    private final long[] group = new long[BATCH];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        present = new long[size];
        absent = new long[size];
        for (int i = 0; i < size; i++) {
            present[i] = Fingerprint.key(r.nextLong());
            absent[i] = Fingerprint.key(r.nextLong());
        }
        set = new FingerprintSet(1024);
        set.reserve(size + size / 2);
        for (long k : present) {
            set.add(k);
        }
        set.added(size);
    }

    private int index() {
        int i = next;
        next = i + 1 == size ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public boolean hit() {
        return set.add(present[index()]);
    }

    @Benchmark
    public boolean miss() {
        return set.contains(absent[index()]);
    }

    /** Half of each group is present, half would be new; adding them only checks (the new ones are not stored). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() {
        for (int k = 0; k < BATCH; k++) {
            int i = index();
            group[k] = (k & 1) == 0 ? present[i] : absent[i];
        }
        long acc = set.touch(group, BATCH);
        for (int k = 0; k < BATCH; k += 2) {
            acc += set.add(group[k]) ? 1 : 0;
        }
        for (int k = 1; k < BATCH; k += 2) {
            acc += set.contains(group[k]) ? 1 : 0;
        }
        return acc;
    }

    /** A fresh set per measurement, filled with {@code size} keys: ns per insertion. */
    @State(Scope.Thread)
    public static class Empty {
        FingerprintSet set;

        @Setup(Level.Invocation)
        public void setUp(FingerprintSetBench b) {
            set = new FingerprintSet(1024);
            set.reserve(b.size);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @OperationsPerInvocation(1_000_000)
    public long fill(Empty e) {
        long[] keys = present;
        int n = Math.min(size, 1_000_000);
        long added = 0;
        for (int i = 0; i < n; i++) {
            added += e.set.add(keys[i]) ? 1 : 0;
        }
        return added;
    }
}
