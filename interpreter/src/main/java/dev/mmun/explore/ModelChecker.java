package dev.mmun.explore;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The model checker of {@code mmun check} behind the REPL's {@link Exhaustive}: the same search,
 * with its reductions, from the REPL's current state; each witness is a shortest schedule.
 */
public final class ModelChecker implements Exhaustive {
    private final int workers;

    public ModelChecker(int workers) {
        this.workers = Math.max(1, workers);
    }

    @Override
    public Result explore(Semantics sem, State start, long maxStates, BooleanSupplier cancelled) {
        Explorer.Options o = new Explorer.Options(true, true, workers, maxStates, 0, 0, null);
        ExploreResult r = new Explorer(sem, List.of()).explore(o, start.raw(), cancelled);
        List<Witness> witnesses = new ArrayList<>();
        for (Map.Entry<Rule, List<Integer>> e : r.traces().entrySet()) {
            Violation v = replay(sem, start, e.getKey(), e.getValue());
            if (v != null) {
                witnesses.add(new Witness(v, e.getValue()));
            }
        }
        boolean cancel = r.bound() == Bound.INTERRUPTED;
        return new Result(witnesses, r.stats().stored(), r.bound() == null, cancel);
    }

    /** The violation of rule the schedule shows, replayed from start. */
    private static Violation replay(Semantics sem, State start, Rule rule, List<Integer> choices) {
        Run run = new Replay(sem).follow(start, choices);
        if (!run.notes().isEmpty()) {
            return null;
        }
        return run.violations().stream().filter(v -> v.rule() == rule).findFirst().orElse(null);
    }
}
