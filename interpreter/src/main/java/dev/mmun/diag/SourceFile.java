package dev.mmun.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * A script's name and text, with its lines for diagnostics that quote them. The lines are split on
 * the first quote: most files (all of the standard library on a start) are never quoted.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private volatile List<String> lines;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                out.add(text.substring(start, end));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The line's text (1-based), or "" when out of range. */
    public String line(int line) {
        List<String> all = lines;
        if (all == null) {
            all = splitLines(text);
            lines = all;
        }
        return line >= 1 && line <= all.size() ? all.get(line - 1) : "";
    }
}
