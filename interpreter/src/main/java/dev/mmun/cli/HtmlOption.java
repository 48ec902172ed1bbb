package dev.mmun.cli;

import dev.mmun.diag.SourceFile;
import dev.mmun.report.HtmlReport;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** --html FILE of run and check: the outcomes of every file, drawn on one page written at the end. */
public final class HtmlOption {
    @Option(names = "--html", paramLabel = "FILE", description = "also write the runs and counterexamples as a self-contained HTML page")
    Path html;

    private final List<Outcome> outcomes = new ArrayList<>();
    private final Map<String, SourceFile> sources = new HashMap<>();

    void add(Outcome o, SourceFile src) {
        if (html != null) {
            outcomes.add(o);
            if (src != null) {
                sources.put(src.name(), src);
            }
        }
    }

    /** Writes the page, if asked: the exit code so far, or NO_INPUT's when the file cannot be written. */
    int write(Io io, String command, int exit) {
        if (html == null) {
            return exit;
        }
        try {
            Files.writeString(html, HtmlReport.render(outcomes, sources), StandardCharsets.UTF_8);
        } catch (IOException e) {
            io.err().println("mmun " + command + ": cannot write " + html + ": " + e.getMessage());
            return Judge.combine(exit, Judge.NO_INPUT);
        }
        return exit;
    }
}
