package dev.mmun.session;

import dev.mmun.diag.SourceFile;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Violation;
import java.util.Set;

/**
 * One file of a suite: its status, the outcome it was judged from (null when skipped), its source
 * (null when it could not be read), the wall time it took, and why it was skipped.
 */
public record SuiteResult(String file, SuiteStatus status, Outcome outcome, SourceFile source, long nanos,
                          String skipReason) {

    public static SuiteResult judged(String file, Outcome o, SourceFile source, long nanos) {
        return new SuiteResult(file, SuiteStatus.of(o), o, source, nanos, null);
    }

    public static SuiteResult skipped(String file, SourceFile source, String reason) {
        return new SuiteResult(file, SuiteStatus.SKIP, null, source, 0, reason);
    }

    /** run or check: how the file was (or would be) judged; run when it never compiled. */
    public Mode mode() {
        if (outcome != null && outcome.mode() != null) {
            return outcome.mode();
        }
        return outcome != null && outcome.scenario() != null ? outcome.scenario().effectiveMode() : Mode.RUN;
    }

    /** What was found, in the words of the verdict line: ok, violation: CASE_B, inconclusive, error. */
    public String verdict() {
        if (outcome == null) {
            return "skipped";
        }
        Set<dev.mmun.machine.Rule> found = Judge.rules(outcome.violations().stream().map(Violation::rule).toList());
        return found.isEmpty() ? outcome.verdict().word() : "violation: " + Mismatch.rules(found);
    }

    /** The first mismatch (null for a file that passed or was skipped). */
    public String mismatch() {
        return outcome == null ? null : Mismatch.first(outcome);
    }

    /** The command that runs this file alone, in its mode; null for a path that is not a readable file. */
    public String rerun(String launcher) {
        if (source == null && outcome != null && outcome.verdict() == Verdict.ERROR) {
            return null;
        }
        return launcher + " " + mode() + " " + Shell.quote(file);
    }

    /** The exit code this file adds to the suite's. */
    public int exitCode() {
        return outcome == null ? Judge.OK : outcome.exitCode();
    }

    public double seconds() {
        return nanos / 1e9;
    }
}
