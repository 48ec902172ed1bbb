package dev.mmun.explore;

/** COW-N as bench/cow-n.sh writes it, for the tests that need a search of a known size. */
public final class CowN {
    private CowN() {
    }

    /** flush: how each COW thread clears the pte (ptep_clear_flush_notify is the fixed race, ptep_clear_flush the buggy one). */
    public static String text(int n, String flush) {
        StringBuilder s = new StringBuilder("era 4.15\n");
        for (int i = 0; i < n; i++) {
            s.append("page P").append(i).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000)).append(" = 0 cow tlb\n");
        }
        s.append("device iommu ats\n");
        for (int i = 0; i < n; i++) {
            s.append("cpu CPU-thread-").append(i).append(" {\n  mmu_notifier_invalidate_range_start(P").append(i)
                    .append(")\n  pte_offset_map_lock(P").append(i).append(")\n  old = vm_normal_page(P").append(i)
                    .append(")\n  new = alloc_page()\n  copy_user_highpage(new, old)\n  ").append(flush).append("(P").append(i)
                    .append(")\n  set_pte_at(P").append(i).append(", new, rw)\n  pte_unmap_unlock(P").append(i)
                    .append(")\n  mmu_notifier_invalidate_range_end(P").append(i).append(")\n}\n");
        }
        s.append("cpu CPU-thread-").append(n).append(" {\n");
        for (int i = 0; i < n; i++) {
            s.append("  write(P").append(i).append(", 1)\n");
        }
        s.append("}\ndev DEV-thread-0 on iommu {\n");
        for (int i = n - 1; i >= 0; i--) {
            s.append("  r = read(P").append(i).append(")\n");
        }
        return s.append("}\n").toString();
    }
}
