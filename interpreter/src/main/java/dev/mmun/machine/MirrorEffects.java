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
    private final int[] builtinIntervals;
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
        this.builtinIntervals = java.util.stream.IntStream.range(0, p.devices().size())
                .filter(d -> p.devices().get(d).intervalMirror() && !p.subscribed(d)).toArray();
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

    // ---- the notifier callbacks ----

    /**
     * invalidate_range_start(): the interval tree first (mn_itree_invalidate), then the raw
     * subscribers (KVM). Returns -1 when a callback must wait for a lock (the step waits), 0 when
     * every callback ran, EAGAIN when a non-blocking start failed because an interval callback
     * could not take its driver lock (mutex_trylock); the core has then ended the interval side
     * itself and never called the raw subscribers.
     */
    int start(int[] n, int t, int range, boolean blockable, StepOut out) {
        if (all.length == 0) {
            return 0;
        }
        long mask = p.ranges().get(range).pages();
        int fail = -1;
        if (mask != 0) {
            for (int d : builtinIntervals) {
                if (n[p.lock(p.devices().get(d).lock())] != 0) {
                    if (blockable) {
                        return -1;
                    }
                    fail = d;
                    break;
                }
            }
        }
        if (fail < 0) {
            for (int d : kvms) {
                Program.Device dev = p.devices().get(d);
                if (n[p.lock(dev.lock2())] != 0 || ((mask & memslots(n, d)) != 0 && n[p.lock(dev.lock())] != 0)) {
                    return -1;
                }
            }
        }
        if (intervals.length > 0) {
            n[p.itreeActive()]++;
            if (mask != 0 && builtinIntervals.length > 0) {
                n[p.itreeSeq()] |= 1;
                int cur = n[p.itreeSeq()];
                for (int d : builtinIntervals) {
                    if (d == fail) {
                        break;
                    }
                    n[p.mirrorSeq(d)] = cur;
                    zap(n, d, mask, "->invalidate() under " + names.lock(p.devices().get(d).lock())
                            + ": mmu_interval_set_seq(" + cur + ")", out);
                }
            }
            if (fail >= 0) {
                itreeEnd(n);
                int holder = n[p.lock(p.devices().get(fail).lock())];
                if (out.changes) {
                    out.change(Change.Kind.NOTIFY, -1, -1, fail, names.device(fail) + ": ->invalidate() cannot take "
                            + names.lock(p.devices().get(fail).lock()) + " (held by " + names.thread(holder - 1)
                            + ") without sleeping: returns false; the start fails with -EAGAIN");
                }
                return EAGAIN;
            }
        }
        for (int d : kvms) {
            n[p.kvmActive(d)]++;
            String what = "mn_active_invalidate_count " + n[p.kvmActive(d)];
            // kvm_handle_hva_range(): mmu_lock and the count only when a memslot overlaps (5.15+)
            if ((mask & memslots(n, d)) != 0) {
                int ip = ++n[p.kvmInProgress(d)];
                long r = ip == 1 ? mask : range(n, d) | mask;
                n[p.kvmRange(d)] = (int) r;
                n[p.kvmRange(d) + 1] = (int) (r >>> 32);
                what += ", kvm_mmu_invalidate_begin(): mmu_invalidate_in_progress " + ip;
            }
            zap(n, d, mask, what, out);
        }
        return 0;
    }

    /** Whether the end callbacks can run now: KVM's takes mmu_lock when a memslot overlaps. */
    boolean canEnd(int[] n, int range) {
        long mask = p.ranges().get(range).pages();
        for (int d : kvms) {
            if ((mask & memslots(n, d)) != 0 && n[p.lock(p.devices().get(d).lock())] != 0) {
                return false;
            }
        }
        return true;
    }

    /** invalidate_range_end(): mn_itree_inv_end(), then KVM's end (seq++, in_progress--). */
    void end(int[] n, int range, StepOut out) {
        if (all.length == 0) {
            return;
        }
        long mask = p.ranges().get(range).pages();
        if (intervals.length > 0) {
            int before = n[p.itreeSeq()];
            itreeEnd(n);
            if (out.changes && before != n[p.itreeSeq()]) {
                out.change(Change.Kind.INV_END, -1, -1, -1, "interval seq " + before + " -> " + n[p.itreeSeq()]);
            }
        }
        for (int d : kvms) {
            String what = "";
            if ((mask & memslots(n, d)) != 0) {
                n[p.mirrorSeq(d)]++;
                n[p.kvmInProgress(d)]--;
                what = "kvm_mmu_invalidate_end(): mmu_invalidate_seq " + n[p.mirrorSeq(d)]
                        + ", mmu_invalidate_in_progress " + n[p.kvmInProgress(d)] + ", ";
            }
            n[p.kvmActive(d)]--;
            if (out.changes) {
                out.change(Change.Kind.INV_END, -1, -1, d, names.device(d) + ": " + what
                        + "mn_active_invalidate_count " + n[p.kvmActive(d)]);
            }
        }
    }

    private void itreeEnd(int[] n) {
        if (--n[p.itreeActive()] == 0 && (n[p.itreeSeq()] & 1) != 0) {
            n[p.itreeSeq()]++;
        }
    }

    private long range(int[] n, int d) {
        return (n[p.kvmRange(d)] & 0xffffffffL) | ((long) n[p.kvmRange(d) + 1] << 32);
    }

    private long memslots(int[] n, int d) {
        return (n[p.kvmMemslots(d)] & 0xffffffffL) | ((long) n[p.kvmMemslots(d) + 1] << 32);
    }

    /** The callback's unmap: every entry of device d in the range goes. */
    private void zap(int[] n, int d, long mask, String what, StepOut out) {
        StringBuilder gone = out.changes ? new StringBuilder() : null;
        for (long m = mask; m != 0; m &= m - 1) {
            int page = Long.numberOfTrailingZeros(m);
            int slot = p.devTlb(d, page);
            if (n[slot] != 0) {
                if (gone != null) {
                    gone.append(gone.length() == 0 ? "" : ", ").append(names.page(page)).append(" -> ").append(names.tlb(n[slot]));
                }
                n[slot] = 0;
            }
        }
        if (out.changes) {
            out.change(Change.Kind.NOTIFY, mask == 0 ? -1 : Long.numberOfTrailingZeros(mask), -1, d, names.device(d) + ": "
                    + what + (gone.length() > 0 ? "; unmaps " + gone : ""));
        }
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
        n[p.kvmMemslots(d)] = (int) m;
        n[p.kvmMemslots(d) + 1] = (int) (m >>> 32);
        if (!on) {
            n[p.devTlb(d, page)] = 0;
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
