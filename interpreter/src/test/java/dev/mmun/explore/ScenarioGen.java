package dev.mmun.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small scenarios for the property tests of the explorer: 2 to 4 threads over 1 to 3 pages,
 * with COW fragments done right and wrong, locks, plain and attempted accesses, wrprotects, frees,
 * notifies and device reads, so that reduced and unreduced searches can be compared. About a third
 * of them also use the wider machine: HMM mirrors and KVM (their driver paths from the stdlib), a
 * kernel path from the stdlib (zaps, mprotect, reclaim, migration, KSM-style mkclean, munmap with
 * an mmu_gather, exit_mmap), a huge page with its COW or split, arm64 and a gather batch size.
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
        sb.append(SubscriberGen.subscribers(new Random(seed ^ 0x5ab5L), era66, ats, mirror));
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
}
