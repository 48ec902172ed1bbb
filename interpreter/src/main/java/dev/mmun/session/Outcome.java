package dev.mmun.session;

import dev.mmun.diag.Diagnostic;
import dev.mmun.explore.FinalStates;
import dev.mmun.explore.Run;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one file came to: the verdict, the violations (one per rule, with its trace), what the file
 * expected and whether that was met, the final conditions, and the exit code this file alone
 * would give. For errors, the diagnostics instead.
 *
 * @param traces for each rule found, the run that shows it (shortest in check mode)
 * @param stats  named figures of the search or run (states, steps, time), in order
 * @param finalStates the terminal states by the values the final conditions read (null: none counted)
 * @param run    the one schedule mmun run took, broken or not, for pictures of it (null under check)
 */
public record Outcome(String file, Scenario scenario, Mode mode, Verdict verdict, List<Violation> violations,
                      Map<Rule, Run> traces, Set<Rule> expected, boolean expectationMet,
                      List<FinalResult> finals, List<String> notes, List<Diagnostic> diagnostics,
                      Map<String, Object> stats, int exitCode, FinalStates finalStates, Run run) {

    public Outcome(String file, Scenario scenario, Mode mode, Verdict verdict, List<Violation> violations,
                   Map<Rule, Run> traces, Set<Rule> expected, boolean expectationMet,
                   List<FinalResult> finals, List<String> notes, List<Diagnostic> diagnostics,
                   Map<String, Object> stats, int exitCode, FinalStates finalStates) {
        this(file, scenario, mode, verdict, violations, traces, expected, expectationMet, finals, notes, diagnostics,
                stats, exitCode, finalStates, null);
    }

    public Outcome(String file, Scenario scenario, Mode mode, Verdict verdict, List<Violation> violations,
                   Map<Rule, Run> traces, Set<Rule> expected, boolean expectationMet,
                   List<FinalResult> finals, List<String> notes, List<Diagnostic> diagnostics,
                   Map<String, Object> stats, int exitCode) {
        this(file, scenario, mode, verdict, violations, traces, expected, expectationMet, finals, notes, diagnostics,
                stats, exitCode, null);
    }

    /** Which schedules the expectations speak of, against those this mode looked at. */
    public Scope scope() {
        return Scope.of(scenario, mode);
    }

    public static Outcome error(String file, List<Diagnostic> diagnostics, int exitCode) {
        return new Outcome(file, null, null, Verdict.ERROR, List.of(), Map.of(), null, false, List.of(), List.of(),
                diagnostics, Map.of(), exitCode);
    }
}
