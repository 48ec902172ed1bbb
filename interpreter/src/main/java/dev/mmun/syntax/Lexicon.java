package dev.mmun.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;

/** The words of the language and the lexemes of a text, for the REPL's completer and highlighter. */
public final class Lexicon {
    private Lexicon() {
    }

    /** The keywords, sorted; the spellings a token accepts beyond its first are listed too. */
    public static List<String> keywords() {
        TreeSet<String> out = new TreeSet<>(List.of("time", "preempt", "preempted"));
        Vocabulary v = MmunLexer.VOCABULARY;
        for (int t = 1; t <= v.getMaxTokenType(); t++) {
            String lit = v.getLiteralName(t);
            if (lit != null && lit.matches("'[a-z_]+'")) {
                out.add(lit.substring(1, lit.length() - 1));
            }
        }
        return List.copyOf(out);
    }

    /** The lexemes of a text in order, comments included (as the non-blank text between tokens). */
    public static List<Lexeme> lexemes(String text) {
        MmunLexer lexer = new CommentLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        List<Lexeme> out = new ArrayList<>();
        int at = 0;
        for (Token t : tokens.getTokens()) {
            int start = t.getType() == Token.EOF ? text.length() : t.getStartIndex();
            if (start > at && !text.substring(at, start).isBlank()) {
                int from = at;
                while (Character.isWhitespace(text.charAt(from))) {
                    from++;
                }
                out.add(new Lexeme(Lexeme.Kind.COMMENT, from, start));
            }
            if (t.getType() == Token.EOF) {
                break;
            }
            out.add(new Lexeme(kind(t.getType()), start, t.getStopIndex() + 1));
            at = t.getStopIndex() + 1;
        }
        return out;
    }

    private static Lexeme.Kind kind(int type) {
        if (type == MmunLexer.ID) {
            return Lexeme.Kind.NAME;
        }
        if (type == MmunLexer.NUMBER || type == MmunLexer.VERSION) {
            return Lexeme.Kind.NUMBER;
        }
        if (type == MmunParser.UNTERMINATED_COMMENT) {
            return Lexeme.Kind.COMMENT;
        }
        if (type == MmunLexer.ERROR_CHAR) {
            return Lexeme.Kind.ERROR;
        }
        String lit = MmunLexer.VOCABULARY.getLiteralName(type);
        boolean word = lit == null || Character.isLetter(lit.charAt(1));
        return word ? Lexeme.Kind.KEYWORD : Lexeme.Kind.OPERATOR;
    }
}
