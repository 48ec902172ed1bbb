package dev.mmun.cli;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.Span;
import dev.mmun.report.Style;
import dev.mmun.report.SuiteJson;
import dev.mmun.report.SuiteJunit;
import dev.mmun.report.SuiteReport;
import dev.mmun.report.SuiteTap;
import dev.mmun.report.SuiteText;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import dev.mmun.session.Slice;
import dev.mmun.session.SuiteFiles;
import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteRunner;
import dev.mmun.session.SuiteSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmun test PATH...}: every script under the paths, judged against its own expectations. */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Judge whole folders of scenarios against the expectations each file states.",
                "Every .mmun file under the paths (folders are searched recursively, hidden ones "
                + "left out; files are taken as given) is judged against what it states (expect, exists, "
                + "~exists, forall), in its mode: `mode run` or `mode check` if it says, else run when it "
                + "has a timeline and check otherwise. Prints one line per file, in path order, then the closing "
                + "line 'N passed, M failed'."},
        footer = {"", "Each line starts with:",
                "  ok            every expectation met",
                "  FAIL          a verdict or final condition not as expected; then the first",
                "                mismatch and the command that re-runs the file alone",
                "  ERROR         unreadable, or a syntax or static error (counted as failed)",
                "  INCONCLUSIVE  a bound or --timeout was hit first (counted as failed)",
                "  skip          the file has a line '// mmun-test: skip REASON' and is not run",
                "'K skipped' counts the files marked skip and those --filter left out.",
                "",
                "Exit: 0 when every file judged passed (skipped files do not count), else the most serious of "
                        + "the files' own codes: 70 internal error, 66 unreadable file or empty folder, 65 error in a "
                        + "script, 1 expectation not met, 3 inconclusive. 64: bad command line or --output not "
                        + "writable (nothing is run)."})
public final class TestCommand implements Callable<Integer> {
    public enum Format { text, json, junit, tap }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "folders and .mmun files, or - for a script on stdin")
    List<String> paths;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "files judged at once; 0 = all cores (the default)")
    int jobs;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json (JSON Lines: one object per file, then a summary), junit (XML) or tap; default ${DEFAULT-VALUE}")
    Format format = Format.text;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report in FORMAT to FILE (e.g. --format junit -o report.xml) and the text report to stdout")
    Path output;

    @Option(names = "--filter", paramLabel = "GLOB", description = "only files whose path or name matches (e.g. '*cow*', 'samples/kernel/**'); repeatable: any may match")
    List<String> filters = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", description = "judge only shard I of N (1 <= I <= N): every N-th file of the sorted suite from the I-th, "
            + "so N machines each run one shard and together the whole suite, each file once; see docs/distributed.md")
    String shard;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "wall time per file (90, 90s, 500ms, 2m); past it the file is INCONCLUSIVE; default: none")
    Duration timeout;

    @Option(names = {"-v", "--verbose"}, description = "under each file that did not pass, its full report (as run or check prints it)")
    boolean verbose;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never; auto honours NO_COLOR and needs a terminal")
    OutputOptions.Color color = OutputOptions.Color.auto;

    private final Io io;

    TestCommand(Io io) {
        this.io = io;
    }

    /** How the user starts mmun, for the re-run commands: the launcher tells, else ./mmun. */
    static String launcher() {
        return System.getProperty("mmun.launcher", "./mmun");
    }

    @Override
    public Integer call() {
        if (jobs < 0) {
            return usage("--jobs must be 0 (the number of cores) or more");
        }
        int n = jobs == 0 ? Runtime.getRuntime().availableProcessors() : jobs;
        Duration limit = timeout == null || timeout.isZero() ? null : timeout;
        for (String g : filters) {
            String bad = SuiteFiles.badGlob(g);
            if (bad != null) {
                return usage("--filter: bad glob: " + bad);
            }
        }
        Slice slice = null;
        if (shard != null) {
            try {
                slice = Slice.parse(shard);
            } catch (IllegalArgumentException e) {
                return usage("--shard: " + e.getMessage());
            }
        }
        Writer file = null;
        if (output != null) {
            try {
                file = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return usage("cannot write " + output + ": " + e.getMessage());
            }
        }
        try (Interrupt ctrlC = Interrupt.onThisThread()) {
            int exit = run(Session.withStdlib(), n, limit, file, slice);
            if (ctrlC.fired()) {
                io.err().println("mmun test: interrupted (Ctrl-C)");
                return Interrupt.EXIT;
            }
            return exit;
        } finally {
            close(file);
        }
    }

    private int run(Session session, int n, Duration limit, Writer file, Slice slice) {
        long t0 = System.nanoTime();
        SuiteFiles.Plan whole = SuiteFiles.find(paths, filters);
        SuiteFiles.Plan plan = slice == null ? whole : whole.shard(slice);
        List<Sink> sinks = sinks(file, slice);
        if (slice != null && (format == Format.text || file != null)) {
            io.out().println("shard " + slice + ": " + plan.files().size() + " of " + whole.files().size() + " files");
        }
        List<SuiteResult> problems = new ArrayList<>();
        for (Map.Entry<String, String> p : plan.problems().entrySet()) {
            problems.add(SuiteResult.judged(p.getKey(), Outcome.error(p.getKey(),
                    List.of(Diagnostic.error(Span.none(p.getKey()), p.getValue())), Judge.NO_INPUT), null, 0));
        }
        for (Sink s : sinks) {
            s.write(s.report.begin(plan.files(), problems));
        }
        List<SuiteResult> all = new ArrayList<>(problems);
        for (SuiteResult r : problems) {
            sinks.forEach(s -> s.write(s.report.result(r)));
        }
        all.addAll(new SuiteRunner(session, n, limit, io.in()).run(plan.files(), r -> sinks.forEach(s -> s.write(s.report.result(r)))));
        SuiteSummary summary = SuiteSummary.of(all, plan.filteredOut(), System.nanoTime() - t0, n);
        sinks.forEach(s -> s.write(s.report.end(summary)));
        if (output == null && format != Format.text) {
            io.err().println(summary.line());
        }
        return summary.exitCode();
    }

    /** Where each report goes: the format to --output or stdout; the text to stdout as well when there is a file. */
    private List<Sink> sinks(Writer file, Slice slice) {
        Style style = OutputOptions.style(color);
        List<Sink> sinks = new ArrayList<>();
        if (file != null) {
            sinks.add(new Sink(report(format, new Style(false), slice), new PrintWriter(file)));
            sinks.add(new Sink(new SuiteText(style, launcher(), verbose), io.out()));
        } else {
            sinks.add(new Sink(report(format, style, slice), io.out()));
        }
        return sinks;
    }

    private SuiteReport report(Format f, Style style, Slice slice) {
        return switch (f) {
            case text -> new SuiteText(style, launcher(), verbose);
            case json -> new SuiteJson(launcher());
            case junit -> new SuiteJunit(launcher(), slice == null ? "mmun test" : "mmun test shard " + slice);
            case tap -> new SuiteTap(launcher());
        };
    }

    private int usage(String message) {
        io.err().println("mmun test: " + message);
        io.err().println("Try 'mmun test --help'.");
        return Judge.USAGE;
    }

    private static void close(Writer w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // the report was flushed after each write; a failing close loses nothing more
            }
        }
    }

    private record Sink(SuiteReport report, PrintWriter out) {
        void write(String text) {
            if (!text.isEmpty()) {
                out.print(text);
                out.flush();
            }
        }
    }
}
