package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The search tree in blocks: what is set is read back across the first block's growth and the block boundaries. */
class TreeTest {
    @Test
    void keepsEveryStateAcrossBlocks() {
        Tree tree = new Tree();
        int n = 2 * Tree.BLOCK + 12_345;
        tree.set(0, -1, -1);
        for (int i = 1; i < n; i++) {
            // grows in steps of every size: one state, a few, then many at once
            if (i % 1000 == 1) {
                tree.ensure(i + (i % 7 == 0 ? 70_000 : 1000));
            }
            tree.set(i, (int) ((i * 2654435761L) % i), i % 13 - 1);
        }
        assertEquals(-1, tree.parent(0));
        assertEquals(-1, tree.choice(0));
        for (int i = 1; i < n; i++) {
            assertEquals((int) ((i * 2654435761L) % i), tree.parent(i), "parent of " + i);
            assertEquals(i % 13 - 1, tree.choice(i), "choice of " + i);
        }
        assertEquals(5L * 3 * Tree.BLOCK, tree.bytes(), "three whole blocks");
    }

    @Test
    void aSmallSearchAllocatesLittle() {
        Tree tree = new Tree();
        tree.ensure(3000);
        tree.set(2999, 7, 3);
        assertEquals(7, tree.parent(2999));
        assertEquals(3, tree.choice(2999));
        assertTrue(tree.bytes() <= 5L * 4096, "one small block: " + tree.bytes());
    }
}
