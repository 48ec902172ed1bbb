package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** :save writes a timeline that `mmun run` follows to the same steps and the same findings. */
class SaveRoundTripTest {
    @TempDir
    Path dir;

    private static String tableOf(String out, String marker) {
        int a = out.indexOf("[time ", out.indexOf(marker));
        int b = out.indexOf("\n\n", a);
        int prompt = out.indexOf("\nmmun> ", a);
        int end = b < 0 ? prompt : prompt < 0 ? b : Math.min(b, prompt);
        return out.substring(a, end < 0 ? out.length() : end).strip();
    }

    @Test
    void aTypedSessionReplaysWithTheSameTimeline() throws IOException {
        Path file = dir.resolve("session.mmun");
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                device iommu ats
                dev D
                on D: r = read(A)
                lock(ptl(A))
                pte_clear(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                unlock(ptl(A))
                :trace
                :save %s
                """.formatted(file), "repl").out();
        assertTrue(out.contains("saved 6 steps to " + file), out);
        assertFalse(out.contains("warning"), out);
        String saved = Files.readString(file);
        assertTrue(saved.contains("[time 1] ---"), saved);
        assertTrue(saved.contains("repl  {pte_clear(A)}"), saved);
        assertTrue(saved.endsWith("expect CASE_B, UNCOVERED_PTE_CHANGE\n"), saved);
        ReplDriver.Result run = ReplDriver.mmun("", "run", file.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("verdict: violation: CASE_B, UNCOVERED_PTE_CHANGE; expected CASE_B, UNCOVERED_PTE_CHANGE: met"), run.out());
        assertEquals(tableOf(out, ":trace").replaceAll(" +\n", "\n"), tableOf(run.out(), "==").replaceAll(" +\n", "\n"));
    }

    @Test
    void aScheduleThatCutsAProcedureCallIsWrittenAsItsSteps() throws IOException {
        Path file = dir.resolve("cut.mmun");
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                device iommu ats
                dev D
                cpu T
                proc f(P) { lock(ptl(P)); x = vm_normal_page(P); if (x != 0) { ptep_clear_flush(P) }; n = alloc_page(); set_pte_at(P, n, rw); unlock(ptl(P)) }
                lock(ptl(A))
                on T: f(A)
                unlock(ptl(A))
                :step T
                :step T
                on D: r = read(A)
                :step T
                :step T
                :step T
                :save %s
                """.formatted(file), "repl").out();
        assertFalse(out.contains("warning"), out);
        String saved = Files.readString(file);
        assertTrue(saved.contains("T     {lock(ptl(A)); x_1 = vm_normal_page(A)}"), saved);
        assertTrue(saved.contains("T     {clear_flush(A); n_1 = alloc_page(); set_pte(A, n_1, rw)}"), saved);
        assertTrue(saved.contains("// Not run when the session was saved:\n//   the rest of T {f(A)}"), saved);
        ReplDriver.Result run = ReplDriver.mmun("", "run", file.toString());
        assertEquals(0, run.exit(), run.out());
    }

    @Test
    void aLoadedTimelineSteppedAndRunReplaysAsTheDocumentsTable() throws IOException {
        Path file = dir.resolve("doc.mmun");
        String sample = ReplDriver.root("samples/doc/case-b-timeline.mmun").toString();
        String out = ReplDriver.mmun(":step\n:step DEV-thread-0\n:run\n:save " + file + "\n", "repl", sample).out();
        assertTrue(out.contains("ran 26 steps; every thread has finished"), out);
        assertFalse(out.contains("warning"), out);
        String saved = Files.readString(file);
        assertTrue(saved.contains("[time N+3] ---"), saved);
        assertTrue(saved.contains("CPU-thread-0  {COW_step1: {cow_step1(A)}}"), saved);
        ReplDriver.Result run = ReplDriver.mmun("", "run", file.toString());
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("verdict: violation: CASE_B, STALE_READ; expected CASE_B, STALE_READ: met"), run.out());
    }

    @Test
    void aCutFillPathOfASoftwareMirrorIsWrittenAsItsSteps() throws IOException {
        Path file = dir.resolve("kvm.mmun");
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                device vm kvm
                cpu V
                lock(mmu_lock(vm))
                on V: kvm_tdp_page_fault(vm, A)
                unlock(mmu_lock(vm))
                :step V
                :step V
                :save %s
                """.formatted(file), "repl").out();
        assertFalse(out.contains("warning"), out);
        String saved = Files.readString(file);
        assertTrue(saved.contains("srcu_read_lock(vm); slot_1 = gfn_to_memslot(vm, A); mmu_seq_1 = mmu_invalidate_seq(vm)"), saved);
        assertTrue(saved.contains("V     {lock(mmu_lock(vm)); stale_1 = mmu_invalidate_retry_gfn(vm, mmu_seq_1, A)}"), saved);
        ReplDriver.Result run = ReplDriver.mmun("", "run", file.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
    }
}
