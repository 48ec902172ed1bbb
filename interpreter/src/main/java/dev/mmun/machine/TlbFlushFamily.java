package dev.mmun.machine;

import static dev.mmun.machine.KernelFlags.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The CPU TLB flushes and what defers them: flush_tlb_*(), the mmu_gather of a zap (tlb_gather_mmu()
 * ... tlb_finish_mmu(), the batch of frames freed after the flush) and the batched unmap flush of
 * reclaim (set_tlb_ubc_flush_pending() / try_to_unmap_flush()). Everything they mean is here:
 * lowering (the era, arch and kernel version decide what flushes and what notifies, kernel-notes
 * §5.2; docs/kernel-paths.md where the kernel and the notes differ), effect, footprint, source form
 * and the lines that document them. CPU_FLUSH's a is its range (-1: the whole mm), b 1 when the
 * flush notifies; the gather's flags are in {@link KernelFlags}.
 */
public final class TlbFlushFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("flush", List.of("flush_tlb_range", "flush_tlb_page"), "flush_tlb_range(R)", false,
                    "flushes R (`flush_tlb_page(P)`: a page) from the CPU TLBs; in era 6.6 the flush notifies the secondary TLBs of R"),
            new Primitive("flush_mm", List.of("flush_tlb_mm"), "flush_tlb_mm()", false,
                    "flushes every page from the CPU TLBs; in era 6.6 the flush notifies the secondary TLBs of all"),
            new Primitive("gather", List.of("tlb_gather_mmu"), "tlb_gather_mmu()", false,
                    "starts the thread's mmu_gather (`mm->tlb_flush_pending` counts it)"),
            new Primitive("gather_fullmm", List.of("tlb_gather_mmu_fullmm"), "tlb_gather_mmu_fullmm()", false,
                    "the same for a whole mm going away: its flushes cover the whole mm"),
            new Primitive("start_vma", List.of("tlb_start_vma"), "tlb_start_vma()", false, "no step"),
            new Primitive("end_vma", List.of("tlb_end_vma"), "tlb_end_vma()", false,
                    "before 4.19 flushes the gathered range from the CPU TLBs and resets it, no notify; from 4.19 as"
                    + " `tlb_flush_mmu_tlbonly()`; on x86 from 6.1 no step"),
            new Primitive("remove_tlb_entry", List.of("tlb_remove_tlb_entry"), "tlb_remove_tlb_entry(P)", false,
                    "P joins the gathered range"),
            new Primitive("remove_page_nested", List.of("__tlb_remove_page"), "full = __tlb_remove_page(F)", true,
                    "the pte's reference to F moves into the batch; full is 1 when the batch is full (the value may be left unused)"),
            new Primitive("remove_page", List.of("tlb_remove_page"), "tlb_remove_page(F)", false,
                    "the same, and `tlb_flush_mmu()` when the batch is full"),
            new Primitive("tlbonly", List.of("tlb_flush_mmu_tlbonly"), "tlb_flush_mmu_tlbonly()", false,
                    "flushes the gathered range from the CPU TLBs and notifies it (era 4.15: explicitly, not for fullmm, whose"
                    + " `~0..~0` is empty; era 6.6: by the flush); resets the range"),
            new Primitive("flush_free", List.of("tlb_flush_mmu_free"), "tlb_flush_mmu_free()", false,
                    "puts every gathered page (the last reference frees it)"),
            new Primitive("flush_mmu", List.of("tlb_flush_mmu"), "tlb_flush_mmu()", false, "tlbonly, then free"),
            new Primitive("finish", List.of("tlb_finish_mmu"), "tlb_finish_mmu()", false,
                    "tlbonly, then free, and the gather ends; with another gather pending (nested) the flush covers the whole mm"),
            new Primitive("ubc_add", List.of("set_tlb_ubc_flush_pending"), "set_tlb_ubc_flush_pending(P)", false,
                    "the CPU flush of P is deferred to `try_to_unmap_flush()`; in era 6.6 the secondary TLBs are notified now"
                    + " (x86: the whole mm; arm64, batching from 6.5: P)"),
            new Primitive("ubc_flush", List.of("try_to_unmap_flush", "try_to_unmap_flush_dirty"), "try_to_unmap_flush()", false,
                    "flushes every page from the CPU TLBs when a deferred flush is pending"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.CPU_FLUSH, Op.TLB_GATHER, Op.TLB_REMOVE_TLB_ENTRY, Op.TLB_REMOVE_PAGE,
            Op.TLB_FLUSH, Op.TLB_END_VMA, Op.UBC_ADD, Op.UBC_FLUSH);

    private final Program p;
    private final Describe names;
    private final Effects fx;
    private final int nPages;

    TlbFlushFamily(Program p, Describe names, Effects fx) {
        this.p = p;
        this.names = names;
        this.fx = fx;
        this.nPages = p.pages().size();
    }

    /** The frame a page's reference moves into the batch with. */
    static int frameOperands(Op op) {
        return op == Op.TLB_REMOVE_PAGE ? 1 : 0;
    }

    // ---- lowering ----

    public static void lower(String canon, CallSite c) {
        Era era = c.era();
        int notify = era == Era.E6_6 ? FLUSH_NOTIFY_ARCH : FLUSH_NOTIFY_EXPLICIT;
        switch (canon) {
            case "flush" -> {
                if (c.arity(1)) {
                    int r = c.range(0);
                    if (r >= 0) {
                        c.emit(Op.CPU_FLUSH, r, era.flushNotifies() ? 1 : 0);
                    }
                }
            }
            case "flush_mm" -> {
                if (c.arity(0)) {
                    c.emit(Op.CPU_FLUSH, -1, era.flushNotifies() ? 1 : 0);
                }
            }
            case "gather", "gather_fullmm" -> {
                if (c.arity(0)) {
                    c.usesGather();
                    c.emit(Op.TLB_GATHER, 0, canon.equals("gather") ? 0 : GATHER_FULLMM);
                }
            }
            case "start_vma" -> c.arity(0);
            case "end_vma" -> endVma(c, notify);
            case "remove_tlb_entry" -> {
                if (c.arity(1)) {
                    int page = c.page(0);
                    if (page >= 0) {
                        c.usesGather();
                        c.emit(Op.TLB_REMOVE_TLB_ENTRY, page, 0);
                    }
                }
            }
            case "remove_page", "remove_page_nested" -> {
                if (c.arity(1)) {
                    c.usesGather();
                    int flags = canon.equals("remove_page") ? REMOVE_FLUSH_WHEN_FULL | notify : 0;
                    c.emit(Op.TLB_REMOVE_PAGE, 0, flags, c.frame(0), null);
                }
            }
            case "tlbonly", "flush_free", "flush_mmu", "finish" -> {
                if (c.arity(0)) {
                    c.usesGather();
                    int flags = switch (canon) {
                        case "tlbonly" -> FLUSH_TLBONLY | notify;
                        case "flush_free" -> FLUSH_FREE;
                        case "flush_mmu" -> FLUSH_TLBONLY | FLUSH_FREE | notify;
                        default -> FLUSH_TLBONLY | FLUSH_FREE | FLUSH_FINISH | notify;
                    };
                    c.emit(Op.TLB_FLUSH, 0, flags);
                }
            }
            case "ubc_add" -> ubcAdd(c);
            default -> {
                if (c.arity(0)) {
                    c.emit(Op.UBC_FLUSH, 0, 0);
                }
            }
        }
    }

    /**
     * tlb_end_vma(): before fd1102f0aade (4.19) the generic one flushed the CPU TLB and reset the
     * range without notifying; from 4.19 it is tlb_flush_mmu_tlbonly(); with MMU_GATHER_MERGE_VMAS
     * (x86 from 6.1) it does nothing, and arm64 keeps tlbonly.
     */
    private static void endVma(CallSite c, int notify) {
        if (!c.arity(0)) {
            return;
        }
        int flags;
        if (c.kernelVersion() < 419) {
            flags = END_VMA_FLUSH_ONLY;
        } else if (c.arch().equals("x86") && c.kernelVersion() >= 601) {
            return;
        } else {
            flags = FLUSH_TLBONLY | notify;
        }
        c.usesGather();
        c.emit(Op.TLB_END_VMA, 0, flags);
    }

    /**
     * set_tlb_ubc_flush_pending(): the CPU flush is deferred to try_to_unmap_flush(). In 6.6 the
     * secondary TLBs are notified when the flush is added: x86 arch_tlbbatch_add_pending() for the
     * whole mm, arm64 (batching since 6.5) for the page; before 6.6 never.
     */
    private static void ubcAdd(CallSite c) {
        if (!c.arity(1)) {
            return;
        }
        int page = c.page(0);
        if (page < 0) {
            return;
        }
        if (c.arch().equals("arm64") && c.kernelVersion() < 605) {
            if (c.reachable()) {
                c.error(-1, "arm64 batches the unmap TLB flush only from 6.5: use ptep_clear_flush()");
            }
            return;
        }
        int flags = c.era() != Era.E6_6 ? 0 : c.arch().equals("arm64") ? UBC_NOTIFY_PAGE : UBC_NOTIFY_MM;
        c.emit(Op.UBC_ADD, page, flags);
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        switch (in.op()) {
            case CPU_FLUSH -> {
                long mask = in.a() < 0 ? fx.allPages() : p.ranges().get(in.a()).pages();
                fx.cpuFlush(n, mask, out);
                if (in.b() != 0) {
                    fx.notify(n, t, mask, out);
                }
            }
            case TLB_GATHER -> {
                out.set(n, p.tlbFlushPending(), n[p.tlbFlushPending()] + 1);                   // inc_tlb_flush_pending()
                out.set(n, p.gatherFlags(t), 1 | ((in.b() & GATHER_FULLMM) != 0 ? 2 : 0));
                out.set(n, p.gatherRange(t), 0);
                out.set(n, p.gatherRange(t) + 1, 0);
            }
            case TLB_REMOVE_TLB_ENTRY -> {
                if (gathering(n, t, in, out)) {
                    addRange(n, t, 1L << in.a(), out);
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
                            resetRange(n, t, out);
                        }
                    } else {
                        flush(n, t, in, in.b(), out);
                    }
                }
            }
            case UBC_ADD -> {
                out.set(n, p.ubcPending(t), 1);
                if ((in.b() & UBC_NOTIFY_MM) != 0) {
                    fx.notify(n, fx.allPages(), out);
                } else if ((in.b() & UBC_NOTIFY_PAGE) != 0) {
                    fx.notify(n, 1L << in.a(), out);
                }
            }
            default -> {
                if (n[p.ubcPending(t)] != 0) {
                    out.set(n, p.ubcPending(t), 0);
                    fx.cpuFlush(n, fx.allPages(), out);
                }
            }
        }
        return true;
    }

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

    private void addRange(int[] n, int t, long mask, StepOut out) {
        long r = gathered(n, t) | mask;
        out.set(n, p.gatherRange(t), (int) r);
        out.set(n, p.gatherRange(t) + 1, (int) (r >>> 32));
    }

    private void resetRange(int[] n, int t, StepOut out) {
        out.set(n, p.gatherRange(t), 0);
        out.set(n, p.gatherRange(t) + 1, 0);
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
        out.set(n, p.gatherSlot(t, used), f + 1);
        // a frame in two threads' batches (two mappings zapped at once) leaves the mask with the
        // first batch freed: the tolerance is then not given, the safe side
        out.set(n, p.gatheredFrames(), n[p.gatheredFrames()] | (1 << f));
        boolean full = used + 1 == slots;
        if (out.changes) {
            out.change(Change.Kind.REF, -1, f, -1, "gather " + names.frame(f) + " (batch " + (used + 1) + "/" + slots + (full ? ", full)" : ")"));
        }
        if (in.dst() >= 0) {
            out.set(n, lb + in.dst(), full ? 1 : 0);
        }
        if (full && (in.b() & REMOVE_FLUSH_WHEN_FULL) != 0) {
            flush(n, t, in, in.b() & ~REMOVE_FLUSH_WHEN_FULL | FLUSH_TLBONLY | FLUSH_FREE, out);
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
            resetRange(n, t, out);
        }
        if ((flags & FLUSH_FREE) != 0 && (flags & FLUSH_DEFER) == 0) {
            for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                int v = n[p.gatherSlot(t, i)];
                if (v != 0) {
                    out.set(n, p.gatherSlot(t, i), 0);
                    out.set(n, p.gatheredFrames(), n[p.gatheredFrames()] & (~(1 << (v - 1))));
                    fx.frames.putPage(n, t, in, v - 1, out);
                }
            }
        }
        if ((flags & FLUSH_FINISH) != 0 && (flags & FLUSH_DEFER) == 0) {
            out.set(n, p.gatherFlags(t), 0);
            out.set(n, p.tlbFlushPending(), n[p.tlbFlushPending()] - 1);
            long done = (n[p.zapDone(t)] & 0xffffffffL) | ((long) n[p.zapDone(t) + 1] << 32);
            out.set(n, p.zapDone(t), 0);
            out.set(n, p.zapDone(t) + 1, 0);
            fx.rules().zapCompleted(n, done, out);
        }
    }

    // ---- subscribers ----

    /**
     * The secondary-TLB callbacks a flush calls when its era notifies (the flush_tlb_*() of 6.6, a
     * gather's tlbonly part, the rmap batch's add), over the page, the range or the whole mm; a
     * gather's flush frees its pages after them, and tlb_remove_page() calls them only when the
     * run finds its batch full.
     */
    public static Calls calls(Instr in) {
        int b = in.b();
        boolean notifies = (b & (FLUSH_NOTIFY_ARCH | FLUSH_NOTIFY_EXPLICIT)) != 0;
        return switch (in.op()) {
            case CPU_FLUSH -> b == 0 ? null : in.a() < 0 ? Calls.secondaryTlb(Calls.Over.WHOLE, 0) : Calls.secondaryTlb(Calls.Over.RANGE, in.a());
            case TLB_FLUSH -> !notifies ? null : (b & (FLUSH_FREE | FLUSH_FINISH)) == 0 ? Calls.secondaryTlb(Calls.Over.WHOLE, 0)
                    : Calls.secondaryTlb(Calls.Over.WHOLE, 0, with(in, in.dst(), b | FLUSH_DEFER),
                            new Instr(Op.TLB_FLUSH, -1, in.a(), (b & (FLUSH_FREE | FLUSH_FINISH)) | FLUSH_DEFERRED, null, null, in.span(), in.text()));
            case TLB_REMOVE_PAGE -> (b & REMOVE_FLUSH_WHEN_FULL) == 0 ? null
                    : new Calls(Calls.Kind.WHEN_BATCH_FULL, Calls.Over.WHOLE, 0, false, false, Calls.CLEAR, 0, with(in, in.dst(), b | FLUSH_DEFER),
                            new Instr(Op.TLB_FLUSH, -1, in.a(), FLUSH_FREE | FLUSH_DEFERRED, null, null, in.span(), in.text()));
            case TLB_END_VMA -> (b & END_VMA_FLUSH_ONLY) == 0 && notifies ? Calls.secondaryTlb(Calls.Over.WHOLE, 0) : null;
            case UBC_ADD -> (b & UBC_NOTIFY_PAGE) != 0 ? Calls.secondaryTlb(Calls.Over.PAGE, in.a())
                    : (b & UBC_NOTIFY_MM) != 0 ? Calls.secondaryTlb(Calls.Over.WHOLE, 0) : null;
            default -> null;
        };
    }

    private static Instr with(Instr in, int dst, int b) {
        return new Instr(in.op(), dst, in.a(), b, in.v(), in.w(), in.span(), in.text());
    }

    // ---- footprint ----

    /**
     * In any state. A flush_tlb_*() writes the CPU TLB entries of its range and, when it notifies,
     * what the notify touches; the gather's and reclaim's steps declare every resource (their
     * reads of the batch and the range are not narrowed down yet).
     */
    public static void footprint(Program p, int t, Instr in, Footprint fp) {
        if (in.op() != Op.CPU_FLUSH) {
            fp.everything();
            return;
        }
        int nPages = p.pages().size();
        long mask = in.a() >= 0 ? p.ranges().get(in.a()).pages() : nPages == 64 ? -1L : (1L << nPages) - 1;
        Footprint.cpuFlush(p, mask, fp);
        if (in.b() != 0) {
            Footprint.notify(p, mask, fp);
        }
    }

    // ---- source ----

    /** The statement that lowers to in. */
    public static String source(Program p, Instr in, Families.Operands o) {
        int b = in.b();
        String page = in.a() >= 0 && in.a() < p.pages().size() ? p.pages().get(in.a()).name() : "?";
        String dst = o.dst();
        return switch (in.op()) {
            case CPU_FLUSH -> in.a() < 0 ? "flush_tlb_mm()" : "flush_tlb_range(" + p.ranges().get(in.a()).text() + ")";
            case TLB_GATHER -> (b & GATHER_FULLMM) != 0 ? "tlb_gather_mmu_fullmm()" : "tlb_gather_mmu()";
            case TLB_REMOVE_TLB_ENTRY -> "tlb_remove_tlb_entry(" + page + ")";
            case TLB_REMOVE_PAGE -> (b & REMOVE_FLUSH_WHEN_FULL) != 0 ? "tlb_remove_page(" + o.frame(in.v()) + ")"
                    : (dst.isEmpty() ? "" : dst + " = ") + "__tlb_remove_page(" + o.frame(in.v()) + ")";
            case TLB_FLUSH -> (b & FLUSH_DEFERRED) != 0 ? null : (b & FLUSH_FINISH) != 0 ? "tlb_finish_mmu()"
                    : (b & FLUSH_TLBONLY) != 0 && (b & FLUSH_FREE) != 0 ? "tlb_flush_mmu()"
                    : (b & FLUSH_TLBONLY) != 0 ? "tlb_flush_mmu_tlbonly()" : "tlb_flush_mmu_free()";
            case TLB_END_VMA -> "tlb_end_vma()";
            case UBC_ADD -> "set_tlb_ubc_flush_pending(" + page + ")";
            default -> "try_to_unmap_flush()";
        };
    }
}
