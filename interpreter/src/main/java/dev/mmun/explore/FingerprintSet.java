package dev.mmun.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The visited set: an open-addressing table of 64-bit fingerprints in one long array, linear
 * probing, 0 for empty. {@link #add} is safe from many threads at once (a CAS per slot); growing
 * is not, so the explorer grows the table between chunks of work with {@link #reserve}.
 */
public final class FingerprintSet {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final double MAX_LOAD = 0.7;

    private long[] table;
    private int mask;
    private long size;

    public FingerprintSet(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(1024, initialCapacity) * 2 - 1);
        table = new long[cap];
        mask = cap - 1;
    }

    public long size() {
        return size;
    }

    public long bytes() {
        return 8L * table.length;
    }

    /** Makes room for {@code more} further insertions without growing (single-threaded). */
    public void reserve(long more) {
        long need = size + more;
        if (need <= (long) (table.length * MAX_LOAD)) {
            return;
        }
        long cap = table.length;
        while (need > (long) (cap * MAX_LOAD)) {
            cap *= 2;
        }
        if (cap > (1L << 30)) {
            throw new OutOfMemoryError("visited set above 2^30 slots");
        }
        long[] old = table;
        table = new long[(int) cap];
        mask = (int) cap - 1;
        for (long fp : old) {
            if (fp != 0) {
                int i = slot(fp);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = fp;
            }
        }
    }

    /** Adds fp; true when it was not there. Thread-safe as long as no one grows the table meanwhile. */
    public boolean add(long fp) {
        long[] t = table;
        int i = slot(fp);
        while (true) {
            long cur = (long) SLOTS.getAcquire(t, i);
            if (cur == fp) {
                return false;
            }
            if (cur == 0) {
                if (SLOTS.compareAndSet(t, i, 0L, fp)) {
                    return true;
                }
                continue;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Reads the first slot each of keys[0..n) would probe, and returns what it read (to be kept by
     * the caller, so that the reads happen): the cache misses of a batch overlap, and the
     * {@link #add}s that follow find their slots in the cache. Changes nothing.
     */
    public long touch(long[] keys, int n) {
        long[] t = table;
        long acc = 0;
        for (int k = 0; k < n; k++) {
            acc += t[slot(keys[k])];
        }
        return acc;
    }

    /** Counts insertions made by {@link #add} (called once per chunk, single-threaded). */
    public void added(long n) {
        size += n;
    }

    public boolean contains(long fp) {
        int i = slot(fp);
        while (true) {
            long cur = table[i];
            if (cur == fp) {
                return true;
            }
            if (cur == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private int slot(long fp) {
        return (int) (fp ^ (fp >>> 29)) & mask;
    }
}
