package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mmun.explore.BreadthFirst;
import dev.mmun.report.Style;
import dev.mmun.session.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long line pasted into the line editor as keys (no bracketed-paste markers), through an xterm
 * of 80 by 24 that JLine emulates over byte streams: the same line reader, redraws and display
 * as on a real terminal (bench/robust.sh times the same on a pseudo-terminal). JLine redrew the
 * whole input after every key, so such a paste cost the square of its length (issue 10: 16,000
 * characters 10 s, 100,000 no answer in 12 minutes).
 *
 * <p>The cost is the CPU time of the thread running the REPL, where the redraws happen; the least
 * of five runs after a warm-up, measured again before the growth check fails, as in GrowthTest.
 */
class PastedLineTest {
    private static final double BOUND = 20;

    @TempDir
    Path dir;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    /** What the terminal showed for these keys; cpu[0] gets the CPU time of the REPL in ns. */
    private String type(String keys, long[] cpu) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        String[] shown = new String[1];
        Throwable[] failed = new Throwable[1];
        Thread repl = new Thread(() -> {
            try (Terminal terminal = new ExternalTerminal(null, "mmun", "xterm-256color",
                    new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8,
                    Terminal.SignalHandler.SIG_DFL, false, null, new Size(80, 24))) {
                ReplSession session = new ReplSession(Session.withStdlib(), terminal.writer(), new Style(false), new BreadthFirst());
                long t0 = mx.getCurrentThreadCpuTime();
                Repl.interactive(session, terminal, dir.resolve("history"), null);
                cpu[0] = mx.getCurrentThreadCpuTime() - t0;
            } catch (Throwable t) {
                failed[0] = t;
            }
        }, "pasted-line-repl");
        repl.setDaemon(true);
        repl.start();
        // generous: the whole of a quadratic paste of 100,000 characters took longer than 12 minutes
        repl.join(120_000);
        assertTrue(!repl.isAlive(), "the REPL did not answer within 120 s");
        if (failed[0] != null) {
            throw new AssertionError(failed[0]);
        }
        shown[0] = screen.toString(StandardCharsets.UTF_8);
        return shown[0];
    }

    private static String line(int n) {
        return "page A at 0x1000 = 0 // " + "x".repeat(n);
    }

    @Test
    void aLongLineTypedAsKeysIsAnsweredAndShown() throws Exception {
        long[] cpu = new long[1];
        String screen = type(line(100_000) + "\r", cpu);
        assertTrue(screen.contains("pte fA rw"), screen.substring(Math.max(0, screen.length() - 2000)));
        // the last redraw happened: the end of the line is on the screen, just before the answer
        int answer = screen.indexOf("pte fA rw");
        assertTrue(screen.substring(0, answer).contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "the line was not drawn");
        System.out.printf("pasted line: 100000 characters answered in %.2f ms of CPU%n", cpu[0] / 1e6);
    }

    @Test
    void linesTypedAheadAreEachAnsweredAndShown() throws Exception {
        String screen = type("page A at 0x1000 = 0\rwrite(A, 5)\rr = read(A)\r:threads\r", new long[1]);
        String plain = screen.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        assertTrue(plain.contains("pte fA rw"), plain);
        assertTrue(plain.contains("A = 5"), plain);
        assertTrue(plain.contains("r = 5"), plain);
        // every accepted line was drawn whole after its prompt before its answer
        for (String typed : new String[] {"write(A, 5)", "r = read(A)", ":threads"}) {
            assertTrue(plain.contains(Repl.PROMPT + typed), typed + " not shown after its prompt:\n" + plain);
        }
    }

    @Test
    void tenTimesTheLineCostsAtMostTwentyTimesTheTime() throws Exception {
        assumeTrue(mx.isThreadCpuTimeSupported(), "no per-thread CPU time on this JVM");
        int n = 2_000;
        String small = line(n) + "\r";
        String large = line(10 * n) + "\r";
        long[] cpu = new long[1];
        type(small, cpu);
        type(large, cpu);
        long a = Long.MAX_VALUE;
        long b = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            for (int r = 0; r < 5; r++) {
                type(small, cpu);
                a = Math.min(a, cpu[0]);
                String screen = type(large, cpu);
                b = Math.min(b, cpu[0]);
                assertEquals(1, screen.split("pte fA rw", -1).length - 1, "one answer");
            }
            if (b <= BOUND * a) {
                break;
            }
        }
        System.out.printf("growth: pasted line (%d to %d characters): x%.1f (%.2f ms to %.2f ms of CPU)%n",
                n, 10 * n, (double) b / a, a / 1e6, b / 1e6);
        assertTrue(b <= BOUND * a, String.format("ten times the pasted line cost %.1f times the CPU time (%.2f ms to %.2f ms)",
                (double) b / a, a / 1e6, b / 1e6));
    }
}
