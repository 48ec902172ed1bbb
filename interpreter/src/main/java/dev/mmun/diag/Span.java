package dev.mmun.diag;

/** A region of a source file: 1-based line and column of its first and last character. */
public record Span(String file, int line, int column, int endLine, int endColumn) {

    public static Span at(String file, int line, int column) {
        return new Span(file, line, column, line, column);
    }

    /** For things the user did not write (the stdlib's own steps, implicit threads). */
    public static Span none(String file) {
        return new Span(file, 0, 0, 0, 0);
    }

    public boolean known() {
        return line > 0;
    }

    public Span to(Span end) {
        return new Span(file, line, column, end.endLine, end.endColumn);
    }

    /** The {@code file:line:col} prefix of diagnostics and reports. */
    public String where() {
        return known() ? file + ":" + line + ":" + column : file;
    }

    @Override
    public String toString() {
        return where();
    }
}
