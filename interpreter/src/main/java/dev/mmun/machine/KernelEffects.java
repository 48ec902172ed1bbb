package dev.mmun.machine;

import static dev.mmun.machine.KernelFlags.*;

/**
 * The machine side of the kernel-path primitives: waiting on a migration entry, exact pte reads,
 * the mmu_gather, the batched unmap flush of reclaim, kernel writes into frames and
 * mmu_notifier_release(). What an instruction notifies was decided at lowering (era and arch);
 * here each only does it. Rules are judged by the Effects helpers it calls (puts, notifies) and
 * by {@link KernelRules}.
 */
final class KernelEffects {
    private final Program p;
    private final Effects fx;
    private final Describe names;
    private final int[] atsDevices;
    private final int nPages;

    KernelEffects(Program p, Effects fx, Describe names, int[] atsDevices) {
        this.p = p;
        this.fx = fx;
        this.names = names;
        this.atsDevices = atsDevices;
        this.nPages = p.pages().size();
    }

    boolean apply(int[] n, int t, Instr in, StepOut out) {
        int lb = p.localBase(t);
        switch (in.op()) {
            case PTE_GET -> n[lb + in.dst()] = n[p.pte(in.a())];
            case PAGE_COUNT -> {
                int f = fx.frameOf(in.v().eval(n, lb), in, t, out);
                n[lb + in.dst()] = f < 0 ? 0 : n[p.frameRef(f)];
            }
            case WRITE_FRAME -> writeFrame(n, t, in, out);
            case MIGRATION_WAIT -> {
                return !Pte.migration(n[p.pte(in.a())]);     // waits while the page is being migrated
            }
            case TLB_GATHER -> {
                n[p.tlbFlushPending()]++;                   // inc_tlb_flush_pending()
                n[p.gatherFlags(t)] = 1 | ((in.b() & GATHER_FULLMM) != 0 ? 2 : 0);
                n[p.gatherRange(t)] = 0;
                n[p.gatherRange(t) + 1] = 0;
            }
            case TLB_REMOVE_TLB_ENTRY -> {
                if (gathering(n, t, in, out)) {
                    addRange(n, t, 1L << in.a());
                }
            }
            case TLB_REMOVE_PAGE -> removePage(n, t, in, out);
            case TLB_FLUSH -> {
                if (gathering(n, t, in, out)) {
                    flush(n, t, in, in.b(), out);
                }
            }
            case TLB_END_VMA -> {
                if (gathering(n, t, in, out) && (n[p.gatherFlags(t)] & 2) == 0) {
                    if ((in.b() & END_VMA_FLUSH_ONLY) != 0) {
                        long range = gathered(n, t);
                        if (range != 0) {
                            fx.cpuFlush(n, span(range), out);
                            resetRange(n, t);
                        }
                    } else {
                        flush(n, t, in, in.b(), out);
                    }
                }
            }
            case UBC_ADD -> {
                n[p.ubcPending(t)] = 1;
                if ((in.b() & UBC_NOTIFY_MM) != 0) {
                    fx.notify(n, fx.allPages(), out);
                } else if ((in.b() & UBC_NOTIFY_PAGE) != 0) {
                    fx.notify(n, 1L << in.a(), out);
                }
            }
            case UBC_FLUSH -> {
                if (n[p.ubcPending(t)] != 0) {
                    n[p.ubcPending(t)] = 0;
                    fx.cpuFlush(n, fx.allPages(), out);
                }
            }
            default -> throw new IllegalStateException("not a machine op: " + in.op());
        }
        return true;
    }

    /**
     * A device access that cannot load the pte: the mm was released, or (arm64 SMMU) the device
     * holds a read-only entry and faults on a write instead of walking again.
     */
    boolean deviceCannotWalk(int[] n, int entry, boolean write, Instr in) {
        if (n[p.released()] != 0) {
            return true;
        }
        return (in.b() & ACCESS_NO_REWALK) != 0 && write && Pte.present(entry) && !Pte.writable(entry);
    }

