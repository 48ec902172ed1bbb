package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DeadRecords' dead may-cache bits: after a zap whose flush does not notify, the device's may-cache
 * set of the page keeps the freed frame until invalidate_range_end(); the bit is forgotten once
 * nothing can read it (the frame cannot be freed again, the page's pte cannot be stored, no check
 * reads the set), and kept while something can: the frame is freed again (CASE_A is judged there),
 * the page is mapped again (CASE_B). A device that accesses the page again does so through its
 * TLB entry, which is kept apart (DEVICE_UAF). Each case: the bit in the canonical form of a state
 * reached by a schedule, the rule the next step breaks from that form, the search's rules, and
 * every step from a canonical form alike the step from the state (ReusedFrameSymmetryTest).
 */
class DeadMayCacheTest {
    private static final String HEAD = """
            era 4.15
            gather_batch 1
            page P0 at 0x1000 = 1%s
            device iommu ats
            cpu Munmap {
                tlb_gather_mmu()
                mmu_notifier_invalidate_range_start(P0..P0)
                pte_offset_map_lock(P0)
                old = vm_normal_page(P0)
                ptep_get_and_clear(P0)
                tlb_remove_tlb_entry(P0)
                force = __tlb_remove_page(old)
                if (force == 1) { flush_tlb_range(P0) }
                pte_unmap_unlock(P0)
                if (force == 1) { tlb_flush_mmu_free() }
                mmu_notifier_invalidate_range_end(P0..P0)
                tlb_finish_mmu()
            }
            """;
    /** A task that takes two frames, writes them and never frees them: it may take the freed one. */
    private static final String TASK = """
            cpu Task {
                x = alloc_page()
                write_frame(x, 10)
                z = alloc_page()
                write_frame(z, 11)
            }
            """;
    /** Munmap's pc after its tlb_flush_mmu_free(): the frame was put, its may-cache bit not notified */
    private static final int FREED = 12;

    /** A task takes the freed frame and never frees it: the bit goes, the frame's content with it. */
    @Test
    void aFrameTheTaskKeepsIsForgotten() {
        String text = HEAD.formatted("") + TASK + """
                dev Dev on iommu {
                    try write(P0, 20)
                }
                """;
        Run r = new Run(text);
        r.until("Munmap", FREED);
        r.until("Task", 1);
        assertEquals(1, r.mayCache(), "the freed frame is in the set");
        assertEquals(0, r.canonicalMayCache(), "nothing reads the bit any more");
        assertEquals(Set.of(Rule.CASE_A), rules(text));
        ReusedFrameSymmetryTest.stepsAlike(text);
    }

    /** The frame has another reference, which a thread drops later: that free is judged against the bit. */
    @Test
    void aFrameFreedAgainKeepsItsBit() {
        String text = HEAD.formatted(" ref 2") + """
                cpu Holder {
                    pte_offset_map_lock(P0)
                    h = vm_normal_page(P0)
                    pte_unmap_unlock(P0)
                    if (h != 0) { put_page(h) }
                }
                """ + TASK;
        Run r = new Run(text);
        r.until("Holder", 3);
        r.until("Munmap", FREED);
        r.until("Task", 2);
        assertEquals(1, r.mayCache());
        assertEquals(1, r.canonicalMayCache(), "Holder may still free the frame");
        assertEquals(Set.of(Rule.CASE_A), r.stepCanonical("Holder"), "the free judged from the canonical form");
        assertEquals(Set.of(Rule.CASE_A), rules(text));
        ReusedFrameSymmetryTest.stepsAlike(text);
    }

