package dev.mmun.machine;

import static dev.mmun.machine.KernelFlags.*;

/**
 * What the kernel paths' state means to other families: whether a device can walk the page table
 * (a released mm, an arm64 SMMU's cached permissions), and the zap an mmu_gather completes. The
 * kernel paths' instructions are in their families ({@link TlbFlushFamily},
 * {@link KernelOpsFamily}, {@link PteStoreFamily}).
 */
final class KernelEffects {
    private final Program p;
    private final Describe names;

    KernelEffects(Program p, Describe names) {
        this.p = p;
        this.names = names;
    }

    /**
     * A device access that cannot load the pte: the mm was released, or (arm64 SMMU) the device
     * holds a read-only entry and faults on a write instead of walking again.
     */
    boolean deviceCannotWalk(int[] n, int entry, boolean write, Instr in) {
        if (n[p.released()] != 0) {
            return true;
        }
        return (in.b() & ACCESS_NO_REWALK) != 0 && write && Pte.present(entry) && !Pte.writable(entry);
    }

    /** Why a device thread's access cannot go on, when the device (not the pte) is the reason; else null. */
    String whyDeviceCannotWalk(int[] n, int t, Instr in) {
        Program.Thread th = p.threads().get(t);
        if (!th.device()) {
            return null;
        }
        if (n[p.released()] != 0) {
            return "cannot translate " + names.page(in.a()) + ": the mm was released (mmu_notifier_release())";
        }
        int entry = n[p.devTlb(th.deviceIndex(), in.a())];
        if (deviceCannotWalk(n, entry, in.op() == Op.WRITE, in)) {
            return "faults for ever on its read-only entry " + names.page(in.a()) + " -> " + names.tlb(entry)
                    + " (the pte is " + names.pte(n[p.pte(in.a())]) + "; an SMMU that caches permissions does not walk again)";
        }
        return null;
    }

    /** Thread t ended an invalidation of pages: inside an mmu_gather the zap completes at tlb_finish_mmu(). */
    void invalidationEnded(int[] n, int t, long pages, StepOut out) {
        if (p.kernel().gatherSlots() > 0 && (n[p.gatherFlags(t)] & 1) != 0) {
            out.set(n, p.zapDone(t), n[p.zapDone(t)] | ((int) pages));
            out.set(n, p.zapDone(t) + 1, n[p.zapDone(t) + 1] | ((int) (pages >>> 32)));
        }
    }
}
