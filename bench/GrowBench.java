// The visited set's last doubling in a COW-5-sized search (2^22 -> 2^23 slots, 2.9 M fingerprints)
// by two builds alternated in one JVM: the calling thread's CPU and the wall time of reserve() with
// THREADS threads (the first rounds are not compiled yet: read the later ones).
//
//   java -Xmx3g -XX:+UseTransparentHugePages bench/GrowBench.java A.jar B.jar ROUNDS THREADS
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Random;

public class GrowBench {
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a[2]);
        int threads = Integer.parseInt(a[3]);
        var mx = ManagementFactory.getThreadMXBean();
        Class<?>[] cls = new Class<?>[2];
        for (int j = 0; j < 2; j++) {
            cls[j] = new URLClassLoader(new URL[] {Path.of(a[j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader())
                    .loadClass("dev.mmun.explore.FingerprintSet");
        }
        long[] keys = new long[2_900_000];
        Random r = new Random(1);
        for (int i = 0; i < keys.length; i++) {
            long k = r.nextLong();
            keys[i] = k == 0 ? 1 : k;
        }
        for (int round = 0; round < rounds; round++) {
            for (int jj = 0; jj < 2; jj++) {
                int j = round % 2 == 0 ? jj : 1 - jj;
                Object set = cls[j].getConstructor(int.class).newInstance(1 << 22);
                Method add = cls[j].getMethod("add", long.class);
                Method added = cls[j].getMethod("added", long.class);
                Method reserve = cls[j].getMethod("reserve", long.class, int.class);
                Method bytes = cls[j].getMethod("bytes");
                for (long k : keys) {
                    add.invoke(set, k);
                }
                added.invoke(set, (long) keys.length);
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                reserve.invoke(set, 100_000L, threads);
                long c = mx.getCurrentThreadCpuTime() - c0;
                long w = System.nanoTime() - w0;
                System.out.printf("round %d %s: %d -> %d slots, cpu %.1f ms, wall %.1f ms%n", round, j == 0 ? "A" : "B",
                        1 << 23, (Long) bytes.invoke(set) / 8, c / 1e6, w / 1e6);
            }
        }
    }
}
