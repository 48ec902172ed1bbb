package dev.mmun.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small scenarios for the trace-replay property: every device kind (ats, mirror, kvm),
 * eras given as kernel versions (6.1 must stay 6.1), both archs, gather_batch, kernel paths from
 * the stdlib (reclaim, migration, mprotect, munmap's gather), bounded loops that can hit their bound, atomic blocks, locks and mutexes, asserts.
 * Small enough that checking a thousand of them takes seconds.
 */
public final class ReplayScenarioGen {
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

    private ReplayScenarioGen(long seed) {
        this.seed = seed;
        rnd = new Random(seed);
    }

    public static String generate(long seed) {
        return new ReplayScenarioGen(seed).build();
    }

    private String build() {
        era = ERAS[rnd.nextInt(ERAS.length)];
        sb.append("era ").append(era).append('\n');
        if (rnd.nextInt(3) == 0) {
            sb.append("arch arm64\n");
            // reclaim's batched flush is x86's, and arm64's from 6.5: shrink_page() does not compile before
            noBatchedFlush = era.compareTo("6.5") < 0;
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
        sb.append(dev.mmun.explore.SubscriberGen.subscribers(new java.util.Random(seed ^ 0x5ab5L),
                era.startsWith("6.") && !era.equals("6.1") && !era.equals("6.5"), ats, mirror));
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
}
