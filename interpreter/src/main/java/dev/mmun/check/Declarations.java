package dev.mmun.check;

import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Script;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import dev.mmun.machine.Era;
import dev.mmun.machine.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declarations of a script (and of the stdlib it sees), checked: unique names, aligned and
 * disjoint pages, known options and device kinds, page table locks derived from the layout.
 */
public final class Declarations {
    public static final Set<String> DEVICE_KINDS = Set.of("ats", "ats_start_end", "mirror", "kvm");
    public static final Set<String> PAGE_OPTIONS = Set.of("rw", "ro", "cow", "huge", "unmapped", "dirty", "tlb", "zero");

    /** zero: the page maps the shared zero frame (read-only, never freed, vm_normal_page() gives 0). */
    /** ref: the frame's references at the start (0: the default); cpuTlbs: the CPU threads whose TLB holds the page at the start. */
    public record PageDecl(String name, long address, boolean huge, boolean mapped, boolean writable, boolean dirty,
                    boolean tlb, boolean cow, int content, Span span, boolean zero, int ref, List<Name> cpuTlbs) {
        public long end() {
            return address + (huge ? 2L << 20 : 4096L);
        }
    }

    public record ThreadDecl(Item.Thread item, int index, int device) {}

    /**
     * A subscriber the script writes, checked: its device, its interval [start, end) (an interval's),
     * its callbacks by name, and whether era 6.6 refuses it at registration (both kinds of callback).
     */
    public record SubscriberDecl(String name, int index, int device, boolean interval, long start, long end,
                                 Map<String, Item.Callback> callbacks, boolean refused, Span span) {}

    public Era era = Era.E4_15;
    /** The exact kernel version the era was given as, major * 100 + minor (4.15 -> 415, 6.10 -> 610). */
    public int kernelVersion = 415;
    /** The version as the script gives it ("6.18"). */
    public String eraText = "4.15";
    /** The CPU architecture: x86 (default) or arm64. */
    public String arch = "x86";
    /** Pages an mmu_gather holds before __tlb_remove_page() reports it full; 0: not declared. */
    public int gatherBatch;
    /** Some page maps the zero page, or the code names ZERO_PAGE: the machine has a zero frame. */
    public boolean zeroFrame;
    public final List<PageDecl> pages = new ArrayList<>();
    public final Map<String, Integer> pageIndex = new LinkedHashMap<>();
    /** Declared frames, by name: index among declared frames. */
    public final Map<String, Integer> frameIndex = new LinkedHashMap<>();
    public final List<Item.Frame> frames = new ArrayList<>();
    public final List<Program.Device> devices = new ArrayList<>();
    public final Map<String, Integer> deviceIndex = new LinkedHashMap<>();
    public final List<Program.Lock> locks = new ArrayList<>();
    public final Map<String, Integer> lockIndex = new LinkedHashMap<>();
    /** ptl of each page, and the pmd lock of each page's 1 GiB region. */
    public int[] pagePtl;
    public int[] pagePmdLock;
    public final List<ThreadDecl> threads = new ArrayList<>();
    public final Map<String, Integer> threadIndex = new LinkedHashMap<>();
    public final Map<String, Item.Proc> procs = new LinkedHashMap<>();
    /** The script's notifier and interval subscribers, in declaration order. */
    public final List<SubscriberDecl> subscribers = new ArrayList<>();
    public static final int MAX_GATHER_BATCH = 8;
    /** The last page of the 47-bit user address space (x86-64 TASK_SIZE - PAGE_SIZE). */
    public static final long TOP_USER_PAGE = 0x7ffffffff000L;
    /** The most references a declaration may give a frame (the state keeps small counts). */
    public static final int MAX_REF = 64;
    /** The initial frame of each mapped page by the name traces give it (fA for page A): page index. */
    public final Map<String, Integer> pageFrameIndex = new LinkedHashMap<>();
    /** The references each declared frame starts with (ref N; 1 by default), by index among declared frames. */
    public final List<Integer> frameRefs = new ArrayList<>();

    private final Diagnostics diags;

    public Declarations(Diagnostics diags) {
        this.diags = diags;
    }

    /** Every body of every visible procedure, by name: the library's, replaced name by name by the script's. */
    public final Map<String, List<Item.Proc>> procVariants = new LinkedHashMap<>();

