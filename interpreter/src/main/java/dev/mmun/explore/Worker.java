package dev.mmun.explore;

import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.Arrays;
import java.util.List;

/**
 * Expands states of one BFS level: steps every thread, reports the rules its steps break, keeps
 * the successors that the reductions choose and the visited set has not seen. One per search
 * thread, with that thread's scratch; what it finds goes into the {@link Expansion} it is handed,
 * which the explorer merges. Padded: the threads' workers may lie next to each other in the heap.
 */
final class Worker extends Padded {
    static final int UNSET = -2;
    /** states expanded together, before the visited set is asked about their successors */
    static final int GROUP = 8;

    private final Semantics sem;
    private final Semantics.Stepper stepper;
    private final List<Scenario.FinalCheck> finals;
    private final FingerprintSet visited;
    private final Stubborn stubborn;
    private final FrameSymmetry symmetry;
    private final int threads;
    /** the state being expanded, and the index of each state of the group (expanded before their successors are looked up) */
    private final int[] state;
    private final int[] stateIndex;
    private final Frontier.Cursor cursor;
    /** per state of the group, per thread: its successor */
    private final int[][][] succ;
    /**
     * per state of the group, per thread: the slots its step changed (a bit set of {@link #words}
     * longs), and how it changed the fingerprint (when the step keeps a log: no symmetry)
     */
    private final long[][][] written;
    private final long[][] hashDelta;
    private final int[] violated;
    private final RuleMask sink = new RuleMask();
    /**
     * The successors the group's states keep, in order: the state of the group and the thread they
     * come from, their fingerprints and visited-set keys
     */
    private final int[] foundState;
    private final int[] foundThread;
    private final long[] hashes;
    private final long[] keys;
    /**
     * per successor kept: the slots where it may differ from its parent (a bit set of {@link #words}
     * longs): its step's log, or with the symmetry one of {@link #ownDiffs}, where the slots are
     * found by comparing
     */
    private final long[][] diffs;
    private final long[][] ownDiffs;
    /**
     * Per state of the group: the slots the level's cursor changed to read it from the state
     * before it, or all of them (seeked, or a key state). With the successors' diffs they tell the
     * level being written where a new state may differ from the one it stored last.
     */
    private final long[][] read;
    private final boolean[] readAll;
    /** where the state the level stored last may differ from a state of the level being read (which one: see {@link #run}) */
    private final long[] dirty;
    private final long[] maybe;
    private final int words;
    private int found;
    /** what touching the visited set read: kept so that the reads are not optimized away */
    long touched;
    /** where the run being expanded goes */
    private Expansion e;
    /**
     * the run's successors and those the visited set had, counted here and added to the expansion
     * once: the expansions of parts in flight may share cache lines (this worker is padded)
     */
    private long transitions;
    private long matched;
    /** {@link #dirty} knows nothing: the next state stored is compared whole */
    private boolean dirtyAll = true;

    Worker(Semantics sem, List<Scenario.FinalCheck> finals, FingerprintSet visited, Stubborn stubborn,
           FrameSymmetry symmetry) {
        this.sem = sem;
        this.stepper = sem.stepper();
        this.finals = finals;
        this.visited = visited;
        this.stubborn = stubborn;
        this.symmetry = symmetry;
        this.threads = sem.program().threads().size();
        int width = sem.program().stateSize();
        this.state = new int[width];
        this.stateIndex = new int[GROUP];
        this.cursor = new Frontier.Cursor();
        this.succ = new int[GROUP][threads][width];
        this.violated = new int[threads];
        this.foundState = new int[GROUP * threads];
        this.foundThread = new int[GROUP * threads];
        this.hashes = new long[GROUP * threads];
        this.keys = new long[GROUP * threads];
        this.words = (width + 63) >>> 6;
        this.diffs = new long[GROUP * threads][];
        this.ownDiffs = new long[GROUP * threads][words];
        this.written = new long[GROUP][threads][words];
        this.hashDelta = new long[GROUP][threads];
        this.read = new long[GROUP][words];
        this.readAll = new boolean[GROUP];
        this.dirty = new long[words];
        this.maybe = new long[words];
    }

