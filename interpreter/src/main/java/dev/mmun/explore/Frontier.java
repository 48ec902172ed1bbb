package dev.mmun.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One BFS level: its state vectors, packed. A level is read in order (each worker reads a run of
 * it), and states next to each other in a level are mostly siblings, so each state is stored as
 * its difference from the state before it: the slots that differ, each as one byte (the distance
 * from the previous such slot and the length of the value) and the 1 to 4 bytes of the XOR of the
 * two values. Every {@link #KEY_EVERY}-th state, and the first of each part appended, is a key
 * state, stored as its difference from a reference vector (the initial state), so that a run can
 * start anywhere: {@link Cursor#seek} goes to the key state at or before it and applies the
 * differences from there.
 *
 * <p>A state's record: an optional {@code KEY} byte, then its entries, then {@code END}. An entry
 * byte is {@code (gap << 2) | (length - 1)} with gap 0..62 (the slot is gap + 1 after the previous
 * entry's slot, the first entry's is gap), followed by the value's bytes, little-endian; a longer
 * gap is bridged by entries of value 0. Entry bytes never reach {@code KEY} or {@code END}.
 *
 * <p>Padded: the level buffers of parts in flight, each written by its own thread, may lie next to
 * each other in the heap.
 */
final class Frontier extends Padded {
    static final int KEY_EVERY = 64;
    private static final int KEY = 0xFE;
    private static final int END = 0xFF;
    private static final int MAX_GAP = 62;
    /** room past the last byte, so that a value can be read or written as a whole int */
    private static final int PAD = 4;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int[] MASK = {0, 0xff, 0xffff, 0xffffff, -1};

    private final int[] ref;
    private final int width;
    private byte[] data;
    private int used;
    private int[] index;
    private long[] hash;
    private int count;
    /** the key states: their positions, in order, and where their records start */
    private int[] keyPos;
    private int[] keyAt;
    private int keys;
    /** the state added last, which the next is stored against, and how many states since a key state */
    private final int[] prev;
    private int sinceKey;

    Frontier(int[] ref, int capacity) {
        this.ref = ref;
        this.width = ref.length;
        this.prev = new int[width];
        int cap = Math.max(1, capacity);
        this.data = new byte[Math.max(64, cap * 16)];
        this.index = new int[cap];
        this.hash = new long[cap];
        this.keyPos = new int[Math.max(4, cap / KEY_EVERY)];
        this.keyAt = new int[keyPos.length];
        clear();
    }

    int size() {
        return count;
    }

    long bytes() {
        return data.length + 12L * index.length + 8L * keyPos.length;
    }

    private void ensureStates(int states) {
        if (states > index.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 16, Math.max((long) states, index.length * 2L));
            index = Arrays.copyOf(index, cap);
            hash = Arrays.copyOf(hash, cap);
        }
    }

    private void ensureKeys(int n) {
        if (n > keyPos.length) {
            int cap = Math.max(n, keyPos.length * 2);
            keyPos = Arrays.copyOf(keyPos, cap);
            keyAt = Arrays.copyOf(keyAt, cap);
        }
    }

    private void ensureBytes(long bytes) {
        long need = bytes + PAD;
        if (need > data.length) {
            long cap = Math.max(need, data.length * 2L);
            if (cap > Integer.MAX_VALUE - 16) {
                cap = need;
                if (cap > Integer.MAX_VALUE - 16) {
                    throw new OutOfMemoryError("a BFS level above 2 GiB");
                }
            }
            data = Arrays.copyOf(data, (int) cap);
        }
    }

    void add(int[] s, int idx, long h) {
        ensureStates(count + 1);
        // the worst case: a key byte, every slot an entry of 5 bytes, the bridges, the end
        ensureBytes(used + 2L + 5L * width + 2L * (width / MAX_GAP + 1));
        boolean key = sinceKey >= KEY_EVERY;
        int[] base;
        byte[] d = data;
        int at = used;
        if (key) {
            ensureKeys(keys + 1);
            keyPos[keys] = count;
            keyAt[keys++] = at;
            d[at++] = (byte) KEY;
            base = ref;
            sinceKey = 0;
        } else {
            base = prev;
        }
        sinceKey++;
        hash[count] = h;
        index[count++] = idx;
        int last = -1;
        int i = Arrays.mismatch(s, base);
        while (i >= 0) {
            int gap = i - last - 1;
            while (gap > MAX_GAP) {
                d[at] = (byte) (MAX_GAP << 2);
                d[at + 1] = 0;
                at += 2;
                gap -= MAX_GAP + 1;
            }
            int v = s[i] ^ base[i];
            int len = Math.max(1, (32 - Integer.numberOfLeadingZeros(v) + 7) >>> 3);
            d[at] = (byte) ((gap << 2) | (len - 1));
            INT.set(d, at + 1, v);
            at += 1 + len;
            last = i;
            int from = i + 1;
            if (from >= width) {
                break;
            }
            int m = Arrays.mismatch(s, from, width, base, from, width);
            i = m < 0 ? -1 : from + m;
        }
        d[at++] = (byte) END;
        used = at;
        System.arraycopy(s, 0, prev, 0, width);
    }

    /**
     * The same as {@link #add}, told where s may differ from the state added last: nowhere but at
     * the slots set in {@code maybe} (a bit set over the slots, which this method leaves as it
     * is). The search knows them (the slots a step changed, the slots the level's cursor changed
     * between parents), so it does not compare the whole vectors again. A key state ignores the hint.
     */
    void add(int[] s, int idx, long h, long[] maybe) {
        if (sinceKey >= KEY_EVERY) {
            add(s, idx, h);
            return;
        }
        ensureStates(count + 1);
        ensureBytes(used + 2L + 5L * width + 2L * (width / MAX_GAP + 1));
        sinceKey++;
        hash[count] = h;
        index[count++] = idx;
        byte[] d = data;
        int[] base = prev;
        int at = used;
        int last = -1;
        for (int w = 0; w < maybe.length; w++) {
            for (long bits = maybe[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                int v = s[i] ^ base[i];
                if (v == 0) {
                    continue;
                }
                int gap = i - last - 1;
                while (gap > MAX_GAP) {
                    d[at] = (byte) (MAX_GAP << 2);
                    d[at + 1] = 0;
                    at += 2;
                    gap -= MAX_GAP + 1;
                }
                int len = Math.max(1, (32 - Integer.numberOfLeadingZeros(v) + 7) >>> 3);
                d[at] = (byte) ((gap << 2) | (len - 1));
                INT.set(d, at + 1, v);
                at += 1 + len;
                last = i;
                base[i] = s[i];
            }
        }
        d[at++] = (byte) END;
        used = at;
    }

    /** Appends every state of other (packed against the same reference), with its index. */
    void addAll(Frontier other) {
        if (other.ref != ref) {
            throw new IllegalStateException("frontiers with different references");
        }
        if (other.count == 0) {
            return;
        }
        int first = count;
        int firstByte = used;
        ensureStates(count + other.count);
        ensureBytes((long) used + other.used);
        ensureKeys(keys + other.keys);
        System.arraycopy(other.data, 0, data, used, other.used);
        System.arraycopy(other.index, 0, index, count, other.count);
        System.arraycopy(other.hash, 0, hash, count, other.count);
        for (int k = 0; k < other.keys; k++) {
            keyPos[keys + k] = other.keyPos[k] + first;
            keyAt[keys + k] = other.keyAt[k] + firstByte;
        }
        keys += other.keys;
        count += other.count;
        used += other.used;
        // the next state added here is a key state: prev is not the state before it
        sinceKey = KEY_EVERY;
    }

    void setIndex(int i, int idx) {
        index[i] = idx;
    }

    long hash(int i) {
        return hash[i];
    }

    int index(int i) {
        return index[i];
    }

    void clear() {
        count = 0;
        used = 0;
        keys = 0;
        sinceKey = KEY_EVERY;
    }

    /** Decodes state i into out (from the key state before it: for tests and one-off reads). */
    void get(int i, int[] out) {
        new Cursor().seek(this, i, out);
    }

    /**
     * Reads a run of states of a frontier in order: {@link #seek} to the first, then {@link #next},
     * which changes the state read last into the one after it, in place. One per reader; many can
     * read one frontier at once.
     */
    static final class Cursor {
        private Frontier f;
        private int pos;
        private int at;

        /** Decodes state i of f into out; {@link #next} on out then gives state i + 1. */
        void seek(Frontier f, int i, int[] out) {
            if (i < 0 || i >= f.count) {
                throw new IndexOutOfBoundsException(i);
            }
            this.f = f;
            int lo = 0;
            int hi = f.keys - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (f.keyPos[mid] <= i) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            pos = f.keyPos[lo];
            at = f.keyAt[lo];
            decode(out);
            while (pos < i) {
                pos++;
                decode(out);
            }
        }

        /**
         * Changes s, the state this cursor read last (which the caller must not have changed), into
         * the state after it.
         */
        void next(int[] s) {
            if (++pos >= f.count) {
                throw new IndexOutOfBoundsException(pos);
            }
            decode(s);
        }

        /**
         * {@link #next}, and the slots it changed set in {@code changed} (a bit set over the slots);
         * false when the state was a key state, decoded from the reference: then any slot may
         * have changed, and {@code changed} is not touched.
         */
        boolean next(int[] s, long[] changed) {
            if (++pos >= f.count) {
                throw new IndexOutOfBoundsException(pos);
            }
            byte[] d = f.data;
            int a = at;
            int b = d[a] & 0xff;
            if (b == KEY) {
                decode(s);
                return false;
            }
            int slot = -1;
            while (b != END) {
                int len = (b & 3) + 1;
                slot += (b >>> 2) + 1;
                s[slot] ^= (int) INT.get(d, a + 1) & MASK[len];
                changed[slot >>> 6] |= 1L << slot;
                a += 1 + len;
                b = d[a] & 0xff;
            }
            at = a + 1;
            return true;
        }

        private void decode(int[] c) {
            byte[] d = f.data;
            int a = at;
            int b = d[a] & 0xff;
            if (b == KEY) {
                System.arraycopy(f.ref, 0, c, 0, f.width);
                b = d[++a] & 0xff;
            }
            int slot = -1;
            while (b != END) {
                int len = (b & 3) + 1;
                slot += (b >>> 2) + 1;
                c[slot] ^= (int) INT.get(d, a + 1) & MASK[len];
                a += 1 + len;
                b = d[a] & 0xff;
            }
            at = a + 1;
        }
    }
}
