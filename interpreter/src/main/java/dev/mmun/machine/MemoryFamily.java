package dev.mmun.machine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The memory accesses: a thread's read and write of a page, through its TLB (a CPU's, or a
 * device's: an ATS device walks the page table on a miss, a software mirror waits for its driver
 * to map the page). Everything they mean is here: lowering (with {@code try}), effect, footprint,
 * source form and the lines that document them. b's bit 1 is try (a fault is recorded in the
 * local 0, {@code fault}, instead of waiting); {@link KernelFlags#ACCESS_NO_REWALK} marks an arm64
 * device (the SMMU faults on a permission miss instead of walking again).
 */
public final class MemoryFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("read", List.of("read", "READ_ONCE"), "r = read(P)", true,
                    "reads P through the thread's TLB (a CPU's or its device's) into r; waits while no mapping allows it", true),
            new Primitive("write", List.of("write", "WRITE_ONCE"), "write(P, v)", false,
                    "writes v to P through the thread's TLB and sets the pte's dirty bit; waits while no mapping allows it", true));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.READ, Op.WRITE);

    private final Program p;
    private final Describe names;
    private final KernelEffects kx;
    private final KernelRules rules;
    /** the TLB slot each thread's accesses go through, per page */
    private final int[][] tlbSlot;

    MemoryFamily(Program p, Describe names, KernelEffects kx, KernelRules rules) {
        this.p = p;
        this.names = names;
        this.kx = kx;
        this.rules = rules;
        this.tlbSlot = new int[p.threads().size()][p.pages().size()];
        for (int t = 0; t < tlbSlot.length; t++) {
            for (int pg = 0; pg < tlbSlot[t].length; pg++) {
                tlbSlot[t][pg] = tlbSlot(p, t, pg);
            }
        }
    }

    /** The state slot of the TLB entry thread t's accesses to page go through. */
    public static int tlbSlot(Program p, int t, int page) {
        Program.Thread th = p.threads().get(t);
        return th.device() ? p.devTlb(th.deviceIndex(), page) : p.cpuTlb(th.cpuIndex(), page);
    }

    // ---- lowering ----

    /** read(P) into the call's local, write(P, v); under try the access records a fault instead of waiting. */
    public static void lower(String canon, CallSite c) {
        boolean write = canon.equals("write");
        if (!c.arity(write ? 2 : 1)) {
            return;
        }
        int page = c.page(0);
        if (page < 0) {
            return;
        }
        int flags = (c.attempt() ? 1 : 0) | (c.device() && c.arch().equals("arm64") ? KernelFlags.ACCESS_NO_REWALK : 0);
        c.emitStatement(write ? Op.WRITE : Op.READ, page, flags, write ? c.value(1) : null);
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        boolean write = in.op() == Op.WRITE;
        return access(n, t, in, write, write ? in.v().eval(n, p.localBase(t)) : 0, out);
    }

    /** Whether the access would wait now (never under try): no TLB entry nor mapping allows it. */
    @Override
    public boolean blocked(int[] s, int t, Instr in) {
        if ((in.b() & 1) != 0) {
            return false;
        }
        boolean write = in.op() == Op.WRITE;
        int page = in.a();
        int entry = s[tlbSlot[t][page]];
        Program.Thread th = p.threads().get(t);
        boolean walks = !th.device() || p.devices().get(th.deviceIndex()).walksPageTable();
        return !Pte.allows(entry, write) && (!walks || !Pte.allows(s[p.pte(page)], write)
                || th.device() && kx.deviceCannotWalk(s, entry, write, in));
    }

    /** Does the access (value: what a write stores); false when the thread waits. */
    boolean access(int[] n, int t, Instr in, boolean write, int value, StepOut out) {
        Program.Thread th = p.threads().get(t);
        int page = in.a();
        boolean attempt = (in.b() & 1) != 0;
        int lb = p.localBase(t);
        int tlbSlot = this.tlbSlot[t][page];
        int entry = n[tlbSlot];
        boolean viaTlb = Pte.allows(entry, write);
        if (!viaTlb && th.device() && !p.devices().get(th.deviceIndex()).walksPageTable()) {
            // a software mirror has no page-table walker: it waits for its driver to map the page
            if (!attempt) {
                return false;
            }
            out.set(n, lb, 1);
            if (out.changes) {
                out.change(Change.Kind.FAULT, page, -1, th.deviceIndex(), "fault: " + names.device(th.deviceIndex())
                        + " does not map " + names.page(page) + (write ? " writable" : ""));
            }
            return true;
        }
        if (!viaTlb) {
            int pte = n[p.pte(page)];
            if (!Pte.allows(pte, write) || th.device() && kx.deviceCannotWalk(n, entry, write, in)) {
                if (!attempt) {
                    return false;
                }
                out.set(n, lb, 1);
                if (out.changes) {
                    out.change(Change.Kind.FAULT, page, -1, -1, "fault: " + (write ? "write to " : "read of ")
                            + names.page(page) + " (pte " + names.pte(pte) + ")");
                }
                return true;
            }
            if (write && (pte & Pte.DIRTY) == 0) {
                out.set(n, p.pte(page), pte | Pte.DIRTY);
                pte |= Pte.DIRTY;
            }
            entry = Pte.tlbEntry(pte, n[p.frameGen(Pte.frame(pte))]);
            out.set(n, tlbSlot, entry);
            if (out.changes) {
                out.change(th.device() ? Change.Kind.DEV_FILL : Change.Kind.CPU_FILL, page, Pte.frame(pte),
                        th.deviceIndex(), (th.device() ? "devtlb " + names.device(th.deviceIndex()) : "tlb " + th.name())
                                + ": " + names.page(page) + " -> " + names.tlb(entry));
            }
        }
        if (attempt) {
            out.set(n, lb, 0);
        }
        int f = Pte.frame(entry);
        if (n[p.frameRef(f)] == 0 || n[p.frameGen(f)] != Pte.gen(entry)) {
            Rule r = th.device() ? Rule.DEVICE_UAF : Rule.CPU_TLB_UAF;
            out.violation(r, t, in.span(), () -> th.name() + (write ? " writes " : " reads ") + names.page(page)
                    + " through a stale translation to frame " + names.frame(f) + ", which was freed"
                    + (n[p.frameRef(f)] > 0 ? " and now belongs to another task" : ""), page, f);
        } else if ((entry & Pte.ZAPPED) != 0 && !mapsFrame(n[p.pte(page)], f)) {
            // D18: nothing freed, yet the zap or move the caller saw complete left this entry behind
            out.violation(Rule.STALE_TLB_AFTER_ZAP, t, in.span(), () -> th.name() + (write ? " writes " : " reads ")
                    + names.page(page) + " through its TLB entry to frame " + names.frame(f) + ", though the pte is "
                    + names.pte(n[p.pte(page)]) + ": a zap of " + names.page(page)
                    + " completed (its tlb_finish_mmu() returned) with that entry not flushed", page, f);
        }
        if (write) {
            out.set(n, p.version(page), n[p.version(page)] + 1);
            int ver = n[p.version(page)];
            out.set(n, p.frameContent(f), value);
            out.set(n, p.frameVersion(f), ver);
            out.set(n, p.lastWritten(page), value);
            rules.frameWritten(n, f, out);
            if (out.changes) {
                out.change(Change.Kind.WRITE, page, f, -1, names.page(page) + " = " + value + " (frame " + names.frame(f) + ")");
            }
        } else {
            int v = n[p.frameContent(f)];
            out.set(n, lb + in.dst(), v);
            if (th.device() && n[p.frameVersion(f)] < n[p.version(page)] && v != n[p.lastWritten(page)]) {
                // a frame an mmu_gather holds until its flush: the page is being zapped by the
                // user, whose own access wrote the newer value (kernel-notes §5.4: tolerated)
                boolean zapped = (n[p.gatheredFrames()] & 1 << f) != 0;
                out.violation(zapped ? Rule.USER_RACE_TOLERATED : Rule.STALE_READ, t, in.span(), () -> th.name() + " reads "
                        + names.page(page) + " = " + v + " from frame " + names.frame(f) + " through its TLB, but a newer value was"
                        + " written to " + names.page(page) + " before this read" + (zapped ? ": the frame waits in an mmu_gather,"
                        + " the page is being zapped, and the newer value is the user's own racing access (not STALE_READ)" : ""), page, f);
            }
            if (out.changes) {
                out.change(Change.Kind.READ, page, f, -1, p.threads().get(t).locals().get(in.dst()) + " = " + v
                        + " (frame " + names.frame(f) + ")");
            }
        }
        return true;
    }

    private static boolean mapsFrame(int pte, int f) {
        return Pte.present(pte) && Pte.frame(pte) == f;
    }

    /** Why thread t waits at the access in. */
    @Override
    public String waitReason(int[] n, int t, Instr in, String at) {
        String stuck = kx.whyDeviceCannotWalk(n, t, in);
        Program.Thread th = p.threads().get(t);
        return stuck != null ? stuck + " " + at
                : th.device() && !p.devices().get(th.deviceIndex()).walksPageTable()
                ? "waits for its driver to map " + names.page(in.a()) + (in.op() == Op.WRITE ? " writable" : "") + " in "
                + names.device(th.deviceIndex()) + " " + at
                : "waits for a mapping of " + names.page(in.a()) + " that allows a "
                + (in.op() == Op.WRITE ? "write" : "read") + " (pte " + names.pte(n[p.pte(in.a())]) + ") " + at;
    }

    // ---- footprint ----

    /**
     * In any state: the thread's TLB entry (read, and written by a fill), the pte (read on a miss,
     * its dirty bit written by a write), the page's version and, through a frame held in the TLB
     * that may be any frame, every frame's refcount and data (a write writes the data).
     */
    public static void footprint(Program p, int t, Instr in, Footprint fp) {
        boolean write = in.op() == Op.WRITE;
        int page = in.a();
        fp.tlb(t, page, true, true);
        fp.pte(page, true, write);
        fp.version(page, true, write);
        for (int f = 0; f < p.frames().size(); f++) {
            fp.frameRef(f, true, false);
            fp.frameData(f, true, write);
        }
    }

    /**
     * In state s: the TLB entry; on a miss the pte, and nothing more when it does not allow the
     * access (a fault or a wait); else the fill, the frame the access goes to and the version.
     */
    public static void footprint(Program p, int[] s, int t, Instr in, Footprint fp) {
        boolean write = in.op() == Op.WRITE;
        int page = in.a();
        fp.tlb(t, page, true, false);
        int entry = s[tlbSlot(p, t, page)];
        int f;
        if (Pte.allows(entry, write)) {
            f = Pte.frame(entry);
        } else {
            int pte = s[p.pte(page)];
            fp.pte(page, true, false);
            if (!Pte.allows(pte, write)) {
                return;
            }
            fp.tlb(t, page, false, true);
            if (write && (pte & Pte.DIRTY) == 0) {
                fp.pte(page, false, true);
            }
            f = Pte.frame(pte);
        }
        fp.frameRef(f, true, false);
        fp.frameData(f, true, write);
        fp.version(page, true, write);
        if ((entry & Pte.ZAPPED) != 0 && Pte.allows(entry, write)) {
            fp.pte(page, true, false);          // D18: does the pte still map the entry's frame?
        }
    }

    // ---- source ----

    /** The statement that lowers to in: dst is how the read's local is written, value the write's value. */
    public static String source(Program p, Instr in, String dst, String value) {
        String page = p.pages().get(in.a()).name();
        String attempt = (in.b() & 1) != 0 ? "try " : "";
        return in.op() == Op.READ ? attempt + dst + " = read(" + page + ")" : attempt + "write(" + page + ", " + value + ")";
    }
}
