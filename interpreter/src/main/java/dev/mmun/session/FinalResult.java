package dev.mmun.session;

import dev.mmun.ast.Item;
import dev.mmun.check.Scenario;

/**
 * A final condition judged over the final states, herd-style: in how many it holds (positive) and
 * in how many it does not (negative).
 */
public record FinalResult(Scenario.FinalCheck check, long positive, long negative) {

    public String observation() {
        return positive == 0 ? "Never" : negative == 0 ? "Always" : "Sometimes";
    }

    public boolean met() {
        return switch (check.quantifier()) {
            case EXISTS -> positive > 0;
            case NOT_EXISTS -> positive == 0;
            case FORALL -> negative == 0;
        };
    }

    public String expectation() {
        return check.quantifier() == Item.Quantifier.EXISTS ? "Sometimes or Always"
                : check.quantifier() == Item.Quantifier.NOT_EXISTS ? "Never" : "Always";
    }
}
