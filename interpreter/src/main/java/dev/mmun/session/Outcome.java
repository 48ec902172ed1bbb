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
 * would give. For errors, the diagnostics instead. Built by name ({@link #of}, then the
 * {@link Builder}'s setters): what is not set is empty, null or false.
 */
public final class Outcome {
    private final String file;
    private final Scenario scenario;
    private final Mode mode;
    private final Verdict verdict;
    private final List<Violation> violations;
    private final Map<Rule, Run> traces;
    private final Set<Rule> expected;
    private final boolean expectationMet;
    private final List<FinalResult> finals;
    private final List<String> notes;
    private final List<Diagnostic> diagnostics;
    private final Map<String, Object> stats;
    private final int exitCode;
    private final FinalStates finalStates;
    private final Run run;

    private Outcome(Builder b) {
        this.file = b.file;
        this.scenario = b.scenario;
        this.mode = b.mode;
        this.verdict = b.verdict;
        this.violations = b.violations;
        this.traces = b.traces;
        this.expected = b.expected;
        this.expectationMet = b.expectationMet;
        this.finals = b.finals;
        this.notes = b.notes;
        this.diagnostics = b.diagnostics;
        this.stats = b.stats;
        this.exitCode = b.exitCode;
        this.finalStates = b.finalStates;
        this.run = b.run;
    }

    /** The outcome of file, compiled to scenario (null when it did not compile), judged in mode (null for an error). */
    public static Builder of(String file, Scenario scenario, Mode mode) {
        return new Builder(file, scenario, mode);
    }

    public static Outcome error(String file, List<Diagnostic> diagnostics, int exitCode) {
        return of(file, null, null).verdict(Verdict.ERROR).diagnostics(diagnostics).exitCode(exitCode).build();
    }

    public String file() {
        return file;
    }

    /** null when the file did not compile */
    public Scenario scenario() {
        return scenario;
    }

    /** null for an error */
    public Mode mode() {
        return mode;
    }

    public Verdict verdict() {
        return verdict;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** for each rule found, the run that shows it (shortest in check mode) */
    public Map<Rule, Run> traces() {
        return traces;
    }

    /** null when the file says nothing about the verdict */
    public Set<Rule> expected() {
        return expected;
    }

    public boolean expectationMet() {
        return expectationMet;
    }

    public List<FinalResult> finals() {
        return finals;
    }

    public List<String> notes() {
        return notes;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** named figures of the search or run (states, steps, time), in order */
    public Map<String, Object> stats() {
        return stats;
    }

    public int exitCode() {
        return exitCode;
    }

    /** the terminal states by the values the final conditions read (null: none counted) */
    public FinalStates finalStates() {
        return finalStates;
    }

    /** the one schedule mmun run took, broken or not, for pictures of it (null under check) */
    public Run run() {
        return run;
    }

    /** Which schedules the expectations speak of, against those this mode looked at. */
    public Scope scope() {
        return Scope.of(scenario, mode);
    }

    /** An outcome's parts by name; each setter returns the builder. */
    public static final class Builder {
        private final String file;
        private final Scenario scenario;
        private final Mode mode;
        private Verdict verdict;
        private List<Violation> violations = List.of();
        private Map<Rule, Run> traces = Map.of();
        private Set<Rule> expected;
        private boolean expectationMet;
        private List<FinalResult> finals = List.of();
        private List<String> notes = List.of();
        private List<Diagnostic> diagnostics = List.of();
        private Map<String, Object> stats = Map.of();
        private int exitCode;
        private FinalStates finalStates;
        private Run run;

        private Builder(String file, Scenario scenario, Mode mode) {
            this.file = file;
            this.scenario = scenario;
            this.mode = mode;
        }

        public Builder verdict(Verdict v) {
            this.verdict = v;
            return this;
        }

        public Builder violations(List<Violation> v) {
            this.violations = v;
            return this;
        }

        public Builder traces(Map<Rule, Run> t) {
            this.traces = t;
            return this;
        }

        /** What the file expects (null: nothing said), and whether what was found meets it. */
        public Builder expected(Set<Rule> rules, boolean met) {
            this.expected = rules;
            this.expectationMet = met;
            return this;
        }

        public Builder finals(List<FinalResult> f) {
            this.finals = f;
            return this;
        }

        public Builder notes(List<String> n) {
            this.notes = n;
            return this;
        }

        public Builder diagnostics(List<Diagnostic> d) {
            this.diagnostics = d;
            return this;
        }

        public Builder stats(Map<String, Object> s) {
            this.stats = s;
            return this;
        }

        public Builder exitCode(int code) {
            this.exitCode = code;
            return this;
        }

        public Builder finalStates(FinalStates f) {
            this.finalStates = f;
            return this;
        }

        public Builder run(Run r) {
            this.run = r;
            return this;
        }

        /** IllegalStateException without a verdict: every outcome has one. */
        public Outcome build() {
            if (verdict == null) {
                throw new IllegalStateException("an outcome without a verdict: " + file);
            }
            return new Outcome(this);
        }
    }
}
