package dev.mmun.explore;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The threads of a search with several workers, expanding one level at a time in parts of
 * {@link #PART} states. Whichever thread is free takes the next part (steps differ in cost, and on
 * a shared machine so do the threads' shares of the cores); the searching thread works too, and it
 * alone merges the parts, in their order, each as soon as it and every part before it are done.
 * So the level's parts flow without a pause at every chunk (before, the threads met after each
 * chunk of 4096 states: one waited for the other's last part, then for the merge, then to be woken).
 *
 * <p>Each thread expands its parts with a {@link Worker} of its own (its scratch stays in its
 * caches); a part's results go into one of a ring of {@link Expansion}s, which holds them until it
 * is merged: part q may start only once part q - ring is merged, and only when the {@link Merger} says that
 * it may (the visited set has room for the parts in flight, and no bound checked before it can
 * stop the search: see {@link Merger#mayRun}); when it may not, the threads finish and merge the
 * parts before it, and the merger makes room. Parts are numbered on across levels, so that a
 * thread's stale view of a finished level cannot take a part of the next.
 */
final class Crew {
    /** states per part; a divisor of the explorer's chunk, so that no part straddles a chunk's end */
    static final int PART = 512;
    private static final int SPINS = 1 << 10;

    /** What the searching thread does with the parts, in their order. */
    interface Merger {
        /**
         * Whether states [from, to) of the level may be expanded while states [mergedTo, from) are
         * expanded or waiting to be merged. When false, the crew asks {@link #makeRoom} once every
         * part before it is merged, and then runs it.
         */
        boolean mayRun(int mergedTo, int from, int to);

        /** Nothing is in flight, and states [from, to) are next: make room for them and more. */
        void makeRoom(int from, int to);

        /** The part [from, to) of the level, expanded into e: merge it (and reset e); false: stop the level here. */
        boolean merge(Expansion e, int from, int to);
    }

    /** The level being expanded: its parts are numbers [base, base + parts). */
    private record Job(Frontier level, int size, boolean expand, int base) {}

    /** per thread (0 the searching thread, h + 1 helper h): its worker, each built by its own thread */
    private final Worker[] workers;
    /** builds a helper's worker, on the helper's thread */
    private final Supplier<Worker> newWorker;
    private final Expansion[] ring;
    private final Thread[] helpers;
    private final Thread searcher;
    /** the next part to hand out (low 32 bits), and the parts below which may be handed out (high 32) */
    private final AtomicLong gate = new AtomicLong();
    /** per worker of the ring: the part it finished last */
    private final AtomicIntegerArray finished;
    private volatile Job job;
    private volatile boolean searcherWaits;
    /** per helper: 1 while it sleeps (or is about to) */
    private final AtomicIntegerArray parked;
    private volatile boolean closed;
    private volatile Throwable failure;
    /** an interrupt of the searching thread seen while it waited, not yet given back to it */
    private boolean interrupted;
    /** where the threads' time goes (row 0 the searching thread, h + 1 helper h); null: not kept */
    private final CrewStats stats;

    /**
     * The crew of the calling, searching thread, whose worker is given, and helperThreads more
     * threads started here, each of which builds its own worker with newWorker before it takes a
     * part; a ring of expansions holds the parts in flight. Where the threads' time goes is kept in
     * stats (null: not kept).
     *
     * <p>Each thread builds its worker so that the two workers' scratch lies in memory apart (each
     * thread allocates from a buffer of its own). Built one after the other by the searching
     * thread, they lay side by side; built apart, two workers searched 1.07 times as fast
     * (docs/performance.md, "At stop 22"). Most likely the hardware prefetcher, following one
     * worker's arrays, fetched lines of the other's that it was writing.
     */
    Crew(Worker searcherWorker, int helperThreads, Supplier<Worker> newWorker, Expansion[] ring, CrewStats stats) {
        this.workers = new Worker[helperThreads + 1];
        this.workers[0] = searcherWorker;
        this.newWorker = newWorker;
        this.ring = ring;
        this.stats = stats;
        this.finished = new AtomicIntegerArray(ring.length);
        for (int i = 0; i < ring.length; i++) {
            finished.set(i, -1);
        }
        this.searcher = Thread.currentThread();
        this.parked = new AtomicIntegerArray(helperThreads);
        this.helpers = new Thread[helperThreads];
        for (int h = 0; h < helperThreads; h++) {
            int id = h;
            helpers[h] = new Thread(() -> help(id), "mmun-check");
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    /** Lets the helper threads end. */
    void close() {
        closed = true;
        for (Thread h : helpers) {
            LockSupport.unpark(h);
        }
    }

    /**
     * Expands states [0, size) of level, merging the parts in order on this thread, until all are
     * merged or the merger says stop; returns when no part of it runs any more.
     */
    void level(Frontier level, int size, boolean expand, Merger m) {
        int base = next(gate.get());
        int end = base + (size + PART - 1) / PART;
        Job j = new Job(level, size, expand, base);
        job = j;
        int merged = base;
        boolean stop = false;
        while (true) {
            if (!stop) {
                open(j, merged, end, m);
            }
            int handed = next(gate.get());
            if (merged == handed && (stop || merged == end)) {
                break;
            }
            if (merged < handed && finished.get(merged % ring.length) == merged) {
                Expansion e = ring[merged % ring.length];
                if (stop) {
                    e.reset();
                } else {
                    giveBackInterrupt();
                    long[] c = stats == null ? null : stats.start();
                    stop = !m.merge(e, from(j, merged), to(j, merged));
                    if (c != null) {
                        stats.add(0, CrewStats.Kind.MERGE, c, 0);
                    }
                    if (stop) {
                        close(gate);
                    }
                }
                merged++;
                continue;
            }
            int q = stop ? -1 : take();
            if (q >= 0) {
                run(q, 0);
            } else {
                long[] c = stats == null ? null : stats.start();
                awaitFinished(merged);
                if (c != null) {
                    stats.add(0, CrewStats.Kind.IDLE, c, 0);
                }
            }
        }
        giveBackInterrupt();
        Throwable f = failure;
        if (f != null) {
            fail(f);
        }
    }

    /** Raises the gate over the parts that may start now; when none is in flight and the next may not, makes room for it. */
    private void open(Job j, int merged, int end, Merger m) {
        while (true) {
            long g = gate.get();
            int allowed = allowed(g);
            int q = allowed;
            while (q < end && q < merged + ring.length && m.mayRun(from(j, merged), from(j, q), to(j, q))) {
                q++;
            }
            if (q == merged && q < end) {
                m.makeRoom(from(j, q), to(j, q));
                q++;
            }
            if (q <= allowed) {
                return;
            }
            if (gate.compareAndSet(g, pack(q, next(g)))) {
                for (int h = 0; h < helpers.length; h++) {
                    if (parked.get(h) == 1) {
                        LockSupport.unpark(helpers[h]);
                    }
                }
                return;
            }
        }
    }

    /** Hands out no part after those handed out already. */
    private static void close(AtomicLong gate) {
        long g;
        do {
            g = gate.get();
        } while (!gate.compareAndSet(g, pack(next(g), next(g))));
    }

    /** The next part that may be handed out, now handed out to the caller; -1: none may. */
    private int take() {
        while (true) {
            long g = gate.get();
            int n = next(g);
            if (n >= allowed(g)) {
                return -1;
            }
            if (gate.compareAndSet(g, pack(allowed(g), n + 1))) {
                return n;
            }
        }
    }

    /** Part q, taken: its job is the one published before the gate let q through (the next waits until q is merged). */
    private void run(int q, int thread) {
        Job j = job;
        long[] c = stats == null ? null : stats.start();
        workers[thread].run(j.level(), from(j, q), to(j, q), j.expand(), ring[q % ring.length]);
        if (c != null) {
            stats.add(thread, CrewStats.Kind.RUN, c, to(j, q) - from(j, q));
        }
        finished.set(q % ring.length, q);
        if (searcherWaits) {
            LockSupport.unpark(searcher);
        }
    }

    /** The searching thread, with nothing to take: waits for part q to be done by a helper. */
    private void awaitFinished(int q) {
        for (int i = 0; i < SPINS; i++) {
            if (finished.get(q % ring.length) == q || failure != null) {
                return;
            }
            Thread.onSpinWait();
        }
        searcherWaits = true;
        while (finished.get(q % ring.length) != q && failure == null) {
            LockSupport.parkNanos(this, 1_000_000);
            if (Thread.interrupted()) {
                // the search ends only between chunks, with whole parts: the merger is told later
                interrupted = true;
            }
        }
        searcherWaits = false;
        if (failure != null) {
            fail(failure);
        }
    }

    private void giveBackInterrupt() {
        if (interrupted) {
            interrupted = false;
            searcher.interrupt();
        }
    }

    /** A helper thread: takes parts while there are, else spins a little, then sleeps until the gate opens. */
    private void help(int id) {
        try {
            // read and written by this thread only
            workers[id + 1] = newWorker.get();
            while (!closed) {
                int q = take();
                if (q >= 0) {
                    run(q, id + 1);
                    continue;
                }
                long[] c = stats == null ? null : stats.start();
                int spins = 0;
                while (!closed && !open() && spins++ < SPINS) {
                    Thread.onSpinWait();
                }
                if (!closed && !open()) {
                    parked.set(id, 1);
                    // the gate may have opened before the flag was seen: look again before sleeping
                    if (!open()) {
                        LockSupport.parkNanos(this, 10_000_000);
                    }
                    parked.set(id, 0);
                }
                if (c != null) {
                    stats.add(id + 1, CrewStats.Kind.IDLE, c, 0);
                }
            }
        } catch (Throwable t) {
            failure = t;
            LockSupport.unpark(searcher);
        }
    }

    private boolean open() {
        long g = gate.get();
        return next(g) < allowed(g);
    }

    private static void fail(Throwable f) {
        if (f instanceof OutOfMemoryError oom) {
            throw oom;
        }
        throw new IllegalStateException("a search worker failed", f);
    }

    private static int from(Job j, int q) {
        return (q - j.base()) * PART;
    }

    private static int to(Job j, int q) {
        return Math.min(j.size(), from(j, q) + PART);
    }

    private static long pack(int allowed, int next) {
        return (long) allowed << 32 | next & 0xffffffffL;
    }

    private static int allowed(long g) {
        return (int) (g >>> 32);
    }

    private static int next(long g) {
        return (int) g;
    }
}
