package dev.mmun.explore;

import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;

/**
 * Partial-order reduction by stubborn sets over threads. From a state, it picks a set S of threads
 * such that the steps that threads outside S can take, in any order and however many, neither
 * touch what the next steps of S's enabled threads touch, nor enable S's waiting threads; then
 * exploring only S's enabled steps is enough: every terminal state stays reachable, and so does
 * every step that breaks a rule (the state graph is acyclic, so no step is postponed forever).
 *
 * <p>What a thread outside S can still do is bounded by gates: a lock held by a thread in S, or an
 * access whose page no thread outside S can map, stops it (if no jump of its own leads around the
 * gate). Not thread-safe: one per worker.
 */
final class Stubborn {
    private final Program p;
    private final Footprints fp;
    private final Resources res;
    private final int n;
    private final Instr[][] codes;
    private final long[] exR;
    private final long[] exW;
    private long[] reachR;
    private long[] reachW;
    /** {@link #upTo}'s unions, [thread][pc][gate - pc's next gate] = {reads, writes}, and their furthest jumps */
    private final long[][][][][] upRW;
    private final int[][][] upJump;
    /** per thread, in the state being chosen for: the gates that may close, in order, and the threads S must hold for each to close */
    private final int[][] closing;
    private final long[][] closingNeeds;
    private final int[] closingCount;
    private final long[] closingStamp;
    /** the threads in S */
    private long sMask;
    /** per page, the threads whose code from their pc on may store its pte, once asked in this state */
    private final long[] pteWriters;
    private final long[] pteWritersStamp;
    private long stamp;
    private final int[] work;
    /** writes of each thread from each pc to its end: [thread][pc][word] */
    private final long[][][] suffixW;
    /** potential gates of each thread (locks, accesses that wait), and for each pc the first one at or after it */
    private final int[][] gates;
    private final int[][] nextGate;
    /** unions of static footprints from pc to its next gate, and from each gate to the one after */
    private final long[][][] headR;
    private final long[][][] headW;
    private final int[][] headJump;
    private final long[][][] segR;
    private final long[][][] segW;
    private final int[][] segJump;
    /** exact footprints of each thread's next step in the state being chosen for */
    private final long[][] stepR;
    private final long[][] stepW;
    private final byte[] stepKnown;

    Stubborn(Program p, Footprints fp) {
        this.p = p;
        this.fp = fp;
        this.res = fp.res;
        this.n = p.threads().size();
        this.codes = new Instr[n][];
        for (int t = 0; t < n; t++) {
            codes[t] = p.threads().get(t).code();
        }
        exR = new long[res.words];
        exW = new long[res.words];
        upRW = new long[n][][][][];
        upJump = new int[n][][];
        closing = new int[n][];
        closingNeeds = new long[n][];
        closingCount = new int[n];
        closingStamp = new long[n];
        pteWriters = new long[res.pages];
        pteWritersStamp = new long[res.pages];
        work = new int[n];
        suffixW = new long[n][][];
        gates = new int[n][];
        nextGate = new int[n][];
        headR = new long[n][][];
        headW = new long[n][][];
        headJump = new int[n][];
        segR = new long[n][][];
        segW = new long[n][][];
        segJump = new int[n][];
        stepR = new long[n][res.words];
        stepW = new long[n][res.words];
        stepKnown = new byte[n];
        for (int t = 0; t < n; t++) {
            segments(t);
            upRW[t] = new long[codes[t].length + 1][][][];
            upJump[t] = new int[codes[t].length + 1][];
        }
        for (int t = 0; t < n; t++) {
            int len = codes[t].length;
            suffixW[t] = new long[len + 1][res.words];
            for (int pc = len - 1; pc >= 0; pc--) {
                System.arraycopy(suffixW[t][pc + 1], 0, suffixW[t][pc], 0, res.words);
                Resources.or(suffixW[t][pc], fp.writes[t][pc]);
            }
        }
    }

    private static boolean isGate(Instr in) {
        return in.op() == Op.LOCK || ((in.op() == Op.READ || in.op() == Op.WRITE) && in.b() == 0);
    }

    private static int jumpTarget(Instr in) {
        return in.op() == Op.JUMP || in.op() == Op.BRANCH_FALSE ? in.a() : -1;
    }

