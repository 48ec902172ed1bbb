package dev.mmun.session;

import java.util.ArrayList;
import java.util.List;

/**
 * One of N equal slices of some work, written {@code I/N} with 1 &lt;= I &lt;= N: a shard of a suite
 * ({@code mmun test --shard}) or a part of a state space ({@code mmun check --part}). Job engines
 * number their jobs from 0 or 1 (Slurm's array index, GitLab's CI_NODE_INDEX from 1, a GitHub
 * matrix as you write it); mmun takes 1..N, as GitLab and most sharding test runners do.
 */
public record Slice(int index, int count) {
    /** The most slices: enough for any job array, small enough that a typo is caught. */
    public static final int MAX = 100_000;

    public Slice {
        if (count < 1 || count > MAX || index < 1 || index > count) {
            throw new IllegalArgumentException("not a slice: " + index + "/" + count);
        }
    }

    /** Reads {@code I/N}; the message of the exception says what is wrong, in the user's terms. */
    public static Slice parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash < 0 || !digits(t.substring(0, slash)) || !digits(t.substring(slash + 1))) {
            throw new IllegalArgumentException("'" + text + "' is not I/N (e.g. 2/3: the second of three)");
        }
        long i = number(t.substring(0, slash));
        long n = number(t.substring(slash + 1));
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException("'" + text + "': N must be 1 to " + MAX);
        }
        if (i < 1 || i > n) {
            throw new IllegalArgumentException("'" + text + "': I must be 1 to " + n + " (slices are numbered from 1)");
        }
        return new Slice((int) i, (int) n);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long number(String s) {
        return Long.parseLong(s);
    }

    /** The items of this slice: the I-th, (I+N)-th, ... of the list (1-based), so slices differ by at most one item. */
    public <T> List<T> of(List<T> items) {
        List<T> out = new ArrayList<>();
        for (int k = index - 1; k < items.size(); k += count) {
            out.add(items.get(k));
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
