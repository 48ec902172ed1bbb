package dev.mmun.ast;

import dev.mmun.diag.Span;
import java.util.List;

/** Expressions: pure ones over locals, calls, and ranges (as arguments only). */
public sealed interface Expr {
    Span span();

    record Int(long value, Span span) implements Expr {}

    record Bool(boolean value, Span span) implements Expr {}

    record Ref(Name name) implements Expr {
        @Override
        public Span span() {
            return name.span();
        }
    }

    /** {@code DEV-thread-0:r0} in a final condition. */
    record ThreadReg(Name thread, Name reg, Span span) implements Expr {}

    /** {@code r.start}: a field of a callback's range parameter. */
    record Field(Name target, Name field, Span span) implements Expr {}

    record Unary(String op, Expr operand, Span span) implements Expr {}

    record Binary(String op, Expr left, Expr right, Span span) implements Expr {}

    record Range(Expr from, Expr to, Span span) implements Expr {}

    record Call(Name function, List<Expr> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }
}
