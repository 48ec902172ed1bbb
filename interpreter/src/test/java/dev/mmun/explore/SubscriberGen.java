package dev.mmun.explore;

import java.util.Random;

/**
 * Random user-written subscribers for the random scenarios (the reduction properties, the
 * footprint check, the trace replays): for an ATS device a notifier with the era's secondary-TLB
 * callback, a release, sometimes start/end (legal in 4.15, refused in 6.6) or a driver lock;
 * for a mirror an interval whose invalidate() takes the driver lock (or tries it when it may not
 * sleep), sets the seq or forgets it, and zaps the range; for a kvm device KVM's start/end (the
 * kvm kind's library subscriber), sometimes without kvm_mmu_invalidate_begin() or the memslot
 * check. Right and wrong drivers alike, so that reduced and unreduced searches are compared on both.
 */
public final class SubscriberGen {
    private SubscriberGen() {
    }

    /** Declarations of subscribers for the devices named iommu (ats) and gpu (mirror), when declared. */
    public static String subscribers(Random rnd, boolean era66, boolean ats, boolean mirror) {
        return subscribers(rnd, era66, ats, mirror, false);
    }

    /** The same, and for the kvm device named vm when declared. */
    public static String subscribers(Random rnd, boolean era66, boolean ats, boolean mirror, boolean kvm) {
        StringBuilder sb = new StringBuilder();
        if (ats && rnd.nextBoolean()) {
            String tlb = era66 ? "arch_invalidate_secondary_tlbs" : "invalidate_range";
            sb.append("spinlock drv\nnotifier iommu_mn on iommu {\n");
            if (rnd.nextInt(4) != 0) {
                sb.append("    ").append(tlb).append("(r) {\n");
                if (rnd.nextBoolean()) {
                    sb.append("        lock(drv)\n        device_tlb_flush(iommu, r)\n        unlock(drv)\n");
                } else if (rnd.nextBoolean()) {
                    sb.append("        if (r.start == r.end) {\n            device_tlb_flush_all(iommu)\n        } else {\n"
                            + "            device_tlb_flush(iommu, r)\n        }\n");
                } else {
                    sb.append("        device_tlb_flush(iommu, r)\n");
                }
                sb.append("    }\n");
            }
            if (rnd.nextInt(3) == 0) {
                sb.append("    invalidate_range_start(r) {\n        device_tlb_flush(iommu, r)\n        return 0\n    }\n");
            }
            if (rnd.nextInt(3) != 0) {
                sb.append("    release() {\n        device_unbind(iommu)\n    }\n");
            }
            sb.append("}\n");
        }
        if (mirror && rnd.nextBoolean()) {
            sb.append("interval gpu_sub on gpu [0x1000, 0x3000) {\n    invalidate(r, cur_seq) {\n");
            if (rnd.nextBoolean()) {
                sb.append("        if (r.blockable) {\n            mutex_lock(driver_lock(gpu))\n        } else {\n"
                        + "            ok = mutex_trylock(driver_lock(gpu))\n            if (ok == 0) {\n                return false\n"
                        + "            }\n        }\n");
            } else {
                sb.append("        mutex_lock(driver_lock(gpu))\n");
            }
            if (rnd.nextInt(4) != 0) {
                sb.append("        mmu_interval_set_seq(gpu_sub, cur_seq)\n");
            }
            sb.append("        device_tlb_flush(gpu, r)\n        mutex_unlock(driver_lock(gpu))\n        return true\n    }\n}\n");
        }
        if (kvm && rnd.nextBoolean()) {
            boolean checked = rnd.nextInt(4) != 0;
            sb.append("notifier vm_mn on vm {\n    invalidate_range_start(r) {\n        mn_active_invalidate_count_inc(vm_mn)\n"
                    + "        lock(gpc_lock(vm_mn))\n        device_tlb_flush(vm_mn, r)\n        unlock(gpc_lock(vm_mn))\n");
            sb.append(checked ? "        slot = kvm_range_has_memslot(vm_mn, r)\n        if (slot) {\n" : "        if (1) {\n");
            sb.append("            lock(mmu_lock(vm_mn))\n");
            if (rnd.nextInt(4) != 0) {
                sb.append("            kvm_mmu_invalidate_begin(vm_mn, r)\n");
            }
            sb.append("            device_tlb_flush(vm_mn, r)\n            unlock(mmu_lock(vm_mn))\n        }\n        return 0\n    }\n");
            sb.append("    invalidate_range_end(r) {\n        slot = kvm_range_has_memslot(vm_mn, r)\n        if (slot) {\n"
                    + "            lock(mmu_lock(vm_mn))\n            kvm_mmu_invalidate_end(vm_mn)\n            unlock(mmu_lock(vm_mn))\n"
                    + "        }\n        mn_active_invalidate_count_dec(vm_mn)\n    }\n}\n");
        }
        return sb.toString();
    }
}