    private void segments(int t) {
        Instr[] code = p.threads().get(t).code();
        int len = code.length;
        java.util.List<Integer> g = new java.util.ArrayList<>();
        for (int i = 0; i < len; i++) {
            if (isGate(code[i])) {
                g.add(i);
            }
        }
        gates[t] = g.stream().mapToInt(Integer::intValue).toArray();
        int ng = gates[t].length;
        nextGate[t] = new int[len + 1];
        headR[t] = new long[len + 1][res.words];
        headW[t] = new long[len + 1][res.words];
        headJump[t] = new int[len + 1];
        int gi = ng;
        int[] jump = new int[len + 1];
        jump[len] = -1;
        nextGate[t][len] = ng;
        headJump[t][len] = -1;
        for (int pc = len - 1; pc >= 0; pc--) {
            if (gi > 0 && gates[t][gi - 1] == pc) {
                gi--;
                nextGate[t][pc] = gi;
                headJump[t][pc] = -1;
                continue;
            }
            nextGate[t][pc] = gi;
            System.arraycopy(headR[t][pc + 1], 0, headR[t][pc], 0, res.words);
            System.arraycopy(headW[t][pc + 1], 0, headW[t][pc], 0, res.words);
            if (pc + 1 < len && isGate(code[pc + 1])) {
                java.util.Arrays.fill(headR[t][pc], 0);
                java.util.Arrays.fill(headW[t][pc], 0);
                headJump[t][pc] = -1;
            } else {
                headJump[t][pc] = headJump[t][pc + 1];
            }
            Resources.or(headR[t][pc], fp.reads[t][pc]);
            Resources.or(headW[t][pc], fp.writes[t][pc]);
            headJump[t][pc] = Math.max(headJump[t][pc], jumpTarget(code[pc]));
        }
        segR[t] = new long[ng][res.words];
        segW[t] = new long[ng][res.words];
        segJump[t] = new int[ng];
        for (int i = 0; i < ng; i++) {
            int from = gates[t][i];
            int to = i + 1 < ng ? gates[t][i + 1] : len;
            segJump[t][i] = -1;
            for (int pc = from; pc < to; pc++) {
                Resources.or(segR[t][i], fp.reads[t][pc]);
                Resources.or(segW[t][i], fp.writes[t][pc]);
                segJump[t][i] = Math.max(segJump[t][i], jumpTarget(code[pc]));
            }
        }
    }

    /**
     * The threads to explore in s, as a bit mask, given the mask of enabled ones (non-zero).
     * Tries each enabled thread as the seed and keeps the smallest set.
     */
    long choose(int[] s, long enabled) {
        long best = enabled;
        int bestCount = Long.bitCount(enabled);
        if (bestCount <= 1) {
            return enabled;
        }
        fp.prepare(s);
        java.util.Arrays.fill(stepKnown, (byte) 0);
        stamp++;
        for (long m = enabled; m != 0; m &= m - 1) {
            int j = Long.numberOfTrailingZeros(m);
            // a step that touches nothing shared is a stubborn set by itself
            if (footprint(s, j) && isEmpty(stepR[j]) && isEmpty(stepW[j])) {
                return 1L << j;
            }
        }
        for (long m = enabled; m != 0; m &= m - 1) {
            int seed = Long.numberOfTrailingZeros(m);
            long set = closure(s, seed, enabled, bestCount);
            int c = Long.bitCount(set);
            if (c < bestCount) {
                best = set;
                bestCount = c;
                if (c == 1) {
                    break;
                }
            }
        }
        return best;
    }

