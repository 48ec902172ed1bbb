package dev.mmun.machine;

import java.util.List;

/**
 * The subscribers' side: what a notifier callback written in a script does (flush its device's
 * TLB, set its interval's sequence, sleep, try a lock) and the core's steps around the callbacks
 * (looking a subscription up before calling it, and the result of a non-blocking start). The
 * callbacks' bodies are inlined at each call of the notifier (check's Callbacks); everything the
 * instructions here mean is in this file: lowering, effect, footprint, source form, doc lines.
 *
 * <p>Operands: DEV_FLUSH a = device, b = range (-1: every page). SET_SEQ a = device, v = the seq.
 * SLEEP b = why the context cannot sleep ({@link #CAN_SLEEP} when it can). TRYLOCK a = lock, dst.
 * SUB_CALL a = subscriber, b = callback kind, dst = the local that says whether it runs (for an
 * interval: its cur_seq, else 1; 0 when it does not run). SUB_RESULT a = range, b = flags, v = the
 * callbacks' failure (non-zero: -EAGAIN), dst = the start's result local.
 */
public final class SubscriberFamily {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("device_tlb_flush", List.of("device_tlb_flush"), "device_tlb_flush(D, R)", false,
                    "device D drops its entries for R; an `ats` device then may cache only what the ptes hold now"),
            new Primitive("device_tlb_flush_all", List.of("device_tlb_flush_all"), "device_tlb_flush_all(D)", false,
                    "the same for every page"),
            new Primitive("device_unbind", List.of("device_unbind"), "device_unbind(D)", false,
                    "device D stops translating for the mm (the driver tears its PASID or context down): it holds and may cache nothing"),
            new Primitive("mmu_interval_set_seq", List.of("mmu_interval_set_seq"), "mmu_interval_set_seq(S, seq)", false,
                    "interval S's sequence becomes seq (`cur_seq` of its `invalidate()`): `mmu_interval_read_retry()` sees the collision"),
            new Primitive("might_sleep", List.of("might_sleep"), "might_sleep()", false,
                    "the thread may sleep here (a fence wait, I/O): SLEEP_IN_ATOMIC in a context that cannot"),
            new Primitive("trylock", List.of("mutex_trylock", "spin_trylock"), "ok = mutex_trylock(M)", true,
                    "takes M when it is free (ok = 1), else ok = 0; never waits"),
            new Primitive("kvm_active_inc", List.of("mn_active_invalidate_count_inc"), "mn_active_invalidate_count_inc(K)", false,
                    "kvm: KVM's start counts the invalidation (`kvm->mn_active_invalidate_count++`, under `mn_invalidate_lock`)"),
            new Primitive("kvm_active_dec", List.of("mn_active_invalidate_count_dec"), "mn_active_invalidate_count_dec(K)", false,
                    "kvm: its end uncounts it"),
            new Primitive("kvm_begin", List.of("kvm_mmu_invalidate_begin"), "kvm_mmu_invalidate_begin(K, R)", false,
                    "kvm: `mmu_invalidate_in_progress++`, R joins the range in progress (it restarts at R from 0); under `mmu_lock`"),
            new Primitive("kvm_end", List.of("kvm_mmu_invalidate_end"), "kvm_mmu_invalidate_end(K)", false,
                    "kvm: `mmu_invalidate_seq++`, `mmu_invalidate_in_progress--`; under `mmu_lock`"),
            new Primitive("kvm_has_memslot", List.of("kvm_range_has_memslot"), "s = kvm_range_has_memslot(K, R)", true,
                    "kvm: 1 when a memslot overlaps R (`kvm_handle_hva_range()` finds one: only then KVM's callbacks take `mmu_lock`)"));

    /** KVM_NOTIFY b: what KVM's callbacks do to its fields (MirrorEffects.kvmNotify); v = the range, for 2 and 4. */
    public static final int KVM_ACTIVE_INC = 0;
    public static final int KVM_ACTIVE_DEC = 1;
    public static final int KVM_BEGIN = 2;
    public static final int KVM_END = 3;
    public static final int KVM_HAS_MEMSLOT = 4;

    /** Callback kinds (SUB_CALL b). */
    public static final int START = 0;
    public static final int END = 1;
    public static final int SECONDARY_TLB = 2;
    public static final int RELEASE = 3;
    public static final int INTERVAL = 4;

    /** SLEEP b: the context may sleep; or why it cannot. */
    public static final int CAN_SLEEP = 0;
    public static final int NONBLOCK = 1;
    public static final int SECONDARY_TLB_CONTEXT = 2;

    /** SUB_RESULT b flags: an interval failed (the core ends the interval side itself); after release's intervals. */
    public static final int ITREE_FAILED = 1;
    public static final int RELEASE_ITREE = 2;

    /** DEV_FLUSH b: every page (device_tlb_flush_all), or the device stops translating (device_unbind). */
    public static final int ALL = -1;
    public static final int UNBIND = -2;

    /** -EAGAIN. */
    public static final int EAGAIN = -11;

    private static final String[] KINDS = {"invalidate_range_start", "invalidate_range_end", "secondary-TLB", "release", "invalidate"};

    private final Program p;
    private final Describe names;
    private final LockFamily locks;
    private final MirrorEffects mirrors;

    SubscriberFamily(Program p, Describe names, LockFamily locks, MirrorEffects mirrors) {
        this.p = p;
        this.names = names;
        this.locks = locks;
        this.mirrors = mirrors;
    }

    // ---- lowering ----

    /** Lowers a call of one of the family's primitives, canon being its canonical name. */
    public static void lower(String canon, CallSite c) {
        if (canon.startsWith("kvm_")) {
            kvm(canon, c);
            return;
        }
        switch (canon) {
            case "device_tlb_flush" -> {
                if (c.arity(2)) {
                    int d = c.device(0);
                    int r = c.range(1);
                    if (d >= 0 && r >= 0) {
                        c.emit(Op.DEV_FLUSH, d, r);
                    }
                }
            }
            case "device_tlb_flush_all" -> {
                if (c.arity(1)) {
                    int d = c.device(0);
                    if (d >= 0) {
                        c.emit(Op.DEV_FLUSH, d, ALL);
                    }
                }
            }
            case "device_unbind" -> {
                if (c.arity(1)) {
                    int d = c.device(0);
                    if (d >= 0) {
                        c.emit(Op.DEV_FLUSH, d, UNBIND);
                    }
                }
            }
            case "mmu_interval_set_seq" -> {
                if (c.arity(2)) {
                    int d = c.device(0);
                    if (d >= 0 && !c.intervalDevice(d)) {
                        c.error(0, "mmu_interval_set_seq() takes an interval subscriber (or its mirror device)");
                        return;
                    }
                    if (d >= 0) {
                        c.emit(Op.SET_SEQ, d, 0, c.value(1), null);
                    }
                }
            }
            case "might_sleep" -> {
                if (c.arity(0)) {
                    c.emit(Op.SLEEP, 0, c.sleepContext());
                }
            }
            default -> {
                if (c.arity(1)) {
                    int l = c.lock(0);
                    if (l == CallSite.NOT_A_LOCK) {
                        c.error(0, c.name() + "() takes a lock: a declared spinlock or mutex, or a device's lock");
                    } else if (l >= 0) {
                        c.emit(Op.TRYLOCK, l, 0);
                    }
                }
            }
        }
    }

    /** KVM's callbacks' own steps: on a kvm device, the range (when they take one) a callback's r or any range. */
    private static void kvm(String canon, CallSite c) {
        boolean ranged = canon.equals("kvm_begin") || canon.equals("kvm_has_memslot");
        if (!c.arity(ranged ? 2 : 1)) {
            return;
        }
        int d = c.device(0);
        if (d < 0) {
            return;
        }
        if (!c.deviceDecl(d).kvm()) {
            c.error(0, c.name() + "() works on a kvm device, but " + c.deviceDecl(d).name() + " is " + c.deviceDecl(d).kind());
            return;
        }
        int r = ranged ? c.range(1) : 0;
        if (r < 0) {
            return;
        }
        int what = switch (canon) {
            case "kvm_active_inc" -> KVM_ACTIVE_INC;
            case "kvm_active_dec" -> KVM_ACTIVE_DEC;
            case "kvm_begin" -> KVM_BEGIN;
            case "kvm_end" -> KVM_END;
            default -> KVM_HAS_MEMSLOT;
        };
        c.emit(Op.KVM_NOTIFY, d, what, ranged ? new Val.Const(r) : null, null);
    }

    // ---- effect ----

    boolean apply(int[] n, int t, Instr in, StepOut out) {
        int lb = t >= 0 ? p.localBase(t) : -1;      // a library callback of an mmu_gather's flush runs in no thread
        switch (in.op()) {
            case DEV_FLUSH -> flush(n, in.a(), in.b() < 0 ? all() : pages(in.b(), out), in.b() == UNBIND,
                    out.notifying && in.b() >= 0 && in.b() == p.libraryRange(), out);
            case SET_SEQ -> {
                int seq = in.v().eval(n, lb);
                out.set(n, p.mirrorSeq(in.a()), seq);
                if (out.changes) {
                    out.change(Change.Kind.NOTIFY, -1, -1, in.a(), names.device(in.a()) + ": mmu_interval_set_seq(" + seq + ")");
                }
            }
            case SLEEP -> sleep(n, t, in, in.b(), out);
            case TRYLOCK -> {
                int l = in.a();
                boolean free = n[p.lock(l)] == 0;
                if (free) {
                    out.set(n, p.lock(l), t + 1);
                }
                out.set(n, lb + in.dst(), free ? 1 : 0);
                if (out.changes) {
                    out.change(free ? Change.Kind.LOCK : Change.Kind.LOCAL, -1, -1, -1,
                            (free ? "lock " : "trylock fails: held ") + names.lock(l));
                }
            }
            case SUB_CALL -> out.set(n, lb + in.dst(), call(n, t, in, out));
            case SUB_RESULT -> result(n, t, in, in.v().eval(n, lb) != 0, out);
            case KVM_NOTIFY -> mirrors.kvmNotify(n, t, in, in.v() == null ? 0 : pages(in.v().eval(n, lb), out), out);
            default -> throw new IllegalStateException("not a subscriber op: " + in.op());
        }
        return true;
    }

    /**
     * The pages of range r; the library's callbacks name their range parameter {@link Program#libraryRange()},
     * whose pages only the call knows (the flushes of an mmu_gather): the caller put them in out.
     */
    private long pages(int r, StepOut out) {
        return r == p.libraryRange() ? out.calledOver : p.ranges().get(r).pages();
    }

    /** A context that cannot sleep reaches a sleep: the callback's (static) or a spinlock's. */
    void sleep(int[] n, int t, Instr in, int context, StepOut out) {
        String who = p.threads().get(t).name();
        if (context != CAN_SLEEP) {
            out.violation(new Violation(Rule.SLEEP_IN_ATOMIC, t, in.span(), who + " may sleep in " + context(context), -1, -1));
        } else if (locks.holdsSpinlock(n, t)) {
            out.violation(new Violation(Rule.SLEEP_IN_ATOMIC, t, in.span(), who + " may sleep while holding "
                    + locks.heldSpinlock(n, t), -1, -1));
        }
    }

    /** Why a callback cannot sleep. */
    public static String context(int context) {
        return context == NONBLOCK ? "a callback of a non-blocking invalidation (it must return -EAGAIN / false instead)"
                : "a secondary-TLB callback (it runs under the ptl or in the arch TLB flush)";
    }

    private long all() {
        return p.pages().size() == 64 ? -1L : (1L << p.pages().size()) - 1;
    }

    /** The device's own TLB flush: an ATS device is told as by the document's notify; a mirror's entries go. */
    /**
     * A device drops its TLB entries of mask. A device that walks the page table may then cache only
     * what the ptes hold now. In the era's secondary-TLB callback (notified: its flush of the range it
     * was called over) this is the document's notify, and the trace says so with the may-cache sets
     * it changed.
     */
    void flush(int[] n, int d, long mask, boolean unbind, boolean notified, StepOut out) {
        boolean ats = p.devices().get(d).walksPageTable();
        StringBuilder text = out.changes ? new StringBuilder() : null;
        for (long m = mask; m != 0; m &= m - 1) {
            int page = Long.numberOfTrailingZeros(m);
            int pte = n[p.pte(page)];
            int now = Pte.present(pte) ? 1 << Pte.frame(pte) : 0;
            if (text != null) {
                describeFlush(text, n, d, page, notified, ats && !unbind, now, Pte.writable(pte) ? now : 0);
            }
            out.set(n, p.devTlb(d, page), 0);
            if (unbind) {
                out.set(n, p.mayCache(d, page), 0);
                out.set(n, p.mayCacheWritable(d, page), 0);
            } else if (ats) {
                out.set(n, p.mayCache(d, page), now);
                out.set(n, p.mayCacheWritable(d, page), Pte.writable(pte) ? now : 0);
            }
        }
        if (text == null) {
            return;
        }
        if (notified) {
            if (text.length() > 0) {
                out.change(Change.Kind.NOTIFY, Long.numberOfTrailingZeros(mask), -1, d, "notify " + names.device(d) + ": " + text);
            }
        } else {
            out.change(Change.Kind.NOTIFY, mask == 0 ? -1 : Long.numberOfTrailingZeros(mask), -1, d, names.device(d)
                    + (unbind ? ": unbound from the mm, translates nothing" : ": flushes its TLB") + (text.length() > 0 ? ", drops " + text : ""));
        }
    }

    /** One page's part of a flush's trace line, before the flush writes the entries. */
    private void describeFlush(StringBuilder text, int[] n, int d, int page, boolean notified, boolean recaches, int now, int nowWritable) {
        if (!notified) {
            if (n[p.devTlb(d, page)] != 0) {
                text.append(text.length() == 0 ? "" : ", ").append(names.page(page)).append(" -> ").append(names.tlb(n[p.devTlb(d, page)]));
            }
            return;
        }
        int before = n[p.mayCache(d, page)];
        int after = recaches ? now : before;
        if (before != after || n[p.devTlb(d, page)] != 0) {
            text.append(text.length() == 0 ? "" : "; ").append(names.page(page)).append(" may-cache ")
                    .append(names.frames(before, n[p.mayCacheWritable(d, page)])).append(" -> ")
                    .append(names.frames(after, recaches ? nowWritable : n[p.mayCacheWritable(d, page)]));
        }
    }

    /** The core calls one subscriber's callback: 0 when it does not (released, refused), else 1 or an interval's cur_seq. */
    private int call(int[] n, int t, Instr in, StepOut out) {
        Program.Subscriber sub = p.subscribers().get(in.a());
        if (sub.refused()) {
            out.violation(new Violation(Rule.BAD_SUBSCRIBER, t, in.span(), sub.name() + " implements both"
                    + " arch_invalidate_secondary_tlbs() and invalidate_range_start()/_end(): mmu_notifier_register() refused it"
                    + " (-EINVAL), so " + names.device(sub.device()) + " is never told", -1, -1));
            return 0;
        }
        // mmu_notifier_release() unlinks the notifiers (mn_hlist_release()); the intervals stay in the
        // tree (mn_itree_release() only calls them) and later invalidations, exit_mmap()'s, call them again
        if (in.b() != RELEASE && in.b() != INTERVAL && n[p.released()] != 0) {
            if (out.changes) {
                out.change(Change.Kind.LOCAL, -1, -1, sub.device(), sub.name() + ": unregistered by mmu_notifier_release(), not called");
            }
            return 0;
        }
        if (in.b() == INTERVAL) {
            out.set(n, p.itreeSeq(), n[p.itreeSeq()] | (1));
            if (out.changes) {
                out.change(Change.Kind.NOTIFY, -1, -1, sub.device(), sub.name() + "->invalidate(cur_seq " + n[p.itreeSeq()] + ")");
            }
            return n[p.itreeSeq()];
        }
        if (out.changes) {
            out.change(Change.Kind.NOTIFY, -1, -1, sub.device(), sub.name() + "->" + KINDS[in.b()] + "()");
        }
        return 1;
    }

    /**
     * After a non-blocking start's callbacks: a failure marks the thread's invalidation of the range
     * as failed (its end must not be called) and gives -EAGAIN. A failed interval makes the core end
     * the interval side itself (mn_itree_inv_end()). After release's interval callbacks, the interval
     * side ends the same way.
     */
    private void result(int[] n, int t, Instr in, boolean failed, StepOut out) {
        if ((in.b() & (ITREE_FAILED | RELEASE_ITREE)) != 0 && (failed || (in.b() & RELEASE_ITREE) != 0)) {
            if ((in.b() & ITREE_FAILED) != 0) {
                out.set(n, p.itreeActive(), n[p.itreeActive()] - 1);
            }
            if (n[p.itreeActive()] == 0 && (n[p.itreeSeq()] & 1) != 0) {
                out.set(n, p.itreeSeq(), n[p.itreeSeq()] + 1);
            }
        }
        if (!failed || (in.b() & RELEASE_ITREE) != 0) {
            return;
        }
        int depth = n[p.invDepth(t)];
        for (int i = depth - 1; i >= 0; i--) {
            if ((n[p.invSlot(t, i)] & 0xffff) == in.a()) {
                out.set(n, p.invSlot(t, i), n[p.invSlot(t, i)] | (MirrorEffects.FAILED));
                break;
            }
        }
        if (in.dst() >= 0) {
            out.set(n, p.localBase(t) + in.dst(), EAGAIN);
        }
        if (out.changes) {
            out.change(Change.Kind.INV_START, -1, -1, -1, "a callback failed: the start of " + names.range(in.a()) + " returns -EAGAIN");
        }
    }

    // ---- footprint ----

    /**
     * DEV_FLUSH reads the range's ptes and writes the device's entries (and may-cache sets).
     * TRYLOCK reads and writes its lock. SLEEP reads only the thread's own locks. SUB_CALL reads the
     * mm's released mark, which only mmu_notifier_release() writes (and that step declares
     * everything, so any resource declared here orders the two): it declares the device's entries of
     * the pages the callback is about (its ats may-cache sets, a mirror's entries); an interval's
     * makes the mm's interval seq odd, and SET_SEQ and SUB_RESULT change the mirrors' counters, which
     * have no resource: everything (as every mirror step).
     */
    public static void footprint(Program p, Instr in, Footprint fp) {
        switch (in.op()) {
            case DEV_FLUSH -> {
                int d = in.a();
                long mask = in.b() < 0 ? -1L : p.ranges().get(in.b()).pages();
                for (int pg = 0; pg < p.pages().size(); pg++) {
                    if ((mask & (1L << pg)) == 0) {
                        continue;
                    }
                    fp.deviceTlb(d, pg, false, true);
                    if (p.devices().get(d).walksPageTable() && in.b() == UNBIND) {
                        fp.mayCache(d, pg, false, true);
                    } else if (p.devices().get(d).walksPageTable()) {
                        fp.pte(pg, true, false);
                        fp.mayCache(d, pg, true, true);
                    }
                }
            }
            case TRYLOCK -> fp.lock(in.a(), true, true);
            case SLEEP -> { }
            case SUB_CALL -> {
                Program.Subscriber sub = p.subscribers().get(in.a());
                if (in.b() == INTERVAL || p.pages().isEmpty()) {
                    fp.everything();
                    return;
                }
                boolean ats = p.devices().get(sub.device()).walksPageTable();
                for (int pg = 0; pg < p.pages().size(); pg++) {
                    if (ats) {
                        fp.mayCache(sub.device(), pg, true, false);
                    } else {
                        fp.deviceTlb(sub.device(), pg, true, false);
                    }
                }
            }
            case SUB_RESULT -> {
                if (p.hasSoftwareMirrors()) {
                    fp.everything();
                }
            }
            default -> fp.everything();
        }
    }

    // ---- source ----

    /** The statement that lowers to in, dst being how its local is written. */
    public static String source(Program p, Instr in, String dst, String value) {
        return switch (in.op()) {
            case DEV_FLUSH -> in.b() == UNBIND ? "device_unbind(" + p.devices().get(in.a()).name() + ")"
                    : in.b() < 0 ? "device_tlb_flush_all(" + p.devices().get(in.a()).name() + ")"
                    : "device_tlb_flush(" + p.devices().get(in.a()).name() + ", " + p.ranges().get(in.b()).text() + ")";
            case SET_SEQ -> "mmu_interval_set_seq(" + p.devices().get(in.a()).name() + ", " + value + ")";
            case SLEEP -> "might_sleep()";
            case TRYLOCK -> dst + " = mutex_trylock(" + p.locks().get(in.a()).name() + ")";
            // the core's own steps: no statement writes them, a trace shows them by the callback's name
            case SUB_CALL -> in.text();
            case SUB_RESULT -> in.text();
            case KVM_NOTIFY -> {
                String k = p.devices().get(in.a()).name();
                String r = in.v() instanceof Val.Const c ? ", " + p.ranges().get(c.value()).text() : "";
                yield switch (in.b()) {
                    case KVM_ACTIVE_INC -> "mn_active_invalidate_count_inc(" + k + ")";
                    case KVM_ACTIVE_DEC -> "mn_active_invalidate_count_dec(" + k + ")";
                    case KVM_BEGIN -> "kvm_mmu_invalidate_begin(" + k + r + ")";
                    case KVM_END -> "kvm_mmu_invalidate_end(" + k + ")";
                    default -> dst + " = kvm_range_has_memslot(" + k + r + ")";
                };
            }
            default -> throw new IllegalStateException("not a subscriber op: " + in.op());
        };
    }
}
