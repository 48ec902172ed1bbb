package dev.mmun.explore;

import dev.mmun.machine.Program;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.List;

/**
 * The schedule of {@code mmun run}. With a {@code schedule} item: exactly that order of threads,
 * and no more (a counterexample written back by {@code check --emit-trace} replays as check saw
 * it). Otherwise the timeline's rows in order, each thread running until it has done its cell;
 * then (or without a timeline) round robin in declaration order, one step each, skipping threads
 * that cannot move, until none can. Every step is taken and recorded by {@link Replay}.
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
        if (scenario.hasSchedule()) {
            return new Replay(sem).follow(scenario.schedule());
        }
        Replay.Recording r = new Replay(sem).start(sem.initial(), null);
        if (scenario.hasTimeline()) {
            followTimeline(r);
        }
        return r.end(roundRobin(r));
    }

    /** Round robin from the first thread until none can move; true when the step bound stopped it first. */
    private boolean roundRobin(Replay.Recording r) {
        Program p = sem.program();
        int n = p.threads().size();
        int last = -1;
        while (true) {
            if (r.size() >= maxSteps) {
                r.note("stopped after " + maxSteps + " steps (the step bound)");
                return true;
            }
            if (interrupted(r)) {
                return true;
            }
            boolean moved = false;
            for (int k = 1; k <= n && !moved; k++) {
                int t = (last + k) % n;
                if (r.step(t, null, -1)) {
                    moved = true;
                    last = t;
                }
            }
            if (!moved) {
                return false;
            }
        }
    }

    private void followTimeline(Replay.Recording r) {
        List<Scenario.Slot> slots = scenario.timeline();
        for (int i = 0; i < slots.size(); i++) {
            Scenario.Slot slot = slots.get(i);
            while (r.state().get(sem.program().pc(slot.thread())) < slot.endPc()) {
                if (!r.step(slot.thread(), slot.label(), i)) {
                    r.note("the timeline cannot be followed at " + slot.span().where() + ": "
                            + sem.program().threads().get(slot.thread()).name() + " "
                            + sem.waitingFor(r.state().raw(), slot.thread()) + "; the rest runs round robin");
                    return;
                }
                if (r.size() >= maxSteps || Thread.currentThread().isInterrupted()) {
                    return; // roundRobin says why
                }
            }
        }
    }

    /**
     * Ctrl-C (the command's thread interrupted): the run stops between two steps and is reported
     * as far as it went, inconclusive. The flag stays set for the command to see.
     */
    static boolean interrupted(Replay.Recording r) {
        if (!Thread.currentThread().isInterrupted()) {
            return false;
        }
        r.note("stopped at Ctrl-C (interrupted) after " + r.size() + " steps");
        return true;
    }
}
