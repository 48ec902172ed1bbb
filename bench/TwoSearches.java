// What two workers cost beyond two cores: in one JVM, the same search run three ways, alternated
// round by round: one worker alone; two one-worker searches at once, each on a thread of its own
// (independent: they share the cores, the caches and the memory, nothing of the search); and one
// search with two workers. CPU time per state (the process's) for each way: if two independent
// searches cost as much per state as one alone, the machine runs two at full speed, and what two
// workers cost beyond that is the search's own sharing (parts, merges, the shared visited set):
// the last line, two workers against two searches at once.
//
//   bench/cow-n.sh 5 fixed > /tmp/cow5f.mmun
//   java -Xms6g -Xmx6g -XX:+UseTransparentHugePages bench/TwoSearches.java mmun.jar /tmp/cow5f.mmun ROUNDS
//
// The search is without reductions (--no-por --no-symmetry), as issue 11's targets are. The first
// round warms the JIT up and is left out of the medians. The heap must hold two searches at once.
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class TwoSearches {
    static Constructor<?> explorer;
    static Method explore;
    static Object scenario;
    static Object one;
    static Object two;

    public static void main(String[] a) throws Exception {
        if (a.length != 3) {
            System.err.println("usage: java -Xms6g -Xmx6g bench/TwoSearches.java MMUN.jar FILE.mmun ROUNDS");
            System.exit(64);
        }
        ClassLoader cl = new URLClassLoader(new URL[] {Path.of(a[0]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Object session = cl.loadClass("dev.mmun.session.Session").getMethod("withStdlib").invoke(null);
        Class<?> sf = cl.loadClass("dev.mmun.diag.SourceFile");
        Object src = sf.getConstructor(String.class, String.class).newInstance("search.mmun", Files.readString(Path.of(a[1])));
        Object compiled = session.getClass().getMethod("compile", sf).invoke(session, src);
        scenario = compiled.getClass().getMethod("scenario").invoke(compiled);
        Class<?> ex = cl.loadClass("dev.mmun.explore.Explorer");
        Class<?> opts = cl.loadClass("dev.mmun.explore.Explorer$Options");
        explorer = ex.getConstructor(scenario.getClass());
        explore = ex.getMethod("explore", opts);
        Constructor<?> oc = opts.getConstructors()[0];
        one = oc.newInstance(false, false, 1, 0L, 0, 0L, null);
        two = oc.newInstance(false, false, 2, 0L, 0, 0L, null);
        int rounds = Integer.parseInt(a[2]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] ways = {"one worker alone", "two one-worker searches at once", "one search, two workers"};
        double[][] nsPerState = new double[3][rounds];
        double[][] wallPerState = new double[3][rounds];
        System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 3; i++) {
                int w = (i + r) % 3;
                System.gc();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                long states = switch (w) {
                    case 0 -> search(one);
                    case 1 -> pair();
                    default -> search(two);
                };
                long cpu = os.getProcessCpuTime() - c0;
                long wall = System.nanoTime() - t0;
                nsPerState[w][r] = cpu / (double) states;
                wallPerState[w][r] = wall / (double) states;
                System.out.printf("round %d, %-32s %9d states, %6.0f ns cpu per state, %6.0f ns wall per state%n", r, ways[w] + ":",
                        states, nsPerState[w][r], wallPerState[w][r]);
            }
        }
        double[] med = new double[3];
        double[] medWall = new double[3];
        for (int w = 0; w < 3; w++) {
            med[w] = median(nsPerState[w], rounds);
            medWall[w] = median(wallPerState[w], rounds);
            System.out.printf("%-32s %6.0f ns cpu per state, %6.0f ns wall per state (medians)%n", ways[w] + ":", med[w], medWall[w]);
        }
        System.out.printf("CPU per state against one alone: two at once %.2fx, two workers %.2fx; two workers' wall speed %.2fx one alone's%n",
                med[1] / med[0], med[2] / med[0], medWall[0] / medWall[2]);
        // both of these keep both cores busy, so a slow spell of the host hits them alike: the
        // steadier figure of what the search's own sharing costs
        System.out.printf("two workers against two searches at once: %.2fx the CPU per state%n", med[2] / med[1]);
        System.out.printf("load average at the end %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    static long search(Object options) throws Exception {
        Object res = explore.invoke(explorer.newInstance(scenario), options);
        Object stats = res.getClass().getMethod("stats").invoke(res);
        return (Long) stats.getClass().getMethod("stored").invoke(stats);
    }

    /** Two one-worker searches at once; the states of both. */
    static long pair() throws Exception {
        long[] got = new long[1];
        Exception[] failed = new Exception[1];
        Thread other = new Thread(() -> {
            try {
                got[0] = search(one);
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        other.start();
        long mine = search(one);
        other.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return mine + got[0];
    }

    static double median(double[] v, int rounds) {
        double[] c = Arrays.copyOfRange(v, rounds > 1 ? 1 : 0, rounds);
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
