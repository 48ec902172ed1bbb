package dev.mmun.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.ast.Script;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.BreadthFirst;
import dev.mmun.explore.Exhaustive;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.session.Session;
import dev.mmun.stdlib.Stdlib;
import dev.mmun.syntax.ScriptParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The catalogue of kernel paths for ATS devices (samples/kernel, the files not named mirror-* or
 * kvm-*, which the mirror catalogue test judges) over every interleaving (a file in run mode: its
 * schedule): each file breaks exactly the rules it expects. And the catalogue guards the standard library: with the notify taken out
 * of the 4.15 wp_page_copy() (ptep_clear_flush_notify() turned into ptep_clear_flush()), the COW
 * scenarios that expected ok now report case B (and A: only_end does not notify either), with a message that says which file, what was
 * expected and what was found.
 */
class KernelCatalogueTest {
    private static final Path CATALOGUE = root().resolve("samples/kernel");

    static Path root() {
        String r = System.getProperty("mmun.root");
        return r == null ? Path.of("..") : Path.of(r);
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(CATALOGUE)) {
            return s.filter(p -> p.toString().endsWith(".mmun") && !p.getFileName().toString().matches("(mirror|kvm)-.*"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules broken over every interleaving, as BreadthFirst finds them (run mode: over its schedule). */
    static Set<Rule> rules(Session session, Path file) throws IOException, CompileException {
        Scenario sc = session.frontend().compile(new SourceFile(file.toString(), Files.readString(file)));
        if (sc.effectiveMode() == Mode.RUN) {
            Set<Rule> got = EnumSet.noneOf(Rule.class);
            session.judge(sc).violations().forEach(v -> got.add(v.rule()));
            return got;
        }
        Semantics sem = new Semantics(sc.program());
        Exhaustive.Result r = new BreadthFirst().explore(sem, sem.initial(), 2_000_000, () -> false);
        assertTrue(r.complete(), file + ": the search did not finish");
        Set<Rule> got = EnumSet.noneOf(Rule.class);
        r.witnesses().stream().filter(w -> !w.violation().rule().note()).forEach(w -> got.add(w.violation().rule()));
        return got;
    }

    static Set<Rule> expected(Session session, Path file) throws IOException, CompileException {
        Scenario sc = session.frontend().compile(new SourceFile(file.toString(), Files.readString(file)));
        return sc.expected() == null ? EnumSet.noneOf(Rule.class) : sc.expected();
    }

    /** "file: expected ok, got CASE_B, STALE_READ" when they differ, else null. */
    static String mismatch(Session session, Path file) throws IOException, CompileException {
        Set<Rule> want = expected(session, file);
        Set<Rule> got = rules(session, file);
        return want.equals(got) ? null : CATALOGUE.relativize(file) + ": expected " + words(want) + ", got " + words(got);
    }

    private static String words(Set<Rule> rules) {
        return rules.isEmpty() ? "ok" : String.join(", ", rules.stream().map(Enum::name).toList());
    }

    @Test
    void theCatalogueIsBigEnoughAndCoversBothEras() {
        List<Path> files = files();
        assertTrue(files.size() >= 28, "only " + files.size() + " scenarios");
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith("-4.15.mmun")));
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith("-6.6.mmun")));
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioBreaksExactlyWhatItExpects() {
        Session session = Session.withStdlib();
        return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String m = mismatch(session, f);
            assertEquals(null, m, m);
        }));
    }

    @Test
    void aWpPageCopyWithoutItsNotifyFailsTheCatalogue() throws Exception {
        Session broken = new Session(stdlibWith("stdlib/memory.mmun", "proc wp_page_copy(P, old, orig) era 4.15 {",
                "ptep_clear_flush_notify(P)", "ptep_clear_flush(P)"));
        Map<String, String> failures = new TreeMap<>();
        for (Path f : files()) {
            String m = mismatch(broken, f);
            if (m != null) {
                failures.put(f.getFileName().toString(), m);
            }
        }
        assertFalse(failures.isEmpty(), "the broken wp_page_copy() went unnoticed");
        String cow = failures.get("cow-4.15.mmun");
        assertNotNull(cow, "cow-4.15.mmun should fail: " + failures);
        assertEquals("cow-4.15.mmun: expected ok, got CASE_A, CASE_B, STALE_READ, DEVICE_UAF", cow);
        assertTrue(failures.containsKey("zero-page-4.15.mmun"), failures.toString());
        for (String name : failures.keySet()) {
            Path f = CATALOGUE.resolve(name);
            Scenario sc = broken.frontend().compile(new SourceFile(f.toString(), Files.readString(f)));
            assertEquals(dev.mmun.machine.Era.E4_15, sc.program().era(), "only era 4.15 uses that body: " + name);
        }
    }

    /**
     * The standard library with one text replacement inside one procedure: the first occurrence of
     * {@code from} after the line that declares it ({@code procLine}) in {@code file}.
     */
    static List<Script> stdlibWith(String file, String procLine, String from, String to) throws CompileException {
        List<Script> out = new ArrayList<>();
        boolean done = false;
        for (SourceFile src : Stdlib.sources()) {
            String text = src.text();
            if (src.name().equals(file)) {
                int at = text.indexOf(procLine);
                assertTrue(at >= 0, procLine + " is not in " + file);
                int hit = text.indexOf(from, at);
                assertTrue(hit >= 0, from + " is not in " + procLine);
                text = text.substring(0, hit) + to + text.substring(hit + from.length());
                done = true;
            }
            out.add(ScriptParser.parse(new SourceFile(src.name(), text)));
        }
        assertTrue(done, file + " is not in the stdlib");
        return out;
    }
}
