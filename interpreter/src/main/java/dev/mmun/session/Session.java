package dev.mmun.session;

import dev.mmun.ast.Script;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.Runner;
import dev.mmun.lower.Frontend;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Violation;
import dev.mmun.stdlib.Stdlib;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline every mode shares: read a file, compile it against the stdlib, and judge one run of
 * it. Holds no state between files, so many files (and the tests) can share one.
 */
public final class Session {
    private final Frontend frontend;

    public Session(List<Script> library) {
        this.frontend = new Frontend(library);
    }

    public Session(dev.mmun.check.Library library) {
        this.frontend = new Frontend(library);
    }

    /** The stdlib, parsed only as far as each script needs it (start-up time). */
    public static Session withStdlib() {
        return new Session(Stdlib.library());
    }

    public Frontend frontend() {
        return frontend;
    }

    /** A compiled scenario, or the outcome that says why there is none. */
    public record Compiled(Scenario scenario, Outcome failure, SourceFile source) {}

    public Compiled compile(String path, InputStream stdin) {
        Sources.Loaded loaded = Sources.load(path, stdin);
        if (loaded.source() == null) {
            return new Compiled(null, Outcome.error(path, List.of(loaded.problem()), loaded.exitCode()), null);
        }
        return compile(loaded.source());
    }

    public Compiled compile(SourceFile src) {
        try {
            return new Compiled(frontend.compile(src), null, src);
        } catch (CompileException e) {
            return new Compiled(null, Outcome.error(src.name(), e.diagnostics(), Judge.DATA), src);
        }
    }

    /**
     * Runs one file's work so that a bug in mmun costs that file (exit 70, said to be a bug), not
     * the whole batch, and never shows the user a stack trace.
     */
    public static Outcome guarded(String file, java.util.function.Supplier<Outcome> work) {
        try {
            return work.get();
        } catch (RuntimeException | StackOverflowError e) {
            return Outcome.error(file, List.of(dev.mmun.diag.Diagnostic.error(dev.mmun.diag.Span.none(file),
                    "internal error: " + e + " -- this is a bug in mmun; please report it with the script")), Judge.INTERNAL);
        }
    }

    /** Judges a scenario the way `mmun test` does: in the mode it asks for. */
    public Outcome judge(Scenario sc) {
        if (sc.effectiveMode() == Mode.RUN) {
            return run(sc, Runner.DEFAULT_MAX_STEPS);
        }
        return Checking.check(sc, dev.mmun.explore.Explorer.Options.defaults());
    }

    /** One schedule: the timeline's, or round robin. */
    public Outcome run(Scenario sc, int maxSteps) {
        long t0 = System.nanoTime();
        Semantics sem = new Semantics(sc.program());
        Run run = new Runner(sc, sem, maxSteps).run();
        Set<Rule> rules = Judge.rules(run.violations().stream().map(Violation::rule).toList());
        List<FinalResult> finals = new ArrayList<>();
        dev.mmun.explore.FinalStates finalStates = new dev.mmun.explore.FinalStates(sc.finals());
        finalStates.add(run.last().raw(), 0);
        for (Scenario.FinalCheck f : sc.finals()) {
            boolean holds = f.condition().eval(run.last().raw(), 0) != 0;
            Run witness = dev.mmun.explore.FinalStates.isWitness(f, run.last().raw()) ? run : null;
            finals.add(new FinalResult(f, holds ? 1 : 0, holds ? 0 : 1, Scope.of(sc, Mode.RUN), witness));
        }
        boolean inconclusive = run.boundHit();
        Scope scope = Scope.of(sc, Mode.RUN);
        List<String> notes = new ArrayList<>(run.notes());
        if (scope == Scope.ONE_ORDER && (sc.expected() != null || !sc.finals().isEmpty())) {
            notes.add("the expectations speak of every interleaving (mmun check) and this run is one of them: they are met"
                    + " when it breaks no rule the file does not expect and no forall or ~exists (an exists is not judged)");
        }
        boolean met = Judge.met(sc, rules, finals, inconclusive, scope);
        Map<Rule, Run> traces = new EnumMap<>(Rule.class);
        for (Violation v : run.violations()) {
            traces.putIfAbsent(v.rule(), run);
        }
        List<Violation> violations = distinct(run.violations());
        Judge.notesOut(violations, traces, notes);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("steps", run.steps().size());
        stats.put("time_ms", (System.nanoTime() - t0) / 1_000_000);
        return Outcome.of(sc.source().name(), sc, Mode.RUN).verdict(Judge.verdict(rules, inconclusive))
                .violations(violations).traces(traces).expected(sc.expected(), met).finals(finals)
                .notes(notes).stats(stats).exitCode(Judge.exitCode(sc, rules, met, inconclusive))
                .finalStates(finalStates).run(run).build();
    }

    /** The same rule broken at the same place by the same thread is one finding. */
    static List<Violation> distinct(List<Violation> all) {
        Set<String> seen = new LinkedHashSet<>();
        List<Violation> out = new ArrayList<>();
        for (Violation v : all) {
            if (seen.add(v.rule() + "@" + v.span().where() + "#" + v.thread())) {
                out.add(v);
            }
        }
        return out;
    }
}
