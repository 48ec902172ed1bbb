package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import org.junit.jupiter.api.Test;

/**
 * Several search threads (see {@link Crew}) on a search big enough for levels of many parts, a
 * ring of workers that wraps round, and a visited set that grows (COW-4 without reductions,
 * 218,130 states): the same states, steps and counterexample lengths as one thread; at a state
 * bound, the states of whole chunks only.
 */
class CrewTest {
    private static ExploreResult explore(Scenario sc, int workers, long maxStates) {
        return new Explorer(sc).explore(new Explorer.Options(false, false, workers, maxStates, 0, 0, null));
    }

    @Test
    void threadsFindWhatOneFinds() {
        for (String flush : new String[] {"ptep_clear_flush_notify", "ptep_clear_flush"}) {
            Scenario sc = ExplorerPropertyTest.compile(CowN.text(4, flush));
            ExploreResult one = explore(sc, 1, 0);
            assertNull(one.bound());
            assertTrue(one.stats().stored() > 100_000, "big enough: " + one.stats().stored());
            for (int workers : new int[] {2, 3}) {
                ExploreResult more = explore(sc, workers, 0);
                String what = flush + ", " + workers + " workers";
                assertNull(more.bound(), what);
                assertEquals(one.stats().stored(), more.stats().stored(), what);
                assertEquals(one.stats().matched(), more.stats().matched(), what);
                assertEquals(one.stats().transitions(), more.stats().transitions(), what);
                assertEquals(one.stats().depth(), more.stats().depth(), what);
                assertEquals(one.terminals(), more.terminals(), what);
                assertEquals(one.traces().keySet(), more.traces().keySet(), what);
                for (Rule r : one.traces().keySet()) {
                    assertEquals(one.traces().get(r).size(), more.traces().get(r).size(), what + ": " + r);
                }
                ExplorerPropertyTest.replays(sc, more, what);
            }
        }
    }

    /**
     * The bound is checked after each chunk of 4096 states of a level: the search stores at least
     * the bound, and less than one chunk's successors more (every thread's step of each of its states).
     */
    @Test
    void aStateBoundStopsAfterAChunk() {
        Scenario sc = ExplorerPropertyTest.compile(CowN.text(4, "ptep_clear_flush_notify"));
        int threads = 6;
        for (long max : new long[] {1_000, 60_000, 150_001}) {
            for (int workers : new int[] {1, 2}) {
                ExploreResult r = explore(sc, workers, max);
                String what = max + " states, " + workers + " workers";
                assertEquals(Bound.MAX_STATES, r.bound(), what);
                assertTrue(r.stats().stored() >= max && r.stats().stored() < max + 4096L * threads, what + ": " + r.stats().stored());
            }
        }
    }
}
