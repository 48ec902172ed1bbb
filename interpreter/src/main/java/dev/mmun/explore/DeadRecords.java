package dev.mmun.explore;

import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.MemoryFamily;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.PteStoreFamily;
import dev.mmun.machine.Val;
import java.util.List;

/**
 * Forgets history that no step, rule or final condition can read any more, so that states that
 * differ only by it count once (part of {@link ReusedFrameSymmetry}, off with the symmetry). Two
 * kinds, both decided on the code still to run, which only moves forward (jumps go forward, loops
 * are unrolled, so the code a thread may still run is its code from its pc on):
 *
 * <ul>
 * <li>A <b>dead local</b>: a thread's local that no instruction from the thread's pc on reads (a
 * thread reads its locals only through its instructions' values; library callbacks use only the
 * scratch locals every thread reserves, which are 0 between steps and are left alone) and no final
 * condition reads. It becomes 0. Writes need no care: the local is never read before a write
 * anyway. This is what drops a freed frame from a munmap's stale {@code old} local, and then the
 * frame itself is free and out of reach, and forgets its content.
 * <li>A <b>dead page</b>: a page whose pte is none, that no CPU TLB or device TLB holds (its
 * may-cache sets do not matter: the rules judge them, but an access goes through the device's TLB,
 * which only a walk of a present pte fills), and whose pte no instruction still to run (of any thread, or of any library callback)
 * may make non-none (see {@link PteStores}). Then no access to it can succeed again (an access goes through a TLB or the pte, and
 * a TLB is filled only from a present pte), no pte store points it at a frame, and no kernel
 * write to a frame reaches it: its write count and the value last written to it (what a device
 * read of it is judged stale against, {@code MemoryFamily}, {@code KernelRules.shown},
 * {@code KernelOpsFamily.writeFrame}, the only readers) are never read again. Both become 0. This
 * is what forgets which pages a device wrote before their zap.
 * <li>A <b>dead device TLB entry</b>: one that no instruction still to run may read, as the
 * instructions' families declare it (a device thread's access of that page; a flush only writes
 * the entry; the rules judge the may-cache sets; CPU TLBs, which a free's rules read, are kept).
 * It becomes 0. This is what forgets the stale translations a device keeps after a buggy zap,
 * for pages it will not access again.
 * <li>A <b>dead may-cache bit</b>: a frame in a device's may-cache set of a page that no step
 * still to run can read there ({@link DeadMayCache}).
 * </ul>
 *
 * Both properties only grow along a run (the code still to run shrinks; a dead page's slots stay
 * as they are, since nothing can map it), so a step from the reduced state and the step from the
 * state reduce alike (ReusedFrameSymmetryTest checks this, and that searches find the same).
 */
final class DeadRecords {
    private final Program p;
    /** per thread, per local: the last pc that reads it (-1: none); Integer.MAX_VALUE: never dead */
    private final int[][] lastRead;
    /** per thread, per page: the last pc whose instruction may store the page's pte (-1: none) */
    private final int[][] lastPteStore;
    /** pages whose pte a library callback may store: never dead */
    private final long callbackPages;
    private final boolean pages;
    /** per thread, per device, per page: the last pc whose instruction may read the device's TLB entry (-1: none) */
    private final int[][][] lastTlbRead;
    /** per device: the pages whose TLB entry a library callback may read: never dead */
    private final long[] callbackTlbReads;
    /** the dead bits of the may-cache sets */
    private final DeadMayCache mayCache;
    DeadRecords(Program p, List<Val> finals) {
        this.p = p;
        int n = p.threads().size();
        int scratch = 1;
        for (Program.LibraryCallback cb : p.library()) {
            scratch = Math.max(scratch, cb.scratch());
        }
        lastRead = new int[n][];
        lastPteStore = new int[n][p.pages().size()];
        pages = p.pages().size() <= 64;
        PteStores stores = new PteStores();
        TlbReads tlbReads = new TlbReads();
        int devices = p.devices().size();
        lastTlbRead = new int[n][devices][p.pages().size()];
        callbackTlbReads = new long[devices];
        for (int t = 0; t < n; t++) {
            Program.Thread th = p.threads().get(t);
            Instr[] code = th.code();
            lastRead[t] = new int[th.locals().size()];
            java.util.Arrays.fill(lastRead[t], -1);
            java.util.Arrays.fill(lastPteStore[t], -1);
            for (int i = 1; i < Math.min(scratch, lastRead[t].length); i++) {
                lastRead[t][i] = Integer.MAX_VALUE;
            }
            for (int i = 0; i < lastRead[t].length; i++) {
                for (Val f : finals) {
                    if (reads(f, p.localBase(t) + i)) {
                        lastRead[t][i] = Integer.MAX_VALUE;
                    }
                }
            }
            for (int[] perPage : lastTlbRead[t]) {
                java.util.Arrays.fill(perPage, -1);
            }
            for (int pc = 0; pc < code.length; pc++) {
                Instr in = code[pc];
                long[] r = tlbReads.of(t, in);
                for (int d = 0; d < devices; d++) {
                    for (int pg = 0; pg < p.pages().size(); pg++) {
                        if (pg >= 64 || (r[d] & 1L << pg) != 0) {
                            lastTlbRead[t][d][pg] = pc;
                        }
                    }
                }
                markReads(in.v(), lastRead[t], pc);
                markReads(in.w(), lastRead[t], pc);
                long m = stores.of(t, in);
                for (int pg = 0; pg < p.pages().size(); pg++) {
                    if (pg >= 64 || (m & 1L << pg) != 0) {
                        lastPteStore[t][pg] = pc;
                    }
                }
            }
        }
        long cbPages = 0;
        for (Program.LibraryCallback cb : p.library()) {
            for (Instr in : cb.code()) {
                cbPages |= stores.of(0, in);
                long[] r = tlbReads.of(-1, in);     // a callback runs in a thread, or in none, never as a device's access
                for (int d = 0; d < devices; d++) {
                    callbackTlbReads[d] |= r[d];
                }
            }
        }
        callbackPages = cbPages;
        mayCache = new DeadMayCache(p, lastPteStore, callbackPages);
    }

