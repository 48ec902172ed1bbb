package dev.mmun.explore;

import dev.mmun.machine.Program;

/**
 * The shared resources of a program as bit positions, for the footprints of partial-order
 * reduction: each pte, each lock, each CPU TLB entry, each device TLB entry and may-cache set, each
 * frame's refcount/generation and its data, each page's write count, and the free-frame pool.
 */
final class Resources {
    final int pages;
    final int locks;
    final int cpus;
    final int devices;
    final int frames;
    private final int lockBase;
    private final int cpuBase;
    private final int devTlbBase;
    private final int mayCacheBase;
    private final int refBase;
    private final int dataBase;
    private final int versionBase;
    final int alloc;
    final int count;
    final int words;

    Resources(Program p) {
        pages = p.pages().size();
        locks = p.locks().size();
        cpus = p.cpuCount();
        devices = p.devices().size();
        frames = p.frames().size();
        lockBase = pages;
        cpuBase = lockBase + locks;
        devTlbBase = cpuBase + cpus * pages;
        mayCacheBase = devTlbBase + devices * pages;
        refBase = mayCacheBase + devices * pages;
        dataBase = refBase + frames;
        versionBase = dataBase + frames;
        alloc = versionBase + pages;
        count = alloc + 1;
        words = (count + 63) >>> 6;
    }

    int pte(int page) {
        return page;
    }

    int lock(int l) {
        return lockBase + l;
    }

    int cpuTlb(int cpu, int page) {
        return cpuBase + cpu * pages + page;
    }

    int devTlb(int d, int page) {
        return devTlbBase + d * pages + page;
    }

    int mayCache(int d, int page) {
        return mayCacheBase + d * pages + page;
    }

    int ref(int f) {
        return refBase + f;
    }

    int data(int f) {
        return dataBase + f;
    }

    int version(int page) {
        return versionBase + page;
    }

    /** The frames (bit f for frame f) whose refcount or data is in bits. */
    long frameBits(long[] bits) {
        return range(bits, refBase, frames) | range(bits, dataBase, frames);
    }

    /** Bits from..from+len-1 of bits (len at most 64) as the low bits of a long. */
    private static long range(long[] bits, int from, int len) {
        if (len == 0) {
            return 0;
        }
        int wi = from >>> 6;
        int off = from & 63;
        long v = bits[wi] >>> off;
        if (off != 0 && off + len > 64) {
            v |= bits[wi + 1] << (64 - off);
        }
        return len == 64 ? v : v & ((1L << len) - 1);
    }

    static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    static void clear(long[] bits, int i) {
        bits[i >>> 6] &= ~(1L << i);
    }

    static boolean get(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    static boolean intersects(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    static void or(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] |= from[i];
        }
    }
}
