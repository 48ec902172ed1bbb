package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import org.junit.jupiter.api.Test;

/**
 * A worker is a search thread's and writes each run of states into the {@link Expansion} it is
 * handed: a level expanded by one worker into one expansion, and the same level cut into runs that
 * two workers expand in turn, each run into an expansion of its own (a worker going from one to
 * the other and back, as a thread does with the ring's parts), store the same new states in the
 * same order, with the same parents, threads and figures.
 */
class ExpansionTest {
    private static final int[] CUTS = {0, 1, 7, 8, 9, 40, 41, 100};

    @Test
    void runsIntoSeveralExpansionsStoreWhatOneRunStores() {
        Scenario sc = ExplorerPropertyTest.compile(CowN.text(3, "ptep_clear_flush_notify"));
        Semantics sem = new Semantics(sc.program());
        int[] init = sem.initial().raw();
        FingerprintSet seen = new FingerprintSet(1 << 16);
        Frontier level = level(sc, sem, seen);
        int n = level.size();
        assertTrue(n > CUTS[CUTS.length - 1], "a level of " + n + " states");

        Expansion whole = expansion(sc, init);
        new Worker(sem, sc.finals(), seen, null, null).run(level, 0, n, true, whole);

        // the same visited set as the one run had when it started
        FingerprintSet visited = new FingerprintSet(1 << 16);
        assertEquals(n, level(sc, sem, visited).size());
        Worker[] two = {new Worker(sem, sc.finals(), visited, null, null), new Worker(sem, sc.finals(), visited, null, null)};
        Frontier joined = new Frontier(init, 16);
        long transitions = 0;
        long matched = 0;
        int[] choices = new int[whole.out.size()];
        for (int c = 0; c < CUTS.length; c++) {
            int from = CUTS[c];
            int to = c + 1 < CUTS.length ? CUTS[c + 1] : n;
            Expansion part = expansion(sc, init);
            two[c % 3 == 0 ? 0 : 1].run(level, from, to, true, part);
            for (int i = 0; i < part.out.size(); i++) {
                choices[joined.size() + i] = part.outChoice[i];
            }
            joined.addAll(part.out);
            transitions += part.transitions;
            matched += part.matched;
        }
        assertEquals(whole.out.size(), joined.size());
        assertEquals(whole.transitions, transitions);
        assertEquals(whole.matched, matched);
        int[] a = new int[init.length];
        int[] b = new int[init.length];
        for (int i = 0; i < joined.size(); i++) {
            whole.out.get(i, a);
            joined.get(i, b);
            assertArrayEquals(a, b, "state " + i);
            assertEquals(whole.out.index(i), joined.index(i), "parent of state " + i);
            assertEquals(whole.out.hash(i), joined.hash(i), "fingerprint of state " + i);
            assertEquals(whole.outChoice[i], choices[i], "thread of state " + i);
        }
    }

    private static Expansion expansion(Scenario sc, int[] init) {
        Expansion e = new Expansion(sc.finals());
        e.reference(init);
        return e;
    }

    /** A level of the search without reductions a few levels in, its states and those before it in seen. */
    private static Frontier level(Scenario sc, Semantics sem, FingerprintSet seen) {
        int[] init = sem.initial().raw();
        Frontier level = new Frontier(init, 16);
        level.add(init, 0, Fingerprint.of(init));
        seen.add(Fingerprint.key(Fingerprint.of(init)));
        while (level.size() < 150) {
            assertTrue(level.size() > 0, "the search ended before a level of 150 states");
            Expansion e = expansion(sc, init);
            new Worker(sem, sc.finals(), seen, null, null).run(level, 0, level.size(), true, e);
            level = e.out;
        }
        return level;
    }
}
