package dev.mmun.machine;

/**
 * Where an instruction family declares what one of its instructions reads and writes, for
 * partial-order reduction (explore's Footprints records it over its resources). What a family
 * declares is checked against what its effect does (FootprintCheckTest), not trusted.
 */
public interface Footprint {
    /** The holder of lock l. */
    void lock(int l, boolean read, boolean write);
}
