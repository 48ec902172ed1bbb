package dev.mmun.machine;

/**
 * What one step changed in the machine, for the timeline table and for finding the steps that set
 * a violation up. page, frame and device are -1 where they do not apply.
 */
public record Change(Kind kind, int page, int frame, int device, String text) {
    public enum Kind {
        PTE_CLEAR, PTE_SET, PTE_PROTECT, CPU_FLUSH, NOTIFY, CPU_FILL, DEV_FILL, READ, WRITE, FAULT,
        ALLOC, FREE, REF, COPY, LOCK, UNLOCK, INV_START, INV_END, LOCAL
    }
}
