package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmun.diag.SourceFile;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Program;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The kernel-path instructions, written back as statements, lower to the same instructions. */
class KernelInstrSourceTest {
    private static final String HEAD = """
            era 6.6
            arch arm64
            gather_batch 2
            page A at 0x1000 = 1
            frame F = 0
            device smmu ats
            """;

    private static final String BODY = """
            tlb_gather_mmu(); tlb_remove_tlb_entry(A); full = __tlb_remove_page(F); tlb_remove_page(F)
            tlb_flush_mmu_tlbonly(); tlb_flush_mmu_free(); tlb_flush_mmu(); tlb_end_vma(); tlb_finish_mmu()
            tlb_gather_mmu_fullmm(); tlb_finish_mmu()
            e = ptep_get(A); set_pte_at(A, e); set_swap_pte(A, F); set_migration_pte(A, F, rw)
            remove_migration_pte(A, F); migration_entry_wait(A); ptep_set_access_flags(A, rw)
            c = page_count(F); write_frame(F, 3); set_tlb_ubc_flush_pending(A); try_to_unmap_flush()
            mmu_notifier_release()
            """;

    private static Program program(String body) throws Exception {
        Scenario sc = Session.withStdlib().frontend().compile(new SourceFile("k.mmun", HEAD + "cpu T {\n" + body + "}\nmode run\n"));
        return sc.program();
    }

    @Test
    void writtenBackTheyLowerToTheSameInstructions() throws Exception {
        Program p = program(BODY);
        Instr[] code = p.threads().get(0).code();
        List<Integer> pcs = IntStream.range(0, code.length).boxed().toList();
        String back = new InstrSource(p).render(0, pcs);
        Instr[] again = program(back.replace("; ", "\n") + "\n").threads().get(0).code();
        assertEquals(ops(code), ops(again), back);
    }

    /** Everything an instruction does: its op, destination, operands and both values (not its span or text). */
    private static List<String> ops(Instr[] code) {
        List<String> out = new ArrayList<>();
        Arrays.stream(code).forEach(i -> out.add(i.op() + "/" + i.dst() + "/" + i.a() + "/" + i.b() + "/" + i.v() + "/" + i.w()));
        return out;
    }
}
