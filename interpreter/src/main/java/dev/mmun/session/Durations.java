package dev.mmun.session;

import java.time.Duration;
import java.util.Locale;

/** Short human durations: 12 ms, 1.3 s, 2 min 5 s; and parsing of 90, 90s, 500ms, 2m. */
public final class Durations {
    private Durations() {
    }

    public static String show(Duration d) {
        return show(d.toNanos());
    }

    public static String show(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return ms / 60_000 + " min " + (ms % 60_000) / 1000 + " s";
    }

    /** Seconds by default; the suffixes ms, s, m and h. Throws IllegalArgumentException on anything else. */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String num = t.replaceAll("[a-z]+$", "");
        String unit = t.substring(num.length());
        long n;
        try {
            n = Long.parseLong(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 90, 90s, 500ms, 2m)");
        }
        if (n < 0) {
            throw new IllegalArgumentException("a duration cannot be negative");
        }
        return switch (unit) {
            case "", "s" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 90, 90s, 500ms, 2m)");
        };
    }
}
