package dev.mmun.session;

import dev.mmun.diag.Diagnostic;
import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One JSON object per file (JSON Lines), for scripts and CI. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(Outcome o) {
        return Json.write(fields(o));
    }

    /** The fields of the object, in order, for reports that add their own (mmun test). */
    public static Map<String, Object> fields(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", o.file());
        m.put("mode", o.mode());
        m.put("verdict", o.verdict().word());
        List<Object> vs = new ArrayList<>();
        for (Violation v : o.violations()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("rule", v.rule().name());
            j.put("thread", v.thread() >= 0 && o.scenario() != null ? o.scenario().program().threads().get(v.thread()).name() : null);
            j.put("line", v.span().line());
            j.put("column", v.span().column());
            j.put("message", v.message());
            j.put("hint", v.rule().hint());
            Run run = o.traces().get(v.rule());
            if (run != null) {
                int at = Explainer.stepOf(run, v);
                List<Object> setup = new ArrayList<>();
                for (int i : Explainer.setup(run, v, at)) {
                    TraceStep st = run.steps().get(i);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("step", i + 1);
                    s.put("thread", o.scenario().program().threads().get(st.thread()).name());
                    s.put("line", st.instr() == null ? 0 : st.instr().span().line());
                    s.put("column", st.instr() == null ? 0 : st.instr().span().column());
                    setup.add(s);
                }
                j.put("setup", setup);
                j.put("step", at + 1);
                List<String> threads = run.steps().stream().map(TraceStep::thread)
                        .map(t -> o.scenario().program().threads().get(t).name()).toList();
                j.put("trace", threads);
                if (o.mode() != null && o.mode().startsWith("check")) {
                    // the schedule itself: which thread moved at each step, to replay it
                    j.put("choices", threads);
                }
            }
            vs.add(j);
        }
        m.put("violations", vs);
        m.put("expected", o.expected() == null ? null : o.expected().isEmpty() ? List.of("ok")
                : o.expected().stream().map(Enum::name).toList());
        m.put("expectationMet", o.verdict() == Verdict.ERROR ? null : o.expectationMet());
        List<Object> finals = new ArrayList<>();
        for (FinalResult f : o.finals()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("condition", f.check().quantifier().word() + " (" + f.check().text() + ")");
            j.put("observation", f.observation());
            j.put("positive", f.positive());
            j.put("negative", f.negative());
            j.put("met", f.met());
            finals.add(j);
        }
        m.put("finals", finals);
        if (!o.notes().isEmpty()) {
            m.put("notes", o.notes());
        }
        if (!o.diagnostics().isEmpty()) {
            List<Object> ds = new ArrayList<>();
            for (Diagnostic d : o.diagnostics()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("severity", d.severity().word());
                j.put("file", d.span().file());
                j.put("line", d.span().line());
                j.put("column", d.span().column());
                j.put("message", d.message());
                ds.add(j);
            }
            m.put("diagnostics", ds);
        }
        m.put("stats", o.stats());
        m.put("exitCode", o.exitCode());
        return m;
    }
}
