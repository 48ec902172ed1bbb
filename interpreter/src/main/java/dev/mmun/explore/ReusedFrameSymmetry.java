package dev.mmun.explore;

import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.PendingClear;
import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;
import java.util.Arrays;

/**
 * The frame symmetry of {@link FrameSymmetry} for programs that gather frames in an mmu_gather and
 * free them (and maybe put_page() others), so that alloc_page() hands out freed frames again. alloc_page() takes the
 * lowest free frame, so a renaming of frames keeps a state's future only if it keeps the order of
 * every frame that is free now or may be freed later ("pinned"); the others ("settled": allocated,
 * and out of reach of every thread that frees) may be renumbered at will. A frame may be freed
 * later when it sits in an mmu_gather, when a thread that frees (put_page, __tlb_remove_page) holds
 * it in a local, and, if such a thread reads ptes (vm_normal_page), when a pte maps it or a thread
 * that stores frames into ptes holds it. A state is replaced by the renaming that puts the settled
 * frames first, in the order of their first reference (locals, then ptes, then TLBs), then the
 * pinned frames in their own order.
 *
 * <p>Besides, what no one can observe is forgotten: a free frame that nothing refers to (no local,
 * pte, TLB, may-cache set or gather slot) forgets its content, version and generation, since
 * alloc_page() resets the first two and only TLB entries compare the third; and generations, which
 * only count by being current or stale, become 1 for the frame and 1 or 0 for a TLB entry. Then
 * frames freed in different orders and pool frames never used look alike.
 *
 * <p>It applies when frames are named only by frame locals (as {@link FrameSymmetry} checks), by
 * no constant, and the program has no zero frame, no copies (their LOST_WRITE records), no software
 * mirror and no whole-pte locals ({@code ptep_get()}): those keep frame numbers where this renaming
 * does not look.
 */
final class ReusedFrameSymmetry {
    private final Program p;
    private final int frames;
    private final int[] frameSlots;
    /** per frame slot: whether its thread frees frames, or stores them into ptes */
    private final boolean[] slotFrees;
    private final boolean[] slotPublishes;
    private final boolean freersReadPtes;
    /** per thread: the last pc of an alloc_page() (-1: none); after them all, no frame need keep its place */
    private final int[] lastAlloc;
    /** the locals and page records no one reads any more, forgotten before the renaming */
    private final DeadRecords deadRecords;
    private final long[] keys;
    private final int[] order;
    private final int[] newIndex;
    private final int[] tmp;
    /** each frame's generation before {@link #forgetGenerations} */
    private final int[] gen;

    private ReusedFrameSymmetry(Program p, int[] frameSlots, boolean[] slotFrees, boolean[] slotPublishes,
                                boolean freersReadPtes, DeadRecords dead) {
        this.p = p;
        this.deadRecords = dead;
        if (dead != null) {
            dead.frameSlots(frameSlots);
        }
        this.lastAlloc = new int[p.threads().size()];
        for (int t = 0; t < lastAlloc.length; t++) {
            Instr[] code = p.threads().get(t).code();
            lastAlloc[t] = -1;
            for (int pc = 0; pc < code.length; pc++) {
                if (code[pc].op() == Op.ALLOC) {
                    lastAlloc[t] = pc;
                }
            }
        }
        this.frames = p.frames().size();
        this.frameSlots = frameSlots;
        this.slotFrees = slotFrees;
        this.slotPublishes = slotPublishes;
        this.freersReadPtes = freersReadPtes;
        this.keys = new long[frames];
        this.order = new int[frames];
        this.newIndex = new int[frames];
        this.tmp = new int[4 * frames];
        this.gen = new int[frames];
    }

    private static boolean publishing(Op op) {
        return op == Op.PTE_SET || op == Op.PTE_SPECIAL || op == Op.REMOVE_MIGRATION;
    }

