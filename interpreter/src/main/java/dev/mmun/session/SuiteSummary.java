package dev.mmun.session;

import java.util.List;

/**
 * The closing figures of a suite. Failed counts FAIL, ERROR and INCONCLUSIVE files; skipped counts
 * the files marked skip and those the filters left out. The exit code is the most serious of the
 * files' own ({@link Judge#combine}): 70, then 66, then 65, then 1, then 3, else 0.
 */
public record SuiteSummary(int passed, int failed, int skipped, int filteredOut, long nanos, int jobs, int exitCode) {

    public static SuiteSummary of(List<SuiteResult> results, int filteredOut, long nanos, int jobs) {
        int passed = 0;
        int failed = 0;
        int skipped = filteredOut;
        int exit = Judge.OK;
        for (SuiteResult r : results) {
            switch (r.status()) {
                case PASS -> passed++;
                case SKIP -> skipped++;
                default -> failed++;
            }
            exit = Judge.combine(exit, r.exitCode());
        }
        return new SuiteSummary(passed, failed, skipped, filteredOut, nanos, jobs, exit);
    }

    /** {@code N passed, M failed}, and {@code , K skipped} when some were. */
    public String line() {
        return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }

    public int judged() {
        return passed + failed;
    }

    /** Files judged per second of wall time. */
    public double filesPerSecond() {
        return nanos == 0 ? 0 : judged() / (nanos / 1e9);
    }
}
