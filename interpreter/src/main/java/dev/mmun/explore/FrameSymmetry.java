package dev.mmun.explore;

import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;
import dev.mmun.machine.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * Symmetry reduction over the frames that alloc_page() draws from. Those frames start alike, and
 * which one a thread gets depends only on the order of the allocations, so two states that differ
 * by a renaming of pool frames have the same future, as long as (1) frame values live only in
 * locals that hold nothing but frames and are used only as frames (or compared with 0), and no
 * final condition reads them; and (2) no pool frame is ever freed, since alloc_page() takes the
 * lowest free frame and a freed frame's number would then matter. (1) is checked on the code here;
 * (2) is checked during the search ({@link #freedPool}), and the explorer starts again without
 * symmetry if it ever fails. A state is replaced by the renaming that numbers the pool frames in
 * the order of their first reference (locals, then ptes, then TLBs). A program that gathers frames
 * in an mmu_gather (which frees them) gets {@link ReusedFrameSymmetry} instead where it applies,
 * which keeps the order of the frames that may be freed and needs no restart.
 */
final class FrameSymmetry {
    private final Program p;
    private final int poolStart;
    private final int poolSize;
    private final int[] frameSlots;
    private final String unsupported;
    private final boolean mayFree;
    private final long[] keys;
    private final int[] order;
    private final int[] newIndex;
    private final int[] tmp;
    /** the renaming for programs that free frames, when it applies (then no restart is needed) */
    private final ReusedFrameSymmetry reused;
    /** whether a statement names a frame by number (set while the code is checked) */
    private boolean constFrames;

    FrameSymmetry(Program p, List<Val> finals) {
        this(p, finals, true);
    }

    /** forgetDead false: without {@link DeadRecords} (for tests that compare the two) */
    FrameSymmetry(Program p, List<Val> finals, boolean forgetDead) {
        this.p = p;
        int start = p.frames().size();
        while (start > 0 && p.frames().get(start - 1).initialRef() == 0) {
            start--;
        }
        poolStart = start;
        poolSize = p.frames().size() - start;
        List<Integer> slots = new ArrayList<>();
        String why = poolSize < 2 ? "fewer than two alloc_page() calls" : null;
        boolean frees = false;
        boolean gathers = false;
        for (int t = 0; t < p.threads().size() && why == null; t++) {
            Program.Thread th = p.threads().get(t);
            frees |= Families.threadFrees(th.code());
            boolean[] frame = new boolean[th.locals().size()];
            boolean[] data = new boolean[th.locals().size()];
            data[0] = true;
            for (Instr in : th.code()) {
                if (in.dst() >= 0) {
                    if (in.op() == Op.ALLOC || in.op() == Op.PTE_PAGE) {
                        frame[in.dst()] = true;
                    } else {
                        data[in.dst()] = true;
                    }
                }
                gathers |= in.op() == Op.TLB_REMOVE_PAGE;
            }
            for (int i = 0; i < frame.length && why == null; i++) {
                if (frame[i] && data[i]) {
                    why = th.name() + "'s local " + th.locals().get(i) + " holds both frames and data";
                }
            }
            for (Instr in : th.code()) {
                if (why != null) {
                    break;
                }
                why = uses(in, frame, th);
            }
            for (int i = 0; i < frame.length; i++) {
                if (frame[i]) {
                    slots.add(p.localBase(t) + i);
                }
            }
        }
        for (Val f : finals) {
            if (why == null && readsSlot(f, slots)) {
                why = "a final condition reads a frame-valued local";
            }
        }
        frameSlots = slots.stream().mapToInt(Integer::intValue).toArray();
        ReusedFrameSymmetry r = null;
        if (why == null && gathers) {
            // frames in mmu_gather batches are freed by the flush: the renaming below does not allow for that
            Object of = ReusedFrameSymmetry.of(p, frameSlots, constFrames, forgetDead ? new DeadRecords(p, finals) : null);
            if (of instanceof ReusedFrameSymmetry ok) {
                r = ok;
            } else {
                why = (String) of;
            }
        }
        reused = r;
        unsupported = why;
        mayFree = frees && r == null;
        keys = new long[poolSize];
        order = new int[poolSize];
        newIndex = new int[poolSize];
        tmp = new int[4 * poolSize];
    }

    /** Why the symmetry does not apply to this program; null when it does. */
    String unsupported() {
        return unsupported;
    }

    boolean mayFree() {
        return mayFree;
    }

    private String uses(Instr in, boolean[] frame, Program.Thread th) {
        // how many of the operands (v, then w) are frames, as the instruction's family says
        int frameOperands = Families.frameOperands(in.op());
        Val[] operands = {in.v(), in.w()};
        for (int i = 0; i < operands.length; i++) {
            Val v = operands[i];
            if (v == null) {
                continue;
            }
            if (i < frameOperands) {
                if (v instanceof Val.Local l && frame[l.slot()]) {
                    continue;
                }
                if (v instanceof Val.Const c && c.value() > 0 && c.value() <= p.frames().size()) {
                    constFrames = true;
                }
                if (v instanceof Val.Const c && (c.value() <= poolStart || c.value() > poolStart + poolSize)) {
                    continue;
                }
                return th.name() + " names a frame by a value that is not a frame local (" + in.text() + ")";
            }
            if (!onlyNullChecks(v, frame)) {
                return th.name() + " computes with a frame value (" + in.text() + ")";
            }
        }
        return null;
    }

    /** True when frame locals occur in v only as {@code x == 0} or {@code x != 0}. */
    private static boolean onlyNullChecks(Val v, boolean[] frame) {
        if (v instanceof Val.Local l) {
            return !frame[l.slot()];
        }
        if (v instanceof Val.Bin b) {
            if ((b.op().equals("==") || b.op().equals("!=")) && (isNullCheck(b.left(), b.right(), frame)
                    || isNullCheck(b.right(), b.left(), frame))) {
                return true;
            }
            return onlyNullChecks(b.left(), frame) && onlyNullChecks(b.right(), frame);
        }
        if (v instanceof Val.Unary x) {
            return onlyNullChecks(x.operand(), frame);
        }
        return true;
    }

    private static boolean isNullCheck(Val a, Val b, boolean[] frame) {
        return a instanceof Val.Local l && frame[l.slot()] && b instanceof Val.Const c && c.value() == 0;
    }

    private static boolean readsSlot(Val v, List<Integer> slots) {
        boolean[] found = {false};
        v.locals(l -> found[0] |= slots.contains(l));
        return found[0];
    }

    /** A pool frame that was allocated and is free again: from here on frame numbers matter (unless the renaming allows for it). */
    boolean freedPool(int[] s) {
        if (reused != null) {
            return false;
        }
        for (int f = poolStart; f < poolStart + poolSize; f++) {
            if (s[p.frameRef(f)] == 0 && s[p.frameGen(f)] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Renames the pool frames of s in place into their canonical order. */
    void canonicalize(int[] s) {
        if (reused != null) {
            reused.canonicalize(s);
            return;
        }
        int k = poolSize;
        long none = Long.MAX_VALUE >>> 1;
        for (int i = 0; i < k; i++) {
            keys[i] = none;
        }
        long pos = 0;
        for (int slot : frameSlots) {
            int f = s[slot] - 1 - poolStart;
            if (f >= 0 && f < k && keys[f] == none) {
                keys[f] = pos++;
            }
        }
        int pages = p.pages().size();
        for (int pg = 0; pg < pages; pg++) {
            pos = firstRef(s[p.pte(pg)], pos, none);
        }
        for (int pg = 0; pg < pages; pg++) {
            for (int d = 0; d < p.devices().size(); d++) {
                pos = firstRef(s[p.devTlb(d, pg)], pos, none);
            }
            for (int c = 0; c < p.cpuCount(); c++) {
                pos = firstRef(s[p.cpuTlb(c, pg)], pos, none);
            }
        }
        for (int i = 0; i < k; i++) {
            if (keys[i] == none) {
                int f = poolStart + i;
                keys[i] = contentKey(p, s, f);
            }
            order[i] = i;
        }
        if (sortByKeys(keys, order, newIndex, k)) {
            rename(s);
        }
    }

    private long firstRef(int pteOrTlb, long pos, long none) {
        if (Pte.holdsFrame(pteOrTlb)) {
            int f = Pte.frame(pteOrTlb) - poolStart;
            if (f >= 0 && f < poolSize && keys[f] == none) {
                keys[f] = pos++;
            }
        }
        return pos;
    }

    private void rename(int[] s) {
        int k = poolSize;
        int base = p.frameRef(poolStart);
        System.arraycopy(s, base, tmp, 0, 4 * k);
        for (int i = 0; i < k; i++) {
            System.arraycopy(tmp, 4 * i, s, base + 4 * newIndex[i], 4);
        }
        if (p.kernel().copyTracking()) {
            // what each frame was copied from (LOST_WRITE) moves with the frame, and names frames too
            int cbase = p.frameWrites(poolStart);
            System.arraycopy(s, cbase, tmp, 0, 4 * k);
            for (int i = 0; i < k; i++) {
                System.arraycopy(tmp, 4 * i, s, cbase + 4 * newIndex[i], 4);
            }
            for (int f = 0; f < p.frames().size(); f++) {
                int packed = s[p.copySource(f)];
                int src = (packed & 0xff) - 1 - poolStart;
                if (packed != 0 && src >= 0 && src < k) {
                    s[p.copySource(f)] = (packed & ~0xff) | (poolStart + newIndex[src] + 1);
                }
            }
        }
        for (int slot : frameSlots) {
            int f = s[slot] - 1 - poolStart;
            if (f >= 0 && f < k) {
                s[slot] = poolStart + newIndex[f] + 1;
            }
        }
        renameMachine(p, s, poolStart, poolSize, newIndex);
    }

    /**
     * Renames the frames poolStart .. poolStart+poolSize-1 (frame poolStart+i becomes
     * poolStart+newIndex[i]) where the machine names them: ptes, CPU and device TLB entries, the
     * devices' may-cache masks and the mmu_gather's mask. Both frame symmetries share it.
     */
    static void renameMachine(Program p, int[] s, int poolStart, int poolSize, int[] newIndex) {
        int pages = p.pages().size();
        for (int pg = 0; pg < pages; pg++) {
            s[p.pte(pg)] = renamed(s[p.pte(pg)], poolStart, poolSize, newIndex);
            for (int c = 0; c < p.cpuCount(); c++) {
                s[p.cpuTlb(c, pg)] = renamed(s[p.cpuTlb(c, pg)], poolStart, poolSize, newIndex);
            }
            for (int d = 0; d < p.devices().size(); d++) {
                s[p.devTlb(d, pg)] = renamed(s[p.devTlb(d, pg)], poolStart, poolSize, newIndex);
                s[p.mayCache(d, pg)] = renamedMask(s[p.mayCache(d, pg)], poolStart, poolSize, newIndex);
                s[p.mayCacheWritable(d, pg)] = renamedMask(s[p.mayCacheWritable(d, pg)], poolStart, poolSize, newIndex);
            }
        }
        s[p.gatheredFrames()] = renamedMask(s[p.gatheredFrames()], poolStart, poolSize, newIndex);
    }

    private static int renamed(int pteOrTlb, int poolStart, int poolSize, int[] newIndex) {
        if (!Pte.holdsFrame(pteOrTlb)) {
            return pteOrTlb;
        }
        int f = Pte.frame(pteOrTlb) - poolStart;
        if (f < 0 || f >= poolSize) {
            return pteOrTlb;
        }
        return (pteOrTlb & ~0xff00) | ((poolStart + newIndex[f]) << 8);
    }

    private static int renamedMask(int mask, int poolStart, int poolSize, int[] newIndex) {
        int out = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            int f = Integer.numberOfTrailingZeros(m) - poolStart;
            out |= 1 << (f >= 0 && f < poolSize ? poolStart + newIndex[f] : f + poolStart);
        }
        return out;
    }

    /** The key of an unreferenced frame: after every referenced one, then by refcount, generation, content and version. */
    static long contentKey(Program p, int[] s, int f) {
        return (1L << 56) | ((long) Math.min(s[p.frameRef(f)], 255) << 48)
                | ((long) Math.min(s[p.frameGen(f)], 255) << 40)
                | ((long) (s[p.frameContent(f)] & 0xffff) << 24) | (s[p.frameVersion(f)] & 0xffffff);
    }

    /**
     * Sorts order[0..k) by keys (an insertion sort: k is a handful of frames) and fills newIndex
     * with each frame's place; true when the order is not the identity, i.e. the frames need renaming.
     */
    static boolean sortByKeys(long[] keys, int[] order, int[] newIndex, int k) {
        for (int i = 1; i < k; i++) {
            int x = order[i];
            int j = i - 1;
            while (j >= 0 && keys[order[j]] > keys[x]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        boolean identity = true;
        for (int i = 0; i < k; i++) {
            newIndex[order[i]] = i;
            identity &= order[i] == i;
        }
        return !identity;
    }
}
