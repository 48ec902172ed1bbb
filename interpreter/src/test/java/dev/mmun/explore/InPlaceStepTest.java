package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.StepLog;
import dev.mmun.machine.Violation;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The search's steps run in place ({@code Stepper.stepInPlace}) mean what {@code Semantics.step}
 * means: from the states of every sample and of random scenarios, every thread's step, appended to
 * one log as the search does for a state's threads, gives the same successor (its parent with its
 * run of the log applied), the same rules broken, the fingerprint computed whole, one entry per
 * changed slot, and leaves the parent as it was, also when it cannot move.
 */
class InPlaceStepTest {
    private static final Session SESSION = Session.withStdlib();
    private static final int SAMPLE_STATES = 400;
    private static final int SAMPLE_RUNS = 10;
    private static final int RANDOM_SCENARIOS = 300;
    private static final int RANDOM_STATES = 40;
    private static final int RANDOM_RUNS = 3;

    /** What the checks met, so that a test can say the interesting cases were checked. */
    private static final class Seen {
        int moved;
        int blocked;
        int writtenBack;
        int broke;
    }

    @TestFactory
    Stream<DynamicTest> everySample() {
        Path root = FootprintChecker.samplesRoot();
        return FootprintChecker.samples().stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> {
            Scenario sc = SESSION.compile(f.toString(), System.in).scenario();
            if (sc == null) {
                return;     // a sample that is meant not to compile
            }
            List<String> failures = new ArrayList<>();
            FootprintChecker fc = new FootprintChecker(sc.program(), f.hashCode(), f.toString());
            Seen seen = new Seen();
            check(sc, fc.statesAndRuns(SAMPLE_STATES, SAMPLE_RUNS), f.toString(), failures, seen);
            assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
            assertTrue(seen.moved > 0, f + ": no step checked");
        }));
    }

    @Test
    void randomScenarios() {
        List<String> failures = new ArrayList<>();
        Seen seen = new Seen();
        for (long seed = 1; seed <= RANDOM_SCENARIOS && failures.isEmpty(); seed++) {
            String text = ScenarioGen.generate(seed * 7919);
            Scenario sc = ExplorerPropertyTest.compile(text);
            FootprintChecker fc = new FootprintChecker(sc.program(), seed, "scenario " + (seed * 7919));
            check(sc, fc.statesAndRuns(RANDOM_STATES, RANDOM_RUNS), text, failures, seen);
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(seen.moved > 20 * RANDOM_SCENARIOS, "too few steps checked: " + seen.moved);
        assertTrue(seen.blocked > 0 && seen.broke > 0, "no blocked step or no broken rule checked");
    }

    /**
     * An atomic block that reads (writing a register and the TLB) and then would write a read-only
     * page blocks half-way: in place, its first writes must be undone. And a slot written back to
     * its old value leaves the successor equal to the parent there.
     */
    @Test
    void halfWayBlockAndWriteBack() {
        String text = "page A at 0x1000 = 5 ro\ndevice iommu ats\n"
                + "cpu T { atomic { r = read(A); write(A, 1) } }\n"
                + "cpu U { atomic { r = read(A); r = 0 } }\n";
        Scenario sc = ExplorerPropertyTest.compile(text);
        Semantics sem = new Semantics(sc.program());
        int[] s = sem.initial().raw();
        List<String> failures = new ArrayList<>();
        Seen seen = new Seen();
        check(sc, List.of(s), "half-way", failures, seen);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertEquals(1, seen.blocked, "T's block waits on the write, after its read");
        assertEquals(1, seen.moved);
        assertTrue(seen.writtenBack > 0, "U's register is written and put back to 0");
    }

    /** The rules a step broke, in order. */
    private static List<Rule> rules(List<Violation> vs) {
        return vs.stream().map(Violation::rule).toList();
    }

    private static void check(Scenario sc, List<int[]> states, String what, List<String> failures, Seen seen) {
        Semantics sem = new Semantics(sc.program());
        Semantics.Stepper stepper = sem.stepper();
        int threads = sc.program().threads().size();
        StepLog log = new StepLog();
        int[] from = new int[threads];
        int[] to = new int[threads];
        for (int[] state : states) {
            int[] s = state.clone();
            int[] before = s.clone();
            log.clear();
            boolean[] moved = new boolean[threads];
            List<List<Rule>> broke = new ArrayList<>();
            long[] delta = new long[threads];
            // every thread into one log, as the search steps a state's threads
            for (int t = 0; t < threads; t++) {
                List<Violation> vs = new ArrayList<>();
                from[t] = log.size();
                moved[t] = stepper.stepInPlace(s, t, vs::add, log);
                to[t] = log.size();
                delta[t] = stepper.hashDelta();
                broke.add(rules(vs));
                if (!Arrays.equals(s, before)) {
                    failures.add(what + ": thread " + t + " (moved " + moved[t] + ") left its parent changed");
                    s = before.clone();
                }
                if (!moved[t] && from[t] != to[t]) {
                    failures.add(what + ": thread " + t + " cannot move but left " + (to[t] - from[t]) + " writes in the log");
                }
            }
            for (int t = 0; t < threads; t++) {
                List<Violation> vs = new ArrayList<>();
                int[] expected = sem.step(state, t, vs::add);
                if (moved[t] != (expected != null)) {
                    failures.add(what + ": thread " + t + " moved " + moved[t] + " in place, " + !moved[t] + " by step()");
                    continue;
                }
                if (!moved[t]) {
                    if (sem.finished(state, t)) {
                        continue;
                    }
                    seen.blocked++;
                    continue;
                }
                seen.moved++;
                if (!broke.get(t).isEmpty()) {
                    seen.broke++;
                }
                int[] n = state.clone();
                log.apply(n, from[t], to[t]);
                if (!Arrays.equals(n, expected)) {
                    failures.add(what + ": thread " + t + " stepped in place to another state");
                }
                if (!broke.get(t).equals(rules(vs))) {
                    failures.add(what + ": thread " + t + " broke " + broke.get(t) + " in place, " + rules(vs) + " by step()");
                }
                if (Fingerprint.of(state) + delta[t] != Fingerprint.of(expected)) {
                    failures.add(what + ": thread " + t + ": the fingerprint kept in place is not the whole one");
                }
                long[] logged = new long[(n.length + 63) >>> 6];
                for (int i = from[t]; i < to[t]; i++) {
                    int slot = log.slot(i);
                    if ((logged[slot >>> 6] & 1L << slot) != 0) {
                        failures.add(what + ": thread " + t + " logged slot " + slot + " twice");
                    }
                    logged[slot >>> 6] |= 1L << slot;
                    if (log.value(i) == state[slot]) {
                        seen.writtenBack++;
                    }
                }
                for (int i = 0; i < n.length; i++) {
                    if (n[i] != state[i] && (logged[i >>> 6] & 1L << i) == 0) {
                        failures.add(what + ": thread " + t + " changed slot " + i + " without logging it");
                    }
                }
                log.undo(n, from[t], to[t]);
                if (!Arrays.equals(n, state)) {
                    failures.add(what + ": thread " + t + ": undoing its log does not give its parent back");
                }
            }
        }
    }
}
