package dev.mmun.repl;

import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;

/** The source text a span covers, as written. */
final class SpanText {
    private SpanText() {
    }

    static String of(SourceFile src, Span from, Span to) {
        if (src == null || !from.known() || !to.known()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int line = from.line(); line <= to.endLine(); line++) {
            String text = src.line(line);
            int a = line == from.line() ? Math.min(text.length(), from.column() - 1) : 0;
            int b = line == to.endLine() ? Math.min(text.length(), to.endColumn()) : text.length();
            if (line > from.line()) {
                sb.append('\n');
            }
            sb.append(text, a, Math.max(a, b));
        }
        return sb.toString();
    }

    static String of(SourceFile src, Span span) {
        return of(src, span, span);
    }
}
