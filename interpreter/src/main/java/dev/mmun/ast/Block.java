package dev.mmun.ast;

import dev.mmun.diag.Span;
import java.util.List;

public record Block(List<Stmt> stmts, Span span) {
    public Block {
        stmts = List.copyOf(stmts);
    }
}
