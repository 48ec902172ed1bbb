package dev.mmun.explore;

import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.KernelOpsFamily;
import dev.mmun.machine.Op;
import dev.mmun.machine.PendingClear;
import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;
import dev.mmun.machine.TlbFlushFamily;

/**
 * The dead bits of the ATS devices' may-cache sets, part of {@link DeadRecords}: frame f in a
 * device's may-cache set of page P (and its writable set) is forgotten when no step still to run
 * can read that bit: no instruction still to run may read the set as a whole (the CASE_B check of
 * a pte store, a comparison's write-protect check, as the families' footprints declare it; see
 * {@link McReads} for the steps whose declared read is narrower), no instruction still to run may
 * make P's pte non-none, P's pte does not map f now (the write-protect checks read the bit of the
 * frame the pte maps), and f cannot be freed again (the CASE_A check of a free reads the freed
 * frame's bits): see {@link #freeable}. It becomes 0, and then a frame freed by a zap whose flush
 * did not notify, and taken by a task that never frees, no longer keeps its content and place
 * alive (ZAP-N buggy, docs/performance.md). A device's access reads its TLB entry, not the sets
 * (DeadRecords keeps the entry while the device may access the page).
 *
 * <p>Deadness only grows along a run: the code still to run shrinks, and a frame outside
 * {@link #freeable} stays outside (the comment there).
 */
final class DeadMayCache {
    private final Program p;
    /** per thread, per device, per page: the last pc whose instruction may read the whole may-cache set (-1: none) */
    private final int[][][] lastMcRead;
    /** per device: the pages whose may-cache set a library callback may read: never dead */
    private final long[] callbackMcReads;
    /** per thread: the last pc of a step that may free a frame, store one into a pte, allocate one (-1: none) */
    private final int[] lastFree;
    private final int[] lastPublish;
    private final int[] lastAlloc;
    /** DeadRecords': per thread, per page, the last pc whose instruction may make the page's pte non-none (-1: none) */
    private final int[][] lastPteStore;
    /** DeadRecords': the pages whose pte a library callback may store */
    private final long callbackPages;
    /** may-cache bits are never forgotten: a library callback frees, stores ptes or allocates, or too many pages or frames */
    private final boolean keep;
    private final McReads mcReads;
    /** the locals that may hold frames (FrameSymmetry's frame slots); null: every local */
    private int[] frameSlots;

    DeadMayCache(Program p, int[][] lastPteStore, long callbackPages) {
        this.p = p;
        this.lastPteStore = lastPteStore;
        this.callbackPages = callbackPages;
        int n = p.threads().size();
        int devices = p.devices().size();
        int pages = p.pages().size();
        mcReads = new McReads();
        lastMcRead = new int[n][devices][pages];
        callbackMcReads = new long[devices];
        lastFree = new int[n];
        lastPublish = new int[n];
        lastAlloc = new int[n];
        for (int t = 0; t < n; t++) {
            for (int[] perPage : lastMcRead[t]) {
                java.util.Arrays.fill(perPage, -1);
            }
            lastFree[t] = -1;
            lastPublish[t] = -1;
            for (int pc : lastPteStore[t]) {
                lastPublish[t] = Math.max(lastPublish[t], pc);
            }
            lastAlloc[t] = -1;
            Instr[] code = p.threads().get(t).code();
            for (int pc = 0; pc < code.length; pc++) {
                Instr in = code[pc];
                long[] mr = mcReads.of(t, in);
                for (int pg = 0; pg < pages; pg++) {
                    for (int d = 0; d < devices; d++) {
                        if (pg >= 64 || (mr[d] & 1L << pg) != 0) {
                            lastMcRead[t][d][pg] = pc;
                        }
                    }
                }
                lastFree[t] = Families.mayFree(in.op()) ? pc : lastFree[t];
                lastAlloc[t] = allocates(in) ? pc : lastAlloc[t];
            }
        }
        boolean k = pages > 64 || p.frames().size() > 31 || callbackPages != 0;
        for (Program.LibraryCallback cb : p.library()) {
            for (Instr in : cb.code()) {
                k |= Families.mayFree(in.op()) || allocates(in);
                long[] mr = mcReads.of(-1, in);
                for (int d = 0; d < devices; d++) {
                    callbackMcReads[d] |= mr[d];
                }
            }
        }
        keep = k;
    }

    /**
     * The may-cache sets (per device, a mask of pages; -1: every page) that thread t's instruction
     * in may read as a whole, with those a library callback may read: what {@link #forget} takes
     * for the reads of a step that runs in. NarrowMayCacheReadsTest checks the steps against it.
     */
    long[] wholeSetReads(int t, Instr in) {
        long[] m = mcReads.of(t, in).clone();
        for (int d = 0; d < m.length; d++) {
            m[d] |= callbackMcReads[d];
        }
        return m;
    }

    /** The locals that may hold a frame (ReusedFrameSymmetry's); without them every local counts as one. */
    void frameSlots(int[] slots) {
        frameSlots = slots;
    }

    private static boolean allocates(Instr in) {
        return !in.op().local() && (Families.of(in.op()) == null || in.op() == Op.ALLOC);
    }

