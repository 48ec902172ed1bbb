package dev.mmun.fuzz;

import dev.mmun.cli.MmunCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fuzz campaign: each input goes through the command line in-process, `run` and `check` with
 * small bounds, and must end with a documented exit code, with no stack trace, within a time bound
 * proportional to its size. Failing inputs are minimised (lines, then tokens) and written out.
 *
 *   usage (bench/fuzz.sh): Fuzz N SEED [OUTDIR]
 */
public final class Fuzz {
    /** The exit codes of the README's table that an in-process run can give (130 needs a signal). */
    static final Set<Integer> DOCUMENTED = Set.of(0, 1, 3, 64, 65, 66);

    private Fuzz() {
    }

    /** What one input did under one command. */
    record Verdict(String command, int exit, long millis, String problem) {
        boolean failed() {
            return problem != null;
        }
    }

    /** Wall-time bound of one command on an input of n bytes: 3 s, plus 50 µs a byte (a loaded machine). */
    static long boundMillis(int n) {
        return 3_000 + n / 20;
    }

    static List<String[]> commands(Path file) {
        return List.of(new String[] {"run", "--max-steps", "20000", "--color", "never", file.toString()},
                new String[] {"check", "--max-states", "3000", "--timeout", "2s", "--workers", "1", "--color", "never", file.toString()});
    }

    /** Runs input through each command; the first failing verdict, or the last one. */
    static List<Verdict> judge(byte[] input, Path dir) throws IOException {
        Path f = dir.resolve("input.mmun");
        Files.write(f, input);
        List<Verdict> out = new ArrayList<>();
        for (String[] args : commands(f)) {
            out.add(one(args, input.length));
        }
        return out;
    }

    private static Verdict one(String[] args, int size) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        FutureTask<Integer> task = new FutureTask<>(() -> MmunCommand.execute(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8)));
        Thread t = new Thread(task, "fuzz-input");
        t.setDaemon(true);
        long bound = boundMillis(size);
        long t0 = System.nanoTime();
        t.start();
        int exit;
        try {
            exit = task.get(bound * 5, TimeUnit.MILLISECONDS);
        } catch (TimeoutException x) {
            t.interrupt();
            return new Verdict(args[0], -1, (System.nanoTime() - t0) / 1_000_000, "hang: no end after " + bound * 5 + " ms");
        } catch (ExecutionException x) {
            return new Verdict(args[0], -1, (System.nanoTime() - t0) / 1_000_000, "threw " + x.getCause());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return new Verdict(args[0], -1, 0, "interrupted");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String text = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        String problem = null;
        if (!DOCUMENTED.contains(exit)) {
            problem = "exit " + exit;
        } else if (text.contains("\tat ") || text.contains("Exception in thread")) {
            problem = "stack trace";
        } else if (ms > bound) {
            problem = "slow: " + ms + " ms > " + bound + " ms";
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

        @Override
        public String toString() {
            return "inputs: " + inputs + " (" + bytes + " bytes)\nexit codes: " + exits + "\ncrashes: " + crashes.size()
                    + "\nslow inputs: " + slow.size() + "\nslowest command: " + maxMillis + " ms\n"
                    + String.join("\n", crashes) + (crashes.isEmpty() ? "" : "\n") + String.join("\n", slow);
        }
    }

    /** n inputs from seed; failing ones minimised into outDir (if not null). */
    static Tally campaign(int n, long seed, Path outDir, PrintStream progress) throws IOException {
        Path dir = Files.createTempDirectory("mmun-fuzz");
        Inputs gen = new Inputs(seed, Inputs.samples(Inputs.root()));
        Tally t = new Tally();
        for (int i = 0; i < n; i++) {
            byte[] in = gen.next();
            t.inputs++;
            t.bytes += in.length;
            List<Verdict> vs = judge(in, dir);
            for (Verdict v : vs) {
                t.exits.merge(v.command() + ":" + v.exit(), 1, Integer::sum);
                t.maxMillis = Math.max(t.maxMillis, v.millis());
            }
            Verdict bad = firstFailure(vs);
            if (bad != null) {
                String what = "input " + i + " (" + in.length + " bytes): " + bad.command() + ": " + bad.problem();
                (bad.problem().startsWith("slow") || bad.problem().startsWith("hang") ? t.slow : t.crashes).add(what);
                if (progress != null) {
                    progress.println(what);
                }
                if (outDir != null) {
                    Files.createDirectories(outDir);
                    Files.write(outDir.resolve("seed" + seed + "-" + i + ".mmun"), minimise(in, dir));
                }
            }
            if (progress != null && (i + 1) % 500 == 0) {
                progress.println((i + 1) + " inputs, " + t.crashes.size() + " crashes, " + t.slow.size() + " slow");
            }
        }
        return t;
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Path out = args.length > 2 ? Path.of(args[2]) : Path.of("fuzz-found");
        long t0 = System.nanoTime();
        Tally t = campaign(n, seed, out, System.err);
        System.out.println("seed: " + seed);
        System.out.print(t);
        System.out.printf("%ntime: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.exit(t.crashes.isEmpty() && t.slow.isEmpty() ? 0 : 1);
    }
}
