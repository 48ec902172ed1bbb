package dev.mmun.session;

import dev.mmun.ast.Item;
import dev.mmun.explore.Run;
import dev.mmun.machine.Scenario;

/**
 * A final condition judged over the final states, herd-style: in how many it holds (positive) and
 * in how many it does not (negative).
 *
 * @param scope     which schedules the condition speaks of, against those judged (see {@link Scope})
 * @param witness   a shortest schedule found to a final state that breaks a forall or ~exists, or
 *                  that reaches an exists (null when there is none)
 */
public record FinalResult(Scenario.FinalCheck check, long positive, long negative, Scope scope, Run witness) {

    public FinalResult(Scenario.FinalCheck check, long positive, long negative) {
        this(check, positive, negative, Scope.EXACT, null);
    }

    public String observation() {
        return positive == 0 ? "Never" : negative == 0 ? "Always" : "Sometimes";
    }

    public boolean met() {
        if (scope == Scope.SOME_ORDER) {
            // the timeline's own final state is one of the final states: it must be among them
            return check.quantifier() == Item.Quantifier.NOT_EXISTS ? negative > 0 : positive > 0;
        }
        if (scope == Scope.ONE_ORDER && check.quantifier() == Item.Quantifier.EXISTS) {
            return true;
        }
        return switch (check.quantifier()) {
            case EXISTS -> positive > 0;
            case NOT_EXISTS -> positive == 0;
            case FORALL -> negative == 0;
        };
    }

    /**
     * Whether a partial search has already settled the condition: an exists (or, in some order,
     * any condition) with a final state that shows it, a forall or ~exists with one that breaks it.
     */
    public boolean decided() {
        return met() ? scope == Scope.SOME_ORDER || check.quantifier() == Item.Quantifier.EXISTS : witness != null;
    }

    public String expectation() {
        if (scope == Scope.SOME_ORDER) {
            return check.quantifier() == Item.Quantifier.NOT_EXISTS ? "Never or Sometimes, in some order"
                    : "Sometimes or Always, in some order";
        }
        if (scope == Scope.ONE_ORDER && check.quantifier() == Item.Quantifier.EXISTS) {
            return "anything: one run cannot show it unreachable";
        }
        return check.quantifier() == Item.Quantifier.EXISTS ? "Sometimes or Always"
                : check.quantifier() == Item.Quantifier.NOT_EXISTS ? "Never" : "Always";
    }

    /** What the witness shows, for its heading: "breaks" a forall/~exists, "reaches" an exists. */
    public String witnessVerb() {
        return check.quantifier() == Item.Quantifier.EXISTS ? "reaches" : "breaks";
    }

    /** The condition as written: {@code forall (C1:r == 5)}. */
    public String title() {
        return check.quantifier().word() + " (" + check.text() + ")";
    }
}
