package dev.mmun.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The progress line of a long search, on stderr when it is a terminal, rewritten in place. */
final class Progress {
    private final PrintWriter err;
    private boolean shown;

    private Progress(PrintWriter err) {
        this.err = err;
    }

    /**
     * A progress line for err, or null when stderr is not a terminal. {@code -Dmmun.progress=always}
     * shows it on any stderr: the tests and bench/robust.sh wait for it as the sign that a search is
     * under way, instead of guessing how long the JVM takes to start on a loaded machine.
     */
    static Progress onTerminal(PrintWriter err) {
        return stderrIsTerminal() || "always".equals(System.getProperty("mmun.progress")) ? new Progress(err) : null;
    }

    private static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    synchronized void update(long states, long transitions, int depth, long queue, long millis) {
        long rate = millis <= 0 ? 0 : states * 1000 / millis;
        err.print("\rmmun check: " + states + " states, " + rate + " states/s, depth " + depth + ", queue " + queue
                + ", " + millis / 1000 + " s\u001b[K");
        err.flush();
        shown = true;
    }

    synchronized void clear() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
