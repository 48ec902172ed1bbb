package dev.mmun.machine;

import java.util.Arrays;

/**
 * A machine state as a value: an int vector laid out by {@link Program}, never changed after it is
 * made, with equality and a hash over the vector. The explorer works on the raw vectors directly.
 */
public final class State {
    private final int[] v;
    private final int hash;

    public State(int[] v) {
        this.v = v;
        this.hash = Arrays.hashCode(v);
    }

    /** The vector itself: callers must not change it. */
    public int[] raw() {
        return v;
    }

    public int get(int i) {
        return v[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof State s && s.hash == hash && Arrays.equals(s.v, v);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
