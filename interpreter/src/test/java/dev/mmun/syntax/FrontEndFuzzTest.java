package dev.mmun.syntax;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.SourceFile;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import dev.mmun.session.Verdict;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever text comes in, the front end answers with diagnostics or a scenario, never with an
 * exception; and a scenario that compiles runs to a verdict.
 */
class FrontEndFuzzTest {
    private static final Session SESSION = Session.withStdlib();

    private static final List<String> TOKENS = List.of(
            "era", "4.15", "6.6", "page", "A", "B", "at", "0x1000", "0x2000", "0x200000", "=", "0", "1", "cow", "ro", "huge",
            "frame", "F", "device", "iommu", "ats", "spinlock", "L", "mutex", "cpu", "T", "CPU-thread-0", "dev", "D", "on",
            "proc", "p", "(", ")", "{", "}", "[", "]", ",", ";", ":", "..", "time", "N", "+", "-", "*", "==", "/\\", "~",
            "expect", "ok", "CASE_B", "exists", "forall", "mode", "run", "try", "atomic", "if", "else", "while", "max",
            "repeat", "3", "assert", "preempt", "read", "write", "r0", "ptep_clear_flush", "ptep_clear_flush_notify",
            "set_pte_at", "rw", "pte_offset_map_lock", "pte_unmap_unlock", "mmu_notifier_invalidate_range_start",
            "mmu_notifier_invalidate_range_end", "alloc_page", "put_page", "get_page", "vm_normal_page", "lock", "unlock",
            "ptl", "copy_page", "\n", "//", "/*", "*/", "@", "\"", "\u0000", "\u00e9");

    @Property(tries = 400)
    void randomTextGivesDiagnosticsOrAScenario(@ForAll @StringLength(max = 300) String text) {
        judge(text);
    }

    @Property(tries = 600)
    void randomTokenSequences(@ForAll("tokenSoup") String text) {
        judge(text);
    }

    @Property(tries = 200)
    void mutatedSamplesNeverCrash(@ForAll("mutated") String text) {
        judge(text);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(80).map(l -> String.join(" ", l));
    }

    private static final String BASE = """
            era 4.15
            page A at 0x1000 = 0 cow
            page B at 0x2000 = 0
            device iommu ats
            proc cow(P) { pte_offset_map_lock(P); old = vm_normal_page(P); new = alloc_page(); copy_page(new, old);
              ptep_clear_flush(P); set_pte_at(P, new, rw); pte_unmap_unlock(P); put_page(old) }
            cpu T0 { mmu_notifier_invalidate_range_start(A); cow(A); mmu_notifier_invalidate_range_end(A) }
            cpu T1 { write(A, 1) }
            dev D { r0 = read(A); r1 = read(B) }
            expect CASE_B
            exists (D:r0 == 0)
            """;

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, BASE.length());
        Arbitrary<String> insert = Arbitraries.of(TOKENS);
        return net.jqwik.api.Combinators.combine(at, at, insert).as((a, b, ins) -> {
            int lo = Math.min(a, b);
            int hi = Math.min(Math.max(a, b), lo + 12);
            return BASE.substring(0, lo) + " " + ins + " " + BASE.substring(hi);
        });
    }

    private static void judge(String text) {
        Session.Compiled c = SESSION.compile(new SourceFile("fuzz.mmun", text));
        if (c.scenario() == null) {
            assertFalse(c.failure().diagnostics().isEmpty(), "an error outcome without diagnostics");
            assertTrue(c.failure().diagnostics().stream().allMatch(d -> d.message() != null && !d.message().isBlank()));
            return;
        }
        Outcome o = SESSION.run(c.scenario(), 2_000);
        assertTrue(o.verdict() != Verdict.ERROR);
    }
}
