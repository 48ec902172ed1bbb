package dev.mmun.repl;

import dev.mmun.machine.Change;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Sink;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * One step the session took: the thread, its first machine instruction (null when it ran only
 * local ones), the pcs it executed, what it changed and broke, and the states around it.
 */
record Taken(int thread, Instr instr, int[] pcs, int pcBefore, int pcAfter, List<Change> changes,
             List<Violation> violations, State before, State after) {

    boolean localOnly() {
        return instr == null;
    }

    /** Takes one step of thread t from s, recording it; null when t has finished or cannot move. */
    static Taken take(Build b, State s, int t) {
        Instr instr = b.sem.nextInstr(s.raw(), t);
        Recording rec = new Recording();
        State n = b.sem.step(s, t, rec);
        if (n == null) {
            return null;
        }
        int pc = b.program.pc(t);
        return new Taken(t, instr, rec.pcs.stream().mapToInt(Integer::intValue).toArray(), s.get(pc), n.get(pc), List.copyOf(rec.changes), List.copyOf(rec.violations), s, n);
    }

    /** Keeps everything one step reports. */
    private static final class Recording implements Sink {
        final List<Change> changes = new ArrayList<>();
        final List<Violation> violations = new ArrayList<>();
        final List<Integer> pcs = new ArrayList<>();

        @Override
        public void violation(Violation v) {
            violations.add(v);
        }

        @Override
        public boolean wantsChanges() {
            return true;
        }

        @Override
        public void change(Change c) {
            changes.add(c);
        }

        @Override
        public void executed(int pc) {
            pcs.add(pc);
        }
    }
}
