package dev.mmun.stdlib;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Script;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.Runner;
import dev.mmun.lower.Frontend;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The standard library is loaded by default and must stay usable: every procedure lowers, in each
 * era it has a body for, in a scenario that declares pages for its page parameters (capitals; H a
 * huge page; M a mirror device, K a kvm device) and locals for the others, and one run of it
 * reaches its end alone (no lock it cannot take, no step bound). Every procedure says in a comment
 * which kernel function it follows.
 */
class StdlibTest {
    private final Frontend frontend = new Frontend(Stdlib.scripts());

    @Test
    void everyIndexedFileIsLoaded() {
        List<SourceFile> sources = Stdlib.sources();
        assertFalse(sources.isEmpty(), "stdlib/index.txt lists no file");
        assertTrue(sources.stream().anyMatch(s -> s.name().equals("stdlib/memory.mmun")));
        assertTrue(Stdlib.scripts().stream().mapToLong(s -> s.all(Item.Proc.class).size()).sum() > 30);
    }

    @TestFactory
    Stream<DynamicTest> everyProcedureLowersInItsEras() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Script lib : Stdlib.scripts()) {
            for (Item.Proc proc : lib.all(Item.Proc.class)) {
                for (String era : proc.era() == null ? List.of("4.15", "6.6") : List.of(proc.era().text())) {
                    tests.add(DynamicTest.dynamicTest(proc.name() + " era " + era, () -> lowerAndRun(proc, era)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void everyProcedureHasACommentAbove() {
        for (SourceFile src : Stdlib.sources()) {
            String[] lines = src.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("proc ")) {
                    assertTrue(i > 0 && lines[i - 1].startsWith("//"), src.name() + ":" + (i + 1) + ": a procedure without a comment");
                }
            }
        }
    }

    private void lowerAndRun(Item.Proc proc, String era) {
        StringBuilder s = new StringBuilder("era " + era + "\n");
        // each page in a 2 MiB region of its own, so each has its own page table lock (move_ptes takes two)
        s.append("page P1 at 0x1000 = 1\npage P2 at 0x601000 = 2\npage P3 at 0x801000 = 3\n");
        s.append("page H1 at 0x200000 = 4 huge\npage H2 at 0x400000 = 5 huge\n");
        s.append("device iommu ats\n");
        if (proc.params().stream().anyMatch(p -> p.text().equals("M"))) {
            s.append("device gpu mirror\n");
        }
        if (proc.params().stream().anyMatch(p -> p.text().equals("K"))) {
            s.append("device vm kvm\n");
        }
        s.append("cpu T {\n");
        List<String> args = new ArrayList<>();
        int pages = 0;
        int huge = 0;
        int locals = 0;
        for (Name p : proc.params()) {
            String n = p.text();
            if (n.equals("M") || n.equals("K")) {
                args.add(n.equals("M") ? "gpu" : "vm");
            } else if (n.equals(n.toUpperCase(java.util.Locale.ROOT))) {
                args.add(n.startsWith("H") ? "H" + ++huge : "P" + ++pages);
            } else {
                String x = "x" + ++locals;
                s.append("    ").append(x).append(" = alloc_page()\n");
                args.add(x);
            }
        }
        s.append("    ").append(proc.name()).append("(").append(String.join(", ", args)).append(")\n}\nmode run\n");
        SourceFile src = new SourceFile("stdlib-test/" + proc.name() + "-" + era + ".mmun", s.toString());
        Scenario sc;
        try {
            sc = frontend.compile(src);
        } catch (CompileException e) {
            fail(proc.name() + " (" + proc.span().where() + ") does not lower in era " + era + ": " + e.diagnostics() + "\n" + s);
            return;
        }
        Semantics sem = new Semantics(sc.program());
        Run run = new Runner(sc, sem, 10_000).run();
        String what = proc.name() + " (" + proc.span().where() + ") in era " + era;
        assertFalse(run.steps().isEmpty(), what + ": the run took no step");
        assertFalse(run.boundHit(), what + ": the run hit the step bound " + run.notes());
        assertTrue(sem.finished(run.last().raw(), 0), what + ": the thread stopped before its end: "
                + sem.waitingFor(run.last().raw(), 0) + "\n" + s);
    }
}
