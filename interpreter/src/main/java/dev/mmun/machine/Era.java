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

    public static Era parse(String v) {
        return switch (v) {
            case "4.15", "4.16", "4.17", "4.18", "4.19", "4.20", "5.0", "5.4", "5.5", "5.10", "5.15", "6.1", "6.5" -> E4_15;
            case "6.6", "6.8", "6.10", "6.12", "6.13", "6.18" -> E6_6;
            default -> null;
        };
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
