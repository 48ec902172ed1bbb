package dev.mmun.report;

import dev.mmun.diag.Diagnostic;
import dev.mmun.explore.FinalStates;
import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Val;
import dev.mmun.machine.Violation;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Json;
import dev.mmun.session.Outcome;
import dev.mmun.session.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per file (JSON Lines), for scripts and CI. The contract is docs/json.md and
 * docs/schema/outcome.schema.json: snake_case names, every field always present (empty arrays, or
 * null where the doc says so), numbers as numbers, and a {@code schema} version to test against.
 */
public final class JsonReport {
    /** The version of the JSON contract; a field renamed or removed means a new version. */
    public static final String SCHEMA = "mmun/1";

    private JsonReport() {
    }

    public static String render(Outcome o, String command) {
        return Json.write(fields(o, command));
    }

    /**
     * The object for one file. {@code command} (run or check) names the mode of an outcome that has
     * none: a file that did not compile.
     */
    public static Map<String, Object> fields(Outcome o, String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("kind", "outcome");
        m.put("mode", o.mode() == null ? command : o.mode().isCheck() ? "check" : "run");
        m.put("search", search(o.mode()));
        m.put("file", o.file());
        m.put("verdict", o.verdict().word());
        List<Object> vs = new ArrayList<>();
        for (Violation v : o.violations()) {
            vs.add(violation(o, v));
        }
        m.put("violations", vs);
        m.put("expected", o.expected() == null ? List.of() : o.expected().stream().map(Enum::name).toList());
        m.put("expected_stated", o.expected() != null);
        m.put("expectation_met", o.verdict() != Verdict.ERROR && o.expectationMet());
        List<Object> finals = new ArrayList<>();
        for (FinalResult f : o.finals()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("condition", f.title());
            j.put("quantifier", f.check().quantifier().word());
            j.put("observation", f.observation());
            j.put("positive", f.positive());
            j.put("negative", f.negative());
            j.put("expectation", f.expectation());
            j.put("met", f.met());
            j.put("witness", f.witness() == null ? null : schedule(o, f.witness()));
            finals.add(j);
        }
        m.put("finals", finals);
        m.put("states", states(o.finalStates()));
        m.put("notes", o.notes());
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
        m.put("stats", stats(o.stats()));
        m.put("exit_code", o.exitCode());
        return m;
    }

    /** How the schedules were chosen: the file's own (run), all of them, or at random; null for an error. */
    static String search(Mode mode) {
        if (mode == null) {
            return null;
        }
        return switch (mode) {
            case RUN -> "single";
            case CHECK -> "exhaustive";
            case RANDOM -> "random";
        };
    }

    private static Map<String, Object> violation(Outcome o, Violation v) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("rule", v.rule().name());
        j.put("thread", v.thread() >= 0 && o.scenario() != null ? threadName(o, v.thread()) : null);
        j.put("line", v.span().line());
        j.put("column", v.span().column());
        j.put("message", v.message());
        j.put("why", v.rule().summary());
        j.put("hint", v.rule().hint());
        Run run = o.traces().get(v.rule());
        List<Object> setup = new ArrayList<>();
        List<String> threads = List.of();
        Integer at = null;
        if (run != null) {
            at = Explainer.stepOf(run, v);
            for (int i : Explainer.setup(run, v, at)) {
                TraceStep st = run.steps().get(i);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("step", i + 1);
                s.put("thread", threadName(o, st.thread()));
                s.put("line", st.instr() == null ? 0 : st.instr().span().line());
                s.put("column", st.instr() == null ? 0 : st.instr().span().column());
                setup.add(s);
            }
            at = at + 1;
            threads = threadsOf(o, run);
        }
        j.put("step", at);
        j.put("setup", setup);
        j.put("trace", threads);
        // the schedule itself: which thread moved at each step, to replay it (the same list as trace)
        j.put("choices", threads);
        return j;
    }

    private static Map<String, Object> schedule(Outcome o, Run run) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("steps", run.steps().size());
        j.put("choices", threadsOf(o, run));
        return j;
    }

    private static List<String> threadsOf(Outcome o, Run run) {
        return run.steps().stream().map(st -> threadName(o, st.thread())).toList();
    }

    private static String threadName(Outcome o, int thread) {
        return o.scenario().program().threads().get(thread).name();
    }

    /** herd's States list: the variables the final conditions read, and each valuation with its count. */
    private static Map<String, Object> states(FinalStates fs) {
        Map<String, Object> j = new LinkedHashMap<>();
        List<String> vars = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        long unlisted = 0;
        if (fs != null && !fs.vars().isEmpty()) {
            fs.vars().forEach(v -> vars.add(v.name()));
            for (FinalStates.Valuation v : fs.valuations()) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < v.values().length; i++) {
                    boolean unmapped = fs.vars().get(i).value() instanceof Val.Mapped && v.values()[i] == -1;
                    values.add(unmapped ? null : v.values()[i]);
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("count", v.count());
                e.put("values", values);
                e.put("text", TextReport.valuation(fs, v));
                vals.add(e);
            }
            unlisted = fs.unlisted();
        }
        j.put("vars", vars);
        j.put("valuations", vals);
        j.put("unlisted", unlisted);
        return j;
    }

    /** The statistics with numbers as numbers and switches as booleans (the text report prints them as words). */
    static Map<String, Object> stats(Map<String, Object> stats) {
        Map<String, Object> j = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : stats.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s && (s.equals("on") || s.equals("off"))) {
                v = s.equals("on");
            } else if (v instanceof String s && e.getKey().equals("hash_collision_p")) {
                v = Double.parseDouble(s);
            }
            j.put(e.getKey(), v);
        }
        return j;
    }
}
