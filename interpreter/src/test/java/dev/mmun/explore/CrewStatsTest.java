package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * -Dmmun.crew.stats: every state a search expands is counted once, by the thread that expanded
 * it (a part counted twice, or one left out, shows in the sum), and each thread's row is its own.
 */
class CrewStatsTest {
    private static final Pattern ROW = Pattern.compile("crew thread (\\d+): (\\d+) states in (\\d+) parts");

    @Test
    void everyExpandedStateIsCountedOnce() {
        Scenario sc = ExplorerPropertyTest.compile(CowN.text(3, "ptep_clear_flush_notify"));
        for (int workers : new int[] {1, 2, 3}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            String was = System.getProperty("mmun.crew.stats");
            ExploreResult r;
            try {
                System.setProperty("mmun.crew.stats", "true");
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                r = new Explorer(sc).explore(new Explorer.Options(false, false, workers, 0, 0, 0, null));
            } finally {
                System.setErr(old);
                if (was == null) {
                    System.clearProperty("mmun.crew.stats");
                } else {
                    System.setProperty("mmun.crew.stats", was);
                }
            }
            Matcher m = ROW.matcher(err.toString(StandardCharsets.UTF_8));
            long states = 0;
            int rows = 0;
            while (m.find()) {
                assertEquals(rows, Integer.parseInt(m.group(1)), "rows in order");
                states += Long.parseLong(m.group(2));
                rows++;
            }
            // no bound: every stored state is expanded once, in a part of one of the threads
            assertEquals(workers, rows, workers + " workers: " + err);
            assertEquals(r.stats().stored(), states, workers + " workers: " + err);
            assertTrue(r.stats().stored() > 1000, "several parts: " + r.stats().stored());
        }
    }

    @Test
    void eachThreadAddsToItsOwnRow() {
        CrewStats s = new CrewStats(2);
        s.add(0, CrewStats.Kind.RUN, s.start(), 512);
        s.add(1, CrewStats.Kind.RUN, s.start(), 100);
        s.add(1, CrewStats.Kind.RUN, s.start(), 12);
        s.add(1, CrewStats.Kind.IDLE, s.start(), 7);
        assertEquals(512, s.states(0));
        assertEquals(112, s.states(1));
        assertTrue(s.report().contains("crew thread 1: 112 states in 2 parts"), s.report());
    }
}
