package dev.mmun.session;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges the files of a suite, up to {@code jobs} at a time, each in its own mode, and hands the
 * results back in the order of the files whatever order they finish in.
 *
 * <p>The time limit is a wall-clock guard: each file runs on a thread of its own, and when the limit
 * passes the file is reported inconclusive, its thread is interrupted and its slot is given to the
 * next file, so one runaway search cannot hang the suite. A search that does not stop when
 * interrupted goes on in the background (a daemon thread) until it ends or the process does.
 */
public final class SuiteRunner {
    /** A line {@code // mmun-test: skip REASON} marks a file that `mmun test` does not run. */
    public static final Pattern SKIP = Pattern.compile("(?m)^[ \\t]*//[ \\t]*mmun-test:[ \\t]*skip\\b[ \\t]*(.*?)[ \\t]*$");
    private static final long STACK = 8L << 20;

    private final Session session;
    private final int jobs;
    private final Duration timeout;
    private final InputStream stdin;

    /** @param timeout the wall time one file may take, or null for none */
    public SuiteRunner(Session session, int jobs, Duration timeout) {
        this(session, jobs, timeout, InputStream.nullInputStream());
    }

    /** @param stdin what the file {@code -} reads */
    public SuiteRunner(Session session, int jobs, Duration timeout, InputStream stdin) {
        this.session = session;
        this.jobs = Math.max(1, jobs);
        this.timeout = timeout;
        this.stdin = stdin;
    }

    /** Judges every file; calls {@code inOrder} on this thread with each result, in file order. */
    public List<SuiteResult> run(List<String> files, Consumer<SuiteResult> inOrder) {
        List<CompletableFuture<SuiteResult>> futures = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            futures.add(new CompletableFuture<>());
        }
        Semaphore slots = new Semaphore(jobs);
        ScheduledExecutorService watchdog = timeout == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mmun-test-watchdog");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean stopped = new AtomicBoolean();
        Map<Integer, Thread> running = new ConcurrentHashMap<>();
        Thread dispatcher = new Thread(() -> {
            for (int i = 0; i < files.size() && !stopped.get(); i++) {
                slots.acquireUninterruptibly();
                CompletableFuture<SuiteResult> f = futures.get(i);
                int index = i;
                f.whenComplete((r, e) -> {
                    running.remove(index);
                    slots.release();
                });
                if (!stopped.get()) {
                    running.put(i, start(files.get(i), f, watchdog));
                }
            }
        }, "mmun-test-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
        List<SuiteResult> out = new ArrayList<>();
        try {
            for (int i = 0; i < futures.size(); i++) {
                SuiteResult r;
                try {
                    r = futures.get(i).get();
                } catch (InterruptedException e) {
                    // Ctrl-C: no file is started any more, those not finished are reported as such
                    // (so the JUnit and TAP reports stay whole), and their searches are stopped
                    stopped.set(true);
                    Thread.currentThread().interrupt();
                    for (int j = i; j < futures.size(); j++) {
                        futures.get(j).complete(inconclusive(files.get(j), null, 0, "interrupted (Ctrl-C) before it was judged"));
                    }
                    running.values().forEach(Thread::interrupt);
                    r = futures.get(i).join();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a suite worker failed", e.getCause());
                }
                out.add(r);
                inOrder.accept(r);
            }
        } finally {
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
        }
        return out;
    }

    private Thread start(String file, CompletableFuture<SuiteResult> result, ScheduledExecutorService watchdog) {
        AtomicReference<Session.Compiled> compiled = new AtomicReference<>();
        long t0 = System.nanoTime();
        Thread worker = new Thread(null, () -> {
            SuiteResult r;
            try {
                r = judge(file, compiled, t0);
            } catch (OutOfMemoryError e) {
                r = outOfMemory(file, compiled.get(), t0);
            } catch (RuntimeException | StackOverflowError e) {
                r = SuiteResult.judged(file, Outcome.error(file, List.of(Diagnostic.error(Span.none(file),
                        "internal error: " + e + " -- this is a bug in mmun; please report it with the script")),
                        Judge.INTERNAL), null, System.nanoTime() - t0);
            }
            result.complete(r);
        }, "mmun-test " + file, STACK);
        worker.setDaemon(true);
        if (watchdog != null) {
            watchdog.schedule(() -> {
                if (result.complete(timedOut(file, compiled.get(), System.nanoTime() - t0))) {
                    worker.interrupt();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        worker.start();
        return worker;
    }

    private SuiteResult judge(String file, AtomicReference<Session.Compiled> compiled, long t0) {
        Sources.Loaded loaded = Sources.load(file, stdin);
        if (loaded.source() == null) {
            return SuiteResult.judged(file, Outcome.error(file, List.of(loaded.problem()), loaded.exitCode()), null,
                    System.nanoTime() - t0);
        }
        SourceFile src = loaded.source();
        // the pattern (multi-line, on every line) only where its words are: most files have none
        Matcher skip = src.text().contains("mmun-test:") ? SKIP.matcher(src.text()) : null;
        if (skip != null && skip.find()) {
            return SuiteResult.skipped(file, src, skip.group(1).isEmpty() ? "marked skip" : skip.group(1));
        }
        Session.Compiled c = session.compile(src);
        compiled.set(c);
        Outcome o = c.scenario() == null ? c.failure() : Session.guarded(file, () -> session.judge(c.scenario()));
        return SuiteResult.judged(file, o, src, System.nanoTime() - t0);
    }

    private SuiteResult timedOut(String file, Session.Compiled c, long nanos) {
        return inconclusive(file, c, nanos, "the time limit of " + Durations.show(timeout) + " was hit (--timeout)");
    }

    private SuiteResult outOfMemory(String file, Session.Compiled c, long t0) {
        return inconclusive(file, c, System.nanoTime() - t0,
                "out of memory: lower --jobs, or give java more with MMUN_JAVA_OPTS=-Xmx...");
    }

    private static SuiteResult inconclusive(String file, Session.Compiled c, long nanos, String why) {
        var sc = c == null ? null : c.scenario();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("time_ms", nanos / 1_000_000);
        Outcome o = Outcome.of(file, sc, sc == null ? null : sc.effectiveMode()).verdict(Verdict.INCONCLUSIVE)
                .expected(sc == null ? null : sc.expected(), false).notes(List.of(why)).stats(stats)
                .exitCode(Judge.INCONCLUSIVE).build();
        return SuiteResult.judged(file, o, c == null ? null : c.source(), nanos);
    }
}
