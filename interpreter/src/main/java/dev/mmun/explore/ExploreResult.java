package dev.mmun.explore;

import dev.mmun.machine.Rule;
import java.util.List;
import java.util.Map;

/**
 * What a search found: for each rule broken, the thread choices of a shortest schedule that breaks
 * it (for DEADLOCK: that reaches a deadlocked state), the final conditions counted over the terminal
 * states, the bound that stopped the search (null when it was exhaustive), and its statistics.
 *
 * @param positive for each final condition, the terminal states (or runs) where it holds
 * @param bound    what stopped the search short of every interleaving, or null
 * @param finalStates the terminal states by the values the final conditions read, and each condition's witness
 */
public record ExploreResult(Map<Rule, List<Integer>> traces, long terminals, long[] positive, long[] negative,
                            Bound bound, Stats stats, List<String> notes, FinalStates finalStates) {

    /**
     * SPIN-like figures. stored: distinct states kept; matched: transitions that led to a state
     * already seen; transitions: steps explored; depth: the deepest level reached; memoryBytes: the
     * search's own tables at their peak; collision: the chance that hash compaction merged two
     * different states (0 for random runs); firstViolationMillis: when the first rule was found (-1: none).
     */
    public record Stats(long stored, long matched, long transitions, int depth, long millis, long memoryBytes,
                        int workers, boolean por, boolean symmetry, double collision, long runs,
                        long firstViolationMillis) {
        public long statesPerSecond() {
            return millis <= 0 ? stored * 1000 : stored * 1000 / millis;
        }
    }
}
