package dev.mmun.session;

/** How one file of a suite came out, with the word its report line starts with. */
public enum SuiteStatus {
    /** Every expectation met. */
    PASS("ok"),
    /** A verdict or a final condition other than expected. */
    FAIL("FAIL"),
    /** The file could not be read or compiled (or mmun failed on it): counted as failed. */
    ERROR("ERROR"),
    /** A bound or the time limit was hit before the answer was known: counted as failed. */
    INCONCLUSIVE("INCONCLUSIVE"),
    /** Marked {@code // mmun-test: skip}: not run. */
    SKIP("skip");

    private final String word;

    SuiteStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean failed() {
        return this == FAIL || this == ERROR || this == INCONCLUSIVE;
    }

    /** The status of a judged file, from its outcome. */
    public static SuiteStatus of(Outcome o) {
        if (o.verdict() == Verdict.ERROR) {
            return ERROR;
        }
        if (o.exitCode() == Judge.OK) {
            return PASS;
        }
        return o.exitCode() == Judge.INCONCLUSIVE ? INCONCLUSIVE : FAIL;
    }
}