    /** Why a device thread's access cannot go on, when the device (not the pte) is the reason; else null. */
    String whyDeviceCannotWalk(int[] n, int t, Instr in) {
        Program.Thread th = p.threads().get(t);
        if (!th.device()) {
            return null;
        }
        if (n[p.released()] != 0) {
            return "cannot translate " + names.page(in.a()) + ": the mm was released (mmu_notifier_release())";
        }
        int entry = n[p.devTlb(th.deviceIndex(), in.a())];
        if (deviceCannotWalk(n, entry, in.op() == Op.WRITE, in)) {
            return "faults for ever on its read-only entry " + names.page(in.a()) + " -> " + names.tlb(entry)
                    + " (the pte is " + names.pte(n[p.pte(in.a())]) + "; an SMMU that caches permissions does not walk again)";
        }
        return null;
    }

    /** A kernel write into a frame (copy_to_page(), the uprobes breakpoint): like a write to every page mapping it. */
    private void writeFrame(int[] n, int t, Instr in, StepOut out) {
        int lb = p.localBase(t);
        int f = fx.frameOf(in.v().eval(n, lb), in, t, out);
        if (f < 0) {
            return;
        }
        int value = in.w().eval(n, lb);
        n[p.frameContent(f)] = value;
        for (int page = 0; page < nPages; page++) {
            int pte = n[p.pte(page)];
            if (Pte.present(pte) && Pte.frame(pte) == f) {
                n[p.frameVersion(f)] = ++n[p.version(page)];
                n[p.lastWritten(page)] = value;
            }
        }
        fx.rules().frameWritten(n, f);
        if (out.changes) {
            out.change(Change.Kind.WRITE, -1, f, -1, "frame " + names.frame(f) + " = " + value);
        }
    }

    // ---- mmu_gather ----

    private boolean gathering(int[] n, int t, Instr in, StepOut out) {
        if ((n[p.gatherFlags(t)] & 1) != 0) {
            return true;
        }
        out.violation(new Violation(Rule.ASSERT, t, in.span(), names.thread(t) + " uses an mmu_gather it has not started: call tlb_gather_mmu() first",
                -1, -1));
        return false;
    }

    private long gathered(int[] n, int t) {
        return (n[p.gatherRange(t)] & 0xffffffffL) | ((long) n[p.gatherRange(t) + 1] << 32);
    }

    private void addRange(int[] n, int t, long mask) {
        long r = gathered(n, t) | mask;
        n[p.gatherRange(t)] = (int) r;
        n[p.gatherRange(t) + 1] = (int) (r >>> 32);
    }

    private void resetRange(int[] n, int t) {
        n[p.gatherRange(t)] = 0;
        n[p.gatherRange(t) + 1] = 0;
    }