    /** The page is mapped again later: the store is judged against the set (CASE_B). */
    @Test
    void aPageMappedAgainKeepsItsBits() {
        String text = HEAD.formatted("") + """
                cpu Task {
                    x = alloc_page()
                    write_frame(x, 10)
                }
                cpu Remap {
                    y = alloc_page()
                    pte_offset_map_lock(P0)
                    set_pte_at(P0, y, rw)
                    pte_unmap_unlock(P0)
                }
                """;
        Run r = new Run(text);
        r.until("Munmap", FREED);
        r.until("Task", 2);
        r.until("Remap", 2);
        assertEquals(1, r.mayCache());
        assertEquals(1, r.canonicalMayCache(), "Remap may still store P0's pte");
        assertTrue(r.stepCanonical("Remap").contains(Rule.CASE_B), "the store judged from the canonical form");
        assertTrue(rules(text).containsAll(Set.of(Rule.CASE_A, Rule.CASE_B)), () -> rules(text).toString());
        ReusedFrameSymmetryTest.stepsAlike(text);
    }

    /** The device accesses the page again: through its stale TLB entry, which stays; the may-cache bit may go. */
    @Test
    void aDeviceThatAccessesThePageAgainKeepsItsEntry() {
        String text = HEAD.formatted("") + TASK + """
                dev Dev on iommu {
                    try r0 = read(P0)
                    try r1 = read(P0)
                }
                """;
        Run r = new Run(text);
        r.until("Dev", 1);
        r.until("Munmap", FREED);
        r.until("Task", 1);
        assertNotEquals(0, r.canonical()[r.p.devTlb(0, 0)], "the device's entry for P0 is kept");
        assertEquals(0, r.canonicalMayCache(), "the may-cache bit is not what a device access reads");
        assertEquals(Set.of(Rule.DEVICE_UAF), r.stepCanonical("Dev"), "the access judged from the canonical form");
        assertTrue(rules(text).containsAll(Set.of(Rule.CASE_A, Rule.DEVICE_UAF)), () -> rules(text).toString());
        ReusedFrameSymmetryTest.stepsAlike(text);
    }

    /** The rules a search with every reduction finds; the same as without them. */
    private static Set<Rule> rules(String text) {
        Scenario sc = ExplorerPropertyTest.compile(text);
        ExploreResult on = ExplorerPropertyTest.explore(sc, true, true, 1);
        ExploreResult off = ExplorerPropertyTest.explore(sc, false, false, 1);
        assertTrue(on.stats().symmetry(), () -> on.notes().toString());
        assertEquals(off.traces().keySet(), on.traces().keySet(), text);
        return on.traces().keySet();
    }

    /** One schedule, thread by thread, on the raw states. */
    private static final class Run {
        final Program p;
        final Semantics sem;
        final FrameSymmetry fs;
        int[] s;

        Run(String text) {
            p = ExplorerPropertyTest.compile(text).program();
            sem = new Semantics(p);
            fs = new FrameSymmetry(p, List.of());
            assertEquals(null, fs.unsupported());
            s = sem.initial().raw().clone();
        }

        int thread(String name) {
            for (int t = 0; t < p.threads().size(); t++) {
                if (p.threads().get(t).name().equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(name);
        }

        void until(String name, int pc) {
            int t = thread(name);
            while (s[p.pc(t)] < pc) {
                int[] n = sem.step(s, t, new RuleMask());
                assertNotNull(n, name + " cannot move at pc " + s[p.pc(t)]);
                s = n;
            }
        }

        int mayCache() {
            return s[p.mayCache(0, 0)];
        }

        int[] canonical() {
            int[] c = s.clone();
            fs.canonicalize(c);
            return c;
        }

        /** The frames in P0's may-cache set in the canonical form, as a count (the numbering changes). */
        int canonicalMayCache() {
            return Integer.bitCount(canonical()[p.mayCache(0, 0)]);
        }

        Set<Rule> stepCanonical(String name) {
            RuleMask m = new RuleMask();
            assertNotNull(sem.step(canonical(), thread(name), m));
            java.util.EnumSet<Rule> out = java.util.EnumSet.noneOf(Rule.class);
            for (Rule rule : Rule.values()) {
                if ((m.mask & 1L << rule.ordinal()) != 0) {
                    out.add(rule);
                }
            }
            return out;
        }
    }
}
