package dev.mmun.explore;

import dev.mmun.machine.Change;
import dev.mmun.machine.Sink;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything one step reports (changes, violations, the pcs it ran), for traces. */
public final class Recorder implements Sink {
    private final List<Change> changes = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<Integer> pcs = new ArrayList<>();

    public List<Change> changes() {
        return List.copyOf(changes);
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public int[] pcs() {
        return pcs.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void violation(Violation v) {
        violations.add(v);
    }

    @Override
    public boolean wantsChanges() {
        return true;
    }

    @Override
    public void change(Change c) {
        changes.add(c);
    }

    @Override
    public void executed(int pc) {
        pcs.add(pc);
    }
}
