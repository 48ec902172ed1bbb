package dev.mmun.report;

import dev.mmun.diag.SourceFile;
import dev.mmun.session.Durations;
import dev.mmun.session.Outcome;
import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteStatus;
import dev.mmun.session.SuiteSummary;
import dev.mmun.session.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human report of a suite: one line per file (status, name, verdict, mode and time), under a
 * failing file its first mismatch and the command that re-runs it alone, then a recap of the
 * failures, the time, and the closing line {@code N passed, M failed}.
 */
public final class SuiteText implements SuiteReport {
    private static final int MAX_NAME = 72;
    private final Style style;
    private final String launcher;
    private final boolean verbose;
    private final List<SuiteResult> failures = new ArrayList<>();
    private int width = 20;

    /**
     * @param launcher how the user starts mmun, for the re-run commands ({@code ./mmun})
     * @param verbose  also show the full report (trace, violations) of each file that did not pass
     */
    public SuiteText(Style style, String launcher, boolean verbose) {
        this.style = style;
        this.launcher = launcher;
        this.verbose = verbose;
    }

    @Override
    public String begin(List<String> files, List<SuiteResult> problems) {
        for (String f : files) {
            width = Math.max(width, Math.min(MAX_NAME, f.length()));
        }
        return "";
    }

    @Override
    public String result(SuiteResult r) {
        StringBuilder sb = new StringBuilder();
        String word = String.format(Locale.ROOT, "%-5s", r.status().word());
        sb.append(switch (r.status()) {
            case PASS -> style.good(word);
            case SKIP, INCONCLUSIVE -> style.warn(word);
            default -> style.bad(word);
        });
        sb.append(' ').append(String.format(Locale.ROOT, "%-" + width + "s", r.file())).append("  ");
        if (r.status() == SuiteStatus.SKIP) {
            sb.append(style.dim("(" + r.skipReason() + ")")).append('\n');
            return sb.toString();
        }
        sb.append(r.verdict()).append("  ").append(style.dim("(" + time(r) + ")")).append('\n');
        if (r.status().failed()) {
            failures.add(r);
            sb.append("      ").append(r.mismatch()).append('\n');
            if (r.rerun(launcher) != null) {
                sb.append("      ").append(style.dim("re-run: " + r.rerun(launcher))).append('\n');
            }
            if (verbose) {
                sb.append(indent(full(r, style)));
            }
        }
        return sb.toString();
    }

    private static String time(SuiteResult r) {
        String mode = r.outcome() != null && r.outcome().verdict() == Verdict.ERROR ? "" : r.mode() + ", ";
        return mode + Durations.show(r.nanos());
    }

    @Override
    public String end(SuiteSummary s) {
        StringBuilder sb = new StringBuilder();
        if (!failures.isEmpty() && s.judged() > 1) {
            sb.append('\n').append("not passed:").append('\n');
            for (SuiteResult r : failures) {
                sb.append("  ").append(String.format(Locale.ROOT, "%-12s", r.status().word())).append(' ')
                        .append(r.rerun(launcher) == null ? r.file() : r.rerun(launcher)).append('\n');
            }
        }
        sb.append('\n');
        sb.append(style.dim(String.format(Locale.ROOT, "%d file%s in %s with %d job%s (%.1f files/s)%s", s.judged(), s.judged() == 1 ? "" : "s",
                Durations.show(s.nanos()), s.jobs(), s.jobs() == 1 ? "" : "s", s.filesPerSecond(),
                s.filteredOut() > 0 ? "; " + s.filteredOut() + " left out by --filter" : ""))).append('\n');
        String line = s.line();
        sb.append(s.failed() == 0 ? style.good(line) : style.bad(line)).append('\n');
        return sb.toString();
    }

    /** The report `mmun run` or `mmun check` would print for the file (plain, with its trace). */
    public static String full(SuiteResult r, Style style) {
        Outcome o = r.outcome();
        if (o == null) {
            return "";
        }
        if (o.verdict() != Verdict.ERROR && o.scenario() == null) {
            return String.join("\n", o.notes()) + "\n";
        }
        Map<String, SourceFile> sources = new HashMap<>();
        if (r.source() != null) {
            sources.put(r.source().name(), r.source());
        }
        return TextReport.render(o, sources, style, true);
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append("      | ").append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
