package dev.mmun.explore;

import dev.mmun.machine.SlotHash;
import java.util.Arrays;

/**
 * A 64-bit fingerprint of a state vector, for the visited set (hash compaction, as SPIN's -DHC):
 * two different states share one with probability about 2^-64 per pair, which the statistics
 * report as the chance that the search merged two states. It is a sum over the slots of a strong
 * mix of (slot, value), so the fingerprint of a successor follows from its parent's by looking at
 * the few slots a step changed ({@link #update}).
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static long of(int[] s) {
        long h = 0;
        for (int i = 0; i < s.length; i++) {
            h += term(i, s[i]);
        }
        return h;
    }

    /**
     * The fingerprint of n, given the fingerprint of s (same length), and the slots where n differs
     * from s set in {@code changed}, a bit set over the slots that starts at {@code changed[at]}
     * (which the caller has cleared).
     */
    public static long update(long hs, int[] s, int[] n, long[] changed, int at) {
        long h = hs;
        int i = Arrays.mismatch(s, n);
        while (i >= 0) {
            h += term(i, n[i]) - term(i, s[i]);
            changed[at + (i >>> 6)] |= 1L << i;
            int from = i + 1;
            if (from >= s.length) {
                break;
            }
            int m = Arrays.mismatch(s, from, s.length, n, from, n.length);
            i = m < 0 ? -1 : from + m;
        }
        return h;
    }

    /** The key the visited set stores: never 0, which marks an empty slot. */
    public static long key(long h) {
        return h == 0 ? 1 : h;
    }

    private static long term(int slot, int value) {
        return SlotHash.term(slot, value);
    }
}
