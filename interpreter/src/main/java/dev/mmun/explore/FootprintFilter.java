package dev.mmun.explore;

import dev.mmun.machine.Footprint;

/**
 * A footprint reader that looks at one or two resources and lets the rest pass: the dead-record
 * analyses (DeadRecords' pte stores, DeadMayCache's may-cache reads) override what they watch.
 * {@link #everything()} stays abstract: a reader must say what an instruction that touches
 * everything means for its own resource.
 */
abstract class FootprintFilter implements Footprint {
    @Override
    public void lock(int l, boolean read, boolean write) {
    }

    @Override
    public void pte(int page, boolean read, boolean write) {
    }

    @Override
    public void tlb(int t, int page, boolean read, boolean write) {
    }

    @Override
    public void version(int page, boolean read, boolean write) {
    }

    @Override
    public void frameRef(int f, boolean read, boolean write) {
    }

    @Override
    public void frameData(int f, boolean read, boolean write) {
    }

    @Override
    public void freeFrames(boolean read, boolean write) {
    }

    @Override
    public void mayCache(int d, int page, boolean read, boolean write) {
    }

    @Override
    public void deviceTlb(int d, int page, boolean read, boolean write) {
    }

    @Override
    public void cpuTlb(int c, int page, boolean read, boolean write) {
    }
}
