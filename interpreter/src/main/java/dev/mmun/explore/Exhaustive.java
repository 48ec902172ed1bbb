package dev.mmun.explore;

import dev.mmun.machine.Semantics;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Explores every interleaving from a state: what the REPL's {@code :check} asks of the
 * exhaustive checker. {@link BreadthFirst} is a simple one; the model checker of {@code mmun check}
 * can stand in for it.
 */
public interface Exhaustive {

    /**
     * Every schedule from {@code start}, each state once, until all are seen, {@code maxStates}
     * states are seen, or {@code cancelled} answers true (it is asked often, from this thread).
     */
    Result explore(Semantics sem, State start, long maxStates, BooleanSupplier cancelled);

    /** The first violation found of a rule, with the thread choices from the start state that lead to it. */
    record Witness(Violation violation, List<Integer> choices) {}

    /**
     * What the search found: a witness per rule (DEADLOCK included: a state where no thread can
     * move and some have not finished), how many states it saw, and whether it saw them all.
     */
    record Result(List<Witness> witnesses, long states, boolean complete, boolean cancelled) {}
}
