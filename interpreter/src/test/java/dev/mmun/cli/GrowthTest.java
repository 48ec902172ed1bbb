package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growth (issue 10): for each input shape, ten times the input costs at most twenty times as much,
 * every phase included (read, lex, parse, check, lower, run or explore, report).
 *
 * <p>The cost is the CPU time of this thread running the command in-process: {@code check
 * --workers 1} without {@code --timeout} does all its work on the calling thread. Not wall time:
 * on a loaded machine that varies tenfold; one thread's CPU time hardly does. Each size is
 * measured five times after two warm-up rounds and the least is kept (a collection or a cold cache
 * only ever adds); a ratio over the bound is measured again, three rounds in all, before it fails.
 * The sizes are small (a build runs this) but large enough that a quadratic phase shows: the
 * quadratic long line of the issue took 27 s at 20,000 characters.
 */
class GrowthTest {
    private static final double BOUND = 20;

    @TempDir
    Path dir;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    /** A shape: the script for size n, the smaller size, the commands, the exit codes they may give. */
    private record Shape(String name, IntFunction<String> script, int n, List<String[]> commands, Set<Integer> exits) {}

    private static final String[] RUN = {"run", "--color", "never"};
    private static final String[] CHECK = {"check", "--workers", "1", "--color", "never"};

    @Test
    void aLongLine() throws Exception {
        grows(new Shape("long line", n -> "page A at 0x1000 = 0 cow\n// " + "x".repeat(n) + "\npage " + "B".repeat(n)
                + " at 0x2000 = 0\ncpu T { write(A, 1) }\n", 20_000, List.of(RUN, CHECK), Set.of(0, 1)));
    }

    @Test
    void manyLines() throws Exception {
        grows(new Shape("many lines", n -> "page A at 0x1000 = 0\ncpu T {\n" + "  write(A, 1)\n  r = read(A)\n".repeat(n) + "}\n",
                100, List.of(RUN, CHECK), Set.of(0)));
    }

    @Test
    void deepNesting() throws Exception {
        // 6 to 60 levels: the parser takes 64
        grows(new Shape("deep nesting", n -> "page A at 0x1000 = 0\ncpu T {\n  r = read(A)\n" + "  if (r == 0) {\n".repeat(n)
                + "  write(A, 1)\n" + "  }\n".repeat(n) + "}\n", 6, List.of(RUN, CHECK), Set.of(0)));
    }

    @Test
    void nestingPastTheBound() throws Exception {
        // 100 to 1000 levels: rejected (65), as fast as a short file is
        grows(new Shape("nesting past the bound", n -> "page A at 0x1000 = 0\ncpu T {\n" + "  if (1 == 1) {\n".repeat(n)
                + "  r = read(A) repeat 2 { (((" + "}\n".repeat(n) + "}\n", 100, List.of(RUN, CHECK), Set.of(65)));
    }

    @Test
    void manyThreads() throws Exception {
        // 6 to 60 threads: a file takes 64
        grows(new Shape("many threads", n -> {
            StringBuilder s = new StringBuilder("page A at 0x1000 = 0\n");
            for (int i = 0; i < n; i++) {
                s.append("cpu T").append(i).append(" { r = read(A) }\n");
            }
            return s.toString();
        }, 6, List.of(RUN, CHECK), Set.of(0)));
    }

    @Test
    void aLongTimeline() throws Exception {
        // run only: check explores every interleaving of the two threads' programs, n^2 states by nature
        grows(new Shape("long timeline", n -> {
            StringBuilder s = new StringBuilder("page A at 0x1000 = 0\ndevice iommu ats\ncpu C\ndev D on iommu\n");
            for (int i = 0; i < n; i++) {
                s.append("[time ").append(i).append("] ----\nC  {write(A, ").append(i % 7).append(")}\nD  {r = read(A)}\n");
            }
            return s.toString();
        }, 50, List.<String[]>of(RUN), Set.of(0, 1)));
    }

    @Test
    void manyPages() throws Exception {
        // 3 to 30 pages: a file takes 31 frames, a page maps one
        grows(new Shape("many pages", n -> {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                s.append("page P").append(i).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000)).append(" = 0\n");
            }
            s.append("cpu T {\n");
            for (int i = 0; i < n; i++) {
                s.append("  write(P").append(i).append(", 1)\n");
            }
            return s.append("}\n").toString();
        }, 3, List.of(RUN, CHECK), Set.of(0)));
    }

    private void grows(Shape shape) throws Exception {
        assumeTrue(mx.isCurrentThreadCpuTimeSupported(), "no per-thread CPU time on this JVM");
        Path small = dir.resolve("small.mmun");
        Path large = dir.resolve("large.mmun");
        Files.writeString(small, shape.script().apply(shape.n()), StandardCharsets.UTF_8);
        Files.writeString(large, shape.script().apply(10 * shape.n()), StandardCharsets.UTF_8);
        for (String[] cmd : shape.commands()) {
            String what = shape.name() + ", " + cmd[0] + " (" + shape.n() + " to " + 10 * shape.n() + ")";
            for (int w = 0; w < 2; w++) {
                cost(cmd, small, shape.exits(), what);
                cost(cmd, large, shape.exits(), what);
            }
            long a = Long.MAX_VALUE;
            long b = Long.MAX_VALUE;
            // more rounds only while the bound is not met: on a loaded machine the JIT's threads get the
            // cores late, and a run still interpreted costs the thread several times its compiled cost
            for (int round = 0; round < 8; round++) {
                for (int r = 0; r < 5; r++) {
                    a = Math.min(a, cost(cmd, small, shape.exits(), what));
                    b = Math.min(b, cost(cmd, large, shape.exits(), what));
                }
                if (b <= BOUND * a) {
                    break;
                }
            }
            System.out.printf("growth: %s: x%.1f (%.2f ms to %.2f ms of CPU)%n", what, (double) b / a, a / 1e6, b / 1e6);
            assertTrue(b <= BOUND * a, String.format("%s: ten times the input cost %.1f times the CPU time (%.2f ms to %.2f ms)",
                    what, (double) b / a, a / 1e6, b / 1e6));
        }
    }

    /** The CPU time of this thread running the command on file, in ns. */
    private long cost(String[] cmd, Path file, Set<Integer> exits, String what) {
        List<String> args = new ArrayList<>(List.of(cmd));
        args.add(file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = mx.getCurrentThreadCpuTime();
        int exit = MmunCommand.execute(args.toArray(new String[0]), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        long spent = mx.getCurrentThreadCpuTime() - t0;
        assertTrue(exits.contains(exit), what + ": exit " + exit + "\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        return spent;
    }
}
