package dev.mmun.machine;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.util.List;
import java.util.Set;

/**
 * A checked and lowered script: the program, what the script expects of it, its timeline, its
 * schedule, and the script it came from (what {@code check --emit-trace} writes back). expected
 * is null when the script says nothing about the verdict; schedule is null when it gives none.
 */
public record Scenario(SourceFile source, Program program, Set<Rule> expected, Span expectSpan,
                       List<FinalCheck> finals, List<Slot> timeline, Mode mode, List<Integer> schedule,
                       Script script) {

    /**
     * A herd-style final condition, compiled over the whole state vector. vars: what it reads
     * (registers as THREAD:reg, pages by name), in the order written, each once: a final state is
     * listed by their values, as herd's {@code States} are.
     */
    public record FinalCheck(Item.Quantifier quantifier, Val condition, String text, Span span, List<Observable> vars) {}

    /** One thing a final condition reads, by the name it is written with. */
    public record Observable(String name, Val value) {}

    /** The things all the final conditions read, each once, in the order they first appear. */
    public List<Observable> observables() {
        return observables(finals);
    }

    public static List<Observable> observables(List<FinalCheck> finals) {
        java.util.Map<String, Observable> out = new java.util.LinkedHashMap<>();
        for (FinalCheck f : finals) {
            for (Observable o : f.vars()) {
                out.putIfAbsent(o.name(), o);
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * One cell of the timeline: thread runs until its pc reaches endPc. block numbers the time
     * blocks (labels may repeat, as the document's N+3 does); the row is shown as written.
     */
    public record Slot(int thread, int endPc, int block, String label, Span span, String text) {}

    public boolean hasTimeline() {
        return timeline != null;
    }

    public boolean hasSchedule() {
        return schedule != null;
    }

    /** How `mmun test` runs the file: as the script asks, else run for a timeline or schedule, check otherwise. */
    public Mode effectiveMode() {
        return mode != null ? mode : hasTimeline() || hasSchedule() ? Mode.RUN : Mode.CHECK;
    }

    /** The era as the script gives it (6.1 stays 6.1; the machine only knows 4.15 and 6.6 semantics). */
    public String eraAsGiven() {
        if (script != null) {
            for (Item.Era e : script.all(Item.Era.class)) {
                return e.version();
            }
        }
        return program.version();
    }
}
