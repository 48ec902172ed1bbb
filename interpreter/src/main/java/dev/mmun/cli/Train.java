package dev.mmun.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data-sharing archive (see ./mmun): one JVM that goes
 * through what users start most (the full command tree, {@code run} and {@code check} of two
 * samples in text and JSON, {@code test} of the samples in every format), so that the archive made at its
 * exit holds those classes. Output is thrown away; it never fails.
 *
 * <p>usage: {@code java -XX:ArchiveClassesAtExit=mmun.jsa -cp mmun.jar dev.mmun.cli.Train SAMPLES_DIR}
 */
public final class Train {
    private Train() {
    }

    /** One command of the training run: its arguments, and its exit code or what it threw (null if nothing). */
    record Ran(List<String> args, int exit, Throwable thrown) {}

    public static void main(String[] args) throws Exception {
        // what each command came to does not matter here: a training run that fails only makes a smaller archive
        train(Path.of(args.length > 0 ? args[0] : "samples/doc"));
    }

    /** The training run over the samples in dir; what each command came to, for the tests. */
    static List<Ran> train(Path dir) throws Exception {
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(Path::toString).filter(f -> f.endsWith(".mmun")).sorted().forEach(files::add);
            }
        }
        List<Ran> ran = new ArrayList<>();
        ran.add(run("--help"));
        ran.add(run("--version"));
        for (String f : files.subList(0, Math.min(2, files.size()))) {
            ran.add(run("run", "--color", "never", f));
            ran.add(run("run", "--format", "json", f));
            ran.add(run("check", "--color", "never", f));
            ran.add(run("check", "--format", "json", f));
        }
        for (String format : List.of("text", "junit")) {
            ran.add(run("test", "--jobs", "1", "--color", "never", "--format", format, dir.toString()));
        }
        return ran;
    }

    private static Ran run(String... args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true);
        try {
            return new Ran(List.of(args), MmunCommand.execute(args, new ByteArrayInputStream(new byte[0]), nowhere, nowhere), null);
        } catch (RuntimeException | Error e) {
            return new Ran(List.of(args), -1, e);
        }
    }
}
