package dev.mmun.cli;

import dev.mmun.session.Judge;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code mmun}: the top command. Each subcommand returns its exit code; nothing here exits. */
@Command(name = "mmun", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run and check scenarios against Documentation/mm/mmu_notifier.rst.",
        subcommands = {RunCommand.class, CheckCommand.class, ReplCommand.class, TestCommand.class, LspCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok or as expected, 1 violation or expectation not met, 3 inconclusive (a bound was hit), "
                + "64 bad command line, 65 error in a script, 66 file not readable, 70 internal error (a bug in mmun), 130 interrupted (Ctrl-C; the report so far is printed).",
                "", "'mmun help COMMAND' or 'mmun COMMAND --help' tells more about a command."})
public final class MmunCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Io io;

    MmunCommand(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }

    /** With no command: the REPL when stdin is a terminal, else the usage. */
    @Override
    public Integer call() {
        if (io.in() == System.in && System.console() != null) {
            return spec.commandLine().getSubcommands().get("repl").execute();
        }
        spec.commandLine().usage(io.err());
        return Judge.USAGE;
    }

    public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Io io = new Io(in, o, e);
        try {
            RunCommand fast = FastRun.parse(io, args);
            return fast != null ? callFast(fast, io) : commandLine(io, args).execute(args);
        } catch (StackOverflowError | OutOfMemoryError fatal) {
            e.println("mmun: internal error: " + fatal + " -- this is a bug in mmun; please report it with the script");
            return Judge.INTERNAL;
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** Runs a command picocli did not build, with what picocli's execute and the handler below do with an exception. */
    static int callFast(RunCommand run, Io io) {
        try {
            return run.call();
        } catch (RuntimeException ex) {
            return internalError(io, ex);
        }
    }

    private static int internalError(Io io, Exception ex) {
        io.err().println("mmun: internal error: " + ex + " -- this is a bug in mmun; please report it with the script");
        return Judge.INTERNAL;
    }

    /** The whole command tree (every subcommand), as the shell completion and the man pages are made from it. */
    public static CommandLine commandLine(Io io) {
        return configure(new CommandLine(new MmunCommand(io), new Factory(io)), io);
    }

    /**
     * The command line for these arguments. When the first names a subcommand, only that one is
     * built: picocli builds every subcommand's model by reflection up front, a good part of a short
     * run's start-up. Anything else (help, version, a typo that deserves a suggestion) gets the full
     * tree. The subcommands are those listed in the annotation above.
     */
    static CommandLine commandLine(Io io, String[] args) {
        Class<?> only = args.length == 0 ? null : subcommand(args[0]);
        if (only == null) {
            return commandLine(io);
        }
        Factory factory = new Factory(io);
        CommandLine top = new CommandLine(new Bare(), factory);
        top.addSubcommand(new CommandLine(only, factory));
        return configure(top, io);
    }

    private static Class<?> subcommand(String name) {
        for (Class<?> c : MmunCommand.class.getAnnotation(Command.class).subcommands()) {
            Command cmd = c.getAnnotation(Command.class);
            if (cmd != null && c != CommandLine.HelpCommand.class && (cmd.name().equals(name) || java.util.Arrays.asList(cmd.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
    }

    /** The top command when a subcommand is named first: it is never run, only its name is shown. */
    @Command(name = "mmun")
    private static final class Bare implements Callable<Integer> {
        @Override
        public Integer call() {
            return Judge.USAGE;
        }
    }

    private static CommandLine configure(CommandLine cl, Io io) {
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setParameterExceptionHandler((ex, args) -> {
            // picocli's own manners: the message, "Did you mean" for a near miss, and the help of the
            // command that refused the argument (mmun check --help for a check option)
            io.err().println("mmun: " + ex.getMessage());
            CommandLine.ParameterException suggesting = ex;
            if (!(ex instanceof CommandLine.UnmatchedArgumentException) && ex.getValue() != null
                    && ex.getMessage().startsWith("Unknown subcommand '")) {
                // picocli's help refuses an unknown name (for the parent command) without suggestions:
                // offer them, as a mistyped `mmun chek` gets them
                suggesting = new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), java.util.List.of(ex.getValue()));
            }
            CommandLine.UnmatchedArgumentException.printSuggestions(suggesting, io.err());
            io.err().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return Judge.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> internalError(io, ex));
        return cl;
    }

    /** Gives every subcommand the same streams. */
    private record Factory(Io io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (var c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Io.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(io));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
