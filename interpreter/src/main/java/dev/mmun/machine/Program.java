package dev.mmun.machine;

import dev.mmun.diag.Span;
import java.util.List;

/**
 * A lowered script: the machine's shape (pages, frames, devices, locks), each thread's code, and
 * the layout of the state vector. Immutable; shared by every state of every run of the script.
 */
public final class Program {
    public static final int MAX_PAGES = 64;
    public static final int MAX_FRAMES = 31;

    /**
     * mapped pages: initial frame index or -1; ptl is a lock index; tlbPreload: every device's TLB
     * holds it at the start; cpuTlbs: the CPUs (a mask of CPU indices) whose TLB holds it at the start.
     */
    public record Page(String name, long address, boolean huge, int ptl, int frame, boolean writable,
                       boolean dirty, boolean tlbPreload, Span span, long cpuTlbs) {
        public Page(String name, long address, boolean huge, int ptl, int frame, boolean writable,
                    boolean dirty, boolean tlbPreload, Span span) {
            this(name, address, huge, ptl, frame, writable, dirty, tlbPreload, span, 0);
        }

        public long size() {
            return huge ? 2L << 20 : 4096L;
        }
    }

    /** initialRef is 0 for the pool that alloc_page() draws from. */
    public record Frame(String name, int initialRef, int content) {}

    /**
     * A secondary MMU. {@code lock} and {@code lock2} are the locks its notifier callbacks take
     * (mirror: the driver lock; kvm: mmu_lock and the gfn->pfn cache lock), -1 when none.
     */
    public record Device(String name, String kind, Span span, int lock, int lock2) {
        public Device(String name, String kind, Span span) {
            this(name, kind, span, -1, -1);
        }

        public boolean walksPageTable() {
            return kind.equals("ats") || kind.equals("ats_start_end");
        }

        /** An mmu_interval_notifier subscriber (HMM-style software mirror). */
        public boolean intervalMirror() {
            return kind.equals("mirror");
        }

        /** A raw invalidate_range_start()/end() subscriber with KVM's bookkeeping. */
        public boolean kvm() {
            return kind.equals("kvm");
        }
    }

    public record Lock(String name, boolean sleeping, boolean pageTable) {}

    /**
     * A subscriber the script writes (its callbacks are inlined into the threads' code): the device
     * it serves, an interval's [start, end), and whether era 6.6 refused it at registration.
     */
    public record Subscriber(String name, int device, boolean interval, long start, long end, boolean refused) {}

    /**
     * A device kind's callback from the library (stdlib/devices.mmun), for one device no script
     * subscriber serves: run inside the step of the core's instruction that calls it, as the
     * kernel's callbacks run inside the call (LibraryCallbacks). {@code kind} is one of
     * SubscriberFamily's callback kinds; {@code code} uses the thread's locals 1..scratch - 1 only
     * (every thread reserves them; they are 0 between steps); ret, curSeq and the range's fields
     * are slots among them (-1 when the body does not use one); pages: the declared pages an
     * interval covers.
     */
    public record LibraryCallback(String name, int device, int kind, Instr[] code, int ret, int curSeq, int blockable,
                                  int event, int owner, long pages, int scratch) {}

    public record Range(long start, long end, long pages, String text) {}

    public record Thread(String name, boolean device, int deviceIndex, int cpuIndex, Instr[] code,
                         List<String> locals, int maxInvalidations, Span span) {}

    /**
     * The parts of the machine the kernel-path primitives need: the zero frame (-1: none), the
     * mmu_gather slots of each thread (0: no thread gathers), and whether frames remember what
     * they were copied from (for LOST_WRITE).
     */
    public record Kernel(int zeroFrame, int gatherSlots, boolean copyTracking) {
        public static final Kernel NONE = new Kernel(-1, 0, false);
    }

