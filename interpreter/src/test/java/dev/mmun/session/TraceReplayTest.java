package dev.mmun.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Explorer;
import dev.mmun.explore.ScenarioGen;
import dev.mmun.explore.Run;
import dev.mmun.explore.Runner;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Families;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Violation;
import dev.mmun.report.TraceEmitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every counterexample replays: each violation {@code check} finds, written with
 * {@code --emit-trace}, parsed again and run, shows the same rules, ends in the same state and
 * exits as check judges that schedule; for a thousand random scenarios ({@link ScenarioGen}: every
 * device kind, era, arch, gather batch, kernel path, loop and instruction family), and for every
 * sample and language case.
 */
class TraceReplayTest {
    private static final int RANDOM_SCENARIOS = 1_000;
    /** Bounds each search; a bounded search's witnesses must replay just the same. */
    private static final Explorer.Options OPTIONS = new Explorer.Options(true, true, 1, 3_000, 0, 0, null);
    private final Session session = Session.withStdlib();

    @Test
    void everyCounterexampleOfRandomScenariosReplays() {
        Set<Rule> seen = EnumSet.noneOf(Rule.class);
        int traces = 0;
        int withMirrorOrKvm = 0;
        Set<Op> ops = EnumSet.noneOf(Op.class);
        for (long seed = 0; seed < RANDOM_SCENARIOS; seed++) {
            String text = ScenarioGen.generate(seed);
            int n = replaysAll(new SourceFile("gen-" + seed + ".mmun", text), seen);
            traces += n;
            if (n > 0) {
                ops.addAll(ops(text));
            }
            if (n > 0 && (text.contains(" mirror\n") || text.contains(" kvm\n"))) {
                withMirrorOrKvm++;
            }
        }
        // the generator must reach the cases that failed before: loops, deadlocks, mirrors and kvm
        assertTrue(traces > RANDOM_SCENARIOS / 2, "only " + traces + " counterexamples");
        assertTrue(withMirrorOrKvm > 100, "only " + withMirrorOrKvm + " scenarios with a mirror or kvm device had a counterexample");
        // every instruction of every family is in a scenario whose counterexamples replayed
        for (Families.Family family : Families.list()) {
            assertTrue(ops.containsAll(family.ops()), "no replayed scenario has every instruction of the family " + family.name()
                    + " " + family.ops() + " (saw " + ops + ")");
        }
        for (Rule r : List.of(Rule.LOOP_BOUND, Rule.DEADLOCK, Rule.CASE_B, Rule.ASSERT)) {
            assertTrue(seen.contains(r), "no random scenario showed " + r + " (saw " + seen + ")");
        }
    }

    @Test
    void everyCounterexampleOfTheSamplesReplays() throws IOException {
        Set<Rule> seen = EnumSet.noneOf(Rule.class);
        int traces = 0;
        for (Path dir : List.of(Path.of("../samples"), Path.of("src/test/resources/lang"))) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList();
            }
            assertTrue(files.size() > 10, "no cases under " + dir);
            for (Path f : files) {
                traces += replaysAll(new SourceFile(f.toString(), Files.readString(f)), seen);
            }
        }
        assertTrue(traces > 40, "only " + traces + " counterexamples in the samples");
    }

    /** Checks src, replays every rule's counterexample through --emit-trace; returns how many. */
    private int replaysAll(SourceFile src, Set<Rule> seen) {
        Scenario sc = compile(src);
        Outcome check = Checking.check(sc, OPTIONS);
        boolean complete = check.notes().stream().noneMatch(n -> n.startsWith("the search stopped"));
        for (Map.Entry<Rule, Run> e : check.traces().entrySet()) {
            Run trace = e.getValue();
            String emitted = TraceEmitter.emit(sc, src, trace, e.getKey());
            String what = e.getKey() + " of " + src.name() + ":\n" + src.text() + "\nemitted:\n" + emitted;
            Scenario back = compile(new SourceFile("trace.mmun", emitted), what);
            Run replay = new Runner(back, new Semantics(back.program()), Runner.DEFAULT_MAX_STEPS).run();
            assertEquals(rules(trace), rules(replay), () -> "rules differ: " + what);
            assertArrayEquals(trace.last().raw(), replay.last().raw(), () -> "final states differ: " + what);
            assertTrue(replay.notes().isEmpty(), () -> "the replay could not follow its schedule " + replay.notes() + ": " + what);
            int exit = session.run(back, Runner.DEFAULT_MAX_STEPS).exitCode();
            assertEquals(exitOf(back, trace), exit, () -> "exit codes differ: " + what);
            boolean showsAll = rules(trace).equals(check.traces().keySet());
            // Only where check judged the file's own claims (not a timeline judged "in some order").
            boolean exact = Scope.of(sc, Mode.CHECK) == Scope.EXACT;
            if (exact && complete && sc.finals().isEmpty() && (check.exitCode() == Judge.OK || showsAll)) {
                assertEquals(check.exitCode(), exit, () -> "the check's exit code differs: " + what);
            }
            seen.addAll(rules(trace));
        }
        return check.traces().size();
    }

    private Set<Op> ops(String text) {
        Set<Op> out = EnumSet.noneOf(Op.class);
        for (Program.Thread th : compile(new SourceFile("gen.mmun", text)).program().threads()) {
            for (Instr in : th.code()) {
                out.add(in.op());
            }
        }
        return out;
    }

    /** The exit code check's judge gives the schedule of one trace: its rules against what the trace expects. */
    private static int exitOf(Scenario sc, Run trace) {
        Set<Rule> rules = Judge.rules(rules(trace));
        boolean inconclusive = trace.boundHit();
        return Judge.exitCode(sc, rules, Judge.met(sc, rules, List.of(), inconclusive), inconclusive);
    }

    private static Set<Rule> rules(Run run) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        for (Violation v : run.violations()) {
            out.add(v.rule());
        }
        return out;
    }

    private Scenario compile(SourceFile src) {
        return compile(src, src.text());
    }

    private Scenario compile(SourceFile src, String what) {
        Session.Compiled c = session.compile(src);
        if (c.scenario() == null) {
            fail("does not compile: " + c.failure().diagnostics() + "\n" + what);
        }
        assertNotNull(c.scenario());
        return c.scenario();
    }
}
