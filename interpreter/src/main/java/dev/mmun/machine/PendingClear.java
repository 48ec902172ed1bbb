package dev.mmun.machine;

/**
 * The value of a thread's {@link Program#clearPending} slot: a present pte the thread cleared with a
 * notify, under the ptl, outside an invalidation of its own, not judged yet (D8's exemption,
 * kernel-notes §3.5: KernelRules judges it when the ptl is dropped). 0 is none. One int: bit 0 set,
 * bits 1-6 the page, 7-11 the frame the entry held, bit 12 whether it was writable, bits 13 and up
 * the clear's pc. Here whole, so that the rules that write it and the frame reductions that rename
 * its frame read the same bits.
 */
public final class PendingClear {
    /** The clear's pc must be below this to be kept (it fills the top bits). */
    static final int MAX_PC = 1 << 18;

    private PendingClear() {
    }

    /** A pending clear of page's entry, which held frame (writable or not), by the instruction at pc. */
    static int of(int page, int frame, boolean writable, int pc) {
        return 1 | page << 1 | frame << 7 | (writable ? 1 << 12 : 0) | pc << 13;
    }

    static int page(int v) {
        return v >>> 1 & 0x3f;
    }

    /** The frame the cleared entry held. */
    public static int frame(int v) {
        return v >>> 7 & 0x1f;
    }

    static boolean writable(int v) {
        return (v & 1 << 12) != 0;
    }

    static int pc(int v) {
        return v >>> 13;
    }

    /** The same pending clear with frame f instead (the frame reductions rename frames). */
    public static int withFrame(int v, int f) {
        return v & ~(0x1f << 7) | f << 7;
    }
}
