package dev.mmun.syntax;

import dev.mmun.diag.Diagnostics;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Turns ANTLR's syntax errors into diagnostics in plain words, one per place. */
final class CollectingErrorListener extends BaseErrorListener {
    private final Spans spans;
    private final Diagnostics diags;
    private int lastLine = -1;
    private int lastCol = -1;

    CollectingErrorListener(Spans spans, Diagnostics diags) {
        this.spans = spans;
        this.diags = diags;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                            RecognitionException e) {
        if (line == lastLine && col == lastCol) {
            return;
        }
        lastLine = line;
        lastCol = col;
        if (offending instanceof Token t) {
            diags.error(spans.of(t), describe(t, msg));
        } else {
            diags.error(dev.mmun.diag.Span.at(spans.of(fake(line, col)).file(), line, col + 1), msg);
        }
    }

    private static Token fake(int line, int col) {
        org.antlr.v4.runtime.CommonToken t = new org.antlr.v4.runtime.CommonToken(0, " ");
        t.setLine(line);
        t.setCharPositionInLine(col);
        return t;
    }

    private static String describe(Token t, String antlrMessage) {
        if (t.getType() == MmunLexer.ERROR_CHAR) {
            String s = t.getText();
            int cp = s.isEmpty() ? 0 : s.codePointAt(0);
            return cp < 0x20 || cp == 0x7f || cp == 0xfffd
                    ? String.format("unexpected character U+%04X", cp)
                    : "unexpected character '" + s + "'";
        }
        if (t.getType() == Token.EOF) {
            return "unexpected end of file" + expecting(antlrMessage);
        }
        return "unexpected '" + shorten(t.getText()) + "'" + expecting(antlrMessage);
    }

    /** Keeps ANTLR's expectation list when it is short enough to help. */
    private static String expecting(String msg) {
        int i = msg.indexOf("expecting ");
        if (i < 0) {
            return "";
        }
        String exp = msg.substring(i + "expecting ".length());
        if (exp.length() > 60) {
            return "";
        }
        return ", expecting " + exp.replace("{", "").replace("}", "").replace("<EOF>", "end of file");
    }

    private static String shorten(String s) {
        return s.length() > 30 ? s.substring(0, 27) + "..." : s;
    }
}
