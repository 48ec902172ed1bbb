package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.explore.BreadthFirst;
import dev.mmun.report.Style;
import dev.mmun.session.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line editor's loop, driven through a dumb terminal over byte streams. */
class TerminalReplTest {
    @TempDir
    Path dir;

    private String drive(String typed, Path history) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("mmun", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), bytes, StandardCharsets.UTF_8)) {
            ReplSession session = new ReplSession(Session.withStdlib(), terminal.writer(), new Style(false), new BreadthFirst());
            Repl.interactive(session, terminal, history, null);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    @Test
    void theCaseBSessionThenBackAndTheFix() throws IOException {
        String out = drive("""
                page A at 0x1000 = 0
                page B at 0x2000 = 7
                device iommu ats
                dev D on iommu
                on D: r = read(A)
                lock(ptl(A))
                pte_clear(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                :back 3
                ptep_clear_flush_notify(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                unlock(ptl(A))
                :trace
                """, dir.resolve("history"));
        int back = out.indexOf("back 3 inputs, 3 steps");
        assertTrue(back > 0, out);
        String before = out.substring(0, back);
        String after = out.substring(back);
        assertTrue(before.contains("CASE_B  <repl>:9:1  repl"), before);
        assertTrue(before.contains("<repl>:7:1  [time 2] repl {pte_clear(A)}: pte A: fA rw -> none"), before);
        assertFalse(after.contains("CASE_B"), after);
        assertTrue(after.contains("repl  {ptep_clear_flush_notify(A)} pte A: fA rw -> none; notify iommu: A may-cache {fA rw} -> {}"), after);
    }

    @Test
    void multiLineInputIsDecidedByTheParser() throws IOException {
        String out = drive("""
                page A at 0x1000 = 0
                atomic {
                  write(A, 1)
                  r = read(A)
                }
                :threads
                """, dir.resolve("history"));
        // the block was read whole: one atomic step, shown whole
        assertTrue(out.contains("repl {atomic { write(A, 1); r = read(A) }}  tlb repl: A -> fA rw; A = 1 (frame fA); r = 1 (frame fA)"), out);
        assertTrue(out.contains("repl    cpu   finished  r = 1"), out);
    }

    @Test
    void historyIsKeptInTheFileAcrossSessions() throws IOException {
        Path history = dir.resolve("h");
        drive("page A at 0x1000 = 0\nwrite(A, 5)\n", history);
        String kept = Files.readString(history);
        assertTrue(kept.contains("page A at 0x1000 = 0") && kept.contains("write(A, 5)"), kept);
        drive(":state\n", history);
        assertTrue(Files.readString(history).contains(":state"));
        assertTrue(Files.readString(history).contains("write(A, 5)"));
    }

    @Test
    void endOfInputLeaves() throws IOException {
        String out = drive("page A at 0x1000\n", dir.resolve("history"));
        assertTrue(out.startsWith("mmun repl:"), out);
        assertEquals(1, out.split("page A at 0x1000: pte fA rw", -1).length - 1, out);
    }
}
