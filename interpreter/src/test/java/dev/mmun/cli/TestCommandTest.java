package dev.mmun.cli;

import static dev.mmun.cli.CliTest.mmun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mmun test` in text: the samples pass, each status and its line, exit codes, filters, order. */
class TestCommandTest {
    static final Pattern CLOSING = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?$");

    static Path root() {
        return Path.of(System.getProperty("mmun.root", ".."));
    }

    /** A small suite with one file of each kind, in a temp folder. */
    static Path suite(Path dir) throws IOException {
        write(dir, "a-pass.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\nexpect ok\nforall (T:r == 1)\n");
        write(dir, "b-wrong-verdict.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\nexpect CASE_B, STALE_READ\n");
        write(dir, "c-wrong-final.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\nexists (T:r == 2)\n");
        write(dir, "d-syntax.mmun", "page A at 0x1000 = 0\ncpu T { write(A, 1) @ }\n");
        write(dir, "e-skipped.mmun", "// mmun-test: skip waiting for the kvm device\nthis does not parse\n");
        write(dir, "sub/f-loop.mmun", "cpu T { n = 0; while (n >= 0) max 3 { n = n + 1 } }\nmode run\n");
        return dir;
    }

    static void write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    static int[] closing(String out) {
        Matcher m = CLOSING.matcher(out);
        assertTrue(m.find(), "no closing line in:\n" + out);
        int[] n = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
        assertFalse(m.find(), "two closing lines in:\n" + out);
        return n;
    }

    @Test
    void everySamplePasses() throws IOException {
        Path samples = root().resolve("samples");
        long files;
        try (Stream<Path> s = Files.walk(samples)) {
            files = s.filter(p -> p.toString().endsWith(".mmun")).count();
        }
        CliTest.Result r = mmun("", "test", "--color", "never", samples.toString());
        int[] n = closing(r.out());
        System.out.println("mmun test samples/ -> " + r.out().strip().lines().reduce((a, b) -> b).orElse(""));
        assertEquals(0, n[1], r.out());
        assertEquals(files, n[0] + n[2], r.out());
        assertTrue(n[0] >= files - n[2] && n[0] > 0, r.out());
        assertTrue(r.out().strip().endsWith(n[0] + " passed, 0 failed" + (n[2] > 0 ? ", " + n[2] + " skipped" : "")), r.out());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void oneLinePerFileWithTheFirstMismatchAndTheRerunCommand(@TempDir Path dir) throws IOException {
        String d = suite(dir).toString();
        CliTest.Result r = mmun("", "test", "--color", "never", "--jobs", "2", d);
        String out = r.out();
        assertTrue(out.matches("(?s)(.*\n)?ok +\\S*a-pass\\.mmun +ok +\\(run, \\d+ ms\\)\n.*"), out);
        assertTrue(out.contains("FAIL  " + d + "/b-wrong-verdict.mmun"), out);
        assertTrue(out.contains("      expected CASE_B, STALE_READ; got ok\n      re-run: ./mmun run " + d + "/b-wrong-verdict.mmun\n"), out);
        assertTrue(out.contains("      exists (T:r == 2): expected Sometimes or Always, got Never\n"), out);
        assertTrue(out.contains("ERROR " + d + "/d-syntax.mmun"), out);
        assertTrue(out.contains("d-syntax.mmun:2:21: error: unexpected character '@'"), out);
        assertTrue(out.contains("skip  " + d + "/e-skipped.mmun"), out);
        assertTrue(out.contains("(waiting for the kvm device)"), out);
        assertTrue(out.contains("INCONCLUSIVE " + d + "/sub/f-loop.mmun"), out);
        assertTrue(out.contains("      inconclusive: LOOP_BOUND"), out);
        assertTrue(out.indexOf("a-pass") < out.indexOf("b-wrong") && out.indexOf("e-skipped") < out.indexOf("sub/f-loop"), out);
        assertTrue(out.endsWith("\n1 passed, 4 failed, 1 skipped\n"), out);
        assertEquals(65, r.code(), "an error in a script outranks a failed expectation");
    }

    @Test
    void aFolderNamedThroughASymlinkIsWalked(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("a-pass.mmun"), "page A at 0x1000 = 0\ncpu T { write(A, 1) }\nexpect ok\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        CliTest.Result r = mmun("", "test", "--color", "never", link.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(link + "/a-pass.mmun"), r.out());
    }

    @Test
    void exitCodesFollowTheMostSeriousFile(@TempDir Path dir) throws IOException {
        suite(dir);
        assertEquals(0, mmun("", "test", dir.resolve("a-pass.mmun").toString()).code());
        assertEquals(0, mmun("", "test", dir.resolve("a-pass.mmun").toString(), dir.resolve("e-skipped.mmun").toString()).code());
        assertEquals(1, mmun("", "test", dir.resolve("a-pass.mmun").toString(), dir.resolve("b-wrong-verdict.mmun").toString()).code());
        assertEquals(3, mmun("", "test", dir.resolve("sub").toString()).code());
        assertEquals(1, mmun("", "test", dir.resolve("sub").toString(), dir.resolve("c-wrong-final.mmun").toString()).code());
        assertEquals(65, mmun("", "test", dir.resolve("d-syntax.mmun").toString()).code());
        CliTest.Result missing = mmun("", "test", "--color", "never", dir.resolve("a-pass.mmun").toString(), dir.resolve("nope").toString());
        assertEquals(66, missing.code());
        assertTrue(missing.out().contains("no such file or folder"), missing.out());
        assertTrue(missing.out().contains("1 passed, 1 failed"), missing.out());
        write(dir, "sub/.hidden/x.mmun", "this does not parse\n");
        assertEquals(3, mmun("", "test", dir.resolve("sub").toString()).code(), "hidden folders are left out");
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(66, mmun("", "test", dir.resolve("empty").toString()).code());
    }

    @Test
    void filtersLeaveFilesOutAndCountThemSkipped(@TempDir Path dir) throws IOException {
        String d = suite(dir).toString();
        CliTest.Result r = mmun("", "test", "--color", "never", "--filter", "*pass*", d);
        assertTrue(r.out().endsWith("\n1 passed, 0 failed, 5 skipped\n"), r.out());
        assertFalse(r.out().contains("wrong-verdict"), r.out());
        assertEquals(0, r.code());
        CliTest.Result sub = mmun("", "test", "--color", "never", "--filter", "**/sub/*", "--filter", "*final*", d);
        assertTrue(sub.out().endsWith("\n0 passed, 2 failed, 4 skipped\n"), sub.out());
        assertEquals(1, sub.code());
    }

    @Test
    void theSameReportWithOneJobOrFour(@TempDir Path dir) throws IOException {
        suite(dir);
        for (int i = 0; i < 24; i++) {
            write(dir, "gen/g" + i + ".mmun", "page A at 0x1000 = " + i + "\ncpu T { r = read(A); write(A, r + 1) }\n"
                    + "mode run\nforall (T:r == " + (i % 5 == 0 ? i + 1 : i) + ")\n");
        }
        String one = stripTimes(mmun("", "test", "--color", "never", "--jobs", "1", dir.toString()).out());
        String four = stripTimes(mmun("", "test", "--color", "never", "--jobs", "4", dir.toString()).out());
        assertEquals(one, four.replace("with 4 jobs", "with 1 job"));
        assertTrue(one.contains("20 passed, 9 failed, 1 skipped"), one);
    }

    static String stripTimes(String out) {
        return out.replaceAll("\\d+(\\.\\d+)? (ms|s)\\)", "T)").replaceAll("(?m)^\\d+ files in .*$", "");
    }

    @Test
    void aFileOverTheTimeLimitIsInconclusive(@TempDir Path dir) throws IOException {
        write(dir, "slow.mmun", "page A at 0x1000 = 0\ncpu T { repeat 300 { repeat 300 { write(A, 1) } } }\nmode run\n");
        write(dir, "quick.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        long t0 = System.nanoTime();
        CliTest.Result r = mmun("", "test", "--color", "never", "--timeout", "50ms", dir.toString());
        assertTrue(r.out().contains("INCONCLUSIVE " + dir + "/slow.mmun"), r.out());
        assertTrue(r.out().contains("inconclusive: the time limit of 50 ms was hit (--timeout)"), r.out());
        assertTrue(r.out().contains("1 passed, 1 failed"), r.out());
        assertEquals(3, r.code());
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "the suite did not wait for the slow file");
    }

    @Test
    void theFilesAfterOneStoppedAtTheTimeLimitAreJudgedWhole(@TempDir Path dir) throws IOException {
        // one job: the files share the workers, and the interrupt that stops the slow file must not
        // reach the next file its worker takes
        // tens of seconds of steps (16 threads of 100,000 writes); a limit the quick files meet on a loaded machine
        StringBuilder slow = new StringBuilder("page A at 0x1000 = 0\n");
        for (int i = 0; i < 16; i++) {
            slow.append("cpu T").append(i).append(" { repeat 100 { repeat 1000 { write(A, 1) } } }\n");
        }
        write(dir, "a-slow.mmun", slow.append("mode run\n").toString());
        for (int i = 0; i < 6; i++) {
            write(dir, "b" + i + ".mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        }
        CliTest.Result r = mmun("", "test", "--color", "never", "--jobs", "1", "--timeout", "1s", dir.toString());
        assertTrue(r.out().contains("INCONCLUSIVE " + dir + "/a-slow.mmun"), r.out());
        assertTrue(r.out().contains("6 passed, 1 failed"), r.out());
        assertEquals(3, r.code());
    }

    @Test
    void verboseShowsTheFullReportOfFailures(@TempDir Path dir) throws IOException {
        suite(dir);
        CliTest.Result r = mmun("", "test", "--color", "never", "-v", dir.resolve("b-wrong-verdict.mmun").toString());
        assertTrue(r.out().contains("      | verdict: ok; expected CASE_B, STALE_READ: NOT MET"), r.out());
    }

    @Test
    void badCommandLinesAre64(@TempDir Path dir) throws IOException {
        suite(dir);
        String d = dir.toString();
        assertEquals(64, mmun("", "test").code());
        assertEquals(64, mmun("", "test", "--jobs", "-1", d).code());
        assertEquals(64, mmun("", "test", "--timeout", "soon", d).code());
        assertEquals(64, mmun("", "test", "--format", "yaml", d).code());
        assertEquals(64, mmun("", "test", "--filter", "[", d).code());
        CliTest.Result r = mmun("", "test", "--output", dir.resolve("no/such/dir/report.xml").toString(), d);
        assertEquals(64, r.code());
        assertTrue(r.err().contains("cannot write"), r.err());
    }

    @Test
    void helpSaysWhatEachLineAndExitCodeMeans() {
        CliTest.Result r = mmun("", "test", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("INCONCLUSIVE"), r.out());
        assertTrue(r.out().contains("skipped' counts"), r.out());
        assertTrue(r.out().contains("--jobs"), r.out());
    }
}
