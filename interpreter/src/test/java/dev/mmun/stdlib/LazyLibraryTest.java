package dev.mmun.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.check.Library;
import dev.mmun.diag.SourceFile;
import dev.mmun.lower.Frontend;
import dev.mmun.syntax.ScriptParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stdlib parsed as scripts need it: never less than a script needs, and nothing for a script that calls none. */
class LazyLibraryTest {
    @Test
    void aScriptThatCallsNoProcedureNeedsNoFile() {
        assertEquals(List.of(), Stdlib.library().forText("page A at 0x1000 = 0\ncpu T { write(A, 1) }\n"));
    }

    @Test
    void everyProcedureOfTheStdlibIsFoundFromACallToIt() {
        List<Script> all = Stdlib.library().all();
        assertEquals(Stdlib.scripts().size(), all.size());
        for (Script s : all) {
            for (Item.Proc p : s.all(Item.Proc.class)) {
                String name = p.name().text();
                List<Script> part = Stdlib.library().forText("cpu T { " + name + "(A) }");
                assertTrue(part.stream().anyMatch(x -> x.all(Item.Proc.class).stream().anyMatch(q -> q.name().text().equals(name))),
                        name + " is not found from a call to it");
                String base = name.replaceFirst("_\\d+_\\d+$", "");
                assertTrue(!Stdlib.library().forText(base + "(A)").isEmpty(), base + " finds no file");
            }
        }
    }

    @Test
    void calledNamesAreTheNamesBeforeAParenthesis() {
        assertEquals(List.of("f", "wp_page_copy", "CPU-thread-0", "x_1"),
                LazyLibrary.calledNames("f(A) wp_page_copy (B) name CPU-thread-0\t( 9x_1() a- (b-"));
        assertEquals(List.of(), LazyLibrary.calledNames("x".repeat(50_000)));
        assertEquals(List.of("y"), LazyLibrary.calledNames("x".repeat(50_000) + " y("));
    }

    @Test
    void namesInCommentsAndRulersAreNotCalls() {
        assertEquals(List.of("a", "b", "c", "d", "e", "f-g"), LazyLibrary.calledNames(
                "a() // x() y(\nb() /* z(\n w() */ c() [time 1] --- replace_page(): v()\r\nd(/ 2) e(x -- 1) f-g() h---(\n/*"));
        assertEquals(List.of(), Stdlib.library().forText("page A at 0x1000 = 42 ro  // by write_protect_page()\n"
                + "/* replace_page() */\n[time 0] --- ksm_do_scan():\ncpu T { write(A, 1) }\n"));
    }

    @Test
    void aGuessTooSmallFallsBackToTheWholeLibrary() throws Exception {
        Script lib = ScriptParser.parse(new SourceFile("lib.mmun", "proc touch(P) { write(P, 1) }\n"));
        Library tooSmall = new Library() {
            @Override
            public List<Script> all() {
                return List.of(lib);
            }

            @Override
            public List<Script> forText(String text) {
                return List.of();
            }
        };
        var sc = new Frontend(tooSmall).compile(new SourceFile("s.mmun", "page A at 0x1000 = 0\ncpu T { touch(A) }\n"));
        assertTrue(sc.program().threads().size() == 1);
    }
}
