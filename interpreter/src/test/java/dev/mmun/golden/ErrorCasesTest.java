package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.DiagnosticFormatter;
import dev.mmun.diag.SourceFile;
import dev.mmun.session.Judge;
import dev.mmun.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad scripts under error/: every line marked {@code // error: TEXT} must get a diagnostic on that
 * line whose message contains TEXT, and no other line may get one. A marker on a line of its own
 * names the end of the file (for truncated scripts).
 */
class ErrorCasesTest {
    private final Session session = Session.withStdlib();

    @TestFactory
    Stream<DynamicTest> errors() {
        return ScriptCases.under(Path.of("src/test/resources/error")).stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private record Marker(int line, String text) {}

    private void check(Path file) throws Exception {
        String text = Files.readString(file);
        SourceFile src = new SourceFile(file.toString(), text);
        Session.Compiled c = session.compile(src);
        assertNotNull(c.failure(), file + " compiled, but it should not");
        assertEquals(Judge.DATA, c.failure().exitCode());
        List<Marker> markers = markers(text);
        List<Diagnostic> diags = new ArrayList<>(c.failure().diagnostics());
        DiagnosticFormatter fmt = new DiagnosticFormatter(Map.of(src.name(), src));
        for (Diagnostic d : diags) {
            String shown = fmt.format(d);
            assertTrue(shown.startsWith(d.span().where() + ": error: "), shown);
            assertTrue(shown.contains("^"), "no caret in\n" + shown);
        }
        for (Marker m : markers) {
            boolean found = diags.removeIf(d -> (d.span().line() == m.line() || m.line() < 0 && d.span().line() >= lines(text))
                    && d.message().contains(m.text()));
            assertTrue(found, file + ":" + m.line() + ": expected an error containing '" + m.text() + "', got "
                    + c.failure().diagnostics().stream().map(d -> d.span().line() + ": " + d.message()).toList());
        }
        assertTrue(diags.isEmpty(), file + ": unexpected errors " + diags.stream().map(d -> d.span().line() + ": " + d.message()).toList());
    }

    private static int lines(String text) {
        return (int) text.lines().count();
    }

    private static List<Marker> markers(String text) {
        List<Marker> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf("// error: ");
            if (at >= 0) {
                boolean alone = lines[i].substring(0, at).isBlank();
                out.add(new Marker(alone ? -1 : i + 1, lines[i].substring(at + "// error: ".length()).strip()));
            }
        }
        return out;
    }
}
