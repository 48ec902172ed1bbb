package dev.mmun.cli;

import dev.mmun.diag.SourceFile;
import dev.mmun.explore.ExploreResult;
import dev.mmun.explore.Explorer;
import dev.mmun.explore.Split;
import dev.mmun.machine.Rule;
import dev.mmun.session.Checking;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.PartFile;
import dev.mmun.session.PartMerge;
import dev.mmun.session.Session;
import dev.mmun.session.Slice;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code mmun check --part I/N} and {@code mmun check --merge}: a search cut into N parts that N
 * machines run alone (see {@link Split}), and the parts' files joined into one verdict.
 */
final class CheckParts {
    private CheckParts() {
    }

    /** Searches part I/N of the one FILE and writes its result; exit 0 when written (the verdict is the merge's). */
    static int part(CheckCommand c, Io io) {
        Slice slice;
        try {
            slice = Slice.parse(c.part);
        } catch (IllegalArgumentException e) {
            return usage(io, "--part: " + e.getMessage());
        }
        if (c.files.size() != 1) {
            return usage(io, "--part takes one FILE (each scenario is cut into its own parts)");
        }
        if (c.random > 0 || c.emitTrace != null || c.merge) {
            return usage(io, "--part does not go with " + (c.random > 0 ? "--random" : c.merge ? "--merge" : "--emit-trace")
                    + " (--emit-trace goes with --merge)");
        }
        if (c.splitDepth < 0 || c.workers < 0 || c.maxStates < 0 || c.maxDepth < 0) {
            return usage(io, "--workers must be 0 (all cores) or more, and --split-depth and the bounds not negative");
        }
        Path out = c.partOutput != null ? c.partOutput : Path.of("part-" + slice.index() + "-of-" + slice.count() + ".json");
        Session.Compiled compiled = Session.withStdlib().compile(c.files.get(0), io.in());
        if (compiled.scenario() == null) {
            c.output.print(io, compiled.failure(), compiled.source(), false);
            return compiled.failure().exitCode();
        }
        Writer w;
        try {
            w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return usage(io, "cannot write " + out + ": " + e.getMessage());
        }
        Split split = new Split(slice.index(), slice.count(), c.splitDepth);
        long timeoutMs = c.timeout.toMillis() == 0 && !c.timeout.isZero() ? 1 : c.timeout.toMillis();
        int threads = c.workers == 0 ? Runtime.getRuntime().availableProcessors() : c.workers;
        Explorer.Options o = new Explorer.Options(!c.noPor, !c.noSymmetry, threads, c.maxStates, c.maxDepth, timeoutMs, null);
        String json;
        Split.Result r;
        try (w) {
            r = Checking.part(compiled.scenario(), o, split);
            json = PartFile.write(compiled.source(), o, split, r);
            w.write(json);
        } catch (IOException e) {
            io.err().println("mmun check: cannot write " + out + ": " + e.getMessage());
            return Judge.NO_INPUT;
        } catch (RuntimeException | StackOverflowError e) {
            io.err().println("mmun check: internal error: " + e + " -- this is a bug in mmun; please report it with the script");
            return Judge.INTERNAL;
        }
        if (c.output.json()) {
            io.out().print(json);
        } else {
            io.out().println(summary(compiled.source(), split, r));
            io.out().println("wrote " + out + "; join the parts with: mmun check --merge FILE...");
        }
        return Judge.OK;
    }

    private static String summary(SourceFile src, Split split, Split.Result r) {
        ExploreResult e = r.result();
        StringBuilder sb = new StringBuilder("part " + split.part() + "/" + split.parts() + " of " + src.name() + ": ");
        Split.Prefix p = r.prefix();
        if (p == null) {
            sb.append("no level was wide enough to split at, so this part searched all of it; ");
            sb.append(e.stats().stored()).append(" states");
        } else {
            sb.append("split at depth ").append(p.depth()).append(" (").append(p.width()).append(" states, ")
                    .append(p.kept()).append(" of them this part's); ").append(e.stats().stored() - p.stored())
                    .append(" states past the split, ").append(p.stored()).append(" before it");
        }
        sb.append(", ").append(e.stats().millis()).append(" ms");
        List<Rule> found = e.traces().keySet().stream().filter(x -> !x.inconclusive()).toList();
        sb.append("; ").append(found.isEmpty() ? "no rule broken in this part"
                : "broken here: " + found.stream().map(Rule::name).collect(Collectors.joining(", ")));
        if (e.bound() != null) {
            sb.append("; stopped at a bound (").append(e.bound()).append("): inconclusive");
        }
        return sb.toString();
    }

    /** Joins the part files named by FILE... into one verdict, printed as a whole search's would be. */
    static int merge(CheckCommand c, Io io) {
        if (c.random > 0 || c.splitDepth != 0 || c.partOutput != null) {
            return usage(io, "--merge takes part files only; --random, --split-depth and --output belong to the parts");
        }
        if (c.traceRule != null && !c.traceRule.equals("final") && c.wanted() == null) {
            return usage(io, "--trace " + c.traceRule + ": not a rule name");
        }
        List<PartFile.Part> parts = new ArrayList<>();
        try {
            for (String f : c.files) {
                String text;
                try {
                    text = Files.readString(Path.of(f), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    io.err().println("mmun check: cannot read " + f + ": " + (e instanceof java.nio.file.NoSuchFileException
                            ? "no such file" : e.getMessage()));
                    return Judge.NO_INPUT;
                }
                parts.add(PartFile.read(f, text));
            }
            PartFile.Part[] ordered = PartMerge.check(parts);
            Outcome o = Session.guarded(ordered[0].file(), () -> PartMerge.merge(Session.withStdlib(), ordered));
            SourceFile src = ordered[0].source();
            c.output.print(io, o, src, !c.noTrace);
            int exit = o.exitCode();
            if (c.emitTrace != null && o.scenario() != null) {
                exit = Judge.combine(exit, c.emit(o, src, c.wanted()));
            }
            return exit;
        } catch (PartFile.BadPart e) {
            return refuse(io, e);
        }
    }

    private static int refuse(Io io, PartFile.BadPart e) {
        io.err().println("mmun check --merge: " + e.getMessage());
        return e.exitCode();
    }

    private static int usage(Io io, String message) {
        io.err().println("mmun check: " + message);
        io.err().println("Try 'mmun check --help'.");
        return Judge.USAGE;
    }
}
