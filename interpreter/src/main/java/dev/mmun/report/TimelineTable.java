package dev.mmun.report;

import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Change;
import dev.mmun.machine.Program;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run as the document's timeline table: {@code [time N]} blocks, one line per thread that moved,
 * with what its step changed in the page table, the TLBs and the frames.
 */
public final class TimelineTable {
    private static final int RULER = 72;

    /** One printed line: the thread, the statement(s) it ran, and the steps it covers. */
    public record Line(String block, int thread, String text, List<Integer> steps) {
        /** The time label of its block: a timeline's {@code N+1}, or a counter for free-running steps. */
        public String label() {
            return labelOf(block);
        }
    }

    private TimelineTable() {
    }

    public static String render(Scenario sc, Run run, Style style) {
        Program p = sc.program();
        List<Line> lines = lines(sc, run);
        int nameWidth = p.threads().stream().mapToInt(t -> t.name().length()).max().orElse(8);
        int textWidth = Math.min(48, lines.stream().mapToInt(l -> l.text().length() + 2).max().orElse(10));
        StringBuilder sb = new StringBuilder();
        String block = null;
        for (Line line : lines) {
            if (!line.block().equals(block)) {
                block = line.block();
                String head = "[time " + labelOf(block) + "] ";
                sb.append(style.dim(head + "-".repeat(Math.max(4, RULER - head.length())))).append('\n');
            }
            String cell = "{" + line.text() + "}";
            String head = pad(p.threads().get(line.thread()).name(), nameWidth) + "  " + pad(cell, textWidth) + " ";
            String indent = " ".repeat(Math.min(head.length(), nameWidth + 2 + textWidth + 1));
            boolean first = true;
            for (int i : line.steps()) {
                TraceStep st = run.steps().get(i);
                String changes = st.changes().stream().filter(c -> c.kind() != Change.Kind.LOCAL).map(Change::text)
                        .collect(java.util.stream.Collectors.joining("; "));
                if (!first && changes.isEmpty() && st.violations().isEmpty()) {
                    continue;
                }
                sb.append(first ? head : indent).append(changes).append('\n');
                first = false;
                for (Violation v : st.violations()) {
                    sb.append(" ".repeat(nameWidth + 2)).append(style.bad("!! " + v.rule().name())).append(": ")
                            .append(v.message()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** One step as {@code [time L] THREAD {statement}}, for the steps that set a violation up. */
    public static String describe(Scenario sc, Run run, int step) {
        for (Line line : lines(sc, run)) {
            if (line.steps().contains(step)) {
                TraceStep st = run.steps().get(step);
                String text = st.instr() == null ? line.text() : st.instr().text();
                return "[time " + labelOf(line.block()) + "] " + sc.program().threads().get(line.thread()).name() + " {" + text + "}";
            }
        }
        return "step " + (step + 1);
    }

    /** The block key is "index|label" so that repeated labels stay apart. */
    private static String labelOf(String key) {
        return key.substring(key.indexOf('|') + 1);
    }

    /** The run's lines, as {@link #render} prints them (HtmlReport draws the same ones). */
    public static List<Line> lines(Scenario sc, Run run) {
        List<Line> out = new ArrayList<>();
        int blockNo = 0;
        Set<Integer> moved = new HashSet<>();
        String current = null;
        int lastSlot = -1;
        for (int i = 0; i < run.steps().size(); i++) {
            TraceStep st = run.steps().get(i);
            if (st.slot() >= 0) {
                Scenario.Slot slot = sc.timeline().get(st.slot());
                String key = "T" + slot.block() + "|" + slot.label();
                if (st.slot() == lastSlot) {
                    out.get(out.size() - 1).steps().add(i);
                    continue;
                }
                lastSlot = st.slot();
                current = key;
                moved.clear();
                List<Integer> steps = new ArrayList<>();
                steps.add(i);
                out.add(new Line(key, st.thread(), slot.text(), steps));
                continue;
            }
            if (current == null || current.startsWith("T") || moved.contains(st.thread())) {
                current = "S" + blockNo + "|" + blockNo;
                blockNo++;
                moved.clear();
            }
            moved.add(st.thread());
            List<Integer> steps = new ArrayList<>();
            steps.add(i);
            String text = st.instr() == null ? "" : st.instr().text();
            out.add(new Line(current, st.thread(), text, steps));
        }
        return out;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
