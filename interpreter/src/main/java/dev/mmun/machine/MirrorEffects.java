package dev.mmun.machine;

/**
 * Software mirrors: devices that do not walk the CPU page table but keep their own copy of it,
 * filled by driver code on a CPU thread and emptied by their mmu_notifier callbacks.
 *
 * <ul>
 * <li>{@code mirror}: an mmu_interval_notifier subscriber (HMM, amdgpu/nouveau/xe userptr, RDMA
 * ODP) whose interval covers every declared page. The core's collision-retry "lock"
 * (mm/mmu_notifier.c): the mm's invalidate_seq is odd while an invalidation hits an interval; the
 * subscription's seq is set (mmu_interval_set_seq) to that odd value by its -&gt;invalidate()
 * callback, under the driver lock.</li>
 * <li>{@code kvm}: a raw invalidate_range_start()/end() subscriber with KVM's bookkeeping
 * (virt/kvm/kvm_main.c): mn_active_invalidate_count, and under mmu_lock
 * mmu_invalidate_in_progress, the range and, at end, mmu_invalidate_seq.</li>
 * </ul>
 *
 * The callbacks run inside the step of the thread that starts or ends the invalidation, all of
 * them at once: a callback that would wait for its lock makes the whole step wait (not enabled).
 * A mirror entry is a TLB entry in the device's TLB slot (frame, writable, generation), so device
 * accesses through it reuse the ATS access path and its DEVICE_UAF / STALE_READ judgement.
 */
final class MirrorEffects {
    /** -EAGAIN, what a failed non-blocking start returns. */
    static final int EAGAIN = -11;
    /** Marks an invalidation slot whose non-blocking start failed. */
    static final int FAILED = 1 << 17;

    /** MIRROR_QUERY kinds (Instr.b). */
    static final int Q_SEQ = 0;
    static final int Q_IN_PROGRESS = 1;
    static final int Q_ACTIVE = 2;
    static final int Q_INTERVAL_RETRY = 3;
    static final int Q_KVM_RETRY = 4;
    static final int Q_KVM_RETRY_GFN = 5;
    static final int Q_RETRY_CACHE = 6;
    static final int Q_MEMSLOT = 7;

    private final Program p;
    private final Describe names;
    private final int[] intervals;
    private final int[] kvms;
    private final int[] all;
    private final MirrorRules rules;

    MirrorEffects(Program p, Describe names) {
        this.p = p;
        this.names = names;
        // a mirror a script's subscriber serves keeps the interval tree's bookkeeping (its seq, the
        // running count) but gets no built-in callback
        this.intervals = java.util.stream.IntStream.range(0, p.devices().size())
                .filter(d -> p.devices().get(d).intervalMirror()).toArray();
        this.kvms = java.util.stream.IntStream.range(0, p.devices().size())
                .filter(d -> p.devices().get(d).kvm()).toArray();
        this.all = java.util.stream.IntStream.range(0, p.devices().size())
                .filter(d -> !p.devices().get(d).walksPageTable()).toArray();
        this.rules = new MirrorRules(p, names, all);
    }

    MirrorRules rules() {
        return rules;
    }

    /**
     * The mm's seq starts at 2 and an interval subscription inserted while no invalidation runs at
     * seq - 1 (__mmu_interval_notifier_insert()); a page declared {@code tlb} starts mirrored.
     */
    static void initial(Program p, int[] s) {
        if (!p.hasSoftwareMirrors()) {
            return;
        }
        s[p.itreeSeq()] = 2;
        for (int d = 0; d < p.devices().size(); d++) {
            Program.Device dev = p.devices().get(d);
            if (dev.walksPageTable()) {
                continue;
            }
            s[p.mirrorSeq(d)] = dev.intervalMirror() ? 1 : 0;
            if (dev.kvm()) {
                long all = p.pages().size() == 64 ? -1L : (1L << p.pages().size()) - 1;
                s[p.kvmMemslots(d)] = (int) all;
                s[p.kvmMemslots(d) + 1] = (int) (all >>> 32);
            }
            for (int i = 0; i < p.pages().size(); i++) {
                Program.Page pg = p.pages().get(i);
                if (pg.tlbPreload() && pg.frame() >= 0) {
                    s[p.devTlb(d, i)] = Pte.tlbEntry(Pte.make(pg.frame(), pg.writable(), false), 1);
                }
            }
        }
    }

