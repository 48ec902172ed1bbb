package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample and every language case carries its expectations inline (expect, exists, forall);
 * each must meet them. A file with no expect line is judged as expecting ok.
 */
class SamplesTest {
    private final Session session = Session.withStdlib();

    @TestFactory
    Stream<DynamicTest> samples() {
        return cases(ScriptCases.root().resolve("samples"));
    }

    @TestFactory
    Stream<DynamicTest> languageCases() {
        return cases(Path.of("src/test/resources/lang"));
    }

    private Stream<DynamicTest> cases(Path dir) {
        List<Path> files = ScriptCases.under(dir);
        assertFalse(files.isEmpty(), "no cases under " + dir);
        return files.stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> {
            Outcome o = ScriptCases.judge(session, f);
            assertTrue(o.expectationMet(), ScriptCases.describe(o));
        }));
    }
}
