package dev.mmun.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The commands a Markdown doc shows, and how their shown output is compared.
 *
 * <ul>
 * <li>A fenced block (no language, {@code console} or {@code text}) with lines that start with {@code $ } is a transcript: each such line is a
 * command, the lines up to the next command (or a marker, or the fence) are its output, stdout
 * and stderr as a terminal shows them. A {@code mmun repl} command with no redirection gets the
 * lines of its output that start with {@code mmun> } as its input, as a piped REPL echoes them.
 * <li>A later block of the same doc (no language, {@code console} or {@code text}) whose first line
 * starts with {@code mmun> } goes on with that REPL session: the session runs once, with the inputs
 * of all its blocks, and its output is compared with their shown output one after the other (so a
 * doc can explain a session between its parts).
 * <li>A {@code ```sh} (or {@code bash}, {@code shell}) block is a script: it runs whole under
 * {@code bash -e} and must exit 0; its output is not shown, so not compared.
 * <li>A line {@code # not run by the doc test: REASON} keeps the next command of a transcript, or a
 * whole script block, from running; the reason is listed.
 * <li>In shown output, a line {@code ...} stands for any number of lines, and {@code ...} within a
 * line for any text on that line. Nothing else is normalised but trailing blanks.
 * </ul>
 */
final class DocCommands {
    static final String MARKER = "# not run by the doc test:";
    private static final Pattern REPL = Pattern.compile("^(\\./)?mmun repl\\b[^<|]*$");

    private DocCommands() {
    }

    /**
     * One command shown: {@code line} is its 1-based line in the doc, {@code from}/{@code to} the
     * 0-based lines of its shown output, {@code indent} the block's.
     */
    record Shown(int line, String command, List<String> expected, int from, int to, String indent,
            String stdin, boolean script, String notRunReason, boolean continued) {

        boolean repl() {
            return !script && REPL.matcher(command).find();
        }
    }

    static List<Shown> parse(List<String> lines) {
        List<Shown> shown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.strip().startsWith("```")) {
                continue;
            }
            String indent = l.substring(0, l.indexOf('`'));
            String lang = l.strip().substring(3).strip();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            List<String> block = new ArrayList<>();
            for (int j = i + 1; j < end; j++) {
                String b = lines.get(j);
                block.add(b.startsWith(indent) ? b.substring(indent.length()) : b.strip());
            }
            if (List.of("sh", "bash", "shell").contains(lang)) {
                String reason = block.stream().filter(b -> b.strip().startsWith(MARKER))
                        .map(b -> b.strip().substring(MARKER.length()).strip()).findFirst().orElse(null);
                shown.add(new Shown(i + 2, String.join("\n", block) + "\n", List.of(), i + 1, i + 1, indent, "",
                        true, reason, false));
            } else if (List.of("", "console", "text").contains(lang) && block.stream().anyMatch(b -> b.startsWith("$ "))) {
                transcript(block, i + 1, indent, shown);
            } else if (List.of("", "console", "text").contains(lang) && !block.isEmpty() && block.get(0).startsWith("mmun> ")) {
                int at = i + 2;
                Shown head = shown.stream().filter(Shown::repl).reduce((a, b) -> b).orElseThrow(() -> new IllegalArgumentException(
                        "line " + at + ": a REPL block (mmun> ...) with no `$ mmun repl` transcript before it"));
                shown.add(new Shown(at, head.command(), List.copyOf(block), i + 1, end, indent, inputs(block), false,
                        head.notRunReason(), true));
            }
            i = end;
        }
        return shown;
    }

    private static void transcript(List<String> block, int first, String indent, List<Shown> shown) {
        String reason = null;
        int k = 0;
        while (k < block.size()) {
            String b = block.get(k);
            if (b.strip().startsWith(MARKER)) {
                reason = b.strip().substring(MARKER.length()).strip();
                k++;
                continue;
            }
            if (!b.startsWith("$ ")) {
                k++; // text before the first command: not output of anything
                continue;
            }
            String command = b.substring(2).strip();
            int from = k + 1;
            int to = from;
            while (to < block.size() && !block.get(to).startsWith("$ ") && !block.get(to).strip().startsWith(MARKER)) {
                to++;
            }
            List<String> expected = List.copyOf(block.subList(from, to));
            String stdin = REPL.matcher(command).find() ? inputs(expected) : "";
            shown.add(new Shown(first + k + 1, command, expected, first + from, first + to, indent, stdin,
                    false, reason, false));
            reason = null;
            k = to;
        }
    }

    /** The REPL's input in shown output: the lines after its prompt. */
    private static String inputs(List<String> shownOutput) {
        StringBuilder stdin = new StringBuilder();
        shownOutput.stream().filter(e -> e.startsWith("mmun> ")).forEach(e -> stdin.append(e.substring(6)).append('\n'));
        return stdin.toString();
    }

    /**
     * A REPL session's output cut where each of its blocks starts: block k's part begins at the echo
     * of its first input ({@code mmun> } lines counted, as the inputs were). For -Dmmun.docs.update.
     */
    static List<String> cut(String actual, List<Shown> blocks) {
        List<String> lines = actual.isEmpty() ? List.of() : List.of(actual.split("\n", -1));
        List<Integer> starts = new ArrayList<>();
        int before = 0;
        for (int k = 0; k < blocks.size(); k++) {
            if (k == 0) {
                starts.add(0);
            } else {
                int at = lines.size();
                for (int l = 0, seen = 0; l < lines.size(); l++) {
                    if (lines.get(l).startsWith("mmun> ") && seen++ == before) {
                        at = l;
                        break;
                    }
                }
                starts.add(Math.max(at, starts.get(k - 1)));
            }
            before += (int) blocks.get(k).stdin().lines().count();
        }
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            int to = k + 1 < blocks.size() ? starts.get(k + 1) : lines.size();
            parts.add(String.join("\n", lines.subList(starts.get(k), to)));
        }
        return parts;
    }

    /** Whether {@code actual} (normalised) is what {@code expected} shows, {@code ...} eliding. */
    static boolean matches(List<String> expected, String actual) {
        List<String> exp = new ArrayList<>(normalise(String.join("\n", expected)).lines().toList());
        StringBuilder re = new StringBuilder();
        for (String e : exp) {
            if (e.strip().equals("...")) {
                re.append("(?:.*\n)*?");
                continue;
            }
            String[] parts = e.split("\\.\\.\\.", -1);
            for (int p = 0; p < parts.length; p++) {
                re.append(p > 0 ? ".*?" : "").append(parts[p].isEmpty() ? "" : Pattern.quote(parts[p]));
            }
            re.append("\n");
        }
        String act = actual.isEmpty() ? "" : actual + "\n";
        return Pattern.compile(re.toString()).matcher(act).matches();
    }

    /** Trailing blanks off each line, trailing empty lines off the end, \n line ends. */
    static String normalise(String text) {
        List<String> ls = new ArrayList<>(text.replace("\r\n", "\n").lines().map(String::stripTrailing).toList());
        while (!ls.isEmpty() && ls.get(ls.size() - 1).isEmpty()) {
            ls.remove(ls.size() - 1);
        }
        return String.join("\n", ls);
    }

    /** The doc with the shown output of the commands at the given lines replaced. */
    static List<String> rewrite(List<String> lines, List<Shown> shown, Map<Integer, List<String>> outputs) {
        List<String> out = new ArrayList<>(lines);
        shown.stream().filter(s -> outputs.containsKey(s.line())).sorted(Comparator.comparingInt(Shown::from).reversed())
                .forEach(s -> {
                    List<String> repl = outputs.get(s.line()).stream().map(o -> o.isEmpty() ? o : s.indent() + o).toList();
                    out.subList(s.from(), s.to()).clear();
                    out.addAll(s.from(), repl);
                });
        return out;
    }
}
