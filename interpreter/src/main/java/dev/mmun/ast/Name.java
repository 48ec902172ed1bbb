package dev.mmun.ast;

import dev.mmun.diag.Span;

/** A name as written, with where it was written. */
public record Name(String text, Span span) {
    @Override
    public String toString() {
        return text;
    }
}
