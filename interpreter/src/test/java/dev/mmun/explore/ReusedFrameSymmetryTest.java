package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The frame symmetry over frames that are freed and allocated again must not change what a search
 * finds: on random scenarios of munmaps, allocating tasks, COW faults and a device
 * ({@link FrameReuseGen}), searches with it find the same rules and final observations as searches
 * without it, with and without partial-order reduction and with two workers, and it is on there;
 * and each step from a state's canonical form is the step from the state, renamed.
 */
class ReusedFrameSymmetryTest {

    @Property(tries = 150)
    void reusedFramesKeepRulesAndObservations(@ForAll long seed) {
        String text = FrameReuseGen.generate(seed);
        Scenario sc = ExplorerPropertyTest.compile(text);
        ExploreResult full = ExplorerPropertyTest.explore(sc, false, false, 1);
        Assume.that(full.bound() == null);
        for (boolean por : new boolean[] {false, true}) {
            ExploreResult sym = ExplorerPropertyTest.explore(sc, por, true, 1);
            String what = "por=" + por + "\n" + text;
            assertTrue(sym.stats().symmetry(), () -> "the symmetry is off: " + sym.notes() + "\n" + what);
            assertEquals(full.traces().keySet(), sym.traces().keySet(), () -> "rules differ with " + what);
            assertEquals(ExplorerPropertyTest.observations(full), ExplorerPropertyTest.observations(sym),
                    () -> "observations differ with " + what);
            assertTrue(sym.stats().stored() <= full.stats().stored(), () -> "the symmetry grew the search: " + what);
            ExplorerPropertyTest.replays(sc, sym, what);
            ExploreResult two = ExplorerPropertyTest.explore(sc, por, true, 2);
            assertEquals(sym.stats().stored(), two.stats().stored(), () -> "two workers differ: " + what);
            assertEquals(sym.traces().keySet(), two.traces().keySet(), () -> "two workers differ: " + what);
        }
    }

    /**
     * The renaming is sound step by step: from every reachable state of a random scenario (up to a
     * bound), each thread can move from the state's canonical form exactly when it can from the
     * state, breaks the same rules, and the two successors have one canonical form.
     */
    @Property(tries = 60)
    void canonicalFormsStepAlike(@ForAll long seed) {
        stepsAlike(FrameReuseGen.generate(seed));
    }

    /**
     * Found by canonicalFormsStepAlike in a landing's verify (2026-12-06): a buggy zap raced by a
     * remap of the page; two frames only may-cache sets held, alike but for their counts, kept
     * their numbering's order.
     */
    @Example
    void aZapRacedByARemapStepsAlike() {
        stepsAlike("""
                era 4.15
                gather_batch 1
                page P0 at 0x1000 = 1
                device iommu ats
                proc zap_buggy(P) {
                    pte_offset_map_lock(P)
                    old = vm_normal_page(P)
                    ptep_get_and_clear(P)
                    tlb_remove_tlb_entry(P)
                    force = __tlb_remove_page(old)
                    if (force == 1) { flush_tlb_range(P) }
                    pte_unmap_unlock(P)
                    if (force == 1) { tlb_flush_mmu_free() }
                }
                cpu Munmap {
                    tlb_gather_mmu()
                    mmu_notifier_invalidate_range_start(P0..P0)
                    zap_buggy(P0)
                    mmu_notifier_invalidate_range_end(P0..P0)
                    tlb_finish_mmu()
                }
                cpu Task0 {
                    x0 = alloc_page()
                    write_frame(x0, 10)
                    put_page(x0)
                    x1 = alloc_page()
                    write_frame(x1, 11)
                    c1 = page_count(x1)
                }
                cpu Remap {
                    y = alloc_page()
                    write_frame(y, 1)
                    pte_offset_map_lock(P0)
                    set_pte_at(P0, y, rw)
                    pte_unmap_unlock(P0)
                }
                dev Dev on iommu {
                    try r0 = read(P0)
                    try r1 = read(P0)
                }
                exists (Dev:r1 == 2)
                """);
    }

