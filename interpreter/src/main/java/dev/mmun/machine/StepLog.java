package dev.mmun.machine;

import java.util.Arrays;

/**
 * The writes of steps run in place ({@link Semantics.Stepper#stepInPlace}): per slot a step
 * changed, its value before the step and after it, appended in the order the slots were first
 * written. The search keeps a successor as its parent and a run [from, to) of this log instead of
 * a copy of the whole vector (206 ints for COW-5, most of whose successors the visited set has
 * already seen), and builds the vector only for a successor it stores ({@link #apply}, {@link #undo}).
 */
public final class StepLog {
    private int[] slot = new int[64];
    private int[] old = new int[64];
    private int[] val = new int[64];
    private int size;

    public int size() {
        return size;
    }

    /** Forgets every entry (the search empties it per group of states). */
    public void clear() {
        size = 0;
    }

    /** Sets the slots of entries [from, to) to their values after the step, on the state it started from. */
    public void apply(int[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            s[slot[i]] = val[i];
        }
    }

    /** Puts the slots of entries [from, to) back to their values before the step. */
    public void undo(int[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            s[slot[i]] = old[i];
        }
    }

    public int slot(int i) {
        return slot[i];
    }

    public int value(int i) {
        return val[i];
    }

    /** A slot's first write in the running step, with the value it had before (StepOut.set). */
    void first(int at, int before) {
        if (size == slot.length) {
            slot = Arrays.copyOf(slot, size * 2);
            old = Arrays.copyOf(old, size * 2);
            val = Arrays.copyOf(val, size * 2);
        }
        slot[size] = at;
        old[size++] = before;
    }

    /** Sets the bits of the slots of entries [from, to) in {@code bits}, a bit set over the state vector. */
    public void mark(long[] bits, int from, int to) {
        for (int i = from; i < to; i++) {
            int at = slot[i];
            bits[at >>> 6] |= 1L << at;
        }
    }

    /**
     * Ends a step run in place on s from entry {@code from}: notes the values it wrote, puts s
     * back as it was and clears the entries' bits in {@code seen} (the step's first-write marks);
     * a step that did not happen (blocked half-way) leaves no entries.
     */
    void close(int[] s, int from, boolean moved, long[] seen) {
        for (int i = from; i < size; i++) {
            int at = slot[i];
            val[i] = s[at];
            s[at] = old[i];
            seen[at >>> 6] &= ~(1L << at);
        }
        if (!moved) {
            size = from;
        }
    }
}
