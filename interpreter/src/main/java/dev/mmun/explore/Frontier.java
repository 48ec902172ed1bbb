package dev.mmun.explore;

import java.util.Arrays;

/**
 * One BFS level: its state vectors, packed. Each state is stored as its XOR with a reference vector
 * (the initial state), bit-packed in a fixed-size record of longs laid out by the level's
 * {@link Layout}: a slot gets as many bits as the states seen so far needed there, a slot that never
 * changed gets none. Most slots of most states are as they started and the rest hold small values,
 * so a state of a few hundred ints takes a few dozen bytes, and packing or unpacking one is a
 * straight loop over its fields.
 *
 * <p>A state that does not fit the layout (a slot with a bit the layout has no room for) is kept
 * whole, as an exception, and widens the layout of the levels that come after: {@link #seen()}
 * collects the bits the exceptions needed, and {@link Layout#widen} makes the next level's layout.
 * Bit 0 of a record's first long says whether it is an exception; the rest of that long is then
 * where the state starts in the exceptions' array.
 */
final class Frontier {

    /**
     * How a level packs its states. Immutable, shared by the level's frontier and the workers'
     * output buffers, which must agree for {@link #addAll}.
     */
    static final class Layout {
        final int[] ref;
        /** per slot: the low bits a state may differ from ref by (0: the slot must equal ref) */
        final int[] allow;
        /** longs per record */
        final int words;
        /** the fields, grouped by the long they sit in: word k holds fields wordStart[k] .. wordStart[k+1]-1 */
        final int[] wordStart;
        final int[] slot;
        final int[] shift;
        final long[] mask;

        /** The layout for states that may differ from ref by the bits of allowed (per slot, any bits). */
        Layout(int[] ref, int[] allowed) {
            this.ref = ref;
            int n = ref.length;
            this.allow = new int[n];
            int fields = 0;
            for (int i = 0; i < n; i++) {
                int width = 32 - Integer.numberOfLeadingZeros(allowed[i]);
                allow[i] = width == 32 ? -1 : (1 << width) - 1;
                if (width > 0) {
                    fields++;
                }
            }
            slot = new int[fields];
            shift = new int[fields];
            mask = new long[fields];
            int[] wordOf = new int[fields];
            int word = 0;
            int pos = 1; // bit 0 of word 0: the exception flag
            int j = 0;
            for (int i = 0; i < n; i++) {
                int width = 32 - Integer.numberOfLeadingZeros(allow[i]);
                if (width == 0) {
                    continue;
                }
                if (pos + width > 64) {
                    word++;
                    pos = 0;
                }
                slot[j] = i;
                shift[j] = pos;
                mask[j] = width == 64 ? -1L : (1L << width) - 1;
                wordOf[j] = word;
                pos += width;
                j++;
            }
            words = word + 1;
            wordStart = new int[words + 1];
            for (int f = 0, k = 0; k <= words; k++) {
                while (f < fields && wordOf[f] < k) {
                    f++;
                }
                wordStart[k] = f;
            }
        }

        /** This layout with room for the bits in seen too (this one when it has it already). */
        Layout widen(int[] seen) {
            boolean same = true;
            int[] allowed = new int[ref.length];
            for (int i = 0; i < ref.length; i++) {
                allowed[i] = allow[i] | seen[i];
                same &= allowed[i] == allow[i];
            }
            return same ? this : new Layout(ref, allowed);
        }

        /** Bits per state, for the statistics and the tests. */
        int bits() {
            int b = 1;
            for (long m : mask) {
                b += Long.bitCount(m);
            }
            return b;
        }
    }

    private Layout layout;
    private int[] ref;
    private int width;
    private int words;
    private long[] data;
    private int[] index;
    private long[] hash;
    private int count;
    /** the exceptions: whole states, one after another, and which records they are */
    private int[] exc;
    private int excUsed;
    private int[] excRecords;
    private int excCount;
    /** per slot, the bits (XOR with ref) the exceptions needed */
    private final int[] seen;

    Frontier(Layout layout, int capacity) {
        this.width = layout.ref.length;
        this.seen = new int[width];
        this.index = new int[Math.max(1, capacity)];
        this.hash = new long[Math.max(1, capacity)];
        this.data = new long[0];
        this.exc = new int[0];
        this.excRecords = new int[16];
        clear(layout);
    }

    Layout layout() {
        return layout;
    }

    /** Per slot, the bits the states that did not fit the layout needed: to widen the next level's layout. */
    int[] seen() {
        return seen;
    }

    int size() {
        return count;
    }

    long bytes() {
        return 8L * data.length + 4L * exc.length + 12L * index.length + 4L * excRecords.length;
    }

