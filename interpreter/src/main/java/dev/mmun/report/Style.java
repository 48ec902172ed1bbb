package dev.mmun.report;

/** ANSI colours for terminals, or nothing. */
public record Style(boolean color) {
    public String bad(String s) {
        return color ? "\u001b[1;31m" + s + "\u001b[0m" : s;
    }

    public String good(String s) {
        return color ? "\u001b[1;32m" + s + "\u001b[0m" : s;
    }

    public String warn(String s) {
        return color ? "\u001b[1;33m" + s + "\u001b[0m" : s;
    }

    public String dim(String s) {
        return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    public String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }
}
