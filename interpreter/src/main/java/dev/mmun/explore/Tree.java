package dev.mmun.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The search tree: for each stored state, by its number, the state it was first reached from and
 * the thread whose step reached it; all it takes to rebuild a schedule. Kept in blocks of
 * {@link #BLOCK} states, so that the tree grows without copying what it holds. Doubling one array
 * held the old one and the new one, twice as big, together, and touched fresh memory for all it
 * copied, which on the VM of docs/performance.md costs up to 3 ms per MB; blocks touch each
 * byte once. The first block grows by doubling up to that size, so that a small search allocates
 * little.
 */
final class Tree {
    static final int BITS = 20;
    static final int BLOCK = 1 << BITS;

    private final List<int[]> parents = new ArrayList<>();
    private final List<byte[]> choices = new ArrayList<>();

    Tree() {
        parents.add(new int[1024]);
        choices.add(new byte[1024]);
    }

    /** Room for states [0, n). */
    void ensure(long n) {
        int[] first = parents.get(0);
        if (first.length < BLOCK && n > first.length) {
            int cap = (int) Math.min(BLOCK, Math.max(2L * first.length, n));
            parents.set(0, Arrays.copyOf(first, cap));
            choices.set(0, Arrays.copyOf(choices.get(0), cap));
        }
        while (capacity() < n) {
            parents.add(new int[BLOCK]);
            choices.add(new byte[BLOCK]);
        }
    }

    private long capacity() {
        return parents.size() == 1 ? parents.get(0).length : (long) parents.size() << BITS;
    }

    /** State idx (room made for it) was first reached from state parent by thread choice (-1: none, the root). */
    void set(int idx, int parent, int choice) {
        parents.get(idx >>> BITS)[idx & (BLOCK - 1)] = parent;
        choices.get(idx >>> BITS)[idx & (BLOCK - 1)] = (byte) choice;
    }

    int parent(int idx) {
        return parents.get(idx >>> BITS)[idx & (BLOCK - 1)];
    }

    int choice(int idx) {
        return choices.get(idx >>> BITS)[idx & (BLOCK - 1)];
    }

    /** The heap it holds. */
    long bytes() {
        return 5L * capacity();
    }
}
