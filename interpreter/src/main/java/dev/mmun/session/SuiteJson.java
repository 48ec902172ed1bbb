package dev.mmun.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Lines: one object per file (the fields of `mmun run --format json` with status, mismatch,
 * rerun and time_ms added), then one {@code {"summary": {...}}} object.
 */
public final class SuiteJson implements SuiteReport {
    private final String launcher;

    public SuiteJson(String launcher) {
        this.launcher = launcher;
    }

    @Override
    public String result(SuiteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("status", r.status().word());
        if (r.outcome() == null) {
            m.put("reason", r.skipReason());
        } else {
            m.putAll(JsonReport.fields(r.outcome()));
            m.put("mismatch", r.mismatch());
            m.put("rerun", r.status().failed() ? r.rerun(launcher) : null);
        }
        m.put("time_ms", r.nanos() / 1_000_000);
        return Json.write(m) + "\n";
    }

    @Override
    public String end(SuiteSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", s.passed());
        m.put("failed", s.failed());
        m.put("skipped", s.skipped());
        m.put("filteredOut", s.filteredOut());
        m.put("time_ms", s.nanos() / 1_000_000);
        m.put("jobs", s.jobs());
        m.put("exitCode", s.exitCode());
        m.put("line", s.line());
        return Json.write(Map.of("summary", m)) + "\n";
    }
}
