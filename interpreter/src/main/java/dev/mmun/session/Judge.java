package dev.mmun.session;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Compares what a run or a search found with what the file expects, and picks the exit code. */
public final class Judge {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INCONCLUSIVE = 3;
    public static final int USAGE = 64;
    public static final int DATA = 65;
    public static final int NO_INPUT = 66;
    public static final int INTERNAL = 70;

    private Judge() {
    }

    /** Rules found, without the markers of an inconclusive run and the notes (tolerated races). */
    public static Set<Rule> rules(Iterable<Rule> found) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        for (Rule r : found) {
            if (!r.inconclusive() && !r.note()) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Takes the findings that are notes (a tolerated race) out of violations, and out of traces
     * when given: each becomes a line of notes, with where it was found and why.
     */
    public static void notesOut(List<dev.mmun.machine.Violation> violations, java.util.Map<Rule, ?> traces, List<String> notes) {
        for (java.util.Iterator<dev.mmun.machine.Violation> it = violations.iterator(); it.hasNext(); ) {
            dev.mmun.machine.Violation v = it.next();
            if (v.rule().note()) {
                it.remove();
                notes.add(v.rule().name() + " at " + v.span().where() + ": " + v.message());
            }
        }
        if (traces != null) {
            traces.keySet().removeIf(Rule::note);
        }
    }

    public static Verdict verdict(Set<Rule> rules, boolean inconclusive) {
        return !rules.isEmpty() ? Verdict.VIOLATION : inconclusive ? Verdict.INCONCLUSIVE : Verdict.OK;
    }

    /** Met when the rules found are exactly those expected (none, when nothing is expected) and every final condition holds as stated. */
    public static boolean met(Scenario sc, Set<Rule> rules, List<FinalResult> finals, boolean inconclusive) {
        return met(sc, rules, finals, inconclusive, Scope.EXACT);
    }

    /** As above, for expectations judged in the given scope. */
    public static boolean met(Scenario sc, Set<Rule> rules, List<FinalResult> finals, boolean inconclusive, Scope scope) {
        // what SOME_ORDER asks (does some interleaving show it?) a partial search can answer yes to
        if (inconclusive && scope != Scope.SOME_ORDER) {
            return false;
        }
        return rulesMet(sc.expected(), rules, scope) && finals.stream().allMatch(FinalResult::met);
    }

    /** The rules expected against those found: the same set, or (see {@link Scope}) all of them, or only them. */
    public static boolean rulesMet(Set<Rule> expectedOrNull, Set<Rule> found, Scope scope) {
        Set<Rule> expected = expectedOrNull == null ? Set.of() : expectedOrNull;
        return switch (scope) {
            case EXACT -> found.equals(expected);
            case SOME_ORDER -> found.containsAll(expected);
            case ONE_ORDER -> expected.containsAll(found);
        };
    }

    public static int exitCode(Scenario sc, Set<Rule> rules, boolean met, boolean inconclusive) {
        if (met) {
            return OK;
        }
        Set<Rule> expected = sc.expected() == null ? Set.of() : sc.expected();
        if (inconclusive && expected.containsAll(rules)) {
            return INCONCLUSIVE;
        }
        return FAILED;
    }

    /** The exit code of many files: the most serious one. */
    public static int combine(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case INTERNAL -> 6;
            case NO_INPUT -> 5;
            case DATA -> 4;
            case USAGE -> 4;
            case FAILED -> 3;
            case INCONCLUSIVE -> 2;
            default -> 0;
        };
    }
}
