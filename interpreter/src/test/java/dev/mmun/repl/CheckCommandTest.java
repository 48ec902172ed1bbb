package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.BreadthFirst;
import dev.mmun.explore.Exhaustive;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.session.Session;
import org.junit.jupiter.api.Test;

/** :check explores every interleaving from the current state; a cancelled search says so. */
class CheckCommandTest {
    private static final String RACE = """
            page A at 0x1000 = 0
            device iommu ats
            dev D
            cpu T { invalidate_range_start(A); lock(ptl(A)); ptep_clear_flush(A); n = alloc_page(); set_pte_at(A, n, rw); unlock(ptl(A)); invalidate_range_only_end(A) }
            on D { r = read(A); s = read(A) }
            """;

    @Test
    void findsTheRaceFromHereAndFollowsIt() {
        String out = ReplDriver.mmun(RACE + ":check\n:follow CASE_B\n:threads\n", "repl").out();
        assertTrue(out.contains("CASE_B in 5 more steps from here:"), out);
        assertTrue(out.contains("every interleaving from here: "), out);
        assertTrue(out.contains("verdict: violation: CASE_B"), out);
        String follow = out.substring(out.indexOf("mmun> :follow CASE_B"));
        assertTrue(follow.contains("T {set_pte_at(A, n, rw)}  pte A: none -> f1 rw\n  CASE_B"), follow);
    }

    @Test
    void aFixedSequenceIsOkInEveryInterleaving() {
        String out = ReplDriver.mmun(RACE.replace("ptep_clear_flush(A)", "ptep_clear_flush_notify(A)") + ":check\n", "repl").out();
        assertFalse(out.contains("CASE_B"), out);
        assertTrue(out.contains("verdict: ok"), out);
    }

    @Test
    void theBoundMakesTheCheckInconclusive() {
        String out = ReplDriver.mmun(RACE.replace("ptep_clear_flush(A)", "ptep_clear_flush_notify(A)") + ":check 3\n", "repl").out();
        assertTrue(out.contains("stopped at the bound of 3 states"), out);
        assertTrue(out.contains("verdict: inconclusive"), out);
    }

    @Test
    void breadthFirstStopsWhenCancelledAndFindsShortestWitnesses() throws CompileException {
        Scenario sc = Session.withStdlib().frontend().compile(new SourceFile("t.mmun", RACE.replace("on D {", "dev E {")
                .replace("dev D\n", "")));
        Semantics sem = new Semantics(sc.program());
        Exhaustive.Result cancelled = new BreadthFirst().explore(sem, sem.initial(), 1_000_000, () -> true);
        assertTrue(cancelled.cancelled());
        assertFalse(cancelled.complete());
        Exhaustive.Result all = new BreadthFirst().explore(sem, sem.initial(), 1_000_000, () -> false);
        assertTrue(all.complete());
        Exhaustive.Witness w = all.witnesses().stream().filter(x -> x.violation().rule() == Rule.CASE_B).findFirst().orElseThrow();
        assertEquals(5, w.choices().size(), "start, lock, clear, alloc, set: " + w.choices());
    }
}
