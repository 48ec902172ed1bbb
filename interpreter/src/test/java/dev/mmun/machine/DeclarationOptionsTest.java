package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.lower.Frontend;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.syntax.ScriptParser;
import dev.mmun.syntax.ScriptWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What issue 9 item 5 added to declarations, read from the initial state: page frames by name,
 * initial references, initial CPU TLB entries, the top of the user address space, the version as
 * given, and text after a timeline ruler.
 */
class DeclarationOptionsTest {
    private static Program program(String text) throws Exception {
        Scenario sc = new Frontend(List.of()).compile(new SourceFile("t.mmun", text));
        return sc.program();
    }

    private static String errors(String text) {
        try {
            new Frontend(List.of()).compile(new SourceFile("t.mmun", text));
            return "";
        } catch (CompileException e) {
            return e.getMessage() + e.diagnostics().toString();
        }
    }

    @Test
    void refGivesTheInitialReferences() throws Exception {
        Program p = program("page A at 0x1000 = 1 ref 3\npage B at 0x2000 = 0 cow\nframe K = 0 ref 5\ncpu T { }\n");
        State s = new Semantics(p).initial();
        assertEquals(3, s.get(p.frameRef(0)));
        assertEquals(2, s.get(p.frameRef(1)), "a cow page keeps its two references without ref");
        assertEquals(5, s.get(p.frameRef(2)));
    }

    @Test
    void aPageFrameIsNamedAsTracesPrintIt() throws Exception {
        Program p = program("page A at 0x1000 = 1\npage U at 0x2000 unmapped\npage B at 0x3000 = 2\n"
                + "cpu T { c = page_count(fB) }\n");
        assertEquals("fB", new Describe(p).frame(p.pages().get(2).frame()));
        Semantics sem = new Semantics(p);
        State s = sem.step(sem.initial(), 0, v -> { });
        assertEquals(1, s.get(p.localBase(0) + p.threads().get(0).locals().indexOf("c")));
        assertTrue(errors("page A at 0x1000 = 1\nframe fA = 0\ncpu T { }\n").contains("fA names the frame page A starts on"));
        assertTrue(errors("page A at 0x1000 unmapped\ncpu T { put_page(fA) }\n").contains("unknown name fA"));
    }

    @Test
    void tlbOfACpuThreadFillsOnlyThatCpu() throws Exception {
        Program p = program("page A at 0x1000 = 1 tlb(C2)\ndevice iommu ats\ncpu C1 { }\ndev D { }\ncpu C2 { }\n");
        State s = new Semantics(p).initial();
        assertEquals(0, s.get(p.cpuTlb(0, 0)));
        assertEquals(Pte.tlbEntry(Pte.make(0, true, false), 1), s.get(p.cpuTlb(1, 0)), "C2 is the second CPU");
        assertEquals(0, s.get(p.devTlb(0, 0)), "plain tlb fills the devices; tlb(C2) does not");
    }

    @Test
    void addressesReachTheTopOfTheUserAddressSpace() throws Exception {
        Program p = program("page S at 0x7ffffffff000 = 1\ncpu T { invalidate_range(0x7ffffffff000..0x800000000000) }\n");
        assertEquals(1L, p.ranges().get(0).pages());
        assertTrue(errors("page S at 0x800000000000 = 1\n").contains("the last page is at 0x7ffffffff000"));
        assertTrue(errors("cpu T { x = 1073741824 }\n").contains("between -1073741824 and 1073741823"));
    }

    @Test
    void anyVersionFromFourFifteenNamesItsEra() throws Exception {
        assertEquals(Era.E4_15, Era.parse("4.15"));
        assertEquals(Era.E4_15, Era.parse("6.5"));
        assertEquals(Era.E6_6, Era.parse("6.6"));
        assertEquals(Era.E6_6, Era.parse("6.18"));
        assertEquals(Era.E6_6, Era.parse("7.0"));
        assertNull(Era.parse("4.14"));
        assertNull(Era.parse("4.150"));
        assertNull(Era.parse("5.99"));
        Program p = program("era 6.18\ncpu T { }\n");
        assertEquals("6.18", p.version());
        assertEquals(Era.E6_6, p.era());
    }

    @Test
    void optionsAndRulerNotesRoundTrip() throws Exception {
        String text = "page A at 0x1000 = 1 cow ref 3 tlb(C)\nframe K = 2 ref 2\ncpu C\n"
                + "[time 12] --- replace_page(): {a note} [with brackets]\nC { r = read(A) }\n";
        Script sc = ScriptParser.parse(new SourceFile("t.mmun", text));
        Item.Page pg = sc.all(Item.Page.class).get(0);
        assertEquals("[cow, ref 3, tlb(C)]", pg.options().toString());
        assertEquals("12", sc.all(Item.TimeBlock.class).get(0).label());
        assertEquals(1, sc.all(Item.TimeBlock.class).get(0).rows().size());
        String written = ScriptWriter.write(sc);
        assertTrue(written.contains("page A at 0x1000 = 1 cow ref 3 tlb(C)"), written);
        assertTrue(written.contains("frame K = 2 ref 2"), written);
        assertEquals(written, ScriptWriter.write(ScriptParser.parse(new SourceFile("t2.mmun", written))));
    }
}
