package dev.mmun.explore;

/**
 * How {@code mmun check --part I/N} cuts a search into N parts that need not talk to each other:
 * every part runs the same breadth-first search down to the split level, then keeps only the states
 * of that level whose hash falls in part I, and explores those to the end. Every state below the
 * split level is reached from some state of it (a breadth-first level is the set of states at that
 * shortest distance), so the parts together see every state and every step the whole search sees;
 * a state reached from frontier states of two parts is explored by both. The split level and the
 * hash depend only on the scenario and the search options, so every machine cuts the same way.
 *
 * @param part  1..parts
 * @param depth the split level; 0: the first level with at least {@link #autoWidth} states
 */
public record Split(int part, int parts, int depth) {
    /** The automatic split level's width, per part: enough states that the hash spreads them evenly. */
    public static final int WIDTH_PER_PART = 256;

    public Split {
        if (parts < 1 || part < 1 || part > parts || depth < 0) {
            throw new IllegalArgumentException("no part " + part + "/" + parts + " at depth " + depth);
        }
    }

    long autoWidth() {
        return (long) WIDTH_PER_PART * parts;
    }

    /** Whether the search splits at this level, which has this many states (asked once per level, until it splits). */
    boolean due(int level, long width) {
        return depth > 0 ? level == depth : width >= autoWidth();
    }

    /** Whether a state with this fingerprint (of its canonical form, when the frames are symmetric) is in this part. */
    boolean keeps(long fingerprint) {
        long x = fingerprint * 0x9E3779B97F4A7C15L;
        x ^= x >>> 31;
        return Long.remainderUnsigned(x, parts) == part - 1;
    }

    /**
     * What the search had done when it split: the same in every part, so the merge counts it once.
     * stored includes the whole split level; terminals and the final conditions' counts are those of
     * the levels above it.
     *
     * @param depth the split level
     * @param width how many states it has
     * @param kept  how many of them are this part's
     * @param finalStates the valuations of the terminal states above the split level (null when read back from a part file)
     */
    public record Prefix(int depth, long width, long kept, long stored, long matched, long transitions,
                         long terminals, long[] positive, long[] negative, FinalStates finalStates) {}

    /** A part's search: its result (its own counts include the prefix) and the prefix, null when the search ended before any level was wide enough to split. */
    public record Result(ExploreResult result, Prefix prefix) {}
}