    /** Its part that forgets may-cache bits (for tests). */
    DeadMayCache mayCache() {
        return mayCache;
    }

    /** The locals that may hold a frame (ReusedFrameSymmetry's); without them every local counts as one. */
    void frameSlots(int[] slots) {
        mayCache.frameSlots(slots);
    }

    private static void markReads(Val v, int[] last, int pc) {
        if (v != null) {
            v.locals(slot -> {
                if (slot < last.length && last[slot] != Integer.MAX_VALUE) {
                    last[slot] = pc;
                }
            });
        }
    }

    private static boolean reads(Val v, int slot) {
        boolean[] found = {false};
        v.locals(l -> found[0] |= l == slot);
        return found[0];
    }

    /** Zeroes the dead locals and the records of dead pages of s, in place. */
    void forget(int[] s) {
        int n = p.threads().size();
        for (int t = 0; t < n; t++) {
            int pc = s[p.pc(t)];
            int lb = p.localBase(t);
            int[] last = lastRead[t];
            for (int i = 0; i < last.length; i++) {
                if (last[i] < pc) {
                    s[lb + i] = 0;
                }
            }
        }
        for (int d = 0; d < p.devices().size(); d++) {
            for (int pg = 0; pg < p.pages().size(); pg++) {
                if (tlbDead(s, d, pg)) {
                    s[p.devTlb(d, pg)] = 0;
                }
            }
        }
        if (!pages) {
            return;
        }
        mayCache.forget(s);
        for (int pg = 0; pg < p.pages().size(); pg++) {
            if (dead(s, pg)) {
                s[p.version(pg)] = 0;
                s[p.lastWritten(pg)] = 0;
            }
        }
    }

    /** Whether no instruction still to run may read device d's TLB entry for page pg. */
    private boolean tlbDead(int[] s, int d, int pg) {
        if (pg >= 64 || (callbackTlbReads[d] & 1L << pg) != 0) {
            return false;
        }
        for (int t = 0; t < p.threads().size(); t++) {
            if (lastTlbRead[t][d][pg] >= s[p.pc(t)]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The entries of ATS devices' TLBs an instruction may read, per device: only a device thread's
     * own access (read or write, MemoryFamily) of a page reads its device's entry for it; a flush
     * or notify only drops entries (and names them in its text, which is no state); the rules judge
     * the may-cache sets. (The families' static footprints do not tell this apart: several declare
     * every resource.) Every entry for an instruction of no family, and software mirrors' entries
     * always, since the mirrors' rules read them.
     */
    private final class TlbReads {
        private final long[] masks = new long[p.devices().size()];

        long[] of(int t, Instr in) {
            java.util.Arrays.fill(masks, 0);
            for (int d = 0; d < masks.length; d++) {
                if (!p.devices().get(d).walksPageTable()) {
                    masks[d] = -1L;
                }
            }
            if (in.op().local()) {
                return masks;
            }
            if (Families.of(in.op()) == null) {
                java.util.Arrays.fill(masks, -1L);
                return masks;
            }
            Program.Thread th = t >= 0 ? p.threads().get(t) : null;
            if (th != null && th.device() && MemoryFamily.OPS.contains(in.op())) {
                masks[th.deviceIndex()] |= in.a() < 64 ? 1L << in.a() : -1L;
            }
            return masks;
        }
    }

    private boolean dead(int[] s, int pg) {
        if (s[p.pte(pg)] != 0 || (callbackPages & 1L << pg) != 0) {
            return false;
        }
        for (int c = 0; c < p.cpuCount(); c++) {
            if (s[p.cpuTlb(c, pg)] != 0) {
                return false;
            }
        }
        for (int d = 0; d < p.devices().size(); d++) {
            if (s[p.devTlb(d, pg)] != 0) {
                return false;
            }
        }
        for (int t = 0; t < p.threads().size(); t++) {
            if (lastPteStore[t][pg] >= s[p.pc(t)]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pages whose none pte an instruction may make non-none: the pte stores other than a clear
     * (set, special, restore, remove_migration, and the stores to a present pte, which this does not
     * tell apart), on the pages their family's footprint says they write; every page for an
     * instruction of no family. No other instruction stores a pte but to set the dirty bit of a
     * present one (MemoryFamily) or its write-protect mark (invalidate_range_end), so they cannot.
     */
    private final class PteStores extends FootprintFilter {
        private long mask;

        long of(int t, Instr in) {
            if (in.op().local()) {
                return 0;
            }
            Families.Family f = Families.of(in.op());
            if (f == null) {
                return -1L;
            }
            if (!PteStoreFamily.OPS.contains(in.op()) || in.op() == Op.PTE_CLEAR) {
                return 0;
            }
            mask = 0;
            f.footprint().of(p, t, in, this);
            return mask;
        }

        @Override
        public void pte(int page, boolean read, boolean write) {
            if (write) {
                mask |= page < 64 ? 1L << page : -1L;
            }
        }

        @Override
        public void everything() {
            mask = -1L;
        }
    }
}
