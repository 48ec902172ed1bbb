package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The BFS level buffer stores each state as its difference from the one before, with key states
 * against the reference: every state must come back as it went in, read in order from any start,
 * or one by one, after {@link Frontier#addAll} of parts, whatever its slots hold.
 */
class FrontierTest {

    /** A state near s: a few slots changed, by small values mostly, sometimes by anything. */
    private static int[] near(int[] s, Random r) {
        int[] n = s.clone();
        int changes = r.nextInt(4) == 0 ? r.nextInt(s.length + 1) : r.nextInt(Math.min(s.length, 8) + 1);
        for (int c = 0; c < changes; c++) {
            int i = r.nextInt(s.length);
            n[i] = switch (r.nextInt(7)) {
                case 0 -> r.nextInt();
                case 1 -> -1 - r.nextInt(4);
                case 2 -> s[i] ^ (1 << r.nextInt(32));
                case 3 -> Integer.MIN_VALUE;
                case 4 -> 0;
                default -> s[i] + r.nextInt(16);
            };
        }
        return n;
    }

    @Property(tries = 200)
    void levelsGiveBackTheirStates(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int width) {
        Random r = new Random(seed);
        int[] ref = new int[width];
        for (int i = 0; i < width; i++) {
            ref[i] = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(8);
        }
        Frontier level = new Frontier(ref, 1);
        Frontier part = new Frontier(ref, 1);
        List<int[]> states = new ArrayList<>();
        int n = r.nextInt(600);
        int[] s = ref;
        for (int k = 0; k < n; k++) {
            // mostly a walk (neighbours are alike, as in a level), sometimes a jump back near ref
            s = near(r.nextInt(10) == 0 ? ref : s, r);
            states.add(s);
            // some go straight in, some through a worker's buffer, appended now and then
            if (r.nextInt(3) == 0) {
                level.addAll(part);
                part.clear();
                level.add(s, k, Fingerprint.of(s));
            } else {
                part.add(s, k, Fingerprint.of(s));
            }
            if (r.nextInt(40) == 0) {
                level.addAll(part);
                part.clear();
            }
        }
        level.addAll(part);
        assertEquals(n, level.size());
        int[] out = new int[width];
        for (int i = 0; i < n; i++) {
            assertEquals(i, level.index(i), "the states keep their order");
            assertEquals(Fingerprint.of(states.get(i)), level.hash(i), "the hash goes with its state");
        }
        // runs from random starts, as the workers read them
        Frontier.Cursor cursor = new Frontier.Cursor();
        for (int run = 0; run < 8 && n > 0; run++) {
            int from = r.nextInt(n);
            int to = from + r.nextInt(n - from) + 1;
            for (int i = from; i < to; i++) {
                if (i == from) {
                    cursor.seek(level, i, out);
                } else {
                    cursor.next(out);
                }
                assertArrayEquals(states.get(i), out, "state " + i + " of a run from " + from);
            }
        }
        for (int i = 0; i < n; i += 1 + r.nextInt(50)) {
            level.get(i, out);
            assertArrayEquals(states.get(i), out, "state " + i);
        }
    }

    /**
     * The search's way in: each state told the slots where it may differ from the state added
     * before it (the real differences and some that are not), and read back by a cursor that says
     * which slots it changed. The hints must change nothing but the work; what the cursor says
     * changed must hold every slot that did (or it says it read a key state).
     */
    @Property(tries = 200)
    void hintedStatesComeBackAndCursorsSayWhatChanged(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int width) {
        Random r = new Random(seed);
        int[] ref = new int[width];
        for (int i = 0; i < width; i++) {
            ref[i] = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(8);
        }
        int words = (width + 63) >>> 6;
        Frontier level = new Frontier(ref, 1);
        List<int[]> states = new ArrayList<>();
        int n = r.nextInt(600);
        int[] s = ref;
        int[] last = ref;
        for (int k = 0; k < n; k++) {
            s = near(r.nextInt(10) == 0 ? ref : s, r);
            long h = Fingerprint.of(s);
            long[] diff = new long[words];
            assertEquals(h, Fingerprint.update(Fingerprint.of(last), last, s, diff, 0), "the fingerprint updated as computed whole");
            for (int i = 0; i < width; i++) {
                assertEquals(last[i] != s[i], (diff[i >>> 6] & 1L << i) != 0, "slot " + i + " in the diff exactly when it changed");
                if (r.nextInt(20) == 0) {
                    diff[i >>> 6] |= 1L << i;
                }
            }
            long[] kept = diff.clone();
            if (r.nextInt(15) == 0) {
                level.add(s, k, h);
            } else {
                level.add(s, k, h, diff);
            }
            assertArrayEquals(kept, diff, "the hint is left as it was");
            states.add(s);
            last = s;
        }
        int[] out = new int[width];
        Frontier.Cursor cursor = new Frontier.Cursor();
        for (int run = 0; run < 8 && n > 0; run++) {
            int from = r.nextInt(n);
            int to = from + r.nextInt(n - from) + 1;
            for (int i = from; i < to; i++) {
                if (i == from) {
                    cursor.seek(level, i, out);
                } else {
                    int[] before = out.clone();
                    long[] changed = new long[words];
                    if (cursor.next(out, changed)) {
                        for (int j = 0; j < width; j++) {
                            if (before[j] != out[j]) {
                                assertEquals(1L << j, changed[j >>> 6] & 1L << j, "slot " + j + " changed, and the cursor says so");
                            }
                        }
                    }
                }
                assertArrayEquals(states.get(i), out, "state " + i + " of a run from " + from);
            }
        }
    }

    @Test
    void farApartSlotsAndWideValues() {
        int width = 1000;
        int[] ref = new int[width];
        Frontier f = new Frontier(ref, 1);
        List<int[]> in = new ArrayList<>();
        int[][] edits = {{}, {0}, {999}, {0, 999}, {62}, {63}, {64}, {125, 126, 127, 500}, {1, 2, 3}};
        int[] values = {1, 0xff, 0x100, 0xffff, 0x10000, 0xffffff, 0x1000000, -1, Integer.MIN_VALUE};
        for (int k = 0; k < 300; k++) {
            int[] s = in.isEmpty() ? ref.clone() : in.get(in.size() - 1).clone();
            for (int slot : edits[k % edits.length]) {
                s[slot] = values[(k + slot) % values.length];
            }
            in.add(s);
            f.add(s, k, k);
        }
        int[] out = new int[width];
        Frontier.Cursor c = new Frontier.Cursor();
        c.seek(f, 0, out);
        assertArrayEquals(in.get(0), out);
        for (int k = 1; k < in.size(); k++) {
            c.next(out);
            assertArrayEquals(in.get(k), out, "state " + k);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> c.next(out));
    }

    @Test
    void repeatedStatesAndKeyStates() {
        int[] ref = new int[200];
        Frontier f = new Frontier(ref, 1);
        int[] s = ref.clone();
        s[7] = 3;
        f.add(s, 0, 0); // the key state: KEY, one entry of 2 bytes, END
        for (int k = 1; k < Frontier.KEY_EVERY; k++) {
            f.add(s, k, 0); // the same state again: END alone
        }
        s[150] = 0x12345;
        f.add(s, 99, 0);
        int[] out = new int[200];
        f.get(Frontier.KEY_EVERY, out);
        assertArrayEquals(s, out);
        f.get(1, out);
        assertEquals(3, out[7]);
        assertEquals(0, out[150]);
        f.get(Frontier.KEY_EVERY - 1, out);
        assertEquals(3, out[7]);
    }

    @Test
    void partsMustShareTheReference() {
        Frontier a = new Frontier(new int[3], 1);
        Frontier b = new Frontier(new int[3], 1);
        b.add(new int[3], 0, 0);
        assertThrows(IllegalStateException.class, () -> a.addAll(b));
    }
}