    /** The enabled threads of the stubborn set grown from seed; gives up (returns enabled) once it has limit of them. */
    private long closure(int[] s, int seed, long enabled, int limit) {
        sMask = 0;
        int top = 0;
        sMask = 1L << seed;
        work[top++] = seed;
        long chosen = 1L << seed;
        while (top > 0) {
            int j = work[--top];
            Instr[] code = codes[j];
            int pc = s[p.pc(j)];
            if (pc >= code.length) {
                continue;
            }
            if ((enabled & (1L << j)) != 0) {
                if (!footprint(s, j)) {
                    return enabled;
                }
                long[] exR = stepR[j];
                long[] exW = stepW[j];
                for (int k = 0; k < n; k++) {
                    if ((sMask & (1L << k)) == 0 && !finished(s, k)) {
                        reach(s, k);
                        if (Resources.intersects(exW, reachR) || Resources.intersects(exW, reachW)
                                || Resources.intersects(exR, reachW)) {
                            sMask |= 1L << k;
                            chosen |= enabled & (1L << k);
                            work[top++] = k;
                        }
                    }
                }
            } else if (code[pc].op() == Op.LOCK) {
                // only the holder can release a lock: the waiter is enabled by nobody else
                int holder = s[p.lock(code[pc].a())] - 1;
                if (holder >= 0 && (sMask & (1L << holder)) == 0) {
                    sMask |= 1L << holder;
                    chosen |= enabled & (1L << holder);
                    work[top++] = holder;
                }
            } else {
                if (!enablers(s, j, pc, code)) {
                    return enabled;
                }
                for (int k = 0; k < n; k++) {
                    if ((sMask & (1L << k)) == 0 && !finished(s, k)) {
                        reach(s, k);
                        if (Resources.intersects(exR, reachW)) {
                            sMask |= 1L << k;
                            chosen |= enabled & (1L << k);
                            work[top++] = k;
                        }
                    }
                }
            }
            if (Long.bitCount(chosen) >= limit) {
                return enabled;
            }
        }
        return chosen;
    }

    /**
     * The footprint this reduction takes for thread j's next step in s (as {@link #choose} sees
     * it), for the tests that check footprints against what steps do; false when it takes none.
     */
    boolean nextStepFootprint(int[] s, int j, long[] r, long[] w) {
        if (finished(s, j)) {
            return false;
        }
        fp.prepare(s);
        return stepFootprint(s, j, s[p.pc(j)], r, w);
    }

    /** Fills the cached exact footprint of thread j's next step; false when it has none. */
    private boolean footprint(int[] s, int j) {
        if (stepKnown[j] == 0) {
            stepKnown[j] = stepFootprint(s, j, s[p.pc(j)], stepR[j], stepW[j]) ? (byte) 1 : (byte) 2;
        }
        return stepKnown[j] == 1;
    }

