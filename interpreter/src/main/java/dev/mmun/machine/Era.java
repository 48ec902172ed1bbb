package dev.mmun.machine;

/**
 * The kernel API era a script runs in (kernel-notes §2, §5.2). In 4.15..6.5 the secondary-TLB
 * notify is explicit ({@code *_clear_flush_notify}, {@code mmu_notifier_invalidate_range}) and
 * implied by {@code invalidate_range_end}; from 6.6 on every CPU TLB flush notifies and
 * {@code invalidate_range_end} does not.
 */
public enum Era {
    E4_15("4.15"), E6_6("6.6");

    private final String version;

    Era(String version) {
        this.version = version;
    }

    public String version() {
        return version;
    }

    /**
     * The era of a kernel version written major.minor: 4.15 to 6.5 is 4.15's API, 6.6 and later
     * 6.6's; null before 4.15 (invalidate_page and no invalidate_range-only pairing: not modelled)
     * or for a version that is not one (4.99).
     */
    public static Era parse(String v) {
        int n = number(v);
        if (n < 0 || n < 415) {
            return null;
        }
        return n < 606 ? E4_15 : E6_6;
    }

    /** major * 100 + minor (4.15 -> 415, 6.18 -> 618); -1 when v is not a kernel version. */
    public static int number(String v) {
        String[] mm = v.split("\\.");
        if (mm.length != 2 || mm[0].isEmpty() || mm[1].isEmpty() || mm[0].length() > 2 || mm[1].length() > 2) {
            return -1;
        }
        try {
            int major = Integer.parseInt(mm[0]);
            int minor = Integer.parseInt(mm[1]);
            // 4.x ended at 4.20 and 5.x at 5.19: 5.99 is a typo, not a kernel
            boolean exists = major == 4 && minor <= 20 || major == 5 && minor <= 19 || major >= 6 && major <= 9;
            return exists ? major * 100 + minor : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Does a CPU TLB flush also invalidate secondary TLBs (arch_invalidate_secondary_tlbs)? */
    public boolean flushNotifies() {
        return this == E6_6;
    }

    /** Does invalidate_range_end call ->invalidate_range() itself? */
    public boolean endNotifies() {
        return this == E4_15;
    }
}
