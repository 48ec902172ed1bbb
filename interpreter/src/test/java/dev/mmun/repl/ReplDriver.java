package dev.mmun.repl;

import dev.mmun.cli.MmunCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs `mmun ARGS` on byte streams, as a pipe or a file on stdin would. */
final class ReplDriver {
    record Result(int exit, String out, String err) {}

    private ReplDriver() {
    }

    /** The part of a transcript from the first {@code from} to the next {@code to} (or the end). */
    static String section(String out, String from, String to) {
        int a = out.indexOf(from);
        int b = to == null ? out.length() : out.indexOf(to, a + from.length());
        if (a < 0 || b < 0) {
            throw new AssertionError("no section " + from + " in:\n" + out);
        }
        return out.substring(a, b);
    }

    static Result mmun(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MmunCommand.execute(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A path under the project root, for the samples. */
    static Path root(String path) {
        return Path.of(System.getProperty("mmun.root", "..")).resolve(path);
    }
}
