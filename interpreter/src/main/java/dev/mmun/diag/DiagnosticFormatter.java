package dev.mmun.diag;

import java.util.Map;

/**
 * Renders diagnostics as {@code file:line:col: error: message}, the source line and a caret, the
 * way compilers do. Long lines are cut around the column so the caret stays readable.
 */
public final class DiagnosticFormatter {
    private static final int WIDTH = 120;
    private final Map<String, SourceFile> sources;

    public DiagnosticFormatter(Map<String, SourceFile> sources) {
        this.sources = sources;
    }

    public String format(Diagnostic d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.span().where()).append(": ").append(d.severity().word()).append(": ").append(d.message());
        SourceFile src = sources.get(d.span().file());
        if (src == null || !d.span().known()) {
            return sb.toString();
        }
        String line = src.line(d.span().line()).replace('\t', ' ');
        int col = Math.max(1, d.span().column());
        int from = 0;
        if (line.length() > WIDTH) {
            from = Math.max(0, Math.min(col - 1 - WIDTH / 2, line.length() - WIDTH));
            line = (from > 0 ? "..." : "") + line.substring(from, Math.min(line.length(), from + WIDTH))
                    + (from + WIDTH < line.length() ? "..." : "");
            col = col - from + (from > 0 ? 3 : 0);
        }
        int width = 1;
        if (d.span().endLine() == d.span().line() && d.span().endColumn() > d.span().column()) {
            width = Math.min(d.span().endColumn() - d.span().column() + 1, Math.max(1, line.length() - col + 1));
        }
        sb.append('\n').append("  ").append(clean(line)).append('\n').append("  ")
                .append(" ".repeat(Math.max(0, col - 1))).append('^').append("~".repeat(Math.max(0, width - 1)));
        return sb.toString();
    }

    /** Control characters would garble the terminal: show them as '?'. */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
