package dev.mmun.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a pass so a file reports all its errors at once. */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();

    public void error(Span span, String message) {
        list.add(Diagnostic.error(span, message));
    }

    public void add(Diagnostic d) {
        list.add(d);
    }

    public void addAll(List<Diagnostic> ds) {
        list.addAll(ds);
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(list);
        out.sort(Comparator.comparing((Diagnostic d) -> d.span().file())
                .thenComparingInt(d -> d.span().line()).thenComparingInt(d -> d.span().column()));
        return out;
    }
}
