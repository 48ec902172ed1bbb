package dev.mmun.explore;

import dev.mmun.machine.Families;
import dev.mmun.machine.Footprint;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Val;

/**
 * What a step reads and writes, as sets of {@link Resources}: statically for any instruction (a
 * frame held in a local may be any frame), and exactly for a thread's next step in a given state
 * (the frame it will touch is known), as the instruction's family declares them beside its effect
 * ({@link Families}): every slot an instruction reads to decide what it does is in its read set,
 * every slot it may change in its write set. An instruction of no family touches everything.
 */
final class Footprints {
    final Resources res;
    private final Program p;
    /** static reads and writes of each instruction: [thread][pc][word] */
    final long[][][] reads;
    final long[][][] writes;
    /** which frames only one thread can reach; per instance, so one Footprints per worker */
    private final PrivateFrames privateFrames;

    Footprints(Program p) {
        this.p = p;
        this.res = new Resources(p);
        int n = p.threads().size();
        reads = new long[n][][];
        writes = new long[n][][];
        long consts = 0;
        for (int t = 0; t < n; t++) {
            Instr[] code = p.threads().get(t).code();
            reads[t] = new long[code.length][res.words];
            writes[t] = new long[code.length][res.words];
            for (int pc = 0; pc < code.length; pc++) {
                staticFootprint(t, code[pc], reads[t][pc], writes[t][pc]);
                consts |= constFrames(code[pc].v()) | constFrames(code[pc].w());
            }
        }
        privateFrames = new PrivateFrames(p, consts);
    }

    private long constFrames(Val v) {
        if (v instanceof Val.Const c && c.value() > 0 && c.value() <= res.frames) {
            return 1L << (c.value() - 1);
        }
        if (v instanceof Val.Bin b) {
            return constFrames(b.left()) | constFrames(b.right());
        }
        if (v instanceof Val.Unary x) {
            return constFrames(x.operand());
        }
        return 0;
    }

    /** What a family declares, recorded over the resources into r and w. */
    private final class Into implements Footprint {
        long[] r;
        long[] w;

        @Override
        public void lock(int l, boolean read, boolean write) {
            mark(res.lock(l), read, write);
        }

        @Override
        public void pte(int page, boolean read, boolean write) {
            mark(res.pte(page), read, write);
        }

        @Override
        public void tlb(int t, int page, boolean read, boolean write) {
            mark(tlbOf(t, page), read, write);
        }

        @Override
        public void version(int page, boolean read, boolean write) {
            mark(res.version(page), read, write);
        }

        @Override
        public void frameRef(int f, boolean read, boolean write) {
            mark(res.ref(f), read, write);
        }

        @Override
        public void frameData(int f, boolean read, boolean write) {
            mark(res.data(f), read, write);
        }

        @Override
        public void freeFrames(boolean read, boolean write) {
            mark(res.alloc, read, write);
        }

        @Override
        public void mayCache(int d, int page, boolean read, boolean write) {
            mark(res.mayCache(d, page), read, write);
        }

        @Override
        public void deviceTlb(int d, int page, boolean read, boolean write) {
            mark(res.devTlb(d, page), read, write);
        }

        @Override
        public void cpuTlb(int c, int page, boolean read, boolean write) {
            mark(res.cpuTlb(c, page), read, write);
        }

        @Override
        public void everything() {
            Footprints.this.everything(r, w);
        }

        private void mark(int resource, boolean read, boolean write) {
            if (read) {
                Resources.set(r, resource);
            }
            if (write) {
                Resources.set(w, resource);
            }
        }
    }

    private final Into into = new Into();

    private Footprint into(long[] r, long[] w) {
        into.r = r;
        into.w = w;
        return into;
    }

    // ---- static ----

    private void staticFootprint(int t, Instr in, long[] r, long[] w) {
        Op op = in.op();
        if (op.local()) {
            return;
        }
        Families.Family f = Families.of(op);
        if (f == null) {
            everything(r, w);
        } else {
            f.footprint().of(p, t, in, into(r, w));
        }
    }

    private void everything(long[] r, long[] w) {
        for (int i = 0; i < res.count; i++) {
            Resources.set(r, i);
            Resources.set(w, i);
        }
    }

    private int[][] tlbRes;
    private int[][] tlbSlot;

    int tlbOf(int t, int page) {
        if (tlbRes == null) {
            tlbTables();
        }
        return tlbRes[t][page];
    }

    int tlbSlotOf(int t, int page) {
        if (tlbSlot == null) {
            tlbTables();
        }
        return tlbSlot[t][page];
    }

    private void tlbTables() {
        int n = p.threads().size();
        int[][] r = new int[n][res.pages];
        int[][] sl = new int[n][res.pages];
        for (int t = 0; t < n; t++) {
            Program.Thread th = p.threads().get(t);
            for (int pg = 0; pg < res.pages; pg++) {
                r[t][pg] = th.device() ? res.devTlb(th.deviceIndex(), pg) : res.cpuTlb(th.cpuIndex(), pg);
                sl[t][pg] = th.device() ? p.devTlb(th.deviceIndex(), pg) : p.cpuTlb(th.cpuIndex(), pg);
            }
        }
        tlbRes = r;
        tlbSlot = sl;
    }

    // ---- exact, for the next step of a thread in a state ----

    /**
     * The footprint of the single machine instruction {@code in} that thread t runs next in state
     * s (locals read from s). Frames that only t can reach are left out: no other thread can touch
     * them before t publishes them.
     */
    void exact(int[] s, int t, Instr in, long[] r, long[] w) {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(w, 0);
        Families.Family f = in.op().local() ? null : Families.of(in.op());
        if (f == null) {
            staticFootprint(t, in, r, w);
        } else {
            f.exact(p, s, t, in, into(r, w));
        }
        dropPrivateFrames(s, t, r, w);
    }

    /**
     * Leaves out the frames only t can reach. A free frame that nothing else refers to (the frame
     * alloc_page() is about to hand t, or one t still names in a stale local after put_page()) is
     * not t's alone: any thread's alloc_page() can take it, and then writes its refcount,
     * generation and data. That is the only way to it, so it counts as a read of the pool of free
     * frames, which every alloc_page() writes: a conflict with allocations only, not with every
     * step that may touch any frame through a local.
     */
    private void dropPrivateFrames(int[] s, int t, long[] r, long[] w) {
        long touched = res.frameBits(r) | res.frameBits(w);
        if (touched == 0) {
            return;
        }
        long mine = touched & privateFrames.privateMask(s, t);
        for (long m = mine; m != 0; m &= m - 1) {
            int f = Long.numberOfTrailingZeros(m);
            int ref = res.ref(f);
            int data = res.data(f);
            Resources.clear(r, ref);
            Resources.clear(w, ref);
            Resources.clear(r, data);
            Resources.clear(w, data);
            if (s[p.frameRef(f)] == 0) {
                Resources.set(r, res.alloc);
            }
        }
    }

    /** Says that the next footprints are of steps from state s (see {@link PrivateFrames#prepare}). */
    void prepare(int[] s) {
        privateFrames.prepare(s);
    }
}
