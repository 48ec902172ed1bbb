package dev.mmun.machine;

/** The lowered instruction set. Local ops are invisible: they run inside the next visible step. */
public enum Op {
    // thread-local, no step of their own
    ATOMIC_BEGIN(true), ATOMIC_END(true), ASSIGN(true), JUMP(true), BRANCH_FALSE(true), ASSERT(true), LOOP_BOUND(true), FAULT_RESET(true),
    // machine steps
    READ(false), WRITE(false),
    PTE_CLEAR(false), PTE_SET(false), PTE_WRPROTECT(false), CPU_FLUSH(false), NOTIFY(false),
    INV_START(false), INV_END(false),
    LOCK(false), UNLOCK(false),
    ALLOC(false), GET_PAGE(false), PUT_PAGE(false), COPY(false),
    PTE_PAGE(false), PTE_QUERY(false), PAGES_IDENTICAL(false), WRITEBACK(false),
    // kernel-path primitives (TlbFlushFamily, KernelOpsFamily, PteStoreFamily)
    PTE_SPECIAL(false), PTE_RESTORE(false), REMOVE_MIGRATION(false), PTE_ACCESS_FLAGS(false), PTE_GET(false),
    PAGE_COUNT(false), WRITE_FRAME(false), MIGRATION_WAIT(false),
    TLB_GATHER(false), TLB_REMOVE_TLB_ENTRY(false), TLB_REMOVE_PAGE(false), TLB_FLUSH(false), TLB_END_VMA(false),
    UBC_ADD(false), UBC_FLUSH(false), RELEASE(false),
    // software mirrors (MirrorFamily): read_begin, the seq/count reads and retry checks, device pte
    // install and removal, and the wait that stands for a retry loop
    MIRROR_BEGIN(false), MIRROR_QUERY(false), MIRROR_MAP(false), MIRROR_UNMAP(false), MIRROR_WAIT(false),
    KVM_MEMSLOT(false), KVM_SRCU(false), KVM_NOTIFY(false),
    // the script's subscribers (SubscriberFamily): the core's look-up before a callback and a
    // non-blocking start's result, and what callbacks do
    SUB_CALL(false), SUB_RESULT(false), DEV_FLUSH(false), SET_SEQ(false), SLEEP(false), TRYLOCK(false);

    private final boolean local;

    Op(boolean local) {
        this.local = local;
    }

    public boolean local() {
        return local;
    }
}
