package dev.mmun.session;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Violation;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The first thing in an outcome that is not as the file expects, in one line: what `mmun test`
 * prints under a failing file and puts in the failure message of its JUnit test case.
 */
public final class Mismatch {
    private Mismatch() {
    }

    /** The first mismatch, or null when every expectation was met. */
    public static String first(Outcome o) {
        if (o.verdict() == Verdict.ERROR) {
            return o.diagnostics().isEmpty() ? "error" : o.diagnostics().get(0).span().where() + ": error: "
                    + o.diagnostics().get(0).message();
        }
        if (o.exitCode() == Judge.OK) {
            return null;
        }
        Set<Rule> found = Judge.rules(o.violations().stream().map(Violation::rule).toList());
        Set<Rule> expected = o.expected() == null ? Set.of() : o.expected();
        if (!Judge.rulesMet(o.expected(), found, o.scope()) && !(o.exitCode() == Judge.INCONCLUSIVE && expected.containsAll(found))) {
            return "expected " + rules(expected) + o.scope().words() + (o.expected() == null ? " (no expect line)" : "") + "; got " + rules(found);
        }
        if (o.exitCode() == Judge.INCONCLUSIVE || o.verdict() == Verdict.INCONCLUSIVE) {
            return "inconclusive: " + why(o);
        }
        for (FinalResult f : o.finals()) {
            if (!f.met()) {
                return f.check().quantifier().word() + " (" + f.check().text() + "): expected " + f.expectation()
                        + ", got " + f.observation();
            }
        }
        return "expectation not met";
    }

    /** Why an outcome is inconclusive: the bound's note, or the message of the bound's rule. */
    private static String why(Outcome o) {
        for (Violation v : o.violations()) {
            if (v.rule().inconclusive()) {
                return v.rule().name() + " at " + v.span().where() + ": " + v.rule().summary();
            }
        }
        return o.notes().isEmpty() ? "a bound was hit" : o.notes().get(0);
    }

    static String rules(Set<Rule> rules) {
        return rules.isEmpty() ? "ok" : rules.stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
