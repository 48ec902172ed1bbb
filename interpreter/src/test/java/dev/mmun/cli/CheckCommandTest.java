package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mmun check` end to end: the document's example as threads, its fixed version, traces, bounds. */
class CheckCommandTest {
    static final Path ROOT = Path.of(System.getProperty("mmun.root", ".."));
    static final String BUGGY = ROOT.resolve("samples/doc/case-b-threads.mmun").toString();
    static final String FIXED = ROOT.resolve("samples/doc/case-b-threads-fixed.mmun").toString();

    record Result(int exit, String out, String err) {}

    static Result mmun(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MmunCommand.execute(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void documentExampleAsThreadsFindsCaseBAndStaleRead() {
        Result r = mmun("check", "--color", "never", BUGGY);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: violation: CASE_B, STALE_READ; expected CASE_B, STALE_READ: met"), r.out());
        assertTrue(r.out().contains("shortest trace to CASE_B (8 steps)"), r.out());
        assertTrue(r.out().contains("shortest trace to STALE_READ (11 steps)"), r.out());
        assertTrue(r.out().contains("[time 0] ----"), r.out());
        assertTrue(r.out().contains("!! STALE_READ"), r.out());
        assertTrue(r.out().contains("exists (DEV-thread-0:r0 == 0 /\\ DEV-thread-2:r1 == 1): Sometimes"), r.out());
        assertTrue(r.out().contains("states_stored"), r.out());
    }

    @Test
    void fixedVersionIsProvenOk() {
        Result r = mmun("check", "--color", "never", FIXED);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: ok; expected ok: met"), r.out());
        assertTrue(r.out().contains("forall (A == 1 /\\ B == 1): Always"), r.out());
        for (String stat : new String[] {"states_stored", "states_matched", "transitions", "depth", "time_ms", "states_per_s", "memory_mb"}) {
            assertTrue(r.out().contains(stat + " "), stat + " missing: " + r.out());
        }
    }

    @Test
    void reductionsOffGiveTheSameVerdicts() {
        for (String f : new String[] {BUGGY, FIXED}) {
            Result on = mmun("check", "--no-trace", f);
            Result off = mmun("check", "--no-trace", "--no-por", "--no-symmetry", "--workers", "1", f);
            assertEquals(on.exit(), off.exit());
            assertEquals(verdict(on.out()), verdict(off.out()));
        }
    }

    private static String verdict(String out) {
        return out.lines().filter(l -> l.startsWith("verdict:")).findFirst().orElse("");
    }

    @Test
    void jsonHasTheChoices() {
        Result r = mmun("check", "--format", "json", BUGGY);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"mode\":\"check\""), r.out());
        assertTrue(r.out().contains("\"choices\":[\"CPU-thread-0\""), r.out());
        assertTrue(r.out().contains("\"states_stored\":"), r.out());
    }

    @Test
    void emittedTracesReplayWithRun(@TempDir Path dir) throws Exception {
        for (String rule : new String[] {"CASE_B", "STALE_READ"}) {
            Path trace = dir.resolve(rule + ".mmun");
            Result r = mmun("check", "--no-trace", "--emit-trace", trace.toString(), "--trace", rule, BUGGY);
            assertEquals(0, r.exit(), r.out() + r.err());
            String text = Files.readString(trace);
            assertTrue(text.contains("schedule {"), text);
            assertTrue(text.lines().anyMatch(l -> l.startsWith("expect ") && l.contains(rule)),
                    "it expects the rules it shows that the script expects: " + text);
            Result run = mmun("run", "--color", "never", trace.toString());
            assertEquals(0, run.exit(), text + "\n" + run.out() + run.err());
            assertTrue(run.out().contains("!! " + rule), run.out());
            assertTrue(!run.out().contains("note:"), "the schedule must be followed as written: " + run.out());
        }
    }

    @Test
    void boundsGiveInconclusive() {
        Result r = mmun("check", "--no-trace", "--max-states", "50", FIXED);
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.out().contains("inconclusive"), r.out());
        assertTrue(r.out().contains("note: the search stopped at the state bound"), r.out());
        Result d = mmun("check", "--no-trace", "--max-depth", "5", FIXED);
        assertEquals(3, d.exit(), d.out());
        assertTrue(d.out().contains("depth bound"), d.out());
    }

    @Test
    void randomRunsFindButCannotProve() {
        Result fixed = mmun("check", "--random", "50", "--seed", "7", FIXED);
        assertEquals(3, fixed.exit(), fixed.out());
        assertTrue(fixed.out().contains("verdict: inconclusive"), fixed.out());
        Result a = mmun("check", "--random", "300", "--seed", "7", "--format", "json", BUGGY);
        Result b = mmun("check", "--random", "300", "--seed", "7", "--format", "json", BUGGY);
        assertTrue(a.out().contains("\"verdict\":\"violation\""), a.out());
        assertEquals(a.out().replaceAll("\"time_ms\":\\d+", ""), b.out().replaceAll("\"time_ms\":\\d+", ""));
    }

    @Test
    void usageErrors() {
        assertEquals(64, mmun("check", "--trace", "NOPE", FIXED).exit());
        assertEquals(64, mmun("check", "--emit-trace", "x.mmun", FIXED, BUGGY).exit());
        assertEquals(64, mmun("check", "--workers", "-1", FIXED).exit());
        assertEquals(66, mmun("check", "no-such-file.mmun").exit());
    }
}