    // ---- the core's interval tree, and KVM's bookkeeping for its library callbacks ----

    /** Whether the mm has interval subscriptions (any mirror device): the core counts invalidations for them. */
    boolean hasIntervals() {
        return intervals.length > 0;
    }

    /**
     * KVM_NOTIFY, what the kvm kind's callbacks (stdlib/devices.mmun) do to KVM's fields; mask is
     * the callback's range. b: 0 mn_active_invalidate_count++, 1 --, 2 kvm_mmu_invalidate_begin()
     * (mmu_invalidate_in_progress++, the range grows, restarting when the count goes from 0),
     * 3 kvm_mmu_invalidate_end() (mmu_invalidate_seq++, in_progress--), 4 whether a memslot
     * overlaps the range (into dst).
     */
    void kvmNotify(int[] n, int t, Instr in, long mask, StepOut out) {
        int d = in.a();
        String what;
        switch (in.b()) {
            case 0, 1 -> {
                out.set(n, p.kvmActive(d), n[p.kvmActive(d)] + (in.b() == 0 ? 1 : -1));
                what = "mn_active_invalidate_count " + n[p.kvmActive(d)];
            }
            case 2 -> {
                out.set(n, p.kvmInProgress(d), n[p.kvmInProgress(d)] + 1);
                int ip = n[p.kvmInProgress(d)];
                long r = ip == 1 ? mask : range(n, d) | mask;
                out.set(n, p.kvmRange(d), (int) r);
                out.set(n, p.kvmRange(d) + 1, (int) (r >>> 32));
                what = "kvm_mmu_invalidate_begin(): mmu_invalidate_in_progress " + ip;
            }
            case 3 -> {
                out.set(n, p.mirrorSeq(d), n[p.mirrorSeq(d)] + 1);
                out.set(n, p.kvmInProgress(d), n[p.kvmInProgress(d)] - 1);
                what = "kvm_mmu_invalidate_end(): mmu_invalidate_seq " + n[p.mirrorSeq(d)] + ", mmu_invalidate_in_progress "
                        + n[p.kvmInProgress(d)];
            }
            default -> {
                out.set(n, p.localBase(t) + in.dst(), (mask & memslots(n, d)) != 0 ? 1 : 0);
                return;
            }
        }
        if (out.changes) {
            out.change(in.b() == 1 || in.b() == 3 ? Change.Kind.INV_END : Change.Kind.NOTIFY, -1, -1, d, names.device(d) + ": " + what);
        }
    }

    /** mn_itree_inv_end(): one fewer invalidation runs; the last makes the seq even again. */
    void itreeEnd(int[] n, StepOut out) {
        out.set(n, p.itreeActive(), n[p.itreeActive()] - 1);
        if (n[p.itreeActive()] == 0 && (n[p.itreeSeq()] & 1) != 0) {
            out.set(n, p.itreeSeq(), n[p.itreeSeq()] + 1);
        }
    }

    private long range(int[] n, int d) {
        return (n[p.kvmRange(d)] & 0xffffffffL) | ((long) n[p.kvmRange(d) + 1] << 32);
    }

    private long memslots(int[] n, int d) {
        return (n[p.kvmMemslots(d)] & 0xffffffffL) | ((long) n[p.kvmMemslots(d) + 1] << 32);
    }

    /**
     * The store of new memslots: page P's gfn gains or loses its memslot. A deleted memslot's
     * sptes are zapped under mmu_lock (kvm_arch_flush_shadow_memslot()), so the deletion waits
     * for mmu_lock. Whether the update waits for running invalidations is the caller's business
     * (stdlib kvm_swap_active_memslots()).
     */
    void memslot(int[] n, int d, int page, boolean on, StepOut out) {
        long m = memslots(n, d);
        m = on ? m | (1L << page) : m & ~(1L << page);
        out.set(n, p.kvmMemslots(d), (int) m);
        out.set(n, p.kvmMemslots(d) + 1, (int) (m >>> 32));
        if (!on) {
            out.set(n, p.devTlb(d, page), 0);
        }
        if (out.changes) {
            out.change(Change.Kind.NOTIFY, page, -1, d, names.device(d) + ": " + names.page(page)
                    + (on ? " gets a memslot" : " loses its memslot (its sptes are zapped)"));
        }
    }