    private final Era era;
    private final String version;
    private final List<Page> pages;
    private final List<Frame> frames;
    private final List<Device> devices;
    private final List<Lock> locks;
    private final List<Range> ranges;
    private final List<Thread> threads;
    private final List<Subscriber> subscribers;
    private final List<LibraryCallback> library;
    private final int libraryRange;
    /** per device: a script's subscriber serves it, so its built-in callbacks are off */
    private final boolean[] subscribed;
    private final int[] threadBase;
    private final int[] invDepthBase;
    private final int pteBase;
    private final int frameBase;
    private final int lockBase;
    private final int cpuTlbBase;
    private final int devBase;
    private final int verBase;
    private final int swBase;
    private final int size;
    private final int cpuCount;
    private final Kernel kernel;
    private final int kBase;
    private final int kThreadBase;
    private final int kThreadSize;
    private final int kFrameBase;
    /** pages.size(), kept apart: the layout methods below are on the explorer's hot path */
    private final int pageCount;
    /** the devices that walk the page table (ATS) and the others (software mirrors), as index lists for the hot paths */
    private final int[] walkingDevices;
    private final int[] softwareDevices;

    public Program(Era era, List<Page> pages, List<Frame> frames, List<Device> devices, List<Lock> locks,
                   List<Range> ranges, List<Thread> threads) {
        this(era, pages, frames, devices, locks, ranges, threads, Kernel.NONE);
    }

    public Program(Era era, List<Page> pages, List<Frame> frames, List<Device> devices, List<Lock> locks,
                   List<Range> ranges, List<Thread> threads, Kernel kernel) {
        this(era, era.version(), pages, frames, devices, locks, ranges, threads, kernel);
    }

    /** version: the kernel version the script names (6.18 stays 6.18; era says which API family it is in). */
    public Program(Era era, String version, List<Page> pages, List<Frame> frames, List<Device> devices, List<Lock> locks,
                   List<Range> ranges, List<Thread> threads, Kernel kernel) {
        this(era, version, pages, frames, devices, locks, ranges, threads, kernel, List.of());
    }

    public Program(Era era, String version, List<Page> pages, List<Frame> frames, List<Device> devices, List<Lock> locks,
                   List<Range> ranges, List<Thread> threads, Kernel kernel, List<Subscriber> subscribers) {
        this(era, version, pages, frames, devices, locks, ranges, threads, kernel, subscribers, List.of(), -1);
    }

