package dev.mmun.session;

/** The verdict of one file. */
public enum Verdict {
    OK, VIOLATION, INCONCLUSIVE, ERROR;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
