package dev.mmun.machine;

import static dev.mmun.machine.KernelFlags.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The page-table stores: clearing an entry (with or without the CPU flush and the notify),
 * pointing it at a frame, write-protecting it, and the kernel paths' entries (swap and migration
 * entries, a restore of an entry read earlier, ptep_set_access_flags()). Everything they mean is
 * here: lowering, effect (with the rules a pte change is judged by), footprint, source form and
 * the lines that document them. Every store needs the ptl that covers the page
 * (PTE_UPDATE_WITHOUT_PTL). PTE_CLEAR's b: bit 1 flushes the CPU TLBs, bit 2 notifies; PTE_SET's
 * b is 1 for a writable entry; the kernel stores' flags are in {@link KernelFlags}.
 */
public final class PteStoreFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("clear", List.of("ptep_get_and_clear", "pte_clear", "pmdp_huge_get_and_clear"), "ptep_get_and_clear(P)", false,
                    "empties P's entry; no CPU flush, no notify. Every clear gives the old entry: `pteval = ptep_get_and_clear(P)`,"
                    + " then `pte_dirty(pteval)`, `pte_write(pteval)`, `set_pte_at(P, pteval)`"),
            new Primitive("clear_flush", List.of("ptep_clear_flush", "pmdp_huge_clear_flush", "pmdp_invalidate", "pmdp_collapse_flush",
                    "clear_flush"), "ptep_clear_flush(P)", false,
                    "empties P's entry and flushes P from the CPU TLBs; in era 6.6 the flush notifies the secondary TLBs"),
            new Primitive("clear_flush_notify", List.of("ptep_clear_flush_notify", "pmdp_huge_clear_flush_notify", "clear_flush_notify"),
                    "ptep_clear_flush_notify(P)", false,
                    "empties P's entry, flushes P from the CPU TLBs and notifies the secondary TLBs (not in era 6.6)"),
            new Primitive("set", List.of("set_pte_at", "set_pmd_at", "set_pte"), "set_pte_at(P, F, rw)", false,
                    "points P at frame F, writable (`rw`) or read-only (`ro`); `set_pte_at(P, e)` stores an entry e read earlier"
                    + " with `ptep_get()` (a restore)"),
            new Primitive("set_notify", List.of("set_pte_at_notify"), "set_pte_at_notify(P, F, rw)", false,
                    "as `set_pte_at(P, F, rw)` (`->change_pte` does nothing for a hardware TLB); removed in 6.10"),
            new Primitive("wrprotect", List.of("ptep_set_wrprotect", "pmdp_set_wrprotect", "wrprotect"), "ptep_set_wrprotect(P)", false,
                    "the same frame, read-only and clean; the notify may wait for `invalidate_range_end`"),
            new Primitive("access_flags", List.of("ptep_set_access_flags", "pmdp_set_access_flags"), "ptep_set_access_flags(P, rw)", false,
                    "the same frame with more rights, dirty; on arm64 making it writable flushes P from the CPU TLBs, which in era 6.6"
                    + " notifies"),
            new Primitive("swap", List.of("set_swap_pte"), "set_swap_pte(P, F)", false,
                    "a swap entry remembering F: not present, accesses fault"),
            new Primitive("migration", List.of("set_migration_pte"), "set_migration_pte(P, F, rw)", false,
                    "a migration entry for F (`rw` or `ro`): accesses wait"),
            new Primitive("remove_migration", List.of("remove_migration_pte"), "remove_migration_pte(P, G)", false,
                    "a migration entry becomes a pte to G (`get_page(G)`), its rights kept"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.PTE_CLEAR, Op.PTE_SET, Op.PTE_WRPROTECT, Op.PTE_SPECIAL, Op.PTE_RESTORE,
            Op.REMOVE_MIGRATION, Op.PTE_ACCESS_FLAGS);

    private final Program p;
    private final Describe names;
    private final Effects fx;
    private final KernelRules rules;
    private final MirrorEffects mirrors;
    private final FrameFamily frames;
    private final int[] atsDevices;

    PteStoreFamily(Program p, Describe names, Effects fx, KernelRules rules, MirrorEffects mirrors, FrameFamily frames, int[] atsDevices) {
        this.p = p;
        this.names = names;
        this.fx = fx;
        this.rules = rules;
        this.mirrors = mirrors;
        this.frames = frames;
        this.atsDevices = atsDevices;
    }

    /** PTE_SET's v is the frame it stores (the others' operands are entries or frames the symmetry does not rename). */
    static int frameOperands(Op op) {
        return op == Op.PTE_SET ? 2 : 0;
    }

    // ---- lowering ----

    public static void lower(String canon, CallSite c) {
        Era era = c.era();
        switch (canon) {
            case "clear" -> store(c, Op.PTE_CLEAR, 0);
            case "clear_flush" -> store(c, Op.PTE_CLEAR, era.flushNotifies() ? 3 : 1);
            case "clear_flush_notify" -> {
                if (era == Era.E6_6) {
                    c.error(-1, c.name() + "() does not exist in era 6.6: there ptep_clear_flush() notifies");
                    return;
                }
                store(c, Op.PTE_CLEAR, 3);
            }
            case "wrprotect" -> store(c, Op.PTE_WRPROTECT, 0);
            case "set" -> {
                if (c.args() == 2) {
                    restore(c);
                } else {
                    set(c);
                }
            }
            case "set_notify" -> {
                if (c.kernelVersion() >= 610) {
                    c.error(-1, c.name() + "() was removed in 6.10 (with ->change_pte): use set_pte_at()");
                    return;
                }
                set(c);
            }
            case "access_flags" -> accessFlags(c);
            case "swap", "migration" -> {
                boolean swap = canon.equals("swap");
                if (!c.arity(swap ? 2 : 3)) {
                    return;
                }
                int page = c.page(0);
                if (page < 0) {
                    return;
                }
                Val f = c.frame(1);
                int flags = swap ? SPECIAL_SWAP : SPECIAL_MIGRATION;
                if (!swap) {
                    int w = c.prot(2);
                    if (w < 0) {
                        return;
                    }
                    flags |= w == 1 ? SPECIAL_WRITABLE : 0;
                }
                c.emit(Op.PTE_SPECIAL, page, flags, f, null);
            }
            default -> {
                if (c.arity(2)) {
                    int page = c.page(0);
                    if (page >= 0) {
                        c.emit(Op.REMOVE_MIGRATION, page, 0, c.frame(1), null);
                    }
                }
            }
        }
    }

    private static void store(CallSite c, Op op, int flags) {
        if (!c.arity(1)) {
            return;
        }
        int page = c.page(0);
        if (page >= 0 && levelOk(c, page)) {
            c.emit(op, page, flags);
        }
    }

    private static void set(CallSite c) {
        if (!c.arity(3)) {
            return;
        }
        int page = c.page(0);
        if (page < 0 || !levelOk(c, page)) {
            return;
        }
        Val frame = c.frame(1);
        int writable = c.prot(2);
        if (writable >= 0) {
            c.emit(Op.PTE_SET, page, writable, frame, null);
        }
    }

    /** set_pte_at(P, e): stores an entry read earlier with ptep_get() (the kernel's "restore the old pte"). */
    private static void restore(CallSite c) {
        if (!c.arity(2)) {
            return;
        }
        int page = c.page(0);
        if (page >= 0 && levelOk(c, page)) {
            c.emit(Op.PTE_RESTORE, page, 0, c.value(1), null);
        }
    }

    /**
     * ptep_set_access_flags(): the same frame with more rights. x86 does not flush (a spurious fault
     * is fixed locally); arm64 flushes the page when it makes it writable (flush_tlb_page() for a
     * dirty upgrade since 2020, flush_tlb_fix_spurious_fault() before), which in 6.6 notifies the
     * secondary TLBs.
     */
    private static void accessFlags(CallSite c) {
        if (!c.arity(2)) {
            return;
        }
        int page = c.page(0);
        if (page < 0) {
            return;
        }
        int w = c.prot(1);
        if (w < 0) {
            return;
        }
        int flags = w == 1 ? ACCESS_WRITABLE : 0;
        if (c.arch().equals("arm64") && w == 1) {
            flags |= ACCESS_FLUSH | (c.era() == Era.E6_6 ? ACCESS_NOTIFY : 0);
        }
        c.emit(Op.PTE_ACCESS_FLAGS, page, flags);
    }

    /** The level a kernel name works on (ptep_/pte_: a pte, pmdp_/pmd_: a pmd); the short names follow the page. */
    private static String level(String name) {
        if (name.startsWith("pmd") || name.equals("set_pmd_at")) {
            return "pmd";
        }
        return name.startsWith("pte") || name.startsWith("set_pte_at") ? "pte" : null;
    }

    private static boolean levelOk(CallSite c, int page) {
        String level = level(c.name());
        if (level == null) {
            return true;
        }
        boolean huge = c.hugePage(page);
        if (huge != level.equals("pmd")) {
            c.error(-1, c.name() + "() works on a " + level + ", but " + c.pageName(page)
                    + (huge ? " is a huge page (use the pmdp_/pmd_ form)" : " is mapped by a pte (use the ptep_/pte_ form)"));
            return false;
        }
        return true;
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        int lb = p.localBase(t);
        switch (in.op()) {
            case PTE_CLEAR -> clear(n, t, pc, in, out);
            case PTE_SET -> set(n, t, in, FrameFamily.frameOf(p, in.v().eval(n, lb), in, t, out), in.b() != 0, out);
            case PTE_WRPROTECT -> wrprotect(n, t, in, out);
            case PTE_SPECIAL -> special(n, t, in, out);
            case PTE_RESTORE -> restore(n, t, in, in.v().eval(n, lb), out);
            case REMOVE_MIGRATION -> removeMigration(n, t, in, out);
            default -> accessFlags(n, t, in, out);
        }
        return true;
    }

    private void requirePtl(int[] n, int t, Instr in, int page, StepOut out) {
        int ptl = p.pages().get(page).ptl();
        if (n[p.lock(ptl)] != t + 1) {
            out.violation(Rule.PTE_UPDATE_WITHOUT_PTL, t, in.span(), () -> p.threads().get(t).name()
                    + " changes the pte of " + names.page(page) + " without holding " + names.lock(ptl), page, -1);
        }
    }

    private void clear(int[] n, int t, int pc, Instr in, StepOut out) {
        int page = in.a();
        requirePtl(n, t, in, page, out);
        int old = n[p.pte(page)];
        out.set(n, p.pte(page), 0);
        if (in.dst() >= 0) {
            out.set(n, p.localBase(t) + in.dst(), old);         // pteval: the entry as the clear took it, dirty bit and all
        }
        rules.pteChanged(n, t, in, pc, page, old, (in.b() & 2) != 0, out);
        mirrors.rules().pteChanged(n, t, in, page, out);
        if (out.changes) {
            out.change(Change.Kind.PTE_CLEAR, page, Pte.present(old) ? Pte.frame(old) : -1, -1,
                    "pte " + names.page(page) + ": " + names.pte(old) + " -> none");
        }
        long mask = 1L << page;
        if ((in.b() & 1) != 0) {
            fx.cpuFlush(n, mask, out);
        }
        if ((in.b() & 2) != 0) {
            fx.notify(n, t, mask, out);
        }
    }

    private void set(int[] n, int t, Instr in, int frame, boolean writable, StepOut out) {
        int page = in.a();
        requirePtl(n, t, in, page, out);
        if (frame < 0) {
            return;
        }
        int bit = 1 << frame;
        for (int d : atsDevices) {
            int stale = n[p.mayCache(d, page)] & ~bit;
            if (stale != 0 && !sameContentReadOnly(n, d, page, stale, frame, writable)) {
                int old = Integer.numberOfTrailingZeros(stale);
                if ((stale & ~n[p.gatheredFrames()]) == 0) {
                    // kernel-notes §5.4: every stale frame waits in an mmu_gather (a zap of the
                    // user's: MADV_DONTNEED, munmap), to be freed after the flush that notifies;
                    // the CPUs' TLBs keep it as long. The user raced its own teardown.
                    out.violation(Rule.USER_RACE_TOLERATED, t, in.span(), () -> p.threads().get(t).name() + " points "
                            + names.page(page) + " at frame " + names.frame(frame) + " while " + names.device(d)
                            + " may still hold " + names.page(page) + " -> " + names.frame(old) + ", which an mmu_gather holds"
                            + " until its flush: a zap of the page raced by an access of the user's own (not CASE_B)", page, old);
                    continue;
                }
                out.violation(Rule.CASE_B, t, in.span(), () -> p.threads().get(t).name() + " points "
                        + names.page(page) + " at frame " + names.frame(frame) + " while " + names.device(d)
                        + " may still hold " + names.page(page) + " -> " + names.frame(old)
                        + ": the pte was not cleared and notified under the ptl since that translation was set", page, old);
            }
        }
        int old = n[p.pte(page)];
        int pte = Pte.make(frame, writable, false);
        out.set(n, p.pte(page), pte);
        // A frame that shows another value than the page's latest (a fresh zeroed page after a
        // zap, the uprobes copy with its breakpoint) counts as a write to the page: rules.pteChanged()
        // below (KernelRules.shown(), which also keeps a copy that lost a write from hiding it).
        mirrors.rules().pteChanged(n, t, in, page, out);
        for (int d : atsDevices) {
            if (n[p.released()] != 0) {
                break;                          // after mmu_notifier_release() no device translates for this mm
            }
            out.set(n, p.mayCache(d, page), n[p.mayCache(d, page)] | (bit));
            if (writable) {
                out.set(n, p.mayCacheWritable(d, page), n[p.mayCacheWritable(d, page)] | (bit));
            }
        }
        rules.pteChanged(n, t, in, page, old, out);
        if (out.changes) {
            out.change(Change.Kind.PTE_SET, page, frame, -1, "pte " + names.page(page) + ": " + names.pte(old) + " -> " + names.pte(pte));
        }
    }

    /**
     * The KSM exception: the new pte is read-only, every stale translation the device may hold is
     * read-only, and every stale frame holds the same content as the new one.
     */
    private boolean sameContentReadOnly(int[] n, int d, int page, int stale, int frame, boolean writable) {
        if (writable || (n[p.mayCacheWritable(d, page)] & stale) != 0) {
            return false;
        }
        int content = n[p.frameContent(frame)];
        for (int m = stale; m != 0; m &= m - 1) {
            if (n[p.frameContent(Integer.numberOfTrailingZeros(m))] != content) {
                return false;
            }
        }
        return true;
    }

    private void wrprotect(int[] n, int t, Instr in, StepOut out) {
        int page = in.a();
        requirePtl(n, t, in, page, out);
        int old = n[p.pte(page)];
        int pte = old & ~Pte.WRITE & ~Pte.DIRTY;
        out.set(n, p.pte(page), Pte.present(old) ? pte : old);
        rules.pteChanged(n, t, in, page, old, out);
        mirrors.rules().pteChanged(n, t, in, page, out);
        if (out.changes) {
            out.change(Change.Kind.PTE_PROTECT, page, Pte.present(old) ? Pte.frame(old) : -1, -1,
                    "pte " + names.page(page) + ": " + names.pte(old) + " -> " + names.pte(n[p.pte(page)]));
        }
    }

    private void special(int[] n, int t, Instr in, StepOut out) {
        int page = in.a();
        requirePtl(n, t, in, page, out);
        int f = FrameFamily.frameOf(p, in.v().eval(n, p.localBase(t)), in, t, out);
        if (f < 0) {
            return;
        }
        int kind = (in.b() & SPECIAL_SWAP) != 0 ? Pte.SWAP : Pte.MIGRATION;
        store(n, t, in, page, Pte.special(kind, f, (in.b() & SPECIAL_WRITABLE) != 0), out);
    }

    /** A store that does not go through set(): the rules that look at a pte change. */
    private void store(int[] n, int t, Instr in, int page, int pte, StepOut out) {
        int old = n[p.pte(page)];
        out.set(n, p.pte(page), pte);
        rules.pteChanged(n, t, in, page, old, out);
        mirrors.rules().pteChanged(n, t, in, page, out);
        if (out.changes) {
            out.change(Pte.present(old) ? Change.Kind.PTE_CLEAR : Change.Kind.PTE_SET, page,
                    Pte.present(old) ? Pte.frame(old) : -1, -1, "pte " + names.page(page) + ": " + names.pte(old) + " -> " + names.pte(pte));
        }
    }

    /** set_pte_at(P, e) with an entry read by ptep_get(): a present one is a store like any other. */
    private void restore(int[] n, int t, Instr in, int pte, StepOut out) {
        int page = in.a();
        if (Pte.present(pte)) {
            set(n, t, in, Pte.frame(pte), Pte.writable(pte), out);
            out.set(n, p.pte(page), n[p.pte(page)] | (pte & Pte.DIRTY));
            return;
        }
        requirePtl(n, t, in, page, out);
        store(n, t, in, page, pte, out);
    }

    private void removeMigration(int[] n, int t, Instr in, StepOut out) {
        int page = in.a();
        int pte = n[p.pte(page)];
        if (!Pte.migration(pte)) {
            requirePtl(n, t, in, page, out);
            return;
        }
        int g = FrameFamily.frameOf(p, in.v().eval(n, p.localBase(t)), in, t, out);
        if (g < 0) {
            return;
        }
        frames.getPage(n, t, in, g, out);
        set(n, t, in, g, Pte.writable(pte), out);
    }

    private void accessFlags(int[] n, int t, Instr in, StepOut out) {
        int page = in.a();
        int pte = n[p.pte(page)];
        if (!Pte.present(pte)) {
            requirePtl(n, t, in, page, out);
            return;
        }
        boolean writable = Pte.writable(pte) || (in.b() & ACCESS_WRITABLE) != 0;
        set(n, t, in, Pte.frame(pte), writable, out);
        out.set(n, p.pte(page), n[p.pte(page)] | ((pte & Pte.DIRTY) | (writable ? Pte.DIRTY : 0)));
        if ((in.b() & ACCESS_FLUSH) != 0) {
            fx.cpuFlush(n, 1L << page, out);
        }
        if ((in.b() & ACCESS_NOTIFY) != 0) {
            fx.notify(n, t, 1L << page, out);
        }
    }

    // ---- subscribers ----

    /** The secondary-TLB callbacks of the page a store notifies (ptep_clear_flush_notify(), 6.6's access-flags flush). */
    public static Calls calls(Instr in) {
        return switch (in.op()) {
            case PTE_CLEAR -> (in.b() & 2) != 0 ? Calls.secondaryTlb(Calls.Over.PAGE, in.a()) : null;
            case PTE_ACCESS_FLAGS -> (in.b() & ACCESS_NOTIFY) != 0 ? Calls.secondaryTlb(Calls.Over.PAGE, in.a()) : null;
            default -> null;
        };
    }

    // ---- footprint ----

    /**
     * In any state. The kernel paths' stores (swap and migration entries, restore,
     * ptep_set_access_flags()) declare every resource: their reads are not narrowed down yet.
     */
    public static void footprint(Program p, Instr in, Footprint fp) {
        int page = in.a();
        switch (in.op()) {
            case PTE_CLEAR -> {
                pteWrite(p, page, fp);
                if ((in.b() & 1) != 0) {
                    Footprint.cpuFlush(p, 1L << page, fp);
                }
                if ((in.b() & 2) != 0) {
                    Footprint.notify(p, 1L << page, fp);
                }
            }
            case PTE_SET -> {
                pteWrite(p, page, fp);
                for (int d : p.walkingDevices()) {
                    fp.mayCache(d, page, true, true);
                }
                // a frame that is not a copy of the page's latest data counts as a write to the page
                fp.version(page, true, true);
                for (int f : FrameFamily.candidates(p, in.v())) {
                    fp.frameData(f, true, true);
                }
                // KernelRules after a store of a new frame: a write-protect not yet propagated (the
                // may-cache sets; its mark lives with the pte), the copy state of the frames (kept
                // with their data, for LOST_WRITE) and whether the copy's source is still allocated
                for (int f = 0; f < p.frames().size(); f++) {
                    fp.frameData(f, true, true);
                    fp.frameRef(f, true, false);
                }
            }
            case PTE_WRPROTECT -> {
                pteWrite(p, page, fp);
                for (int d : p.walkingDevices()) {
                    fp.mayCache(d, page, true, false);     // KernelRules: a write-protect not yet propagated
                }
            }
            default -> fp.everything();
        }
    }

    /** In state s: a pte store of a frame knows the frame and the frames the devices may cache. */
    public static void footprint(Program p, int[] s, int t, Instr in, Footprint fp) {
        if (in.op() != Op.PTE_SET) {
            footprint(p, in, fp);
            return;
        }
        int page = in.a();
        pteWrite(p, page, fp);
        int mc = 0;
        for (int d : p.walkingDevices()) {
            fp.mayCache(d, page, true, true);
            mc |= s[p.mayCache(d, page)];
        }
        int v = in.v().eval(s, p.localBase(t));
        int set = v <= 0 || v > p.frames().size() ? -1 : v - 1;
        if (set >= 0) {
            // KernelRules: the new frame's value against the page's (a write when they differ)
            // and, for LOST_WRITE, the copy state of the frame and of its source
            fp.frameData(set, true, true);
            fp.version(page, true, true);
            if (p.kernel().copyTracking()) {
                int src = (s[p.copySource(set)] & 0xff) - 1;
                if (src >= 0) {
                    fp.frameData(src, true, false);
                    fp.frameRef(src, true, false);
                }
            }
        }
        if (in.b() == 0) {
            // the KSM exception compares the content of the new frame with the stale ones
            if (set >= 0) {
                mc |= 1 << set;
            }
            for (int m = mc; m != 0; m &= m - 1) {
                fp.frameData(Integer.numberOfTrailingZeros(m), true, false);
            }
        }
    }

    /** A pte store: the pte, and the software mirrors' entries it is judged against (STALE_MIRROR). */
    private static void pteWrite(Program p, int page, Footprint fp) {
        fp.pte(page, true, true);
        for (int d : p.softwareDevices()) {
            fp.deviceTlb(d, page, true, false);
        }
    }

    // ---- source ----

    /** The clears, which give the old entry to a local when the call assigns it ({@code pteval = ptep_clear_flush(P)}). */
    public static boolean givesOldPte(String canon) {
        return canon.equals("clear") || canon.equals("clear_flush") || canon.equals("clear_flush_notify");
    }

    /** The statement that lowers to in: frame is its value operand written as a frame (or null). */
    public static String source(Program p, Instr in, String frame) {
        return source(p, in, frame, "");
    }

    /** The same, dst being how the local a clear gives the old entry to is written ("" when none). */
    public static String source(Program p, Instr in, String frame, String dst) {
        String page = p.pages().get(in.a()).name();
        int b = in.b();
        String assign = in.op() == Op.PTE_CLEAR && in.dst() >= 0 && !dst.isEmpty() ? dst + " = " : "";
        return assign + switch (in.op()) {
            case PTE_CLEAR -> switch (b) {
                case 0 -> (p.pages().get(in.a()).huge() ? "pmdp_huge_get_and_clear(" : "ptep_get_and_clear(") + page + ")";
                case 1 -> "clear_flush(" + page + ")";
                default -> (p.era() == Era.E4_15 ? "clear_flush_notify(" : "clear_flush(") + page + ")";
            };
            case PTE_SET -> "set_pte(" + page + ", " + frame + ", " + (b != 0 ? "rw" : "ro") + ")";
            case PTE_WRPROTECT -> "wrprotect(" + page + ")";
            case PTE_SPECIAL -> (b & SPECIAL_SWAP) != 0 ? "set_swap_pte(" + page + ", " + frame + ")"
                    : "set_migration_pte(" + page + ", " + frame + ", " + ((b & SPECIAL_WRITABLE) != 0 ? "rw" : "ro") + ")";
            case PTE_RESTORE -> (p.pages().get(in.a()).huge() ? "set_pmd_at(" : "set_pte_at(") + page + ", " + frame + ")";
            case REMOVE_MIGRATION -> "remove_migration_pte(" + page + ", " + frame + ")";
            default -> "ptep_set_access_flags(" + page + ", " + ((b & ACCESS_WRITABLE) != 0 ? "rw" : "ro") + ")";
        };
    }
}
