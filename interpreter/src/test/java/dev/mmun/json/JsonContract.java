package dev.mmun.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.report.JsonReport;
import dev.mmun.session.Outcome;
import java.nio.file.Path;
import java.util.List;

/** Asserts that what mmun prints as JSON is what docs/schema says. */
public final class JsonContract {
    public static final SchemaValidator SCHEMAS = new SchemaValidator(
            Path.of(System.getProperty("mmun.root", "..")).resolve("docs/schema"));

    private JsonContract() {
    }

    public static void assertValid(String schema, String json) {
        List<String> errors = SCHEMAS.validate(schema, json);
        assertTrue(errors.isEmpty(), () -> "not valid against " + schema + ": " + errors + "\n" + json);
    }

    /** The object `mmun run` or `mmun check` prints for o. */
    public static void assertValid(Outcome o) {
        assertValid("outcome.schema.json", JsonReport.render(o, "run"));
    }

    /** Each line of a JSON Lines report from run or check. */
    public static void assertOutcomeLines(String out) {
        List<String> lines = out.lines().toList();
        assertFalse(lines.isEmpty(), "no JSON lines");
        lines.forEach(l -> assertValid("outcome.schema.json", l));
    }
}
