// What fresh memory costs on this machine: allocates MB megabytes of long arrays (the JVM zeroes
// them, which is their first touch), then writes one long per 4 KiB page of all of them twice more.
// On the 2-core VM of docs/performance.md the first pass cost 2 to 3.5 ms per MB, the later ones
// a few milliseconds for the lot: a process pays for each page of heap it touches the first time.
// Run it as its own process (a second run in one JVM would reuse the heap):
//
//   java -Xmx2g [-XX:+UseTransparentHugePages] bench/FirstTouch.java MB
public class FirstTouch {
    public static void main(String[] a) {
        int mb = Integer.parseInt(a[0]);
        long t0 = System.nanoTime();
        long[][] blocks = new long[Math.max(1, mb / 8)][];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new long[1 << 20];   // 8 MB each
        }
        long t1 = System.nanoTime();
        long sum = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (long[] b : blocks) {
                for (int j = 0; j < b.length; j += 512) {   // one long per 4 KiB page
                    b[j] += j;
                    sum += b[j];
                }
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("%d MB: allocated and zeroed (first touch) in %d ms, %.2f ms per MB; touched twice more in %d ms (%d)%n",
                8 * blocks.length, (t1 - t0) / 1_000_000, (t1 - t0) / 1e6 / (8 * blocks.length), (t2 - t1) / 1_000_000, sum);
    }
}