    /**
     * Expands states [from, to) of the level; expand false: only look for terminal states (the depth
     * bound). A few states at a time: each is stepped and its successors fingerprinted, then the
     * visited set is read for all their successors at once (so that the cache misses overlap), then
     * the successors are added, state by state and thread by thread, as one at a time would.
     * What it finds is added to into (whose level buffer must be empty, or hold what this worker
     * stored last).
     */
    void run(Frontier level, int from, int to, boolean expand, Expansion into) {
        e = into;
        // the level buffer's last state is not one this worker knows
        dirtyAll = true;
        transitions = 0;
        matched = 0;
        // one call per group, not the groups' loop in this method: the JIT then compiles the
        // group's code once, as a method, instead of compiling this method again on the stack at
        // each of its loops (four such compiles of it once cost a third of a search's C2 time)
        for (int i = from; i < to; i += GROUP) {
            group(level, from, i, Math.min(GROUP, to - i), expand);
        }
        into.transitions += transitions;
        into.matched += matched;
    }

    /** States [i, i + n) of the level, part of the run that starts at from: see {@link #run}. */
    private void group(Frontier level, int from, int i, int n, boolean expand) {
        found = 0;
        for (int g = 0; g < n; g++) {
            // the states of the group one after another in one buffer: only their successors are kept
            int[] s = state;
            if (i + g == from) {
                cursor.seek(level, from, s);
                readAll[g] = true;
            } else {
                long[] r = read[g];
                Arrays.fill(r, 0);
                readAll[g] = !cursor.next(s, r);
            }
            stateIndex[g] = level.index(i + g);
            expandOne(g, s, stateIndex[g], level.hash(i + g), expand);
        }
        transitions += found;
        touched ^= visited.touch(keys, found);
        store(n);
    }

    /** The group's successors that the visited set has not seen, into the level being written, in order. */
    private void store(int n) {
        Expansion into = e;
        Frontier out = into.out;
        // dirty is relative to the state before the group's first (the previous group's last)
        int at = -1;
        for (int k = 0; k < found; k++) {
            int t = foundThread[k];
            if (visited.add(keys[k])) {
                if (out.size() == into.outChoice.length) {
                    into.outChoice = Arrays.copyOf(into.outChoice, into.outChoice.length * 2);
                }
                into.outChoice[out.size()] = t;
                int g = foundState[k];
                at = readUpTo(at, g);
                long[] d = diffs[k];
                if (dirtyAll) {
                    out.add(succ[g][t], stateIndex[g], hashes[k]);
                } else {
                    or(dirty, d, maybe);
                    out.add(succ[g][t], stateIndex[g], hashes[k], maybe);
                }
                // the state stored last is now this successor: it differs from its parent where its diff says
                System.arraycopy(d, 0, dirty, 0, words);
                dirtyAll = false;
            } else {
                matched++;
            }
        }
        readUpTo(at, n - 1);
    }

    /** into = a | b, word by word (a method of its own: see {@link #run}) */
    private static void or(long[] a, long[] b, long[] into) {
        for (int w = 0; w < into.length; w++) {
            into[w] = a[w] | b[w];
        }
    }

    /**
     * Moves {@link #dirty} from being relative to state {@code at} of the group to state g (g at
     * or after it): the slots the cursor changed between them join it. Returns g.
     */
    private int readUpTo(int at, int g) {
        for (int j = at + 1; j <= g; j++) {
            if (readAll[j]) {
                dirtyAll = true;
            } else if (!dirtyAll) {
                long[] r = read[j];
                for (int w = 0; w < words; w++) {
                    dirty[w] |= r[w];
                }
            }
        }
        return g;
    }

