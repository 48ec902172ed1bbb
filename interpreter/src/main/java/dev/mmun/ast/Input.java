package dev.mmun.ast;

import dev.mmun.diag.Span;
import java.util.List;

/** One input of the REPL: declarations, and statements for its implicit thread or a named one. */
public record Input(List<Part> parts, Span span) {
    public Input {
        parts = List.copyOf(parts);
    }

    public sealed interface Part {
        Span span();
    }

    /** A declaration (or timeline block, or expectation), as in a script. */
    public record Decl(Item item) implements Part {
        @Override
        public Span span() {
            return item.span();
        }
    }

    /** Statements for one thread: {@code on T: ...}, or the implicit thread when thread is null. */
    public record Stmts(Name thread, List<Stmt> stmts, Span span) implements Part {
        public Stmts {
            stmts = List.copyOf(stmts);
        }
    }
}
