package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A scenario ExplorerPropertyTest generated (jqwik seed 1771427830767242871) where the reduced
 * search's schedules are longer than the shortest (CASE_B 8 vs 7) and the search for shorter ones
 * outgrows its bound of twice the reduced search: the rules must still be the same, and the report
 * must say that its schedules are only the shortest the reduction kept.
 */
class ShortestUnderPorTest {
    @Test
    void longerSchedulesUnderPorAreSaidSo() throws Exception {
        String text;
        try (var in = getClass().getResourceAsStream("/explore/por-longer-than-shortest.mmun")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Scenario sc = ExplorerPropertyTest.compile(text);
        Semantics sem = new Semantics(sc.program());
        ExploreResult full = new Explorer(sem, List.of()).explore(new Explorer.Options(false, false, 1, 2_000_000, 0, 0, null), sem.initial().raw(), () -> false);
        ExploreResult reduced = new Explorer(sem, List.of()).explore(new Explorer.Options(true, true, 1, 2_000_000, 0, 0, null), sem.initial().raw(), () -> false);
        Map<Rule, Integer> a = lengths(full);
        Map<Rule, Integer> b = lengths(reduced);
        assertEquals(a.keySet(), b.keySet());
        assertNotEquals(a, b, "the reduction now keeps the shortest schedules here: this test can go");
        assertTrue(ExplorerPropertyTest.saysReducedLengths(reduced), String.join("\n", reduced.notes()));
    }

    private static Map<Rule, Integer> lengths(ExploreResult r) {
        return r.traces().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
    }
}
