package dev.mmun.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands a doc names in its prose ({@code `mmun check --html t.html x.mmun`}), checked
 * against the command line's own model: a known subcommand, options that command has, and
 * arguments only where it takes them. Values are not converted: prose writes {@code I/N} or
 * {@code FILE} where a value goes. A word in capitals where a subcommand goes ({@code mmun COMMAND
 * --help}) stands for any: its options must be some subcommand's.
 */
final class DocInlineCommands {
    /** A code span in prose that starts with mmun or ./mmun. */
    private static final Pattern SPAN = Pattern.compile("`((?:\\./)?mmun(?: [^`]*)?)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z_]*");

    private DocInlineCommands() {
    }

    /** One command named in prose: its 1-based line in the doc, and the text. */
    record Named(int line, String command) {}

    /** The commands named in the doc's prose (outside fenced blocks); a code span may run over a line end. */
    static List<Named> find(List<String> lines) {
        List<Named> found = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i <= lines.size(); i++) {
            String l = i < lines.size() ? lines.get(i) : "";
            boolean fence = l.strip().startsWith("```");
            if (fence || l.isBlank() || fenced) {
                scan(para.toString(), starts, found);
                para.setLength(0);
                starts.clear();
                if (fence) {
                    fenced = !fenced;
                }
                continue;
            }
            starts.add(para.length());
            starts.add(i + 1);
            para.append(l.strip()).append(' ');
        }
        return found;
    }

    private static void scan(String para, List<Integer> starts, List<Named> found) {
        Matcher m = SPAN.matcher(para);
        while (m.find()) {
            int line = starts.isEmpty() ? 0 : starts.get(1);
            for (int k = 0; k < starts.size(); k += 2) {
                if (starts.get(k) <= m.start()) {
                    line = starts.get(k + 1);
                }
            }
            found.add(new Named(line, m.group(1).strip()));
        }
    }

    /** What is wrong with the command against the model of {@code top}, or null when it parses. */
    static String problem(CommandLine top, String command) {
        List<String> words = new ArrayList<>();
        for (String w : command.split("\\s+")) {
            if (w.startsWith("<") || w.startsWith(">") || w.startsWith("|") || w.equals("&&") || w.equals(";")) {
                break; // the shell's from here
            }
            words.add(w);
        }
        words.remove(0); // mmun or ./mmun
        CommandLine cl = top;
        List<CommandLine> any = null;
        int i = 0;
        for (; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("-") && !w.equals("-")) {
                String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                OptionSpec o = option(any == null ? List.of(cl) : any, name);
                if (o == null) {
                    return "no option " + name + " in " + (any == null ? "'" + cl.getCommandSpec().qualifiedName() + "'" : "any command");
                }
                if (!w.contains("=") && o.arity().max() > 0 && i + 1 < words.size()) {
                    i++; // its value
                }
                continue;
            }
            Map<String, CommandLine> subs = cl.getSubcommands();
            if (any == null && !subs.isEmpty() && cl == top) {
                if (subs.containsKey(w)) {
                    cl = subs.get(w);
                    if (cl.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                        return i + 1 < words.size() && !subs.containsKey(words.get(i + 1))
                                && !PLACEHOLDER.matcher(words.get(i + 1)).matches()
                                ? "no command '" + words.get(i + 1) + "' for mmun help" : null;
                    }
                    continue;
                }
                if (PLACEHOLDER.matcher(w).matches()) {
                    any = new ArrayList<>(subs.values());
                    continue;
                }
                return "no command '" + w + "'";
            }
            CommandSpec spec = cl.getCommandSpec();
            if (any == null && spec.positionalParameters().isEmpty()) {
                return "'" + spec.qualifiedName() + "' takes no argument, but '" + w + "' is given";
            }
        }
        return null;
    }

    private static OptionSpec option(List<CommandLine> in, String name) {
        for (CommandLine c : in) {
            OptionSpec o = c.getCommandSpec().findOption(name);
            if (o != null) {
                return o;
            }
        }
        return null;
    }
}
