package dev.mmun.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.ast.Input;
import dev.mmun.ast.Item;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import org.junit.jupiter.api.Test;

/** The REPL asks the parser whether an input needs more lines, and parses it as declarations and statements. */
class IncompleteInputTest {
    @Test
    void anOpenBlockOrParenthesisAsksForMore() {
        assertTrue(ScriptParser.incomplete("proc f(P) {"));
        assertTrue(ScriptParser.incomplete("proc f(P) {\n  write(P, 1)"));
        assertTrue(ScriptParser.incomplete("write(A,"));
        assertTrue(ScriptParser.incomplete("on T {"));
        assertTrue(ScriptParser.incomplete("if (r == 0) { write(A, 1) } else {"));
        assertTrue(ScriptParser.incomplete("write(A, 1) /* a comment"));
    }

    @Test
    void aCompleteOrWrongInputIsTakenAsItIs() {
        assertFalse(ScriptParser.incomplete("proc f(P) { write(P, 1) }"));
        assertFalse(ScriptParser.incomplete("write(A, 1)"));
        assertFalse(ScriptParser.incomplete("page A at"), "an error at the end, but nothing open: report it");
        assertFalse(ScriptParser.incomplete("write(A,, 1"), "an error before the end: report it");
        assertFalse(ScriptParser.incomplete("write(A, 1))"));
        assertFalse(ScriptParser.incomplete(""));
    }

    @Test
    void aTimelineTakesRowsUntilAnEmptyLine() {
        assertTrue(ScriptParser.incomplete("[time N]"));
        assertTrue(ScriptParser.incomplete("[time N]\nT {write(A, 1)}"));
        assertFalse(ScriptParser.incomplete("[time N]\nT {write(A, 1)}\n"));
    }

    @Test
    void anInputHoldsDeclarationsAndStatementsForThreads() throws CompileException {
        Input in = ScriptParser.parseInput(new SourceFile("<repl>", "page A at 0x1000; write(A, 1); r = read(A)\non T: write(A, 2)"));
        assertEquals(3, in.parts().size());
        assertInstanceOf(Item.Page.class, ((Input.Decl) in.parts().get(0)).item());
        Input.Stmts mine = (Input.Stmts) in.parts().get(1);
        assertNull(mine.thread());
        assertEquals(2, mine.stmts().size());
        Input.Stmts theirs = (Input.Stmts) in.parts().get(2);
        assertEquals("T", theirs.thread().text());
        assertEquals(1, theirs.stmts().size());
    }

    @Test
    void lexemesCoverKeywordsNamesNumbersAndComments() {
        var ls = Lexicon.lexemes("page A at 0x1000 // here");
        assertEquals(Lexeme.Kind.KEYWORD, ls.get(0).kind());
        assertEquals(Lexeme.Kind.NAME, ls.get(1).kind());
        assertEquals(Lexeme.Kind.NUMBER, ls.get(3).kind());
        assertEquals(Lexeme.Kind.COMMENT, ls.get(4).kind());
        assertTrue(Lexicon.keywords().containsAll(java.util.List.of("page", "device", "atomic", "time", "preempted")));
    }
}
