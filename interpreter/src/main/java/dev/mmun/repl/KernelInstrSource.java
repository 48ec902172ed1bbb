package dev.mmun.repl;

import static dev.mmun.machine.KernelFlags.*;

import dev.mmun.machine.Instr;
import dev.mmun.machine.Program;

/** The kernel-path instructions (KernelEffects) written back as the statements that lower to them. */
final class KernelInstrSource {
    private KernelInstrSource() {
    }

    /** v: the first value operand as a frame (or null), w: the second as a value (or null). */
    static String statement(Program p, Instr in, String page, String dst, String v, String w) {
        int b = in.b();
        String assign = dst.isEmpty() ? "" : dst + " = ";
        return switch (in.op()) {
            case PTE_GET -> assign + "ptep_get(" + page + ")";
            case PAGE_COUNT -> assign + "page_count(" + v + ")";
            case WRITE_FRAME -> "write_frame(" + v + ", " + w + ")";
            case MIGRATION_WAIT -> "migration_entry_wait(" + page + ")";
            case TLB_GATHER -> (b & GATHER_FULLMM) != 0 ? "tlb_gather_mmu_fullmm()" : "tlb_gather_mmu()";
            case TLB_REMOVE_TLB_ENTRY -> "tlb_remove_tlb_entry(" + page + ")";
            case TLB_REMOVE_PAGE -> (b & REMOVE_FLUSH_WHEN_FULL) != 0 ? "tlb_remove_page(" + v + ")"
                    : assign + "__tlb_remove_page(" + v + ")";
            case TLB_FLUSH -> (b & FLUSH_FINISH) != 0 ? "tlb_finish_mmu()"
                    : (b & FLUSH_TLBONLY) != 0 && (b & FLUSH_FREE) != 0 ? "tlb_flush_mmu()"
                    : (b & FLUSH_TLBONLY) != 0 ? "tlb_flush_mmu_tlbonly()" : "tlb_flush_mmu_free()";
            case TLB_END_VMA -> "tlb_end_vma()";
            case UBC_ADD -> "set_tlb_ubc_flush_pending(" + page + ")";
            case UBC_FLUSH -> "try_to_unmap_flush()";
            default -> throw new IllegalStateException("cannot write back " + in.op());
        };
    }
}
