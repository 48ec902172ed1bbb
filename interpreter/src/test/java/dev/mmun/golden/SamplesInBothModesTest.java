package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.explore.Explorer;
import dev.mmun.explore.Runner;
import dev.mmun.json.JsonContract;
import dev.mmun.session.Checking;
import dev.mmun.session.Outcome;
import dev.mmun.session.Scope;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample under `mmun run` and under `mmun check`, whatever mode it is written for: a timeline
 * checked over every interleaving must show what its own schedule expects in some order (its
 * schedule is one of them), and a file about every interleaving run on one schedule must show
 * nothing it rules out (docs/check.md, "Expectations and modes").
 */
class SamplesInBothModesTest {
    private final Session session = Session.withStdlib();

    @TestFactory
    Stream<DynamicTest> everySampleInBothModes() {
        List<Path> files = ScriptCases.under(ScriptCases.root().resolve("samples"));
        assertFalse(files.isEmpty());
        return files.stream().flatMap(f -> Stream.of("run", "check").map(mode -> DynamicTest.dynamicTest(
                ScriptCases.root().resolve("samples").relativize(f) + " (" + mode + ")", () -> {
                    Session.Compiled c = session.compile(f.toString(), System.in);
                    assertNotNull(c.scenario(), () -> String.valueOf(c.failure()));
                    Outcome o = mode.equals("run") ? session.run(c.scenario(), Runner.DEFAULT_MAX_STEPS)
                            : Checking.check(c.scenario(), new Explorer.Options(true, true, 1, 0, 0, 0, null));
                    Scope scope = c.scenario().effectiveMode().text().equals(mode) ? Scope.EXACT
                            : mode.equals("check") ? Scope.SOME_ORDER : Scope.ONE_ORDER;
                    assertEquals(scope, o.scope());
                    assertTrue(o.expectationMet(), ScriptCases.describe(o));
                    JsonContract.assertValid(o);
                })));
    }
}
