package dev.mmun.syntax;

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
        Diagnostics diags = new Diagnostics();
        Spans spans = new Spans(src.name());
        int nul = src.text().indexOf('\0');
        if (nul >= 0) {
            throw new CompileException(List.of(dev.mmun.diag.Diagnostic.error(position(src, nul),
                    "this is not a text file (NUL byte)")));
        }
        MmunLexer lexer = new MmunLexer(CharStreams.fromString(src.text(), src.name()));
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
        MmunParser.ScriptContext tree;
        try {
            tree = parser.script();
        } catch (StackOverflowError e) {
            throw new CompileException(List.of(dev.mmun.diag.Diagnostic.error(Span.at(src.name(), 1, 1),
                    "the script is nested too deeply to parse")));
        }
        if (diags.hasErrors()) {
            throw new CompileException(diags.sorted());
        }
        Script script;
        try {
            script = new AstBuilder(src.name(), spans, diags).build(tree);
        } catch (StackOverflowError e) {
            throw new CompileException(List.of(dev.mmun.diag.Diagnostic.error(Span.at(src.name(), 1, 1),
                    "the script is nested too deeply to read")));
        }
        if (diags.hasErrors()) {
            throw new CompileException(diags.sorted());
        }
        return script;
    }

    /** Tokens of the language, for the REPL's highlighter and completer. */
    public static List<Token> tokens(String text) {
        MmunLexer lexer = new MmunLexer(CharStreams.fromString(text));
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
