package dev.mmun.machine;

/**
 * Where an instruction family declares what one of its instructions reads and writes, for
 * partial-order reduction (explore's Footprints records it over its resources). What a family
 * declares is checked against what its effect does (FootprintCheckTest), not trusted.
 */
public interface Footprint {
    /** The holder of lock l. */
    void lock(int l, boolean read, boolean write);

    /** The pte of page (and what lives with it: the mark of a write-protect not yet propagated). */
    void pte(int page, boolean read, boolean write);

    /** The TLB entry for page that thread t's accesses go through (its CPU's or its device's). */
    void tlb(int t, int page, boolean read, boolean write);

    /** The page's write count (what a device read is judged stale against). */
    void version(int page, boolean read, boolean write);

    /** Frame f's refcount and generation. */
    void frameRef(int f, boolean read, boolean write);

    /** Frame f's content. */
    void frameData(int f, boolean read, boolean write);

    /** Which frames are free: every allocation takes from it, every free gives to it. */
    void freeFrames(boolean read, boolean write);

    /** The frames ATS device d may cache for page (and which of them writable). */
    void mayCache(int d, int page, boolean read, boolean write);

    /** Device d's TLB entry for page (a software mirror's entry). */
    void deviceTlb(int d, int page, boolean read, boolean write);

    /** CPU c's TLB entry for page. */
    void cpuTlb(int c, int page, boolean read, boolean write);

    /** Every resource, read and written: for steps that touch state no resource stands for (the mirrors' counters). */
    void everything();

    /** A flush of the pages in mask from every CPU's TLB: it writes their entries. */
    static void cpuFlush(Program p, long mask, Footprint fp) {
        for (long m = mask; m != 0; m &= m - 1) {
            int pg = Long.numberOfTrailingZeros(m);
            for (int c = 0; c < p.cpuCount(); c++) {
                fp.cpuTlb(c, pg, false, true);
            }
        }
    }

    /**
     * The document's notify of the pages in mask: each ATS device drops its entries and may cache
     * what the pte holds now (Effects.notify).
     */
    static void notify(Program p, long mask, Footprint fp) {
        for (long m = mask; m != 0; m &= m - 1) {
            int pg = Long.numberOfTrailingZeros(m);
            fp.pte(pg, true, false);
            for (int d : p.walkingDevices()) {
                fp.deviceTlb(d, pg, false, true);
                fp.mayCache(d, pg, true, true);
            }
        }
    }
}
