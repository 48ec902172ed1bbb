package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Op;
import dev.mmun.machine.Families;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Footprints are checked, not trusted: on the steps of every sample and of a thousand random
 * scenarios, what each step writes and reads is within the footprint partial-order reduction takes
 * for it (see {@link FootprintChecker} for how reads are found).
 */
class FootprintCheckTest {
    private static final Session SESSION = Session.withStdlib();
    /** states per sample: breadth first from the start, and those of random runs to the end */
    private static final int SAMPLE_STATES = 600;
    private static final int SAMPLE_RUNS = 20;
    private static final int RANDOM_SCENARIOS = 1000;
    private static final int RANDOM_STATES = 40;
    private static final int RANDOM_RUNS = 2;

    @TestFactory
    Stream<DynamicTest> everySample() {
        Path root = FootprintChecker.samplesRoot();
        List<Path> files = FootprintChecker.samples();
        return files.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> sample(f)));
    }

    /**
     * The steps that free (Families.mayFree, checked by FootprintChecker at every step that frees):
     * tlb_remove_page() frees in its own step when it fills the batch, which no sample does.
     */
    @Test
    void aFullBatchFreesInTlbRemovePage() {
        Scenario sc = ExplorerPropertyTest.compile("""
                era 4.15
                gather_batch 1
                page A at 0x1000 = 3
                cpu Z {
                    tlb_gather_mmu()
                    pte_offset_map_lock(A)
                    old = vm_normal_page(A)
                    ptep_get_and_clear(A)
                    tlb_remove_page(old)
                    pte_unmap_unlock(A)
                    tlb_finish_mmu()
                }
                """);
        FootprintChecker fc = new FootprintChecker(sc.program(), 1, "tlb_remove_page() on a full batch");
        List<String> failures = fc.check(fc.statesAndRuns(50, 1), true);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertEquals(java.util.Set.of(Op.TLB_REMOVE_PAGE), fc.freeingOps);
    }

    private void sample(Path file) {
        Session.Compiled c = SESSION.compile(file.toString(), System.in);
        Scenario sc = c.scenario();
        if (sc == null) {
            return;     // a sample that is meant not to compile
        }
        FootprintChecker fc = new FootprintChecker(sc.program(), file.hashCode(), file.getFileName().toString());
        List<int[]> states = fc.statesAndRuns(SAMPLE_STATES, SAMPLE_RUNS);
        List<String> failures = fc.check(states, true);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(fc.stepsChecked > 0, file + ": no step checked");
    }

    @Test
    void randomScenarios() {
        int checked = 0;
        int steps = 0;
        java.util.Set<Op> ops = java.util.EnumSet.noneOf(Op.class);
        java.util.Set<Op> freeing = java.util.EnumSet.noneOf(Op.class);
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= RANDOM_SCENARIOS && failures.isEmpty(); seed++) {
            String text = ScenarioGen.generate(seed * 7919);
            Scenario sc = ExplorerPropertyTest.compile(text);
            FootprintChecker fc = new FootprintChecker(sc.program(), seed, "scenario " + (seed * 7919));
            List<int[]> states = fc.statesAndRuns(RANDOM_STATES, RANDOM_RUNS);
            List<String> f = fc.check(states, true);
            if (!f.isEmpty()) {
                failures.addAll(f);
                failures.add(text);
            }
            checked++;
            steps += fc.stepsChecked;
            ops.addAll(fc.opsChecked);
            freeing.addAll(fc.freeingOps);
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        // every instruction of the families is checked somewhere (widen ScenarioGen where one is not)
        for (Families.Family family : Families.list()) {
            assertTrue(ops.containsAll(family.ops()), "no random scenario checked every step of the family " + family.name()
                    + " " + family.ops() + " (checked " + ops + ")");
        }
        // the frees FootprintChecker judged: put_page() and the gather's flushes
        assertTrue(freeing.containsAll(java.util.Set.of(Op.PUT_PAGE, Op.TLB_FLUSH)), "frees checked only in " + freeing);
        assertTrue(checked == RANDOM_SCENARIOS && steps > 10 * RANDOM_SCENARIOS, "too few steps checked: " + steps);
    }
}
