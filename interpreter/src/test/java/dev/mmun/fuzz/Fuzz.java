package dev.mmun.fuzz;

import dev.mmun.cli.MmunCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The fuzz campaign: each input goes through the command line in-process, `run` and `check` with
 * small bounds, and must end with a documented exit code, with no stack trace, within a time bound
 * proportional to its size. Failing inputs are minimised (lines, then tokens) and written out.
 *
 *   usage (bench/fuzz.sh): Fuzz N SEED [OUTDIR [JOBS]]
 */
public final class Fuzz {
    /** The exit codes of the README's table that an in-process run can give (130 needs a signal). */
    static final Set<Integer> DOCUMENTED = Set.of(0, 1, 3, 64, 65, 66);

    private Fuzz() {
    }

    /** What one input did under one command; millis is the CPU time the process spent on it. */
    record Verdict(String command, int exit, long millis, String problem) {
        boolean failed() {
            return problem != null;
        }
    }

    /**
     * The bound of one command on an input of n bytes, in CPU milliseconds of the process: 3 s, plus
     * 50 µs a byte. CPU time, not wall time: on a machine shared with other work the wall time of the
     * same input varies tenfold, its CPU time hardly (the JIT's and the collector's threads count too,
     * which the 3 s cover).
     */
    static long boundMillis(int n) {
        return 3_000 + n / 20;
    }

    static List<String[]> commands(Path file) {
        return List.of(new String[] {"run", "--max-steps", "20000", "--color", "never", file.toString()},
                new String[] {"check", "--max-states", "3000", "--timeout", "2s", "--workers", "1", "--color", "never", file.toString()});
    }

    /**
     * Runs input through each command. A script `run` rejects (exit 65) went through the same front
     * end `check` would use, so `check` runs on one in {@link #RECHECK} of those only (chosen by the
     * input's hash, so the same input is judged the same way every time); all = true runs it always.
     */
    static List<Verdict> judge(byte[] input, Path dir, boolean all) throws IOException {
        Path f = dir.resolve("input.mmun");
        Files.write(f, input);
        List<Verdict> out = new ArrayList<>();
        for (String[] args : commands(f)) {
            if (!all && !out.isEmpty() && out.get(0).exit() == 65 && Math.floorMod(Arrays.hashCode(input), RECHECK) != 0) {
                break;
            }
            out.add(one(args, input.length));
        }
        return out;
    }

    static List<Verdict> judge(byte[] input, Path dir) throws IOException {
        return judge(input, dir, false);
    }

    /** See {@link #judge}. */
    static final int RECHECK = 8;

    /**
     * The thread the commands of a campaign's worker run on, kept from one input to the next (a
     * thread per command was a good part of a small input's cost); replaced after a hang, the old
     * one left interrupted.
     */
    private static final ThreadLocal<ExecutorService> RUNNER = ThreadLocal.withInitial(Fuzz::newRunner);

    /**
     * Workers judge under the read lock; a verdict over its bound is judged again under the write
     * lock, alone, before it counts: with several workers the process's CPU time is theirs together.
     */
    private static final ReentrantReadWriteLock ALONE = new ReentrantReadWriteLock();

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Verdict one(String[] args, int size) {
        ALONE.readLock().lock();
        Verdict v;
        try {
            v = measured(args, size);
        } finally {
            ALONE.readLock().unlock();
        }
        if (v.problem() == null || !(v.problem().startsWith("slow") || v.problem().startsWith("hang"))) {
            return v;
        }
        ALONE.writeLock().lock();
        try {
            return measured(args, size);
        } finally {
            ALONE.writeLock().unlock();
        }
    }

    private static Verdict measured(String[] args, int size) {
        ExecutorService runner = RUNNER.get();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        long bound = boundMillis(size);
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        Future<Integer> task = runner.submit(() -> MmunCommand.execute(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8)));
        int exit;
        try {
            // a hang: past 5 bounds of wall time and a bound of CPU time, or past 20 bounds of wall
            // time whatever the CPU (blocked); a loaded machine stretches the wall time alone
            while (true) {
                try {
                    exit = task.get(bound, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException x) {
                    long wall = (System.nanoTime() - t0) / 1_000_000;
                    long cpu = (cpuNanos() - c0) / 1_000_000;
                    if (wall >= 5 * bound && cpu > bound || wall >= 20 * bound) {
                        task.cancel(true);
                        runner.shutdownNow();
                        RUNNER.set(newRunner());
                        return new Verdict(args[0], -1, cpu, "hang: no end after " + wall + " ms (" + cpu + " ms CPU)");
                    }
                }
            }
        } catch (ExecutionException x) {
            return new Verdict(args[0], -1, (cpuNanos() - c0) / 1_000_000, "threw " + x.getCause());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return new Verdict(args[0], -1, 0, "interrupted");
        }
        long ms = (cpuNanos() - c0) / 1_000_000;
        String text = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        String problem = null;
        if (!DOCUMENTED.contains(exit)) {
            problem = "exit " + exit;
        } else if (text.contains("\tat ") || text.contains("Exception in thread")) {
            problem = "stack trace";
        } else if (ms > bound) {
            problem = "slow: " + ms + " ms CPU > " + bound + " ms";
        }
        return new Verdict(args[0], exit, ms, problem);
    }

    static Verdict firstFailure(List<Verdict> vs) {
        return vs.stream().filter(Verdict::failed).findFirst().orElse(null);
    }

