package dev.mmun.explore;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Where a search's threads spend their time, for measuring how several workers scale: per thread,
 * the parts it expanded and the CPU and wall time that took, the time it waited with nothing to
 * take (spinning or asleep), and the searching thread's time merging. Kept only when asked
 * ({@code -Dmmun.crew.stats}: printed to stderr after each search), since reading a thread's CPU
 * clock is a system call. Each thread writes only its own row.
 */
final class CrewStats {
    /**
     * RUN, IDLE and MERGE split a thread's time; GROW (the tree's arrays grown), APPEND (a part's
     * states copied into the next level, its buffer grown when full) and ROOM (the visited set
     * grown) are the searching thread's, GROW and APPEND within MERGE, ROOM outside it.
     */
    enum Kind { RUN, IDLE, MERGE, GROW, APPEND, ROOM }

    /** longs per row: apart by more than a cache line, so that two threads' rows share none */
    private static final int ROW = 32;
    private static final int STATES = 0;
    private static final int PARTS = 1;
    /** per kind k: CPU nanos at 2 + 2k, wall nanos at 3 + 2k, the longest wall nanos at one go at LONGEST + k */
    private static final int LONGEST = 16;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int threads;
    private final long[] rows;

    /** Stats for a search of this many threads (row 0: the searching thread), or null when not asked for. */
    static CrewStats ifAsked(int threads) {
        return Boolean.getBoolean("mmun.crew.stats") ? new CrewStats(threads) : null;
    }

    CrewStats(int threads) {
        this.threads = threads;
        this.rows = new long[(threads + 2) * ROW];
    }

    /** A clock reading to hand back to {@link #add}: the thread's CPU nanos and the wall nanos. */
    long[] start() {
        return new long[] {THREADS.getCurrentThreadCpuTime(), System.nanoTime()};
    }

    /** Thread t spent the time since start on kind; states: the states it expanded meanwhile (RUN). */
    void add(int t, Kind kind, long[] start, int states) {
        int at = (t + 1) * ROW;
        rows[at + 2 + 2 * kind.ordinal()] += THREADS.getCurrentThreadCpuTime() - start[0];
        long wall = System.nanoTime() - start[1];
        rows[at + 3 + 2 * kind.ordinal()] += wall;
        rows[at + LONGEST + kind.ordinal()] = Math.max(rows[at + LONGEST + kind.ordinal()], wall);
        if (kind == Kind.RUN) {
            rows[at + STATES] += states;
            rows[at + PARTS]++;
        }
    }

    long states(int t) {
        return rows[(t + 1) * ROW + STATES];
    }

    long cpu(int t, Kind kind) {
        return rows[(t + 1) * ROW + 2 + 2 * kind.ordinal()];
    }

    long wall(int t, Kind kind) {
        return rows[(t + 1) * ROW + 3 + 2 * kind.ordinal()];
    }

    /** One line per thread: states, parts, and for each kind its CPU and wall milliseconds; run's CPU nanos per state. */
    String report() {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            int at = (t + 1) * ROW;
            long states = rows[at + STATES];
            b.append(String.format("crew thread %d: %d states in %d parts", t, states, rows[at + PARTS]));
            for (Kind k : Kind.values()) {
                if (k.ordinal() > Kind.MERGE.ordinal() && wall(t, k) == 0) {
                    continue;
                }
                b.append(String.format(", %s %d ms cpu %d ms wall", k.name().toLowerCase(), cpu(t, k) / 1_000_000,
                        wall(t, k) / 1_000_000));
                if (k != Kind.RUN) {
                    b.append(String.format(" (longest %.1f ms)", rows[at + LONGEST + k.ordinal()] / 1e6));
                }
            }
            b.append(String.format(", %.0f ns cpu per state run%n", states == 0 ? 0.0 : cpu(t, Kind.RUN) / (double) states));
        }
        return b.toString();
    }
}
