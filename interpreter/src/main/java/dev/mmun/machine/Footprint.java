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
}
