package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `mmun repl < session.txt`: the same commands and statements, line by line, plain output. */
class PlainReplTest {
    private static final String MACHINE = """
            page A at 0x1000 = 0
            page B at 0x2000 = 7
            device iommu ats
            dev D on iommu
            on D: r = read(A)
            lock(ptl(A))
            """;

    @Test
    void clearWithoutNotifyThenSetIsCaseB_andBackThenTheFixIsClean() {
        String out = ReplDriver.mmun(MACHINE + """
                pte_clear(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                :back 3
                ptep_clear_flush_notify(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                unlock(ptl(A))
                """, "repl").out();
        String bad = ReplDriver.section(out, "mmun> pte_clear(A)", "mmun> :back 3");
        assertTrue(bad.contains("  pte A: fA rw -> none"), bad);
        assertTrue(bad.contains("  pte A: none -> f1 rw\n  CASE_B  <repl>:9:1  repl\n"), bad);
        assertTrue(bad.contains("repl points A at frame f1 while iommu may still hold A -> fA"), bad);
        assertTrue(bad.contains("why: a pte is pointed at another frame while a secondary TLB may still hold the old one"), bad);
        assertTrue(bad.contains("<repl>:5:7  [time 1] D {r = read(A)}: devtlb iommu: A -> fA rw; r = 0 (frame fA)"), bad);
        assertTrue(bad.contains("<repl>:7:1  [time 2] repl {pte_clear(A)}: pte A: fA rw -> none"), bad);
        assertTrue(bad.contains("fix: use ptep_clear_flush_notify() under the ptl, before set_pte_at() of the new page"), bad);
        String back = ReplDriver.section(out, "mmun> :back 3", "mmun> ptep_clear_flush_notify(A)");
        assertTrue(back.contains("back 3 inputs, 3 steps: repl {set_pte_at(A, new, rw)}, repl {new = alloc_page()}, repl {pte_clear(A)}"), back);
        String fixed = ReplDriver.section(out, "mmun> ptep_clear_flush_notify(A)", null);
        assertTrue(fixed.contains("pte A: fA rw -> none; notify iommu: A may-cache {fA rw} -> {}"), fixed);
        assertTrue(fixed.contains("pte A: none -> f1 rw"), fixed);
        assertFalse(fixed.contains("CASE_B"), fixed);
        assertFalse(fixed.contains("error"), fixed);
    }

    @Test
    void stateShowsThePageTableTlbsMayCacheFramesLocks() {
        String out = ReplDriver.mmun(MACHINE + """
                pte_clear(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                :state
                """, "repl").out();
        assertEquals("""
                mmun> :state
                page table (era 4.15)
                  page  address  pte    content  lock
                  A     0x1000   f1 rw  0        ptl(A)
                  B     0x2000   fB rw  7        ptl(A)
                CPU TLBs
                  page  repl
                  A     -
                  B     -
                device iommu (ats): its TLB, and what it may cache
                  page  tlb    may cache
                  A     fA rw  {fA rw, f1 rw}  stale
                  B     -      {fB rw}
                frames
                  frame  refcount  generation  content
                  fA     1         1           0
                  fB     1         1           7
                  f1     1         1           0
                locks
                  lock         kind        held by
                  pmd_lock(A)  page table  -
                  ptl(A)       page table  repl
                active invalidations
                  none
                """, ReplDriver.section(out, "mmun> :state", null));
    }

    @Test
    void theEraIsShownAsTheScriptGivesIt() {
        // 6.1 runs with 4.15's semantics (the same API family) but is shown as given, as the report header shows it
        String out = ReplDriver.mmun("era 6.1\n" + MACHINE + ":state\n", "repl").out();
        assertTrue(ReplDriver.section(out, "mmun> era 6.1", "mmun> page A").contains("  era 6.1\n"), out);
        assertTrue(ReplDriver.section(out, "mmun> :state", null).startsWith("mmun> :state\npage table (era 6.1)\n"), out);
        String plain = ReplDriver.mmun(MACHINE + ":state\n", "repl").out();
        assertTrue(plain.contains("page table (era 4.15)\n"), plain);
    }

