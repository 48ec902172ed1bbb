package dev.mmun.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small scenarios in which frames are freed and handed out again, for the property tests of
 * the frame symmetry over reused frames ({@link ReusedFrameSymmetry}): a munmap through an
 * mmu_gather (its force flush with or without the notify), tasks that allocate, write, take and
 * drop references to frames, a COW fault that publishes a new frame and frees the old one, a
 * fault that maps a zapped page again, a write-protect whose notify is deferred, and a device that
 * reads and writes the pages.
 */
final class FrameReuseGen {
    private final Random rnd;
    private final StringBuilder sb = new StringBuilder();
    private final List<String> regs = new ArrayList<>();
    private boolean era66;

    private FrameReuseGen(long seed) {
        rnd = new Random(seed);
    }

    static String generate(long seed) {
        return new FrameReuseGen(seed).build();
    }

    private String build() {
        era66 = rnd.nextInt(4) == 0;
        sb.append("era ").append(era66 ? "6.6" : "4.15").append('\n');
        sb.append("gather_batch ").append(1 + rnd.nextInt(2)).append('\n');
        int pages = 1 + rnd.nextInt(2);
        for (int i = 0; i < pages; i++) {
            sb.append("page P").append(i).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000)).append(" = ")
                    .append(i + 1).append(rnd.nextInt(3) == 0 ? " tlb" : "").append('\n');
        }
        sb.append("device iommu ats\n");
        sb.append("""
                proc zap_fixed(P) {
                    pte_offset_map_lock(P)
                    old = vm_normal_page(P)
                    ptep_get_and_clear(P)
                    tlb_remove_tlb_entry(P)
                    force = __tlb_remove_page(old)
                    if (force == 1) { tlb_flush_mmu_tlbonly() }
                    pte_unmap_unlock(P)
                    if (force == 1) { tlb_flush_mmu_free() }
                }
                proc zap_buggy(P) {
                    pte_offset_map_lock(P)
                    old = vm_normal_page(P)
                    ptep_get_and_clear(P)
                    tlb_remove_tlb_entry(P)
                    force = __tlb_remove_page(old)
                    if (force == 1) { flush_tlb_range(P) }
                    pte_unmap_unlock(P)
                    if (force == 1) { tlb_flush_mmu_free() }
                }
                """);
        int last = pages - 1;
        sb.append("cpu Munmap {\n    tlb_gather_mmu()\n    mmu_notifier_invalidate_range_start(P0..P").append(last).append(")\n");
        int zapped = rnd.nextInt(3) == 0 ? 1 : pages;
        for (int i = 0; i < zapped; i++) {
            sb.append("    zap_").append(rnd.nextBoolean() ? "fixed" : "buggy").append("(P").append(i).append(")\n");
        }
        sb.append("    mmu_notifier_invalidate_range_end(P0..P").append(last).append(")\n    tlb_finish_mmu()\n}\n");
        int tasks = 1 + rnd.nextInt(2);
        for (int t = 0; t < tasks; t++) {
            // at least two alloc_page() calls, else there is nothing to rename
            task("Task" + t, t == 0 ? 2 : 1 + rnd.nextInt(2));
        }
        if (zapped < pages && rnd.nextBoolean()) {
            cow("P" + last);
        } else if (rnd.nextInt(3) == 0) {
            remap();
        }
        if (rnd.nextInt(4) == 0) {
            protect("P" + rnd.nextInt(pages));
        }
        sb.append("dev Dev on iommu {\n");
        int accesses = 1 + rnd.nextInt(2);
        for (int a = 0; a < accesses; a++) {
            String page = "P" + rnd.nextInt(pages);
            if (rnd.nextBoolean()) {
                String r = "r" + a;
                sb.append("    try ").append(r).append(" = read(").append(page).append(")\n");
                regs.add("Dev:" + r);
            } else {
                sb.append("    try write(").append(page).append(", ").append(20 + a).append(")\n");
            }
        }
        sb.append("}\n");
        if (!regs.isEmpty() && rnd.nextBoolean()) {
            sb.append("exists (").append(regs.get(rnd.nextInt(regs.size()))).append(" == ").append(rnd.nextInt(3)).append(")\n");
        }
        return sb.toString();
    }

    /** Another task: allocations, writes, references taken and dropped (a drop may free the frame). */
    private void task(String name, int allocs) {
        sb.append("cpu ").append(name).append(" {\n");
        for (int i = 0; i < allocs; i++) {
            String x = "x" + i;
            sb.append("    ").append(x).append(" = alloc_page()\n");
            sb.append("    write_frame(").append(x).append(", ").append(10 + i).append(")\n");
            switch (rnd.nextInt(5)) {
                case 0 -> sb.append("    put_page(").append(x).append(")\n");
                case 1 -> sb.append("    get_page(").append(x).append(")\n    put_page(").append(x).append(")\n");
                case 2 -> {
                    sb.append("    c").append(i).append(" = page_count(").append(x).append(")\n");
                    regs.add(name + ":c" + i);
                }
                default -> {
                }
            }
        }
        sb.append("}\n");
    }

    /**
     * A fault that maps P0 again after (or while) the munmap zaps it: a page whose pte is none now
     * but that a step still to run may map is not dead (DeadRecords), and its write count and last
     * written value still judge a device read of it.
     */
    private void remap() {
        sb.append("cpu Remap {\n");
        sb.append("    y = alloc_page()\n");
        sb.append("    write_frame(y, ").append(rnd.nextBoolean() ? 1 : 5).append(")\n");
        sb.append("    pte_offset_map_lock(P0)\n");
        sb.append("    set_pte_at(P0, y, ").append(rnd.nextBoolean() ? "rw" : "ro").append(")\n");
        sb.append("    pte_unmap_unlock(P0)\n");
        sb.append("}\n");
    }

    /**
     * A write-protect of page (page_mkclean, mprotect) whose notify waits for its
     * invalidate_range_end() (or never comes, 4.15's _only_end()): the write-protect checks read the
     * may-cache bit of the frame the pte maps, which DeadRecords must keep.
     */
    private void protect(String page) {
        sb.append("cpu Protect {\n");
        sb.append("    mmu_notifier_invalidate_range_start(").append(page).append(")\n");
        sb.append("    pte_offset_map_lock(").append(page).append(")\n");
        sb.append("    ptep_set_wrprotect(").append(page).append(")\n");
        sb.append("    pte_unmap_unlock(").append(page).append(")\n");
        sb.append(!era66 && rnd.nextBoolean() ? "    mmu_notifier_invalidate_range_only_end(" : "    mmu_notifier_invalidate_range_end(")
                .append(page).append(")\n");
        sb.append("}\n");
    }

    /** A COW fault on page: a new frame is published in the pte, the old one dropped. */
    private void cow(String page) {
        sb.append("cpu Cow {\n");
        sb.append("    mmu_notifier_invalidate_range_start(").append(page).append(")\n");
        sb.append("    pte_offset_map_lock(").append(page).append(")\n");
        sb.append("    old = vm_normal_page(").append(page).append(")\n");
        sb.append("    new = alloc_page()\n");
        sb.append("    write_frame(new, 7)\n");              // copying would turn on LOST_WRITE's copy records
        // in 6.6 the CPU flush notifies
        sb.append(era66 ? "    ptep_clear_flush(" : "    ptep_clear_flush_notify(").append(page).append(")\n");
        sb.append("    set_pte_at(").append(page).append(", new, rw)\n");
        sb.append("    pte_unmap_unlock(").append(page).append(")\n");
        if (rnd.nextBoolean()) {
            sb.append("    put_page(old)\n");
        }
        sb.append("    mmu_notifier_invalidate_range_end(").append(page).append(")\n");
        sb.append("}\n");
    }
}