    /**
     * Adds the procedures of a script or of a library file. A procedure may have one body per era
     * ({@code proc f(P) era 4.15 { }}, {@code proc f(P) era 6.6 { }}) or one for both; {@link #procs}
     * holds the body for this script's era. A name defined in a file replaces every body of that
     * name from the files added before (the script's replace the library's); a file may not define
     * a name twice for the same era.
     */
    public void addProcs(Script script, boolean library) {
        Set<String> seenHere = new java.util.HashSet<>();
        for (Item.Proc proc : script.all(Item.Proc.class)) {
            String name = proc.name().text();
            if (proc.era() != null && procEra(proc.era()) == null) {
                diags.error(proc.era().span(), "a procedure's era is 4.15 (4.15 to 6.5) or 6.6 (6.6 and later), not " + proc.era());
                continue;
            }
            if (seenHere.add(name)) {
                procVariants.remove(name);
            }
            List<Item.Proc> list = procVariants.computeIfAbsent(name, k -> new ArrayList<>());
            Item.Proc clash = null;
            for (Item.Proc other : list) {
                if (other.era() == null || proc.era() == null || procEra(other.era()) == procEra(proc.era())) {
                    clash = other;
                }
            }
            if (clash != null) {
                diags.error(proc.name().span(), "procedure " + proc.name() + (proc.era() == null ? "" : " for era " + proc.era())
                        + " is already defined at " + clash.span().where()
                        + (clash.era() == null && proc.era() == null ? "" : " (a procedure has one body per era, or one body for both)"));
                continue;
            }
            list.add(proc);
        }
        for (String name : seenHere) {
            Item.Proc chosen = null;
            for (Item.Proc v : procVariants.getOrDefault(name, List.of())) {
                if (v.era() == null || procEra(v.era()) == era) {
                    chosen = v;
                }
            }
            if (chosen == null) {
                procs.remove(name);
            } else {
                procs.put(name, chosen);
            }
        }
    }

    public static Era procEra(Name version) {
        return switch (version.text()) {
            case "4.15" -> Era.E4_15;
            case "6.6" -> Era.E6_6;
            default -> null;
        };
    }

    public void collect(Script script) {
        Item.Era eraItem = null;
        for (Item item : script.items()) {
            if (item instanceof Item.Era e) {
                if (eraItem != null) {
                    diags.error(e.span(), "the era is already set at " + eraItem.span().where());
                }
                eraItem = e;
                Era parsed = Era.parse(e.version());
                if (parsed == null) {
                    diags.error(e.span(), "unknown era " + e.version() + ": give a kernel version from 4.15 on (4.15 to 6.5 have"
                            + " the document's API, 6.6 and later notify in every CPU TLB flush), e.g. 4.15, 4.19, 6.1, 6.6, 6.18");
                } else {
                    era = parsed;
                    kernelVersion = Era.number(e.version());
                    eraText = e.version();
                }
            } else if (item instanceof Item.Arch a) {
                if (!a.arch().text().equals("x86") && !a.arch().text().equals("arm64")) {
                    diags.error(a.arch().span(), "unknown arch " + a.arch() + ": use x86 or arm64");
                } else {
                    arch = a.arch().text();
                }
            } else if (item instanceof Item.GatherBatch g) {
                if (g.size() < 1 || g.size() > MAX_GATHER_BATCH) {
                    diags.error(g.span(), "gather_batch is between 1 and " + MAX_GATHER_BATCH);
                } else {
                    gatherBatch = (int) g.size();
                }
            } else if (item instanceof Item.Page pg) {
                page(pg);
            } else if (item instanceof Item.Frame f) {
                int ref = 1;
                for (Item.Option o : f.options()) {
                    if (o.name().text().equals("ref") && o.number() != null) {
                        ref = refCount(o);
                    } else {
                        diags.error(o.span(), "unknown frame option " + o + ": a frame takes only ref N (its references at the start)");
                    }
                }
                if (unique(f.name())) {
                    frameIndex.put(f.name().text(), frames.size());
                    frames.add(f);
                    frameRefs.add(ref);
                }
            } else if (item instanceof Item.Device d) {
                device(d);
            }
        }
        checkOverlaps();
        derivePageTableLocks();
        for (Item.Lock l : script.all(Item.Lock.class)) {
            if (unique(l.name())) {
                lockIndex.put(l.name().text(), locks.size());
                locks.add(new Program.Lock(l.name().text(), l.sleeping(), false));
            }
        }
        for (Item.Thread th : script.all(Item.Thread.class)) {
            thread(th);
        }
        subscribers.addAll(Subscribers.check(script.all(Item.Subscriber.class).stream().filter(s -> unique(s.name())).toList(), this, diags));
        pageFrameNames();
        for (PageDecl pg : pages) {
            for (Name n : pg.cpuTlbs()) {
                Integer t = threadIndex.get(n.text());
                if (t == null || threads.get(t).item().device()) {
                    diags.error(n.span(), (t == null ? "unknown thread " + n : n + " is a device thread")
                            + ": tlb(...) names the CPU threads whose TLB holds " + pg.name() + " at the start"
                            + " (plain tlb puts it in every device's TLB)");
                }
            }
        }
    }

