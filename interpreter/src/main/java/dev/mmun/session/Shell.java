package dev.mmun.session;

/** Quotes a word for a POSIX shell, so a printed command can be pasted back as it is. */
final class Shell {
    private Shell() {
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+,:=@%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
