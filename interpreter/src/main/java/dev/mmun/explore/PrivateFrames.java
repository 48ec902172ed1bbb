package dev.mmun.explore;

import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;

/**
 * Which frames only one thread can reach in a state: no pte maps it, no TLB holds it, no
 * may-cache set names it, no other thread's local holds its value, and no code names it. Such a
 * frame can be touched by no one else before that thread publishes it, so partial-order reduction
 * leaves it out of the thread's footprint (a freshly allocated page being filled, for instance).
 * A free frame can also be reached through alloc_page(): that is not seen here, {@link Footprints}
 * accounts for it with the pool of free frames.
 */
final class PrivateFrames {
    private final Program p;
    private final int pages;
    private final int cpus;
    private final int devices;
    private final int frames;
    /** frames named by a constant operand somewhere: a thread could reach them without a reference */
    private final long constFrames;
    /** The state {@link #prepare} named, not looked at yet; then the one {@link #scan} looked at. */
    private int[] pending;
    private int[] prepared;
    /** frames the state refers to outside the locals, and the frames each thread's locals hold */
    private long shared;
    private long[] heldBy;
    /** per thread, the frames referred to outside the locals or held by another thread's locals */
    private long[] others;
    private int[] localCount;

    PrivateFrames(Program p, long constFrames) {
        this.p = p;
        this.pages = p.pages().size();
        this.cpus = p.cpuCount();
        this.devices = p.devices().size();
        this.frames = p.frames().size();
        this.constFrames = constFrames;
    }

    /**
     * No one but thread t can reach frame f in state s: no pte maps it, no TLB holds it, no
     * may-cache set names it, no other thread's local holds its value, and no code names it. Then
     * only a step of t can make it reachable to others.
     */
    boolean privateTo(int[] s, int t, int f) {
        return (privateMask(s, t) & (1L << f)) != 0;
    }

    /** The frames of s (bit f for frame f) that {@link #privateTo} says only t can reach. */
    long privateMask(int[] s, int t) {
        if (pending == s) {
            pending = null;
            scan(s);
        }
        if (prepared == s) {
            return ~others[t];
        }
        long m = 0;
        for (int f = 0; f < frames; f++) {
            if (privateSlow(s, t, f)) {
                m |= 1L << f;
            }
        }
        return m;
    }

    /**
     * Says that the next questions are about state s: which frames it refers to outside the
     * threads' locals, and which each thread's locals hold, is then worked out once, when first
     * needed. Not thread-safe: one Footprints per worker.
     */
    void prepare(int[] s) {
        pending = s;
        prepared = null;
    }

    private void scan(int[] s) {
        prepared = s;
        long sh = constFrames;
        for (int pg = 0; pg < pages; pg++) {
            sh |= frameBit(s[p.pte(pg)]);
            for (int c = 0; c < cpus; c++) {
                sh |= frameBit(s[p.cpuTlb(c, pg)]);
            }
            for (int d = 0; d < devices; d++) {
                sh |= frameBit(s[p.devTlb(d, pg)]) | (s[p.mayCache(d, pg)] & 0xffffffffL)
                        | (s[p.mayCacheWritable(d, pg)] & 0xffffffffL);
            }
        }
        sh |= kernelShared(s);
        shared = sh;
        int n = p.threads().size();
        if (heldBy == null) {
            heldBy = new long[n];
            others = new long[n];
            localCount = new int[n];
            for (int u = 0; u < n; u++) {
                localCount[u] = p.threads().get(u).locals().size();
            }
        }
        for (int u = 0; u < n; u++) {
            int lb = p.localBase(u);
            int count = localCount[u];
            long held = 0;
            for (int i = 0; i < count; i++) {
                int v = s[lb + i];
                if (v > 0 && v <= frames) {
                    held |= 1L << (v - 1);
                }
            }
            heldBy[u] = held;
        }
        long before = sh;
        for (int u = 0; u < n; u++) {
            others[u] = before;
            before |= heldBy[u];
        }
        long after = 0;
        for (int u = n - 1; u >= 0; u--) {
            others[u] |= after;
            after |= heldBy[u];
        }
    }

    private static long frameBit(int pteOrTlb) {
        return Pte.holdsFrame(pteOrTlb) ? 1L << Pte.frame(pteOrTlb) : 0;
    }

    /**
     * Frames anyone may reach whatever the locals say: a frame in an mmu_gather batch (freed by
     * the flush), and the source of a copy (LOST_WRITE compares it with the copy). A free frame is
     * reachable too, through alloc_page(), but only that way: {@link Footprints} counts it as a
     * read of the pool of free frames instead, which every alloc_page() writes.
     */
    private long kernelShared(int[] s) {
        long sh = 0;
        for (int f = 0; f < frames; f++) {
            if (p.kernel().copyTracking()) {
                int src = (s[p.copySource(f)] & 0xff) - 1;
                if (src >= 0) {
                    sh |= 1L << src;
                }
            }
        }
        if (p.kernel().gatherSlots() > 0) {
            for (int t = 0; t < p.threads().size(); t++) {
                for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                    int v = s[p.gatherSlot(t, i)];
                    if (v > 0) {
                        sh |= 1L << (v - 1);
                    }
                }
            }
        }
        return sh;
    }

    private boolean privateSlow(int[] s, int t, int f) {
        if ((constFrames & (1L << f)) != 0 || (kernelShared(s) & (1L << f)) != 0) {
            return false;
        }
        int bit = 1 << f;
        for (int pg = 0; pg < pages; pg++) {
            if (refers(s[p.pte(pg)], f)) {
                return false;
            }
            for (int c = 0; c < cpus; c++) {
                if (refers(s[p.cpuTlb(c, pg)], f)) {
                    return false;
                }
            }
            for (int d = 0; d < devices; d++) {
                if (refers(s[p.devTlb(d, pg)], f) || (s[p.mayCache(d, pg)] & bit) != 0
                        || (s[p.mayCacheWritable(d, pg)] & bit) != 0) {
                    return false;
                }
            }
        }
        for (int u = 0; u < p.threads().size(); u++) {
            if (u == t) {
                continue;
            }
            int lb = p.localBase(u);
            int n = p.threads().get(u).locals().size();
            for (int i = 0; i < n; i++) {
                if (s[lb + i] == f + 1) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean refers(int pteOrTlb, int f) {
        return Pte.holdsFrame(pteOrTlb) && Pte.frame(pteOrTlb) == f;
    }
}
