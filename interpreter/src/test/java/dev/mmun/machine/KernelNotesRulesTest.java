package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.session.Judge;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of kernel-notes §5 that issue 9 added, on machine state step by step: the tolerated
 * user race (§5.4), a CPU TLB entry outliving a completed zap (D18), a notified clear undone in
 * the same ptl hold (D8's exemption, v6.18 __uprobe_write()), and writeback as a consumer of a
 * write-protect.
 */
class KernelNotesRulesTest {
    /** A machine with threads given as "name { body }" lines; steps by thread name. */
    static final class M extends Stepper<M> {
        M(String text) throws Exception {
            super(text);
        }

        Set<Rule> rules() {
            Set<Rule> out = new java.util.TreeSet<>();
            violations.forEach(v -> out.add(v.rule()));
            return out;
        }
    }

    private static final String ZAP_THEN_FAULT = """
            page A at 0x1000 = 3
            device iommu ats
            cpu T {
                tlb_gather_mmu()
                mmu_notifier_invalidate_range_start(A)
                pte_offset_map_lock(A)
                old = vm_normal_page(A)
                ptep_get_and_clear(A)
                tlb_remove_tlb_entry(A)
                %s
                new = alloc_page()
                set_pte_at(A, new, rw)
                pte_unmap_unlock(A)
                mmu_notifier_invalidate_range_end(A)
                tlb_finish_mmu()
            }
            """;

    @Test
    void aStaleFrameWaitingInAnMmuGatherIsTheUsersRace() throws Exception {
        M m = new M(ZAP_THEN_FAULT.formatted("full = __tlb_remove_page(old)")).run("T");
        assertEquals(Set.of(Rule.USER_RACE_TOLERATED), m.rules());
        assertTrue(Rule.USER_RACE_TOLERATED.note());
        assertTrue(Judge.rules(m.rules()).isEmpty(), "a note is not a violation");
        assertEquals(0, m.s.get(m.p.gatheredFrames()), "the batch was freed");
    }

    @Test
    void aStaleFrameNotInAGatherIsCaseB() throws Exception {
        M m = new M(ZAP_THEN_FAULT.formatted("x = 0")).run("T");
        assertTrue(m.rules().contains(Rule.CASE_B), m.rules().toString());
        assertFalse(m.rules().contains(Rule.USER_RACE_TOLERATED));
    }

    private static final String IN_PLACE = """
            era %s
            page A at 0x1000 = 1 %s
            device iommu ats
            cpu T {
                pte_offset_map_lock(A)
                f = vm_normal_page(A)
                ptep_clear_flush(A)
                %s
            }
            """;

    @Test
    void aNotifiedClearUndoneInTheSameHoldIsNoChange() throws Exception {
        M m = new M(IN_PLACE.formatted("6.6", "ro", "set_pte_at(A, f, ro)\n pte_unmap_unlock(A)")).run("T");
        assertEquals(Set.of(), m.rules());
        assertEquals(0, m.s.get(m.p.clearPending(0)));
    }

    @Test
    void theClearIsUncoveredWhenThePteComesBackWithMoreRightsOrAfterTheUnlock() throws Exception {
        M more = new M(IN_PLACE.formatted("6.6", "ro", "set_pte_at(A, f, rw)\n pte_unmap_unlock(A)")).run("T");
        assertEquals(Set.of(Rule.UNCOVERED_PTE_CHANGE), more.rules());
        M late = new M(IN_PLACE.formatted("6.6", "ro", "pte_unmap_unlock(A)\n pte_offset_map_lock(A)\n set_pte_at(A, f, ro)\n pte_unmap_unlock(A)"));
        late.step("T").step("T").step("T");
        assertTrue(late.violations.isEmpty(), "judged when the ptl is dropped");
        late.step("T");
        assertEquals(Set.of(Rule.UNCOVERED_PTE_CHANGE), late.rules());
        assertEquals(7, late.violations.get(0).span().line(), "reported at the clear");
        M noNotify = new M(IN_PLACE.formatted("4.15", "ro", "set_pte_at(A, f, ro)\n pte_unmap_unlock(A)"));
        noNotify.step("T").step("T").step("T");
        assertEquals(Set.of(Rule.UNCOVERED_PTE_CHANGE), noNotify.rules(), "in 4.15 ptep_clear_flush() does not notify: judged at once");
    }

    @Test
    void aCpuEntryThatOutlivesACompletedZapIsStale() throws Exception {
        String text = """
                era 6.6
                page A at 0x1000 = 3 tlb(User)
                cpu Mover {
                    mmu_notifier_invalidate_range_start(A)
                    pte_offset_map_lock(A)
                    f = vm_normal_page(A)
                    get_page(f)
                    ptep_get_and_clear(A)
                    set_migration_pte(A, f, rw)
                    pte_unmap_unlock(A)
                    mmu_notifier_invalidate_range_end(A)
                }
                cpu User {
                    madvise_dontneed(A)
                    try r = read(A)
                }
                """;
        M m = new M(text.replace("madvise_dontneed(A)", """
                tlb_gather_mmu()
                mmu_notifier_invalidate_range_start(A)
                pte_offset_map_lock(A)
                pte_clear(A)
                pte_unmap_unlock(A)
                mmu_notifier_invalidate_range_end(A)
                tlb_finish_mmu()"""));
        m.run("Mover");
        for (int i = 0; i < 6; i++) {
            m.step("User");
        }
        assertEquals(0, m.s.get(m.p.cpuTlb(1, 0)) & Pte.ZAPPED, "end inside the gather: not complete yet");
        m.step("User");
        assertTrue((m.s.get(m.p.cpuTlb(1, 0)) & Pte.ZAPPED) != 0, "tlb_finish_mmu() completed the zap");
        m.step("User");
        assertEquals(Set.of(Rule.STALE_TLB_AFTER_ZAP), m.rules());
    }

    @Test
    void aNestedGatherFlushesTheWholeMmAtItsFinish() throws Exception {
        M m = new M("""
                era 6.6
                page A at 0x1000 = 3 tlb(U)
                page B at 0x2000 = 4 tlb(U)
                cpu Z1 { tlb_gather_mmu() }
                cpu U { tlb_gather_mmu()
                        tlb_finish_mmu() }
                """);
        m.run("Z1").step("U");
        assertEquals(2, m.s.get(m.p.tlbFlushPending()));
        m.step("U");
        assertEquals(0, m.s.get(m.p.cpuTlb(1, 0)));
        assertEquals(0, m.s.get(m.p.cpuTlb(1, 1)));
        assertEquals(1, m.s.get(m.p.tlbFlushPending()));
    }

    @Test
    void writebackReliesOnTheWriteProtect() throws Exception {
        String text = """
                era 6.6
                page A at 0x1000 = 0 dirty
                device iommu ats
                cpu T {
                    mmu_notifier_invalidate_range_start(A)
                    pte_offset_map_lock(A)
                    %s
                    pte_unmap_unlock(A)
                    mmu_notifier_invalidate_range_end(A)
                    folio_start_writeback(fA)
                }
                """;
        M bad = new M(text.formatted("ptep_set_wrprotect(A)")).run("T");
        assertEquals(Set.of(Rule.WP_NOT_PROPAGATED), bad.rules());
        assertTrue(bad.violations.get(0).message().contains("starts writeback of frame fA"), bad.violations.get(0).message());
        M good = new M(text.formatted("ptep_clear_flush(A)\n set_pte_at(A, fA, ro)")).run("T");
        assertEquals(Set.of(), good.rules());
    }
}
