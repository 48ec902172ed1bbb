package dev.mmun.check;

import dev.mmun.ast.Item;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Val;
import java.util.List;
import java.util.Set;

/**
 * A checked and lowered script: the program, what the script expects of it, and its timeline.
 * expected is null when the script says nothing about the verdict.
 */
public record Scenario(SourceFile source, Program program, Set<Rule> expected, Span expectSpan,
                       List<FinalCheck> finals, List<Slot> timeline, String mode) {

    /** A herd-style final condition, compiled over the whole state vector. */
    public record FinalCheck(Item.Quantifier quantifier, Val condition, String text, Span span) {}

    /**
     * One cell of the timeline: thread runs until its pc reaches endPc. block numbers the time
     * blocks (labels may repeat, as the document's N+3 does); the row is shown as written.
     */
    public record Slot(int thread, int endPc, int block, String label, Span span, String text) {}

    public boolean hasTimeline() {
        return timeline != null;
    }

    /** How `mmun test` runs the file: as the script asks, else run for a timeline, check otherwise. */
    public String effectiveMode() {
        return mode != null ? mode : hasTimeline() ? "run" : "check";
    }
}
