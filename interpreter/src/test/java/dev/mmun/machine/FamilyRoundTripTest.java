package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.session.Session;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every name of the families' primitives lowers, and the source form its family writes back for
 * the instruction lowers to the same instruction (op, local, operands): what traces and the REPL
 * show is what ran.
 */
class FamilyRoundTripTest {
    private static final String HEAD = "era 6.6\npage A at 0x1000 = 1 cow\npage H at 0x200000 = 0 huge\nspinlock L\nmutex M\n";

    private static Instr lowered(String stmt) throws CompileException {
        Scenario sc = Session.withStdlib().frontend().compile(new SourceFile("f.mmun", HEAD + "cpu T {\n    x = 0\n    " + stmt
                + "\n}\nmode run\n"));
        assertNotNull(sc, () -> "does not compile: " + stmt);
        Program p = sc.program();
        Instr[] code = p.threads().get(0).code();
        return Arrays.stream(code).filter(in -> !in.op().local()).findFirst().orElseThrow();
    }

    private static Program program() throws CompileException {
        return Session.withStdlib().frontend().compile(new SourceFile("f.mmun", HEAD + "cpu T { x = 0 }\nmode run\n")).program();
    }

    private static void roundTrip(List<Primitive> prims, BiFunction<Program, Instr, String> source) throws CompileException {
        Program p = program();
        for (Primitive pr : prims) {
            for (String name : pr.names()) {
                String arg = pr.form().contains("(L)") ? (name.startsWith("mutex") ? "M" : "L") : name.startsWith("pmd") ? "H" : "A";
                String stmt = (pr.valued() ? "x = " : "") + name + "(" + arg + ")";
                Instr in = lowered(stmt);
                String back = source.apply(p, in);
                Instr again = lowered(back);
                String what = stmt + " written back as " + back;
                assertEquals(in.op(), again.op(), what);
                assertEquals(in.dst(), again.dst(), what);
                assertEquals(in.a(), again.a(), what);
                assertEquals(in.b(), again.b(), what);
            }
        }
    }

    @Test
    void memoryAccesses() throws CompileException {
        Program p = program();
        for (Primitive pr : MemoryFamily.PRIMITIVES) {
            for (String name : pr.names()) {
                String call = name + (pr.valued() ? "(A)" : "(A, x + 2)");
                for (String stmt : List.of((pr.valued() ? "x = " : "") + call, "try " + (pr.valued() ? "x = " : "") + call)) {
                    Instr in = lowered(stmt);
                    String back = MemoryFamily.source(p, in, "x", in.v() == null ? null : "(x + 2)");
                    Instr again = lowered(back);
                    String what = stmt + " written back as " + back;
                    assertEquals(in.op(), again.op(), what);
                    assertEquals(in.dst(), again.dst(), what);
                    assertEquals(in.a(), again.a(), what);
                    assertEquals(in.b(), again.b(), what);
                    assertEquals(String.valueOf(in.v()), String.valueOf(again.v()), what);
                    assertEquals(stmt.startsWith("try"), (in.b() & 1) != 0, what);
                }
            }
        }
    }

    @Test
    void frames() throws CompileException {
        for (Primitive pr : FrameFamily.PRIMITIVES) {
            for (String name : pr.names()) {
                String args = pr.form().contains("()") ? "" : pr.form().contains(", ") ? "x, x + 1" : "x";
                String stmt = (pr.valued() ? "x = " : "") + name + "(" + args + ")";
                Instr in = lowered(stmt);
                String back = FrameFamily.source(in, "x", "x", "(x + 1)");
                Instr again = lowered(back);
                String what = stmt + " written back as " + back;
                assertEquals(in.op(), again.op(), what);
                assertEquals(in.dst(), again.dst(), what);
                assertEquals(String.valueOf(in.v()), String.valueOf(again.v()), what);
                assertEquals(String.valueOf(in.w()), String.valueOf(again.w()), what);
            }
        }
    }

    @Test
    void locks() throws CompileException {
        roundTrip(LockFamily.PRIMITIVES, LockFamily::source);
    }

    @Test
    void pteReads() throws CompileException {
        roundTrip(PteReadFamily.PRIMITIVES, (p, in) -> PteReadFamily.source(p, in, "x"));
    }

