package dev.mmun.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed-seed fuzz budget in every build, and the inputs fuzzing once found (fuzz-regress/), each
 * through `run` and `check` in-process: documented exit codes, no stack trace, no hang. The wall
 * bound of Fuzz.boundMillis is checked by bench/fuzz.sh; here only a hang (5 times it) fails, the
 * machine running the build may be loaded.
 */
class FuzzTest {
    @TempDir
    Path dir;

    @Test
    void aFixedSeedBudgetEndsWellEveryTime() throws Exception {
        Fuzz.Tally t = Fuzz.campaign(Integer.getInteger("mmun.fuzz.inputs", 150), 20261206L, null, null);
        assertEquals(List.of(), t.crashes, t.toString());
        assertTrue(t.slow.stream().noneMatch(s -> s.contains("hang")), t.toString());
        // the budget reaches past the parser: some inputs are judged, some rejected
        assertTrue(t.exits.keySet().stream().anyMatch(k -> k.endsWith(":65")), t.toString());
        assertTrue(t.exits.keySet().stream().anyMatch(k -> k.endsWith(":0") || k.endsWith(":1")), t.toString());
    }

    @Test
    void everyRegressionInputEndsWell() throws Exception {
        Path regress = Inputs.root().resolve("interpreter/src/test/resources/fuzz-regress");
        try (Stream<Path> s = Files.list(regress)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList()) {
                for (Fuzz.Verdict v : Fuzz.judge(Files.readAllBytes(f), dir, true)) {
                    assertTrue(v.problem() == null || v.problem().startsWith("slow"), f + ": " + v);
                }
            }
        }
    }

    @Test
    void theMinimiserKeepsWhatFails() throws Exception {
        // a passing input is left as it is
        byte[] ok = "page A at 0x1000 = 0\ncpu T { write(A, 1) }\n".getBytes();
        assertNull(Fuzz.firstFailure(Fuzz.judge(ok, dir)));
        assertEquals(new String(ok), new String(Fuzz.minimise(ok, dir)));
        assertEquals("a  b\n(c)", String.join("", Inputs.tokens("a  b\n(c)")));
    }
}
