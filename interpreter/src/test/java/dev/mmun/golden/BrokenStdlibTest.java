package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mmun.ast.Script;
import dev.mmun.diag.SourceFile;
import dev.mmun.session.Session;
import dev.mmun.session.SuiteFiles;
import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteRunner;
import dev.mmun.session.SuiteStatus;
import dev.mmun.stdlib.Stdlib;
import dev.mmun.syntax.ScriptParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue guards the stdlib: with wp_page_copy's notify removed (ptep_clear_flush_notify
 * turned into ptep_clear_flush in the file that defines it), scenarios of samples/kernel that
 * expect the kernel's COW path to be correct must fail, each with a clear first mismatch. (With
 * the intact stdlib every one of them passes: SamplesTest and TestCommandTest see to that.)
 */
class BrokenStdlibTest {
    @Test
    void removingTheNotifyFromWpPageCopyFailsTheCatalogue() throws Exception {
        Path kernel = ScriptCases.root().resolve("samples/kernel");
        List<SourceFile> sources = Stdlib.sources();
        assumeTrue(Files.isDirectory(kernel), "no samples/kernel catalogue in this tree");
        assumeTrue(sources.stream().anyMatch(s -> s.text().contains("proc wp_page_copy")), "no wp_page_copy in the stdlib");
        List<Script> broken = new ArrayList<>();
        for (SourceFile s : sources) {
            String text = s.text().contains("proc wp_page_copy")
                    ? s.text().replace("ptep_clear_flush_notify(", "ptep_clear_flush(") : s.text();
            broken.add(ScriptParser.parse(new SourceFile(s.name(), text)));
        }
        List<String> files = SuiteFiles.find(List.of(kernel.toString()), List.of()).files();
        List<SuiteResult> results = new SuiteRunner(new Session(broken), 2, null).run(files, r -> { });
        List<SuiteResult> newlyFailed = new ArrayList<>();
        for (SuiteResult r : results) {
            assertFalse(r.status() == SuiteStatus.ERROR, r.file() + ": " + r.mismatch());
            if (r.status() == SuiteStatus.FAIL) {
                newlyFailed.add(r);
            }
        }
        String report = newlyFailed.stream().map(r -> r.file() + ": " + r.mismatch()).collect(Collectors.joining("\n"));
        assertFalse(newlyFailed.isEmpty(), "no catalogue scenario noticed the missing notify");
        assertTrue(newlyFailed.stream().anyMatch(r -> r.mismatch().matches("expected ok; got .*CASE_[AB].*")), report);
        for (SuiteResult r : newlyFailed) {
            assertTrue(r.mismatch().startsWith("expected ") || r.mismatch().contains("): expected "), report);
        }
    }
}