    @Test
    void notifierCallsInBothEras() throws CompileException {
        for (String era : List.of("4.15", "6.6")) {
            String head = "era " + era + "\npage A at 0x1000 = 1 cow\npage B at 0x2000 = 1\n";
            int lowered = 0;
            for (Primitive pr : NotifierFamily.PRIMITIVES) {
                for (String name : pr.names()) {
                    String arg = pr.form().contains("()") ? "" : "A..B";
                    String stmt = (pr.form().startsWith("ret = ") ? "x = " : "") + name + "(" + arg + ")";
                    String src = head + "cpu T {\n    x = 0\n    " + stmt + "\n}\nmode run\n";
                    Scenario sc;
                    try {
                        sc = Session.withStdlib().frontend().compile(new SourceFile("f.mmun", src));
                    } catch (CompileException e) {
                        // the other era's notify and only_end do not exist: said so, with the name
                        assertTrue(e.getMessage().contains("does not exist in era " + era), stmt + ": " + e.getMessage());
                        continue;
                    }
                    Instr in = Arrays.stream(sc.program().threads().get(0).code()).filter(i -> !i.op().local()).findFirst().orElseThrow();
                    String back = NotifierFamily.source(sc.program(), in, "x");
                    Scenario again = Session.withStdlib().frontend().compile(new SourceFile("f.mmun",
                            head + "cpu T {\n    x = 0\n    " + back + "\n}\nmode run\n"));
                    Instr in2 = Arrays.stream(again.program().threads().get(0).code()).filter(i -> !i.op().local()).findFirst().orElseThrow();
                    String what = era + ": " + stmt + " written back as " + back;
                    assertEquals(in.op(), in2.op(), what);
                    assertEquals(in.dst(), in2.dst(), what);
                    assertEquals(in.a(), in2.a(), what);
                    assertEquals(in.b(), in2.b(), what);
                    lowered++;
                }
            }
            assertEquals(era.equals("4.15") ? 10 : 8, lowered, era);
        }
    }

    /**
     * The pte stores, in both eras (clear_flush_notify is 4.15's; arm64 makes ptep_set_access_flags
     * flush), and set_pte_at's restore form: every name compiles in some era and comes back as itself.
     */
    @Test
    void pteStores() throws CompileException {
        for (Primitive pr : PteStoreFamily.PRIMITIVES) {
            for (String name : pr.names()) {
                String page = name.startsWith("pmd") || name.equals("set_pmd_at") ? "H" : "A";
                String args = pr.form().substring(pr.form().indexOf('(') + 1, pr.form().length() - 1)
                        .replace("P", page).replace("F", "x").replace("G", "x");
                List<String> stmts = new java.util.ArrayList<>(List.of(name + "(" + args + ")"));
                if (pr.canonical().equals("set")) {
                    stmts.add(name + "(" + page + ", x)");
                }
                for (String stmt : stmts) {
                    int compiled = 0;
                    for (String head : List.of("era 4.15\n", "era 6.6\narch arm64\n")) {
                        String h = head + HEAD.substring(HEAD.indexOf('\n') + 1);
                        Instr in = tryLowered(h, stmt);
                        if (in == null) {
                            continue;
                        }
                        compiled++;
                        String back = PteStoreFamily.source(program(h), in, in.v() == null ? null : "x");
                        Instr again = tryLowered(h, back);
                        String what = head.trim() + ": " + stmt + " written back as " + back;
                        assertNotNull(again, what);
                        assertEquals(in.op(), again.op(), what);
                        assertEquals(in.a(), again.a(), what);
                        assertEquals(in.b(), again.b(), what);
                        assertEquals(String.valueOf(in.v()), String.valueOf(again.v()), what);
                    }
                    assertTrue(compiled > 0, stmt + " compiles in no era");
                }
            }
        }
    }

    private static Instr tryLowered(String head, String stmt) {
        Scenario sc;
        try {
            sc = Session.withStdlib().frontend().compile(new SourceFile("f.mmun", head + "cpu T {\n    x = 0\n    " + stmt + "\n}\nmode run\n"));
        } catch (CompileException e) {
            return null;
        }
        if (sc == null) {
            return null;
        }
        return Arrays.stream(sc.program().threads().get(0).code()).filter(in -> !in.op().local()).findFirst().orElse(null);
    }

