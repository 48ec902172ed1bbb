package dev.mmun.explore;

import dev.mmun.machine.Change;
import dev.mmun.machine.Sink;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything one step reports, for traces. */
final class Recorder implements Sink {
    final List<Change> changes = new ArrayList<>();
    final List<Violation> violations = new ArrayList<>();

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
}
