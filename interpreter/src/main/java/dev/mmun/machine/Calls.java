package dev.mmun.machine;

/**
 * Whether an instruction calls the notifier's subscribers, which of their callbacks and over which
 * range: the question the lowering of a script's callbacks asks each instruction's family
 * ({@link Families#calls(Instr)}), so that the flag encodings that decide it stay in the family's
 * file and a new notifying primitive is an edit of its family only.
 *
 * @param at        the range index (RANGE) or the page (PAGE) the callbacks are given
 * @param blockable a start: whether it may block (else it is the non-blocking start)
 * @param secondaryTlb an end: whether it calls the era's secondary-TLB callbacks before the ends
 * @param event     the mmu_notifier_event (NotifierFamily.EVENTS' index) the callbacks see
 * @param owner     the owner the callbacks see (a device index + 1; 0: none)
 * @param deferred  the instruction rewritten to leave its free for after the callbacks (null: nothing to defer)
 * @param rest      the instruction that does the deferred part after the callbacks (null with deferred)
 */
public record Calls(Kind kind, Over over, int at, boolean blockable, boolean secondaryTlb, int event, int owner,
                    Instr deferred, Instr rest) {
    /** Which callbacks run. */
    public enum Kind {
        /** mmu_notifier_invalidate_range_start(): the overlapping intervals' invalidate(), then the starts. */
        START,
        /** mmu_notifier_invalidate_range_end(): the ends (after the secondary-TLB callbacks when secondaryTlb). */
        END,
        /** mmu_notifier_release(): every interval's invalidate(), then the release callbacks. */
        RELEASE,
        /** The era's secondary-TLB callbacks (invalidate_range, arch_invalidate_secondary_tlbs). */
        SECONDARY_TLB,
        /** tlb_remove_page(): the secondary-TLB callbacks when the run finds the batch full, before its deferred free. */
        WHEN_BATCH_FULL
    }

    /** The range the callbacks are given. */
    public enum Over {
        /** A declared range, by index. */
        RANGE,
        /** One page, by index. */
        PAGE,
        /** The whole address space (0..~0): only the run knows the range. */
        WHOLE
    }

    /** MMU_NOTIFY_CLEAR, the event of the calls that have none of their own. */
    public static final int CLEAR = 1;

    /** The era's secondary-TLB callbacks over a range, a page or everything. */
    public static Calls secondaryTlb(Over over, int at) {
        return new Calls(Kind.SECONDARY_TLB, over, at, false, false, CLEAR, 0, null, null);
    }

    /** The same, with the instruction's free deferred to rest, after the callbacks. */
    public static Calls secondaryTlb(Over over, int at, Instr deferred, Instr rest) {
        return new Calls(Kind.SECONDARY_TLB, over, at, false, false, CLEAR, 0, deferred, rest);
    }
}
