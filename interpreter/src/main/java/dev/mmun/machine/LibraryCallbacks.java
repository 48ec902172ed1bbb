package dev.mmun.machine;

/**
 * Runs the device kinds' callbacks that stdlib/devices.mmun writes (ats, ats_start_end, mirror,
 * kvm) inside the step of the core's instruction that calls them, as the built-in callbacks they
 * replace did: the same steps, the same footprints, so a search explores the same states. A
 * callback that would wait (a lock another thread holds) makes the whole step wait; its locals are
 * the thread's reserved slots, put back to 0 when it returns.
 *
 * <p>A callback's code means what the same instructions mean in a thread's step: its thread-local
 * instructions run as {@link ControlFamily} says, the others as their families' effects do
 * ({@link Effects#apply}); nothing here gives an instruction a meaning of its own. The range
 * parameter is the one the core passes, known only now for the flushes of an mmu_gather: it is put
 * in the step's {@link StepOut#calledOver}, where a DEV_FLUSH or KVM_NOTIFY of
 * {@link Program#libraryRange()} finds it.
 */
final class LibraryCallbacks {
    /** What {@link #run} returns when the callback must wait. */
    static final int BLOCKED = Integer.MIN_VALUE;

    private final Program p;
    private final Effects fx;
    /** by callback kind: the library's callbacks of that kind, in calling order */
    private final Program.LibraryCallback[][] byKind = new Program.LibraryCallback[5][];
    /** per secondary-TLB callback: its body is one flush of the range (the ats kind's): done without the loop */
    private final boolean[] plainFlush;

    LibraryCallbacks(Program p, Effects fx) {
        this.p = p;
        this.fx = fx;
        for (int k = 0; k < byKind.length; k++) {
            final int kind = k;
            byKind[k] = p.library().stream().filter(c -> c.kind() == kind).toArray(Program.LibraryCallback[]::new);
        }
        Program.LibraryCallback[] tlb = byKind[SubscriberFamily.SECONDARY_TLB];
        plainFlush = new boolean[tlb.length];
        for (int i = 0; i < tlb.length; i++) {
            Instr[] code = tlb[i].code();
            plainFlush[i] = code.length == 1 && code[0].op() == Op.DEV_FLUSH && code[0].a() == tlb[i].device()
                    && code[0].b() == p.libraryRange();
        }
    }

    Program.LibraryCallback[] of(int kind) {
        return byKind[kind];
    }

    boolean any(int kind) {
        return byKind[kind].length > 0;
    }

    /**
     * The secondary-TLB callbacks over mask (the era's notify). They cannot sleep and run where
     * the core knows no thread (t may be -1): the library's flush only the device's TLB.
     */
    void secondaryTlb(int[] n, int t, long mask, StepOut out) {
        Program.LibraryCallback[] cbs = byKind[SubscriberFamily.SECONDARY_TLB];
        if (cbs.length == 0 || n[p.released()] != 0) {
            return;
        }
        out.notifying = true;
        for (int i = 0; i < cbs.length; i++) {
            if (plainFlush[i]) {
                // its one DEV_FLUSH as the family steps it, without a callback's frame of locals
                long over = out.calledOver;
                out.calledOver = mask;
                fx.apply(n, t, -1, cbs[i].code()[0], out);
                out.calledOver = over;
            } else {
                run(n, t, cbs[i], mask, Callback.CLEAR, 0, false, 0, out);
            }
        }
        out.notifying = false;
    }

    /**
     * Runs one callback for thread t over mask; returns its result (0 / true = 1 when it returns
     * nothing or falls off the end) or {@link #BLOCKED}.
     */
    int run(int[] n, int t, Program.LibraryCallback cb, long mask, int event, int owner, boolean blockable, int curSeq, StepOut out) {
        int lb = t >= 0 ? p.localBase(t) : -1;
        if (lb >= 0) {
            set(n, lb, cb.ret(), cb.kind() == SubscriberFamily.INTERVAL ? 1 : 0, out);
            set(n, lb, cb.curSeq(), curSeq, out);
            set(n, lb, cb.blockable(), blockable ? 1 : 0, out);
            set(n, lb, cb.event(), event, out);
            set(n, lb, cb.owner(), owner, out);
        }
        Instr[] code = cb.code();
        long over = out.calledOver;
        out.calledOver = mask;
        int pc = 0;
        int result;
        // the step's own meaning of each instruction: the thread-local ones, then the machine's by family
        while (pc < code.length) {
            Instr in = code[pc];
            if (in.op().local()) {
                pc = ControlFamily.step(n, t, lb, pc, in, out);
                continue;
            }
            if (!fx.apply(n, t, -1, in, out)) {
                out.calledOver = over;
                return blocked(n, lb, cb, out);
            }
            pc++;
        }
        out.calledOver = over;
        result = lb >= 0 && cb.ret() >= 0 ? n[lb + cb.ret()] : cb.kind() == SubscriberFamily.INTERVAL ? 1 : 0;
        if (lb >= 0) {
            out.clear(n, lb + 1, lb + cb.scratch());
        }
        return result;
    }

    private int blocked(int[] n, int lb, Program.LibraryCallback cb, StepOut out) {
        if (lb >= 0) {
            out.clear(n, lb + 1, lb + cb.scratch());
        }
        return BLOCKED;
    }

    private static void set(int[] n, int lb, int slot, int v, StepOut out) {
        if (slot >= 0) {
            out.set(n, lb + slot, v);
        }
    }

    /** The events a library callback may be given (NotifierFamily.EVENTS' indices). */
    static final class Callback {
        static final int CLEAR = 1;
        static final int RELEASE = 5;

        private Callback() {
        }
    }
}
