package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmun.explore.Explorer;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Checking;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import dev.mmun.session.Verdict;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reductions never change a verdict on the real scenarios either: every sample judged in
 * check mode gives the same rules and the same observations with partial-order reduction and
 * symmetry off. (The property tests do the same on random scenarios.) This also catches a machine
 * instruction whose footprint the reduction gets wrong.
 */
class ReductionsOnSamplesTest {
    private static final long BOUND = 1_500_000;
    private final Session session = Session.withStdlib();

    @TestFactory
    Stream<DynamicTest> reducedEqualsUnreduced() {
        return ScriptCases.under(ScriptCases.root().resolve("samples")).stream()
                .map(f -> DynamicTest.dynamicTest(ScriptCases.root().resolve("samples").relativize(f).toString(), () -> compare(f)));
    }

    private void compare(Path file) {
        Session.Compiled c = session.compile(file.toString(), System.in);
        Scenario sc = c.scenario();
        Assumptions.assumeTrue(sc != null && sc.effectiveMode() == Mode.CHECK, "not a check-mode scenario");
        Outcome reduced = Checking.check(sc, new Explorer.Options(true, true, 1, BOUND, 0, 0, null));
        Outcome full = Checking.check(sc, new Explorer.Options(false, false, 1, BOUND, 0, 0, null));
        Assumptions.assumeTrue(full.verdict() != Verdict.INCONCLUSIVE && reduced.verdict() != Verdict.INCONCLUSIVE,
                "too big to search without reductions in a test");
        assertEquals(rules(full), rules(reduced), file + ": rules");
        assertEquals(observations(full), observations(reduced), file + ": observations");
    }

    private static Set<String> rules(Outcome o) {
        Set<String> out = new TreeSet<>();
        o.violations().forEach(v -> out.add(v.rule().name()));
        return out;
    }

    private static String observations(Outcome o) {
        return o.finals().stream().map(FinalResult::observation).toList().toString();
    }

}
