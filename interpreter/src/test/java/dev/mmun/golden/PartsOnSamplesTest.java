package dev.mmun.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.explore.Explorer;
import dev.mmun.explore.FinalStates;
import dev.mmun.explore.Split;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Checking;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Outcome;
import dev.mmun.session.PartFile;
import dev.mmun.session.PartMerge;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * `mmun check --part I/N` then `--merge`: on every sample judged in check mode, for N = 1, 2, 3 and
 * 7, the parts merged give what the whole search gives: the same rules, the same observations of the
 * final conditions, the same final states listed and witnesses as short, the same exit code, and
 * schedules that show their rule when replayed. Each part
 * goes through its JSON file and back, as it would between machines. The split is at depth 4, so that
 * it happens on the small samples too (by default a level must be 256 states a part wide).
 */
class PartsOnSamplesTest {
    private static final int SPLIT = 4;
    private final Session session = Session.withStdlib();

    @Test
    void thePartsMergedGiveTheWholeSearchsVerdict() throws Exception {
        int scenarios = 0;
        int split = 0;
        for (Path file : ScriptCases.under(ScriptCases.root().resolve("samples"))) {
            Session.Compiled c = session.compile(file.toString(), System.in);
            Scenario sc = c.scenario();
            if (sc == null || sc.effectiveMode() != Mode.CHECK) {
                continue;
            }
            scenarios++;
            Explorer.Options o = new Explorer.Options(true, true, 1, 0, 0, 0, null);
            Outcome whole = Checking.check(sc, o);
            for (int n : new int[] {1, 2, 3, 7}) {
                List<PartFile.Part> parts = new ArrayList<>();
                long kept = 0;
                long width = -1;
                for (int i = 1; i <= n; i++) {
                    Split s = new Split(i, n, SPLIT);
                    Split.Result r = Checking.part(sc, o, s);
                    String json = PartFile.write(c.source(), o, s, r);
                    parts.add(PartFile.read("part-" + i + ".json", json));
                    if (r.prefix() != null) {
                        kept += r.prefix().kept();
                        width = r.prefix().width();
                    }
                }
                if (width >= 0) {
                    assertEquals(width, kept, file + ": the parts keep every state of the split level, each once");
                    split += n == 7 ? 1 : 0;
                }
                java.util.Collections.reverse(parts);
                Outcome merged = PartMerge.merge(session, PartMerge.check(parts));
                String what = file + " in " + n + " parts";
                assertEquals(rules(whole), rules(merged), what + ": rules");
                assertEquals(observations(whole), observations(merged), what + ": final conditions");
                assertEquals(whole.verdict(), merged.verdict(), what + ": verdict");
                assertEquals(whole.expectationMet(), merged.expectationMet(), what + ": expectation");
                assertEquals(whole.exitCode(), merged.exitCode(), what + ": exit code");
                assertEquals(valuations(whole), valuations(merged), what + ": the final states' valuations");
                assertEquals(witnesses(whole), witnesses(merged), what + ": the final conditions' witnesses (their lengths)");
                assertFalse(merged.notes().stream().anyMatch(x -> x.startsWith("internal")), what + ": " + merged.notes());
                if (n == 1) {
                    assertEquals(whole.stats().get("states_stored"), merged.stats().get("states_stored"), what + ": one part is the whole");
                }
            }
        }
        assertTrue(scenarios >= 60, "check-mode samples: " + scenarios);
        assertTrue(split >= scenarios - 5, "the search split in only " + split + " of " + scenarios + " samples");
    }

    private static Set<String> rules(Outcome o) {
        Set<String> out = new TreeSet<>();
        o.violations().forEach(v -> out.add(v.rule().name()));
        return out;
    }

    /** The valuations listed (a state reached from two parts counts in both, so only the counts may differ). */
    private static List<String> valuations(Outcome o) {
        FinalStates fs = o.finalStates();
        return fs == null ? List.of() : fs.valuations().stream().map(v -> java.util.Arrays.toString(v.values())).toList();
    }

    private static List<Integer> witnesses(Outcome o) {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < o.finals().size(); f++) {
            List<Integer> w = o.finalStates() == null ? null : o.finalStates().witness(f);
            out.add(w == null ? -1 : w.size());
        }
        return out;
    }

    private static String observations(Outcome o) {
        return o.finals().stream().map(FinalResult::observation).toList().toString();
    }
}
