package dev.mmun.repl;

import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps of a session grouped as a timeline: a cell is a run of consecutive steps of one thread
 * within one statement (typed, of a body, or a script's row); a time block holds cells of distinct
 * threads, and a script's own blocks keep their labels. A cell's source is the statements as
 * written when it ran them whole, and otherwise the instructions it ran, written back as source;
 * so the timeline, saved, replays the same steps.
 */
final class Cells {
    record Cell(int thread, int block, String label, List<Integer> steps, String display, String source) {}

    private final Build b;
    private final List<Taken> taken;
    private final List<Cell> cells = new ArrayList<>();
    private final int[] cellOfStep;
    /** Each thread's pc after the last step. */
    private final int[] pcNow;

    Cells(Build b, List<Taken> taken) {
        this.b = b;
        this.taken = taken;
        this.cellOfStep = new int[taken.size()];
        this.pcNow = new int[b.program.threads().size()];
        for (Taken k : taken) {
            pcNow[k.thread()] = k.pcAfter();
        }
        group();
    }

    List<Cell> cells() {
        return cells;
    }

    /** The scenario with this timeline, for the timeline table and the violation reports. */
    Scenario scenario() {
        List<Scenario.Slot> slots = new ArrayList<>();
        for (Cell c : cells) {
            Taken last = taken.get(c.steps().get(c.steps().size() - 1));
            Instr first = taken.get(c.steps().get(0)).instr();
            slots.add(new Scenario.Slot(c.thread(), last.pcAfter(), c.block(), c.label(),
                    first == null ? b.program.threads().get(c.thread()).span() : first.span(), c.display()));
        }
        Scenario sc = b.scenario;
        return new Scenario(sc.source(), sc.program(), sc.expected(), sc.expectSpan(), sc.finals(), slots, sc.mode(), sc.schedule(), sc.script());
    }

    /** The steps as a run, each step in its cell. */
    Run run(List<String> notes) {
        return runFrom(0, notes);
    }

    /** The steps from one on, as a run (the cells keep the labels of the whole). */
    Run runFrom(int from, List<String> notes) {
        List<TraceStep> steps = new ArrayList<>();
        List<Violation> all = new ArrayList<>();
        for (int i = from; i < taken.size(); i++) {
            Taken k = taken.get(i);
            Cell c = cells.get(cellOfStep[i]);
            steps.add(new TraceStep(k.thread(), k.instr(), c.label(), cellOfStep[i], k.changes(), k.violations()));
            all.addAll(k.violations());
        }
        return new Run(steps, taken.isEmpty() ? b.sem.initial() : taken.get(taken.size() - 1).after(), all, false, notes);
    }

    private void group() {
        List<List<Integer>> runs = new ArrayList<>();
        List<Integer> anchors = new ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            Taken k = taken.get(i);
            int anchor = b.slotAt(k.thread(), anchorPc(k));
            int last = runs.size() - 1;
            if (last >= 0 && taken.get(runs.get(last).get(0)).thread() == k.thread() && anchors.get(last) == anchor) {
                runs.get(last).add(i);
            } else {
                List<Integer> r = new ArrayList<>();
                r.add(i);
                runs.add(r);
                anchors.add(anchor);
            }
        }
        Map<Integer, Set<Integer>> unitRuns = new LinkedHashMap<>();
        for (int r = 0; r < runs.size(); r++) {
            for (int i : runs.get(r)) {
                Taken k = taken.get(i);
                for (int pc : k.pcs()) {
                    unitRuns.computeIfAbsent(b.slotAt(k.thread(), pc), x -> new HashSet<>()).add(r);
                }
            }
        }
        InstrSource writer = new InstrSource(b.program);
        String blockKey = null;
        Set<Integer> inBlock = new HashSet<>();
        int block = -1;
        String label = null;
        int auto = 0;
        for (int r = 0; r < runs.size(); r++) {
            List<Integer> steps = runs.get(r);
            int t = taken.get(steps.get(0)).thread();
            StringBuilder source = new StringBuilder();
            StringBuilder display = new StringBuilder();
            Set<Integer> fileBlocks = new HashSet<>();
            boolean whole = true;
            int unit = Integer.MIN_VALUE;
            List<Integer> partial = new ArrayList<>();
            for (int i : steps) {
                for (int pc : taken.get(i).pcs()) {
                    int u = b.slotAt(t, pc);
                    if (u != unit) {
                        flush(writer, t, partial, source);
                        unit = u;
                        Origin o = u < 0 ? null : b.origins.get(u);
                        fileBlocks.add(o != null && o.kind() == Origin.Kind.TIMELINE ? o.block() : -1);
                        if (o != null && isWhole(u, r, unitRuns)) {
                            join(source, o.text());
                            join(display, o.text());
                            unit = u;
                            continue;
                        }
                        whole = false;
                    }
                    if (!isWhole(u, r, unitRuns)) {
                        partial.add(pc);
                        Instr in = b.program.threads().get(t).code()[pc];
                        if (!in.op().local()) {
                            join(display, in.text());
                        }
                    }
                }
            }
            flush(writer, t, partial, source);
            String key = fileBlocks.size() == 1 && !fileBlocks.contains(-1) ? "T" + fileBlocks.iterator().next() : "A";
            if (!key.equals(blockKey) || inBlock.contains(t)) {
                block++;
                blockKey = key;
                inBlock.clear();
                auto++;
                label = key.startsWith("T") ? b.origins.get(anchorSlotOf(steps)).label() : Integer.toString(auto);
            }
            inBlock.add(t);
            for (int i : steps) {
                cellOfStep[i] = cells.size();
            }
            String shown = display.length() == 0 ? (whole ? source.toString() : "") : display.toString();
            cells.add(new Cell(t, block, label, List.copyOf(steps), shown, source.toString()));
        }
    }

    /** A unit is whole in run r when r ran all of its code that ran and the thread is past its end. */
    private boolean isWhole(int u, int r, Map<Integer, Set<Integer>> unitRuns) {
        if (u < 0) {
            return false;
        }
        Set<Integer> rs = unitRuns.get(u);
        if (rs == null || rs.size() != 1 || !rs.contains(r)) {
            return false;
        }
        return pcNow[b.slot(u).thread()] >= b.slot(u).endPc();
    }

    private int anchorSlotOf(List<Integer> steps) {
        Taken k = taken.get(steps.get(0));
        return b.slotAt(k.thread(), anchorPc(k));
    }

    /** The pc a step is about: its first machine instruction, else its first instruction. */
    private int anchorPc(Taken k) {
        Instr[] code = b.program.threads().get(k.thread()).code();
        for (int pc : k.pcs()) {
            if (!code[pc].op().local()) {
                return pc;
            }
        }
        return k.pcs().length > 0 ? k.pcs()[0] : k.pcBefore();
    }

    private static void flush(InstrSource writer, int t, List<Integer> pcs, StringBuilder source) {
        if (!pcs.isEmpty()) {
            join(source, writer.render(t, pcs));
            pcs.clear();
        }
    }

    private static void join(StringBuilder sb, String s) {
        if (s.isEmpty()) {
            return;
        }
        if (sb.length() > 0) {
            sb.append("; ");
        }
        sb.append(s);
    }
}
