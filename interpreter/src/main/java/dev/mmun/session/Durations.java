package dev.mmun.session;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Short human durations: 12 ms, 1.3 s, 2 min 5 s; and parsing of 90, 90s, 500ms, 2m, 1.5s. */
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

    /**
     * Seconds by default; the suffixes ms, s, m (or min) and h; fractions allowed (1.5s, 0.25m).
     * The one syntax of every --timeout. Throws IllegalArgumentException on anything else.
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String number = t.replaceAll("[a-z]+$", "");
        String unit = t.substring(number.length());
        BigDecimal n;
        try {
            n = new BigDecimal(number.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 90, 90s, 500ms, 2m)");
        }
        if (n.signum() < 0) {
            throw new IllegalArgumentException("a duration cannot be negative");
        }
        long nanosPerUnit = switch (unit) {
            case "", "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 90, 90s, 500ms, 2m)");
        };
        BigDecimal nanos = n.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
