package dev.mmun.machine;

/**
 * A call of a primitive as an instruction family lowers it: its arguments resolved by the front
 * end (names to pages, locks, ranges; errors reported at the argument with a caret), and where the
 * instruction goes. The front end (check) implements it; the families say what the call means.
 */
public interface CallSite {
    /** What {@link #lock} gives for an argument that is well formed but not a lock (the family says why). */
    int NOT_A_LOCK = -2;

    /** The primitive's name as written. */
    String name();

    /** True when the call has n arguments; else reports it and gives false. */
    boolean arity(int n);

    /**
     * Argument i as a lock: a declared spinlock or mutex, ptl(P), a device's lock; -1 after an
     * error, {@link #NOT_A_LOCK} for another kind of argument.
     */
    int lock(int i);

    /** Argument i as a page; -1 after an error. */
    int page(int i);

    /** Argument i as a range (a page, PAGE..PAGE, two addresses): its index; -1 after an error. */
    int range(int i);

    /** How many arguments the call has. */
    int args();

    /** Argument i as a device, or NULL: the device's index + 1, 0 for NULL; -1 after an error. */
    int deviceOrNull(int i);

    /** The script's era. */
    Era era();

    /** Argument i as a device (or an interval subscriber's name, for its device); -1 after an error. */
    int device(int i);

    /** Whether device d has an interval subscriber (or is a built-in mirror), whose seq mmu_interval_set_seq() sets. */
    boolean intervalDevice(int d);

    /** Whether the call's context may sleep ({@link SubscriberFamily#CAN_SLEEP}) or why not (a callback's). */
    int sleepContext();

    /** The lock of a page's page table: its pte level's (ptl), or with pmd its pmd's. */
    int pageTableLock(int page, boolean pmd);

    /** Argument i as a value over the caller's locals. */
    Val value(int i);

    /**
     * Argument i as a frame: a local holding one, a declared frame, NULL; reported (and 0) when
     * it is another kind of argument.
     */
    Val frame(int i);

    /** What {@link #deviceArg} gives for an argument that is well formed but not a device (the family says why). */
    int NOT_A_DEVICE = -2;

    /** Argument i as a device: its index; -1 after an error, {@link #NOT_A_DEVICE} for another kind of argument. */
    int deviceArg(int i);

    /** Device d's declaration. */
    Program.Device deviceDecl(int d);

    /** Argument i as a value (a local, a number); null after an error, reported with what when it is another kind of argument. */
    Val valueArg(int i, String what);

    /** Argument i as a protection (rw, ro: 1 or 0) or a value (a local from pte_write()); null after an error. */
    Val protOrValue(int i);

    /** Appends the call's instruction with its value operands v and w (either may be null). */
    void emit(Op op, int a, int b, Val v, Val w);

    /** Whether the call is in a device thread. */
    boolean device();

    /** The machine's architecture (x86, arm64). */
    String arch();

    /**
     * Whether the call can run: false inside a branch known false at lowering, where a call the
     * arch or era does not offer is the kernel's never-reached stub, not an error.
     */
    boolean reachable();

    /** Whether the call is tried ({@code try r = read(P)}): a fault is recorded instead of waiting. */
    boolean attempt();

    /**
     * Appends an instruction that spans the whole statement (the assignment or the try around the
     * call, where a memory access's faults and violations point); v is its value operand.
     */
    void emitStatement(Op op, int a, int b, Val v);

    /** Appends the call's instruction to the thread's code; it writes the call's local, if it is assigned to one. */
    void emit(Op op, int a, int b);

    /** Reports an error at argument i (at the primitive's name when i is -1). */
    void error(int i, String message);

    /** The exact kernel version the era was given as, major * 100 + minor (6.10 is 610). */
    int kernelVersion();

    /** Whether page is a huge page (mapped by a pmd). */
    boolean hugePage(int page);

    /** The page's declared name. */
    String pageName(int page);

    /** Argument i as a protection: 1 for rw, 0 for ro, -1 after an error (reported). */
    int prot(int i);

    /** Says that the thread uses an mmu_gather (its gather slots are laid out). */
    void usesGather();
}
