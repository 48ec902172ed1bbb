package dev.mmun.cli;

import static dev.mmun.cli.CliTest.mmun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mmun check --part I/N` and `--merge` on the command line: files, verdicts, exit codes, refusals. */
class CheckPartsTest {
    private static String sample() {
        return CliTest.sample("case-b-threads.mmun").toString();
    }

    /** Parts 1..n of a scenario into dir, as part-I-of-N.json; returns their paths. */
    private static String[] parts(Path dir, String file, int n, String... extra) {
        String[] out = new String[n];
        for (int i = 1; i <= n; i++) {
            Path f = dir.resolve("part-" + i + "-of-" + n + ".json");
            String[] args = new String[6 + extra.length];
            System.arraycopy(new String[] {"check", "--part", i + "/" + n, "-o", f.toString(), file}, 0, args, 0, 6);
            System.arraycopy(extra, 0, args, 6, extra.length);
            CliTest.Result r = mmun("", args);
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("part " + i + "/" + n + " of " + file + ": split at depth "), r.out());
            out[i - 1] = f.toString();
        }
        return out;
    }

    private static CliTest.Result merge(String... files) {
        String[] args = new String[files.length + 4];
        args[0] = "check";
        args[1] = "--merge";
        args[2] = "--color";
        args[3] = "never";
        System.arraycopy(files, 0, args, 4, files.length);
        return mmun("", args);
    }

    @Test
    void theMergedPartsPrintWhatTheWholeSearchPrints(@TempDir Path dir) {
        CliTest.Result whole = mmun("", "check", "--color", "never", "--workers", "1", sample());
        String[] p = parts(dir, sample(), 3, "--split-depth", "3");
        CliTest.Result merged = merge(p);
        assertEquals(whole.code(), merged.code(), merged.out() + merged.err());
        assertTrue(merged.out().contains("note: merged 3 parts, split at depth 3"), merged.out());
        String verdict = "verdict: violation: CASE_B, STALE_READ; expected CASE_B, STALE_READ: met";
        assertTrue(whole.out().contains(verdict) && merged.out().contains(verdict), merged.out());
        assertTrue(merged.out().contains("[time "), "the counterexample's timeline: " + merged.out());
        Path trace = dir.resolve("t.mmun");
        CliTest.Result emitted = mmun("", "check", "--merge", "--no-trace", "--emit-trace", trace.toString(), p[0], p[1], p[2]);
        assertEquals(0, emitted.code(), emitted.err());
        assertTrue(Files.exists(trace));
    }

    @Test
    void theMergedPartsListTheFinalStatesAndWriteAWitness(@TempDir Path dir) throws Exception {
        CliTest.Result whole = mmun("", "check", "--color", "never", "--no-trace", "--workers", "1", sample());
        String[] p = parts(dir, sample(), 3, "--split-depth", "12");
        CliTest.Result merged = mmun("", "check", "--merge", "--no-trace", "--color", "never", p[0], p[1], p[2]);
        String states = "States 4\n";
        assertTrue(whole.out().contains(states) && merged.out().contains(states), merged.out());
        for (String v : new String[] {"r0=0; DEV-thread-2:r1=0;", "r0=0; DEV-thread-2:r1=1;", "r0=1; DEV-thread-2:r1=0;",
                "r0=1; DEV-thread-2:r1=1;"}) {
            assertTrue(merged.out().contains("DEV-thread-0:" + v), v + ": " + merged.out());
        }
        Path trace = dir.resolve("w.mmun");
        CliTest.Result emitted = mmun("", "check", "--merge", "--no-trace", "--trace", "final", "--emit-trace",
                trace.toString(), p[0], p[1], p[2]);
        assertEquals(0, emitted.code(), emitted.err());
        // the witness replayed on its own reaches the exists: the same condition holds on its one schedule
        CliTest.Result replayed = mmun("", "run", "--color", "never", trace.toString());
        assertTrue(replayed.out().contains("exists (DEV-thread-0:r0 == 0 /\\ DEV-thread-2:r1 == 1)"), replayed.out() + replayed.err());
        assertTrue(replayed.out().contains("States 1\n") && replayed.out().contains("DEV-thread-0:r0=0; DEV-thread-2:r1=1;"),
                replayed.out());
    }

    @Test
    void aMergedViolationThatIsNotExpectedExitsOneAndJsonIsOneObject(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("unexpected.mmun");
        Files.writeString(f, Files.readString(Path.of(sample())).replace("expect CASE_B, STALE_READ", ""));
        String[] p = parts(dir, f.toString(), 2, "--split-depth", "5");
        CliTest.Result merged = mmun("", "check", "--merge", "--format", "json", p[0], p[1]);
        assertEquals(1, merged.code(), merged.err());
        assertEquals(1, merged.out().strip().lines().count(), merged.out());
        assertTrue(merged.out().contains("\"verdict\":\"violation\""), merged.out());
    }

    @Test
    void badPartsAreUsageErrorsAndNothingIsWritten(@TempDir Path dir) {
        for (String bad : new String[] {"0/3", "4/3", "3", "1/0", "x/y", "1/2/3", " /2"}) {
            Path out = dir.resolve("p.json");
            CliTest.Result r = mmun("", "check", "--part", bad, "-o", out.toString(), sample());
            assertEquals(64, r.code(), bad + ": " + r.err());
            assertTrue(r.err().startsWith("mmun check: --part: '" + bad + "'"), r.err());
            assertTrue(!Files.exists(out), bad);
        }
        assertEquals(64, mmun("", "check", "--part", "1/2", sample(), sample()).code());
        assertEquals(64, mmun("", "check", "--part", "1/2", "--random", "5", sample()).code());
        assertEquals(64, mmun("", "check", "--split-depth", "3", sample()).code());
        assertEquals(64, mmun("", "check", "--part", "1/2", "--split-depth", "-1", sample()).code());
    }

    @Test
    void mergeRefusesPartsThatAreNotOneSearchsParts(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path c = Files.createDirectories(dir.resolve("c"));
        Path d = Files.createDirectories(dir.resolve("d"));
        String[] three = parts(a, sample(), 3, "--split-depth", "3");
        String[] two = parts(b, sample(), 2, "--split-depth", "3");
        String[] other = parts(c, CliTest.sample("case-b-threads-fixed.mmun").toString(), 3, "--split-depth", "3");
        String[] noPor = parts(d, sample(), 3, "--split-depth", "3", "--no-por");

        CliTest.Result missing = merge(three[0], three[2]);
        assertEquals(64, missing.code());
        assertTrue(missing.err().contains("missing part 2/3 of "), missing.err());
        CliTest.Result twice = merge(three[0], three[1], three[2], three[1]);
        assertEquals(64, twice.code());
        assertTrue(twice.err().contains("are both part 2/3"), twice.err());
        CliTest.Result mixedN = merge(three[0], three[1], three[2], two[0]);
        assertEquals(64, mixedN.code());
        assertTrue(mixedN.err().contains("is part 1 of 2, but"), mixedN.err());
        CliTest.Result scenarios = merge(three[0], other[1], three[2]);
        assertEquals(64, scenarios.code());
        assertTrue(scenarios.err().contains("is a part of another scenario than"), scenarios.err());
        CliTest.Result options = merge(three[0], noPor[1], three[2]);
        assertEquals(64, options.code());
        assertTrue(options.err().contains("different options"), options.err());

        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "{\"format\": ");
        CliTest.Result broken = merge(notJson.toString());
        assertEquals(65, broken.code());
        assertTrue(broken.err().startsWith("mmun check --merge: " + notJson + ": not a part file of mmun check --part (not JSON: 1:12"), broken.err());
        Path notPart = dir.resolve("report.json");
        Files.writeString(notPart, "{\"file\": \"x.mmun\", \"verdict\": \"ok\"}\n");
        assertEquals(65, merge(notPart.toString()).code());
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, Files.readString(Path.of(three[1])).replace("expect CASE_B, STALE_READ", "expect ok"));
        CliTest.Result changed = merge(three[0], tampered.toString(), three[2]);
        assertEquals(65, changed.code());
        assertTrue(changed.err().contains("does not match its sha256"), changed.err());
        CliTest.Result gone = merge(three[0], dir.resolve("nope.json").toString());
        assertEquals(66, gone.code());
        assertTrue(gone.err().contains("cannot read " + dir.resolve("nope.json") + ": no such file"), gone.err());
    }
}
