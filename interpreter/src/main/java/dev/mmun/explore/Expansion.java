package dev.mmun.explore;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link Worker} found expanding a run of a level's states, kept until the search merges
 * it: the new states (with the thread that moved to each), the figures, the rules broken first
 * and the terminal states. A worker is a search thread's (its scratch stays in that thread's
 * caches); with several threads each part in flight has an expansion of its own (see {@link Crew}).
 */
final class Expansion {
    Frontier out;
    int[] outChoice = new int[256];
    long transitions;
    long matched;
    long terminals;
    final long[] positive;
    final long[] negative;
    final FinalStates finalStates;
    final int[] ruleParent = new int[Rule.values().length];
    final int[] ruleChoice = new int[Rule.values().length];
    boolean depthCut;
    boolean symmetryBroken;

    Expansion(List<Scenario.FinalCheck> finals) {
        this.positive = new long[finals.size()];
        this.negative = new long[finals.size()];
        this.finalStates = new FinalStates(finals);
        reset();
    }

    /** The vector the level buffers store states against (the initial state). */
    void reference(int[] init) {
        out = new Frontier(init, 1024);
    }

    void reset() {
        if (out != null) {
            out.clear();
        }
        transitions = 0;
        matched = 0;
        terminals = 0;
        Arrays.fill(positive, 0);
        Arrays.fill(negative, 0);
        finalStates.clear();
        Arrays.fill(ruleParent, Worker.UNSET);
        Arrays.fill(ruleChoice, Worker.UNSET);
        depthCut = false;
        symmetryBroken = false;
    }
}
