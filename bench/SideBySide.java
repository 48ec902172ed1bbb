// Two builds of mmun side by side in one JVM: each jar in its own class loader, the same search
// alternated A B B A A B ... (so neither always runs first), each search's CPU time (the whole
// process's, so that every worker counts) and wall time. For before/after figures of a change to
// the search or the step on a machine that is loaded: both jars see the same load and the same JIT
// warm-up.
//
//   bench/cow-n.sh 6 fixed > /tmp/cow6.mmun
//   java -Xms3g -Xmx3g -XX:+UseTransparentHugePages bench/SideBySide.java BEFORE.jar AFTER.jar /tmp/cow6.mmun ROUNDS
//        [--no-por] [--no-symmetry] [--workers N] [--workers-b N] [--file-b FILE]
//
// A fixed heap (-Xms as -Xmx): with a heap that grows and shrinks between rounds, the same search
// of the same jar took either about 3.6 s or about 5 s (COW-5 raw, one worker, a quiet machine),
// as each round found its memory; with -Xms3g every round after the first took 3.4-3.7 s in three
// runs of four (docs/performance.md, "At stop 20").
//
// BEFORE.jar and AFTER.jar are interpreter/target/mmun.jar of the two builds (the same jar twice
// compares a setting with itself: the noise). The default is one worker, reductions on. Prints each
// search (CPU ms, wall ms, states stored, states per CPU second and per wall second, bound) and
// each jar's median and best; read the ratio of the medians, which it prints last. --workers-b gives
// B another number of workers (the same jar twice: how the search scales), --file-b another
// scenario (the same jar twice: buggy against fixed, in states per second).
import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.Arrays;

public class SideBySide {
    public static void main(String[] a) throws Exception {
        String text = Files.readString(Path.of(a[2]));
        int rounds = Integer.parseInt(a[3]);
        boolean por = true;
        boolean sym = true;
        int workers = 1;
        int workersB = -1;
        String fileB = null;
        for (int i = 4; i < a.length; i++) {
            switch (a[i]) {
                case "--no-por" -> por = false;
                case "--no-symmetry" -> sym = false;
                case "--workers" -> workers = Integer.parseInt(a[++i]);
                case "--workers-b" -> workersB = Integer.parseInt(a[++i]);
                case "--file-b" -> fileB = a[++i];
                default -> throw new IllegalArgumentException("unknown option " + a[i]);
            }
        }
        Object[][] setup = new Object[2][];
        for (int j = 0; j < 2; j++) {
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(a[j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> session = cl.loadClass("dev.mmun.session.Session");
            Object s = session.getMethod("withStdlib").invoke(null);
            Class<?> sf = cl.loadClass("dev.mmun.diag.SourceFile");
            String t = j == 1 && fileB != null ? Files.readString(Path.of(fileB)) : text;
            Object src = sf.getConstructor(String.class, String.class).newInstance("cow.mmun", t);
            Object compiled = session.getMethod("compile", sf).invoke(s, src);
            Object sc = compiled.getClass().getMethod("scenario").invoke(compiled);
            Class<?> ex = cl.loadClass("dev.mmun.explore.Explorer");
            Class<?> opts = cl.loadClass("dev.mmun.explore.Explorer$Options");
            Constructor<?> oc = opts.getConstructors()[0];
            Object o = oc.newInstance(por, sym, j == 1 && workersB > 0 ? workersB : workers, 0L, 0, 0L, null);
            setup[j] = new Object[] {ex.getConstructor(sc.getClass()), sc, ex.getMethod("explore", opts), o};
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("options: por %s, symmetry %s, workers %d (B: %d), B's file %s; load average %s%n", por, sym,
                workers, workersB > 0 ? workersB : workers, fileB == null ? "the same" : fileB,
                Files.readString(Path.of("/proc/loadavg")).trim());
        long[][] cpu = new long[2][rounds];
        long[][] wall = new long[2][rounds];
        long[] states = new long[2];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < 2; j++) {
                int k = (r % 2 == 0) ? j : 1 - j;
                Object[] s = setup[k];
                System.gc();
                long c0 = os.getProcessCpuTime();
                long w0 = System.nanoTime();
                Object res = ((Method) s[2]).invoke(((Constructor<?>) s[0]).newInstance(s[1]), s[3]);
                wall[k][r] = (System.nanoTime() - w0) / 1_000_000;
                cpu[k][r] = (os.getProcessCpuTime() - c0) / 1_000_000;
                Object stats = res.getClass().getMethod("stats").invoke(res);
                states[k] = (Long) stats.getClass().getMethod("stored").invoke(stats);
                System.out.printf("round %d %s: %6d ms cpu %6d ms wall, %d states, %6.0f k/cpu-s %6.0f k/wall-s, bound %s%n", r,
                        k == 0 ? "A" : "B", cpu[k][r], wall[k][r], states[k], states[k] / (double) cpu[k][r],
                        states[k] / (double) wall[k][r], res.getClass().getMethod("bound").invoke(res));
            }
        }
        double[] medCpu = new double[2];
        double[] medWall = new double[2];
        for (int j = 0; j < 2; j++) {
            // the first round warms the JIT up: it is left out of the figures
            long[] c = Arrays.copyOfRange(cpu[j], rounds > 1 ? 1 : 0, rounds);
            long[] w = Arrays.copyOfRange(wall[j], rounds > 1 ? 1 : 0, rounds);
            Arrays.sort(c);
            Arrays.sort(w);
            medCpu[j] = c[c.length / 2];
            medWall[j] = w[w.length / 2];
            System.out.printf("%s %s: cpu median %d ms (best %d), wall median %d ms (best %d); %d states: %.0f k states per cpu-s, %.0f k per wall-s (medians)%n",
                    j == 0 ? "A" : "B", a[j], c[c.length / 2], c[0], w[w.length / 2], w[0], states[j],
                    states[j] / medCpu[j], states[j] / medWall[j]);
        }
        System.out.printf("B/A states per second: %.2f cpu, %.2f wall (medians)%n",
                (states[1] / medCpu[1]) / (states[0] / medCpu[0]), (states[1] / medWall[1]) / (states[0] / medWall[0]));
        System.out.printf("load average at the end %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
