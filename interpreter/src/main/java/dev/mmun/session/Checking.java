package dev.mmun.session;

import dev.mmun.explore.Bound;
import dev.mmun.explore.ExploreResult;
import dev.mmun.explore.Explorer;
import dev.mmun.explore.RandomExplorer;
import dev.mmun.explore.Run;
import dev.mmun.explore.Replay;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mmun check} as an outcome: search (exhaustive or random), then replay each rule's schedule
 * on the step function to get the trace the reports print, and judge the verdict. A search that
 * hit a bound is inconclusive, never ok.
 */
public final class Checking {
    private Checking() {
    }

    public static Outcome check(Scenario sc, Explorer.Options options) {
        return outcome(sc, new Explorer(sc).explore(options), Mode.CHECK);
    }

    /** One part of the search ({@code --part}): its own result, for {@link PartFile}; the verdict needs every part ({@link PartMerge}). */
    public static dev.mmun.explore.Split.Result part(Scenario sc, Explorer.Options options, dev.mmun.explore.Split split) {
        return new Explorer(sc).explorePart(options, split);
    }

    public static Outcome random(Scenario sc, long runs, long seed, long timeoutMillis) {
        return outcome(sc, new RandomExplorer(sc).explore(runs, seed, timeoutMillis), Mode.RANDOM);
    }

    static Outcome outcome(Scenario sc, ExploreResult r, Mode mode) {
        Semantics sem = new Semantics(sc.program());
        Replay replay = new Replay(sem);
        Map<Rule, Run> traces = new EnumMap<>(Rule.class);
        Map<List<Integer>, Run> byChoices = new HashMap<>();
        List<Violation> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>(r.notes());
        for (Map.Entry<Rule, List<Integer>> e : r.traces().entrySet()) {
            Run run = byChoices.computeIfAbsent(e.getValue(), replay::follow);
            Violation v = run.violations().stream().filter(x -> x.rule() == e.getKey()).findFirst().orElse(null);
            if (v == null) {
                notes.add("internal: the schedule found for " + e.getKey() + " does not show it when replayed");
                continue;
            }
            traces.put(e.getKey(), run);
            violations.add(v);
        }
        Judge.notesOut(violations, traces, notes);
        Set<Rule> rules = Judge.rules(traces.keySet());
        boolean inconclusive = r.bound() != null || traces.keySet().stream().anyMatch(Rule::inconclusive);
        if (r.bound() != null && r.bound() != Bound.RANDOM) {
            notes.add(boundNote(r));
        }
        Scope scope = Scope.of(sc, mode);
        List<FinalResult> finals = new ArrayList<>();
        for (int f = 0; f < sc.finals().size(); f++) {
            List<Integer> w = r.finalStates() == null ? null : r.finalStates().witness(f);
            Run witness = w == null ? null : byChoices.computeIfAbsent(w, replay::follow);
            finals.add(new FinalResult(sc.finals().get(f), r.positive()[f], r.negative()[f], scope, witness));
        }
        if (scope == Scope.SOME_ORDER) {
            notes.add(someOrderNote(sc, rules));
        }
        boolean met = Judge.met(sc, rules, finals, inconclusive, scope);
        return Outcome.of(sc.source().name(), sc, mode).verdict(Judge.verdict(rules, inconclusive))
                .violations(violations).traces(traces).expected(sc.expected(), met).finals(finals).notes(notes)
                .stats(stats(r)).exitCode(Judge.exitCode(sc, rules, met, inconclusive)).finalStates(r.finalStates())
                .build();
    }

    /** What checking a timeline's expectations over every interleaving means, and what only other orders showed. */
    private static String someOrderNote(Scenario sc, Set<Rule> rules) {
        Set<Rule> more = java.util.EnumSet.noneOf(Rule.class);
        more.addAll(rules);
        if (sc.expected() != null) {
            more.removeAll(sc.expected());
        }
        String also = more.isEmpty() ? "" : "; other orders also break "
                + more.stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", "));
        return "a timeline's expectations are about its own schedule, one of the interleavings: check judges them met"
                + " when some interleaving shows them (`mode check` in the file judges every interleaving)" + also;
    }

    private static String boundNote(ExploreResult r) {
        String what = switch (r.bound()) {
            case MAX_STATES -> "the state bound (--max-states)";
            case MAX_DEPTH -> "the depth bound (--max-depth)";
            case TIMEOUT -> "the time limit (--timeout)";
            case MEMORY -> "the end of the memory (the Java heap; raise it with JDK_JAVA_OPTIONS=-Xmx...)";
            case INTERRUPTED -> "Ctrl-C (interrupted)";
            case RANDOM -> throw new IllegalArgumentException("random runs are not a bound to note");
        };
        return "the search stopped at " + what + " after " + r.stats().stored() + " states and depth "
                + r.stats().depth() + ": what it found holds, but it did not see every interleaving";
    }

    /** The statistics, SPIN-like, in the order the text report prints them. */
    static Map<String, Object> stats(ExploreResult r) {
        ExploreResult.Stats s = r.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.runs() > 0 || s.stored() == 0) {
            m.put("runs", s.runs());
            m.put("steps", s.transitions());
            m.put("longest_run", s.depth());
            m.put("time_ms", s.millis());
            return m;
        }
        m.put("states_stored", s.stored());
        m.put("states_matched", s.matched());
        m.put("transitions", s.transitions());
        m.put("terminal_states", r.terminals());
        m.put("depth", s.depth());
        m.put("time_ms", s.millis());
        if (s.firstViolationMillis() >= 0) {
            m.put("first_violation_ms", s.firstViolationMillis());
        }
        m.put("states_per_s", s.statesPerSecond());
        m.put("memory_mb", Math.round(s.memoryBytes() / 1e5) / 10.0);
        m.put("workers", s.workers());
        m.put("por", s.por() ? "on" : "off");
        m.put("symmetry", s.symmetry() ? "on" : "off");
        m.put("hash_collision_p", String.format(java.util.Locale.ROOT, "%.1e", s.collision()));
        return m;
    }
}
