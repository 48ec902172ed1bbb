package dev.mmun.machine;

/** The rules a run is judged against (DESIGN.md §2, kernel-notes §5). */
public enum Rule {
    CASE_A("a frame is freed while a secondary TLB may still hold a translation to it",
            "notify under the ptl before the page can be freed (ptep_clear_flush_notify(), or free only after invalidate_range_end())"),
    CASE_B("a pte is pointed at another frame while a secondary TLB may still hold the old one",
            "use ptep_clear_flush_notify() under the ptl, before set_pte_at() of the new page"),
    STALE_READ("a device read returned a value older than a write that completed before it",
            "the device kept a stale translation: notify the secondary TLB before the pte points elsewhere"),
    DEVICE_UAF("a device accessed a frame through a translation made before that frame was freed",
            "notify under the ptl before freeing the page"),
    CPU_TLB_UAF("a CPU accessed a frame through a TLB entry made before that frame was freed",
            "flush the CPU TLB (ptep_clear_flush(), flush_tlb_range()) before the page is freed"),
    PTE_UPDATE_WITHOUT_PTL("a pte was changed without holding the page table lock that covers it",
            "take the ptl (pte_offset_map_lock()) around every pte update"),
    UNPAIRED_INVALIDATE("mmu_notifier_invalidate_range_start() and _end() are not paired in the same thread",
            "call mmu_notifier_invalidate_range_end() exactly once for each successful _start()"),
    RANGE_MISMATCH("mmu_notifier_invalidate_range_end() was called with another range than its _start()",
            "pass the same struct mmu_notifier_range to _start() and _end()"),
    SLEEP_IN_ATOMIC("a blocking mmu_notifier call was made while holding a spinlock",
            "call mmu_notifier_invalidate_range_start()/_end() outside the page table lock"),
    WP_NOT_PROPAGATED("a write-protect reached its deadline while a secondary TLB may still hold the writable translation",
            "notify before the protection is relied on: invalidate_range_end() in 4.15 (not _only_end()), the CPU TLB flush in 6.6"),
    LOST_WRITE("a write reached a frame after it was copied, and the page now maps the copy",
            "notify the secondary TLBs before copying a page that a device may still write"),
    UNCOVERED_PTE_CHANGE("a present pte was removed, re-pointed or write-protected outside an invalidation of the same thread",
            "wrap the change in mmu_notifier_invalidate_range_start()/_end() covering the address"),
    STALE_MIRROR("a software mirror kept or installed an entry across an active invalidation, or one the pte does not map",
            "snapshot the sequence before translating, then take the driver lock and install only if mmu_interval_read_retry() / mmu_invalidate_retry_gfn() says no invalidation collided"),
    END_AFTER_FAILED_START("mmu_notifier_invalidate_range_end() was called for a non-blocking _start() that failed",
            "when mmu_notifier_invalidate_range_start_nonblock() returns -EAGAIN, do not call _end(): the core already ended the subscribers that started"),
    STALE_TLB_AFTER_ZAP("a CPU accessed a page through a TLB entry whose pte a completed zap or move had already removed",
            "flush the CPU TLB under the ptl that cleared the pte: a path that then finds the pte none skips its own flush and returns while the entry lives (kernel-notes D18)"),
    USER_RACE_TOLERATED("a device may still use the frame of a page the user is tearing down (MADV_DONTNEED, munmap) while the user's own access faults a new one in:"
            + " the user's race, tolerated as for CPUs, whose TLBs keep the frame too until the mmu_gather flushes and frees it", null),
    BAD_SUBSCRIBER("a subscriber implements both the secondary-TLB callback and invalidate_range_start()/_end(), which era 6.6 refuses",
            "a hardware TLB implements arch_invalidate_secondary_tlbs() only; a software mirror implements start/end (or an interval notifier) only"),
    UNLOCK_NOT_HELD("a lock was released by a thread that does not hold it", null),
    PAGE_REF_UNDERFLOW("get_page()/put_page() on a frame that is already free", null),
    DEADLOCK("no thread can move and some have not finished", null),
    ASSERT("an assert of the script failed", null),
    LOOP_BOUND("a while loop was still running when it reached its bound", "raise the loop's max");

    private final String summary;
    private final String hint;

    Rule(String summary, String hint) {
        this.summary = summary;
        this.hint = hint;
    }

    public String summary() {
        return summary;
    }

    /** How to fix it, in the kernel's words; null where no general advice fits. */
    public String hint() {
        return hint;
    }

    /**
     * A finding that is not a violation (kernel-notes §5.4's tolerated user race): reported as a
     * note; the verdict and the expectations leave it out.
     */
    public boolean note() {
        return this == USER_RACE_TOLERATED;
    }

    /** A bound that was hit says nothing about the rules: the verdict is inconclusive. */
    public boolean inconclusive() {
        return this == LOOP_BOUND;
    }

    public static Rule byName(String name) {
        for (Rule r : values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
