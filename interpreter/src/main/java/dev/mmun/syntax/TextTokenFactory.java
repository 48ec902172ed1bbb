package dev.mmun.syntax;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Tokens that keep their text from the lexer: a plain {@link CommonToken} makes a new string from
 * the character stream on every {@code getText()}, and the AST builder and the span code ask for
 * each token's text several times. The end-of-file token keeps ANTLR's {@code <EOF>} text (that is
 * what a plain token gives), so spans and messages at the end of a file do not change.
 */
final class TextTokenFactory implements TokenFactory<CommonToken> {
    static final TextTokenFactory INSTANCE = new TextTokenFactory();

    private TextTokenFactory() {
    }

    @Override
    public CommonToken create(Pair<TokenSource, CharStream> source, int type, String text, int channel,
                              int start, int stop, int line, int charPositionInLine) {
        CommonToken t = new CommonToken(source, type, channel, start, stop);
        t.setLine(line);
        t.setCharPositionInLine(charPositionInLine);
        if (text != null) {
            t.setText(text);
        } else if (type != Token.EOF && source.b != null) {
            t.setText(source.b.getText(Interval.of(start, stop)));
        }
        return t;
    }

    @Override
    public CommonToken create(int type, String text) {
        return new CommonToken(type, text);
    }
}
