package dev.mmun.report;

import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Change;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Program;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Violation;
import dev.mmun.session.FinalResult;
import dev.mmun.session.Judge;
import dev.mmun.session.Outcome;
import dev.mmun.session.Verdict;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A self-contained HTML page of runs and counterexamples, drawn as the document's timeline: one
 * column per thread, one row per step, the changes of each step beside it, the breaking step and
 * the steps that set it up marked, with a picture of it above ({@link TraceSvg}). It draws what the text report prints ({@link TimelineTable}'s
 * lines, {@link Explainer}'s set-up steps, the steps' recorded changes); it decides nothing itself.
 * The markup is XHTML-compatible (an XML parser reads it) and names no URL, so that the page opens
 * offline and the tests can parse it.
 */
public final class HtmlReport {
    private static final Style PLAIN = new Style(false);

    private HtmlReport() {
    }

    /** One page for the outcomes of one command, a section per file. */
    public static String render(List<Outcome> outcomes, Map<String, SourceFile> sources) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(esc("mmun: " + String.join(", ", outcomes.stream().map(Outcome::file).toList())))
                .append("</title>\n<style>\n").append(CSS).append(TraceSvg.CSS).append("</style>\n</head>\n<body>\n");
        for (int i = 0; i < outcomes.size(); i++) {
            file(sb, "f" + i, outcomes.get(i), sources);
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void file(StringBuilder sb, String id, Outcome o, Map<String, SourceFile> sources) {
        sb.append("<section class=\"file\" id=\"").append(id).append("\">\n<h1>").append(esc(o.file())).append("</h1>\n");
        if (o.verdict() == Verdict.ERROR) {
            sb.append("<pre class=\"diagnostics\">").append(esc(TextReport.render(o, sources, PLAIN, false))).append("</pre>\n</section>\n");
            return;
        }
        Scenario sc = o.scenario();
        String tone = o.exitCode() == Judge.OK ? "good" : o.exitCode() == Judge.INCONCLUSIVE ? "warn" : "bad";
        sb.append("<p class=\"meta\">").append(esc(o.mode().text())).append(", era ").append(esc(sc.eraAsGiven())).append("</p>\n");
        sb.append("<p class=\"verdict ").append(tone).append("\">").append(esc(TextReport.verdictLine(o, PLAIN))).append("</p>\n");
        if (!o.finals().isEmpty()) {
            sb.append("<ul class=\"finals\">\n");
            for (FinalResult f : o.finals()) {
                sb.append("<li class=\"").append(f.met() ? "met" : "notmet").append("\"><span class=\"mark\">")
                        .append(f.met() ? "met" : "NOT MET").append("</span> <code>").append(esc(f.title())).append("</code>: ")
                        .append(esc(f.observation() + " " + f.positive() + " " + f.negative() + " (expected " + f.expectation() + ")"))
                        .append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        for (String note : o.notes()) {
            sb.append("<p class=\"note\">note: ").append(esc(note)).append("</p>\n");
        }
        // the runs to draw, in the text report's order: each violation's trace, then the witnesses
        Map<Run, String> runs = new IdentityHashMap<>();
        List<Run> order = new ArrayList<>();
        boolean several = o.traces().values().stream().distinct().count() > 1;
        for (Violation v : o.violations()) {
            Run run = o.traces().get(v.rule());
            if (run != null && !runs.containsKey(run)) {
                runs.put(run, several || o.mode() != Mode.RUN ? "shortest trace to " + v.rule().name() + " (" + run.steps().size() + " steps)"
                        : "the run (" + run.steps().size() + " steps)");
                order.add(run);
            }
        }
        Run clean = o.violations().isEmpty() ? o.run() != null ? o.run() : o.traces().values().stream().findFirst().orElse(null) : null;
        if (clean != null) {
            Run run = clean;
            runs.put(run, "the run (" + run.steps().size() + " steps)");
            order.add(run);
        }
        if (o.mode() != Mode.RUN) {
            for (FinalResult f : o.finals()) {
                Run w = f.witness();
                if (w != null && !runs.containsKey(w)) {
                    runs.put(w, "shortest trace that " + f.witnessVerb() + " " + f.title() + " (" + w.steps().size() + " steps)");
                    order.add(w);
                }
            }
        }
        for (int t = 0; t < order.size(); t++) {
            Run run = order.get(t);
            List<Violation> vs = o.violations().stream().filter(v -> o.traces().get(v.rule()) == run).toList();
            trace(sb, id + "-t" + t, sc, run, runs.get(run), vs);
        }
        if (!o.stats().isEmpty()) {
            StringBuilder st = new StringBuilder();
            o.stats().forEach((k, v) -> st.append(st.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            sb.append("<p class=\"stats\">").append(esc(st.toString())).append("</p>\n");
        }
        sb.append("</section>\n");
    }

    /** One run as a table: time, step, a column per thread, and the step's changes. */
    private static void trace(StringBuilder sb, String id, Scenario sc, Run run, String title, List<Violation> vs) {
        Program p = sc.program();
        int threads = p.threads().size();
        // which steps set up which rule: Explainer's answer for each violation drawn on this run
        Map<Integer, List<String>> setupOf = new TreeMap<>();
        Map<Integer, List<String>> breaks = new TreeMap<>();
        for (Violation v : vs) {
            int at = Explainer.stepOf(run, v);
            if (at >= 0) {
                breaks.computeIfAbsent(at, k -> new ArrayList<>()).add(v.rule().name());
            }
            for (int i : Explainer.setup(run, v, at)) {
                List<String> rules = setupOf.computeIfAbsent(i, k -> new ArrayList<>());
                if (!rules.contains(v.rule().name())) {
                    rules.add(v.rule().name());
                }
            }
        }
        sb.append("<section class=\"trace\" id=\"").append(id).append("\">\n<h2>").append(esc(title)).append("</h2>\n");
        // the rows drawn: as in the text table, a statement's silent inner steps are left out
        List<Row> rows = new ArrayList<>();
        for (TimelineTable.Line line : TimelineTable.lines(sc, run)) {
            boolean first = true;
            for (int i : line.steps()) {
                TraceStep st = run.steps().get(i);
                boolean marked = breaks.containsKey(i) || setupOf.containsKey(i) || !st.violations().isEmpty();
                if (!first && st.changes().stream().allMatch(c -> c.kind() == Change.Kind.LOCAL) && !marked) {
                    continue;
                }
                rows.add(new Row(line, i, first ? line.text() : st.instr() == null ? "" : st.instr().text(), first));
                first = false;
            }
        }
        List<TraceSvg.Dot> dots = new ArrayList<>();
        String lastBlock = null;
        for (Row r : rows) {
            dots.add(new TraceSvg.Dot(r.step(), run.steps().get(r.step()).thread(), r.text(),
                    r.line().block().equals(lastBlock) ? null : r.line().label()));
            lastBlock = r.line().block();
        }
        Map<Integer, List<Integer>> links = new TreeMap<>();
        for (Violation v : vs) {
            int at = Explainer.stepOf(run, v);
            if (at >= 0) {
                links.computeIfAbsent(at, k -> new ArrayList<>()).addAll(Explainer.setup(run, v, at));
            }
        }
        // breaking as the table marks it: every step that reported a violation
        Set<Integer> breaking = new TreeSet<>();
        rows.stream().filter(r -> !run.steps().get(r.step()).violations().isEmpty()).forEach(r -> breaking.add(r.step()));
        TraceSvg.render(sb, id, title, p.threads().stream().map(t -> t.name()).toList(), dots, breaking, links);
        // fixed layout: the thread lanes share what the time, step and changes columns leave
        sb.append("<table class=\"timeline\">\n<colgroup><col class=\"time\"/><col class=\"step\"/>")
                .append("<col class=\"lane\"/>".repeat(threads)).append("<col class=\"changes\"/></colgroup>\n<thead><tr><th class=\"time\">time</th><th class=\"step\">step</th>");
        for (int t = 0; t < threads; t++) {
            sb.append("<th class=\"thread\" data-thread=\"").append(t).append("\">").append(esc(p.threads().get(t).name())).append("</th>");
        }
        sb.append("<th class=\"changes\">page table, TLBs, may-cache, memory</th></tr></thead>\n<tbody>\n");
        String block = null;
        for (Row row : rows) {
            TimelineTable.Line line = row.line();
            int i = row.step();
            boolean first = row.first();
            TraceStep st = run.steps().get(i);
            List<Change> changes = st.changes().stream().filter(c -> c.kind() != Change.Kind.LOCAL).toList();
            StringBuilder cls = new StringBuilder("step");
            if (!line.block().equals(block)) {
                cls.append(" block-start");
            }
            if (!st.violations().isEmpty()) {
                cls.append(" breaking");
            }
            if (setupOf.containsKey(i)) {
                cls.append(" setup");
            }
            sb.append("<tr class=\"").append(cls).append("\" id=\"").append(id).append("-s").append(i + 1)
                    .append("\" data-step=\"").append(i + 1).append("\" data-thread=\"").append(st.thread()).append("\">");
            sb.append("<td class=\"time\">").append(line.block().equals(block) ? "" : esc(line.label())).append("</td>");
            block = line.block();
            sb.append("<td class=\"step\">").append(i + 1).append("</td>");
            for (int t = 0; t < threads; t++) {
                if (t != st.thread()) {
                    sb.append("<td class=\"lane\"></td>");
                    continue;
                }
                String text = row.text();
                sb.append("<td class=\"lane stmt").append(first ? "" : " inner").append("\" data-thread=\"").append(t)
                        .append("\"><code>").append(esc(text)).append("</code></td>");
            }
            sb.append("<td class=\"changes\">");
            for (Change c : changes) {
                String[] kind = kind(c.kind());
                sb.append("<div class=\"change ").append(kind[0]).append("\"><span class=\"tag\">").append(kind[1])
                        .append("</span> ").append(esc(c.text())).append("</div>");
            }
            for (Violation v : st.violations()) {
                sb.append("<div class=\"violation\"><b>").append(esc(v.rule().name())).append("</b>: ").append(esc(v.message()))
                        .append("</div>");
            }
            if (setupOf.containsKey(i)) {
                sb.append("<div class=\"setup-mark\">sets up ").append(esc(String.join(", ", setupOf.get(i)))).append("</div>");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        for (Violation v : vs) {
            sb.append("<pre class=\"explain\">").append(esc(TextReport.violation(sc, v, run, PLAIN))).append("</pre>\n");
        }
        sb.append("</section>\n");
    }

    /** A step the page draws: its statement's line of the timeline table, its index, its text, and whether it is the line's first. */
    private record Row(TimelineTable.Line line, int step, String text, boolean first) {}

    /** The CSS class and the tag of a change: which part of the machine it touched. */
    private static String[] kind(Change.Kind k) {
        return switch (k) {
            case PTE_CLEAR, PTE_SET, PTE_PROTECT -> new String[] {"pt", "page table"};
            case CPU_FILL, CPU_FLUSH -> new String[] {"cpu", "CPU TLB"};
            case DEV_FILL -> new String[] {"dev", "device TLB"};
            case NOTIFY, INV_START, INV_END -> new String[] {"notify", "notifier"};
            case READ, WRITE, COPY -> new String[] {"mem", "memory"};
            case ALLOC, FREE, REF -> new String[] {"frame", "frame"};
            case FAULT -> new String[] {"fault", "fault"};
            case LOCK, UNLOCK -> new String[] {"lock", "lock"};
            case LOCAL -> new String[] {"local", "local"};
        };
    }

    /** Text as HTML (and XML) character data or attribute value. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' '); // not allowed in XML 1.0, and never meaningful here
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; background: #fff; }
            h1 { font-size: 1.4em; margin: 0.2em 0; }
            h2 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
            code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
            section.file { border-top: 3px solid #444; margin-bottom: 2.5em; padding-top: 0.5em; }
            .meta { color: #666; margin: 0; }
            .verdict { font-weight: 600; padding: 0.4em 0.6em; border-radius: 4px; }
            .verdict.good { background: #e3f4e6; color: #145a22; }
            .verdict.warn { background: #fff3cd; color: #6b4e00; }
            .verdict.bad { background: #fde2e1; color: #8a1c16; }
            ul.finals { list-style: none; padding: 0; }
            ul.finals li { margin: 0.2em 0; }
            ul.finals .mark { display: inline-block; min-width: 5.5em; font-weight: 600; }
            ul.finals li.met .mark { color: #145a22; }
            ul.finals li.notmet .mark { color: #b3261e; }
            .note { color: #6b4e00; }
            table.timeline { border-collapse: collapse; width: 100%; table-layout: fixed; }
            col.time { width: 3.8em; } col.step { width: 3.8em; } col.changes { width: 32%; }
            table.timeline td, table.timeline th { overflow-wrap: anywhere; }
            table.timeline th { background: #f0f0f3; text-align: left; padding: 0.3em 0.5em; border-bottom: 2px solid #999;
                position: sticky; top: 0; }
            table.timeline td { padding: 0.25em 0.5em; vertical-align: top; border-bottom: 1px solid #eee; }
            td.lane { border-left: 1px dashed #ccc; }
            td.stmt { background: #eef3fb; border-left: 3px solid #4a78c2; }
            td.stmt.inner code { color: #555; font-size: 11.5px; }
            td.time, td.step { color: #777; white-space: nowrap; font-family: ui-monospace, monospace; }
            td.changes { font-size: 12.5px; }
            tr.block-start td { border-top: 1px solid #999; }
            .change { margin: 0.05em 0; font-family: ui-monospace, monospace; }
            .tag { display: inline-block; font: 600 10px system-ui, sans-serif; text-transform: uppercase; padding: 0 0.4em;
                border-radius: 3px; color: #fff; background: #888; min-width: 6.5em; text-align: center; }
            .pt .tag { background: #6a3fb5; } .cpu .tag { background: #2f7d4a; } .dev .tag { background: #b5651d; }
            .notify .tag { background: #1f6f8b; } .mem .tag { background: #555; } .frame .tag { background: #7a7a2a; }
            .fault .tag { background: #a33; } .lock .tag { background: #999; }
            tr.breaking td { background: #fde2e1; }
            tr.breaking td.stmt { border-left-color: #b3261e; }
            tr.setup td { background: #fff3cd; }
            tr.setup td.stmt { border-left-color: #c99400; }
            .violation { color: #8a1c16; margin-top: 0.2em; font-family: system-ui, sans-serif; }
            .setup-mark { color: #6b4e00; font-weight: 600; margin-top: 0.2em; font-family: system-ui, sans-serif; }
            pre.explain { background: #f7f7f9; border-left: 3px solid #b3261e; padding: 0.5em 0.8em; white-space: pre-wrap; }
            pre.diagnostics { background: #fde2e1; padding: 0.5em 0.8em; white-space: pre-wrap; }
            .stats { color: #777; font-size: 12px; }
            """;
}
