package dev.mmun.repl;

import dev.mmun.lower.Frontend;
import dev.mmun.machine.Rule;
import dev.mmun.syntax.Lexeme;
import dev.mmun.syntax.Lexicon;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What may be written at a point of a script, read from the tokens before it: after
 * {@code device NAME} a device kind, after {@code page NAME at ADDR} a page option, inside a call's
 * parentheses names and values, at the start of a statement the primitives, procedures and
 * statement keywords, at the top level the declarations too. Shared by the REPL's Tab and the
 * language server's completion, so that both offer the same words.
 */
public final class Completions {
    /** One word to offer, the group it is shown under, and whether it is a whole word (a space may follow). */
    public record Offer(String value, String group) {}

    /** The names a script or session knows, besides the language's own words. */
    public record Known(List<String> declared, List<String> procs, List<String> locals, List<String> threads,
                        List<String> devices, List<String> stdlib) {}

    private static final List<String> STMT_KEYWORDS = List.of("try", "atomic", "if", "while", "repeat", "assert",
            "preempt");
    /** Keywords that only go on a clause another keyword started ({@code page A at}, {@code while (c) max 3}). */
    private static final List<String> INSIDE = List.of("at", "on", "max", "else", "time", "true", "false", "preempted");
    /** What starts a declaration: every other keyword of the lexer, so a new declaration is offered at once. */
    private static final List<String> ITEM_KEYWORDS = Lexicon.keywords().stream()
            .filter(k -> !STMT_KEYWORDS.contains(k) && !INSIDE.contains(k)).toList();

    private Completions() {
    }

