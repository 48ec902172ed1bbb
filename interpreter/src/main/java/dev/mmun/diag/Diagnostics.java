package dev.mmun.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a pass so a file reports all its errors at once. */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();

    /** Past this many, a file is garbage: more errors would only bury the first ones. */
    public static final int MAX = 100;
    private int dropped;
    private int errors;

    public void error(Span span, String message) {
        add(Diagnostic.error(span, message));
    }

    public void add(Diagnostic d) {
        if (list.contains(d)) {
            return;                     // the same error at the same place, met again (a body inlined twice)
        }
        if (d.isError()) {
            errors++;
        }
        if (list.size() < MAX) {
            list.add(d);
        } else {
            dropped++;
        }
    }

    public void addAll(List<Diagnostic> ds) {
        list.addAll(ds);
        errors += (int) ds.stream().filter(Diagnostic::isError).count();
    }

    /** Constant time: the lowering asks it once per loop round. */
    public boolean hasErrors() {
        return errors > 0;
    }

    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(list);
        out.sort(Comparator.comparing((Diagnostic d) -> d.span().file())
                .thenComparingInt(d -> d.span().line()).thenComparingInt(d -> d.span().column()));
        if (dropped > 0) {
            Span last = out.get(out.size() - 1).span();
            out.add(new Diagnostic(Severity.NOTE, Span.none(last.file()), dropped + " more errors not shown"));
        }
        return out;
    }
}
