package dev.mmun.session;

import dev.mmun.check.Scenario;
import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.DiagnosticFormatter;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Change;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Violation;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The human report of one file: the timeline, each violation with why and how it was set up, the verdict. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(Outcome o, Map<String, SourceFile> sources, Style style, boolean withTrace) {
        StringBuilder sb = new StringBuilder();
        if (o.verdict() == Verdict.ERROR) {
            DiagnosticFormatter fmt = new DiagnosticFormatter(sources);
            for (Diagnostic d : o.diagnostics()) {
                sb.append(fmt.format(d)).append('\n');
            }
            return sb.toString();
        }
        Scenario sc = o.scenario();
        sb.append(style.bold("== " + o.file())).append(style.dim("  (" + o.mode() + ", era " + sc.eraAsGiven() + ")")).append('\n');
        Map<Run, Boolean> printed = new IdentityHashMap<>();
        for (Violation v : o.violations()) {
            Run run = o.traces().get(v.rule());
            if (withTrace && run != null && !printed.containsKey(run)) {
                printed.put(run, true);
                if (o.traces().values().stream().distinct().count() > 1) {
                    sb.append(style.dim("shortest trace to " + v.rule().name() + " (" + run.steps().size() + " steps):")).append('\n');
                }
                sb.append(TimelineTable.render(sc, run, style)).append('\n');
            }
            sb.append(violation(sc, v, run, style));
        }
        if (o.violations().isEmpty() && withTrace && !o.traces().isEmpty()) {
            Run run = o.traces().values().iterator().next();
            sb.append(TimelineTable.render(sc, run, style)).append('\n');
        }
        for (String note : o.notes()) {
            sb.append(style.warn("note: ")).append(note).append('\n');
        }
        for (FinalResult f : o.finals()) {
            sb.append(f.check().quantifier().word()).append(" (").append(f.check().text()).append("): ")
                    .append(f.observation()).append(" ").append(f.positive()).append(' ').append(f.negative())
                    .append(style.dim(" (expected " + f.expectation() + ")")).append(f.met() ? "" : style.bad(" NOT MET")).append('\n');
        }
        if (!o.stats().isEmpty()) {
            sb.append(style.dim(o.stats().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")))).append('\n');
        }
        sb.append(verdictLine(o, style)).append('\n');
        return sb.toString();
    }

    /**
     * One violation as mmun run prints it: the rule, where and who, the message, why, the steps of
     * {@code run} that set it up (when the run is known), and how to fix it.
     */
    public static String violation(Scenario sc, Violation v, Run run, Style style) {
        StringBuilder sb = new StringBuilder();
        String thread = v.thread() >= 0 ? sc.program().threads().get(v.thread()).name() : "";
        sb.append(style.bad(v.rule().name())).append("  ").append(v.span().where()).append("  ").append(thread).append('\n');
        sb.append("  ").append(v.message()).append('\n');
        sb.append("  why: ").append(v.rule().summary()).append('\n');
        if (run != null) {
            int at = Explainer.stepOf(run, v);
            List<Integer> setup = Explainer.setup(run, v, at);
            if (!setup.isEmpty()) {
                sb.append("  set up by:\n");
                for (int i : setup) {
                    TraceStep st = run.steps().get(i);
                    String where = st.instr() == null ? "" : st.instr().span().where() + "  ";
                    sb.append("    ").append(where).append(TimelineTable.describe(sc, run, i)).append(": ")
                            .append(st.changes().stream().map(Change::text).collect(Collectors.joining("; "))).append('\n');
                }
            }
        }
        if (v.rule().hint() != null) {
            sb.append("  fix: ").append(v.rule().hint()).append('\n');
        }
        return sb.toString();
    }

    public static String verdictLine(Outcome o, Style style) {
        Set<Rule> found = Judge.rules(o.violations().stream().map(Violation::rule).toList());
        String got = found.isEmpty() ? o.verdict().word()
                : "violation: " + found.stream().map(Enum::name).collect(Collectors.joining(", "));
        String exp = o.expected() == null ? "nothing stated (ok assumed)"
                : o.expected().isEmpty() ? "ok" : o.expected().stream().map(Enum::name).collect(Collectors.joining(", "));
        String verdict = o.verdict() == Verdict.OK ? style.good(got) : o.verdict() == Verdict.INCONCLUSIVE ? style.warn(got) : style.bad(got);
        String met = o.exitCode() == Judge.INCONCLUSIVE ? style.warn("inconclusive")
                : o.expectationMet() ? style.good("met") : style.bad("NOT MET");
        return "verdict: " + verdict + "; expected " + exp + ": " + met;
    }
}
