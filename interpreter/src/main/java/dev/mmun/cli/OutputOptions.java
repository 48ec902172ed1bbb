package dev.mmun.cli;

import dev.mmun.diag.SourceFile;
import dev.mmun.report.JsonReport;
import dev.mmun.report.Style;
import dev.mmun.report.TextReport;
import dev.mmun.session.Outcome;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --format and --color, shared by the commands that report on files. */
public final class OutputOptions {
    public enum Format { text, json }

    public enum Color { auto, always, never }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (JSON Lines: one object per file); default ${DEFAULT-VALUE}")
    Format format = Format.text;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never; auto honours NO_COLOR and needs a terminal")
    Color color = Color.auto;

    /** The command this is mixed into (run or check): the JSON mode of a file that did not compile. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public boolean json() {
        return format == Format.json;
    }

    public Style style() {
        return style(color);
    }

    /** Colour for a terminal only, unless asked: auto honours NO_COLOR and TERM=dumb. */
    public static Style style(Color color) {
        boolean on = switch (color) {
            case always -> true;
            case never -> false;
            case auto -> System.console() != null && !noColor(System.getenv("NO_COLOR"))
                    && !"dumb".equals(System.getenv("TERM"));
        };
        return new Style(on);
    }

    /** no-color.org: NO_COLOR turns colour off when it is set and not empty, whatever its value. */
    static boolean noColor(String value) {
        return value != null && !value.isEmpty();
    }

    /** Prints one file's outcome: JSON Lines, or the text report (errors to stderr). */
    void print(Io io, Outcome o, SourceFile src, boolean withTrace) {
        if (json()) {
            io.out().println(JsonReport.render(o, mixee == null ? "run" : mixee.name()));
            return;
        }
        Map<String, SourceFile> sources = new HashMap<>();
        if (src != null) {
            sources.put(src.name(), src);
        }
        String text = TextReport.render(o, sources, style(), withTrace);
        if (o.scenario() == null) {
            io.err().print(text);
        } else {
            io.out().print(text);
        }
        io.out().flush();
        io.err().flush();
    }
}
