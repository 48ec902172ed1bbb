package dev.mmun.machine;

/** Operand flags of the kernel-path instructions, decided at lowering from the era and the arch. */
public final class KernelFlags {
    private KernelFlags() {
    }

    // PTE_SPECIAL: b
    public static final int SPECIAL_SWAP = 1;
    public static final int SPECIAL_MIGRATION = 2;
    public static final int SPECIAL_WRITABLE = 4;

    // PTE_ACCESS_FLAGS: b
    public static final int ACCESS_WRITABLE = 1;
    public static final int ACCESS_FLUSH = 2;
    public static final int ACCESS_NOTIFY = 4;

    // TLB_GATHER: b
    public static final int GATHER_FULLMM = 1;

    // TLB_REMOVE_PAGE: b (tlb_remove_page(): flush the gather itself when it is full)
    public static final int REMOVE_FLUSH_WHEN_FULL = 1;

    // TLB_FLUSH and TLB_END_VMA: b
    public static final int FLUSH_TLBONLY = 1;
    public static final int FLUSH_FREE = 2;
    public static final int FLUSH_FINISH = 4;
    /** tlb_flush_mmu_tlbonly() calls mmu_notifier_invalidate_range() of the gathered range (4.15 .. 6.5). */
    public static final int FLUSH_NOTIFY_EXPLICIT = 8;
    /** The CPU TLB flush notifies the secondary TLBs (6.6+). */
    public static final int FLUSH_NOTIFY_ARCH = 16;
    /** tlb_end_vma() before fd1102f0aade (4.19): CPU flush and range reset, no notify. */
    public static final int END_VMA_FLUSH_ONLY = 32;
    /** A script's subscribers are told after the flush: the free and the finish wait for the TLB_FLUSH that follows them. */
    public static final int FLUSH_DEFER = 64;
    /** That following TLB_FLUSH: the deferred free and finish (written back by the call it came from). */
    public static final int FLUSH_DEFERRED = 128;

    // UBC_ADD: b
    public static final int UBC_NOTIFY_PAGE = 1;
    public static final int UBC_NOTIFY_MM = 2;

    // READ/WRITE of a device thread: b bit 2 (bit 1 is try)
    /** The device caches permissions and does not re-walk on a permission fault (arm64 SMMU without BTM). */
    public static final int ACCESS_NO_REWALK = 2;
}
