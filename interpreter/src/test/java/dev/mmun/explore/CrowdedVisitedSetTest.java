package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Scenario;
import org.junit.jupiter.api.Test;

/**
 * A search whose visited set cannot double (a heap with no room for the bigger table, stood for
 * by -Dmmun.visited.maxSlots) goes on in the table it has, filled further: it finds what an
 * unbounded one finds, with one or two workers, and says that it ran crowded. Only a table full
 * even so ends the search, at the memory bound. Reproduces COW-6 without reductions stopping at
 * 93.9 M states in the launcher's default heap, where doubling a 1 GiB table needed 2 GiB more.
 */
class CrowdedVisitedSetTest {
    private static ExploreResult explore(Scenario sc, int workers, int maxSlots) {
        String key = "mmun.visited.maxSlots";
        String was = System.getProperty(key);
        System.setProperty(key, Integer.toString(maxSlots));
        try {
            return new Explorer(sc).explore(new Explorer.Options(false, false, workers, 0, 0, 0, null));
        } finally {
            if (was == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, was);
            }
        }
    }

    private static boolean saysCrowded(ExploreResult r) {
        return r.notes().stream().anyMatch(n -> n.contains("visited set could not double"));
    }

    @Test
    void aSetThatCannotDoubleStillFindsEverything() {
        // COW-4 fixed without reductions: 218,130 states, past 0.7 of 2^18 slots and within 0.95
        Scenario sc = ExplorerPropertyTest.compile(CowN.text(4, "ptep_clear_flush_notify"));
        ExploreResult free = explore(sc, 1, 1 << 30);
        assertNull(free.bound());
        assertFalse(saysCrowded(free));
        long stored = free.stats().stored();
        assertTrue(stored > 0.7 * (1 << 18) && stored < 0.9 * (1 << 18), "the case this test needs: " + stored);
        for (int workers : new int[] {1, 2}) {
            ExploreResult crowded = explore(sc, workers, 1 << 18);
            String what = workers + " workers";
            assertNull(crowded.bound(), what);
            assertTrue(saysCrowded(crowded), what + ": " + crowded.notes());
            assertEquals(stored, crowded.stats().stored(), what);
            assertEquals(free.stats().matched(), crowded.stats().matched(), what);
            assertEquals(free.stats().transitions(), crowded.stats().transitions(), what);
            assertEquals(free.terminals(), crowded.terminals(), what);
            assertEquals(free.traces().keySet(), crowded.traces().keySet(), what);
        }
    }

    @Test
    void aSetFullEvenSoStopsAtTheMemoryBound() {
        Scenario sc = ExplorerPropertyTest.compile(CowN.text(4, "ptep_clear_flush_notify"));
        for (int workers : new int[] {1, 2}) {
            ExploreResult r = explore(sc, workers, 1 << 17);
            assertEquals(Bound.MEMORY, r.bound(), workers + " workers");
            assertTrue(r.stats().stored() <= 0.95 * (1 << 17), "stored " + r.stats().stored());
            assertTrue(r.stats().stored() > 0.7 * (1 << 17), "filled past the usual load first: " + r.stats().stored());
        }
    }
}
