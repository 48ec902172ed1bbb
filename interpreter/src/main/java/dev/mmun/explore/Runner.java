package dev.mmun.explore;

import dev.mmun.check.Scenario;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one schedule over the step function. With a timeline: its rows in order, each thread
 * running until it has done its cell. Without (or after the timeline, for what is left): round
 * robin in declaration order, one step each, skipping threads that cannot move.
 */
public final class Runner {
    public static final int DEFAULT_MAX_STEPS = 100_000;

    private final Scenario scenario;
    private final Semantics sem;
    private final int maxSteps;

    public Runner(Scenario scenario, Semantics sem, int maxSteps) {
        this.scenario = scenario;
        this.sem = sem;
        this.maxSteps = maxSteps;
    }

    public Run run() {
        return run(sem.initial(), List.of());
    }

    /** Replays the given thread choices from the start, then goes on with the default schedule. */
    public Run replay(List<Integer> choices) {
        return run(sem.initial(), choices, true);
    }

    /**
     * Replays exactly the given thread choices and stops: a counterexample of {@code mmun check}.
     * A deadlock is reported when no thread can move at the end and some have not finished.
     */
    public Run replayOnly(List<Integer> choices) {
        return run(sem.initial(), choices, false);
    }

    private Run run(State start, List<Integer> choices) {
        return run(start, choices, true);
    }

    private Run run(State start, List<Integer> choices, boolean goOn) {
        Program p = sem.program();
        List<TraceStep> steps = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        State s = start;
        for (int c : choices) {
            State n = record(s, c, null, -1, steps, violations);
            if (n == null) {
                notes.add("the trace cannot be replayed at step " + (steps.size() + 1) + ": " + p.threads().get(c).name()
                        + " " + sem.waitingFor(s.raw(), c));
                break;
            }
            s = n;
        }
        if (choices.isEmpty() && scenario.hasTimeline()) {
            s = followTimeline(s, steps, violations, notes);
        }
        int last = -1;
        boolean bound = false;
        while (goOn) {
            if (steps.size() >= maxSteps) {
                bound = true;
                notes.add("stopped after " + maxSteps + " steps (the step bound)");
                break;
            }
            int n = p.threads().size();
            State next = null;
            for (int k = 1; k <= n && next == null; k++) {
                int t = (last + k) % n;
                next = record(s, t, null, -1, steps, violations);
                if (next != null) {
                    last = t;
                }
            }
            if (next == null) {
                break;
            }
            s = next;
        }
        boolean ended = !bound && (goOn || stuck(s));
        if (ended) {
            violations.addAll(sem.atEnd(s.raw()));
        }
        if (ended && !sem.allFinished(s.raw())) {
            violations.add(deadlock(s));
        }
        boolean loopBound = violations.stream().anyMatch(v -> v.rule().inconclusive());
        return new Run(steps, s, violations, bound || loopBound, notes);
    }

    private State followTimeline(State s, List<TraceStep> steps, List<Violation> violations, List<String> notes) {
        List<Scenario.Slot> slots = scenario.timeline();
        for (int i = 0; i < slots.size(); i++) {
            Scenario.Slot slot = slots.get(i);
            while (s.get(sem.program().pc(slot.thread())) < slot.endPc()) {
                State n = record(s, slot.thread(), slot.label(), i, steps, violations);
                if (n == null) {
                    notes.add("the timeline cannot be followed at " + slot.span().where() + ": "
                            + sem.program().threads().get(slot.thread()).name() + " " + sem.waitingFor(s.raw(), slot.thread())
                            + "; the rest runs round robin");
                    return s;
                }
                s = n;
                if (steps.size() >= maxSteps) {
                    return s;
                }
            }
        }
        return s;
    }

    private State record(State s, int t, String label, int slot, List<TraceStep> steps, List<Violation> violations) {
        Instr instr = sem.nextInstr(s.raw(), t);
        Recorder rec = new Recorder();
        State n = sem.step(s, t, rec);
        if (n == null) {
            return null;
        }
        steps.add(new TraceStep(t, instr, label, slot, rec.changes(), rec.violations()));
        violations.addAll(rec.violations());
        return n;
    }

    private boolean stuck(State s) {
        for (int t = 0; t < sem.program().threads().size(); t++) {
            if (sem.step(s, t, dev.mmun.machine.Sink.IGNORE) != null) {
                return false;
            }
        }
        return true;
    }

    private Violation deadlock(State s) {
        List<String> stuck = sem.stuck(s.raw());
        int first = -1;
        for (int t = 0; t < sem.program().threads().size(); t++) {
            if (!sem.finished(s.raw(), t)) {
                first = t;
                break;
            }
        }
        Instr at = sem.nextInstr(s.raw(), first);
        return new Violation(Rule.DEADLOCK, first, at == null ? sem.program().threads().get(first).span() : at.span(),
                "no thread can move: " + String.join("; ", stuck), -1, -1);
    }
}