    private void ensure(int states) {
        if (states > index.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 16, Math.max((long) states, index.length * 2L));
            index = Arrays.copyOf(index, cap);
            hash = Arrays.copyOf(hash, cap);
        }
        long longs = (long) states * words;
        if (longs > data.length) {
            long cap = Math.max(longs, data.length * 2L);
            if (cap > Integer.MAX_VALUE - 16) {
                cap = longs;
                if (cap > Integer.MAX_VALUE - 16) {
                    throw new OutOfMemoryError("a BFS level above 16 GiB");
                }
            }
            data = Arrays.copyOf(data, (int) cap);
        }
    }

    private void ensureExceptions(int records, long ints) {
        if (records > excRecords.length) {
            excRecords = Arrays.copyOf(excRecords, Math.max(records, excRecords.length * 2));
        }
        if (ints > exc.length) {
            long cap = Math.max(ints, exc.length * 2L);
            if (cap > Integer.MAX_VALUE - 16) {
                cap = ints;
                if (cap > Integer.MAX_VALUE - 16) {
                    throw new OutOfMemoryError("a BFS level above 8 GiB of unpacked states");
                }
            }
            exc = Arrays.copyOf(exc, (int) cap);
        }
    }

    void add(int[] s, int idx, long h) {
        ensure(count + 1);
        int i = count++;
        index[i] = idx;
        hash[i] = h;
        int[] ref = this.ref;
        int[] allow = layout.allow;
        int bad = 0;
        for (int k = 0; k < width; k++) {
            bad |= (s[k] ^ ref[k]) & ~allow[k];
        }
        int base = i * words;
        if (bad != 0) {
            addException(s, base, i);
            return;
        }
        int[] wordStart = layout.wordStart;
        int[] slot = layout.slot;
        int[] shift = layout.shift;
        long[] mask = layout.mask;
        for (int k = 0; k < words; k++) {
            long w = 0;
            for (int j = wordStart[k], end = wordStart[k + 1]; j < end; j++) {
                int at = slot[j];
                w |= ((long) (s[at] ^ ref[at]) & mask[j]) << shift[j];
            }
            data[base + k] = w;
        }
    }

    private void addException(int[] s, int base, int i) {
        ensureExceptions(excCount + 1, (long) excUsed + width);
        excRecords[excCount++] = i;
        data[base] = ((long) excUsed << 1) | 1;
        for (int k = 1; k < words; k++) {
            data[base + k] = 0;
        }
        System.arraycopy(s, 0, exc, excUsed, width);
        excUsed += width;
        for (int k = 0; k < width; k++) {
            seen[k] |= s[k] ^ ref[k];
        }
    }

    /** Appends every state of other (same layout), with its index. */
    void addAll(Frontier other) {
        if (other.layout != layout) {
            throw new IllegalStateException("frontiers with different layouts");
        }
        int first = count;
        ensure(count + other.count);
        System.arraycopy(other.data, 0, data, first * words, other.count * words);
        System.arraycopy(other.index, 0, index, first, other.count);
        System.arraycopy(other.hash, 0, hash, first, other.count);
        count += other.count;
        if (other.excCount > 0) {
            ensureExceptions(excCount + other.excCount, (long) excUsed + other.excUsed);
            System.arraycopy(other.exc, 0, exc, excUsed, other.excUsed);
            for (int e = 0; e < other.excCount; e++) {
                int r = first + other.excRecords[e];
                excRecords[excCount++] = r;
                data[r * words] += (long) excUsed << 1;
            }
            excUsed += other.excUsed;
            for (int k = 0; k < width; k++) {
                seen[k] |= other.seen[k];
            }
        }
    }

    void setIndex(int i, int idx) {
        index[i] = idx;
    }

    /** Decodes state i into out. */
    void get(int i, int[] out) {
        int base = i * words;
        long w0 = data[base];
        if ((w0 & 1) != 0) {
            System.arraycopy(exc, (int) (w0 >>> 1), out, 0, width);
            return;
        }
        int[] ref = this.ref;
        System.arraycopy(ref, 0, out, 0, width);
        int[] wordStart = layout.wordStart;
        int[] slot = layout.slot;
        int[] shift = layout.shift;
        long[] mask = layout.mask;
        for (int k = 0; k < words; k++) {
            long w = data[base + k];
            for (int j = wordStart[k], end = wordStart[k + 1]; j < end; j++) {
                int at = slot[j];
                out[at] = ref[at] ^ (int) ((w >>> shift[j]) & mask[j]);
            }
        }
    }

    long hash(int i) {
        return hash[i];
    }

    int index(int i) {
        return index[i];
    }

    /** Empties the frontier; its next states are packed by layout. */
    void clear(Layout layout) {
        this.layout = layout;
        this.ref = layout.ref;
        this.words = layout.words;
        count = 0;
        excUsed = 0;
        excCount = 0;
        Arrays.fill(seen, 0);
    }
}
