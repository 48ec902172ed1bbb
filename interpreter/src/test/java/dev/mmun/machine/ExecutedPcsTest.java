package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.session.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step tells a sink that wants changes which instructions it ran: locals, markers and machine ones. */
class ExecutedPcsTest {
    @Test
    void aStepReportsItsInstructionsButNotTheOneThatEndsIt() throws CompileException {
        Scenario sc = Session.withStdlib().frontend().compile(new SourceFile("t.mmun", """
                page A at 0x1000 = 0
                cpu T { x = 1; write(A, x); y = 2; atomic { r = read(A); write(A, 3) }; z = 4 }
                """));
        Semantics sem = new Semantics(sc.program());
        List<List<Integer>> steps = new ArrayList<>();
        Sink sink = new Sink() {
            @Override
            public void violation(Violation v) {
            }

            @Override
            public boolean wantsChanges() {
                return true;
            }

            @Override
            public void executed(int pc) {
                steps.get(steps.size() - 1).add(pc);
            }
        };
        State s = sem.initial();
        do {
            steps.add(new ArrayList<>());
            s = sem.step(s, 0, sink);
        } while (s != null);
        // x = 1 (0), write (1), y = 2 (2); then atomic (3), read (4), write (5), end (6), z = 4 (7)
        assertEquals(List.of(0, 1, 2), steps.get(0));
        assertEquals(List.of(3, 4, 5, 6, 7), steps.get(1));
    }
}
