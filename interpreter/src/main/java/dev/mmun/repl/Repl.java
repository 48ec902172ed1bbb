package dev.mmun.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
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
        LineReader reader = lineReader(session, terminal, history);
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

    /**
     * The line editor's reader: JLine's, with its redraws skipped while keys are waiting
     * (TypeaheadLineReader), so that a long line pasted as keys costs its length, not its square.
     */
    static LineReader lineReader(ReplSession session, Terminal terminal, Path history) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(LineReader.HISTORY_FILE, history);
        variables.put(LineReader.SECONDARY_PROMPT_PATTERN, MORE);
        LineReaderImpl reader = new TypeaheadLineReader(terminal, "mmun", variables);
        reader.setHistory(new DefaultHistory());
        reader.setParser(new ReplLineParser());
        reader.setCompleter(new ReplCompleter(session));
        reader.setHighlighter(new ReplHighlighter(session));
        reader.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        reader.option(LineReader.Option.INSERT_TAB, false);
        reader.option(LineReader.Option.COMPLETE_MATCHER_TYPO, false);
        return reader;
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
