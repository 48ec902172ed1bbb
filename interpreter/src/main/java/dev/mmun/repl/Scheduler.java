package dev.mmun.repl;

import dev.mmun.machine.Scenario;
import dev.mmun.machine.Sink;
import dev.mmun.machine.State;
import java.util.List;

/**
 * Which thread :step and :run move next, as mmun run would: a script's timeline rows in order
 * while they can be followed, then round robin from the thread that moved last.
 */
final class Scheduler {
    private Scheduler() {
    }

    /** The next thread, or -1 when none can move. note, if given, hears when the timeline cannot be followed. */
    static int next(Build b, State s, List<Taken> taken, StringBuilder note) {
        for (int i = 0; i < b.slotCount(); i++) {
            if (b.origins.get(i).kind() != Origin.Kind.TIMELINE) {
                continue;
            }
            Scenario.Slot slot = b.slot(i);
            if (s.get(b.program.pc(slot.thread())) < slot.endPc()) {
                if (canMove(b, s, slot.thread())) {
                    return slot.thread();
                }
                if (note != null) {
                    note.append("the timeline cannot be followed at ").append(b.origins.get(i).span().where()).append(": ")
                            .append(b.threadName(slot.thread())).append(' ').append(b.sem.waitingFor(s.raw(), slot.thread()))
                            .append("; the rest runs round robin");
                }
                break;
            }
        }
        int n = b.program.threads().size();
        int last = taken.isEmpty() ? -1 : taken.get(taken.size() - 1).thread();
        for (int k = 1; k <= n; k++) {
            int t = Math.floorMod(last + k, n);
            if (canMove(b, s, t)) {
                return t;
            }
        }
        return -1;
    }

    static boolean canMove(Build b, State s, int t) {
        return b.sem.step(s.raw(), t, Sink.IGNORE) != null;
    }

    /** Why nothing moves: every thread has finished, or who waits for what. */
    static String idle(Build b, State s) {
        if (b.sem.allFinished(s.raw())) {
            return b.program.threads().isEmpty() ? "no threads" : "every thread has finished";
        }
        List<String> stuck = b.sem.stuck(s.raw());
        return stuck.isEmpty() ? "threads can still move (:run goes on)" : "waiting: " + String.join("; ", stuck);
    }
}
