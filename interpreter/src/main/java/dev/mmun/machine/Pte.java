package dev.mmun.machine;

/** The encoding of a page table entry and of a TLB entry in one int. */
public final class Pte {
    public static final int PRESENT = 1;
    public static final int WRITE = 2;
    public static final int DIRTY = 4;
    /** Non-present entries that remember their frame: a swap entry, a migration entry (WRITE: writable one). */
    public static final int SWAP = 8;
    public static final int MIGRATION = 16;
    /**
     * In a CPU TLB entry only: an invalidation covering the page ended while the entry held a frame
     * the pte no longer maps, and the ending thread had no flush of it pending (D18).
     */
    public static final int ZAPPED = 4;

    private Pte() {
    }

    public static int make(int frame, boolean writable, boolean dirty) {
        return PRESENT | (writable ? WRITE : 0) | (dirty ? DIRTY : 0) | (frame << 8);
    }

    /** A swap or migration entry for frame, not present: accesses fault and wait. */
    public static int special(int kind, int frame, boolean writable) {
        return kind | (writable ? WRITE : 0) | (frame << 8);
    }

    public static boolean swap(int pte) {
        return (pte & SWAP) != 0;
    }

    public static boolean migration(int pte) {
        return (pte & MIGRATION) != 0;
    }

    public static boolean present(int pte) {
        return (pte & PRESENT) != 0;
    }

    public static boolean writable(int pte) {
        return (pte & WRITE) != 0;
    }

    /** Whether the entry holds a frame: present, or a swap or migration entry (which keep theirs). */
    public static boolean holdsFrame(int pteOrTlb) {
        return present(pteOrTlb) || swap(pteOrTlb) || migration(pteOrTlb);
    }

    public static int frame(int pte) {
        return (pte >>> 8) & 0xff;
    }

    /** A TLB entry: a pte's translation plus the frame's generation when it was loaded. */
    public static int tlbEntry(int pte, int gen) {
        return (pte & (PRESENT | WRITE | 0xff00)) | (gen << 16);
    }

    public static int gen(int tlb) {
        return tlb >>> 16;
    }

    public static boolean allows(int pteOrTlb, boolean write) {
        return present(pteOrTlb) && (!write || writable(pteOrTlb));
    }
}
