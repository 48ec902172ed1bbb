package dev.mmun.machine;

/**
 * Where a step reports what it did. The explorer wants only violations, and says so with
 * {@link #wantsChanges()} so that the hot path builds no change texts.
 */
public interface Sink {
    void violation(Violation v);

    default boolean wantsChanges() {
        return false;
    }

    default void change(Change c) {
    }

    /**
     * The pcs of the instructions one step executed, local ones included, in order; called only
     * when {@link #wantsChanges()} (the REPL writes a step back as source text from them).
     */
    default void executed(int[] pcs) {
    }

    Sink IGNORE = v -> { };
}
