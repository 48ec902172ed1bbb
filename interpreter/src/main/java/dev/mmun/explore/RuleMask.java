package dev.mmun.explore;

import dev.mmun.machine.Sink;
import dev.mmun.machine.Violation;

/** A sink that keeps only which rules a step broke, as a bit mask over Rule ordinals. */
final class RuleMask implements Sink {
    int mask;

    @Override
    public void violation(Violation v) {
        mask |= 1 << v.rule().ordinal();
    }

    @Override
    public boolean wantsMessages() {
        return false;
    }
}
