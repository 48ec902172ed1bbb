package dev.mmun.explore;

import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a schedule over the step function and records it as a {@link Run}: the one replay that
 * {@code check}'s counterexamples, a script's {@code schedule}, the default schedule of
 * {@code run}, random runs' witnesses, the REPL's {@code :check}/{@code :follow} and the tests all
 * go through. A run that stops where no thread can move is judged by {@link Semantics#terminal}.
 */
public final class Replay {
    private final Semantics sem;

    public Replay(Semantics sem) {
        this.sem = sem;
    }

    /** Hears each step as it is taken (the REPL builds its own records of steps from it). */
    public interface Observer {
        void step(int thread, Instr instr, State before, Recorder recorded, State after);
    }

    /**
     * Exactly these thread choices from start, and no more: a counterexample. The end is judged
     * only when no thread can move there; a choice that cannot be taken stops the replay with a note.
     */
    public Run follow(State start, List<Integer> choices) {
        return follow(start, choices, null);
    }

    public Run follow(State start, List<Integer> choices, Observer observer) {
        Recording r = start(start, observer);
        for (int c : choices) {
            if (!r.step(c, null, -1)) {
                r.note("the schedule cannot be followed at step " + (r.steps.size() + 1) + ": "
                        + sem.program().threads().get(c).name() + " " + why(r.state, c));
                break;
            }
        }
        return r.end(false);
    }

    /** Exactly these choices from the initial state. */
    public Run follow(List<Integer> choices) {
        return follow(sem.initial(), choices);
    }

    public Recording start(State start, Observer observer) {
        return new Recording(start, observer);
    }

    /** What a step shows as its statement: the whole atomic block it ran, else its first machine instruction. */
    private Instr shown(int t, int[] pcs, Instr first) {
        Instr[] code = sem.program().threads().get(t).code();
        for (int pc : pcs) {
            if (code[pc].op() == Op.ATOMIC_BEGIN) {
                return code[pc];
            }
        }
        return first;
    }

    private String why(State s, int t) {
        String w = sem.waitingFor(s.raw(), t);
        return w == null ? "has finished" : w;
    }

    /** One run being recorded, step by step, for the drivers that choose threads as they go. */
    public final class Recording {
        private final List<TraceStep> steps = new ArrayList<>();
        private final List<Violation> violations = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Observer observer;
        private State state;

        private Recording(State start, Observer observer) {
            this.state = start;
            this.observer = observer;
        }

        public State state() {
            return state;
        }

        public int size() {
            return steps.size();
        }

        public void note(String note) {
            notes.add(note);
        }

        /** One step of thread t, recorded under a timeline label and slot (null, -1: none); false when t cannot move. */
        public boolean step(int t, String label, int slot) {
            Instr instr = sem.nextInstr(state.raw(), t);
            Recorder rec = new Recorder();
            State n = sem.step(state, t, rec);
            if (n == null) {
                return false;
            }
            instr = shown(t, rec.pcs(), instr);
            steps.add(new TraceStep(t, instr, label, slot, rec.changes(), rec.violations()));
            violations.addAll(rec.violations());
            if (observer != null) {
                observer.step(t, instr, state, rec, n);
            }
            state = n;
            return true;
        }

        /**
         * The run so far. Unless a step bound cut it, a run that stops where no thread can move is
         * judged there; one that stops where threads could go on is cut off, as a counterexample is.
         */
        public Run end(boolean stepBoundHit) {
            List<Violation> all = new ArrayList<>(violations);
            if (!stepBoundHit && sem.ended(state.raw())) {
                all.addAll(sem.terminal(state.raw()));
            }
            boolean loopBound = all.stream().anyMatch(v -> v.rule().inconclusive());
            return new Run(List.copyOf(steps), state, all, stepBoundHit || loopBound, List.copyOf(notes));
        }
    }
}