    /** How many references an option {@code ref N} gives; 1 when it is out of range (reported). */
    private int refCount(Item.Option o) {
        if (o.number() < 1 || o.number() > MAX_REF) {
            diags.error(o.span(), "ref is between 1 and " + MAX_REF + ", not " + o.number());
            return 1;
        }
        return (int) (long) o.number();
    }

    /**
     * Scripts name the frame a page starts on as traces print it: fA for page A. A declaration
     * that takes such a name would make traces ambiguous, so it is refused.
     */
    private void pageFrameNames() {
        for (int i = 0; i < pages.size(); i++) {
            PageDecl pg = pages.get(i);
            if (!pg.mapped() || pg.zero()) {
                continue;
            }
            String name = "f" + pg.name();
            Span clash = globalNames.get(name);
            if (clash != null) {
                diags.error(clash, name + " names the frame page " + pg.name() + " starts on (" + pg.span().where()
                        + "): choose another name");
            } else {
                pageFrameIndex.put(name, i);
            }
        }
    }

    private final Map<String, Span> globalNames = new LinkedHashMap<>();

    private boolean unique(Name n) {
        Span prev = globalNames.putIfAbsent(n.text(), n.span());
        if (prev != null) {
            diags.error(n.span(), n + " is already declared at " + prev.where());
            return false;
        }
        return true;
    }

    private void page(Item.Page pg) {
        boolean huge = false;
        boolean mapped = true;
        boolean writable = true;
        boolean dirty = false;
        boolean tlb = false;
        boolean cow = false;
        boolean zero = false;
        int ref = 0;
        List<Name> cpuTlbs = List.of();
        for (Item.Option opt : pg.options()) {
            Name o = opt.name();
            if (opt.number() != null || opt.names() != null) {
                if (o.text().equals("ref") && opt.number() != null) {
                    ref = refCount(opt);
                } else if (o.text().equals("tlb") && opt.names() != null) {
                    cpuTlbs = opt.names();
                } else {
                    diags.error(opt.span(), "unknown page option " + opt + ": the options with arguments are ref N"
                            + " (the frame's references at the start) and tlb(CPU-THREAD, ...)");
                }
                continue;
            }
            switch (o.text()) {
                case "rw" -> writable = true;
                case "ro" -> writable = false;
                case "cow" -> {
                    writable = false;
                    cow = true;
                }
                case "huge" -> huge = true;
                case "unmapped" -> mapped = false;
                case "dirty" -> dirty = true;
                case "tlb" -> tlb = true;
                case "zero" -> {
                    zero = true;
                    writable = false;
                }
                default -> diags.error(o.span(), "unknown page option " + o + ": use " + String.join(", ", PAGE_OPTIONS.stream().sorted().toList()));
            }
        }
        if (ref > 0 && (!mapped || zero)) {
            diags.error(pg.span(), "ref N is the references of the frame the page starts on: " + (zero
                    ? "the zero page's frame is shared and never freed" : "an unmapped page has none"));
        }
        if (!mapped && !cpuTlbs.isEmpty()) {
            diags.error(pg.span(), "an unmapped page cannot be in a TLB at the start");
        }
        if (pg.address() < 0 || pg.address() > TOP_USER_PAGE || pg.address() + (huge ? 2L << 20 : 4096L) > TOP_USER_PAGE + 4096) {
            diags.error(pg.span(), "page " + pg.name() + " at 0x" + Long.toHexString(pg.address())
                    + " is outside the 47-bit user address space: the last page is at 0x" + Long.toHexString(TOP_USER_PAGE));
        }
        long align = huge ? 2L << 20 : 4096L;
        if (pg.address() % align != 0) {
            diags.error(pg.span(), "page " + pg.name() + " at 0x" + Long.toHexString(pg.address()) + " is not aligned to "
                    + (huge ? "2 MiB (a huge page)" : "4 KiB"));
        }
        long v = pg.value() == null ? 0 : pg.value();
        if (v < Integer.MIN_VALUE / 2 || v > Integer.MAX_VALUE / 2) {
            diags.error(pg.span(), "page content " + v + " is out of range: contents are between " + (Integer.MIN_VALUE / 2)
                    + " and " + (Integer.MAX_VALUE / 2));
        }
        if (zero && (!mapped || cow || pg.value() != null && pg.value() != 0)) {
            diags.error(pg.span(), "a zero page maps the shared zero frame: no unmapped, cow or content");
        }
        zeroFrame |= zero;
        if (!mapped && tlb) {
            diags.error(pg.span(), "an unmapped page cannot be in a TLB at the start");
        }
        if (!unique(pg.name())) {
            return;
        }
        if (pages.size() == Program.MAX_PAGES) {
            diags.error(pg.span(), "too many pages: at most " + Program.MAX_PAGES);
            return;
        }
        pageIndex.put(pg.name().text(), pages.size());
        pages.add(new PageDecl(pg.name().text(), pg.address(), huge, mapped, writable, dirty, tlb, cow, (int) v, pg.span(), zero,
                ref, cpuTlbs));
    }

