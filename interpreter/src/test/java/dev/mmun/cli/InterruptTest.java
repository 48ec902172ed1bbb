package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (a real SIGINT to a real mmun process) during a long search: the report so far, exit 130.
 * The time from the signal to the report is measured by bench/robust.sh, not here.
 */
class InterruptTest {
    @TempDir
    Path dir;

    /** COW-N with ptep_clear_flush (bench/cow-n.sh N buggy): CASE_B early, and a long search without reductions. */
    static String cow(int n) {
        return dev.mmun.explore.CowN.text(n, "ptep_clear_flush") + "expect CASE_B, STALE_READ\n";
    }

    private record Ended(int exit, String out, String err) {}

    /**
     * Starts mmun with args, sends SIGINT once ready(stdout, stderr) says it is well under way
     * (evidence, not a guess at how long the JVM takes to start: the machine may be loaded), and
     * waits for it to end.
     */
    private Ended interrupted(BiPredicate<String, String> ready, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(withSigintDefault());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmmun.progress=always", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!ready.test(Files.readString(out.toPath()), Files.readString(err.toPath()))) {
            boolean ended = p.waitFor(50, TimeUnit.MILLISECONDS);
            assertTrue(!ended, "mmun ended before the signal: " + Files.readString(out.toPath()) + Files.readString(err.toPath()));
            assertTrue(System.nanoTime() < deadline, "no sign of progress in 3 minutes: " + Files.readString(err.toPath()));
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mmun did not end after SIGINT");
        return new Ended(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    /**
     * A build started in the background by a non-interactive shell (`mvn verify &`, nohup, a CI
     * runner) ignores SIGINT, children inherit that, and the JVM then leaves SIGINT ignored: mmun
     * would never see the signal, which is right for a user's background job but not this test. So
     * when SIGINT is ignored here, mmun starts through perl (Debian's perl-base is essential), which
     * resets it to the default before exec.
     */
    static List<String> withSigintDefault() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return List.of();
        }
        String ign = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> l.substring("SigIgn:".length()).strip()).findFirst().orElse("0");
        boolean sigintIgnored = (Long.parseUnsignedLong(ign, 16) & (1L << (2 - 1))) != 0;
        if (!sigintIgnored) {
            return List.of();
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "SIGINT is ignored in this build and there is no perl to reset it");
        return List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"");
    }

    /** The largest state count the progress lines on err have shown. */
    static long statesShown(String err) {
        Matcher m = Pattern.compile("mmun check: (\\d+) states").matcher(err);
        long most = 0;
        while (m.find()) {
            most = Math.max(most, Long.parseLong(m.group(1)));
        }
        return most;
    }

    @Test
    void checkPrintsWhatItFoundAndExits130() throws Exception {
        Path f = dir.resolve("cow7.mmun");
        Files.writeString(f, cow(7), StandardCharsets.UTF_8);
        // BFS finds CASE_B within the first ~11,000 states of COW-7 without reductions (of millions)
        Ended e = interrupted((out, err) -> statesShown(err) >= 20_000, "check", "--no-por", "--no-symmetry", "--workers", "1", f.toString());
        assertEquals(Interrupt.EXIT, e.exit(), e.err());
        assertTrue(e.out().contains("stopped at Ctrl-C (interrupted) after"), e.out());
        assertTrue(e.out().contains("CASE_B  " + f), e.out());
        assertTrue(e.out().contains("states_stored"), e.out());
        assertTrue(e.err().contains("interrupted (Ctrl-C)"), e.err());
        // the progress line was rubbed out before the report
        int last = e.err().lastIndexOf("\rmmun check:");
        assertTrue(last >= 0 && e.err().indexOf("\r\u001b[K", last) > last, "a progress line left behind: " + e.err());
    }

    @Test
    void runStopsBetweenStepsAndReportsHowFarItWent() throws Exception {
        // what Ctrl-C does to run's thread (Interrupt.fire): the run stops at the next step, inconclusive
        Path f = dir.resolve("long-run.mmun");
        Files.writeString(f, "page A at 0x1000 = 0\ncpu T { repeat 1000 { write(A, 1) } }\n", StandardCharsets.UTF_8);
        dev.mmun.session.Session session = dev.mmun.session.Session.withStdlib();
        dev.mmun.session.Session.Compiled c = session.compile(f.toString(), System.in);
        Thread.currentThread().interrupt();
        dev.mmun.session.Outcome o;
        try {
            o = session.run(c.scenario(), 100_000);
        } finally {
            Thread.interrupted();
        }
        assertEquals(3, o.exitCode(), o.notes().toString());
        assertTrue(o.notes().contains("stopped at Ctrl-C (interrupted) after 0 steps"), o.notes().toString());
        // and without the signal the same run goes to its end
        assertEquals(0, session.run(c.scenario(), 100_000).exitCode());
        // Ctrl-C while the script is lowered (a long run has a long program): the lowering stops
        Thread.currentThread().interrupt();
        dev.mmun.session.Session.Compiled stopped;
        try {
            stopped = session.compile(f.toString(), System.in);
        } finally {
            Thread.interrupted();
        }
        assertTrue(stopped.scenario() == null && stopped.failure().diagnostics().toString().contains("interrupted (Ctrl-C) while lowering"),
                String.valueOf(stopped.failure()));
    }

    @Test
    void testWritesAWholeJunitReport() throws Exception {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        Files.writeString(suite.resolve("a-quick.mmun"), "page A at 0x1000 = 0\ncpu T { write(A, 1) }\nexpect ok\n");
        // COW-9: the reduced search of COW-7 can end within a few seconds
        Files.writeString(suite.resolve("b-cow7.mmun"), cow(9));
        Files.writeString(suite.resolve("c-never-started.mmun"), "page A at 0x1000 = 0\ncpu T { write(A, 1) }\nexpect ok\n");
        Path xml = dir.resolve("report.xml");
        // the first file's result is out: the COW-9 search has begun (it takes minutes)
        Ended e = interrupted((out, err) -> out.contains("a-quick.mmun"), "test", "--jobs", "1", "--format", "junit", "-o", xml.toString(), suite.toString());
        assertEquals(Interrupt.EXIT, e.exit(), e.err());
        String report = Files.readString(xml);
        assertTrue(report.strip().endsWith("</testsuites>") || report.strip().endsWith("</testsuite>"), report);
        assertTrue(report.contains("a-quick.mmun") && report.contains("c-never-started.mmun"), report);
        assertTrue(report.contains("interrupted (Ctrl-C)"), report);
        assertTrue(e.out().contains("1 passed, 2 failed"), e.out());
        assertTrue(e.err().contains("interrupted (Ctrl-C)"), e.err());
    }
}
