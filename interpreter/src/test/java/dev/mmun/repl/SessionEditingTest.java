package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's REPL points: no note after every statement, :load into a session that has something,
 * a procedure defined again, :back by inputs.
 */
class SessionEditingTest {
    private static final String OPEN = """
            page A at 0x1000 = 0
            device iommu ats
            mmu_notifier_invalidate_range_start(A)
            lock(ptl(A))
            ptep_clear_flush_notify(A)
            unlock(ptl(A))
            """;

    @Test
    void anOpenInvalidationIsNotedAtStateAndQuitNotAfterEveryStatement() {
        String out = ReplDriver.mmun(OPEN + ":state\n:quit\n", "repl").out();
        String typed = ReplDriver.section(out, "mmun> mmu_notifier_invalidate_range_start(A)", "mmun> :state");
        assertFalse(typed.contains("note:"), typed);
        assertFalse(typed.contains("UNPAIRED_INVALIDATE"), typed);
        String note = "note: if repl's program ended here";
        assertTrue(ReplDriver.section(out, "mmun> :state", "mmun> :quit").contains(note), out);
        assertTrue(ReplDriver.section(out, "mmun> :quit", null).contains(note), out);
    }

    @Test
    void noNoteOnceTheInvalidationEnds() {
        String out = ReplDriver.mmun(OPEN + "mmu_notifier_invalidate_range_end(A)\n:state\n:quit\n", "repl").out();
        assertFalse(out.contains("note:"), out);
    }

    @Test
    void loadMergesIntoTheSessionAndKeepsSharedDeclarationsOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("more.mmun");
        Files.writeString(file, """
                page A at 0x1000 = 0
                page B at 0x2000 = 7
                cpu T { write(B, 1) }
                """);
        String out = ReplDriver.mmun("page A at 0x1000 = 0\nwrite(A, 3)\n:load " + file + "\n:step T\n:threads\n", "repl").out();
        String load = ReplDriver.section(out, "mmun> :load", "mmun> :step T");
        assertFalse(load.contains("error"), load);
        assertTrue(load.contains("(1 declaration the session already had, kept once)"), load);
        assertTrue(ReplDriver.section(out, "mmun> :step T", "mmun> :threads").contains("B = 1 (frame fB)"), out);
    }

    @Test
    void aClashingLoadLeavesTheSessionAndNamesReplace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("other.mmun");
        Files.writeString(file, "page A at 0x3000 = 1\n");
        String out = ReplDriver.mmun("page A at 0x1000 = 0\n:load " + file + "\n:load --replace " + file + "\n:state\n", "repl").out();
        String merge = ReplDriver.section(out, "mmun> :load " + file, "mmun> :load --replace");
        assertTrue(merge.contains("A is already declared at <repl>:1:6"), merge);
        assertTrue(merge.contains(":load --replace " + file + " starts a new one from the file"), merge);
        String replace = ReplDriver.section(out, "mmun> :load --replace", "mmun> :state");
        assertFalse(replace.contains("error"), replace);
        assertTrue(ReplDriver.section(out, "mmun> :state", null).contains("0x3000"), out);
    }

    @Test
    void aProcedureDefinedAgainServesLaterCallsAndEarlierStepsStay() {
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                proc poke(P) { write(P, 1) }
                poke(A)
                proc poke(P) { write(P, 2) }
                poke(A)
                :trace
                """, "repl").out();
        assertTrue(ReplDriver.section(out, "mmun> poke(A)", "mmun> proc poke").contains("A = 1 (frame fA)"), out);
        String second = ReplDriver.section(out, "mmun> proc poke(P) { write(P, 2) }", "mmun> :trace");
        assertFalse(second.contains("error"), second);
        assertTrue(second.contains("A = 2 (frame fA)"), second);
        String trace = ReplDriver.section(out, "mmun> :trace", null);
        assertTrue(trace.contains("A = 1 (frame fA)") && trace.contains("A = 2 (frame fA)"), trace);
    }

    @Test
    void backCountsInputsAndStepsOnRequest() {
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                cpu T { write(A, 1); write(A, 2); write(A, 3) }
                :run
                write(A, 9)
                :back 2
                :threads
                :run
                :back 1 step
                """, "repl").out();
        String back = ReplDriver.section(out, "mmun> :back 2", "mmun> :threads");
        assertTrue(back.contains("back 2 inputs, 4 steps: repl {write(A, 9)}, T {write(A, 3)}, T {write(A, 2)}, T {write(A, 1)}"), back);
        assertTrue(ReplDriver.section(out, "mmun> :run\n", "mmun> write").contains("ran 3 steps"), out);
        String steps = ReplDriver.section(out, "mmun> :back 1 step", null);
        assertTrue(steps.contains("back 1 step: T {write(A, 3)}"), steps);
    }

    @Test
    void backUndoesADeclarationToo() {
        String out = ReplDriver.mmun("page A at 0x1000 = 0\npage B at 0x2000\n:back\nwrite(B, 1)\n", "repl").out();
        assertTrue(ReplDriver.section(out, "mmun> :back", "mmun> write").contains("forgot page B at 0x2000"), out);
        assertTrue(ReplDriver.section(out, "mmun> write(B, 1)", null).contains("error"), out);
        assertEquals(0, ReplDriver.mmun(":back\n", "repl").exit());
    }
}
