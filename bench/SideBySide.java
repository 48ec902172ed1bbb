// Two builds of mmun side by side in one JVM: each jar in its own class loader, the same COW-N
// search alternated A B B A A B ... (so neither always runs first), the searching thread's CPU
// time per search, one worker, reductions on. For before/after figures of a change to the search
// or the step on a machine that is loaded: both jars see the same load and the same JIT warm-up.
//
//   bench/cow-n.sh 6 fixed > /tmp/cow6.mmun
//   java -Xmx3g bench/SideBySide.java BEFORE.jar AFTER.jar /tmp/cow6.mmun ROUNDS
//
// BEFORE.jar and AFTER.jar are interpreter/target/mmun.jar of the two builds. Prints each search
// (CPU ms, states stored, bound) and each jar's median and minimum; read the ratio of the medians.
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.*;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;

public class SideBySide {
    public static void main(String[] a) throws Exception {
        String text = Files.readString(Path.of(a[2]));
        int rounds = Integer.parseInt(a[3]);
        Object[][] setup = new Object[2][];
        for (int j = 0; j < 2; j++) {
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(a[j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> session = cl.loadClass("dev.mmun.session.Session");
            Object s = session.getMethod("withStdlib").invoke(null);
            Class<?> sf = cl.loadClass("dev.mmun.diag.SourceFile");
            Object src = sf.getConstructor(String.class, String.class).newInstance("cow.mmun", text);
            Object compiled = session.getMethod("compile", sf).invoke(s, src);
            Object sc = compiled.getClass().getMethod("scenario").invoke(compiled);
            Class<?> ex = cl.loadClass("dev.mmun.explore.Explorer");
            Class<?> opts = cl.loadClass("dev.mmun.explore.Explorer$Options");
            Constructor<?> oc = opts.getConstructors()[0];
            Object o = oc.newInstance(true, true, 1, 0L, 0, 0L, null);
            setup[j] = new Object[] {ex.getConstructor(sc.getClass()), sc, ex.getMethod("explore", opts), o};
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[][] t = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < 2; j++) {
                Object[] s = setup[(r % 2 == 0) ? j : 1 - j];
                int k = (r % 2 == 0) ? j : 1 - j;
                System.gc();
                long c0 = mx.getCurrentThreadCpuTime();
                Object res = ((Method) s[2]).invoke(((Constructor<?>) s[0]).newInstance(s[1]), s[3]);
                long c1 = mx.getCurrentThreadCpuTime();
                t[k][r] = (c1 - c0) / 1_000_000;
                Object stats = res.getClass().getMethod("stats").invoke(res);
                System.out.printf("round %d %s: %d ms cpu, %s states, bound %s%n", r, k == 0 ? "before" : "after ", t[k][r],
                        stats.getClass().getMethod("stored").invoke(stats), res.getClass().getMethod("bound").invoke(res));
            }
        }
        for (int j = 0; j < 2; j++) {
            long[] x = t[j].clone();
            java.util.Arrays.sort(x);
            System.out.printf("%s: median %d ms, min %d ms (rounds after the first: %s)%n", j == 0 ? "before" : "after ", x[x.length / 2], x[0], java.util.Arrays.toString(java.util.Arrays.copyOfRange(t[j], 1, rounds)));
        }
    }
}
