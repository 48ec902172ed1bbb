package dev.mmun.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The REPL's loops: with a line editor on a terminal, or plain lines from a stream (a pipe, a
 * file, CI), which are echoed after the prompt so that the output reads as a transcript.
 */
public final class Repl {
    public static final String PROMPT = "mmun> ";
    public static final String MORE = "  ..> ";

    private Repl() {
    }

    /** Reads lines until the end of the input or :quit; a block may span lines. */
    public static void plain(ReplSession session, BufferedReader in, PrintWriter out) throws IOException {
        StringBuilder input = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            out.println((input.length() == 0 ? PROMPT : MORE) + line);
            if (input.length() > 0) {
                input.append('\n');
            }
            input.append(line);
            if (ReplSession.incomplete(input.toString())) {
                continue;
            }
            String text = input.toString();
            input.setLength(0);
            if (!session.handle(text)) {
                return;
            }
        }
        if (input.length() > 0) {
            session.handle(input.toString());
        }
        out.flush();
    }

    /**
     * The line editor: multi-line input decided by the parser, completion, highlighting, history
     * in a file. Ctrl-C drops the line being typed, or stops a running :check or :run; Ctrl-D leaves.
     * A file to load first may be given (null for none).
     */
    public static void interactive(ReplSession session, Terminal terminal, Path history, String load) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("mmun")
                .parser(new ReplLineParser())
                .completer(new ReplCompleter(session))
                .highlighter(new ReplHighlighter(session))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, MORE)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .option(LineReader.Option.COMPLETE_MATCHER_TYPO, false)
                .build();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> session.cancel());
        PrintWriter out = terminal.writer();
        out.println("mmun repl: a live machine for Documentation/mm/mmu_notifier.rst. :help for help, Ctrl-D to leave.");
        if (load != null) {
            session.handle(":load " + load);
        }
        out.flush();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!session.handle(line)) {
                    break;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println("mmun: cannot save the history to " + history + ": " + e.getMessage());
            }
            out.flush();
        }
    }

    /** ~/.mmun_history, unless the mmun.history property or MMUN_HISTORY says otherwise. */
    public static Path historyFile() {
        String p = System.getProperty("mmun.history");
        if (p == null || p.isEmpty()) {
            p = System.getenv("MMUN_HISTORY");
        }
        return p == null || p.isEmpty() ? Path.of(System.getProperty("user.home"), ".mmun_history") : Path.of(p);
    }
}
