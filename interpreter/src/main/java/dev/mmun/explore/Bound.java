package dev.mmun.explore;

/**
 * Why a search did not see every interleaving: a bound it hit, or that it was random runs (which
 * never see them all). Its text is what part files, notes and bench lines write.
 */
public enum Bound {
    MAX_STATES("max-states"),
    MAX_DEPTH("max-depth"),
    TIMEOUT("timeout"),
    MEMORY("memory"),
    INTERRUPTED("interrupted"),
    /** random runs ({@code check --random}) that ended without hitting a bound */
    RANDOM("random");

    private final String text;

    Bound(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The bound a part file names; IllegalArgumentException for a text no bound has. */
    public static Bound of(String text) {
        for (Bound b : values()) {
            if (b.text.equals(text)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no search bound is called " + text);
    }

    @Override
    public String toString() {
        return text;
    }
}
