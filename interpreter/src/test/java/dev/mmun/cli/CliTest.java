package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line through picocli's execute, on byte streams: output and exit codes. */
class CliTest {
    record Result(int code, String out, String err) {}

    static Result mmun(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MmunCommand.execute(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path sample(String name) {
        return Path.of(System.getProperty("mmun.root", "..")).resolve("samples/doc").resolve(name);
    }

    @Test
    void runsTheDocumentsTableAndPrintsTheTimeline() {
        Result r = mmun("", "run", "--color", "never", sample("case-b-timeline.mmun").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[time N+2] ---"), r.out());
        assertTrue(r.out().contains("CASE_B  "), r.out());
        assertTrue(r.out().contains("set up by:"), r.out());
        assertTrue(r.out().contains("fix: use ptep_clear_flush_notify() under the ptl"), r.out());
        assertTrue(r.out().contains("verdict: violation: CASE_B, STALE_READ; expected CASE_B, STALE_READ: met"), r.out());
    }

    @Test
    void aViolationThatIsNotExpectedExitsOne(@TempDir Path dir) throws Exception {
        String text = Files.readString(sample("case-b-timeline.mmun")).replace("expect CASE_B, STALE_READ", "");
        Path f = dir.resolve("unexpected.mmun");
        Files.writeString(f, text);
        Result r = mmun("", "run", "--color", "never", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("NOT MET"), r.out());
    }

    @Test
    void jsonLinesOnePerFile() {
        Result r = mmun("", "run", "--format", "json", sample("case-b-timeline.mmun").toString(),
                sample("case-b-timeline-fixed.mmun").toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"schema\":\"mmun/1\",\"kind\":\"outcome\",\"mode\":\"run\""), lines[0]);
        assertTrue(lines[0].contains("\"verdict\":\"violation\""), lines[0]);
        assertTrue(lines[0].contains("\"rule\":\"CASE_B\""), lines[0]);
        assertTrue(lines[0].contains("\"expectation_met\":true"), lines[0]);
        assertTrue(lines[1].contains("\"verdict\":\"ok\""), lines[1]);
    }

    @Test
    void readsStdin() {
        Result r = mmun("page A at 0x1000 = 1\ncpu T { r = read(A) }\nforall (T:r == 1)\n", "run", "-");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("== <stdin>"), r.out());
    }

    @Test
    void syntaxErrorsArePositionedWithACaret() {
        Result r = mmun("page A at 0x1000 = 0\ncpu T { write(A, 1) @ }\n", "run", "-");
        assertEquals(65, r.code());
        assertTrue(r.err().contains("<stdin>:2:21: error: unexpected character '@'"), r.err());
        assertTrue(r.err().contains("^"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void missingFileIs66() {
        Result r = mmun("", "run", "no/such/file.mmun");
        assertEquals(66, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void binaryInputIs65(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bin.mmun");
        Files.write(f, new byte[] {'p', 'a', 'g', 'e', 0, (byte) 0xff, (byte) 0xfe});
        Result r = mmun("", "run", f.toString());
        assertEquals(65, r.code());
        assertTrue(r.err().contains("not UTF-8 text") || r.err().contains("not a text file"), r.err());
    }

    @Test
    void badCommandLineIs64() {
        assertEquals(64, mmun("", "run", "--format", "yaml", "x.mmun").code());
        assertEquals(64, mmun("", "frobnicate").code());
        assertEquals(64, mmun("", "run").code());
    }

    @Test
    void worstExitCodeOfManyFilesWins(@TempDir Path dir) throws Exception {
        String ok = sample("case-b-timeline.mmun").toString();
        String unmet = dir.resolve("unmet.mmun").toString();
        Files.writeString(Path.of(unmet), "page A at 0x1000 = 0\ncpu T { write(A, 1) }\nexpect CASE_B\nmode run\n");
        String runaway = dir.resolve("runaway.mmun").toString();
        Files.writeString(Path.of(runaway), "page A at 0x1000 = 0\ncpu T { repeat 50 { write(A, 1) } }\n");
        assertEquals(0, mmun("", "run", ok).code());
        // each pair both ways round: "last wins" fails the first of each, "first wins" the second
        assertEquals(66, mmun("", "run", "no/such.mmun", ok).code());
        assertEquals(66, mmun("", "run", ok, "no/such.mmun").code());
        assertEquals(1, mmun("", "run", unmet, ok).code());
        assertEquals(1, mmun("", "run", ok, unmet).code());
        assertEquals(3, mmun("", "run", "--max-steps", "10", runaway, ok).code());
        assertEquals(3, mmun("", "run", "--max-steps", "10", ok, runaway).code());
        // an unmet expectation outranks an inconclusive run
        assertEquals(1, mmun("", "run", "--max-steps", "10", unmet, runaway).code());
        assertEquals(1, mmun("", "run", "--max-steps", "10", runaway, unmet).code());
    }

    @Test
    void helpAndVersion() {
        Result h = mmun("", "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("Exit codes"), h.out());
        Result v = mmun("", "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("mmun "), v.out());
    }

    @Test
    void aRunawayRunHitsTheStepBound() {
        Result r = mmun("page A at 0x1000 = 0\ncpu T { repeat 50 { write(A, 1) } }\n", "run", "--max-steps", "10", "-");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("step bound"), r.out());
    }

    @Test
    void aLoopThatOutlivesItsBoundIsInconclusive() {
        Result r = mmun("cpu T { n = 0; while (n >= 0) max 3 { n = n + 1 } }\n", "run", "-");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("LOOP_BOUND"), r.out());
    }

    @Test
    void hostileInputsGetPositionedErrorsNotStackTraces() {
        String chain = "cpu T { x = " + "1 + ".repeat(20_000) + "1 }\n";
        String bomb = "cpu T { repeat 1000 { repeat 1000 { repeat 1000 { x = 1 } } } }\n";
        String longLine = "cpu T { " + "x = 1; ".repeat(200_000) + "}\n";
        for (String text : new String[] {chain, bomb, longLine}) {
            Result r = mmun(text, "run", "-");
            assertEquals(65, r.code(), r.err());
            assertTrue(r.err().startsWith("<stdin>:1:"), r.err().substring(0, Math.min(200, r.err().length())));
            assertFalse(r.err().contains("\tat "), "a stack trace");
            assertTrue(r.err().lines().count() < 400, "errors are capped");
        }
    }
}