    /**
     * The symmetry for p, whose frame locals are frameSlots (FrameSymmetry checked how they are
     * used); why not when it does not apply.
     */
    static Object of(Program p, int[] frameSlots, boolean constFrames, DeadRecords dead) {
        if (constFrames) {
            return "a statement names a frame by number, and frames are freed";
        }
        if (p.kernel().zeroFrame() >= 0 || p.kernel().copyTracking() || p.hasSoftwareMirrors() || p.frames().size() > 24) {
            return "frames are gathered and freed, and the program has a zero frame, copies, software mirrors or more than 24 frames";
        }
        for (Program.LibraryCallback cb : p.library()) {
            for (Instr in : cb.code()) {
                if (in.op() == Op.ALLOC) {
                    return "frames are freed, and a library callback allocates them";
                }
            }
        }
        boolean[] frees = new boolean[p.threads().size()];
        boolean[] publishes = new boolean[p.threads().size()];
        boolean readPtes = false;
        for (int t = 0; t < p.threads().size(); t++) {
            frees[t] = Families.threadFrees(p.threads().get(t).code());
            for (Instr in : p.threads().get(t).code()) {
                if (in.op() == Op.PTE_GET || in.op() == Op.PTE_RESTORE) {
                    return "frames are freed, and " + p.threads().get(t).name() + " keeps a whole pte in a local";
                }
                publishes[t] |= publishing(in.op());
            }
        }
        for (int t = 0; t < p.threads().size(); t++) {
            for (Instr in : p.threads().get(t).code()) {
                readPtes |= frees[t] && in.op() == Op.PTE_PAGE;
            }
        }
        boolean[] slotFrees = new boolean[frameSlots.length];
        boolean[] slotPublishes = new boolean[frameSlots.length];
        for (int i = 0; i < frameSlots.length; i++) {
            int t = threadOf(p, frameSlots[i]);
            slotFrees[i] = frees[t];
            slotPublishes[i] = publishes[t];
        }
        return new ReusedFrameSymmetry(p, frameSlots, slotFrees, slotPublishes, readPtes, dead);
    }

    private static int threadOf(Program p, int slot) {
        for (int t = p.threads().size() - 1; t >= 0; t--) {
            if (slot >= p.localBase(t)) {
                return t;
            }
        }
        throw new IllegalArgumentException("slot " + slot + " is no thread's local");
    }

    private static long bit(int pteOrTlb) {
        return Pte.holdsFrame(pteOrTlb) ? 1L << Pte.frame(pteOrTlb) : 0;
    }

