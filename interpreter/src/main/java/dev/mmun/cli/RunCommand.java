package dev.mmun.cli;

import dev.mmun.explore.Runner;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmun run FILE...}: one schedule per file (the timeline's, else round robin). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run each scenario on one schedule and report the rules it breaks.",
                "The schedule is the scenario's timeline, or else round robin over its threads (one step "
                + "each, in declaration order, skipping threads that wait). '-' reads stdin."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".mmun scripts, or - for stdin")
    List<String> files;

    @Mixin
    OutputOptions output;

    @Mixin
    HtmlOption html;

    @Option(names = "--max-steps", paramLabel = "N", description = "stop a run after N steps (inconclusive); default ${DEFAULT-VALUE}")
    int maxSteps = Runner.DEFAULT_MAX_STEPS;

    @Option(names = "--no-trace", description = "do not print the timeline of the run")
    boolean noTrace;

    private final Io io;

    RunCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Session session = Session.withStdlib();
        int exit = Judge.OK;
        try (Interrupt ctrlC = Interrupt.onThisThread()) {
            for (String file : files) {
                Session.Compiled c = session.compile(file, io.in());
                Outcome o = c.scenario() == null ? c.failure()
                        : Session.guarded(file, () -> session.run(c.scenario(), maxSteps));
                exit = Judge.combine(exit, o.exitCode());
                output.print(io, o, c.source(), !noTrace);
                html.add(o, c.source());
                if (ctrlC.fired()) {
                    io.err().println("mmun run: interrupted (Ctrl-C)");
                    return Interrupt.EXIT;
                }
            }
        }
        return html.write(io, "run", exit);
    }
}
