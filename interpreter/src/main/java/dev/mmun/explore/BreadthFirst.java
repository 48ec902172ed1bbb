package dev.mmun.explore;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Sink;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Breadth first over the step function, each state once: the first witness of a rule is a
 * shortest one. Keeps every state seen and its parent, so it suits the REPL's small machines.
 */
public final class BreadthFirst implements Exhaustive {

    @Override
    public Result explore(Semantics sem, State start, long maxStates, BooleanSupplier cancelled) {
        int threads = sem.program().threads().size();
        List<State> states = new ArrayList<>();
        Map<State, Integer> seen = new HashMap<>();
        int[] parent = new int[1024];
        byte[] choice = new byte[1024];
        states.add(start);
        seen.put(start, 0);
        parent[0] = -1;
        Map<Rule, Exhaustive.Witness> found = new EnumMap<>(Rule.class);
        List<Violation> step = new ArrayList<>();
        Sink sink = step::add;
        for (int i = 0; i < states.size(); i++) {
            if ((i & 255) == 0 && (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted())) {
                return result(found, states.size(), false, true);
            }
            State s = states.get(i);
            boolean moved = false;
            for (int t = 0; t < threads; t++) {
                step.clear();
                State n = sem.step(s, t, sink);
                if (n == null) {
                    continue;
                }
                moved = true;
                for (Violation v : step) {
                    if (!found.containsKey(v.rule())) {
                        found.put(v.rule(), new Exhaustive.Witness(v, path(parent, choice, i, t)));
                    }
                }
                if (!seen.containsKey(n)) {
                    if (states.size() >= maxStates) {
                        return result(found, states.size(), false, false);
                    }
                    int id = states.size();
                    if (id == parent.length) {
                        parent = Arrays.copyOf(parent, id * 2);
                        choice = Arrays.copyOf(choice, id * 2);
                    }
                    parent[id] = i;
                    choice[id] = (byte) t;
                    states.add(n);
                    seen.put(n, id);
                }
            }
            if (!moved) {
                for (Violation v : sem.terminal(s.raw())) {
                    found.putIfAbsent(v.rule(), new Exhaustive.Witness(v, path(parent, choice, i, -1)));
                }
            }
        }
        return result(found, states.size(), true, false);
    }

    private static Result result(Map<Rule, Exhaustive.Witness> found, long states, boolean complete, boolean cancelled) {
        return new Result(List.copyOf(found.values()), states, complete, cancelled);
    }

    /** The choices from the start to state i, then t (none when t is -1). */
    private static List<Integer> path(int[] parent, byte[] choice, int i, int t) {
        List<Integer> out = new ArrayList<>();
        if (t >= 0) {
            out.add(t);
        }
        for (int at = i; parent[at] >= 0; at = parent[at]) {
            out.add((int) choice[at]);
        }
        Collections.reverse(out);
        return out;
    }
}
