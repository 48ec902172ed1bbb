package dev.mmun.repl;

import dev.mmun.machine.Change;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Violation;
import dev.mmun.report.Style;
import dev.mmun.report.TextReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Prints what a step did, in the words of mmun run: its changes, the locals it set, what it broke. */
final class StepPrinter {
    private final Style style;

    StepPrinter(Style style) {
        this.style = style;
    }

    /**
     * One step. withStatement shows the thread and the statement; atEnd says the schedule is over,
     * so that a thread ending with an invalidation open is a violation rather than a note.
     */
    String step(Build b, List<Taken> tape, int index, boolean withStatement, boolean atEnd) {
        Taken k = tape.get(index);
        StringBuilder sb = new StringBuilder("  ");
        if (withStatement) {
            sb.append(style.bold(b.threadName(k.thread()))).append(" {")
                    .append(k.instr() == null ? "" : k.instr().text()).append("}  ");
        }
        List<String> parts = new ArrayList<>();
        for (Change c : k.changes()) {
            if (c.kind() != Change.Kind.LOCAL) {
                parts.add(c.text());
            }
        }
        parts.addAll(locals(b, k));
        sb.append(parts.isEmpty() ? style.dim("no change") : String.join("; ", parts)).append('\n');
        List<Violation> shown = new ArrayList<>();
        for (Violation v : k.violations()) {
            if (!atEnd && isThreadExit(b, k, v)) {
                // the thread may still be given its invalidate_range_end: :state and :quit say it is open
                continue;
            } else {
                shown.add(v);
            }
        }
        if (!shown.isEmpty()) {
            Cells cells = new Cells(b, tape.subList(0, index + 1));
            for (Violation v : shown) {
                sb.append(TextReport.violation(cells.scenario(), v, cells.run(List.of()), style)
                        .replaceAll("(?m)^", "  "));
            }
        }
        return sb.toString();
    }

    /**
     * The notes for threads whose program, as typed so far, ends with an invalidation open: said
     * where it helps (:state, :quit), not after every step, since the next input may end it.
     */
    String openInvalidations(Build b, List<Taken> tape, java.util.function.IntUnaryOperator pc) {
        StringBuilder sb = new StringBuilder();
        Set<Integer> seen = new HashSet<>();
        for (int i = tape.size() - 1; i >= 0; i--) {
            Taken k = tape.get(i);
            if (!seen.add(k.thread()) || pc.applyAsInt(k.thread()) < b.codeLength(k.thread())) {
                continue;
            }
            for (Violation v : k.violations()) {
                if (isThreadExit(b, k, v)) {
                    sb.append("  ").append(style.warn("note: ")).append("if ").append(b.threadName(k.thread()))
                            .append("'s program ended here: ").append(v.message()).append(" (UNPAIRED_INVALIDATE)\n");
                }
            }
        }
        return sb.toString();
    }

    /** The violation that Effects reports when a thread finishes with an invalidation open. */
    static boolean isThreadExit(Build b, Taken k, Violation v) {
        if (v.rule() != Rule.UNPAIRED_INVALIDATE || k.pcAfter() < b.codeLength(k.thread())) {
            return false;
        }
        for (Instr in : b.program.threads().get(k.thread()).code()) {
            if (in.op() == Op.INV_START && in.span().equals(v.span())) {
                return true;
            }
        }
        return false;
    }

    /** Locals the step changed, except what a read already says; frames by name. */
    private static List<String> locals(Build b, Taken k) {
        Program p = b.program;
        Program.Thread th = p.threads().get(k.thread());
        Set<Integer> frameValued = new HashSet<>();
        Set<Integer> said = new HashSet<>();
        for (int pc : k.pcs()) {
            Instr in = th.code()[pc];
            if (in.op() == Op.ALLOC || in.op() == Op.PTE_PAGE) {
                frameValued.add(in.dst());
            } else if (in.op() == Op.READ) {
                said.add(in.dst());
            }
        }
        List<String> out = new ArrayList<>();
        int base = p.localBase(k.thread());
        for (int slot = 1; slot < th.locals().size(); slot++) {
            int before = k.before().get(base + slot);
            int after = k.after().get(base + slot);
            if (before == after || said.contains(slot)) {
                continue;
            }
            String value = frameValued.contains(slot) ? (after == 0 ? "none" : p.frames().get(after - 1).name())
                    : Integer.toString(after);
            out.add(displayName(th.locals().get(slot)) + " = " + value);
        }
        return out;
    }

    /** A local as the user wrote it: a procedure instance's prefix left out. */
    static String displayName(String full) {
        return full.substring(full.lastIndexOf('.') + 1);
    }

    static String joinChanges(List<Change> changes) {
        return changes.stream().map(Change::text).collect(Collectors.joining("; "));
    }
}
