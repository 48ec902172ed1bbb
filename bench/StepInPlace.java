// The search's step function alone, copying against in place: every thread of a fixed set of
// reachable states (random runs to the end, seed 1) is stepped with Semantics.Stepper.step (the
// parent copied into a buffer, then the step on the copy) or stepInPlace (the step on the parent,
// then the parent put back from the undo log), and the CPU time per state is printed per round.
// One mode per JVM, so that each JIT profile sees one; alternate the two and compare the best rounds.
//
//   bash bench/cow-n.sh 5 fixed > /tmp/cow5f.mmun
//   java -cp interpreter/target/mmun.jar bench/StepInPlace.java /tmp/cow5f.mmun copy|place [STATES] [ROUNDS]
//
// Each state is first copied into one buffer (both modes), as the search's cursor decodes it into one.
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Sink;
import dev.mmun.machine.StepLog;
import dev.mmun.machine.Violation;
import dev.mmun.session.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class StepInPlace {
    public static void main(String[] a) throws Exception {
        Scenario sc = Session.withStdlib().compile(a[0], System.in).scenario();
        boolean place = a[1].equals("place");
        int count = a.length > 2 ? Integer.parseInt(a[2]) : 200_000;
        int rounds = a.length > 3 ? Integer.parseInt(a[3]) : 8;
        Semantics sem = new Semantics(sc.program());
        int threads = sc.program().threads().size();
        int width = sc.program().stateSize();
        Random r = new Random(1);
        List<int[]> states = new ArrayList<>();
        while (states.size() < count) {
            int[] s = sem.initial().raw().clone();
            while (true) {
                states.add(s);
                List<int[]> next = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int[] n = sem.step(s, t, Sink.IGNORE);
                    if (n != null) {
                        next.add(n);
                    }
                }
                if (next.isEmpty()) {
                    break;
                }
                s = next.get(r.nextInt(next.size()));
            }
        }
        Semantics.Stepper st = sem.stepper();
        int[] into = new int[width];
        long[] written = new long[(width + 63) >>> 6];
        StepLog log = new StepLog();
        // the search's sink: rules only, no messages
        Sink sink = new Sink() {
            public void violation(Violation v) {
            }

            public boolean wantsMessages() {
                return false;
            }
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int[] s = new int[width];
        for (int round = 0; round < rounds; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            long acc = 0;
            for (int rep = 0; rep < 5; rep++) {
                for (int[] s0 : states) {
                    System.arraycopy(s0, 0, s, 0, width);
                    log.clear();
                    for (int t = 0; t < threads; t++) {
                        boolean moved = place ? st.stepInPlace(s, t, sink, log) : st.step(s, t, sink, into, written);
                        if (moved) {
                            acc += st.hashDelta();
                        }
                    }
                }
            }
            double ns = (mx.getCurrentThreadCpuTime() - t0) / 5.0 / states.size();
            System.out.printf("round %d %s: %.1f ns of CPU per state (%d states, %d threads; %d)%n",
                    round, place ? "place" : "copy", ns, states.size(), threads, acc & 1);
        }
    }
}
