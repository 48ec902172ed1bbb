package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The visited set against a plain HashSet: keys that share their first slot, tables that grow
 * between batches, the read-ahead of {@link FingerprintSet#touch}, and adds from several threads.
 */
class FingerprintSetTest {

    /** Keys that all probe from the same slot of a table of up to 2^20 slots, and differ above. */
    private static long colliding(int k) {
        long high = (long) (k + 1) << 40;
        return high ^ (high >>> 29); // slot() folds bits 29 up down: cancel them for the low 20 bits
    }

    /** capped: the table may not pass 2048 slots, and is filled up to the crowded load (1945 keys) instead, then full */
    @Property(tries = 100)
    void agreesWithAHashSet(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5000) int n, @ForAll boolean capped) {
        Random r = new Random(seed);
        FingerprintSet set = capped ? new FingerprintSet(1, 2048) : new FingerprintSet(1);
        Set<Long> plain = new HashSet<>();
        long[] batch = new long[8];
        for (int i = 0; i < n; i += batch.length) {
            try {
                set.reserve(batch.length);
            } catch (OutOfMemoryError full) {
                assertTrue(capped && set.size() + batch.length > (long) (2048 * FingerprintSet.CROWDED_LOAD),
                        "out of room only when even the crowded table is: " + set.size());
                break;
            }
            for (int k = 0; k < batch.length; k++) {
                // few distinct values, so that many are seen again; some collide on purpose
                long fp = switch (r.nextInt(4)) {
                    case 0 -> colliding(r.nextInt(64));
                    case 1 -> Fingerprint.key(r.nextInt(3) - 1); // -1, 1 (for 0) and 1
                    default -> Fingerprint.key(r.nextLong() % (capped ? 5000 : 2000));
                };
                batch[k] = fp;
            }
            set.touch(batch, batch.length);
            int added = 0;
            for (long fp : batch) {
                boolean fresh = set.add(fp);
                assertEquals(plain.add(fp), fresh, "add " + fp);
                added += fresh ? 1 : 0;
            }
            set.added(added);
        }
        assertEquals(plain.size(), set.size());
        for (long fp : plain) {
            assertTrue(set.contains(fp));
        }
        for (int k = 0; k < 100; k++) {
            long fp = Fingerprint.key(r.nextLong());
            assertEquals(plain.contains(fp), set.contains(fp));
        }
    }

    @Test
    void collidingKeysAllStayAcrossGrowth() {
        FingerprintSet set = new FingerprintSet(1);
        int n = 3000;
        for (int k = 0; k < n; k++) {
            set.reserve(1);
            assertTrue(set.add(colliding(k)));
            set.added(1);
            assertFalse(set.add(colliding(k)));
        }
        for (int k = 0; k < n; k++) {
            assertTrue(set.contains(colliding(k)), "key " + k);
        }
        assertFalse(set.contains(colliding(n)));
        assertTrue(set.bytes() >= 8L * n / 0.7, "grown to keep the load under 0.7");
    }

    @Test
    void touchReadsButDoesNotAdd() {
        FingerprintSet set = new FingerprintSet(16);
        long[] keys = {5, 6, 7};
        set.touch(keys, 3);
        assertFalse(set.contains(5));
        assertTrue(set.add(5));
        set.added(1);
        assertEquals(1, set.size());
    }

    @Test
    void concurrentAddsTakeEachKeyOnce() throws Exception {
        FingerprintSet set = new FingerprintSet(1);
        int per = 20_000;
        set.reserve(2L * per);
        AtomicLong fresh = new AtomicLong();
        Thread[] ts = new Thread[4];
        for (int w = 0; w < ts.length; w++) {
            int seed = w;
            ts[w] = new Thread(() -> {
                Random r = new Random(seed);
                for (int k = 0; k < per; k++) {
                    // the threads overlap on the keys 1..2*per, in different orders
                    if (set.add(1 + r.nextInt(2 * per))) {
                        fresh.incrementAndGet();
                    }
                }
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long distinct = 0;
        for (long k = 1; k <= 2 * per; k++) {
            distinct += set.contains(k) ? 1 : 0;
        }
        assertEquals(distinct, fresh.get(), "each key added by exactly one thread");
    }

    /** Growing a big table with several threads keeps every key, once, and finds no other (colliding runs included). */
    @Test
    void growingWithSeveralThreadsKeepsEveryKey() {
        FingerprintSet set = new FingerprintSet(1);
        Random r = new Random(11);
        int n = 400_000;
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            keys[k] = k % 8 == 0 ? colliding(k / 8) : Fingerprint.key(r.nextLong());
            // 3 threads over the bigger tables (from 2^18 slots on), one below
            set.reserve(1, 1, 3);
            assertTrue(set.add(keys[k]), "key " + k);
            set.added(1);
        }
        assertTrue(set.bytes() >= 8L * (1 << 20), "grew past 2^19 slots with several threads");
        for (int k = 0; k < n; k++) {
            assertTrue(set.contains(keys[k]), "key " + k);
            assertFalse(set.add(keys[k]), "key " + k + " twice");
        }
        Set<Long> plain = new HashSet<>();
        for (long k : keys) {
            plain.add(k);
        }
        for (int k = 0; k < 1000; k++) {
            long fp = Fingerprint.key(r.nextLong());
            assertEquals(plain.contains(fp), set.contains(fp));
        }
    }

    /**
     * A table that cannot double (here: capped at 4096 slots, as a full heap would leave it) keeps
     * taking fingerprints up to the crowded load, colliding runs included, and only then says the
     * memory is out; every key stays findable.
     */
    @Test
    void aTableThatCannotDoubleFillsUpToTheCrowdedLoad() {
        int slots = 4096;
        FingerprintSet set = new FingerprintSet(1, slots);
        int fits = (int) (slots * FingerprintSet.CROWDED_LOAD);
        long[] keys = new long[fits];
        Random r = new Random(5);
        for (int k = 0; k < fits; k++) {
            keys[k] = k % 4 == 0 ? colliding(k / 4) : Fingerprint.key(r.nextLong());
            set.reserve(1);
            assertTrue(set.add(keys[k]), "key " + k);
            set.added(1);
            assertEquals(k + 1 > (int) (slots * 0.7), set.crowded(), "crowded only past the usual load, at key " + k);
        }
        assertEquals(8L * slots, set.bytes(), "never grew past its cap");
        assertFalse(set.hasRoom(1));
        assertThrows(OutOfMemoryError.class, () -> set.reserve(1));
        for (long k : keys) {
            assertTrue(set.contains(k));
            assertFalse(set.add(k));
        }
        assertFalse(set.contains(colliding(fits)));
    }
}