    /** Renames the frames of s in place into the canonical order, and forgets what no one can observe. */
    void canonicalize(int[] s) {
        if (deadRecords != null) {
            deadRecords.forget(s);
        }
        int k = frames;
        long all = (1L << k) - 1;
        long inLocals = 0;
        long heldByFreers = 0;
        long heldByPublishers = 0;
        for (int i = 0; i < frameSlots.length; i++) {
            int v = s[frameSlots[i]];
            if (v > 0 && v <= k) {
                long b = 1L << (v - 1);
                inLocals |= b;
                heldByFreers |= slotFrees[i] ? b : 0;
                heldByPublishers |= slotPublishes[i] ? b : 0;
            }
        }
        long mapped = 0;
        long inTlbs = 0;
        long mayCached = 0;
        int pages = p.pages().size();
        int devices = p.devices().size();
        for (int pg = 0; pg < pages; pg++) {
            mapped |= bit(s[p.pte(pg)]);
            for (int c = 0; c < p.cpuCount(); c++) {
                inTlbs |= bit(s[p.cpuTlb(c, pg)]);
            }
            for (int d = 0; d < devices; d++) {
                inTlbs |= bit(s[p.devTlb(d, pg)]);
                mayCached |= (s[p.mayCache(d, pg)] | s[p.mayCacheWritable(d, pg)]) & 0xffffffffL;
            }
        }
        long gathered = 0;
        if (p.kernel().gatherSlots() > 0) {
            for (int t = 0; t < p.threads().size(); t++) {
                for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                    int v = s[p.gatherSlot(t, i)];
                    if (v > 0) {
                        gathered |= 1L << (v - 1);
                    }
                }
            }
        }
        gathered |= s[p.gatheredFrames()] & 0xffffffffL;
        // a pte cleared and not judged yet remembers its frame (KernelRules' clear pending)
        long pending = 0;
        for (int t = 0; t < p.threads().size(); t++) {
            int v = s[p.clearPending(t)];
            if (v != 0) {
                pending |= 1L << PendingClear.frame(v);
            }
        }
        long allocated = 0;
        for (int f = 0; f < k; f++) {
            if (s[p.frameRef(f)] > 0) {
                allocated |= 1L << f;
            }
        }
        long referenced = inLocals | mapped | inTlbs | mayCached | gathered | pending;
        long dead = all & ~allocated & ~referenced;
        for (int f = 0; f < k; f++) {
            if ((dead & (1L << f)) != 0) {
                s[p.frameGen(f)] = 0;
                s[p.frameContent(f)] = 0;
                s[p.frameVersion(f)] = 0;
            }
        }
        forgetGenerations(s, dead);
        long pinned = !allocationsAhead(s) ? 0 : (all & ~allocated) | gathered | heldByFreers
                | (freersReadPtes ? mapped | heldByPublishers : 0);
        long none = Long.MAX_VALUE >>> 1;
        Arrays.fill(keys, none);
        long pos = 0;
        for (int slot : frameSlots) {
            int f = s[slot] - 1;
            if (f >= 0 && f < k && (pinned & (1L << f)) == 0 && keys[f] == none) {
                keys[f] = pos++;
            }
        }
        for (int pg = 0; pg < pages; pg++) {
            pos = firstRef(s[p.pte(pg)], pos, none, pinned);
        }
        for (int pg = 0; pg < pages; pg++) {
            for (int d = 0; d < devices; d++) {
                pos = firstRef(s[p.devTlb(d, pg)], pos, none, pinned);
            }
            for (int c = 0; c < p.cpuCount(); c++) {
                pos = firstRef(s[p.cpuTlb(c, pg)], pos, none, pinned);
            }
        }
        boolean exact = 2 * pages * devices <= 30;
        for (int pg = 0; pg < pages; pg++) {
            for (int d = 0; d < devices; d++) {
                for (int m = s[p.mayCache(d, pg)] | s[p.mayCacheWritable(d, pg)]; m != 0; m &= m - 1) {
                    int f = Integer.numberOfTrailingZeros(m);
                    if (f < k && (pinned & (1L << f)) == 0 && keys[f] == none) {
                        keys[f] = exact ? cachedKey(s, f, gathered) : pos++;
                    }
                }
            }
        }
        if (p.kernel().gatherSlots() > 0) {
            // a frame only a gather batch holds: by its place in the batches
            for (int t = 0; t < p.threads().size(); t++) {
                for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                    int f = s[p.gatherSlot(t, i)] - 1;
                    if (f >= 0 && f < k && (pinned & (1L << f)) == 0 && keys[f] == none) {
                        keys[f] = pos++;
                    }
                }
            }
        }
        for (int f = 0; f < k; f++) {
            if ((pinned & (1L << f)) != 0) {
                // after every settled frame, in their own order
                keys[f] = (1L << 60) | f;
            } else if (keys[f] == none) {
                keys[f] = FrameSymmetry.contentKey(p, s, f) | (gathered >>> f & 1) << 57;
            }
            order[f] = f;
        }
        if (FrameSymmetry.sortByKeys(keys, order, newIndex, k)) {
            rename(s);
        }
    }

    /**
     * The key of a frame that only may-cache sets (and maybe a gather) refer to: after the frames
     * that locals, ptes and TLBs refer to, by the sets it is in (the numbering of frames does not
     * show in that), then its reference count, generation, gather bit, content and version; so two
     * states that differ only by the numbering of such frames get one form, unless two of them agree
     * on all of that. (Without the count and generation, two frames in the same sets with the same
     * content but different counts kept their old order: two forms of one state, which
     * ReusedFrameSymmetryTest.aZapRacedByARemapStepsAlike found.)
     */
    private long cachedKey(int[] s, int f, long gathered) {
        long sig = 0;
        for (int pg = 0; pg < p.pages().size(); pg++) {
            for (int d = 0; d < p.devices().size(); d++) {
                sig = sig << 2 | (s[p.mayCache(d, pg)] >>> f & 1) << 1 | (s[p.mayCacheWritable(d, pg)] >>> f & 1);
            }
        }
        return (1L << 55) | sig << 24 | (long) Math.min(s[p.frameRef(f)], 15) << 20 | (long) Math.min(s[p.frameGen(f)], 15) << 16
                | (gathered >>> f & 1) << 15 | (s[p.frameContent(f)] & 0xff) << 7 | (s[p.frameVersion(f)] & 0x7f);
    }

    /**
     * Whether some thread may still run an alloc_page(): the only step that picks a frame by its
     * number (the lowest free one). When none may, frame numbers are mere names and every frame
     * may be renumbered (the library's callbacks allocate nothing: {@link #of} refuses them).
     */
    private boolean allocationsAhead(int[] s) {
        for (int t = 0; t < lastAlloc.length; t++) {
            if (lastAlloc[t] >= s[p.pc(t)]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Generations only count by being equal to the frame's current one or not (a TLB entry is
     * stale when not), and alloc_page() only adds 1: so a frame's current generation becomes 1, and
     * a TLB entry's 1 when it was current, 0 when stale. Dead frames have 0.
     */
    private void forgetGenerations(int[] s, long dead) {
        int k = frames;
        for (int f = 0; f < k; f++) {
            gen[f] = s[p.frameGen(f)];
            if ((dead & (1L << f)) == 0) {
                s[p.frameGen(f)] = 1;
            }
        }
        for (int pg = 0; pg < p.pages().size(); pg++) {
            for (int c = 0; c < p.cpuCount(); c++) {
                s[p.cpuTlb(c, pg)] = entryGen(s[p.cpuTlb(c, pg)]);
            }
            for (int d = 0; d < p.devices().size(); d++) {
                s[p.devTlb(d, pg)] = entryGen(s[p.devTlb(d, pg)]);
            }
        }
    }

    private int entryGen(int tlb) {
        if (!Pte.present(tlb)) {
            return tlb;
        }
        int f = Pte.frame(tlb);
        if (f >= frames) {
            return tlb;
        }
        return (tlb & 0xffff) | (Pte.gen(tlb) == gen[f] ? 1 << 16 : 0);
    }

    private long firstRef(int pteOrTlb, long pos, long none, long pinned) {
        if (Pte.holdsFrame(pteOrTlb)) {
            int f = Pte.frame(pteOrTlb);
            if (f < frames && (pinned & (1L << f)) == 0 && keys[f] == none) {
                keys[f] = pos++;
            }
        }
        return pos;
    }

    private void rename(int[] s) {
        int k = frames;
        int base = p.frameRef(0);
        System.arraycopy(s, base, tmp, 0, 4 * k);
        for (int i = 0; i < k; i++) {
            System.arraycopy(tmp, 4 * i, s, base + 4 * newIndex[i], 4);
        }
        for (int slot : frameSlots) {
            int f = s[slot] - 1;
            if (f >= 0 && f < k) {
                s[slot] = newIndex[f] + 1;
            }
        }
        if (p.kernel().gatherSlots() > 0) {
            for (int t = 0; t < p.threads().size(); t++) {
                for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                    int v = s[p.gatherSlot(t, i)];
                    if (v > 0) {
                        s[p.gatherSlot(t, i)] = newIndex[v - 1] + 1;
                    }
                }
            }
        }
        for (int t = 0; t < p.threads().size(); t++) {
            int v = s[p.clearPending(t)];
            if (v != 0) {
                int f = PendingClear.frame(v);
                s[p.clearPending(t)] = PendingClear.withFrame(v, f < k ? newIndex[f] : f);
            }
        }
        FrameSymmetry.renameMachine(p, s, 0, frames, newIndex);
    }
}
