package dev.mmun.report;

import dev.mmun.explore.Run;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Change;
import dev.mmun.machine.Change.Kind;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the earlier steps of a trace that set a violation up: the clear that was not notified, the
 * fill that made the translation stale, the write the stale read missed, the free of a reused frame.
 * It reads the changes the steps recorded; the machine state alone decided the violation.
 */
public final class Explainer {
    private Explainer() {
    }

    /** The step that broke the rule: the first step that reported this violation. */
    public static int stepOf(Run run, Violation v) {
        for (int i = 0; i < run.steps().size(); i++) {
            for (Violation w : run.steps().get(i).violations()) {
                if (w.rule() == v.rule() && w.span().equals(v.span()) && w.thread() == v.thread()) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Indices of the steps before {@code at} that set v up, in trace order. */
    public static List<Integer> setup(Run run, Violation v, int at) {
        TreeSet<Integer> out = new TreeSet<>();
        int page = v.page();
        int frame = v.frame();
        if (at < 0) {
            return List.of();
        }
        switch (v.rule()) {
            case CASE_B -> {
                add(out, last(run, at, Kind.PTE_CLEAR, page, -1));
                add(out, last(run, at, Kind.DEV_FILL, page, frame));
                add(out, last(run, at, Kind.PTE_SET, page, frame));
            }
            case CASE_A -> {
                add(out, last(run, at, Kind.PTE_CLEAR, page, frame));
                add(out, last(run, at, Kind.DEV_FILL, page, frame));
            }
            case STALE_READ -> {
                add(out, last(run, at, Kind.DEV_FILL, page, frame));
                add(out, last(run, at, Kind.PTE_CLEAR, page, -1));
                add(out, last(run, at, Kind.WRITE, page, -1));
            }
            case DEVICE_UAF, CPU_TLB_UAF -> {
                add(out, last(run, at, v.rule().name().startsWith("DEVICE") ? Kind.DEV_FILL : Kind.CPU_FILL, page, frame));
                add(out, last(run, at, Kind.FREE, -1, frame));
                add(out, last(run, at, Kind.ALLOC, -1, frame));
            }
            case WP_NOT_PROPAGATED -> {
                add(out, last(run, at, Kind.DEV_FILL, page, frame));
                add(out, Math.max(last(run, at, Kind.PTE_PROTECT, page, frame), last(run, at, Kind.PTE_SET, page, frame)));
            }
            case LOST_WRITE -> {
                add(out, last(run, at, Kind.DEV_FILL, page, frame));
                add(out, last(run, at, Kind.COPY, -1, -1));
                add(out, last(run, at, Kind.WRITE, -1, frame));
            }
            case STALE_MIRROR -> {
                add(out, last(run, at, Kind.INV_START, -1, -1));
                add(out, last(run, at, Kind.DEV_FILL, page, frame));
                add(out, last(run, at, Kind.PTE_CLEAR, page, -1));
            }
            default -> { }
        }
        out.remove(at);
        return new ArrayList<>(out);
    }

    private static void add(TreeSet<Integer> out, int i) {
        if (i >= 0) {
            out.add(i);
        }
    }

    private static int last(Run run, int before, Kind kind, int page, int frame) {
        for (int i = Math.min(before, run.steps().size() - 1); i >= 0; i--) {
            TraceStep s = run.steps().get(i);
            for (Change c : s.changes()) {
                if (c.kind() == kind && (page < 0 || c.page() == page) && (frame < 0 || c.frame() == frame)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
