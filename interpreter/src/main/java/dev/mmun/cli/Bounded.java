package dev.mmun.cli;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.Severity;
import dev.mmun.diag.Span;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.io.InputStream;
import java.util.List;

/**
 * {@code check --timeout} bounds the whole file, reading and compiling included, not only the
 * search: the front end runs on a thread of its own, and when the limit passes first the file is
 * inconclusive (exit 3). The front end has bounds of its own (nesting, instructions, lowering
 * work), so this is a guard, not the usual way a file ends.
 */
final class Bounded {
    private static final long STACK = 8L << 20;

    private Bounded() {
    }

    /** The compiled file, or an inconclusive outcome when millis (more than 0) passed first. */
    static Session.Compiled compile(Session session, String file, InputStream in, long millis) {
        if (millis <= 0) {
            return session.compile(file, in);
        }
        Session.Compiled[] done = new Session.Compiled[1];
        RuntimeException[] failed = new RuntimeException[1];
        Thread t = new Thread(null, () -> {
            try {
                done[0] = session.compile(file, in);
            } catch (RuntimeException e) {
                failed[0] = e;
            }
        }, "mmun-compile", STACK);
        t.setDaemon(true);
        t.start();
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            t.interrupt();
            String why = Thread.currentThread().isInterrupted() ? "interrupted (Ctrl-C) while reading the script"
                    : "the time limit (--timeout) was hit while reading the script";
            return new Session.Compiled(null, Outcome.error(file, List.of(new Diagnostic(Severity.WARNING, Span.none(file), why)),
                    Judge.INCONCLUSIVE), null);
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return done[0];
    }
}
