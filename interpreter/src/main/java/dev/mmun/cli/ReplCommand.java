package dev.mmun.cli;

import dev.mmun.explore.ModelChecker;
import dev.mmun.repl.Repl;
import dev.mmun.repl.ReplSession;
import dev.mmun.report.Style;
import dev.mmun.session.Judge;
import dev.mmun.session.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmun repl [FILE]}: a live machine, with a line editor on a terminal and plain lines otherwise. */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"A live machine to poke at, statement by statement.",
                "Declarations take effect at once; statements run as steps and print what they",
                "changed and any rule they broke. FILE is loaded first, its threads ready to step.",
                "On a terminal: line editing, completion, history in ~/.mmun_history (or",
                "$MMUN_HISTORY). Otherwise stdin is read line by line, with plain output.",
                ":help inside lists the commands."})
public final class ReplCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a .mmun script to load first")
    String file;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never; auto honours NO_COLOR and needs a terminal")
    OutputOptions.Color color = OutputOptions.Color.auto;

    @Option(names = "--plain", description = "read stdin line by line without the line editor, even on a terminal")
    boolean plain;

    private final Io io;

    ReplCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if ("-".equals(file)) {
            io.err().println("mmun repl: the REPL reads its commands from stdin, so FILE cannot be '-'; "
                    + "name a file, or pipe the script in as commands (mmun repl < FILE)");
            io.err().println("Try 'mmun repl --help'.");
            return Judge.USAGE;
        }
        boolean tty = !plain && io.in() == System.in && System.console() != null;
        if (!tty) {
            ReplSession session = new ReplSession(Session.withStdlib(), io.out(), style(false), new ModelChecker(1));
            if (file != null) {
                session.handle(":load " + file);
            }
            Repl.plain(session, new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)), io.out());
            return Judge.OK;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("mmun").build()) {
            boolean colorful = !"dumb".equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            ReplSession session = new ReplSession(Session.withStdlib(), terminal.writer(), style(colorful), new ModelChecker(1));
            Repl.interactive(session, terminal, Repl.historyFile(), file);
        }
        return Judge.OK;
    }

    private Style style(boolean terminal) {
        return new Style(switch (color) {
            case always -> true;
            case never -> false;
            case auto -> terminal && !OutputOptions.noColor(System.getenv("NO_COLOR"));
        });
    }
}
