package dev.mmun.explore;

import dev.mmun.machine.Era;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small scenarios, the one generator of the property tests (reductions, footprints, trace
 * replays, the fuzzer's seeds). Three kinds, by seed:
 * <ul>
 * <li>2 to 4 threads over 1 to 3 pages, with COW fragments done right and wrong, locks, plain and
 * attempted accesses, wrprotects, frees, notifies and device reads;</li>
 * <li>the wider machine: HMM mirrors and KVM (their driver paths from the stdlib), a kernel path
 * from the stdlib (zaps, mprotect, reclaim, migration, KSM-style mkclean, munmap with an mmu_gather,
 * exit_mmap), a huge page with its COW or split, arm64 and a gather batch size;</li>
 * <li>every device kind and user-written subscribers, eras given as kernel versions (6.1 must stay
 * 6.1), both archs, gather_batch, the kernel paths, bounded loops that can hit their bound, atomic
 * blocks, locks and mutexes, asserts, preemption, and every instruction family's primitives called
 * directly (the mmu_gather and the batched flush, ptep_get and its restore, migration entries, pte
 * queries, frame references, writeback, the mirrors' driver side, KVM's memslots and srcu).</li>
 * </ul>
 * Small enough that searching a thousand of them takes seconds.
 */
public final class ScenarioGen {
    private final Random rnd;
    private final StringBuilder sb = new StringBuilder();
    private final List<String> pages = new ArrayList<>();
    private final List<String> finals = new ArrayList<>();
    private final boolean era66;
    private final boolean wide;
    private int locals;
    private final long seed;

    private ScenarioGen(long seed) {
        this.seed = seed;
        rnd = new Random(seed);
        era66 = rnd.nextInt(4) == 0;
        wide = rnd.nextInt(3) == 0;
    }

    public static String generate(long seed) {
        // the third kind from a stream of its own, so that the first two are what they were
        if (new Random(seed ^ 0x6d69786564L).nextInt(3) == 0) {
            return new Mixed(seed).build();
        }
        return new ScenarioGen(seed).build();
    }

    private String build() {
        sb.append("era ").append(era66 ? "6.6" : "4.15").append('\n');
        if (wide) {
            return buildWide();
        }
        int nPages = 1 + rnd.nextInt(3);
        for (int i = 0; i < nPages; i++) {
            String name = "P" + i;
            pages.add(name);
            String opt = switch (rnd.nextInt(4)) {
                case 0, 1 -> "cow";
                case 2 -> "rw";
                default -> "ro";
            };
            sb.append("page ").append(name).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000))
                    .append(" = ").append(rnd.nextInt(2)).append(' ').append(opt).append(rnd.nextBoolean() ? " tlb" : "").append('\n');
        }
        sb.append("device iommu ats\n");
        sb.append("spinlock L\n");
        int nThreads = 2 + rnd.nextInt(3);
        boolean anyDev = false;
        for (int t = 0; t < nThreads; t++) {
            boolean dev = t > 0 && (rnd.nextInt(3) == 0 || (!anyDev && t == nThreads - 1 && rnd.nextBoolean()));
            anyDev |= dev;
            String name = (dev ? "D" : "C") + t;
            sb.append(dev ? "dev " + name + " on iommu" : "cpu " + name).append(" {\n");
            int frags = 1 + rnd.nextInt(dev ? 3 : 2);
            for (int f = 0; f < frags; f++) {
                if (dev) {
                    access(name, true);
                } else {
                    cpuFragment(name);
                }
            }
            sb.append("}\n");
        }
        if (!finals.isEmpty() && rnd.nextBoolean()) {
            String f = finals.get(rnd.nextInt(finals.size()));
            String q = switch (rnd.nextInt(3)) {
                case 0 -> "exists";
                case 1 -> "~exists";
                default -> "forall";
            };
            sb.append(q).append(" (").append(f).append(")\n");
        }
        if (rnd.nextBoolean()) {
            sb.append("exists (").append(pages.get(0)).append(" == 1)\n");
        }
        return sb.toString();
    }

    private String page() {
        return pages.get(rnd.nextInt(pages.size()));
    }

    private void access(String thread, boolean dev) {
        String p = page();
        if (rnd.nextInt(3) == 0 && !dev) {
            sb.append("    write(").append(p).append(", ").append(1 + rnd.nextInt(2)).append(")\n");
        } else if (rnd.nextInt(4) == 0) {
            sb.append("    try write(").append(p).append(", 1)\n");
        } else {
            String r = "r" + (locals++);
            sb.append("    ").append(r).append(" = read(").append(p).append(")\n");
            finals.add(thread + ":" + r + " == " + rnd.nextInt(2));
        }
    }

    private void cpuFragment(String thread) {
        String p = page();
        switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> cow(p);
            case 3 -> access(thread, false);
            case 4 -> {
                sb.append("    try write(").append(p).append(", 2)\n");
                sb.append("    if (fault == 1) {\n");
                cow(p);
                sb.append("    }\n");
            }
            case 5 -> {
                sb.append("    lock(L)\n");
                access(thread, false);
                sb.append("    unlock(L)\n");
            }
            case 6 -> {
                boolean ptl = rnd.nextInt(4) != 0;
                if (ptl) {
                    sb.append("    pte_offset_map_lock(").append(p).append(")\n");
                }
                sb.append("    ").append(rnd.nextBoolean() ? "ptep_set_wrprotect(" : "ptep_get_and_clear(").append(p).append(")\n");
                if (ptl) {
                    sb.append("    pte_unmap_unlock(").append(p).append(")\n");
                }
            }
            default -> sb.append("    ").append(era66 ? "flush_tlb_range(" : rnd.nextBoolean() ? "invalidate_range(" : "flush_tlb_range(")
                    .append(p).append(")\n");
        }
    }

    /** A COW fault of page p: right (notify under the ptl) or wrong in one of the usual ways. */
    private void cow(String p) {
        boolean range = rnd.nextInt(3) != 0;
        if (range) {
            sb.append("    mmu_notifier_invalidate_range_start(").append(p).append(")\n");
        }
        boolean ptl = rnd.nextInt(5) != 0;
        if (ptl) {
            sb.append("    pte_offset_map_lock(").append(p).append(")\n");
        }
        sb.append("    old = vm_normal_page(").append(p).append(")\n");
        sb.append("    new = alloc_page()\n");
        sb.append("    copy_user_highpage(new, old)\n");
        String clear = era66 ? (rnd.nextBoolean() ? "ptep_clear_flush" : "ptep_get_and_clear")
                : switch (rnd.nextInt(3)) {
                    case 0 -> "ptep_clear_flush_notify";
                    case 1 -> "ptep_clear_flush";
                    default -> "ptep_get_and_clear";
                };
        sb.append("    ").append(clear).append('(').append(p).append(")\n");
        sb.append("    set_pte_at(").append(p).append(", new, ").append(rnd.nextInt(4) == 0 ? "ro" : "rw").append(")\n");
        if (ptl) {
            sb.append("    pte_unmap_unlock(").append(p).append(")\n");
        }
        if (rnd.nextBoolean()) {
            sb.append("    put_page(old)\n");
        }
        if (range) {
            sb.append("    mmu_notifier_invalidate_range_end(").append(p).append(")\n");
        }
    }

    // ---- the wider machine ----

    private static final String[] PATHS_ONE = {
        "zap_page_range_single(%s)", "madvise_dontneed(%s)", "do_wp_page(%s)", "change_protection(%s)",
        "page_mkclean_one(%s)", "migrate_page(%s)", "shrink_page(%s, 0)", "shrink_page(%s, 1)", "exit_mmap(%s)",
    };
    private static final String[] PATHS_TWO = {"unmap_region(%s, %s)", "collapse_huge_page(%s, %s)"};

    /**
     * Two or three threads: one kernel path (or a huge page's COW or split), and device or driver
     * threads of the declared kinds, kept small enough for complete searches.
     */
    private String buildWide() {
        if (era66 && rnd.nextInt(3) == 0) {
            sb.append("arch arm64\n");
        }
        if (rnd.nextInt(3) == 0) {
            sb.append("gather_batch ").append(1 + rnd.nextInt(2)).append('\n');
        }
        int nPages = 1 + rnd.nextInt(2);
        for (int i = 0; i < nPages; i++) {
            String name = "P" + i;
            pages.add(name);
            String opt = switch (rnd.nextInt(3)) {
                case 0 -> " cow";
                case 1 -> " rw";
                default -> "";
            };
            sb.append("page ").append(name).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000))
                    .append(" = ").append(1 + rnd.nextInt(2)).append(opt).append('\n');
        }
        boolean huge = rnd.nextInt(5) == 0;
        if (huge) {
            sb.append("page H at 0x200000 = 3 huge").append(rnd.nextBoolean() ? " cow" : "").append('\n');
        }
        // which secondary MMUs: at least one, any mix of the three kinds
        int kinds = 1 + rnd.nextInt(7);
        boolean ats = (kinds & 1) != 0;
        boolean mirror = (kinds & 2) != 0;
        boolean kvm = (kinds & 4) != 0;
        if (ats) {
            sb.append("device iommu ats\n");
        }
        if (mirror) {
            sb.append("device gpu mirror\n");
        }
        if (kvm) {
            sb.append("device vm kvm\n");
        }
        // user-written subscribers, from their own stream so the rest of the scenario is as before
        sb.append(SubscriberGen.subscribers(new Random(seed ^ 0x5ab5L), era66, ats, mirror, kvm));
        String p = page();
        sb.append("cpu K {\n    ");
        if (huge && rnd.nextBoolean()) {
            sb.append(rnd.nextBoolean() ? "do_huge_pmd_wp_page(H)" : "__split_huge_pmd(H)");
            p = "H";
        } else if (nPages == 2 && rnd.nextInt(3) == 0) {
            sb.append(String.format(PATHS_TWO[rnd.nextInt(PATHS_TWO.length)], "P0", "P1"));
        } else {
            sb.append(String.format(PATHS_ONE[rnd.nextInt(PATHS_ONE.length)], p));
        }
        sb.append("\n}\n");
        // one more thread at most beside the path, so that searches stay complete
        List<Runnable> others = new ArrayList<>();
        final String page = p;
        if (ats) {
            others.add(() -> sb.append("dev A on iommu {\n    try r0 = read(").append(page).append(")\n")
                    .append(rnd.nextBoolean() ? "    try write(" + page + ", 7)\n" : "").append("}\n"));
        }
        if (mirror && !page.equals("H")) {
            others.add(() -> sb.append("cpu M { driver_populate_range(gpu, ").append(page).append(") }\n")
                    .append("dev G on gpu { try r0 = read(").append(page).append(") }\n"));
        }
        if (kvm && !page.equals("H")) {
            others.add(() -> sb.append("cpu V { ").append(rnd.nextBoolean() ? "kvm_tdp_page_fault" : "kvm_gpc_refresh")
                    .append("(vm, ").append(page).append(") }\n"));
        }
        others.add(() -> sb.append("cpu W { user_store(").append(page.equals("H") ? "P0" : page).append(", 9) }\n"));
        others.get(rnd.nextInt(others.size())).run();
        return sb.toString();
    }

    /** The third kind: every device kind, era as a version, loops and atomics, and every family's primitives. */
    private static final class Mixed {
        private static final String[] PATHS = {
            "shrink_page(%s, 0)", "shrink_page(%s, 1)", "migrate_page(%s)", "do_wp_page(%s)", "exit_mmap(%s)",
            "page_mkclean_one(%s)", "change_protection(%s)", "madvise_dontneed(%s)",
        };
        private static final String[] ERAS = {"4.15", "4.19", "5.10", "6.1", "6.5", "6.6", "6.8"};
        private final Random rnd;
        private final StringBuilder sb = new StringBuilder();
        private final List<String> pages = new ArrayList<>();
        private boolean ats;
        private boolean mirror;
        private boolean kvm;
        private int locals;
        private final long seed;
        private String era;
        private boolean noBatchedFlush;

        private Mixed(long seed) {
            this.seed = seed;
            rnd = new Random(seed);
        }

        private String build() {
            era = ERAS[rnd.nextInt(ERAS.length)];
            sb.append("era ").append(era).append('\n');
            if (rnd.nextInt(3) == 0) {
                sb.append("arch arm64\n");
                // reclaim's batched flush is x86's, and arm64's from 6.5: a direct set_tlb_ubc_flush_pending() does
                // not compile before (shrink_page() does, through should_defer_flush(); it keeps its substitution so
                // the seeds replay the scenarios they did)
                noBatchedFlush = Era.number(era) < Era.number("6.5");
            }
            if (rnd.nextInt(3) == 0) {
                sb.append("gather_batch ").append(1 + rnd.nextInt(3)).append('\n');
            }
            int nPages = 1 + rnd.nextInt(2);
            for (int i = 0; i < nPages; i++) {
                String name = "P" + i;
                pages.add(name);
                String opt = switch (rnd.nextInt(4)) {
                    case 0 -> "cow";
                    case 1 -> "rw";
                    case 2 -> "ro";
                    default -> "";
                };
                sb.append("page ").append(name).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000))
                        .append(" = ").append(rnd.nextInt(2)).append(opt.isEmpty() ? "" : " " + opt).append('\n');
            }
            int kinds = 1 + rnd.nextInt(7);
            ats = (kinds & 1) != 0;
            mirror = (kinds & 2) != 0;
            kvm = (kinds & 4) != 0;
            if (ats) {
                sb.append("device iommu ats\n");
            }
            if (mirror) {
                sb.append("device gpu mirror\n");
            }
            if (kvm) {
                sb.append("device vm kvm\n");
            }
            // user-written subscribers, from their own stream so the rest of the scenario is as before
            sb.append(SubscriberGen.subscribers(new Random(seed ^ 0x5ab5L),
                    era.startsWith("6.") && !era.equals("6.1") && !era.equals("6.5"), ats, mirror, kvm));
            sb.append(rnd.nextBoolean() ? "spinlock L\n" : "mutex L\n");
            int nThreads = 2 + rnd.nextInt(2);
            for (int t = 0; t < nThreads; t++) {
                boolean dev = t > 0 && rnd.nextInt(3) == 0;
                if (dev) {
                    String on = ats ? "iommu" : mirror ? "gpu" : "vm";
                    sb.append("dev D").append(t).append(" on ").append(on).append(" {\n");
                    deviceAccess();
                } else {
                    sb.append("cpu C").append(t).append(" {\n");
                    int frags = 1 + rnd.nextInt(2);
                    for (int f = 0; f < frags; f++) {
                        cpuFragment();
                    }
                }
                sb.append("}\n");
            }
            return sb.toString();
        }

        private String page() {
            return pages.get(rnd.nextInt(pages.size()));
        }

        private String reg() {
            return "r" + (locals++);
        }

        private void deviceAccess() {
            String p = page();
            if (rnd.nextInt(3) == 0) {
                sb.append("    try write(").append(p).append(", 1)\n");
            } else {
                sb.append("    try ").append(reg()).append(" = read(").append(p).append(")\n");
            }
        }

        private void cpuFragment() {
            String p = page();
            if (rnd.nextInt(3) == 0) {
                familyFragment(p);
                return;
            }
            switch (rnd.nextInt(14)) {
                case 0, 1 -> cow(p);
                case 2 -> sb.append("    zap_page_range_single(").append(p).append(")\n");
                case 3 -> {
                    sb.append("    try write(").append(p).append(", 2)\n");
                    sb.append("    if (fault == 1) {\n        handle_write_fault(").append(p).append(")\n    }\n");
                }
                case 4 -> {
                    if (kvm) {
                        sb.append("    kvm_tdp_page_fault(vm, ").append(p).append(")\n");
                    } else if (mirror) {
                        sb.append("    driver_populate_range(gpu, ").append(p).append(")\n");
                    } else {
                        sb.append("    x = alloc_page()\n    write_frame(x, 9)\n");
                    }
                }
                case 5 -> {
                    if (mirror) {
                        sb.append("    driver_populate_range(gpu, ").append(p).append(")\n");
                    } else {
                        sb.append("    try write(").append(p).append(", 1)\n");
                    }
                }
                case 6 -> {
                    String r = reg();
                    sb.append("    ").append(r).append(" = read(").append(p).append(")\n");
                    sb.append("    while (").append(r).append(" == 0) max ").append(1 + rnd.nextInt(2)).append(" {\n");
                    sb.append("        ").append(r).append(" = read(").append(p).append(")\n    }\n");
                }
                case 7 -> {
                    String r = reg();
                    sb.append("    atomic {\n        ").append(r).append(" = read(").append(p).append(")\n");
                    sb.append("        write(").append(p).append(", ").append(r).append(" + 1)\n    }\n");
                }
                case 8 -> {
                    String r = reg();
                    sb.append("    lock(L)\n    ").append(r).append(" = read(").append(p).append(")\n");
                    sb.append("    assert(").append(r).append(" <= 1)\n    unlock(L)\n");
                }
                case 9 -> {
                    boolean ptl = rnd.nextInt(4) != 0;
                    if (ptl) {
                        sb.append("    pte_offset_map_lock(").append(p).append(")\n");
                    }
                    sb.append("    ").append(rnd.nextBoolean() ? "ptep_set_wrprotect(" : "ptep_get_and_clear(").append(p).append(")\n");
                    if (ptl) {
                        sb.append("    pte_unmap_unlock(").append(p).append(")\n");
                    }
                    if (rnd.nextBoolean()) {
                        sb.append("    preempt\n");
                    }
                }
                case 10 -> sb.append("    repeat 2 { flush_tlb_range(").append(p).append(") }\n");
                // the kernel paths' pte stores, gathers and batched flushes (swap, migration and restored entries)
                case 12, 13 -> {
                    String path = PATHS[rnd.nextInt(PATHS.length)];
                    sb.append("    ").append(String.format(noBatchedFlush && path.startsWith("shrink") ? "migrate_page(%s)" : path, p)).append('\n');
                }
                default -> {
                    sb.append("    mmu_notifier_invalidate_range_start(").append(p).append(")\n");
                    sb.append("    ").append(rnd.nextBoolean() ? "ptep_get_and_clear(" : "ptep_set_wrprotect(").append(p).append(")\n");
                    if (rnd.nextInt(4) != 0) {
                        sb.append("    mmu_notifier_invalidate_range_end(").append(p).append(")\n");
                    }
                }
            }
        }

        /** A COW fault of page p, done right or wrong in one of the usual ways. */
        private void cow(String p) {
            boolean range = rnd.nextInt(3) != 0;
            if (range) {
                sb.append("    mmu_notifier_invalidate_range_start(").append(p).append(")\n");
            }
            sb.append("    pte_offset_map_lock(").append(p).append(")\n");
            sb.append("    old = vm_normal_page(").append(p).append(")\n");
            sb.append("    new = alloc_page()\n");
            sb.append("    copy_user_highpage(new, old)\n");
            sb.append("    ").append(rnd.nextBoolean() ? "ptep_clear_flush" : "ptep_get_and_clear").append('(').append(p).append(")\n");
            sb.append("    set_pte_at(").append(p).append(", new, rw)\n");
            sb.append("    pte_unmap_unlock(").append(p).append(")\n");
            if (range) {
                sb.append("    mmu_notifier_invalidate_range_end(").append(p).append(")\n");
            }
            if (rnd.nextBoolean()) {
                sb.append("    put_page(old)\n");
            }
        }
    
        private boolean era66() {
            return era.startsWith("6.") && !era.equals("6.1") && !era.equals("6.5");
        }

        /** Each instruction family's primitives called directly, not only through the stdlib's paths. */
        private void familyFragment(String p) {
            switch (rnd.nextInt(11)) {
                case 0 -> {
                    sb.append(rnd.nextInt(3) == 0 ? "    tlb_gather_mmu_fullmm()\n" : "    tlb_gather_mmu()\n");
                    sb.append("    pte_offset_map_lock(").append(p).append(")\n    old = vm_normal_page(").append(p).append(")\n");
                    sb.append("    ptep_get_and_clear(").append(p).append(")\n    tlb_remove_tlb_entry(").append(p).append(")\n");
                    sb.append(rnd.nextBoolean() ? "    full = __tlb_remove_page(old)\n" : "    tlb_remove_page(old)\n");
                    sb.append("    pte_unmap_unlock(").append(p).append(")\n");
                    sb.append(switch (rnd.nextInt(4)) {
                        case 0 -> "    tlb_flush_mmu()\n";
                        case 1 -> "    tlb_flush_mmu_tlbonly()\n    tlb_flush_mmu_free()\n";
                        case 2 -> "    tlb_end_vma()\n";
                        default -> "";
                    });
                    sb.append("    tlb_finish_mmu()\n");
                }
                case 1 -> {
                    sb.append("    e = ptep_get(").append(p).append(")\n    pte_offset_map_lock(").append(p).append(")\n");
                    sb.append("    ").append(rnd.nextBoolean() ? "ptep_get_and_clear(" : "ptep_clear_flush(").append(p).append(")\n");
                    sb.append("    set_pte_at(").append(p).append(", e)\n    pte_unmap_unlock(").append(p).append(")\n");
                }
                case 2 -> {
                    sb.append("    pte_offset_map_lock(").append(p).append(")\n    old = vm_normal_page(").append(p).append(")\n");
                    sb.append("    ptep_clear_flush(").append(p).append(")\n");
                    if (rnd.nextInt(3) == 0) {
                        sb.append("    set_swap_pte(").append(p).append(", old)\n    pte_unmap_unlock(").append(p).append(")\n");
                    } else {
                        sb.append("    set_migration_pte(").append(p).append(", old, ").append(rnd.nextBoolean() ? "rw" : "ro").append(")\n");
                        sb.append("    pte_unmap_unlock(").append(p).append(")\n    new = alloc_page()\n    copy_page(new, old)\n");
                        sb.append("    pte_offset_map_lock(").append(p).append(")\n    remove_migration_pte(").append(p).append(", new)\n");
                        sb.append("    pte_unmap_unlock(").append(p).append(")\n");
                    }
                }
                case 3 -> {
                    sb.append("    migration_entry_wait(").append(p).append(")\n    n = pte_none(").append(p).append(")\n");
                    sb.append("    w = pte_write(").append(p).append(")\n    d = pte_dirty(").append(p).append(")\n");
                    sb.append("    q = pte_present(").append(p).append(")\n");
                }
                case 4 -> {
                    sb.append("    f = vm_normal_page(").append(p).append(")\n    get_page(f)\n    s = pages_identical(f, f)\n");
                    sb.append("    c = page_count(f)\n    folio_start_writeback(f)\n    put_page(f)\n");
                }
                case 5 -> {
                    sb.append("    f = vm_normal_page(").append(p).append(")\n    write_frame(f, 5)\n");
                    sb.append("    pte_offset_map_lock(").append(p).append(")\n    ptep_set_access_flags(").append(p).append(", rw)\n");
                    sb.append("    pte_unmap_unlock(").append(p).append(")\n");
                }
                case 6 -> {
                    sb.append("    pte_offset_map_lock(").append(p).append(")\n    ptep_get_and_clear(").append(p).append(")\n");
                    if (noBatchedFlush) {
                        sb.append("    pte_unmap_unlock(").append(p).append(")\n    flush_tlb_mm()\n");
                    } else {
                        sb.append("    set_tlb_ubc_flush_pending(").append(p).append(")\n    pte_unmap_unlock(").append(p).append(")\n");
                        sb.append(rnd.nextBoolean() ? "    try_to_unmap_flush()\n" : "    try_to_unmap_flush_dirty()\n");
                    }
                }
                case 7 -> {
                    if (mirror) {
                        sb.append("    seq = mmu_interval_read_begin(gpu)\n    f = vm_normal_page(").append(p).append(")\n");
                        sb.append("    lock(driver_lock(gpu))\n    r = mmu_interval_read_retry(gpu, seq)\n");
                        sb.append("    if (r == 0) {\n        mirror_map(gpu, ").append(p).append(", f, rw)\n    }\n");
                        sb.append("    unlock(driver_lock(gpu))\n");
                        sb.append(rnd.nextBoolean() ? "    mirror_unmap(gpu, " + p + ")\n" : "    wait_invalidate_end(gpu)\n");
                    } else {
                        sb.append("    flush_tlb_page(").append(p).append(")\n");
                    }
                }
                case 8 -> {
                    if (kvm) {
                        sb.append("    s = mmu_invalidate_seq(vm)\n    srcu_read_lock(vm)\n    g = gfn_to_memslot(vm, ").append(p).append(")\n");
                        sb.append("    srcu_read_unlock(vm)\n    lock(mmu_lock(vm))\n");
                        sb.append("    r = mmu_invalidate_retry_gfn(vm, s, ").append(p).append(")\n    n = mmu_invalidate_in_progress(vm)\n");
                        sb.append("    a = mn_active_invalidate_count(vm)\n    r = mmu_invalidate_retry(vm, s)\n");
                        sb.append("    c = mmu_notifier_retry_cache(vm, s)\n    unlock(mmu_lock(vm))\n");
                        sb.append("    memslot_assign(vm, ").append(p).append(", ").append(rnd.nextInt(2)).append(")\n    synchronize_srcu(vm)\n");
                    } else {
                        sb.append("    flush_tlb_range(").append(p).append(")\n");
                    }
                }
                case 9 -> {
                    if (rnd.nextBoolean()) {
                        sb.append("    r = mmu_notifier_invalidate_range_start_nonblock(").append(p).append(")\n");
                        sb.append("    if (r == 0) {\n        mmu_notifier_invalidate_range_end(").append(p).append(")\n    }\n");
                    } else if (era66()) {
                        sb.append("    mmu_notifier_arch_invalidate_secondary_tlbs(").append(p).append(")\n");
                    } else {
                        sb.append("    mmu_notifier_invalidate_range_start(").append(p).append(")\n    mmu_notifier_invalidate_range(")
                                .append(p).append(")\n    mmu_notifier_invalidate_range_only_end(").append(p).append(")\n");
                    }
                    if (rnd.nextInt(4) == 0) {
                        sb.append("    mmu_notifier_release()\n");
                    }
                }
                default -> {
                    sb.append("    might_sleep()\n");
                    if (ats) {
                        sb.append("    device_tlb_flush(iommu, ").append(p).append(")\n");
                    }
                }
            }
        }
}
}
