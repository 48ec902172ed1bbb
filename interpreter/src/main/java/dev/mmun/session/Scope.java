package dev.mmun.session;

import dev.mmun.machine.Mode;
import dev.mmun.machine.Scenario;

/**
 * Which schedules a file's expectations speak of, against which schedules a mode looked at. A
 * timeline (without {@code mode check}) speaks of its own schedule; any other file of every
 * interleaving. `mmun test` always runs a file in the mode its expectations speak of (EXACT); the
 * other two arise when a user runs a file in the other mode, and each judges what that mode can
 * honestly say about the file's claims.
 */
public enum Scope {
    /** The mode looked at the schedules the expectations speak of: they hold exactly. */
    EXACT(""),
    /**
     * `check` on a timeline: the timeline's schedule is one of the interleavings searched, so what
     * it expects must show up in some of them (its rules among those found, its final state among
     * the final states); other orders may show more, which is reported, not failed.
     */
    SOME_ORDER(" in some order"),
    /**
     * `run` on a file about every interleaving: the run is one of them, so it must show nothing
     * the file rules out (no rule it does not expect, no state that breaks a forall or ~exists);
     * one run cannot show that an exists is unreachable, nor that an expected rule is.
     */
    ONE_ORDER(" within one order");

    private final String words;

    Scope(String words) {
        this.words = words;
    }

    /** What the verdict line adds after each expectation. */
    public String words() {
        return words;
    }

    public static Scope of(Scenario sc, Mode mode) {
        if (sc == null || mode == null) {
            return EXACT;
        }
        boolean aboutOne = sc.effectiveMode() == Mode.RUN;
        boolean looksAtAll = mode.isCheck();
        if (aboutOne == looksAtAll) {
            return aboutOne ? SOME_ORDER : ONE_ORDER;
        }
        return EXACT;
    }
}
