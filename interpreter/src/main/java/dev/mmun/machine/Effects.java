package dev.mmun.machine;

/**
 * The machine instructions: each is handed to its family's effect ({@link Families#of(Op)}), which
 * says what it does to the page table, the TLBs, the frames and the locks, and which rules it
 * judges on the way; here the helpers the families share (the CPU flush, the notify). Rules look at
 * machine state (the may-cache sets, frame generations, lock holders), never at which function was
 * called.
 */
final class Effects {
    private final Program p;
    private final Describe names;
    private final int nPages;
    private final int[] atsDevices;
    private final KernelEffects kx;
    private final KernelRules rules;
    private final MirrorEffects mirrors;
    private final LockFamily locks;
    private final MemoryFamily memory;
    final FrameFamily frames;
    private final NotifierFamily notifiers;
    private final SubscriberFamily subscriberOps;
    /** the device kinds' callbacks (stdlib/devices.mmun), run inside the core's steps */
    private final LibraryCallbacks library;
    private final PteStoreFamily stores;
    /** each machine op's family's effect, by Op.ordinal() */
    private final Effect[] byOp = new Effect[Op.values().length];

    Effects(Program p) {
        this.p = p;
        this.names = new Describe(p);
        this.nPages = p.pages().size();
        this.atsDevices = java.util.stream.IntStream.range(0, p.devices().size())
                .filter(d -> p.devices().get(d).walksPageTable()).toArray();
        this.rules = new KernelRules(p, names, atsDevices);
        this.kx = new KernelEffects(p, names);
        this.mirrors = new MirrorEffects(p, names);
        this.locks = new LockFamily(p, names, rules);
        this.memory = new MemoryFamily(p, names, kx, rules);
        this.frames = new FrameFamily(p, names, rules, mirrors, atsDevices);
        this.subscriberOps = new SubscriberFamily(p, names, locks, mirrors);
        this.stores = new PteStoreFamily(p, names, this, rules, mirrors, frames, atsDevices);
        this.library = new LibraryCallbacks(p, this);
        this.notifiers = new NotifierFamily(p, names, this, mirrors, locks, rules, library);
        Effect notifierCalls = new Effect() {
            @Override
            public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
                return notifiers.apply(n, t, pc, in, out);
            }

            @Override
            public boolean blocked(int[] s, int t, Instr in) {
                return mirrorsWait(s, t, in);
            }

            @Override
            public String waitReason(int[] n, int t, Instr in, String at) {
                // the software mirrors' callbacks wait on their locks
                return mirrors.waitReason(n, in, in.a(), at);
            }
        };
        MirrorFamily mirrorOps = new MirrorFamily(p, names, mirrors);
        Effect mirrorSide = new Effect() {
            @Override
            public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
                return mirrorOps.apply(n, t, pc, in, out);
            }

            @Override
            public boolean blocked(int[] s, int t, Instr in) {
                return mirrorsWait(s, t, in);
            }