    /** Drops lines, then tokens, while the input still fails the same way (crash, or slow). */
    static byte[] minimise(byte[] input, Path dir) throws IOException {
        String kind = kind(firstFailure(judge(input, dir)));
        if (kind == null) {
            return input;
        }
        String s = new String(input, StandardCharsets.UTF_8);
        if (!kind.equals(kind(firstFailure(judge(s.getBytes(StandardCharsets.UTF_8), dir))))) {
            return input; // not valid UTF-8 in a way that matters: keep the bytes
        }
        List<String> lines = new ArrayList<>(List.of(s.split("(?<=\n)")));
        s = shrink(lines, kind, dir);
        return shrink(Inputs.tokens(s), kind, dir).getBytes(StandardCharsets.UTF_8);
    }

    private static String shrink(List<String> parts, String kind, Path dir) throws IOException {
        for (int chunk = Math.max(1, parts.size() / 2); chunk >= 1; chunk /= 2) {
            for (int i = 0; i + chunk <= parts.size(); ) {
                List<String> tried = new ArrayList<>(parts.subList(0, i));
                tried.addAll(parts.subList(i + chunk, parts.size()));
                if (kind.equals(kind(firstFailure(judge(String.join("", tried).getBytes(StandardCharsets.UTF_8), dir))))) {
                    parts = tried;
                } else {
                    i += chunk;
                }
            }
        }
        return String.join("", parts);
    }

    private static String kind(Verdict v) {
        return v == null ? null : v.command() + " " + (v.problem().startsWith("slow") || v.problem().startsWith("hang") ? "slow" : v.problem());
    }

    /** The counts of a campaign. */
    static final class Tally {
        int inputs;
        long bytes;
        final Map<String, Integer> exits = new TreeMap<>();
        final List<String> crashes = new ArrayList<>();
        final List<String> slow = new ArrayList<>();
        long maxMillis;

        int exits70() {
            return exits.entrySet().stream().filter(e -> e.getKey().endsWith(":70")).mapToInt(Map.Entry::getValue).sum();
        }

        @Override
        public String toString() {
            return "inputs: " + inputs + " (" + bytes + " bytes)\nexit codes: " + exits + "\ncrashes: " + crashes.size() + "\nexit 70: " + exits70()
                    + "\nslow inputs: " + slow.size() + "\nslowest command: " + maxMillis + " ms CPU\n"
                    + String.join("\n", crashes) + (crashes.isEmpty() ? "" : "\n") + String.join("\n", slow);
        }
    }

    /** n inputs from seed on one worker; failing ones minimised into outDir (if not null). */
    static Tally campaign(int n, long seed, Path outDir, PrintStream progress) throws IOException {
        return campaign(n, seed, outDir, progress, 1);
    }

    /**
     * n inputs from seed judged by jobs workers at once (the inputs are the same whatever jobs is:
     * one generator hands them out in order); failing ones minimised into outDir (if not null).
     */
    static Tally campaign(int n, long seed, Path outDir, PrintStream progress, int jobs) throws IOException {
        Inputs gen = new Inputs(seed, Inputs.samples(Inputs.root()));
        Tally t = new Tally();
        long start = System.nanoTime();
        int[] next = {0};
        List<Thread> workers = new ArrayList<>();
        IOException[] failed = new IOException[1];
        for (int w = 0; w < jobs; w++) {
            Path dir = Files.createTempDirectory("mmun-fuzz");
            Thread th = new Thread(() -> {
                try {
                    while (true) {
                        int i;
                        byte[] in;
                        synchronized (gen) {
                            if (next[0] >= n || failed[0] != null) {
                                return;
                            }
                            i = next[0]++;
                            in = gen.next();
                        }
                        List<Verdict> vs = judge(in, dir);
                        Verdict bad = firstFailure(vs);
                        byte[] small = bad != null && outDir != null ? minimise(in, dir) : null;
                        synchronized (t) {
                            count(t, i, in, vs, bad, progress, start);
                            if (small != null) {
                                Files.createDirectories(outDir);
                                Files.write(outDir.resolve("seed" + seed + "-" + i + ".mmun"), small);
                            }
                        }
                    }
                } catch (IOException e) {
                    synchronized (gen) {
                        failed[0] = e;
                    }
                }
            }, "fuzz-worker-" + w);
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return t;
    }

    private static void count(Tally t, int i, byte[] in, List<Verdict> vs, Verdict bad, PrintStream progress, long start) {
        t.inputs++;
        t.bytes += in.length;
        for (Verdict v : vs) {
            t.exits.merge(v.command() + ":" + v.exit(), 1, Integer::sum);
            t.maxMillis = Math.max(t.maxMillis, v.millis());
        }
        if (bad != null) {
            String what = "input " + i + " (" + in.length + " bytes): " + bad.command() + ": " + bad.problem();
            (bad.problem().startsWith("slow") || bad.problem().startsWith("hang") ? t.slow : t.crashes).add(what);
            if (progress != null) {
                progress.println(what);
            }
        }
        if (progress != null && t.inputs % 1000 == 0) {
            // running counts, so that a campaign stopped early still tells what it saw
            progress.printf("%d inputs in %.0f s: %d crashes, %d exit 70, %d slow; slowest %d ms CPU; %s%n", t.inputs,
                    (System.nanoTime() - start) / 1e9, t.crashes.size(), t.exits70(), t.slow.size(), t.maxMillis, t.exits);
            progress.flush();
        }
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Path out = args.length > 2 ? Path.of(args[2]) : Path.of("fuzz-found");
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        long t0 = System.nanoTime();
        Tally t = campaign(n, seed, out, System.err, jobs);
        System.out.println("seed: " + seed + ", jobs: " + jobs);
        System.out.print(t);
        System.out.printf("%ntime: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.exit(t.crashes.isEmpty() && t.slow.isEmpty() ? 0 : 1);
    }
}
