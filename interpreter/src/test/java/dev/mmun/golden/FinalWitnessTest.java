package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.explore.Explorer;
import dev.mmun.explore.FinalStates;
import dev.mmun.session.Checking;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The States list and the final-condition witnesses of `mmun check`. */
class FinalWitnessTest {
    private final Session session = Session.withStdlib();

    private Outcome check(Path f, boolean por, boolean sym, int workers) {
        Session.Compiled c = session.compile(f.toString(), System.in);
        assertNotNull(c.scenario(), () -> String.valueOf(c.failure()));
        return Checking.check(c.scenario(), new Explorer.Options(por, sym, workers, 0, 0, 0, null));
    }

    private static Path sample(String name) {
        return ScriptCases.root().resolve("samples/doc").resolve(name);
    }

    @Test
    void aForallThatSomeOrdersBreakHasAShortestWitnessThatBreaksIt() {
        Outcome o = check(Path.of("src/test/resources/golden/forall-sometimes.mmun"), true, true, 1);
        FinalResult f = o.finals().get(0);
        assertEquals("Sometimes", f.observation());
        assertNotNull(f.witness());
        assertEquals(2, f.witness().steps().size());
        assertTrue(FinalStates.isWitness(f.check(), f.witness().last().raw()), "the witness's final state breaks the forall");
        assertEquals(List.of(1, 0), f.witness().steps().stream().map(s -> s.thread()).toList(), "C1 reads before C0 writes");
        assertEquals(2, o.finalStates().valuations().size());
    }

    @Test
    void theStatesCountEveryTerminalStateAndTheWitnessDoesNotDependOnTheSearch() {
        for (String name : List.of("case-b-threads.mmun", "case-b-timeline-fixed.mmun", "wrprotect-deferred.mmun")) {
            Integer length = null;
            for (boolean por : new boolean[] {true, false}) {
                for (int workers : new int[] {1, 2}) {
                    Outcome o = check(sample(name), por, false, workers);
                    long terminals = ((Number) o.stats().get("terminal_states")).longValue();
                    long listed = o.finalStates().valuations().stream().mapToLong(FinalStates.Valuation::count).sum();
                    assertEquals(terminals, listed + o.finalStates().unlisted(), name);
                    for (FinalResult f : o.finals()) {
                        boolean any = f.check().quantifier() == dev.mmun.ast.Item.Quantifier.FORALL ? f.negative() > 0 : f.positive() > 0;
                        assertEquals(any, f.witness() != null, name + ": a witness exactly when some final state is one");
                        if (f.witness() != null) {
                            assertTrue(FinalStates.isWitness(f.check(), f.witness().last().raw()), name);
                            if (!por) {
                                // without partial-order reduction BFS gives the shortest, whatever the workers
                                if (length == null) {
                                    length = f.witness().steps().size();
                                }
                                assertEquals(length, f.witness().steps().size(), name);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aFinalConditionThatHoldsEverywhereHasNoWitness() {
        Outcome o = check(sample("case-b-threads-fixed.mmun"), true, true, 1);
        assertEquals("Always", o.finals().get(0).observation());
        assertNull(o.finals().get(0).witness());
    }
}
