package dev.mmun.lsp;

import dev.mmun.diag.SourceFile;
import dev.mmun.stdlib.Stdlib;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Hover text, taken from where the project already says it, so there is one source: for a kernel
 * primitive, what docs/language.md says of it (its table rows with their columns, a family table's
 * rows also under the names of their "also written" column, its line in
 * the statement list, the sentences that name it); for a library procedure, the comment above
 * each of its definitions in the stdlib (the kernel function, file and versions it follows).
 */
final class Hovers {
    private static final List<String> LANGUAGE = lines(resource("/dev/mmun/docs/language.md"));

    private Hovers() {
    }

    /** Markdown for a primitive, or null when the documentation does not name it. */
    static String primitive(String name) {
        Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w])");
        List<String> parts = new ArrayList<>();
        List<String> header = null;
        boolean code = false;
        for (int i = 0; i < LANGUAGE.size(); i++) {
            String line = LANGUAGE.get(i);
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                int comment = line.indexOf("//");
                if (comment > 0 && word.matcher(line).find()) {
                    parts.add("`" + line.substring(0, comment).strip() + "`: " + line.substring(comment + 2).strip());
                }
                continue;
            }
            if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (i + 1 < LANGUAGE.size() && LANGUAGE.get(i + 1).startsWith("|---")) {
                    header = cells;
                } else if (!line.startsWith("|---") && header != null && (word.matcher(cells.get(0)).find()
                        || header.size() > 1 && header.get(1).equals("also written") && cells.size() > 1 && word.matcher(cells.get(1)).find())) {
                    StringBuilder sb = new StringBuilder(cells.get(0));
                    for (int c = 1; c < cells.size() && c < header.size(); c++) {
                        if (!cells.get(c).isBlank() && !cells.get(c).equals("-")) {
                            sb.append("; ").append(header.get(c)).append(": ").append(cells.get(c));
                        }
                    }
                    parts.add(sb.toString());
                }
                continue;
            }
            header = null;
            if (line.contains("`") && word.matcher(line).find() && !line.startsWith("#")) {
                parts.add(line.strip());
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return "**" + name + "** (kernel primitive)\n\n" + String.join("\n\n", parts.subList(0, Math.min(4, parts.size())))
                + "\n\n_from docs/language.md_";
    }

    /** Markdown for a library procedure: each definition's header and the comment above it; null when none. */
    static String stdlib(String name) {
        List<String> parts = new ArrayList<>();
        Pattern proc = Pattern.compile("^proc\\s+" + Pattern.quote(name) + "\\s*\\(");
        for (SourceFile src : Stdlib.sources()) {
            List<String> lines = lines(src.text());
            for (int i = 0; i < lines.size(); i++) {
                if (!proc.matcher(lines.get(i)).find()) {
                    continue;
                }
                int from = i;
                while (from > 0 && lines.get(from - 1).startsWith("//")) {
                    from--;
                }
                StringBuilder sb = new StringBuilder("```mmun\n").append(lines.get(i).replaceAll("\\s*\\{\\s*$", "")).append("\n```\n");
                for (int k = from; k < i; k++) {
                    sb.append(lines.get(k).replaceFirst("^//\\s?", "")).append('\n');
                }
                sb.append("\n_").append(src.name()).append(':').append(i + 1).append("_");
                parts.add(sb.toString());
            }
        }
        return parts.isEmpty() ? null : "**" + name + "** (standard library)\n\n" + String.join("\n\n", parts);
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        for (String c : row.substring(1).split("(?<!\\\\)\\|", -1)) {
            out.add(c.replace("\\|", "|").strip());
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : List.of(text.split("\n", -1));
    }

    private static String resource(String path) {
        try (InputStream in = Hovers.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
