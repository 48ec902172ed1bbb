package dev.mmun.cli;

import dev.mmun.session.Style;
import picocli.CommandLine.Option;

/** --format and --color, shared by the commands that report on files. */
public final class OutputOptions {
    public enum Format { text, json }

    public enum Color { auto, always, never }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (JSON Lines: one object per file); default ${DEFAULT-VALUE}")
    Format format = Format.text;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never; auto honours NO_COLOR and needs a terminal")
    Color color = Color.auto;

    public boolean json() {
        return format == Format.json;
    }

    public Style style() {
        boolean on = switch (color) {
            case always -> true;
            case never -> false;
            case auto -> System.console() != null && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM"));
        };
        return new Style(on);
    }
}
