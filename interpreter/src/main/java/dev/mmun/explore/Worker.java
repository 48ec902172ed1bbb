package dev.mmun.explore;

import dev.mmun.check.Scenario;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Semantics;
import java.util.Arrays;
import java.util.List;

/**
 * Expands states of one BFS level: steps every thread, reports the rules its steps break, keeps
 * the successors that the reductions choose and the visited set has not seen. One per search
 * thread; its outputs are merged by the explorer after each chunk.
 */
final class Worker {
    static final int UNSET = -2;

    private final Semantics sem;
    private final Semantics.Stepper stepper;
    private final List<Scenario.FinalCheck> finals;
    private final FingerprintSet visited;
    private final Stubborn stubborn;
    private final FrameSymmetry symmetry;
    private final int threads;
    private final int[] state;
    private final Frontier.Cursor cursor;
    private final int[][] succ;
    private final int[] violated;
    private final RuleMask sink = new RuleMask();
    /** the successors of the state being expanded: their threads, fingerprints and visited-set keys */
    private final int[] foundThread;
    private final long[] hashes;
    private final long[] keys;
    /** what touching the visited set read: kept so that the reads are not optimized away */
    long touched;

    // outputs of the current chunk
    Frontier out;
    int[] outChoice = new int[256];
    long transitions;
    long matched;
    long terminals;
    final long[] positive;
    final long[] negative;
    final int[] ruleParent = new int[Rule.values().length];
    final int[] ruleChoice = new int[Rule.values().length];
    boolean depthCut;
    boolean symmetryBroken;

    Worker(Semantics sem, List<Scenario.FinalCheck> finals, FingerprintSet visited, Stubborn stubborn,
           FrameSymmetry symmetry) {
        this.sem = sem;
        this.stepper = sem.stepper();
        this.finals = finals;
        this.visited = visited;
        this.stubborn = stubborn;
        this.symmetry = symmetry;
        this.threads = sem.program().threads().size();
        this.state = new int[sem.program().stateSize()];
        this.cursor = new Frontier.Cursor(state.length);
        this.succ = new int[threads][sem.program().stateSize()];
        this.violated = new int[threads];
        this.foundThread = new int[threads];
        this.hashes = new long[threads];
        this.keys = new long[threads];
        this.positive = new long[finals.size()];
        this.negative = new long[finals.size()];
        reset();
    }

    /** The vector the level buffers store states against (the initial state). */
    void reference(int[] init) {
        out = new Frontier(init, 1024);
    }

    void reset() {
        if (out != null) {
            out.clear();
        }
        transitions = 0;
        matched = 0;
        terminals = 0;
        Arrays.fill(positive, 0);
        Arrays.fill(negative, 0);
        Arrays.fill(ruleParent, UNSET);
        Arrays.fill(ruleChoice, UNSET);
        depthCut = false;
        symmetryBroken = false;
    }

    /** Expands states [from, to) of the level; expand false: only look for terminal states (the depth bound). */
    void run(Frontier level, int from, int to, boolean expand) {
        for (int i = from; i < to; i++) {
            if (i == from) {
                cursor.seek(level, i, state);
            } else {
                cursor.next(state);
            }
            expandOne(state, level.index(i), level.hash(i), expand);
        }
    }

    private void expandOne(int[] s, int idx, long hs, boolean expand) {
        long enabled = 0;
        long stepped = 0;
        for (int t = 0; t < threads; t++) {
            if (stubborn == null) {
                if (step(s, t)) {
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
                step(s, Long.numberOfTrailingZeros(m));
            }
            noteViolations(idx, enabled);
            depthCut = true;
            return;
        }
        long chosen = stubborn == null ? enabled : stubborn.choose(s, enabled);
        for (long m = chosen & ~stepped; m != 0; m &= m - 1) {
            step(s, Long.numberOfTrailingZeros(m));
        }
        noteViolations(idx, chosen);
        int found = 0;
        for (long m = chosen; m != 0; m &= m - 1) {
            int t = Long.numberOfTrailingZeros(m);
            int[] n = succ[t];
            transitions++;
            if (symmetry != null) {
                if (symmetry.mayFree() && symmetry.freedPool(n)) {
                    symmetryBroken = true;
                }
                symmetry.canonicalize(n);
            }
            long h = Fingerprint.update(hs, s, n);
            found(found++, t, h);
        }
        // the successors' slots in the visited set are read all at once, so that their cache misses
        // overlap; then they are added in the order of their threads, as one at a time would
        touched ^= visited.touch(keys, found);
        for (int k = 0; k < found; k++) {
            int t = foundThread[k];
            if (visited.add(keys[k])) {
                if (out.size() == outChoice.length) {
                    outChoice = Arrays.copyOf(outChoice, outChoice.length * 2);
                }
                outChoice[out.size()] = t;
                out.add(succ[t], idx, hashes[k]);
            } else {
                matched++;
            }
        }
    }

    private void found(int k, int t, long h) {
        foundThread[k] = t;
        hashes[k] = h;
        keys[k] = Fingerprint.key(h);
    }

    /** Steps thread t into succ[t], its broken rules into violated[t]; false when it cannot move. */
    private boolean step(int[] s, int t) {
        sink.mask = 0;
        boolean moved = stepper.step(s, t, sink, succ[t]);
        violated[t] = moved ? sink.mask : 0;
        return moved;
    }

    private void noteViolations(int idx, long threadsStepped) {
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
        terminals++;
        for (int f = 0; f < finals.size(); f++) {
            if (finals.get(f).condition().eval(s, 0) != 0) {
                positive[f]++;
            } else {
                negative[f]++;
            }
        }
        int d = Rule.DEADLOCK.ordinal();
        if (ruleParent[d] == UNSET && !sem.allFinished(s)) {
            ruleParent[d] = idx;
            ruleChoice[d] = -1;
        }
        for (dev.mmun.machine.Violation v : sem.atEnd(s)) {
            int r = v.rule().ordinal();
            if (ruleParent[r] == UNSET) {
                ruleParent[r] = idx;
                ruleChoice[r] = -1;
            }
        }
    }
}
