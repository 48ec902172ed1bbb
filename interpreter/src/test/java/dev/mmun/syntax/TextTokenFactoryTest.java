package dev.mmun.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/** Tokens made with their text kept are the tokens ANTLR makes by default, end-of-file token included. */
class TextTokenFactoryTest {
    private static List<Token> lex(String text, boolean keepText) {
        MmunLexer lexer = new CommentLexer(CharStreams.fromString(text, "t.mmun"));
        if (keepText) {
            lexer.setTokenFactory(TextTokenFactory.INSTANCE);
        }
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return tokens.getTokens();
    }

    private static String describe(Token t) {
        return t.getType() + "@" + t.getLine() + ":" + t.getCharPositionInLine() + "[" + t.getStartIndex() + ".."
                + t.getStopIndex() + "]ch" + t.getChannel() + "=" + t.getText();
    }

    private static void assertSameTokens(String text) {
        List<String> plain = new ArrayList<>();
        lex(text, false).forEach(t -> plain.add(describe(t)));
        List<String> kept = new ArrayList<>();
        lex(text, true).forEach(t -> kept.add(describe(t)));
        assertEquals(plain, kept, text);
    }

    @Test
    void everySampleLexesToTheSameTokens() throws IOException {
        Path root = Path.of("..", "samples");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList();
        }
        assertTrue(files.size() > 5, "samples found: " + files);
        for (Path f : files) {
            assertSameTokens(Files.readString(f));
        }
    }

    @Test
    void oddInputsLexToTheSameTokens() {
        assertSameTokens("");
        assertSameTokens("page A at 0x1000 /* open comment");
        assertSameTokens("(* herd (* nested *) *) write(A, 1) $ ` @");
        assertSameTokens("cpu T {\n\twrite(A, 1)\r\n}\n// end");
    }

    @Test
    void theEndOfFileTokenKeepsItsTextSoErrorsThereStayPut() {
        Token eof = lex("write(A,", true).get(lex("write(A,", true).size() - 1);
        assertEquals(Token.EOF, eof.getType());
        assertEquals("<EOF>", eof.getText());
        CompileException e = assertThrows(CompileException.class,
                () -> ScriptParser.parse(new SourceFile("t.mmun", "page A at 0x1000\ncpu T {\n  write(A,")));
        // the span of <EOF>, five columns wide, as with ANTLR's own tokens
        assertEquals(new Span("t.mmun", 3, 11, 3, 15), e.diagnostics().get(0).span(), e.diagnostics().toString());
    }
}
