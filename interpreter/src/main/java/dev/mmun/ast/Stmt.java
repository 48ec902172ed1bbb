package dev.mmun.ast;

import dev.mmun.diag.Span;

/** Statements. Each one that touches the machine becomes one step. */
public sealed interface Stmt {
    Span span();

    /** {@code x = expr}: a local from a pure expression or from a call that returns a value. */
    record Assign(Name target, Expr value, Span span) implements Stmt {}

    /** {@code try write(A, 1)} or {@code try r = read(A)}: target is null for the first form. */
    record Try(Name target, Expr.Call call, Span span) implements Stmt {}

    record CallStmt(Expr.Call call, Span span) implements Stmt {}

    record Atomic(Block body, Span span) implements Stmt {}

    /** elseBranch is null, a Block, or another If. */
    record If(Expr condition, Block then, Object elseBranch, Span span) implements Stmt {}

    record While(Expr condition, int max, Block body, Span span) implements Stmt {}

    record Repeat(int count, Block body, Span span) implements Stmt {}

    record Assert(Expr condition, String text, Span span) implements Stmt {}

    record Preempt(Span span) implements Stmt {}

    /** {@code return} in a callback; value is null when none is given. */
    record Return(Expr value, Span span) implements Stmt {}

    /** A timeline's {@code COW_step0: { ... }}: the label is shown in the trace. */
    record Labelled(Name label, Block body, Span span) implements Stmt {}
}
