package dev.mmun.syntax;

/**
 * A piece of the text as the lexer sees it, for highlighting: what it is and where (char offsets,
 * end exclusive). Comments are the text between tokens; whitespace is left out.
 */
public record Lexeme(Kind kind, int start, int end) {
    public enum Kind { KEYWORD, NAME, NUMBER, OPERATOR, COMMENT, ERROR }
}
