package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --emit-trace writes a final condition's witness, and run replays it to the same final state. */
class WitnessTraceTest {
    @Test
    void theWitnessOfABrokenForallReplaysToAStateThatBreaksIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("w.mmun");
        CliTest.Result c = CliTest.mmun("", "check", "--color", "never", "--no-trace", "--emit-trace", out.toString(),
                "src/test/resources/golden/forall-sometimes.mmun");
        assertEquals(1, c.code(), c.out() + c.err());
        assertTrue(c.out().contains("wrote the schedule that breaks forall (C1:r == 5) to"), c.out());
        String text = Files.readString(out);
        assertTrue(text.contains("schedule {"), text);
        assertTrue(text.contains("forall (C1:r == 5)"), text);
        CliTest.Result r = CliTest.mmun("", "run", "--color", "never", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("C1:r=0;"), r.out());
        assertTrue(r.out().contains("forall (C1:r == 5): NOT MET (Never)"), r.out());
    }

    @Test
    void traceFinalWithoutAWitnessSaysSo(@TempDir Path dir) {
        CliTest.Result c = CliTest.mmun("", "check", "--color", "never", "--no-trace", "--trace", "final", "--emit-trace",
                dir.resolve("w.mmun").toString(), CliTest.sample("case-b-threads-fixed.mmun").toString());
        assertEquals(1, c.code());
        assertTrue(c.err().contains("no final state breaks or reaches a final condition"), c.err());
    }
}