    static void stepsAlike(String text) {
        Program p = ExplorerPropertyTest.compile(text).program();
        FrameSymmetry fs = new FrameSymmetry(p, List.of());
        assertEquals(null, fs.unsupported(), text);
        Semantics sem = new Semantics(p);
        Set<List<Integer>> seen = new HashSet<>();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        queue.add(sem.initial().raw().clone());
        seen.add(asList(queue.peek()));
        while (!queue.isEmpty() && seen.size() < 30_000) {
            int[] s = queue.poll();
            int[] c = s.clone();
            fs.canonicalize(c);
            for (int t = 0; t < p.threads().size(); t++) {
                RuleMask rs = new RuleMask();
                RuleMask rc = new RuleMask();
                int[] n = sem.step(s, t, rs);
                int[] m = sem.step(c, t, rc);
                String what = "thread " + t + " from " + Arrays.toString(s) + "\n" + text;
                assertEquals(n == null, m == null, () -> "enabled differs: " + what);
                if (n == null) {
                    continue;
                }
                assertEquals(rs.mask, rc.mask, () -> "rules differ: " + what);
                int[] cn = n.clone();
                int[] cm = m.clone();
                fs.canonicalize(cn);
                fs.canonicalize(cm);
                assertArrayEquals(cn, cm, () -> "successors differ: " + what);
                if (seen.add(asList(n))) {
                    queue.add(n);
                }
            }
        }
    }

    private static List<Integer> asList(int[] s) {
        return Arrays.stream(s).boxed().toList();
    }

    /** Two tasks allocate while a munmap frees: which task gets which frame no longer multiplies the states. */
    @Example
    void twoAllocatingTasksAreFolded() {
        StringBuilder sb = new StringBuilder("era 4.15\ngather_batch 1\npage P0 at 0x1000 = 1\npage P1 at 0x2000 = 2\n"
                + "device iommu ats\ncpu Munmap {\n    tlb_gather_mmu()\n    mmu_notifier_invalidate_range_start(P0..P1)\n");
        for (String page : new String[] {"P0", "P1"}) {
            sb.append("    pte_offset_map_lock(").append(page).append(")\n    old = vm_normal_page(").append(page).append(")\n")
                    .append("    ptep_get_and_clear(").append(page).append(")\n    tlb_remove_tlb_entry(").append(page).append(")\n")
                    .append("    f = __tlb_remove_page(old)\n    tlb_flush_mmu_tlbonly()\n    pte_unmap_unlock(").append(page).append(")\n")
                    .append("    tlb_flush_mmu_free()\n");
        }
        sb.append("    mmu_notifier_invalidate_range_end(P0..P1)\n    tlb_finish_mmu()\n}\n");
        for (String task : new String[] {"A", "B"}) {
            sb.append("cpu ").append(task).append(" {\n    x = alloc_page()\n    write_frame(x, 7)\n    y = alloc_page()\n    write_frame(y, 8)\n}\n");
        }
        sb.append("dev Dev on iommu {\n    try write(P0, 20)\n    try write(P1, 21)\n}\n");
        Scenario sc = ExplorerPropertyTest.compile(sb.toString());
        ExploreResult off = ExplorerPropertyTest.explore(sc, false, false, 1);
        ExploreResult on = ExplorerPropertyTest.explore(sc, false, true, 1);
        assertTrue(on.stats().symmetry(), () -> on.notes().toString());
        assertEquals(Set.<Rule>of(), off.traces().keySet());
        assertEquals(off.traces().keySet(), on.traces().keySet());
        assertTrue(on.stats().stored() * 3 < off.stats().stored() * 2,
                () -> "states with the symmetry " + on.stats().stored() + ", without " + off.stats().stored());
    }
}