    /** Invalidations of d's mm that have started and not ended, as the device counts them. */
    int active(int[] n, int d) {
        return p.devices().get(d).kvm() ? n[p.kvmActive(d)] : n[p.itreeActive()];
    }

    int query(int[] n, int d, int kind, int seq, int page) {
        return switch (kind) {
            case Q_SEQ -> n[p.mirrorSeq(d)];
            case Q_IN_PROGRESS -> n[p.kvmInProgress(d)];
            case Q_ACTIVE -> n[p.kvmActive(d)];
            case Q_INTERVAL_RETRY -> n[p.mirrorSeq(d)] != seq ? 1 : 0;
            case Q_KVM_RETRY -> n[p.kvmInProgress(d)] != 0 || n[p.mirrorSeq(d)] != seq ? 1 : 0;
            case Q_KVM_RETRY_GFN -> {
                // mmu_invalidate_retry_gfn(): an in-progress invalidation with no range is a KVM bug and retries
                long r = range(n, d);
                boolean hit = n[p.kvmInProgress(d)] != 0 && (r == 0 || (r & (1L << page)) != 0);
                yield hit || n[p.mirrorSeq(d)] != seq ? 1 : 0;
            }
            case Q_RETRY_CACHE -> n[p.kvmActive(d)] != 0 || n[p.mirrorSeq(d)] != seq ? 1 : 0;
            case Q_MEMSLOT -> (memslots(n, d) & (1L << page)) != 0 ? 1 : 0;
            default -> throw new IllegalStateException("mirror query " + kind);
        };
    }

    private static final String[] RESULTS = {"mmu_invalidate_seq", "mmu_invalidate_in_progress",
        "mn_active_invalidate_count", "read_retry", "retry", "retry", "retry_cache", "memslot"};

    /**
     * What a read-side step saw, in words that do not name the local it went to (a procedure's
     * locals are named after their instance, and the REPL's saved sessions rename them).
     */
    void result(Instr in, int kind, int v, StepOut out) {
        if (!out.changes) {
            return;
        }
        String what = switch (kind) {
            case -1 -> "read_begin " + v;
            case Q_INTERVAL_RETRY, Q_KVM_RETRY, Q_KVM_RETRY_GFN, Q_RETRY_CACHE -> RESULTS[kind] + " " + v
                    + (v != 0 ? " (collided: retry)" : " (no collision)");
            case Q_MEMSLOT -> v != 0 ? "a memslot" : "no memslot";
            default -> RESULTS[kind] + " " + v;
        };
        out.change(Change.Kind.READ, -1, -1, in.a(), names.device(in.a()) + ": " + what);
    }

    // ---- why a thread waits ----

    /** Why a thread waits at an invalidation's start or end: a callback's lock; else null. */
    String waitReason(int[] n, Instr in, int range, String at) {
        if (in.op() != Op.INV_START && in.op() != Op.INV_END) {
            return null;
        }
        long mask = p.ranges().get(range).pages();
        for (int d : in.op() == Op.INV_START ? all : kvms) {
            Program.Device dev = p.devices().get(d);
            long hit = dev.kvm() ? mask & memslots(n, d) : mask;
            for (int l : new int[] {dev.lock(), dev.lock2()}) {
                boolean needed = l >= 0 && (hit != 0 || l == dev.lock2()) && (in.op() == Op.INV_START || l == dev.lock());
                if (needed && n[p.lock(l)] != 0) {
                    return "waits for " + names.lock(l) + ", held by " + names.thread(n[p.lock(l)] - 1) + ": "
                            + names.device(d) + "'s notifier callback takes it " + at;
                }
            }
        }
        return null;
    }
}