    /** The gather tracks [start, end): every declared page between the first and the last gathered one. */
    private long span(long mask) {
        long lo = p.pages().get(Long.numberOfTrailingZeros(mask)).address();
        long hi = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            Program.Page pg = p.pages().get(Long.numberOfTrailingZeros(m));
            lo = Math.min(lo, pg.address());
            hi = Math.max(hi, pg.address() + pg.size());
        }
        long out = 0;
        for (int i = 0; i < nPages; i++) {
            Program.Page pg = p.pages().get(i);
            if (pg.address() < hi && lo < pg.address() + pg.size()) {
                out |= 1L << i;
            }
        }
        return out;
    }

    private void removePage(int[] n, int t, Instr in, StepOut out) {
        int lb = p.localBase(t);
        if (!gathering(n, t, in, out)) {
            return;
        }
        int f = fx.frameOf(in.v().eval(n, lb), in, t, out);
        if (f < 0) {
            return;
        }
        int slots = p.kernel().gatherSlots();
        int used = 0;
        while (used < slots && n[p.gatherSlot(t, used)] != 0) {
            used++;
        }
        if (used == slots) {
            out.violation(new Violation(Rule.ASSERT, t, in.span(), names.thread(t) + " adds a page to a full mmu_gather: flush it when __tlb_remove_page() says it is full",
                    -1, f));
            return;
        }
        n[p.gatherSlot(t, used)] = f + 1;
        // a frame in two threads' batches (two mappings zapped at once) leaves the mask with the
        // first batch freed: the tolerance is then not given, the safe side
        n[p.gatheredFrames()] |= 1 << f;
        boolean full = used + 1 == slots;
        if (out.changes) {
            out.change(Change.Kind.REF, -1, f, -1, "gather " + names.frame(f) + " (batch " + (used + 1) + "/" + slots + (full ? ", full)" : ")"));
        }
        if (in.dst() >= 0) {
            n[lb + in.dst()] = full ? 1 : 0;
        }
        if (full && (in.b() & REMOVE_FLUSH_WHEN_FULL) != 0) {
            flush(n, t, in, in.b() & ~REMOVE_FLUSH_WHEN_FULL | FLUSH_TLBONLY | FLUSH_FREE, out);
        }
    }

    /** Thread t ended an invalidation of pages: inside an mmu_gather the zap completes at tlb_finish_mmu(). */
    void invalidationEnded(int[] n, int t, long pages) {
        if (p.kernel().gatherSlots() > 0 && (n[p.gatherFlags(t)] & 1) != 0) {
            n[p.zapDone(t)] |= (int) pages;
            n[p.zapDone(t) + 1] |= (int) (pages >>> 32);
        }
    }

    /** tlb_flush_mmu_tlbonly() / tlb_flush_mmu_free() / tlb_flush_mmu() / tlb_finish_mmu(), by flags. */
    private void flush(int[] n, int t, Instr in, int flags, StepOut out) {
        boolean fullmm = (n[p.gatherFlags(t)] & 2) != 0;
        if ((flags & FLUSH_FINISH) != 0 && n[p.tlbFlushPending()] > 1 && !fullmm) {
            // tlb_finish_mmu(): mm_tlb_flush_nested(), another gather may have cleared ptes this
            // one found none and skipped: flush the whole mm (fullmm, range reset to ~0)
            fullmm = true;
        }
        if ((flags & FLUSH_TLBONLY) != 0) {
            long range = gathered(n, t);
            if (fullmm) {
                // fullmm: the CPU flush covers the whole mm; 4.15's notify has start = end = ~0 (empty)
                fx.cpuFlush(n, fx.allPages(), out);
                if ((flags & FLUSH_NOTIFY_ARCH) != 0) {
                    fx.notify(n, fx.allPages(), out);
                }
            } else if (range != 0) {
                long mask = span(range);
                fx.cpuFlush(n, mask, out);
                if ((flags & (FLUSH_NOTIFY_ARCH | FLUSH_NOTIFY_EXPLICIT)) != 0) {
                    fx.notify(n, mask, out);
                }
            }
            resetRange(n, t);
        }
        if ((flags & FLUSH_FREE) != 0) {
            for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                int v = n[p.gatherSlot(t, i)];
                if (v != 0) {
                    n[p.gatherSlot(t, i)] = 0;
                    n[p.gatheredFrames()] &= ~(1 << (v - 1));
                    fx.frames.putPage(n, t, in, v - 1, out);
                }
            }
        }
        if ((flags & FLUSH_FINISH) != 0) {
            n[p.gatherFlags(t)] = 0;
            n[p.tlbFlushPending()]--;
            long done = (n[p.zapDone(t)] & 0xffffffffL) | ((long) n[p.zapDone(t) + 1] << 32);
            n[p.zapDone(t)] = 0;
            n[p.zapDone(t) + 1] = 0;
            fx.rules().zapCompleted(n, done);
        }
    }
}
