package dev.mmun.repl;

import dev.mmun.machine.State;
import java.util.ArrayList;
import java.util.List;

/** The session's schedule replayed from the initial state: the steps it takes and where it ends. */
record Tape(List<Taken> taken, State state) {

    /** Thrown when a change to the script would make an earlier step impossible or different. */
    static final class Divergence extends Exception {
        private static final long serialVersionUID = 1L;

        Divergence(String message) {
            super(message, null, false, false);
        }
    }

    static Tape replay(Build b, List<Event> events) throws Divergence {
        State s = b.sem.initial();
        List<Taken> taken = new ArrayList<>();
        for (Event e : events) {
            if (!(e instanceof Event.Step st)) {
                continue;
            }
            int t = b.thread(st.thread());
            if (t < 0) {
                throw new Divergence("thread " + st.thread() + ", which took step " + (taken.size() + 1) + ", is gone");
            }
            if (st.localOnly()) {
                // folded into the neighbouring step of the thread once more code follows it
                if (b.sem.finished(s.raw(), t) || b.sem.nextInstr(s.raw(), t) != null) {
                    continue;
                }
            }
            Taken k = Taken.take(b, s, t);
            if (k == null) {
                String why = b.sem.waitingFor(s.raw(), t);
                throw new Divergence("step " + (taken.size() + 1) + " of the session (" + st.thread() + ") could no longer be taken: "
                        + st.thread() + " " + (why == null ? "has finished" : why));
            }
            taken.add(k);
            s = k.after();
        }
        return new Tape(List.copyOf(taken), s);
    }
}
