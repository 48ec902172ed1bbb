package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Op;
import dev.mmun.machine.Families;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Footprints are checked, not trusted: on the steps of every sample and of a thousand random
 * scenarios, what each step writes and reads is within the footprint partial-order reduction takes
 * for it (see {@link FootprintChecker} for how reads are found).
 */
class FootprintCheckTest {
    private static final Session SESSION = Session.withStdlib();
    /** states per sample: breadth first from the start, and those of random runs to the end */
    private static final int SAMPLE_STATES = 600;
    private static final int SAMPLE_RUNS = 20;
    private static final int RANDOM_SCENARIOS = 1000;
    private static final int RANDOM_STATES = 40;
    private static final int RANDOM_RUNS = 2;

    @TestFactory
    Stream<DynamicTest> everySample() {
        Path root = FootprintChecker.samplesRoot();
        List<Path> files = FootprintChecker.samples();
        return files.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> sample(f)));
    }

    private void sample(Path file) {
        Session.Compiled c = SESSION.compile(file.toString(), System.in);
        Scenario sc = c.scenario();
        if (sc == null) {
            return;     // a sample that is meant not to compile
        }
        FootprintChecker fc = new FootprintChecker(sc.program(), file.hashCode(), file.getFileName().toString());
        List<int[]> states = fc.statesAndRuns(SAMPLE_STATES, SAMPLE_RUNS);
        List<String> failures = fc.check(states, true);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(fc.stepsChecked > 0, file + ": no step checked");
    }

    @Test
    void randomScenarios() {
        int checked = 0;
        int steps = 0;
        java.util.Set<Op> ops = java.util.EnumSet.noneOf(Op.class);
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= RANDOM_SCENARIOS && failures.isEmpty(); seed++) {
            String text = ScenarioGen.generate(seed * 7919);
            Scenario sc = ExplorerPropertyTest.compile(text);
            FootprintChecker fc = new FootprintChecker(sc.program(), seed, "scenario " + (seed * 7919));
            List<int[]> states = fc.statesAndRuns(RANDOM_STATES, RANDOM_RUNS);
            List<String> f = fc.check(states, true);
            if (!f.isEmpty()) {
                failures.addAll(f);
                failures.add(text);
            }
            checked++;
            steps += fc.stepsChecked;
            ops.addAll(fc.opsChecked);
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        // every instruction of the families is checked somewhere (widen ScenarioGen where one is not)
        for (Families.Family family : Families.list()) {
            assertTrue(ops.containsAll(family.ops()), "no random scenario checked every step of the family " + family.name()
                    + " " + family.ops() + " (checked " + ops + ")");
        }
        assertTrue(checked == RANDOM_SCENARIOS && steps > 10 * RANDOM_SCENARIOS, "too few steps checked: " + steps);
    }
}
