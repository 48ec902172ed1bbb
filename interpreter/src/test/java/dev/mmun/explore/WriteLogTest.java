package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Sink;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The write log is complete: the search fingerprints a successor and writes it to its level from
 * the slots its step says it wrote ({@code Stepper.step(..., written)}), so a write that does not
 * go through {@code StepOut.set} would lose states. On the states of every sample and of random
 * scenarios, every step of every thread: each slot where the successor differs from its parent is
 * in the log, the successor is the step's ({@code Semantics.step}), and the fingerprint from the
 * log is the one computed whole.
 */
class WriteLogTest {
    private static final Session SESSION = Session.withStdlib();
    private static final int SAMPLE_STATES = 600;
    private static final int SAMPLE_RUNS = 20;
    private static final int RANDOM_SCENARIOS = 1000;
    private static final int RANDOM_STATES = 60;
    private static final int RANDOM_RUNS = 3;

    @TestFactory
    Stream<DynamicTest> everySample() {
        Path root = FootprintChecker.samplesRoot();
        List<Path> files = FootprintChecker.samples();
        return files.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> {
            Scenario sc = SESSION.compile(f.toString(), System.in).scenario();
            if (sc == null) {
                return;     // a sample that is meant not to compile
            }
            List<String> failures = new ArrayList<>();
            FootprintChecker fc = new FootprintChecker(sc.program(), f.hashCode(), f.toString());
            List<int[]> states = fc.statesAndRuns(SAMPLE_STATES, SAMPLE_RUNS);
            int steps = check(sc, states, f.toString(), failures, EnumSet.noneOf(Op.class));
            assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
            assertTrue(steps > 0, f + ": no step checked");
        }));
    }

    @Test
    void randomScenarios() {
        List<String> failures = new ArrayList<>();
        Set<Op> ops = EnumSet.noneOf(Op.class);
        int steps = 0;
        for (long seed = 1; seed <= RANDOM_SCENARIOS && failures.isEmpty(); seed++) {
            String text = ScenarioGen.generate(seed * 6151);
            Scenario sc = ExplorerPropertyTest.compile(text);
            FootprintChecker fc = new FootprintChecker(sc.program(), seed, "scenario " + (seed * 6151));
            List<int[]> states = fc.statesAndRuns(RANDOM_STATES, RANDOM_RUNS);
            steps += check(sc, states, text, failures, ops);
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        // every machine instruction starts some step checked (widen ScenarioGen where one does not)
        for (Families.Family family : Families.list()) {
            assertTrue(ops.containsAll(family.ops()), "no random scenario stepped every instruction of the family "
                    + family.name() + " " + family.ops() + " (stepped " + ops + ")");
        }
        assertTrue(steps > 20 * RANDOM_SCENARIOS, "too few steps checked: " + steps);
    }

    /** Every thread's step from every state: the log against the successor. Returns the steps checked. */
    private static int check(Scenario sc, List<int[]> states, String what, List<String> failures, Set<Op> ops) {
        Semantics sem = new Semantics(sc.program());
        Semantics.Stepper stepper = sem.stepper();
        int width = sc.program().stateSize();
        int[] into = new int[width];
        long[] written = new long[(width + 63) >>> 6];
        int steps = 0;
        for (int[] s : states) {
            for (int t = 0; t < sc.program().threads().size(); t++) {
                // stale bits from the previous step must not hide a missing one: the step clears the log
                Arrays.fill(written, -1L);
                Arrays.fill(into, 0x5a5a5a5a);
                boolean moved = stepper.step(s, t, Sink.IGNORE, into, written);
                int[] expected = sem.step(s, t, Sink.IGNORE);
                if (moved != (expected != null)) {
                    failures.add(what + ": thread " + t + " moved " + moved + " with the log, " + !moved + " without");
                    continue;
                }
                if (!moved) {
                    continue;
                }
                steps++;
                Instr first = sem.nextInstr(s, t);
                if (first != null) {
                    ops.add(first.op());
                }
                if (!Arrays.equals(into, expected)) {
                    failures.add(what + ": thread " + t + " stepped to another state with the log");
                }
                for (int i = 0; i < width; i++) {
                    if (s[i] != into[i] && (written[i >>> 6] & 1L << i) == 0) {
                        failures.add(what + ": thread " + t + " at " + (first == null ? "its end" : first.text())
                                + " changed slot " + i + " (" + s[i] + " -> " + into[i] + ") without logging it");
                    }
                }
                if (Fingerprint.of(s) + stepper.hashDelta() != Fingerprint.of(into)) {
                    failures.add(what + ": thread " + t + " at " + (first == null ? "its end" : first.text())
                            + ": the fingerprint the step kept is not the whole one");
                }
            }
        }
        return steps;
    }
}