    private void checkOverlaps() {
        for (int i = 0; i < pages.size(); i++) {
            for (int j = 0; j < i; j++) {
                PageDecl a = pages.get(i);
                PageDecl b = pages.get(j);
                if (a.address() < b.end() && b.address() < a.end()) {
                    diags.error(a.span(), "page " + a.name() + " overlaps page " + b.name() + " (" + b.span().where() + ")");
                }
            }
        }
    }

    /** Split page table locks: one per page-table page (2 MiB of ptes), one per PMD page (1 GiB). */
    private void derivePageTableLocks() {
        pagePtl = new int[pages.size()];
        pagePmdLock = new int[pages.size()];
        Map<Long, Integer> pteTables = new LinkedHashMap<>();
        Map<Long, Integer> pmdTables = new LinkedHashMap<>();
        for (int i = 0; i < pages.size(); i++) {
            PageDecl pg = pages.get(i);
            Integer pmd = pmdTables.get(pg.address() >>> 30);
            if (pmd == null) {
                pmd = locks.size();
                pmdTables.put(pg.address() >>> 30, pmd);
                locks.add(new Program.Lock("pmd_lock(" + pg.name() + ")", false, true));
            }
            pagePmdLock[i] = pmd;
            if (pg.huge()) {
                pagePtl[i] = pmd;
                continue;
            }
            Integer pte = pteTables.get(pg.address() >>> 21);
            if (pte == null) {
                pte = locks.size();
                pteTables.put(pg.address() >>> 21, pte);
                locks.add(new Program.Lock("ptl(" + pg.name() + ")", false, true));
            }
            pagePtl[i] = pte;
        }
    }

    private void device(Item.Device d) {
        String kind = d.kind().text();
        if (!DEVICE_KINDS.contains(kind)) {
            diags.error(d.kind().span(), "unknown device kind " + kind + ": use ats (walks the CPU page table), ats_start_end (the same, told"
                    + " only by invalidate_range_start/end, as before 3.19), mirror"
                    + " (an mmu_interval_notifier driver) or kvm (KVM's invalidate_range_start/end)");
            return;
        }
        if (unique(d.name())) {
            deviceIndex.put(d.name().text(), devices.size());
            String name = d.name().text();
            // the locks its notifier callbacks take: HMM drivers' "user lock" is a mutex; KVM's
            // mmu_lock and each gfn->pfn cache's lock are spinning (rw)locks
            int lock = switch (kind) {
                case "mirror" -> deviceLock("driver_lock(" + name + ")", true);
                case "kvm" -> deviceLock("mmu_lock(" + name + ")", false);
                default -> -1;
            };
            int lock2 = kind.equals("kvm") ? deviceLock("gpc_lock(" + name + ")", false) : -1;
            devices.add(new Program.Device(name, kind, d.span(), lock, lock2));
        }
    }

    private int deviceLock(String name, boolean sleeping) {
        locks.add(new Program.Lock(name, sleeping, false));
        return locks.size() - 1;
    }

    private void thread(Item.Thread th) {
        Integer prev = threadIndex.get(th.name().text());
        if (prev != null) {
            diags.error(th.name().span(), "thread " + th.name() + " is already declared at "
                    + threads.get(prev).item().span().where());
            return;
        }
        int dev = -1;
        if (th.device()) {
            if (th.on() != null) {
                Integer d = deviceIndex.get(th.on().text());
                if (d == null) {
                    diags.error(th.on().span(), "unknown device " + th.on() + (deviceIndex.isEmpty()
                            ? ": declare it with 'device " + th.on() + " ats'" : ": declared devices are " + deviceIndex.keySet()));
                } else {
                    dev = d;
                }
            } else if (devices.size() == 1) {
                dev = 0;
            } else if (devices.isEmpty()) {
                dev = 0;
                deviceIndex.put("iommu", 0);
                devices.add(new Program.Device("iommu", "ats", th.span()));
            } else {
                diags.error(th.name().span(), "device thread " + th.name() + " needs 'on DEVICE': declared devices are "
                        + deviceIndex.keySet());
            }
        }
        if (threads.size() == 64) {
            diags.error(th.span(), "too many threads: at most 64");
            return;
        }
        threadIndex.put(th.name().text(), threads.size());
        threads.add(new ThreadDecl(th, threads.size(), dev));
    }
}
