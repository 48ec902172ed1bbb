package dev.mmun.diag;

/** One problem in a script, in the user's words, at a place in the source. */
public record Diagnostic(Severity severity, Span span, String message) {

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, span, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
