package dev.mmun.syntax;

import dev.mmun.ast.Input;
import dev.mmun.ast.Script;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** The one door from text to AST: lexes, parses, and builds the immutable AST, or reports why not. */
public final class ScriptParser {
    /** Deeper than this, a script is almost certainly generated garbage; ANTLR would recurse too deep. */
    static final int MAX_NESTING = 64;

    private ScriptParser() {
    }

    public static Script parse(SourceFile src) throws CompileException {
        return parse(src, MmunParser::script, (b, tree) -> b.build(tree));
    }

    /** One input of the REPL: declarations and statements (see the grammar's replInput). */
    public static Input parseInput(SourceFile src) throws CompileException {
        return parse(src, MmunParser::replInput, (b, tree) -> b.buildInput(tree));
    }

    /**
     * Whether the REPL should read another line before running this input: the parser stops at
     * the end of the text inside an open block or parenthesis, or in an unterminated comment; or
     * the input ends in a timeline block, whose rows go on until an empty line.
     */
    public static boolean incomplete(String text) {
        MmunLexer lexer = new CommentLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        int depth = 0;
        for (Token t : tokens.getTokens()) {
            switch (t.getType()) {
                case MmunLexer.LPAREN, MmunLexer.LBRACE, MmunLexer.LBRACK -> depth++;
                case MmunLexer.RPAREN, MmunLexer.RBRACE, MmunLexer.RBRACK -> depth = Math.max(0, depth - 1);
                case MmunParser.UNTERMINATED_COMMENT -> {
                    return true;
                }
                default -> { }
            }
        }
        MmunParser parser = new MmunParser(tokens);
        parser.removeErrorListeners();
        Token[] firstError = new Token[1];
        boolean[] failed = new boolean[1];
        parser.addErrorListener(new org.antlr.v4.runtime.BaseErrorListener() {
            @Override
            public void syntaxError(org.antlr.v4.runtime.Recognizer<?, ?> r, Object offending, int line, int col,
                                    String msg, org.antlr.v4.runtime.RecognitionException e) {
                if (!failed[0]) {
                    failed[0] = true;
                    firstError[0] = offending instanceof Token t ? t : null;
                }
            }
        });
        MmunParser.ReplInputContext tree;
        try {
            tree = parser.replInput();
        } catch (StackOverflowError e) {
            return false;
        }
        if (failed[0]) {
            return depth > 0 && firstError[0] != null && firstError[0].getType() == Token.EOF;
        }
        List<MmunParser.ReplPartContext> parts = tree.replPart();
        boolean endsInTimeline = !parts.isEmpty() && parts.get(parts.size() - 1) instanceof MmunParser.ReplItemContext last
                && last.item() instanceof MmunParser.TimeBlockContext;
        int nl = text.lastIndexOf('\n');
        return endsInTimeline && (nl < 0 || !text.substring(nl + 1).isBlank());
    }

    private static <C extends org.antlr.v4.runtime.ParserRuleContext, R> R parse(
            SourceFile src, java.util.function.Function<MmunParser, C> rule,
            java.util.function.BiFunction<AstBuilder, C, R> build) throws CompileException {
        Diagnostics diags = new Diagnostics();
        Spans spans = new Spans(src.name());
        int nul = src.text().indexOf('\0');
        if (nul >= 0) {
            throw new CompileException(List.of(dev.mmun.diag.Diagnostic.error(position(src, nul),
                    "this is not a text file (NUL byte)")));
        }
        MmunLexer lexer = new CommentLexer(CharStreams.fromString(src.text(), src.name()));
        lexer.setTokenFactory(TextTokenFactory.INSTANCE);
        lexer.removeErrorListeners();
        lexer.addErrorListener(new CollectingErrorListener(spans, diags));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkNesting(tokens.getTokens(), spans, diags);
        if (diags.hasErrors()) {
            throw new CompileException(diags.sorted());
        }
        MmunParser parser = new MmunParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new CollectingErrorListener(spans, diags));
        C tree;
        try {
            tree = rule.apply(parser);
        } catch (StackOverflowError e) {
            throw new CompileException(List.of(dev.mmun.diag.Diagnostic.error(Span.at(src.name(), 1, 1),
                    "the script is nested too deeply to parse")));
        }
        if (diags.hasErrors()) {
            throw new CompileException(diags.sorted());
        }
        R result;
        try {
            result = build.apply(new AstBuilder(src.name(), spans, diags), tree);
        } catch (StackOverflowError e) {
            throw new CompileException(List.of(dev.mmun.diag.Diagnostic.error(Span.at(src.name(), 1, 1),
                    "the script is nested too deeply to read")));
        }
        if (diags.hasErrors()) {
            throw new CompileException(diags.sorted());
        }
        return result;
    }

    /** Tokens of the language, for the REPL's highlighter and completer. */
    public static List<Token> tokens(String text) {
        MmunLexer lexer = new CommentLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return tokens.getTokens();
    }

    private static void checkNesting(List<Token> tokens, Spans spans, Diagnostics diags) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case MmunLexer.LPAREN, MmunLexer.LBRACE, MmunLexer.LBRACK -> {
                    if (++depth > MAX_NESTING) {
                        diags.error(spans.of(t), "nested more than " + MAX_NESTING + " levels deep");
                        return;
                    }
                }
                case MmunLexer.RPAREN, MmunLexer.RBRACE, MmunLexer.RBRACK -> depth = Math.max(0, depth - 1);
                case MmunParser.UNTERMINATED_COMMENT -> {
                    diags.error(spans.of(t), "this comment is never closed (" + t.getText() + " without "
                            + (t.getText().startsWith("(") ? "*)" : "*/") + ")");
                    return;
                }
                default -> { }
            }
        }
    }

    private static Span position(SourceFile src, int offset) {
        int line = 1;
        int col = 1;
        String text = src.text();
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return Span.at(src.name(), line, col);
    }
}
