package dev.mmun.syntax;

import dev.mmun.diag.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Positions of tokens and parse-tree nodes as the project's own spans. */
final class Spans {
    private final String file;

    Spans(String file) {
        this.file = file;
    }

    Span of(Token t) {
        String text = t.getText();
        int len = text == null ? 1 : Math.max(1, text.length());
        int col = t.getCharPositionInLine() + 1;
        return new Span(file, t.getLine(), col, t.getLine(), col + len - 1);
    }

    Span of(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null || ctx.getStop().getTokenIndex() < start.getTokenIndex() ? start : ctx.getStop();
        Span a = of(start);
        Span b = of(stop);
        return a.to(b);
    }
}
