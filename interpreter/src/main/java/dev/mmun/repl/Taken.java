package dev.mmun.repl;

import dev.mmun.explore.Recorder;
import dev.mmun.machine.Change;
import dev.mmun.machine.Instr;
import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
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
        Recorder rec = new Recorder();
        State n = b.sem.step(s, t, rec);
        if (n == null) {
            return null;
        }
        int pc = b.program.pc(t);
        return new Taken(t, instr, rec.pcs(), s.get(pc), n.get(pc), rec.changes(), rec.violations(), s, n);
    }
}