    /** Zeroes the dead bits of the ATS devices' may-cache sets of s, in place (the class comment). */
    void forget(int[] s) {
        if (keep) {
            return;
        }
        long freeable = freeable(s);
        for (int d = 0; d < p.devices().size(); d++) {
            if (!p.devices().get(d).walksPageTable()) {
                continue;
            }
            for (int pg = 0; pg < p.pages().size(); pg++) {
                int mc = p.mayCache(d, pg);
                int mcw = p.mayCacheWritable(d, pg);
                if ((s[mc] | s[mcw]) == 0 || !mayCacheDead(s, d, pg)) {
                    continue;
                }
                int keep = (int) freeable | frameBit(s[p.pte(pg)]);
                s[mc] &= keep;
                s[mcw] &= keep;
            }
        }
    }

    /** Whether no instruction still to run may read device d's may-cache set of pg as a whole, or map pg. */
    private boolean mayCacheDead(int[] s, int d, int pg) {
        if ((callbackMcReads[d] & 1L << pg) != 0 || (callbackPages & 1L << pg) != 0) {
            return false;
        }
        for (int t = 0; t < p.threads().size(); t++) {
            int pc = s[p.pc(t)];
            if (lastMcRead[t][d][pg] >= pc || lastPteStore[t][pg] >= pc) {
                return false;
            }
        }
        return true;
    }

    private static int frameBit(int pte) {
        return Pte.holdsFrame(pte) ? 1 << Pte.frame(pte) : 0;
    }

    /**
     * The frames a step still to run may free (over-approximated): none when no thread may still
     * free; else those in an mmu_gather or a clear not judged yet, those a pte maps (a thread that
     * frees may read it), those in the locals of a thread that may still free or store a frame into
     * a pte, and the free frames if such a thread may still allocate. A frame outside stays so: a
     * thread that neither frees nor stores ptes keeps what it allocates to itself, and only a pte
     * store (by such a thread) or an allocation (of a free frame) brings a frame into reach again.
     */
    private long freeable(int[] s) {
        int n = p.threads().size();
        boolean anyFree = false;
        for (int t = 0; t < n; t++) {
            anyFree |= lastFree[t] >= s[p.pc(t)];
        }
        if (!anyFree) {
            return 0;
        }
        int k = p.frames().size();
        long all = (1L << k) - 1;
        long f = s[p.gatheredFrames()] & 0xffffffffL;
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                int v = s[p.gatherSlot(t, i)];
                f |= v > 0 ? 1L << (v - 1) : 0;
            }
            int v = s[p.clearPending(t)];
            f |= v != 0 ? 1L << PendingClear.frame(v) : 0;
        }
        for (int pg = 0; pg < p.pages().size(); pg++) {
            f |= frameBit(s[p.pte(pg)]) & 0xffffffffL;
        }
        boolean allocators = false;
        for (int t = 0; t < n; t++) {
            int pc = s[p.pc(t)];
            if (lastFree[t] < pc && lastPublish[t] < pc) {
                continue;
            }
            allocators |= lastAlloc[t] >= pc;
            int lb = p.localBase(t);
            int end = lb + p.threads().get(t).locals().size();
            if (frameSlots == null) {
                for (int i = lb; i < end; i++) {
                    f |= s[i] > 0 && s[i] <= k ? 1L << (s[i] - 1) : 0;
                }
            } else {
                for (int slot : frameSlots) {
                    if (slot >= lb && slot < end && s[slot] > 0 && s[slot] <= k) {
                        f |= 1L << (s[slot] - 1);
                    }
                }
            }
        }
        if (allocators) {
            for (int fr = 0; fr < k; fr++) {
                f |= s[p.frameRef(fr)] == 0 ? 1L << fr : 0;
            }
        }
        return f & all;
    }

    /**
     * The may-cache sets an instruction may read as a whole, per device: what its family's footprint
     * declares, but for the steps whose reads are narrower (checked against their effects): a free
     * (put_page(), the mmu_gather's steps, FrameFamily.putPage) reads only the freed frame's bits; a
     * notify or a device's flush (NOTIFY, DEV_FLUSH, the gather's and a flush's notify) overwrites
     * the set with what the pte maps now; invalidate_range_end() and a pte clear read only the bit of
     * the frame the pte maps (KernelRules.writableStale); the library callbacks they run are
     * counted on their own.
     */
    private final class McReads extends FootprintFilter {
        private final long[] masks = new long[p.devices().size()];

        long[] of(int t, Instr in) {
            java.util.Arrays.fill(masks, 0);
            Op op = in.op();
            if (op.local() || op == Op.PUT_PAGE || op == Op.NOTIFY || op == Op.INV_END || op == Op.DEV_FLUSH
                    || op == Op.PTE_CLEAR || TlbFlushFamily.OPS.contains(op) || KernelOpsFamily.OPS.contains(op)) {
                return masks;
            }
            Families.Family f = Families.of(op);
            if (f == null) {
                java.util.Arrays.fill(masks, -1L);
                return masks;
            }
            f.footprint().of(p, t, in, this);
            return masks;
        }

        @Override
        public void mayCache(int d, int page, boolean read, boolean write) {
            if (read) {
                masks[d] |= page < 64 ? 1L << page : -1L;
            }
        }

        @Override
        public void everything() {
            java.util.Arrays.fill(masks, -1L);
        }
    }

}
