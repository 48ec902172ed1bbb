package dev.mmun.report;

import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteStatus;
import dev.mmun.session.SuiteSummary;
import java.util.List;

/**
 * TAP version 13, for prove and the TAP consumers of CI systems: the plan, one {@code ok} or
 * {@code not ok} line per file (a skipped file is {@code ok ... # SKIP reason}), a YAML block under
 * each that did not pass, and the closing line as a comment.
 */
public final class SuiteTap implements SuiteReport {
    private final String launcher;
    private int n;

    public SuiteTap(String launcher) {
        this.launcher = launcher;
    }

    @Override
    public String begin(List<String> files, List<SuiteResult> problems) {
        return "TAP version 13\n1.." + (files.size() + problems.size()) + "\n";
    }

    @Override
    public String result(SuiteResult r) {
        n++;
        StringBuilder sb = new StringBuilder();
        String name = oneLine(r.file());
        if (r.status() == SuiteStatus.SKIP) {
            return sb.append("ok ").append(n).append(" - ").append(name).append(" # SKIP ").append(oneLine(r.skipReason()))
                    .append('\n').toString();
        }
        sb.append(r.status().failed() ? "not ok " : "ok ").append(n).append(" - ").append(name)
                .append(" (").append(oneLine(r.verdict())).append(")\n");
        if (r.status().failed()) {
            sb.append("  ---\n");
            sb.append("  message: ").append(yaml(r.mismatch())).append('\n');
            sb.append("  severity: ").append(r.status().word().toLowerCase(java.util.Locale.ROOT)).append('\n');
            if (r.rerun(launcher) != null) {
                sb.append("  rerun: ").append(yaml(r.rerun(launcher))).append('\n');
            }
            sb.append("  exitCode: ").append(r.exitCode()).append('\n');
            sb.append("  ...\n");
        }
        return sb.toString();
    }

    @Override
    public String end(SuiteSummary s) {
        return "# " + s.line() + "\n";
    }

    /** '#' would start a directive and a new line a new test point: neither may appear in a name. */
    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace("#", "\\#");
    }

    private static String yaml(String s) {
        return "'" + s.replace("'", "''").replace('\n', ' ').replace('\r', ' ') + "'";
    }
}