    @Test
    void traceIsTheSessionAsATimelineTable() {
        String out = ReplDriver.mmun(MACHINE + """
                pte_clear(A)
                new = alloc_page()
                set_pte_at(A, new, rw)
                :trace
                """, "repl").out();
        assertEquals("""
                mmun> :trace
                [time 1] ---------------------------------------------------------------
                D     {r = read(A)}            devtlb iommu: A -> fA rw; r = 0 (frame fA)
                repl  {lock(ptl(A))}           lock ptl(A)
                [time 2] ---------------------------------------------------------------
                repl  {pte_clear(A)}           pte A: fA rw -> none
                      !! UNCOVERED_PTE_CHANGE: repl changes the pte of A from fA rw to none outside any mmu_notifier_invalidate_range_start() of its own that covers A
                [time 3] ---------------------------------------------------------------
                repl  {new = alloc_page()}     alloc frame f1
                [time 4] ---------------------------------------------------------------
                repl  {set_pte_at(A, new, rw)} pte A: none -> f1 rw
                      !! CASE_B: repl points A at frame f1 while iommu may still hold A -> fA: the pte was not cleared and notified under the ptl since that translation was set
                """, ReplDriver.section(out, "mmun> :trace", null));
    }

    @Test
    void errorsArePositionedInTheLineAndTheSessionGoesOn() {
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                write(A, 1) )
                set_pte_at(A, nothere, rw)
                :nope
                on T: write(A, 2)
                write(A, 3)
                """, "repl").out();
        assertTrue(out.contains("<repl>:2:13: error: unexpected ')'"), out);
        assertTrue(out.contains("<repl>:3:15: error: unknown name nothere\n  set_pte_at(A, nothere, rw)\n                ^~~~~~~"), out);
        assertTrue(out.contains("error: unknown command :nope"), out);
        assertTrue(out.contains("<repl>:5:4: error: unknown thread T"), out);
        assertTrue(out.contains("mmun> write(A, 3)\n  tlb repl: A -> fA rw; A = 3 (frame fA)"), out);
    }

    @Test
    void aBlockGoesOnOverLinesUntilItCloses() {
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                proc twice(P) {
                    write(P, 1)
                    write(P, 2)
                }
                twice(A)
                """, "repl").out();
        assertTrue(out.contains("mmun> proc twice(P) {\n  ..>     write(P, 1)\n  ..>     write(P, 2)\n  ..> }\n  proc twice(P)\n"), out);
        assertTrue(out.contains("  repl {write(A, 2)}  A = 2 (frame fA)"), out);
    }

    @Test
    void aStatementThatWaitsStaysPendingAndOthersMove() {
        String out = ReplDriver.mmun("""
                page A at 0x1000 = 0
                cpu T
                lock(ptl(A))
                on T: lock(ptl(A))
                :threads
                unlock(ptl(A))
                :step T
                """, "repl").out();
        assertTrue(out.contains("T waits for ptl(A), held by repl at <repl>:4:7 (lock(ptl(A)))"), out);
        assertTrue(out.contains("mmun> :step T\n  T {lock(ptl(A))}  lock ptl(A)"), out);
    }

    @Test
    void quitEndsTheSessionAndTheExitCodeIsZero() {
        ReplDriver.Result r = ReplDriver.mmun("page A at 0x1000\n:quit\nwrite(A, 1)\n", "repl");
        assertEquals(0, r.exit());
        assertFalse(r.out().contains("write(A, 1)"), r.out());
    }

    @Test
    void withoutATerminalMmunAloneGivesTheUsage() {
        ReplDriver.Result r = ReplDriver.mmun("", new String[0]);
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("repl"), r.err());
    }
}
