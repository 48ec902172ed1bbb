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

    /**
     * False for a sink that reads only {@link Violation#rule()} (the search, which reports each
     * rule's trace later by replaying it): the violations it gets then have a null message, which
     * the hot path does not build.
     */
    default boolean wantsMessages() {
        return true;
    }

    default void change(Change c) {
    }

    /**
     * The pc of each instruction the step ran (thread-local ones too), in order; called only when
     * {@link #wantsChanges()} is true. Lets a trace be written back as source statements.
     */
    default void executed(int pc) {
    }

    Sink IGNORE = v -> { };
}
