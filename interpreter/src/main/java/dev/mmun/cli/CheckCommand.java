package dev.mmun.cli;

import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Explorer;
import dev.mmun.machine.Rule;
import dev.mmun.report.TraceEmitter;
import dev.mmun.session.Checking;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmun check FILE...}: every interleaving of each scenario's threads, or random ones. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check each scenario over every interleaving of its threads' steps.",
                "The search is breadth-first, so each rule broken comes with a shortest schedule; --random "
                + "checks random schedules instead. '-' reads stdin."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".mmun scripts, or - for stdin")
    List<String> files;

    @Mixin
    OutputOptions output;

    @Mixin
    HtmlOption html;

    @Option(names = "--no-por", description = "no partial-order reduction (explore every order of independent steps)")
    boolean noPor;

    @Option(names = "--no-symmetry", description = "no symmetry reduction (over the frames alloc_page() hands out)")
    boolean noSymmetry;

    @Option(names = "--workers", paramLabel = "N", description = "search threads; 0 = all cores (the default)")
    int workers;

    @Option(names = "--max-states", paramLabel = "N", description = "stop after N stored states (inconclusive)")
    long maxStates;

    @Option(names = "--max-depth", paramLabel = "N", description = "do not go deeper than N steps (inconclusive if there was more)")
    int maxDepth;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "stop after this long (90, 90s, 500ms, 2m; inconclusive); default: none")
    Duration timeout = Duration.ZERO;

    @Option(names = "--random", paramLabel = "RUNS", description = "RUNS random schedules instead of every interleaving")
    long random;

    @Option(names = "--seed", paramLabel = "S", description = "the seed of --random; the same seed gives the same runs (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--emit-trace", paramLabel = "FILE", description = "write the counterexample as a .mmun timeline that `mmun run` replays")
    Path emitTrace;

    @Option(names = "--trace", paramLabel = "RULE", description = "which rule's counterexample --emit-trace writes (default: the first found), or final: a final condition's witness")
    String traceRule;

    @Option(names = "--no-trace", description = "do not print the counterexample timelines")
    boolean noTrace;

    @Option(names = "--part", paramLabel = "I/N", description = "search part I of N of the state space (1 <= I <= N) and write it "
            + "to --output; N machines run one part each, then --merge joins them; see docs/distributed.md")
    String part;

    @Option(names = "--split-depth", paramLabel = "D", description = "--part: split at depth D (default 0: at the first level "
            + "with " + dev.mmun.explore.Split.WIDTH_PER_PART + " states per part); the same in every part")
    int splitDepth;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "--part: the part's result, JSON (default part-I-of-N.json)")
    Path partOutput;

    @Option(names = "--merge", description = "FILE... are the part files of one search (--part): print its verdict, as the whole search would")
    boolean merge;

    private final Io io;

    CheckCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (part != null) {
            return CheckParts.part(this, io);
        }
        if (merge) {
            return CheckParts.merge(this, io);
        }
        if (splitDepth != 0 || partOutput != null) {
            io.err().println("mmun check: --split-depth and --output go with --part");
            return Judge.USAGE;
        }
        if (emitTrace != null && files.size() != 1) {
            io.err().println("mmun check: --emit-trace takes one FILE");
            return Judge.USAGE;
        }
        Rule wanted = null;
        if (traceRule != null && !traceRule.equals("final")) {
            wanted = Rule.byName(traceRule);
            if (wanted == null) {
                io.err().println("mmun check: --trace " + traceRule + ": not a rule name");
                return Judge.USAGE;
            }
        }
        if (workers < 0 || maxStates < 0 || maxDepth < 0 || random < 0) {
            io.err().println("mmun check: --workers must be 0 (all cores) or more, and the bounds not negative");
            io.err().println("Try 'mmun check --help'.");
            return Judge.USAGE;
        }
        Session session = Session.withStdlib();
        int exit = Judge.OK;
        try (Interrupt ctrlC = Interrupt.onThisThread()) {
            for (String file : files) {
                long limit = timeout.toMillis() == 0 && !timeout.isZero() ? 1 : timeout.toMillis();
                long t0 = System.nanoTime();
                Session.Compiled c = Bounded.compile(session, file, io.in(), limit);
                long left = limit <= 0 ? 0 : Math.max(1, limit - (System.nanoTime() - t0) / 1_000_000);
                Outcome o = c.scenario() == null ? c.failure() : Session.guarded(file, () -> check(c, left));
                exit = Judge.combine(exit, o.exitCode());
                output.print(io, o, c.source(), !noTrace);
                html.add(o, c.source());
                if (ctrlC.fired()) {
                    io.err().println("mmun check: interrupted (Ctrl-C)");
                    return Interrupt.EXIT;
                }
                if (emitTrace != null && o.scenario() != null) {
                    int e = emit(o, c.source(), wanted);
                    if (e != Judge.OK) {
                        return html.write(io, "check", Judge.combine(exit, e));
                    }
                }
            }
        }
        return html.write(io, "check", exit);
    }

    /** The search, within timeoutMs (0: none) of what is left of --timeout after reading the file. */
    private Outcome check(Session.Compiled c, long timeoutMs) {
        int threads = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
        Progress progress = Progress.onTerminal(io.err());
        try {
            if (random > 0) {
                return Checking.random(c.scenario(), random, seed, timeoutMs);
            }
            Explorer.Options o = new Explorer.Options(!noPor, !noSymmetry, threads, maxStates, maxDepth, timeoutMs,
                    progress == null ? null : progress::update);
            return Checking.check(c.scenario(), o);
        } finally {
            if (progress != null) {
                progress.clear();
            }
        }
    }

    /** The rule --trace names (null: the first found); call() has checked the name. */
    Rule wanted() {
        return traceRule == null ? null : Rule.byName(traceRule);
    }

    int emit(Outcome o, SourceFile src, Rule wanted) {
        FinalResult witness = o.finals().stream().filter(f -> f.witness() != null)
                .min((a, b) -> Boolean.compare(a.met(), b.met())).orElse(null);
        if ("final".equals(traceRule) || (wanted == null && o.traces().isEmpty() && witness != null)) {
            // a final condition's witness: an unmet condition's first
            if (witness == null) {
                io.err().println("mmun check: no final state breaks or reaches a final condition: nothing to write to " + emitTrace);
                return Judge.FAILED;
            }
            return write(TraceEmitter.emitWitness(o.scenario(), src, witness), "the schedule that " + witness.witnessVerb() + " " + witness.title());
        }
        // the first rule found, a conclusive one before a LOOP_BOUND
        Rule rule = wanted != null ? wanted : o.traces().keySet().stream().min((a, b) -> Boolean.compare(a.inconclusive(), b.inconclusive())).orElse(null);
        if (rule == null || !o.traces().containsKey(rule)) {
            io.err().println("mmun check: no counterexample " + (wanted == null ? "" : "for " + wanted + " ") + "to write to " + emitTrace);
            return Judge.FAILED;
        }
        return write(TraceEmitter.emit(o.scenario(), src, o.traces().get(rule), rule), "the counterexample for " + rule);
    }

    private int write(String text, String what) {
        try {
            Files.writeString(emitTrace, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            io.err().println("mmun check: cannot write " + emitTrace + ": " + e.getMessage());
            return Judge.NO_INPUT;
        }
        if (!output.json()) {
            io.out().println("wrote " + what + " to " + emitTrace);
        }
        return Judge.OK;
    }
}