    private static boolean isEmpty(long[] bits) {
        for (long b : bits) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean finished(int[] s, int t) {
        return s[p.pc(t)] >= codes[t].length;
    }

    /**
     * The footprint of thread j's next step: exact when it is one machine instruction, the union of
     * the static footprints of the block when it is an atomic block. False when the step's shape is
     * not one of those (then the caller explores everything).
     */
    private boolean stepFootprint(int[] s, int j, int pc, long[] r, long[] w) {
        Instr[] code = codes[j];
        Instr in = code[pc];
        if (!in.op().local()) {
            fp.exact(s, j, in, r, w);
            return true;
        }
        return staticStep(j, pc, code, r, w);
    }

    /** The static union over the instructions from pc to the end of the step that starts there. */
    private boolean staticStep(int j, int pc, Instr[] code, long[] r, long[] w) {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(w, 0);
        int depth = 0;
        boolean visible = false;
        for (int i = pc; i < code.length; i++) {
            Op op = code[i].op();
            if (op == Op.ATOMIC_BEGIN) {
                if (visible && depth == 0) {
                    return true;
                }
                depth++;
            } else if (op == Op.ATOMIC_END) {
                depth--;
            } else if (op == Op.JUMP || op == Op.BRANCH_FALSE) {
                if (!visible && depth == 0) {
                    return false;
                }
            } else if (!op.local()) {
                if (visible && depth == 0) {
                    return true;
                }
                Resources.or(r, fp.reads[j][i]);
                Resources.or(w, fp.writes[j][i]);
                visible = true;
            }
        }
        return true;
    }

    /** Into exR: what a waiting thread's step reads, which some other thread must change to let it go. */
    private boolean enablers(int[] s, int j, int pc, Instr[] code) {
        Instr in = code[pc];
        if (in.op() == Op.READ || in.op() == Op.WRITE) {
            java.util.Arrays.fill(exR, 0);
            java.util.Arrays.fill(exW, 0);
            // TLB fills copy the pte and flushes only take away: only a pte store can let it go
            Resources.set(exR, res.pte(in.a()));
            return true;
        }
        return staticStep(j, pc, code, exR, exW);
    }

    /**
     * Into reachR/reachW: the static footprint of what thread k can do without a step of a thread
     * in S: from its pc up to its first closed gate. Which gate closes depends on S; the union up
     * to each gate depends only on k's pc and the gate, so it is built once ({@link #upTo}).
     */
    private void reach(int[] s, int k) {
        if (closingStamp[k] != stamp) {
            closingStamp[k] = stamp;
            gatesThatMayClose(s, k);
        }
        int pc = s[p.pc(k)];
        int stop = gates[k].length;
        int[] at = closing[k];
        long[] needs = closingNeeds[k];
        for (int i = 0, c = closingCount[k]; i < c; i++) {
            if ((needs[i] & ~sMask) == 0) {
                stop = at[i];
                break;
            }
        }
        long[][] up = upTo(k, pc, stop);
        reachR = up[0];
        reachW = up[1];
    }

    /**
     * Which of thread k's gates from its pc on may close in s, and for each, the threads that must
     * be in S for it to close: a lock's holder (other than k); for an access whose page neither k's
     * TLB nor the pte allows and that k does not map itself before it, every other thread that may
     * still store that pte. A gate that some jump before it may lead around never closes. The list
     * ends at the first gate that closes whatever S is.
     */
    private void gatesThatMayClose(int[] s, int k) {
        Instr[] code = codes[k];
        int pc = s[p.pc(k)];
        int[] g = gates[k];
        int g0 = nextGate[k][pc];
        if (closing[k] == null || closing[k].length < g.length) {
            closing[k] = new int[g.length];
            closingNeeds[k] = new long[g.length];
        }
        int c = 0;
        for (int gi = g0; gi < g.length; gi++) {
            int at = g[gi];
            long[][] up = upTo(k, pc, gi);
            if (upJump[k][pc][gi - g0] > at) {
                continue;
            }
            Instr in = code[at];
            long needs;
            if (in.op() == Op.LOCK) {
                int holder = s[p.lock(in.a())] - 1;
                if (holder < 0 || holder == k) {
                    continue;
                }
                needs = 1L << holder;
            } else {
                boolean write = in.op() == Op.WRITE;
                int page = in.a();
                if (Pte.allows(s[fp.tlbSlotOf(k, page)], write) || Pte.allows(s[p.pte(page)], write)
                        || Resources.get(up[1], res.pte(page))) {
                    continue;
                }
                needs = writersOf(s, page) & ~(1L << k);
            }
            closing[k][c] = gi;
            closingNeeds[k][c] = needs;
            c++;
            if (needs == 0) {
                break;
            }
        }
        closingCount[k] = c;
    }

    /**
     * The static reads and writes of thread k from pc up to (not including) its gate gi, and the
     * furthest jump among them; built on first use from the union up to the gate before.
     */
    private long[][] upTo(int k, int pc, int gi) {
        long[][][][] perPc = upRW[k];
        if (perPc[pc] == null) {
            int g0 = nextGate[k][pc];
            int size = gates[k].length - g0 + 1;
            perPc[pc] = new long[size][][];
            upJump[k][pc] = new int[size];
            perPc[pc][0] = new long[][] {headR[k][pc], headW[k][pc]};
            upJump[k][pc][0] = headJump[k][pc];
        }
        int g0 = nextGate[k][pc];
        long[][][] up = perPc[pc];
        int i = gi - g0;
        if (up[i] == null) {
            long[][] before = upTo(k, pc, gi - 1);
            long[] r = before[0].clone();
            long[] w = before[1].clone();
            Resources.or(r, segR[k][gi - 1]);
            Resources.or(w, segW[k][gi - 1]);
            up[i] = new long[][] {r, w};
            upJump[k][pc][i] = Math.max(upJump[k][pc][i - 1], segJump[k][gi - 1]);
        }
        return up[i];
    }

    /** The threads whose code from their pc in s on may store page's pte (one scan per page and state). */
    private long writersOf(int[] s, int page) {
        if (pteWritersStamp[page] != stamp) {
            pteWritersStamp[page] = stamp;
            int pteRes = res.pte(page);
            long m = 0;
            for (int h = 0; h < n; h++) {
                if (Resources.get(suffixW[h][Math.min(s[p.pc(h)], suffixW[h].length - 1)], pteRes)) {
                    m |= 1L << h;
                }
            }
            pteWriters[page] = m;
        }
        return pteWriters[page];
    }
}
