package dev.mmun.machine;

/**
 * How a file is run: its one schedule ({@code mmun run}), every interleaving ({@code mmun check}),
 * or random schedules ({@code check --random}). A script's {@code mode} item names run or check;
 * its text is what reports print.
 */
public enum Mode {
    RUN("run"),
    CHECK("check"),
    RANDOM("check --random");

    private final String text;

    Mode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** Looks at more than one schedule: check, exhaustive or random. */
    public boolean isCheck() {
        return this != RUN;
    }

    /** The mode a script's {@code mode} item names (run or check), or null for any other word. */
    public static Mode ofItem(String word) {
        return switch (word) {
            case "run" -> RUN;
            case "check" -> CHECK;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
