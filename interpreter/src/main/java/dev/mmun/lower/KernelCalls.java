package dev.mmun.lower;

import static dev.mmun.machine.KernelFlags.*;

import dev.mmun.ast.Expr;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.machine.Era;
import dev.mmun.machine.Op;
import dev.mmun.machine.Val;
import java.util.Map;
import java.util.Set;

/**
 * The primitives the kernel paths of the standard library need beyond the document's: waiting on
 * a migration entry, exact pte reads, the mmu_gather, the batched unmap flush of reclaim, kernel writes into frames, mmu_notifier_release(). Each is lowered to one
 * instruction whose flags say what it flushes and notifies in the script's era, arch and kernel
 * version (kernel-notes §5.2; docs/kernel-paths.md where the kernel and the notes differ).
 */
final class KernelCalls {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("migration_entry_wait", "migration_wait"),
            Map.entry("ptep_get", "pte_get"), Map.entry("pmdp_get", "pte_get"),
            Map.entry("page_count", "page_count"), Map.entry("folio_ref_count", "page_count"),
            Map.entry("write_frame", "write_frame"), Map.entry("copy_to_page", "write_frame"),
            Map.entry("tlb_gather_mmu", "gather"), Map.entry("tlb_gather_mmu_fullmm", "gather_fullmm"),
            Map.entry("tlb_start_vma", "start_vma"), Map.entry("tlb_end_vma", "end_vma"),
            Map.entry("tlb_remove_tlb_entry", "remove_tlb_entry"),
            Map.entry("__tlb_remove_page", "remove_page_nested"), Map.entry("tlb_remove_page", "remove_page"),
            Map.entry("tlb_flush_mmu_tlbonly", "tlbonly"), Map.entry("tlb_flush_mmu_free", "flush_free"),
            Map.entry("tlb_flush_mmu", "flush_mmu"), Map.entry("tlb_finish_mmu", "finish"),
            Map.entry("set_tlb_ubc_flush_pending", "ubc_add"), Map.entry("try_to_unmap_flush", "ubc_flush"),
            Map.entry("try_to_unmap_flush_dirty", "ubc_flush"));

    private static final Set<String> VALUED = Set.of("pte_get", "page_count", "remove_page_nested");

    private final Lowering low;
    private final Calls calls;
    private final Declarations decls;
    private final Diagnostics diags;

    KernelCalls(Lowering low, Calls calls, Declarations decls, Diagnostics diags) {
        this.low = low;
        this.calls = calls;
        this.decls = decls;
        this.diags = diags;
    }

    static boolean handles(String name) {
        return ALIASES.containsKey(name);
    }

    static Set<String> names() {
        return ALIASES.keySet();
    }

    void primitive(Expr.Call c, Env env, int dst, String text) {
        String name = c.function().text();
        String canon = ALIASES.get(name);
        ThreadCode tc = env.thread();
        boolean valued = VALUED.contains(canon);
        if (valued && dst < 0 && !canon.equals("remove_page_nested")) {
            diags.error(c.span(), name + "() gives a value: assign it to a local (x = " + name + "(...))");
            return;
        }
        if (!valued && dst >= 0) {
            diags.error(c.span(), name + "() gives no value");
            return;
        }
        if (tc.device) {
            diags.error(c.span(), "a device thread only reads and writes memory; " + name + "() runs on a CPU thread");
            return;
        }
        Era era = decls.era;
        int notify = era == Era.E6_6 ? FLUSH_NOTIFY_ARCH : FLUSH_NOTIFY_EXPLICIT;
        switch (canon) {
            case "migration_wait" -> {
                Integer page = calls.pageArg(c, env, 0, 1);
                if (page != null) {
                    tc.emit(Op.MIGRATION_WAIT, -1, page, 0, null, null, c.span(), text);
                }
            }
            case "pte_get" -> {
                Integer page = calls.pageArg(c, env, 0, 1);
                if (page != null) {
                    tc.emit(Op.PTE_GET, dst, page, 0, null, null, c.span(), text);
                }
            }
            case "page_count" -> {
                if (calls.arity(c, 1)) {
                    tc.emit(Op.PAGE_COUNT, dst, 0, 0, calls.frameArg(c.args().get(0), env), null, c.span(), text);
                }
            }
            case "write_frame" -> {
                if (calls.arity(c, 2)) {
                    Val f = calls.frameArg(c.args().get(0), env);
                    tc.emit(Op.WRITE_FRAME, -1, 0, 0, f, low.value(c.args().get(1), env), c.span(), text);
                }
            }
            case "gather", "gather_fullmm" -> {
                if (calls.arity(c, 0)) {
                    tc.usesGather = true;
                    tc.emit(Op.TLB_GATHER, -1, 0, canon.equals("gather") ? 0 : GATHER_FULLMM, null, null, c.span(), text);
                }
            }
            case "start_vma" -> calls.arity(c, 0);
            case "end_vma" -> endVma(c, tc, notify, text);
            case "remove_tlb_entry" -> {
                Integer page = calls.pageArg(c, env, 0, 1);
                if (page != null) {
                    tc.usesGather = true;
                    tc.emit(Op.TLB_REMOVE_TLB_ENTRY, -1, page, 0, null, null, c.span(), text);
                }
            }
            case "remove_page", "remove_page_nested" -> {
                if (calls.arity(c, 1)) {
                    tc.usesGather = true;
                    int flags = canon.equals("remove_page") ? REMOVE_FLUSH_WHEN_FULL | notify : 0;
                    tc.emit(Op.TLB_REMOVE_PAGE, dst, 0, flags, calls.frameArg(c.args().get(0), env), null, c.span(), text);
                }
            }
            case "tlbonly", "flush_free", "flush_mmu", "finish" -> {
                if (calls.arity(c, 0)) {
                    tc.usesGather = true;
                    int flags = switch (canon) {
                        case "tlbonly" -> FLUSH_TLBONLY | notify;
                        case "flush_free" -> FLUSH_FREE;
                        case "flush_mmu" -> FLUSH_TLBONLY | FLUSH_FREE | notify;
                        default -> FLUSH_TLBONLY | FLUSH_FREE | FLUSH_FINISH | notify;
                    };
                    tc.emit(Op.TLB_FLUSH, -1, 0, flags, null, null, c.span(), text);
                }
            }
            case "ubc_add" -> ubcAdd(c, env, text);
            case "ubc_flush" -> {
                if (calls.arity(c, 0)) {
                    tc.emit(Op.UBC_FLUSH, -1, 0, 0, null, null, c.span(), text);
                }
            }
            default -> throw new IllegalStateException("kernel primitive " + canon);
        }
    }

    /**
     * tlb_end_vma(): before fd1102f0aade (4.19) the generic one flushed the CPU TLB and reset the
     * range without notifying; from 4.19 it is tlb_flush_mmu_tlbonly(); with MMU_GATHER_MERGE_VMAS
     * (x86 from 6.1) it does nothing, and arm64 keeps tlbonly.
     */
    private void endVma(Expr.Call c, ThreadCode tc, int notify, String text) {
        if (!calls.arity(c, 0)) {
            return;
        }
        int flags;
        if (decls.kernelVersion < 419) {
            flags = END_VMA_FLUSH_ONLY;
        } else if (decls.arch.equals("x86") && decls.kernelVersion >= 601) {
            return;
        } else {
            flags = FLUSH_TLBONLY | notify;
        }
        tc.usesGather = true;
        tc.emit(Op.TLB_END_VMA, -1, 0, flags, null, null, c.span(), text);
    }

    /**
     * set_tlb_ubc_flush_pending(): the CPU flush is deferred to try_to_unmap_flush(). In 6.6 the
     * secondary TLBs are notified when the flush is added: x86 arch_tlbbatch_add_pending() for the
     * whole mm, arm64 (batching since 6.5) for the page; before 6.6 never.
     */
    private void ubcAdd(Expr.Call c, Env env, String text) {
        Integer page = calls.pageArg(c, env, 0, 1);
        if (page == null) {
            return;
        }
        if (decls.arch.equals("arm64") && decls.kernelVersion < 605) {
            diags.error(c.function().span(), "arm64 batches the unmap TLB flush only from 6.5: use ptep_clear_flush()");
            return;
        }
        int flags = decls.era != Era.E6_6 ? 0 : decls.arch.equals("arm64") ? UBC_NOTIFY_PAGE : UBC_NOTIFY_MM;
        env.thread().emit(Op.UBC_ADD, -1, page, flags, null, null, c.span(), text);
    }
}
