package dev.mmun.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The visited set: an open-addressing table of 64-bit fingerprints in one long array, linear
 * probing, 0 for empty. {@link #add} is safe from many threads at once (a CAS per slot); growing
 * is not, so the explorer grows the table while no thread adds, with {@link #reserve} (which may
 * move the fingerprints with several threads).
 *
 * <p>A table that cannot double (the heap has no room for the bigger one: doubling holds both,
 * three times the table, and the collector needs the new one in one piece; or it would pass
 * 2^30 slots) is not the end of the search: it goes on filling the table it has, up to
 * {@link #CROWDED_LOAD}. Linear probing gets slower as the table fills, but a search that would
 * have stopped finishes.
 */
public final class FingerprintSet {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final double MAX_LOAD = 0.7;
    /** how full a table that could not double may get: about 200 slots probed per new fingerprint at the end */
    static final double CROWDED_LOAD = 0.95;
    /** the largest table any set may have (an int-indexed long array) */
    static final int MAX_SLOTS = 1 << 30;
    /** tables at least this big are grown by several threads, when given */
    private static final int PARALLEL_MOVE = 1 << 18;

    private long[] table;
    private int mask;
    private long size;
    /** the largest table this set may have (a power of two) */
    private final int maxSlots;
    /** how full the table may get: MAX_LOAD, or CROWDED_LOAD while it cannot double */
    private double load = MAX_LOAD;
    private boolean crowded;

    public FingerprintSet(int initialCapacity) {
        this(initialCapacity, MAX_SLOTS);
    }

    /** A set whose table never grows past maxSlots slots (a power of two): tests stand it for a full heap. */
    FingerprintSet(int initialCapacity, int maxSlots) {
        if (Integer.bitCount(maxSlots) != 1 || maxSlots > MAX_SLOTS) {
            throw new IllegalArgumentException("maxSlots " + maxSlots);
        }
        this.maxSlots = maxSlots;
        int cap = Math.min(maxSlots, Integer.highestOneBit(Math.max(1024, initialCapacity) * 2 - 1));
        table = new long[cap];
        mask = cap - 1;
    }

    public long size() {
        return size;
    }

    public long bytes() {
        return 8L * table.length;
    }

    /** Whether {@code more} further insertions fit without growing. */
    public boolean hasRoom(long more) {
        return size + more <= (long) (table.length * load);
    }

    /** Whether the table could not double at some point, and was filled past its usual load (slower). */
    public boolean crowded() {
        return crowded;
    }

    /** Makes room for {@code more} further insertions without growing (single-threaded). */
    public void reserve(long more) {
        reserve(more, more, 1);
    }

    /**
     * Makes room for {@code want} further insertions (single-threaded), moving the fingerprints to
     * the bigger table with this many threads when it is big: no one searches meanwhile, and a
     * doubling of a table of millions of slots is tens of milliseconds that the other threads
     * would spend waiting. When the table cannot double, room for {@code must} (at most want) at
     * the crowded load will do; only without that is the memory out.
     */
    public void reserve(long want, long must, int threads) {
        // a crowded table is not offered a bigger one again until it is full: each failed try
        // costs a full collection
        if (hasRoom(want) || load == CROWDED_LOAD && hasRoom(must)) {
            return;
        }
        long need = size + want;
        long cap = table.length;
        while (need > (long) (cap * MAX_LOAD)) {
            cap *= 2;
        }
        // no bigger than the cap: a table that holds less than want still beats one crowded
        cap = Math.min(cap, maxSlots);
        long[] grown = null;
        if (cap > table.length) {
            try {
                grown = new long[(int) cap];
            } catch (OutOfMemoryError full) {
                // the heap has no room for the bigger table: below, go on in this one if it can
            }
        }
        if (grown == null) {
            if (size + must > (long) (table.length * CROWDED_LOAD)) {
                throw new OutOfMemoryError(cap == table.length ? "visited set full at " + maxSlots + " slots"
                        : "no room in the heap for a visited set of " + cap + " slots");
            }
            load = CROWDED_LOAD;
            crowded = true;
            return;
        }
        load = MAX_LOAD;
        long[] old = table;
        long[] bigger = grown;
        int m = (int) cap - 1;
        int n = old.length < PARALLEL_MOVE ? 1 : Math.max(1, threads);
        Thread[] others = new Thread[n - 1];
        int per = old.length / n;
        for (int j = 1; j < n; j++) {
            int lo = j * per;
            int hi = j == n - 1 ? old.length : lo + per;
            others[j - 1] = new Thread(() -> move(old, lo, hi, bigger, m), "mmun-check-grow");
            others[j - 1].start();
        }
        move(old, 0, n == 1 ? old.length : per, bigger, m);
        for (Thread t : others) {
            joinUninterruptibly(t);
        }
        table = bigger;
        mask = m;
    }

    /** The fingerprints of old[lo, hi) into t (mask m), several threads at once: a CAS per slot. */
    private static void move(long[] old, int lo, int hi, long[] t, int m) {
        for (int k = lo; k < hi; k++) {
            long fp = old[k];
            if (fp != 0) {
                int i = slot(fp, m);
                while (t[i] != 0 || !SLOTS.compareAndSet(t, i, 0L, fp)) {
                    i = (i + 1) & m;
                }
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
        return slot(fp, mask);
    }

    private static int slot(long fp, int mask) {
        return (int) (fp ^ (fp >>> 29)) & mask;
    }
}