    /** Steps state s (number g of the group), notes what its steps break, and lists the successors it keeps. */
    private void expandOne(int g, int[] s, int idx, long hs, boolean expand) {
        long enabled = 0;
        long stepped = 0;
        for (int t = 0; t < threads; t++) {
            if (stubborn == null) {
                if (step(g, s, t)) {
                    enabled |= 1L << t;
                }
                stepped |= 1L << t;
            } else if (sem.canMove(s, t)) {
                enabled |= 1L << t;
            }
        }
        if (enabled == 0) {
            terminal(s, idx);
            return;
        }
        if (!expand) {
            // the depth bound: the steps from here are not followed, but the rules they break count
            for (long m = enabled & ~stepped; m != 0; m &= m - 1) {
                step(g, s, Long.numberOfTrailingZeros(m));
            }
            noteViolations(idx, enabled);
            e.depthCut = true;
            return;
        }
        long chosen = stubborn == null ? enabled : stubborn.choose(s, enabled);
        for (long m = chosen & ~stepped; m != 0; m &= m - 1) {
            step(g, s, Long.numberOfTrailingZeros(m));
        }
        noteViolations(idx, chosen);
        for (long m = chosen; m != 0; m &= m - 1) {
            int t = Long.numberOfTrailingZeros(m);
            int[] n = succ[g][t];
            if (symmetry != null) {
                if (symmetry.mayFree() && symmetry.freedPool(n)) {
                    e.symmetryBroken = true;
                }
                symmetry.canonicalize(n);
            }
            long h;
            if (symmetry == null) {
                // the step logged the slots it changed and the fingerprint's change
                h = hs + hashDelta[g][t];
                diffs[found] = written[g][t];
            } else {
                // the canonical form renames frames in slots the step did not write: compare whole
                long[] d = ownDiffs[found];
                for (int w = 0; w < words; w++) {
                    d[w] = 0;
                }
                h = Fingerprint.update(hs, s, n, d, 0);
                diffs[found] = d;
            }
            foundState[found] = g;
            foundThread[found] = t;
            hashes[found] = h;
            keys[found++] = Fingerprint.key(h);
        }
    }

    /** Steps thread t of state g of the group into succ[g][t], its broken rules into violated[t]; false when it cannot move. */
    private boolean step(int g, int[] s, int t) {
        sink.mask = 0;
        // with the symmetry the successor is compared whole (canonical form), so no log is kept
        boolean moved = stepper.step(s, t, sink, succ[g][t], symmetry == null ? written[g][t] : null);
        hashDelta[g][t] = stepper.hashDelta();
        violated[t] = moved ? sink.mask : 0;
        return moved;
    }

    private void noteViolations(int idx, long threadsStepped) {
        int[] ruleParent = e.ruleParent;
        int[] ruleChoice = e.ruleChoice;
        for (long m = threadsStepped; m != 0; m &= m - 1) {
            int t = Long.numberOfTrailingZeros(m);
            for (int v = violated[t]; v != 0; v &= v - 1) {
                int r = Integer.numberOfTrailingZeros(v);
                if (ruleParent[r] == UNSET) {
                    ruleParent[r] = idx;
                    ruleChoice[r] = t;
                }
            }
        }
    }

    private void terminal(int[] s, int idx) {
        e.terminals++;
        e.finalStates.add(s, idx);
        for (int f = 0; f < finals.size(); f++) {
            if (finals.get(f).condition().eval(s, 0) != 0) {
                e.positive[f]++;
            } else {
                e.negative[f]++;
            }
        }
        for (int m = sem.terminalRules(s); m != 0; m &= m - 1) {
            int r = Integer.numberOfTrailingZeros(m);
            if (e.ruleParent[r] == UNSET) {
                e.ruleParent[r] = idx;
                e.ruleChoice[r] = -1;
            }
        }
    }
}