    /**
     * The offers at the end of {@code before} (the text from the start of the input or file to the
     * cursor). {@code repl} adds {@code on THREAD:} at the top level.
     */
    public static List<Offer> at(String before, Known known, boolean repl) {
        List<String> tokens = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (Lexeme l : Lexicon.lexemes(before)) {
            if (l.kind() != Lexeme.Kind.COMMENT) {
                tokens.add(before.substring(l.start(), l.end()));
                lines.add(lineOf(before, l.start()));
            }
        }
        if (!tokens.isEmpty() && !before.isEmpty() && !Character.isWhitespace(before.charAt(before.length() - 1))
                && isWord(tokens.get(tokens.size() - 1))) {
            tokens.remove(tokens.size() - 1);
            lines.remove(lines.size() - 1);
        }
        int cursorLine = lineOf(before, before.length());
        // the innermost open parenthesis and brace, and where the current clause starts
        int braces = 0;
        List<Integer> parens = new ArrayList<>();
        int clause = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            switch (t) {
                case "(" -> parens.add(i);
                case ")" -> {
                    if (!parens.isEmpty()) {
                        parens.remove(parens.size() - 1);
                    }
                }
                case "{" -> {
                    braces++;
                    clause = i + 1;
                }
                case "}" -> {
                    braces = Math.max(0, braces - 1);
                    clause = i + 1;
                }
                case ";" -> clause = i + 1;
                default -> { }
            }
            if (parens.isEmpty() && i + 1 < tokens.size() && lines.get(i + 1) > lines.get(i) && endsClause(tokens, i)) {
                clause = i + 1;
            }
        }
        if (parens.isEmpty() && !tokens.isEmpty() && cursorLine > lines.get(lines.size() - 1)
                && endsClause(tokens, tokens.size() - 1)) {
            clause = tokens.size();
        }
        List<Offer> out = new ArrayList<>();
        if (!parens.isEmpty()) {
            int open = parens.get(parens.size() - 1);
            String fn = open > 0 ? tokens.get(open - 1) : "";
            values(fn, known, out);
            return out;
        }
        List<String> c = tokens.subList(Math.min(clause, tokens.size()), tokens.size());
        if (c.isEmpty()) {
            statementStart(known, braces == 0, repl, out);
            return out;
        }
        String head = c.get(0);
        switch (head) {
            case "page" -> {
                if (c.size() == 2) {
                    add(out, "keywords", List.of("at"));
                } else if (c.size() >= 4 && !c.get(c.size() - 1).equals("=")) {
                    add(out, "page options", Frontend.pageOptions());
                }
            }
            case "device" -> {
                if (c.size() == 2) {
                    add(out, "device kinds", Frontend.deviceKinds());
                }
            }
            case "dev" -> {
                if (c.size() == 2) {
                    add(out, "keywords", List.of("on"));
                } else if (c.size() == 3 && c.get(2).equals("on")) {
                    add(out, "devices", known.devices());
                }
            }
            case "era" -> add(out, "eras", List.of("4.15", "6.6"));
            case "arch" -> add(out, "architectures", List.of("arm64", "x86"));
            case "mode" -> add(out, "modes", List.of("check", "run"));
            case "expect" -> {
                if (c.size() == 1 || c.get(c.size() - 1).equals(",")) {
                    add(out, "verdicts", Stream.concat(Stream.of("ok"), Stream.of(Rule.values()).map(Enum::name)).toList());
                }
            }
            case "on" -> {
                if (c.size() == 1) {
                    add(out, "threads", known.threads());
                } else if (c.get(c.size() - 1).equals(":")) {
                    statementStart(known, false, false, out);
                }
            }
            case "try" -> callables(known, out);
            default -> {
                if (c.size() >= 2 && c.get(c.size() - 1).equals("=")) {
                    callables(known, out);
                    add(out, "declared", known.declared());
                    add(out, "locals", known.locals());
                } else if (c.get(c.size() - 1).equals(":") && c.size() == 2) {
                    statementStart(known, false, false, out);
                } else if (List.of("==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&&", "||", "/\\", "\\/", "!", "~")
                        .contains(c.get(c.size() - 1))) {
                    add(out, "locals", known.locals());
                    add(out, "declared", known.declared());
                }
            }
        }
        return out;
    }

    private static void statementStart(Known known, boolean topLevel, boolean repl, List<Offer> out) {
        if (topLevel) {
            add(out, "keywords", ITEM_KEYWORDS);
            if (repl) {
                add(out, "keywords", List.of("on"));
            }
        }
        add(out, "keywords", STMT_KEYWORDS);
        callables(known, out);
        add(out, "locals", known.locals());
    }

    private static void callables(Known known, List<Offer> out) {
        add(out, "kernel primitives", Frontend.primitiveNames());
        add(out, "standard library", known.stdlib());
        add(out, "procedures", known.procs());
    }

    /** Inside the parentheses of fn: values, names and calls that give values. */
    private static void values(String fn, Known known, List<Offer> out) {
        add(out, "declared", known.declared());
        add(out, "locals", known.locals());
        if (fn.equals("set_pte_at") || fn.equals("set_pte") || fn.equals("set_pmd_at")) {
            add(out, "pte flags", List.of("ro", "rw"));
        }
        add(out, "kernel primitives", Frontend.primitiveNames());
        add(out, "keywords", List.of("true", "false"));
    }

    private static void add(List<Offer> out, String group, List<String> values) {
        for (String v : values) {
            out.add(new Offer(v, group));
        }
    }

    /** Whether the token ends a declaration or statement when the next one starts a new line. */
    private static boolean endsClause(List<String> tokens, int i) {
        String t = tokens.get(i);
        return !t.equals("=") && !t.equals(",") && !t.equals("on") && !t.equals("at") && !t.equals("try")
                && !ITEM_KEYWORDS.contains(t) && !t.equals("(") && !t.endsWith("=") && !t.equals("&&") && !t.equals("||");
    }

    private static boolean isWord(String token) {
        return !token.isEmpty() && (Character.isLetterOrDigit(token.charAt(0)) || token.charAt(0) == '_');
    }

    private static int lineOf(String text, int offset) {
        int n = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
