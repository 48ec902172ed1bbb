package dev.mmun.machine;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A plain stateful search over every interleaving of a small program, with no reduction: the rules
 * broken on some path (DEADLOCK where no thread can move and some have not finished). Tests use it
 * to judge the mirror scenarios independently of the explorer of `mmun check`.
 */
final class Exhaustive {
    record Result(Set<Rule> rules, int states) {}

    private Exhaustive() {
    }

    static Result explore(Program p, int maxStates) {
        Semantics sem = new Semantics(p);
        Set<Rule> rules = EnumSet.noneOf(Rule.class);
        Set<State> seen = new HashSet<>();
        ArrayDeque<State> todo = new ArrayDeque<>();
        State s0 = sem.initial();
        seen.add(s0);
        todo.push(s0);
        while (!todo.isEmpty()) {
            if (seen.size() > maxStates) {
                throw new IllegalStateException("more than " + maxStates + " states");
            }
            State s = todo.pop();
            boolean moved = false;
            for (int t = 0; t < p.threads().size(); t++) {
                State n = sem.step(s, t, v -> rules.add(v.rule()));
                if (n != null) {
                    moved = true;
                    if (seen.add(n)) {
                        todo.push(n);
                    }
                }
            }
            if (!moved && !sem.allFinished(s.raw())) {
                rules.add(Rule.DEADLOCK);
            }
        }
        return new Result(rules, seen.size());
    }
}
