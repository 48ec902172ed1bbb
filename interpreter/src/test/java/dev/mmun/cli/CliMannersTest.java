package dev.mmun.cli;

import static dev.mmun.cli.CliTest.mmun;
import static dev.mmun.cli.CliTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.cli.CliTest.Result;
import dev.mmun.session.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** picocli's conventions (issue 12): help subcommand, suggestions, per-command hints, wrapping, one duration syntax, 0 = all cores, '-' for stdin, NO_COLOR. */
class CliMannersTest {
    private static final String PASSING = "page A at 0x1000 = 1\ncpu T { r = read(A) }\nforall (T:r == 1)\n";

    @Test
    void helpSubcommandShowsTheNamedCommandsUsage() {
        Result r = mmun("", "help", "run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: mmun run "), r.out());
        assertTrue(r.out().contains("--max-steps"), r.out());
        Result c = mmun("", "help", "check");
        assertTrue(c.out().contains("--workers"), c.out());
        Result bare = mmun("", "help");
        assertTrue(bare.out().startsWith("Usage: mmun "), bare.out());
        assertTrue(bare.out().contains("help   Display help"), bare.out());
    }

    @Test
    void usageWrapsLongSummariesInsteadOfCuttingThem() {
        Result r = mmun("", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("check  Check each scenario over every interleaving of its threads' steps.\n"), r.out());
        assertTrue(r.out().contains("run    Run each scenario on one schedule and report the rules it breaks.\n"), r.out());
        for (String cmd : new String[] {"run", "check", "test", "repl"}) {
            for (String line : mmun("", cmd, "--help").out().split("\n")) {
                assertTrue(line.length() <= 80, cmd + ": " + line);
            }
        }
        for (String line : r.out().split("\n")) {
            assertTrue(line.length() <= 80, line);
        }
    }

    @Test
    void aMistypedSubcommandGetsASuggestion() {
        Result r = mmun("", "chek", "x.mmun");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("Did you mean: mmun check"), r.err());
        assertTrue(r.err().contains("Try 'mmun --help'."), r.err());
    }

    @Test
    void helpOfAMistypedSubcommandGetsTheSameSuggestion() {
        Result r = mmun("", "help", "chek");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("Unknown subcommand 'chek'"), r.err());
        assertTrue(r.err().contains("Did you mean: mmun check"), r.err());
        assertTrue(r.err().contains("Try 'mmun --help'."), r.err());
        Result far = mmun("", "help", "zzzzzz");
        assertEquals(64, far.code());
        assertFalse(far.err().contains("Did you mean"), far.err());
    }

    @Test
    void aMistypedOptionGetsASuggestionAndItsCommandsHint() {
        Result r = mmun("", "check", "--max-state", "3", "x.mmun");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("--max-states"), r.err());
        assertTrue(r.err().contains("Try 'mmun check --help'."), r.err());
        assertFalse(r.err().contains("Try 'mmun --help'."), r.err());
        Result t = mmun("", "test", "--jobs", "many", ".");
        assertEquals(64, t.code());
        assertTrue(t.err().contains("Try 'mmun test --help'."), t.err());
        Result run = mmun("", "run", "--no-trase", "x.mmun");
        assertTrue(run.err().contains("--no-trace"), run.err());
        assertTrue(run.err().contains("Try 'mmun run --help'."), run.err());
    }

    @Test
    void everyTimeoutTakesTheSameDurations() {
        String file = sample("case-b-threads-fixed.mmun").toString();
        for (String t : new String[] {"2m", "90s", "90", "1.5m", "120000ms"}) {
            Result r = mmun("", "check", "--color", "never", "--timeout", t, file);
            assertEquals(0, r.code(), t + ": " + r.out() + r.err());
        }
        Result bad = mmun("", "check", "--timeout", "soon", file);
        assertEquals(64, bad.code());
        assertTrue(bad.err().contains("'soon' is not a duration"), bad.err());
        Result badTest = mmun("", "test", "--timeout", "soon", file);
        assertEquals(64, badTest.code());
        assertTrue(badTest.err().contains("'soon' is not a duration"), badTest.err());
        Result test = mmun("", "test", "--color", "never", "--timeout", "2m", file);
        assertEquals(0, test.code(), test.out() + test.err());
    }

    @Test
    void durationsTakeFractionsAndUnits() {
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("0.5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1.5 fortnights"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1e400h"));
    }

    @Test
    void zeroWorkersAndZeroJobsMeanAllCores() {
        String file = sample("case-b-threads-fixed.mmun").toString();
        Result r = mmun("", "check", "--format", "json", "--workers", "0", file);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"workers\":" + Runtime.getRuntime().availableProcessors() + ","), r.out());
        Result t = mmun("", "test", "--color", "never", "--jobs", "0", file);
        assertEquals(0, t.code(), t.err());
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(t.out().contains("with " + cores + " job"), t.out());
        assertEquals(64, mmun("", "check", "--workers", "-1", file).code());
        assertEquals(64, mmun("", "test", "--jobs", "-1", file).code());
    }

    @Test
    void testReadsAScriptFromStdin() {
        Result ok = mmun(PASSING, "test", "--color", "never", "-");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("1 passed, 0 failed"), ok.out());
        Result bad = mmun(PASSING.replace("T:r == 1", "T:r == 2"), "test", "--color", "never", "-");
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("0 passed, 1 failed"), bad.out());
        Result check = mmun(PASSING, "check", "--color", "never", "-");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("== <stdin>"), check.out());
    }

    @Test
    void theReplTakesItsCommandsFromStdinSoNotItsFile() {
        Result r = mmun("", "repl", "-");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("FILE cannot be '-'"), r.err());
    }

    @Test
    void noColorCountsOnlyWhenSetAndNotEmpty() {
        assertFalse(OutputOptions.noColor(null));
        assertFalse(OutputOptions.noColor(""));
        assertTrue(OutputOptions.noColor("1"));
        assertTrue(OutputOptions.noColor("0"));
    }
}
