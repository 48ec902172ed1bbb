package dev.mmun.cli;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.Severity;
import dev.mmun.diag.Span;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code check --timeout} bounds the whole file, reading and compiling included, not only the
 * search: the front end runs on a thread of its own, and when the limit passes first the file is
 * inconclusive (exit 3). The front end has bounds of its own (nesting, instructions, lowering
 * work), so this is a guard, not the usual way a file ends.
 */
final class Bounded {
    private static final long STACK = 8L << 20;

    /**
     * The front end's threads, kept for a while after use: a thread per file was a good part of a
     * small file's cost under {@code mmun test --timeout} and the fuzzer. A thread still busy with a
     * file whose time ran out stays busy (interrupted) and the next file gets another.
     */
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(null, r, "mmun-compile", STACK);
                t.setDaemon(true);
                return t;
            });

    private Bounded() {
    }

    /** The compiled file, or an inconclusive outcome when millis (more than 0) passed first. */
    static Session.Compiled compile(Session session, String file, InputStream in, long millis) {
        if (millis <= 0) {
            return session.compile(file, in);
        }
        Future<Session.Compiled> task = THREADS.submit(() -> session.compile(file, in));
        try {
            return task.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // the limit passed first: below
        }
        task.cancel(true);
        String why = Thread.currentThread().isInterrupted() ? "interrupted (Ctrl-C) while reading the script"
                : "the time limit (--timeout) was hit while reading the script";
        return new Session.Compiled(null, Outcome.error(file, List.of(new Diagnostic(Severity.WARNING, Span.none(file), why)),
                Judge.INCONCLUSIVE), null);
    }
}
