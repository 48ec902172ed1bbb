package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The BFS level buffer packs states against a reference in a layout that grows level by level: every
 * state must come back as it went in, whether it fit the layout or was kept whole, alone or after
 * {@link Frontier#addAll}, across levels whose layouts widen.
 */
class FrontierTest {

    /** A random state near ref: a few slots changed, by small values mostly, sometimes by anything. */
    private static int[] near(int[] ref, Random r) {
        int[] s = ref.clone();
        int changes = r.nextInt(Math.max(1, ref.length / 3) + 1);
        for (int c = 0; c < changes; c++) {
            int i = r.nextInt(ref.length);
            s[i] = switch (r.nextInt(6)) {
                case 0 -> r.nextInt();
                case 1 -> -1 - r.nextInt(4);
                case 2 -> ref[i] + (1 << r.nextInt(31));
                case 3 -> Integer.MIN_VALUE;
                default -> ref[i] + r.nextInt(16);
            };
        }
        return s;
    }

    @Property(tries = 200)
    void levelsGiveBackTheirStates(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int width) {
        Random r = new Random(seed);
        int[] ref = new int[width];
        for (int i = 0; i < width; i++) {
            ref[i] = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(8);
        }
        Frontier.Layout layout = new Frontier.Layout(ref, new int[width]);
        Frontier next = new Frontier(layout, 1);
        Frontier part = new Frontier(layout, 1);
        int[] out = new int[width];
        for (int level = 0; level < 6; level++) {
            List<int[]> states = new ArrayList<>();
            List<Integer> idx = new ArrayList<>();
            int n = r.nextInt(200);
            for (int k = 0; k < n; k++) {
                int[] s = near(ref, r);
                int id = level * 1000 + k;
                states.add(s);
                idx.add(id);
                // half go straight in, half through a worker's buffer and addAll
                if (r.nextBoolean()) {
                    next.add(s, id, Fingerprint.of(s));
                } else {
                    part.add(s, id, Fingerprint.of(s));
                }
                if (r.nextInt(16) == 0 || k == n - 1) {
                    next.addAll(part);
                    part.clear(part.layout());
                }
            }
            next.addAll(part);
            part.clear(part.layout());
            // the order is: whatever went straight in and the flushed parts, interleaved as above
            assertEquals(n, next.size());
            List<int[]> got = new ArrayList<>();
            List<Integer> gotIdx = new ArrayList<>();
            for (int i = 0; i < next.size(); i++) {
                next.get(i, out);
                assertEquals(Fingerprint.of(out), next.hash(i), "the hash goes with its state");
                got.add(out.clone());
                gotIdx.add(next.index(i));
            }
            for (int k = 0; k < n; k++) {
                int at = gotIdx.indexOf(idx.get(k));
                assertTrue(at >= 0);
                assertArrayEquals(states.get(k), got.get(at), "state " + k + " of level " + level);
            }
            Frontier.Layout wider = next.layout().widen(next.seen());
            // everything this level held fits the next layout
            Frontier check = new Frontier(wider, 1);
            for (int[] s : states) {
                check.add(s, 0, 0);
            }
            assertTrue(allZero(check.seen()), "a state did not fit the widened layout");
            next.clear(wider);
            part.clear(wider);
        }
    }

    private static boolean allZero(int[] a) {
        for (int x : a) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void statesThatFitArePackedAndTheRestKeptWhole() {
        int[] ref = {5, 0, 0, 7, 1 << 20};
        Frontier.Layout none = new Frontier.Layout(ref, new int[5]);
        assertEquals(1, none.words);
        assertEquals(1, none.bits());
        Frontier f = new Frontier(none, 4);
        f.add(ref, 0, 1);
        f.add(new int[] {6, 0, 0, 7, 1 << 20}, 1, 2);
        assertArrayEquals(new int[] {3, 0, 0, 0, 0}, f.seen(), "the exception asks for the bits 5 ^ 6");
        Frontier.Layout l = none.widen(f.seen());
        assertEquals(1 + 2, l.bits());
        assertSame(l, l.widen(new int[5]), "nothing new: the same layout");
        Frontier g = new Frontier(l, 1);
        g.add(new int[] {4, 0, 0, 7, 1 << 20}, 7, 3); // 5 ^ 4 = 1: fits
        g.add(new int[] {1, 0, 0, 7, 1 << 20}, 8, 4); // 5 ^ 1 = 4: does not
        assertArrayEquals(new int[] {4, 0, 0, 0, 0}, g.seen());
        int[] out = new int[5];
        g.get(0, out);
        assertArrayEquals(new int[] {4, 0, 0, 7, 1 << 20}, out);
        g.get(1, out);
        assertArrayEquals(new int[] {1, 0, 0, 7, 1 << 20}, out);
        assertEquals(8, g.index(1));
        assertEquals(4, g.hash(1));
    }

    @Test
    void wideFieldsSpanManyWords() {
        int n = 40;
        int[] ref = new int[n];
        int[] all = new int[n];
        java.util.Arrays.fill(all, -1);
        Frontier.Layout l = new Frontier.Layout(ref, all);
        assertEquals(1 + 32 * n, l.bits());
        assertEquals(21, l.words, "32-bit fields two to a long, after the flag");
        Frontier f = new Frontier(l, 1);
        Random r = new Random(3);
        List<int[]> in = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt();
            }
            in.add(s);
            f.add(s, k, k);
        }
        assertTrue(allZero(f.seen()));
        int[] out = new int[n];
        for (int k = 0; k < 1000; k++) {
            f.get(k, out);
            assertArrayEquals(in.get(k), out);
        }
    }

    @Test
    void framesOfOtherLayoutsDoNotMix() {
        int[] ref = new int[3];
        Frontier a = new Frontier(new Frontier.Layout(ref, new int[3]), 1);
        Frontier b = new Frontier(new Frontier.Layout(ref, new int[] {1, 0, 0}), 1);
        assertThrows(IllegalStateException.class, () -> a.addAll(b));
    }
}