    private static Program program(String head) throws CompileException {
        return Session.withStdlib().frontend().compile(new SourceFile("f.mmun", head + "cpu T { x = 0 }\nmode run\n")).program();
    }

    /**
     * The TLB flushes and gathers, the kernel paths' other steps and the mirrors' driver side: every
     * name, in each era and arch it exists in, written back by its family (through the registry, as
     * traces and the REPL write it) lowers to the same instruction, values included.
     */
    @Test
    void flushesKernelOpsAndMirrorSides() {
        String decls = "gather_batch 2\npage A at 0x1000 = 1\npage B at 0x2000 = 2\nframe F = 0\ndevice gpu mirror\ndevice vm kvm\n";
        int compiled = 0;
        for (String family : List.of("tlb-flushes", "kernel-ops", "mirror-ops")) {
            for (Primitive pr : Families.all().get(family)) {
                String args = pr.form().substring(pr.form().indexOf('(') + 1, pr.form().length() - 1);
                for (String name : pr.names()) {
                    String call = name + "(" + args.replace("v", "x + 3").replace("seq", "x").replace("on", "1").replace("P", "A")
                            .replace("R", "A..B").replace("M", "gpu").replace("K", "vm").replace("D", "gpu") + ")";
                    String stmt = (pr.valued() ? "x = " : "") + call;
                    int eras = 0;
                    for (String head : List.of("era 4.15\n", "era 6.6\n", "era 6.6\narch arm64\n", "era 4.19\narch arm64\n")) {
                        Program p = programOf(head + decls, stmt);
                        Instr in = p == null ? null
                                : Arrays.stream(p.threads().get(0).code()).filter(i -> !i.op().local()).findFirst().orElse(null);
                        if (in == null) {
                            continue;
                        }
                        eras++;
                        String back = Families.of(in.op()).source().of(p, in, new Families.Operands() {
                            @Override
                            public String dst() {
                                return in.dst() >= 0 ? "x" : "";
                            }

                            @Override
                            public String value(Val v) {
                                return v instanceof Val.Const c ? Integer.toString(c.value()) : v instanceof Val.Local ? "x" : "(x + 3)";
                            }

                            @Override
                            public String frame(Val v) {
                                return v instanceof Val.Const c && c.value() == 1 ? "F" : value(v);
                            }
                        });
                        Instr again = tryLowered(head + decls, back);
                        String what = head.trim() + ": " + stmt + " written back as " + back;
                        assertNotNull(again, what);
                        assertEquals(in.op(), again.op(), what);
                        assertEquals(in.dst(), again.dst(), what);
                        assertEquals(in.a(), again.a(), what);
                        assertEquals(in.b(), again.b(), what);
                        assertEquals(String.valueOf(in.v()), String.valueOf(again.v()), what);
                        assertEquals(String.valueOf(in.w()), String.valueOf(again.w()), what);
                        compiled++;
                    }
                    // tlb_start_vma() is no step, and tlb_end_vma() none on x86 from 6.1
                    assertTrue(eras > 0 || name.equals("tlb_start_vma"), stmt + " lowers to no instruction in any era");
                }
            }
        }
        assertTrue(compiled > 80, "only " + compiled + " round trips");
    }

    /** The program of a thread that runs stmt, or null when it does not compile. */
    private static Program programOf(String head, String stmt) {
        try {
            Scenario sc = Session.withStdlib().frontend().compile(new SourceFile("f.mmun", head + "cpu T {\n    x = 0\n    " + stmt + "\n}\nmode run\n"));
            return sc == null ? null : sc.program();
        } catch (CompileException e) {
            return null;
        }
    }

    /** Every machine instruction belongs to exactly one family (its effect, footprint and source form are there). */
    @Test
    void everyMachineOpHasAFamily() {
        for (Op op : Op.values()) {
            if (op.local()) {
                assertEquals(null, Families.of(op), op + " is thread-local");
                continue;
            }
            Families.Family f = Families.of(op);
            assertNotNull(f, op + " belongs to no family");
            assertTrue(f.ops().contains(op), op + " in " + f.name());
        }
    }
}