    /** libraryRange: the range index that stands for a library callback's range parameter (-1: none). */
    public Program(Era era, String version, List<Page> pages, List<Frame> frames, List<Device> devices, List<Lock> locks,
                   List<Range> ranges, List<Thread> threads, Kernel kernel, List<Subscriber> subscribers,
                   List<LibraryCallback> library, int libraryRange) {
        this.subscribers = List.copyOf(subscribers);
        this.library = List.copyOf(library);
        this.libraryRange = libraryRange;
        this.subscribed = new boolean[devices.size()];
        for (Subscriber s : subscribers) {
            subscribed[s.device()] = true;
        }
        this.kernel = kernel;
        this.version = version;
        this.era = era;
        this.pages = List.copyOf(pages);
        this.frames = List.copyOf(frames);
        this.devices = List.copyOf(devices);
        this.walkingDevices = java.util.stream.IntStream.range(0, this.devices.size())
                .filter(d -> this.devices.get(d).walksPageTable()).toArray();
        this.softwareDevices = java.util.stream.IntStream.range(0, this.devices.size())
                .filter(d -> !this.devices.get(d).walksPageTable()).toArray();
        this.locks = List.copyOf(locks);
        this.ranges = List.copyOf(ranges);
        this.threads = List.copyOf(threads);
        int at = 0;
        threadBase = new int[threads.size()];
        invDepthBase = new int[threads.size()];
        int cpus = 0;
        for (int t = 0; t < threads.size(); t++) {
            threadBase[t] = at;
            invDepthBase[t] = at + 1 + threads.get(t).locals().size();
            at += 1 + threads.get(t).locals().size() + 1 + 2 * threads.get(t).maxInvalidations();
            if (!threads.get(t).device()) {
                cpus++;
            }
        }
        cpuCount = cpus;
        pageCount = pages.size();
        pteBase = at;
        at += pages.size();
        frameBase = at;
        at += 4 * frames.size();
        lockBase = at;
        at += locks.size();
        cpuTlbBase = at;
        at += cpus * pages.size();
        devBase = at;
        at += 3 * devices.size() * pages.size();
        verBase = at;
        at += pages.size();
        kBase = at;
        at += 3 + 2 * pages.size();
        kThreadBase = at;
        kThreadSize = 2 + (kernel.gatherSlots() > 0 ? 5 + kernel.gatherSlots() : 0);
        at += kThreadSize * threads.size();
        kFrameBase = at;
        at += kernel.copyTracking() ? 4 * frames.size() : 0;
        swBase = at;
        if (devices.stream().anyMatch(d -> !d.walksPageTable())) {
            at += 2 + SW_SLOTS * devices.size();
        }
        size = at;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Era era() {
        return era;
    }

    /** The kernel version as the script gives it (era 6.18 is 6.18), or the era's own. */
    public String version() {
        return version;
    }

    public List<Page> pages() {
        return pages;
    }

    public List<Frame> frames() {
        return frames;
    }

    public List<Device> devices() {
        return devices;
    }

    public List<Lock> locks() {
        return locks;
    }

    public List<Range> ranges() {
        return ranges;
    }

    public List<Thread> threads() {
        return threads;
    }

    public List<Subscriber> subscribers() {
        return subscribers;
    }

    /** The device kinds' library callbacks, in the kernel's calling order (intervals first). */
    public List<LibraryCallback> library() {
        return library;
    }

    /** The range index a library callback's DEV_FLUSH or KVM_NOTIFY names for "the range it was called with". */
    public int libraryRange() {
        return libraryRange;
    }

    /** Whether a script's subscriber serves device d (the library's callbacks for its kind are off). */
    public boolean subscribed(int d) {
        return subscribed[d];
    }

    /** The devices that walk the page table (ATS), in index order; do not modify. */
    public int[] walkingDevices() {
        return walkingDevices;
    }

    /** The devices that do not walk the page table (the software mirrors: mirror, kvm), in index order; do not modify. */
    public int[] softwareDevices() {
        return softwareDevices;
    }

    public int stateSize() {
        return size;
    }

    public int cpuCount() {
        return cpuCount;
    }

    // ---- layout of the state vector ----

    public int pc(int t) {
        return threadBase[t];
    }

    public int localBase(int t) {
        return threadBase[t] + 1;
    }

    public int invDepth(int t) {
        return invDepthBase[t];
    }

    /** Two ints per active invalidation: range index | blockable << 16, and the pc of its start. */
    public int invSlot(int t, int i) {
        return invDepth(t) + 1 + 2 * i;
    }

    public int pte(int p) {
        return pteBase + p;
    }

    public int frameRef(int f) {
        return frameBase + 4 * f;
    }

    public int frameGen(int f) {
        return frameBase + 4 * f + 1;
    }

    public int frameContent(int f) {
        return frameBase + 4 * f + 2;
    }

    public int frameVersion(int f) {
        return frameBase + 4 * f + 3;
    }

    public int lock(int l) {
        return lockBase + l;
    }

    public int cpuTlb(int cpu, int p) {
        return cpuTlbBase + cpu * pageCount + p;
    }

    public int devTlb(int d, int p) {
        return devBase + 3 * (d * pageCount + p);
    }

    /** The may-cache set of device d for page p: a mask of frames. */
    public int mayCache(int d, int p) {
        return devTlb(d, p) + 1;
    }

    /** The writable part of the may-cache set. */
    public int mayCacheWritable(int d, int p) {
        return devTlb(d, p) + 2;
    }

    /** The number of writes to page p so far: a read that sees less is stale. */
    public int version(int p) {
        return verBase + p;
    }

    // ---- the kernel-path part of the state (see Kernel) ----

    /** 1 once mmu_notifier_release() ran: the mm's secondary TLBs are gone for good. */
    public int released() {
        return kBase;
    }

    /** The thread (index + 1) whose write-protect of page p a device may still write through; 0 none. */
    public int wpPending(int p) {
        return kBase + 1 + p;
    }

    /** The value of the last write to page p (a read of an older frame with the same value is not stale). */
    public int lastWritten(int p) {
        return kBase + 1 + pages.size() + p;
    }

    /**
     * The frames some mmu_gather batch holds (a mask): they are freed only after the gather's
     * flush. Kept apart from the batches, which are their threads' own, since the rules of other
     * threads' steps read it (USER_RACE_TOLERATED).
     */
    public int gatheredFrames() {
        return kBase + 1 + 2 * pages.size();
    }

    /**
     * mm->tlb_flush_pending: the mmu_gathers running on the mm. tlb_finish_mmu() of one that is
     * nested with another flushes the whole mm (mm_tlb_flush_nested(), 4.13+).
     */
    public int tlbFlushPending() {
        return kBase + 2 + 2 * pages.size();
    }

    /** Thread t's batched unmap flush (tlb_ubc) is pending. */
    public int ubcPending(int t) {
        return kThreadBase + kThreadSize * t;
    }

    /**
     * A present pte thread t cleared with a notify outside an invalidation of its own, under the
     * ptl, not judged yet: restored to the same frame with no more rights in the same ptl hold it
     * is no change (v6.18 __uprobe_write()); 0 none. Its value: {@link PendingClear}.
     */
    public int clearPending(int t) {
        return kThreadBase + kThreadSize * t + 1;
    }

    /** Thread t's mmu_gather: 1 active | 2 fullmm. */
    public int gatherFlags(int t) {
        return kThreadBase + kThreadSize * t + 2;
    }

    /** The gathered range of thread t as a page mask: two ints, low and high 32 pages. */
    public int gatherRange(int t) {
        return kThreadBase + kThreadSize * t + 3;
    }

    /**
     * The pages whose invalidation thread t ended during its mmu_gather (two ints, as the range):
     * the zap is complete, for its caller, when tlb_finish_mmu() returns (D18).
     */
    public int zapDone(int t) {
        return kThreadBase + kThreadSize * t + 5;
    }

    /** Slot i of thread t's gather batch: a frame index + 1, or 0. */
    public int gatherSlot(int t, int i) {
        return kThreadBase + kThreadSize * t + 7 + i;
    }

    /** How many times frame f was written (by any agent) since it was allocated. */
    public int frameWrites(int f) {
        return kFrameBase + 4 * f;
    }

    /** The frame f was last copied from: index + 1 | generation << 8; 0 none. */
    public int copySource(int f) {
        return kFrameBase + 4 * f + 1;
    }

    /** The source's write count when it was copied into f. */
    public int copyWrites(int f) {
        return kFrameBase + 4 * f + 2;
    }

    /** f's own generation when it received the copy (a copy into an earlier life of f does not count). */
    public int copyGeneration(int f) {
        return kFrameBase + 4 * f + 3;
    }

    // ---- software mirrors (only laid out when a mirror or kvm device is declared) ----

    private static final int SW_SLOTS = 8;

    public boolean hasSoftwareMirrors() {
        return swBase < size;
    }

    /** mm->notifier_subscriptions->invalidate_seq: odd while an invalidation hits an interval. */
    public int itreeSeq() {
        return swBase;
    }

    /** mm->notifier_subscriptions->active_invalidate_ranges. */
    public int itreeActive() {
        return swBase + 1;
    }

    /** mirror: interval_sub->invalidate_seq; kvm: kvm->mmu_invalidate_seq. */
    public int mirrorSeq(int d) {
        return swBase + 2 + SW_SLOTS * d;
    }

    /** kvm->mmu_invalidate_in_progress. */
    public int kvmInProgress(int d) {
        return mirrorSeq(d) + 1;
    }

    /** kvm->mmu_invalidate_range_start/end as a mask of pages: the low and the high 32 pages. */
    public int kvmRange(int d) {
        return mirrorSeq(d) + 2;
    }

    /** kvm->mn_active_invalidate_count. */
    public int kvmActive(int d) {
        return mirrorSeq(d) + 4;
    }

    /** The pages that have a memslot (guest memory), as a mask: the low and the high 32 pages. */
    public int kvmMemslots(int d) {
        return mirrorSeq(d) + 5;
    }

    /** Readers in kvm->srcu (the vCPU faults that look memslots up). */
    public int kvmSrcu(int d) {
        return mirrorSeq(d) + 7;
    }
}
