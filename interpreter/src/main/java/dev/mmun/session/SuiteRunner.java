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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>The files run on worker threads with a large stack (deep scripts recurse), kept for the next
 * file rather than made per file: a thread per file cost a small file's suite about a third of its
 * time (the 8 MB stack mapped and unmapped, the JDK's per-thread caches built again each time).
 *
 * <p>The time limit is a wall-clock guard: when it passes the file is reported inconclusive, its
 * worker is interrupted and its slot is given to the next file, which a new worker takes if none
 * is free, so one runaway search cannot hang the suite. A search that does not stop when
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
        Map<Integer, Job> running = new ConcurrentHashMap<>();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "mmun-test-worker", STACK);
            t.setDaemon(true);
            return t;
        });
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
                    running.put(i, start(files.get(i), f, watchdog, workers));
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
                    running.values().forEach(Job::interrupt);
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
            // idle workers end now; a runaway search goes on in its daemon thread, as before
            workers.shutdown();
        }
        return out;
    }

    /**
     * One file on a worker: the worker it runs on while it runs, so that a time limit or Ctrl-C
     * interrupts that file and never the next one the same worker takes.
     */
    private static final class Job {
        private Thread worker;
        private boolean done;
        private boolean stopped;

        /** The file starts on this worker; false when it was stopped before it could start. */
        synchronized boolean begin(String file) {
            if (stopped) {
                return false;
            }
            worker = Thread.currentThread();
            worker.setName("mmun-test " + file);
            return true;
        }

        /** The file is over: no interrupt reaches the worker after this, and none is left pending. */
        void end() {
            synchronized (this) {
                worker = null;
                done = true;
            }
            Thread.interrupted();
        }

        synchronized void interrupt() {
            stopped = true;
            if (worker != null && !done) {
                worker.interrupt();
            }
        }
    }

    private Job start(String file, CompletableFuture<SuiteResult> result, ScheduledExecutorService watchdog, ExecutorService workers) {
        AtomicReference<Session.Compiled> compiled = new AtomicReference<>();
        long t0 = System.nanoTime();
        Job job = new Job();
        if (watchdog != null) {
            watchdog.schedule(() -> {
                if (result.complete(timedOut(file, compiled.get(), System.nanoTime() - t0))) {
                    job.interrupt();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        Runnable work = () -> {
            if (!job.begin(file)) {
                return;
            }
            SuiteResult r;
            try {
                r = judge(file, compiled, t0);
            } catch (OutOfMemoryError e) {
                r = outOfMemory(file, compiled.get(), t0);
            } catch (RuntimeException | StackOverflowError e) {
                r = SuiteResult.judged(file, Outcome.error(file, List.of(Diagnostic.error(Span.none(file),
                        "internal error: " + e + " -- this is a bug in mmun; please report it with the script")),
                        Judge.INTERNAL), null, System.nanoTime() - t0);
            } finally {
                job.end();
            }
            result.complete(r);
        };
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            // Ctrl-C came as this file was handed over: the suite is over, the file was reported as not judged
            result.complete(inconclusive(file, null, 0, "interrupted (Ctrl-C) before it was judged"));
        }
        return job;
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
                "out of memory: lower --jobs, or give java more with JDK_JAVA_OPTIONS=-Xmx...");
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
