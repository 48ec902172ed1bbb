package dev.mmun.report;

import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteSummary;
import java.util.List;

/**
 * A format of `mmun test`'s report. Each method returns the text to write at that point, so a
 * streaming format (text, TAP, JSON Lines) shows each file as soon as it and those before it are
 * done; JUnit XML, which needs the totals first, returns everything at the end.
 */
public interface SuiteReport {
    /** Before the first file; {@code problems} are the paths that gave no file (already results). */
    default String begin(List<String> files, List<SuiteResult> problems) {
        return "";
    }

    String result(SuiteResult r);

    String end(SuiteSummary summary);
}
