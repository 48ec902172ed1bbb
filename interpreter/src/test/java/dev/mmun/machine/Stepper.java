package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mmun.diag.SourceFile;
import dev.mmun.lower.Frontend;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine compiled from a script, stepped by thread name, for tests that walk one schedule by
 * hand and look at the state between steps. S is the test's own subclass, so that its chains
 * (m.step("T").steps("U", 3).itsOwnCheck()) keep its type.
 */
abstract class Stepper<S extends Stepper<S>> {
    final Program p;
    final Semantics sem;
    State s;
    final List<Violation> violations = new ArrayList<>();

    Stepper(String text) throws Exception {
        p = new Frontend(List.of()).compile(new SourceFile("t.mmun", text)).program();
        sem = new Semantics(p);
        s = sem.initial();
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    int thread(String name) {
        for (int t = 0; t < p.threads().size(); t++) {
            if (p.threads().get(t).name().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no thread " + name);
    }

    int device(String name) {
        for (int d = 0; d < p.devices().size(); d++) {
            if (p.devices().get(d).name().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no device " + name);
    }

    S step(String thread) {
        State n = sem.step(s, thread(thread), violations::add);
        assertNotNull(n, thread + "'s step should be enabled");
        s = n;
        return self();
    }

    S steps(String thread, int k) {
        for (int i = 0; i < k; i++) {
            step(thread);
        }
        return self();
    }

    /** Steps thread to its end. */
    S run(String thread) {
        int t = thread(thread);
        while (!sem.finished(s.raw(), t)) {
            step(thread);
        }
        return self();
    }

    boolean blocked(String thread) {
        return sem.step(s, thread(thread), Sink.IGNORE) == null;
    }

    int local(String thread, String name) {
        int t = thread(thread);
        int i = p.threads().get(t).locals().indexOf(name);
        return s.get(p.localBase(t) + i);
    }

    int entry(String device, int page) {
        return s.get(p.devTlb(device(device), page));
    }
}
