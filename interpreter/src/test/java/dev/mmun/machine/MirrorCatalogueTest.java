package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.ast.Script;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.BreadthFirst;
import dev.mmun.explore.Exhaustive;
import dev.mmun.lower.Frontend;
import dev.mmun.stdlib.Stdlib;
import dev.mmun.syntax.ScriptParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The mirror and kvm scenarios of the catalogue that have no timeline are judged over every
 * interleaving by a plain breadth-first search with no reduction (the REPL's): the rules broken on
 * some path must be exactly the ones the file expects.
 */
class MirrorCatalogueTest {
    /** driver_populate_range() with the read_retry check taken out. */
    private static final String BROKEN_HMM = """
            proc driver_populate_range(M, P) {
                seq = mmu_interval_read_begin(M)
                atomic { pfn = vm_normal_page(P); w = pte_write(P) }
                mutex_lock(driver_lock(M))
                if (pfn != 0) { mirror_map(M, P, pfn, w) }
                mutex_unlock(driver_lock(M))
            }
            """;

    @Test
    void aBrokenFillPathInTheLibraryFailsTheCatalogue() throws Exception {
        List<Script> lib = new ArrayList<>(Stdlib.scripts());
        lib.add(ScriptParser.parse(new SourceFile("broken-hmm.mmun", BROKEN_HMM)));
        Frontend fe = new Frontend(lib);
        for (String name : List.of("mirror-fault-vs-cow.mmun", "mirror-fault-vs-zap.mmun")) {
            Path f = Path.of(System.getProperty("mmun.root", ".."), "samples", "kernel", name);
            Scenario sc = fe.compile(new SourceFile(f.toString(), Files.readString(f)));
            assertTrue(rules(explore(sc.program())).contains(Rule.STALE_MIRROR), name);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyInterleaving() throws IOException {
        String root = System.getProperty("mmun.root", "..");
        Frontend fe = new Frontend(Stdlib.scripts());
        try (Stream<Path> files = Files.list(Path.of(root, "samples", "kernel"))) {
            return files.filter(f -> f.getFileName().toString().matches("(mirror|kvm)-.*\\.mmun")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                        Scenario sc = fe.compile(new SourceFile(f.toString(), Files.readString(f)));
                        if (sc.hasTimeline() || sc.mode() == Mode.RUN) {
                            return;
                        }
                        Set<Rule> expected = sc.expected() == null ? EnumSet.noneOf(Rule.class) : sc.expected();
                        Exhaustive.Result r = explore(sc.program());
                        assertTrue(r.complete(), f + ": the search did not finish");
                        assertEquals(expected, rules(r), () -> f + " over " + r.states() + " states; shortest schedules: "
                                + r.witnesses().stream().filter(w -> !expected.contains(w.violation().rule()))
                                .map(w -> w.violation().rule() + ":" + describe(sc.program(), w.choices())).toList());
                    }));
        }
    }

    private static Exhaustive.Result explore(Program p) {
        Semantics sem = new Semantics(p);
        return new BreadthFirst().explore(sem, sem.initial(), 2_000_000, () -> false);
    }

    private static Set<Rule> rules(Exhaustive.Result r) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        r.witnesses().forEach(w -> out.add(w.violation().rule()));
        return out;
    }

    /** A schedule as the steps it takes: thread, then the statement, one per line. */
    private static String describe(Program p, List<Integer> choices) {
        Semantics sem = new Semantics(p);
        State s = sem.initial();
        StringBuilder sb = new StringBuilder();
        for (int t : choices) {
            Instr in = sem.nextInstr(s.raw(), t);
            sb.append("\n  ").append(p.threads().get(t).name()).append(": ").append(in == null ? "?" : in.text());
            s = sem.step(s, t, Sink.IGNORE);
        }
        return sb.toString();
    }
}
