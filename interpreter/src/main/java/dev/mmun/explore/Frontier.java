package dev.mmun.explore;

import java.util.Arrays;

/**
 * One BFS level: its state vectors, packed. Each is stored as its difference from a reference
 * vector (the initial state), slot by slot, as zig-zag varints with runs of equal slots collapsed:
 * most slots of most states are as they started, so a state of a few hundred ints takes a few
 * dozen bytes.
 */
final class Frontier {
    private final int[] ref;
    private byte[] data;
    private int used;
    private int[] start;
    private int[] index;
    private long[] hash;
    private int count;

    Frontier(int[] ref, int capacity) {
        this.ref = ref;
        this.data = new byte[Math.max(64, capacity * 32)];
        this.start = new int[Math.max(1, capacity)];
        this.index = new int[Math.max(1, capacity)];
        this.hash = new long[Math.max(1, capacity)];
    }

    int size() {
        return count;
    }

    long bytes() {
        return data.length + 16L * start.length;
    }

    void add(int[] s, int idx, long h) {
        if (count == index.length) {
            int cap = index.length * 2;
            start = Arrays.copyOf(start, cap);
            index = Arrays.copyOf(index, cap);
            hash = Arrays.copyOf(hash, cap);
        }
        hash[count] = h;
        if (used + 5 * (s.length + 1) > data.length) {
            long cap = Math.max((long) data.length * 2, used + 5L * (s.length + 1));
            if (cap > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("a BFS level above 2 GiB");
            }
            data = Arrays.copyOf(data, (int) cap);
        }
        start[count] = used;
        index[count++] = idx;
        int at = used;
        int i = 0;
        int len = s.length;
        while (i < len) {
            int m = Arrays.mismatch(s, i, len, ref, i, len);
            if (m < 0) {
                break;
            }
            if (m > 0) {
                data[at++] = 0;
                at = varint(data, at, m);
                i += m;
            }
            int d = s[i] - ref[i];
            at = varint(data, at, (d << 1) ^ (d >> 31));
            i++;
        }
        used = at;
    }

    private static int varint(byte[] b, int at, int v) {
        while ((v & ~0x7f) != 0) {
            b[at++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    /** Appends every state of other, with its index. */
    void addAll(Frontier other) {
        int need = count + other.count;
        if (need > index.length) {
            int cap = Math.max(need, index.length * 2);
            start = Arrays.copyOf(start, cap);
            index = Arrays.copyOf(index, cap);
            hash = Arrays.copyOf(hash, cap);
        }
        if (used + other.used > data.length) {
            long cap = Math.max((long) data.length * 2, (long) used + other.used);
            if (cap > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("a BFS level above 2 GiB");
            }
            data = Arrays.copyOf(data, (int) cap);
        }
        System.arraycopy(other.data, 0, data, used, other.used);
        for (int i = 0; i < other.count; i++) {
            start[count + i] = other.start[i] + used;
        }
        System.arraycopy(other.index, 0, index, count, other.count);
        System.arraycopy(other.hash, 0, hash, count, other.count);
        used += other.used;
        count = need;
    }

    void setIndex(int i, int idx) {
        index[i] = idx;
    }

    /** Decodes state i into out. */
    void get(int i, int[] out) {
        int at = start[i];
        int end = i + 1 < count ? start[i + 1] : used;
        int slot = 0;
        while (at < end) {
            int v = 0;
            int shift = 0;
            byte b;
            do {
                b = data[at++];
                v |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            if (v == 0) {
                int run = 0;
                shift = 0;
                do {
                    b = data[at++];
                    run |= (b & 0x7f) << shift;
                    shift += 7;
                } while (b < 0);
                System.arraycopy(ref, slot, out, slot, run);
                slot += run;
            } else {
                out[slot] = ref[slot] + ((v >>> 1) ^ -(v & 1));
                slot++;
            }
        }
        if (slot < out.length) {
            System.arraycopy(ref, slot, out, slot, out.length - slot);
        }
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
    }
}
