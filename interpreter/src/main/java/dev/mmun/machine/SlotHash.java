package dev.mmun.machine;

/**
 * The term a slot holding a value adds to a state's fingerprint (explore/Fingerprint sums them
 * over the slots). Here so that a step can keep its successor's fingerprint up to date as it
 * writes ({@link StepOut#set}), instead of the search finding the changed slots afterwards.
 */
public final class SlotHash {
    private SlotHash() {
    }

    /** A strong mix of (slot, value). */
    public static long term(int slot, int value) {
        long x = ((long) slot << 32) ^ (value & 0xffffffffL);
        x *= 0x9E3779B97F4A7C15L;
        x ^= x >>> 32;
        x *= 0xD6E8FEB86659FD93L;
        x ^= x >>> 32;
        x *= 0xD6E8FEB86659FD93L;
        x ^= x >>> 32;
        return x;
    }
}
