package dev.mmun.report;

import dev.mmun.session.Json;
import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Lines: one object per file (its status, and the object `mmun run --format json` prints as
 * its outcome), then one summary object. docs/json.md and docs/schema/test-*.schema.json.
 */
public final class SuiteJson implements SuiteReport {
    private final String launcher;

    public SuiteJson(String launcher) {
        this.launcher = launcher;
    }

    @Override
    public String result(SuiteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", JsonReport.SCHEMA);
        m.put("kind", "file");
        m.put("mode", "test");
        m.put("file", r.file());
        m.put("status", r.status().word());
        m.put("reason", r.outcome() == null ? r.skipReason() : null);
        m.put("outcome", r.outcome() == null ? null : JsonReport.fields(r.outcome(), r.mode().text()));
        m.put("mismatch", r.mismatch());
        m.put("rerun", r.outcome() != null && r.status().failed() ? r.rerun(launcher) : null);
        m.put("time_ms", r.nanos() / 1_000_000);
        return Json.write(m) + "\n";
    }

    @Override
    public String end(SuiteSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", JsonReport.SCHEMA);
        m.put("kind", "summary");
        m.put("mode", "test");
        m.put("passed", s.passed());
        m.put("failed", s.failed());
        m.put("skipped", s.skipped());
        m.put("filtered_out", s.filteredOut());
        m.put("time_ms", s.nanos() / 1_000_000);
        m.put("jobs", s.jobs());
        m.put("exit_code", s.exitCode());
        m.put("line", s.line());
        return Json.write(m) + "\n";
    }
}
