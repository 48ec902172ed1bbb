package dev.mmun.repl;

import dev.mmun.explore.Replay;
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
        List<Taken> out = new java.util.ArrayList<>(1);
        new Replay(b.sem).start(s, observer(b, out)).step(t, null, -1);
        return out.isEmpty() ? null : out.get(0);
    }

    /** Keeps each step a replay takes as a Taken. */
    static Replay.Observer observer(Build b, List<Taken> into) {
        return (t, instr, before, rec, after) -> {
            int pc = b.program.pc(t);
            into.add(new Taken(t, instr, rec.pcs(), before.get(pc), after.get(pc), rec.changes(), rec.violations(), before, after));
        };
    }
}
