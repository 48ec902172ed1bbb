package dev.mmun.machine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plain breadth-first search over every interleaving of a small program, with no reduction:
 * the rules broken on some path (DEADLOCK where no thread can move and some have not finished),
 * each with a shortest schedule that breaks it. Tests use it to judge the mirror scenarios
 * independently of the explorer of `mmun check`.
 */
final class Exhaustive {
    /** witnesses: for each rule, the threads of a shortest schedule whose last step breaks it. */
    record Result(Map<Rule, List<Integer>> witnesses, int states) {
        Set<Rule> rules() {
            return witnesses.keySet();
        }
    }

    private record Parent(State from, int thread) {}

    private Exhaustive() {
    }

    static Result explore(Program p, int maxStates) {
        Semantics sem = new Semantics(p);
        Map<Rule, List<Integer>> found = new EnumMap<>(Rule.class);
        Map<State, Parent> parent = new HashMap<>();
        ArrayDeque<State> todo = new ArrayDeque<>();
        State s0 = sem.initial();
        parent.put(s0, null);
        todo.add(s0);
        while (!todo.isEmpty()) {
            if (parent.size() > maxStates) {
                throw new IllegalStateException("more than " + maxStates + " states");
            }
            State s = todo.poll();
            boolean moved = false;
            for (int t = 0; t < p.threads().size(); t++) {
                List<Rule> broken = new ArrayList<>();
                State n = sem.step(s, t, v -> broken.add(v.rule()));
                if (n == null) {
                    continue;
                }
                moved = true;
                for (Rule r : broken) {
                    if (!found.containsKey(r)) {
                        List<Integer> path = path(parent, s);
                        path.add(t);
                        found.put(r, path);
                    }
                }
                if (!parent.containsKey(n)) {
                    parent.put(n, new Parent(s, t));
                    todo.add(n);
                }
            }
            if (!moved && !sem.allFinished(s.raw()) && !found.containsKey(Rule.DEADLOCK)) {
                found.put(Rule.DEADLOCK, path(parent, s));
            }
        }
        return new Result(found, parent.size());
    }

    private static List<Integer> path(Map<State, Parent> parent, State s) {
        ArrayDeque<Integer> rev = new ArrayDeque<>();
        for (Parent q = parent.get(s); q != null; q = parent.get(q.from())) {
            rev.push(q.thread());
        }
        return new ArrayList<>(rev);
    }

    /** A schedule as the steps it takes: thread, then the statement, one per line. */
    static String describe(Program p, List<Integer> path) {
        Semantics sem = new Semantics(p);
        State s = sem.initial();
        StringBuilder sb = new StringBuilder();
        for (int t : path) {
            Instr in = sem.nextInstr(s.raw(), t);
            sb.append("\n  ").append(p.threads().get(t).name()).append(": ").append(in == null ? "?" : in.text());
            s = sem.step(s, t, Sink.IGNORE);
        }
        return sb.toString();
    }
}