            @Override
            public String waitReason(int[] n, int t, Instr in, String at) {
                return mirrorOps.waitReason(n, t, in, at);
            }
        };
        java.util.Map<String, Effect> effects = java.util.Map.ofEntries(
                java.util.Map.entry("memory", memory),
                java.util.Map.entry("locks", locks),
                java.util.Map.entry("frames", frames),
                java.util.Map.entry("pte-reads", new Effect() {
                    @Override
                    boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
                        PteReadFamily.apply(p, n, p.localBase(t), in, out);
                        return true;
                    }
                }),
                java.util.Map.entry("notifier-calls", notifierCalls),
                java.util.Map.entry("callbacks", new Effect() {
                    @Override
                    boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
                        return subscriberOps.apply(n, t, in, out);
                    }
                }),
                java.util.Map.entry("pte-stores", stores),
                java.util.Map.entry("tlb-flushes", new TlbFlushFamily(p, names, this)),
                java.util.Map.entry("kernel-ops", new KernelOpsFamily(p, names, this)),
                java.util.Map.entry("mirror-ops", mirrorSide));
        for (Families.Family f : Families.list()) {
            Effect e = effects.get(f.name());
            if (e == null) {
                throw new IllegalStateException("no effect for the family " + f.name());
            }
            for (Op op : f.ops()) {
                byOp[op.ordinal()] = e;
            }
        }
    }

    /** The software mirrors' callbacks and read sides wait on their locks and counters: apply() on a copy says. */
    private boolean mirrorsWait(int[] s, int t, Instr in) {
        return p.hasSoftwareMirrors() && !apply(s.clone(), t, s[p.pc(t)], in, new StepOut(false));
    }

    KernelRules rules() {
        return rules;
    }

    KernelEffects kernel() {
        return kx;
    }

    /** Applies one machine instruction; false when the thread cannot do it now (it waits). */
    boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        return byOp[in.op().ordinal()].apply(n, t, pc, in, out);
    }

    /**
     * A quick look, before any copying, at whether instruction in (the thread's next, when it is a
     * machine instruction) would make it wait: a lock that is held, an access the mapping does not
     * allow. False when in doubt; apply() decides.
     */
    boolean blocked(int[] s, int t, Instr in) {
        Effect e = byOp[in.op().ordinal()];
        return e != null && e.blocked(s, t, in);        // a thread-local op has no family and never waits
    }

    long allPages() {
        return nPages == 64 ? -1L : (1L << nPages) - 1;
    }

    /** A frame value (index + 1) as an index; a null frame is reported and gives -1. */
    int frameOf(int v, Instr in, int t, StepOut out) {
        return FrameFamily.frameOf(p, v, in, t, out);
    }

    // ---- flushes ----

    void cpuFlush(int[] n, long mask, StepOut out) {
        StringBuilder dropped = out.changes ? new StringBuilder() : null;
        for (int c = 0; c < p.cpuCount(); c++) {
            for (long m = mask; m != 0; m &= m - 1) {
                int page = Long.numberOfTrailingZeros(m);
                int slot = p.cpuTlb(c, page);
                if (n[slot] != 0) {
                    out.set(n, slot, 0);
                    if (dropped != null) {
                        dropped.append(dropped.length() == 0 ? "" : ", ").append(names.page(page));
                    }
                }
            }
        }
        if (dropped != null && dropped.length() > 0) {
            out.change(Change.Kind.CPU_FLUSH, -1, -1, -1, "cpu tlbs flush " + dropped);
        }
    }

    /**
     * The document's notify, the era's secondary-TLB call: the library's callbacks of that kind
     * (the ats kind's flushes its device; a device a script's subscriber serves is told by its
     * callbacks instead, in steps of their own). The flushes of an mmu_gather know no thread.
     */
    void notify(int[] n, long mask, StepOut out) {
        library.secondaryTlb(n, -1, mask, out);
    }

    void notify(int[] n, int t, long mask, StepOut out) {
        library.secondaryTlb(n, t, mask, out);
    }

    void threadExit(int[] n, int t, StepOut out) {
        rules.exited(n, t, out);
        notifiers.threadExit(n, t, out);
    }

    // ---- why a thread waits ----

    Instr nextVisible(int[] s, int t) {
        Instr[] code = p.threads().get(t).code();
        int[] n = s.clone();
        int pc = n[p.pc(t)];
        int lb = p.localBase(t);
        StepOut ignored = new StepOut(false);
        while (pc < code.length && code[pc].op().local()) {
            pc = ControlFamily.step(n, t, lb, pc, code[pc], ignored);
        }
        return pc < code.length ? code[pc] : null;
    }

    String waitReason(int[] s, int t) {
        Instr in = nextVisible(s, t);
        if (in == null) {
            return "cannot move";
        }
        String at = "at " + in.span().where() + " (" + in.text() + ")";
        String why = byOp[in.op().ordinal()].waitReason(s, t, in, at);
        return why != null ? why : "waits " + at;
    }
}
