package dev.mmun.repl;

import dev.mmun.explore.Exhaustive;
import dev.mmun.explore.Replay;
import dev.mmun.machine.Rule;
import dev.mmun.machine.State;
import dev.mmun.report.Style;
import dev.mmun.report.TextReport;
import dev.mmun.report.TimelineTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code :check}: every interleaving from the current state, by the session's exhaustive
 * explorer; each rule found is shown as the steps from here that break it, which {@code :follow}
 * can then take.
 */
final class Checking {
    /** What the last check found, for :follow: the session it ran on and each rule's choices. */
    record Found(List<Event> events, Map<Rule, List<Integer>> choices) {}

    private Checking() {
    }

    static Found check(ReplSession rs, long maxStates) {
        PrintWriter out = rs.out();
        Style style = rs.style();
        Build b = rs.build();
        State start = rs.state();
        out.println("  " + style.dim("exploring every interleaving from here (Ctrl-C stops)..."));
        out.flush();
        long t0 = System.nanoTime();
        Exhaustive.Result r = rs.checker().explore(b.sem, start, maxStates, rs::cancelled);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Exhaustive.Witness> ws = new ArrayList<>(r.witnesses());
        ws.sort(Comparator.comparing(w -> w.violation().rule()));
        Map<Rule, List<Integer>> choices = new LinkedHashMap<>();
        for (Exhaustive.Witness w : ws) {
            List<Taken> all = new ArrayList<>(rs.taken());
            new Replay(b.sem).follow(start, w.choices(), Taken.observer(b, all));
            Cells cells = new Cells(b, all);
            int more = all.size() - rs.taken().size();
            out.println(style.bad(w.violation().rule().name()) + " in " + more + " more step" + (more == 1 ? "" : "s") + " from here:");
            out.print(TimelineTable.render(cells.scenario(), cells.runFrom(rs.taken().size(), List.of()), style));
            out.print(TextReport.violation(cells.scenario(), w.violation(), cells.run(List.of()), style));
            choices.put(w.violation().rule(), w.choices());
        }
        String seen = String.format("%,d states in %.1f s", r.states(), secs);
        if (r.cancelled()) {
            out.println(style.warn("interrupted") + " after " + seen + ": not every interleaving was seen");
        } else if (!r.complete()) {
            out.println(style.warn("stopped") + " at the bound of " + seen + ": not every interleaving was seen (:check STATES raises it)");
        } else {
            out.println("  " + style.dim("every interleaving from here: " + seen));
        }
        String verdict = ws.isEmpty() ? (r.complete() ? style.good("ok") : style.warn("inconclusive"))
                : style.bad("violation: " + ws.stream().map(w -> w.violation().rule().name()).collect(Collectors.joining(", ")));
        out.println("verdict: " + verdict + (ws.isEmpty() ? "" : style.dim("  (:follow RULE takes those steps)")));
        return new Found(List.copyOf(rs.events()), choices);
    }
}
