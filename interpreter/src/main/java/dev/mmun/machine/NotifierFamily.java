package dev.mmun.machine;

import java.util.List;

/**
 * The notifier calls: the core's side of the mmu_notifier API that kernel paths call
 * (mmu_notifier_invalidate_range_start/_nonblock/end/only_end, the era's secondary-TLB
 * invalidation, mmu_notifier_release). Everything they mean is here: lowering (the era decides
 * which exist and whether the end notifies), effect (the thread's stack of running invalidations,
 * the built-in subscribers' callbacks, the rules of pairing and sleeping), footprint, source form
 * and the lines that document them.
 *
 * <p>Operands: NOTIFY a = range. INV_START a = range, b = 1 blockable, dst = the local that gets
 * the non-blocking start's result (0 or -EAGAIN), or -1. INV_END a = range, b = 1 when the end
 * also notifies the secondary TLBs (era 4.15's end, not its only_end). RELEASE no operand.
 */
public final class NotifierFamily {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("invalidate_range_start", List.of("mmu_notifier_invalidate_range_start", "invalidate_range_start"),
                    "mmu_notifier_invalidate_range_start(R)", false,
                    "starts an invalidation of R (blockable: it may sleep); the subscribers' start callbacks run"),
            new Primitive("start_nonblock", List.of("mmu_notifier_invalidate_range_start_nonblock"),
                    "ret = mmu_notifier_invalidate_range_start_nonblock(R)", false,
                    "the same, not blockable (the OOM reaper's); ret is 0, or -11 (-EAGAIN) when a subscriber could not start: then no end"),
            new Primitive("invalidate_range_end", List.of("mmu_notifier_invalidate_range_end", "invalidate_range_end"),
                    "mmu_notifier_invalidate_range_end(R)", false,
                    "ends the thread's invalidation of R; in era 4.15 it also notifies the secondary TLBs of R"),
            new Primitive("only_end", List.of("mmu_notifier_invalidate_range_only_end", "invalidate_range_only_end"),
                    "mmu_notifier_invalidate_range_only_end(R)", false,
                    "era 4.15 only: the end without the notify (the caller notified under the ptl)"),
            new Primitive("invalidate_range", List.of("mmu_notifier_invalidate_range", "invalidate_range"),
                    "mmu_notifier_invalidate_range(R)", false,
                    "era 4.15 only: notifies the secondary TLBs of R (`->invalidate_range()`)"),
            new Primitive("arch_invalidate_secondary_tlbs", List.of("mmu_notifier_arch_invalidate_secondary_tlbs",
                    "arch_invalidate_secondary_tlbs"), "mmu_notifier_arch_invalidate_secondary_tlbs(R)", false,
                    "era 6.6 only: notifies the secondary TLBs of R (`->arch_invalidate_secondary_tlbs()`)"),
            new Primitive("release", List.of("mmu_notifier_release"), "mmu_notifier_release()", false,
                    "every ATS device drops all and stops translating for the mm: its later accesses fault"));

    private final Program p;
    private final Describe names;
    private final Effects fx;
    private final MirrorEffects mirrors;
    private final LockFamily locks;
    private final KernelRules rules;
    private final LibraryCallbacks library;

    NotifierFamily(Program p, Describe names, Effects fx, MirrorEffects mirrors, LockFamily locks, KernelRules rules,
            LibraryCallbacks library) {
        this.p = p;
        this.names = names;
        this.fx = fx;
        this.mirrors = mirrors;
        this.locks = locks;
        this.rules = rules;
        this.library = library;
    }

    // ---- lowering ----

    /** Lowers a call of one of the family's primitives, canon being its canonical name. */
    public static void lower(String canon, CallSite c) {
        Era era = c.era();
        switch (canon) {
            case "release" -> {
                if (c.arity(0)) {
                    c.emit(Op.RELEASE, 0, 0);
                }
            }
            case "invalidate_range", "arch_invalidate_secondary_tlbs" -> {
                if (canon.equals("invalidate_range") != (era == Era.E4_15)) {
                    c.error(-1, c.name() + "() does not exist in era " + era.version()
                            + (era == Era.E6_6 ? ": use mmu_notifier_arch_invalidate_secondary_tlbs()"
                            : ": use mmu_notifier_invalidate_range()"));
                    return;
                }
                int r = c.arity(1) ? c.range(0) : -1;
                if (r >= 0) {
                    c.emit(Op.NOTIFY, r, 0);
                }
            }
            case "invalidate_range_start", "start_nonblock" -> {
                int r = c.args() >= 1 && c.args() <= 3 ? c.range(0) : arity(c);
                Val eventOwner = eventOwner(c);
                if (r >= 0 && eventOwner != BAD) {
                    c.emit(Op.INV_START, r, canon.equals("start_nonblock") ? 0 : 1, eventOwner, null);
                }
            }
            default -> {
                if (canon.equals("only_end") && era == Era.E6_6) {
                    c.error(-1, c.name() + "() does not exist in era 6.6: use mmu_notifier_invalidate_range_end()");
                    return;
                }
                int r = c.args() >= 1 && c.args() <= 3 ? c.range(0) : arity(c);
                Val eventOwner = eventOwner(c);
                if (r >= 0 && eventOwner != BAD) {
                    c.emit(Op.INV_END, r, canon.equals("invalidate_range_end") && era.endNotifies() ? 1 : 0, eventOwner, null);
                }
            }
        }
    }

    /** The event names a start or end may give, in the order of the kernel's enum mmu_notifier_event. */
    public static final List<String> EVENTS = List.of("MMU_NOTIFY_UNMAP", "MMU_NOTIFY_CLEAR", "MMU_NOTIFY_PROTECTION_VMA",
            "MMU_NOTIFY_PROTECTION_PAGE", "MMU_NOTIFY_SOFT_DIRTY", "MMU_NOTIFY_RELEASE", "MMU_NOTIFY_MIGRATE", "MMU_NOTIFY_EXCLUSIVE");
    private static final Val BAD = new Val.Const(-1);

    private static int arity(CallSite c) {
        c.arity(1);
        return -1;
    }

    /**
     * A start's or end's optional event and owner (mmu_notifier_range_init_owner()): as v, event |
     * (owner device + 1) << 8, for the subscribers' callbacks (r.event, r.owner); null when not given.
     */
    private static Val eventOwner(CallSite c) {
        if (c.args() < 2) {
            return null;
        }
        Val event = c.value(1);
        if (!(event instanceof Val.Const e) || e.value() < 0 || e.value() >= EVENTS.size()) {
            c.error(1, "the event is one of " + String.join(", ", EVENTS));
            return BAD;
        }
        int owner = 0;
        if (c.args() == 3) {
            owner = c.deviceOrNull(2);
            if (owner < 0) {
                return BAD;
            }
        }
        return new Val.Const(e.value() | owner << 8);
    }

    // ---- effect ----

    /** Applies one of the family's instructions; false when the thread must wait (a callback's lock is held). */
    boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        switch (in.op()) {
            case NOTIFY -> fx.notify(n, t, p.ranges().get(in.a()).pages(), out);
            case INV_START -> {
                return start(n, t, pc, in, out);
            }
            case INV_END -> {
                return end(n, t, in, out);
            }
            case RELEASE -> {
                return release(n, t, in, out);
            }
            default -> throw new IllegalStateException("not a notifier call: " + in.op());
        }
        return true;
    }

    private boolean start(int[] n, int t, int pc, Instr in, StepOut out) {
        boolean blockable = in.b() != 0;
        if (out.changes) {
            out.change(Change.Kind.INV_START, -1, -1, -1, "invalidate " + names.range(in.a()) + " starts");
        }
        int result = libraryStart(n, t, in, blockable, out);
        if (result == LibraryCallbacks.BLOCKED) {
            return false;
        }
        if (in.dst() >= 0) {
            out.set(n, p.localBase(t) + in.dst(), result);
        }
        if (blockable && locks.holdsSpinlock(n, t)) {
            out.violation(new Violation(Rule.SLEEP_IN_ATOMIC, t, in.span(), p.threads().get(t).name()
                    + " calls mmu_notifier_invalidate_range_start(), which may sleep, while holding " + locks.heldSpinlock(n, t), -1, -1));
        }
        int depthSlot = p.invDepth(t);
        int depth = n[depthSlot];
        if (depth >= p.threads().get(t).maxInvalidations()) {
            throw new IllegalStateException("invalidation stack overflow");
        }
        boolean failed = result == MirrorEffects.EAGAIN;
        out.set(n, p.invSlot(t, depth), in.a() | (blockable ? 1 << 16 : 0) | (failed ? MirrorEffects.FAILED : 0));
        out.set(n, p.invSlot(t, depth) + 1, pc);
        out.set(n, depthSlot, depth + 1);
        return true;
    }

    /**
     * invalidate_range_start()'s library callbacks (the device kinds'): the interval tree first
     * (mn_itree_invalidate(): the mm's seq turns odd, each interval the range hits is invalidated;
     * one that returns false stops the start, the core ends the interval side itself and no raw
     * subscriber is called), then the raw subscribers' starts. Returns 0, -EAGAIN, or BLOCKED
     * when a callback must wait for a lock (then the whole step waits).
     */
    private int libraryStart(int[] n, int t, Instr in, boolean blockable, StepOut out) {
        if (!mirrors.hasIntervals() && !library.any(SubscriberFamily.START)) {
            return 0;
        }
        long mask = p.ranges().get(in.a()).pages();
        int event = event(in);
        int owner = owner(in);
        if (mirrors.hasIntervals()) {
            out.set(n, p.itreeActive(), n[p.itreeActive()] + 1);
            for (Program.LibraryCallback cb : library.of(SubscriberFamily.INTERVAL)) {
                if ((cb.pages() & mask) == 0) {        // released or not: the intervals stay in the tree
                    continue;
                }
                out.set(n, p.itreeSeq(), n[p.itreeSeq()] | (1));
                int ok = library.run(n, t, cb, mask, event, owner, blockable, n[p.itreeSeq()], out);
                if (ok == LibraryCallbacks.BLOCKED) {
                    return ok;
                }
                if (ok == 0) {
                    mirrors.itreeEnd(n, out);
                    if (out.changes) {
                        out.change(Change.Kind.NOTIFY, -1, -1, cb.device(), names.device(cb.device())
                                + ": ->invalidate() returns false; the start fails with -EAGAIN");
                    }
                    return MirrorEffects.EAGAIN;
                }
            }
        }
        int failed = 0;
        for (Program.LibraryCallback cb : library.of(SubscriberFamily.START)) {
            if (n[p.released()] != 0) {
                break;
            }
            int ret = library.run(n, t, cb, mask, event, owner, blockable, 0, out);
            if (ret == LibraryCallbacks.BLOCKED) {
                return ret;
            }
            failed |= ret;
        }
        return failed != 0 ? MirrorEffects.EAGAIN : 0;
    }

    private static int event(Instr in) {
        return in.v() instanceof Val.Const c ? c.value() & 0xff : LibraryCallbacks.Callback.CLEAR;
    }

    private static int owner(Instr in) {
        return in.v() instanceof Val.Const c ? c.value() >> 8 : 0;
    }

    private boolean end(int[] n, int t, Instr in, StepOut out) {
        int depthSlot = p.invDepth(t);
        int depth = n[depthSlot];
        String who = p.threads().get(t).name();
        if (depth == 0) {
            out.violation(new Violation(Rule.UNPAIRED_INVALIDATE, t, in.span(), who
                    + " ends an invalidation of " + names.range(in.a()) + " it never started", -1, -1));
        } else {
            int found = -1;
            for (int i = depth - 1; i >= 0; i--) {
                if ((n[p.invSlot(t, i)] & 0xffff) == in.a()) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                found = depth - 1;
                out.violation(new Violation(Rule.RANGE_MISMATCH, t, in.span(), who + " ends the invalidation of "
                        + names.range(n[p.invSlot(t, found)] & 0xffff) + " with the range " + names.range(in.a()), -1, -1));
            }
            if ((n[p.invSlot(t, found)] & MirrorEffects.FAILED) != 0) {
                out.violation(new Violation(Rule.END_AFTER_FAILED_START, t, in.span(), who + " ends the invalidation of "
                        + names.range(in.a()) + ", but its non-blocking start failed with -EAGAIN: the subscribers that had started"
                        + " were ended by the core already, so this end unbalances them", -1, -1));
            }
            boolean blockable = (n[p.invSlot(t, found)] & (1 << 16)) != 0;
            if (blockable && locks.holdsSpinlock(n, t)) {
                out.violation(new Violation(Rule.SLEEP_IN_ATOMIC, t, in.span(), who
                        + " calls mmu_notifier_invalidate_range_end(), which may sleep, while holding " + locks.heldSpinlock(n, t), -1, -1));
            }
            for (int i = found; i < depth - 1; i++) {
                out.set(n, p.invSlot(t, i), n[p.invSlot(t, i + 1)]);
                out.set(n, p.invSlot(t, i) + 1, n[p.invSlot(t, i + 1) + 1]);
            }
            out.set(n, p.invSlot(t, depth - 1), 0);
            out.set(n, p.invSlot(t, depth - 1) + 1, 0);
            out.set(n, depthSlot, depth - 1);
        }
        if (out.changes) {
            out.change(Change.Kind.INV_END, -1, -1, -1, "invalidate " + names.range(in.a()) + " ends");
        }
        long mask = p.ranges().get(in.a()).pages();
        if (mirrors.hasIntervals()) {
            int before = n[p.itreeSeq()];
            mirrors.itreeEnd(n, out);
            if (out.changes && before != n[p.itreeSeq()]) {
                out.change(Change.Kind.INV_END, -1, -1, -1, "interval seq " + before + " -> " + n[p.itreeSeq()]);
            }
        }
        if (n[p.released()] == 0) {
            for (Program.LibraryCallback cb : library.of(SubscriberFamily.END)) {
                if (library.run(n, t, cb, mask, event(in), owner(in), true, 0, out) == LibraryCallbacks.BLOCKED) {
                    return false;
                }
            }
        }
        if (in.b() != 0) {
            fx.notify(n, t, mask, out);
        }
        rules.invalidationEnded(n, t, in, mask, out);
        fx.kernel().invalidationEnded(n, t, mask, out);
        return true;
    }

    /**
     * mmu_notifier_release(): each library notifier's ->release() (the ats kind's unbinds its
     * device: it translates nothing for this mm again); the subscriptions are gone after it. The
     * library's intervals are not invalidated here (the mirror kind keeps its entries, as it
     * always did; mn_itree_release() is not modelled).
     */
    private boolean release(int[] n, int t, Instr in, StepOut out) {
        if (n[p.released()] == 0) {
            if (mirrors.hasIntervals() && library.any(SubscriberFamily.INTERVAL)) {
                // mn_itree_release(): every interval's ->invalidate() over 0..ULONG_MAX, blockable,
                // event MMU_NOTIFY_RELEASE (its result is only WARNed on), then mn_itree_inv_end()
                out.set(n, p.itreeActive(), n[p.itreeActive()] + 1);
                for (Program.LibraryCallback cb : library.of(SubscriberFamily.INTERVAL)) {
                    out.set(n, p.itreeSeq(), n[p.itreeSeq()] | (1));
                    if (library.run(n, t, cb, fx.allPages(), LibraryCallbacks.Callback.RELEASE, 0, true, n[p.itreeSeq()], out)
                            == LibraryCallbacks.BLOCKED) {
                        return false;
                    }
                }
                mirrors.itreeEnd(n, out);
            }
            for (Program.LibraryCallback cb : library.of(SubscriberFamily.RELEASE)) {
                if (library.run(n, t, cb, fx.allPages(), LibraryCallbacks.Callback.RELEASE, 0, true, 0, out) == LibraryCallbacks.BLOCKED) {
                    return false;
                }
            }
        }
        out.set(n, p.released(), 1);
        if (out.changes) {
            out.change(Change.Kind.NOTIFY, -1, -1, -1, "mmu_notifier_release: secondary TLBs stop translating for this mm");
        }
        return true;
    }

    /**
     * At the end of thread t's run: each invalidation it started and never ended is
     * UNPAIRED_INVALIDATE (a failed non-blocking start must not be ended, so it is not).
     */
    void threadExit(int[] n, int t, StepOut out) {
        int depth = n[p.invDepth(t)];
        for (int i = 0; i < depth; i++) {
            if ((n[p.invSlot(t, i)] & MirrorEffects.FAILED) != 0) {
                continue;
            }
            int startPc = n[p.invSlot(t, i) + 1];
            Instr start = p.threads().get(t).code()[startPc];
            out.violation(new Violation(Rule.UNPAIRED_INVALIDATE, t, start.span(), p.threads().get(t).name()
                    + " finished without mmu_notifier_invalidate_range_end() for its start of "
                    + names.range(n[p.invSlot(t, i)] & 0xffff), -1, -1));
        }
    }

    // ---- subscribers ----

    /**
     * The script's subscribers' callbacks the call runs (lower/Callbacks inlines them): its range,
     * and for a start or end its event and owner; a start says whether it may block, an end whether
     * the era's end calls the secondary-TLB callbacks first (4.15's invalidate_range_end()).
     */
    public static Calls calls(Instr in) {
        return switch (in.op()) {
            case NOTIFY -> Calls.secondaryTlb(Calls.Over.RANGE, in.a());
            case INV_START -> new Calls(Calls.Kind.START, Calls.Over.RANGE, in.a(), in.b() != 0, false, event(in), owner(in), null, null);
            case INV_END -> new Calls(Calls.Kind.END, Calls.Over.RANGE, in.a(), false, in.b() != 0, event(in), owner(in), null, null);
            case RELEASE -> new Calls(Calls.Kind.RELEASE, Calls.Over.WHOLE, 0, true, false, event(in), owner(in), null, null);
            default -> null;
        };
    }

    // ---- footprint ----

    /**
     * What an instruction reads and writes. A notify reads the range's ptes and writes the walking
     * devices' entries and may-cache sets. With software mirrors, a start or end runs their
     * callbacks (locks, counters, entries, every thread's running invalidations: state that has no
     * resource of its own), so it declares everything; release writes the mm's released mark (the
     * same). In era 4.15 the end is the deadline of the thread's write-protects of its range
     * (KernelRules): it reads and writes the range's ptes (their marks) and reads the may-cache sets.
     */
    public static void footprint(Program p, Instr in, Footprint fp) {
        switch (in.op()) {
            case NOTIFY -> notify(p, p.ranges().get(in.a()).pages(), fp);
            case INV_START -> {
                if (p.hasSoftwareMirrors()) {
                    fp.everything();
                } else {
                    library(p, SubscriberFamily.START, p.ranges().get(in.a()).pages(), fp);
                }
            }
            case INV_END -> {
                if (p.hasSoftwareMirrors()) {
                    fp.everything();
                }
                long range = p.ranges().get(in.a()).pages();
                library(p, SubscriberFamily.END, range, fp);
                if (in.b() != 0) {
                    notify(p, range, fp);
                }
                if (p.era() == Era.E4_15) {
                    for (long m = range; m != 0; m &= m - 1) {
                        int pg = Long.numberOfTrailingZeros(m);
                        fp.pte(pg, true, true);
                        for (int d = 0; d < p.devices().size(); d++) {
                            if (p.devices().get(d).walksPageTable()) {
                                fp.mayCache(d, pg, true, false);
                            }
                        }
                    }
                }
            }
            default -> fp.everything();
        }
    }

    /**
     * What the library's callbacks of a kind do over mask: a flush of the range declares its
     * device's entries (as the document's notify does); anything else, everything.
     */
    private static void library(Program p, int kind, long mask, Footprint fp) {
        for (Program.LibraryCallback cb : p.library()) {
            if (cb.kind() != kind) {
                continue;
            }
            for (Instr in : cb.code()) {
                if (in.op().local()) {
                    continue;
                }
                if (in.op() != Op.DEV_FLUSH || in.b() != p.libraryRange()) {
                    fp.everything();
                    return;
                }
                boolean walks = p.devices().get(in.a()).walksPageTable();
                for (long m = mask; m != 0; m &= m - 1) {
                    int pg = Long.numberOfTrailingZeros(m);
                    fp.deviceTlb(in.a(), pg, false, true);
                    if (walks) {
                        fp.pte(pg, true, false);
                        fp.mayCache(in.a(), pg, true, true);
                    }
                }
            }
        }
    }

    private static void notify(Program p, long mask, Footprint fp) {
        for (long m = mask; m != 0; m &= m - 1) {
            int pg = Long.numberOfTrailingZeros(m);
            fp.pte(pg, true, false);
            for (int d = 0; d < p.devices().size(); d++) {
                if (p.devices().get(d).walksPageTable()) {
                    fp.deviceTlb(d, pg, false, true);
                    fp.mayCache(d, pg, true, true);
                }
            }
        }
    }

    // ---- source ----

    private static String eventOwner(Program p, Instr in) {
        if (!(in.v() instanceof Val.Const c)) {
            return "";
        }
        int owner = c.value() >> 8;
        return ", " + EVENTS.get(c.value() & 0xff) + (owner == 0 ? "" : ", " + p.devices().get(owner - 1).name());
    }

    /** The statement that lowers to in, dst being how its local is written ("" when none). */
    public static String source(Program p, Instr in, String dst) {
        String range = in.op() == Op.RELEASE ? "" : p.ranges().get(in.a()).text();
        return switch (in.op()) {
            case NOTIFY -> (p.era() == Era.E4_15 ? "mmu_notifier_invalidate_range(" : "mmu_notifier_arch_invalidate_secondary_tlbs(")
                    + range + ")";
            case INV_START -> in.b() != 0 ? "mmu_notifier_invalidate_range_start(" + range + eventOwner(p, in) + ")"
                    : (dst.isEmpty() ? "" : dst + " = ") + "mmu_notifier_invalidate_range_start_nonblock(" + range + eventOwner(p, in) + ")";
            case INV_END -> (p.era() == Era.E4_15 && in.b() == 0 ? "mmu_notifier_invalidate_range_only_end("
                    : "mmu_notifier_invalidate_range_end(") + range + eventOwner(p, in) + ")";
            case RELEASE -> "mmu_notifier_release()";
            default -> throw new IllegalStateException("not a notifier call: " + in.op());
        };
    }
}
