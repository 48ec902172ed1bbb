package dev.mmun.syntax;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The generated lexer, with block comments read here in one pass: the grammar lexes only their
 * openers. A herd comment {@code (* ... *)} nests, as herd's own do; a C comment ends at the first
 * {@code *}{@code /}. A comment still open at the end of the text becomes one
 * {@code UNTERMINATED_COMMENT} token, so the parser reports it where it opened and the REPL knows
 * to read another line.
 */
final class CommentLexer extends MmunLexer {
    CommentLexer(CharStream input) {
        super(input);
    }

    @Override
    public Token nextToken() {
        while (true) {
            Token t = super.nextToken();
            int type = t.getType();
            if (type != BLOCK_COMMENT_OPEN && type != HERD_COMMENT_OPEN) {
                return t;
            }
            if (!skipComment(type == HERD_COMMENT_OPEN)) {
                int stop = _input.index() - 1;
                CommonToken open = new CommonToken(_tokenFactorySourcePair, MmunParser.UNTERMINATED_COMMENT,
                        Token.DEFAULT_CHANNEL, t.getStartIndex(), stop);
                open.setLine(t.getLine());
                open.setCharPositionInLine(t.getCharPositionInLine());
                open.setText(_input.getText(Interval.of(t.getStartIndex(), Math.min(stop, t.getStartIndex() + 1))));
                return open;
            }
        }
    }

    /** Consumes the rest of a comment whose opener was just read; false if the text ends first. */
    private boolean skipComment(boolean nests) {
        char close = nests ? ')' : '/';
        int depth = 1;
        while (true) {
            int c = _input.LA(1);
            if (c == CharStream.EOF) {
                return false;
            }
            int next = _input.LA(2);
            if (c == '*' && next == close) {
                consume(2);
                if (--depth == 0) {
                    return true;
                }
            } else if (nests && c == '(' && next == '*') {
                consume(2);
                depth++;
            } else {
                consume(1);
            }
        }
    }

    /** Through the ATN simulator, which keeps the line and column of the tokens after the comment. */
    private void consume(int n) {
        for (int i = 0; i < n; i++) {
            getInterpreter().consume(_input);
        }
    }
}
