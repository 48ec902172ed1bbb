package dev.mmun.lsp;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.Severity;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import dev.mmun.repl.Completions;
import dev.mmun.session.Session;
import dev.mmun.syntax.Lexeme;
import dev.mmun.syntax.Lexicon;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * One document seen by the front end: the diagnostics the CLI would print for it, and the names it
 * declares, read from its tokens so that a half-typed file still has them.
 */
final class Analysis {
    private static final Session SESSION = Session.withStdlib();
    private static final Set<String> DECLARING = Set.of("page", "frame", "device", "spinlock", "mutex", "cpu", "dev");

    /** A name and where it is declared (0-based line and column, for LSP). */
    record Declared(String name, String keyword, int line, int column) {}

    private Analysis() {
    }

    /** The front end's diagnostics for the text, as the CLI's `file:line:col: error: message`, in LSP's terms. */
    static List<org.eclipse.lsp4j.Diagnostic> diagnostics(String file, String text) {
        Session.Compiled c = SESSION.compile(new SourceFile(file, text));
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>();
        if (c.failure() == null) {
            return out;
        }
        for (Diagnostic d : c.failure().diagnostics()) {
            Span s = d.span();
            boolean here = s.known() && s.file().equals(file);
            String message = here || !s.known() ? d.message() : s.where() + ": " + d.message();
            out.add(new org.eclipse.lsp4j.Diagnostic(here ? range(s) : new Range(new Position(0, 0), new Position(0, 0)),
                    message, severity(d.severity()), "mmun"));
        }
        return out;
    }

    /** A span (1-based, last character included) as an LSP range (0-based, end excluded). */
    static Range range(Span s) {
        int endLine = Math.max(s.endLine(), s.line());
        int endCol = s.endLine() < s.line() ? s.column() : s.endColumn();
        return new Range(new Position(s.line() - 1, Math.max(0, s.column() - 1)), new Position(endLine - 1, Math.max(0, endCol)));
    }

    private static DiagnosticSeverity severity(Severity s) {
        return switch (s) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case NOTE -> DiagnosticSeverity.Information;
        };
    }

    /** What the text declares, by name: pages, frames, devices, locks, threads, procedures, locals. */
    static Map<String, Declared> declared(String text) {
        Map<String, Declared> out = new LinkedHashMap<>();
        List<Lexeme> lx = Lexicon.lexemes(text).stream().filter(l -> l.kind() != Lexeme.Kind.COMMENT).toList();
        for (int i = 0; i + 1 < lx.size(); i++) {
            String word = word(text, lx.get(i));
            Lexeme next = lx.get(i + 1);
            if (next.kind() != Lexeme.Kind.NAME) {
                continue;
            }
            if (lx.get(i).kind() == Lexeme.Kind.KEYWORD && (DECLARING.contains(word) || word.equals("proc"))) {
                out.putIfAbsent(word(text, next), at(text, word(text, next), word, next.start()));
            }
        }
        for (int i = 0; i + 1 < lx.size(); i++) {
            if (lx.get(i).kind() == Lexeme.Kind.NAME && word(text, lx.get(i + 1)).equals("=")
                    && (i == 0 || !word(text, lx.get(i - 1)).equals("."))) {
                out.putIfAbsent(word(text, lx.get(i)), at(text, word(text, lx.get(i)), "local", lx.get(i).start()));
            }
        }
        return out;
    }

    static Completions.Known known(String text, List<String> stdlib) {
        Map<String, Declared> d = declared(text);
        List<String> declared = new ArrayList<>();
        List<String> procs = new ArrayList<>();
        List<String> locals = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (Declared x : d.values()) {
            switch (x.keyword()) {
                case "proc" -> procs.add(x.name());
                case "local" -> locals.add(x.name());
                case "cpu", "dev" -> {
                    threads.add(x.name());
                    declared.add(x.name());
                }
                case "device" -> {
                    devices.add(x.name());
                    declared.add(x.name());
                }
                default -> declared.add(x.name());
            }
        }
        return new Completions.Known(sorted(declared), sorted(procs), sorted(locals), sorted(threads), sorted(devices), stdlib);
    }

    private static List<String> sorted(List<String> in) {
        return List.copyOf(new TreeSet<>(in));
    }

    private static String word(String text, Lexeme l) {
        return text.substring(l.start(), l.end());
    }

    private static Declared at(String text, String name, String keyword, int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Declared(name, keyword, line, offset - lineStart);
    }
}
