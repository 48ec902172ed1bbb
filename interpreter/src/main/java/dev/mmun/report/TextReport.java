package dev.mmun.report;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.DiagnosticFormatter;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.FinalStates;
import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Change;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Violation;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Verdict;
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
        if (withTrace && o.mode() != Mode.RUN) {
            for (FinalResult f : o.finals()) {
                Run w = f.witness();
                if (w != null && !printed.containsKey(w)) {
                    printed.put(w, true);
                    sb.append(style.dim("shortest trace that " + f.witnessVerb() + " " + f.title() + " (" + w.steps().size()
                            + " steps):")).append('\n');
                    sb.append(TimelineTable.render(sc, w, style)).append('\n');
                }
            }
        }
        for (String note : o.notes()) {
            sb.append(style.warn("note: ")).append(note).append('\n');
        }
        sb.append(states(o));
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

    /**
     * herd's {@code States N}: each valuation of what the final conditions read, with the number of
     * final states that have it; empty when the file has no final condition.
     */
    static String states(Outcome o) {
        FinalStates fs = o.finalStates();
        if (fs == null || fs.vars().isEmpty()) {
            return "";
        }
        List<FinalStates.Valuation> vs = fs.valuations();
        StringBuilder sb = new StringBuilder("States ").append(vs.size()).append('\n');
        int width = vs.stream().mapToInt(v -> Long.toString(v.count()).length()).max().orElse(1);
        for (FinalStates.Valuation v : vs) {
            String n = Long.toString(v.count());
            sb.append("  ").append(" ".repeat(width - n.length())).append(n).append("  ").append(valuation(fs, v)).append('\n');
        }
        if (fs.unlisted() > 0) {
            sb.append("  and ").append(fs.unlisted()).append(" final states more, not listed (more than ")
                    .append(FinalStates.MAX_LISTED).append(" valuations)\n");
        }
        return sb.toString();
    }

    /** One valuation as herd writes it: {@code DEV-thread-0:r0=0; A=1;} (a page that maps nothing: unmapped). */
    static String valuation(FinalStates fs, FinalStates.Valuation v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.values().length; i++) {
            Scenario.Observable var = fs.vars().get(i);
            int x = v.values()[i];
            sb.append(i == 0 ? "" : " ").append(var.name()).append('=')
                    .append(var.value() instanceof dev.mmun.machine.Val.Mapped && x == -1 ? "unmapped" : Integer.toString(x)).append(';');
        }
        return sb.toString();
    }

    /**
     * The verdict and each expectation: the rules expected (all of them, and only them; for a
     * timeline under check, found in some order), then each final condition, met or NOT MET.
     */
    public static String verdictLine(Outcome o, Style style) {
        Set<Rule> found = Judge.rules(o.violations().stream().map(Violation::rule).toList());
        String got = found.isEmpty() ? o.verdict().word()
                : "violation: " + found.stream().map(Enum::name).collect(Collectors.joining(", "));
        String exp = o.expected() == null ? "nothing stated (ok assumed)"
                : o.expected().isEmpty() ? "ok" : o.expected().stream().map(Enum::name).collect(Collectors.joining(", "));
        String verdict = o.verdict() == Verdict.OK ? style.good(got) : o.verdict() == Verdict.INCONCLUSIVE ? style.warn(got) : style.bad(got);
        boolean inconclusive = o.exitCode() == Judge.INCONCLUSIVE;
        String met = inconclusive ? style.warn("inconclusive")
                : Judge.rulesMet(o.expected(), found, o.scope()) ? style.good("met") : style.bad("NOT MET");
        StringBuilder sb = new StringBuilder("verdict: ").append(verdict).append("; expected ").append(exp)
                .append(o.scope().words()).append(": ").append(met);
        for (FinalResult f : o.finals()) {
            sb.append("; ").append(f.title()).append(o.scope().words()).append(": ")
                    .append(inconclusive && !f.decided() ? style.warn("inconclusive") : f.met() ? style.good("met")
                            : style.bad("NOT MET") + " (" + f.observation() + ")");
        }
        return sb.toString();
    }
}
