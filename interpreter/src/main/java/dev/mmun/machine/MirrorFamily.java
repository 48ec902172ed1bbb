package dev.mmun.machine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The driver side of the software mirrors, by their kernel names: the mmu_interval_notifier read
 * side (include/linux/mmu_notifier.h), KVM's sequence and retry checks (include/linux/kvm_host.h,
 * virt/kvm/pfncache.c, with the names before the 6.3 rename as other spellings), KVM's memslots
 * and srcu, and the two steps a driver takes on its own device page table. Everything they mean is
 * here: lowering, effect (on the bookkeeping {@link MirrorEffects} keeps, which the notifier calls'
 * callbacks change), footprint, source form and the lines that document them. a is the device;
 * MIRROR_QUERY's b is the query ({@link MirrorEffects#Q_SEQ} ...), the others' b a page or a kind.
 */
public final class MirrorFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("read_begin", List.of("mmu_interval_read_begin"), "seq = mmu_interval_read_begin(M)", true,
                    "mirror: the subscription's seq; waits while an invalidation of the interval runs"),
            new Primitive("read_retry", List.of("mmu_interval_read_retry", "mmu_interval_check_retry"), "r = mmu_interval_read_retry(M, seq)", true,
                    "mirror: 1 when an invalidation collided with `seq`"),
            new Primitive("seq", List.of("mmu_invalidate_seq", "mmu_notifier_seq"), "s = mmu_invalidate_seq(K)", true,
                    "kvm: `kvm->mmu_invalidate_seq`"),
            new Primitive("in_progress", List.of("mmu_invalidate_in_progress", "mmu_notifier_count"), "n = mmu_invalidate_in_progress(K)", true,
                    "kvm: `kvm->mmu_invalidate_in_progress`"),
            new Primitive("active", List.of("mn_active_invalidate_count"), "n = mn_active_invalidate_count(K)", true,
                    "kvm: starts not yet ended"),
            new Primitive("retry", List.of("mmu_invalidate_retry", "mmu_notifier_retry"), "r = mmu_invalidate_retry(K, seq)", true,
                    "kvm: 1 when an invalidation is in progress or the seq moved"),
            new Primitive("retry_gfn", List.of("mmu_invalidate_retry_gfn", "mmu_invalidate_retry_hva", "mmu_notifier_retry_hva"),
                    "r = mmu_invalidate_retry_gfn(K, seq, P)", true, "kvm: the same, for an invalidation covering P"),
            new Primitive("retry_cache", List.of("mmu_notifier_retry_cache"), "r = mmu_notifier_retry_cache(K, seq)", true,
                    "kvm: the gfn->pfn cache's check: any start not yet ended, or the seq moved"),
            new Primitive("has_memslot", List.of("gfn_to_memslot"), "s = gfn_to_memslot(K, P)", true,
                    "kvm: 1 when P's gfn has a memslot (all pages have one at first)"),
            new Primitive("wait", List.of("wait_invalidate_end"), "wait_invalidate_end(D)", false,
                    "mirror or kvm: waits until no invalidation of the mm runs (stands for a retry loop)"),
            new Primitive("map", List.of("mirror_map"), "mirror_map(D, P, F, rw)", false,
                    "mirror or kvm: the driver installs P -> F in the device's page table, `rw`, `ro` or writable as a local from"
                    + " `pte_write()` says"),
            new Primitive("unmap", List.of("mirror_unmap"), "mirror_unmap(D, P)", false, "mirror or kvm: the driver removes P"),
            new Primitive("memslot", List.of("memslot_assign"), "memslot_assign(K, P, on)", false,
                    "kvm: publishes memslots with P (on = 1) or without it (0), waiting for nothing (a deletion zaps P's entries"
                    + " under `mmu_lock`)"),
            new Primitive("srcu_lock", List.of("srcu_read_lock"), "srcu_read_lock(K)", false,
                    "kvm: a reader of `kvm->srcu` (faults read memslots under it)"),
            new Primitive("srcu_unlock", List.of("srcu_read_unlock"), "srcu_read_unlock(K)", false, "kvm: the reader leaves"),
            new Primitive("srcu_sync", List.of("synchronize_srcu"), "synchronize_srcu(K)", false,
                    "kvm: waits until no reader of `kvm->srcu` is left (the memslot update)"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.MIRROR_BEGIN, Op.MIRROR_QUERY, Op.MIRROR_MAP, Op.MIRROR_UNMAP, Op.MIRROR_WAIT,
            Op.KVM_MEMSLOT, Op.KVM_SRCU);

    /** The queries by MIRROR_QUERY's b, as their kernel names. */
    private static final String[] QUERIES = {"mmu_invalidate_seq", "mmu_invalidate_in_progress",
        "mn_active_invalidate_count", "mmu_interval_read_retry", "mmu_invalidate_retry", "mmu_invalidate_retry_gfn",
        "mmu_notifier_retry_cache", "gfn_to_memslot"};

    private final Program p;
    private final Describe names;
    private final MirrorEffects mirrors;

    MirrorFamily(Program p, Describe names, MirrorEffects mirrors) {
        this.p = p;
        this.names = names;
        this.mirrors = mirrors;
    }

    // ---- lowering ----

    public static void lower(String canon, CallSite c) {
        int arity = switch (canon) {
            case "read_begin", "seq", "in_progress", "active", "wait", "srcu_lock", "srcu_unlock", "srcu_sync" -> 1;
            case "read_retry", "retry", "retry_cache", "unmap", "has_memslot" -> 2;
            case "retry_gfn", "memslot" -> 3;
            default -> 4;
        };
        if (!c.arity(arity)) {
            return;
        }
        String kind = switch (canon) {
            case "read_begin", "read_retry" -> "mirror";
            case "wait", "map", "unmap" -> null;
            default -> "kvm";
        };
        int d = device(c, kind);
        if (d < 0) {
            return;
        }
        switch (canon) {
            case "read_begin" -> c.emit(Op.MIRROR_BEGIN, d, 0);
            case "seq" -> c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_SEQ);
            case "in_progress" -> c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_IN_PROGRESS);
            case "active" -> c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_ACTIVE);
            case "read_retry" -> c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_INTERVAL_RETRY, c.value(1), null);
            case "retry" -> c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_KVM_RETRY, c.value(1), null);
            case "retry_cache" -> c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_RETRY_CACHE, c.value(1), null);
            case "retry_gfn" -> {
                int page = c.page(2);
                if (page >= 0) {
                    c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_KVM_RETRY_GFN, c.value(1), new Val.Const(page));
                }
            }
            case "has_memslot" -> {
                int page = c.page(1);
                if (page >= 0) {
                    c.emit(Op.MIRROR_QUERY, d, MirrorEffects.Q_MEMSLOT, null, new Val.Const(page));
                }
            }
            case "wait" -> c.emit(Op.MIRROR_WAIT, d, 0);
            case "srcu_lock" -> c.emit(Op.KVM_SRCU, d, 1);
            case "srcu_unlock" -> c.emit(Op.KVM_SRCU, d, -1);
            case "srcu_sync" -> c.emit(Op.KVM_SRCU, d, 0);
            case "unmap" -> {
                int page = c.page(1);
                if (page >= 0) {
                    c.emit(Op.MIRROR_UNMAP, d, page);
                }
            }
            case "memslot" -> {
                int page = c.page(1);
                Val on = c.valueArg(2, "1 (the page gets a memslot) or 0 (it loses it)");
                if (page >= 0 && on != null) {
                    c.emit(Op.KVM_MEMSLOT, d, page, on, null);
                }
            }
            default -> {
                int page = c.page(1);
                Val frame = c.valueArg(2, "a frame is needed here: a local from vm_normal_page(), or a declared frame");
                Val prot = c.protOrValue(3);
                if (page >= 0 && frame != null && prot != null) {
                    c.emit(Op.MIRROR_MAP, d, page, frame, prot);
                }
            }
        }
    }

    /** The device argument, of the kind the primitive needs (null: any software mirror); -1 after an error. */
    private static int device(CallSite c, String kind) {
        int d = c.deviceArg(0);
        if (d == CallSite.NOT_A_DEVICE) {
            c.error(0, c.name() + "() takes a " + (kind == null ? "mirror or kvm" : kind) + " device here");
            return -1;
        }
        if (d < 0) {
            return -1;
        }
        Program.Device dev = c.deviceDecl(d);
        boolean ok = kind == null ? !dev.walksPageTable() : dev.kind().equals(kind);
        if (!ok) {
            c.error(0, c.name() + "() works on a " + (kind == null ? "mirror or kvm" : kind) + " device, but "
                    + dev.name() + " is " + (dev.walksPageTable() ? "an ats device: it walks the CPU page table and has no driver"
                    + " page table to fill" : "a " + dev.kind() + " device"));
            return -1;
        }
        return d;
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        int lb = p.localBase(t);
        int d = in.a();
        switch (in.op()) {
            case MIRROR_BEGIN -> {
                int seq = n[p.mirrorSeq(d)];
                if (seq == n[p.itreeSeq()]) {
                    return false;
                }
                out.set(n, lb + in.dst(), seq);
                mirrors.result(in, -1, seq, out);
            }
            case MIRROR_QUERY -> {
                int v = mirrors.query(n, d, in.b(), in.v() == null ? 0 : in.v().eval(n, lb), in.w() == null ? -1 : in.w().eval(n, lb));
                out.set(n, lb + in.dst(), v);
                mirrors.result(in, in.b(), v, out);
            }
            case MIRROR_MAP -> mirrors.rules().map(n, t, in, d, in.b(), in.v().eval(n, lb), in.w().eval(n, lb) != 0, out);
            case MIRROR_UNMAP -> {
                int slot = p.devTlb(d, in.b());
                if (out.changes && n[slot] != 0) {
                    out.change(Change.Kind.NOTIFY, in.b(), Pte.frame(n[slot]), d, names.device(d) + ": unmaps "
                            + names.page(in.b()) + " -> " + names.tlb(n[slot]));
                }
                out.set(n, slot, 0);
            }
            case MIRROR_WAIT -> {
                return mirrors.active(n, d) <= 0;
            }
            case KVM_SRCU -> {
                // b: 1 srcu_read_lock, -1 srcu_read_unlock, 0 synchronize_srcu (waits for no reader)
                if (in.b() == 0) {
                    return n[p.kvmSrcu(d)] <= 0;
                }
                out.set(n, p.kvmSrcu(d), n[p.kvmSrcu(d)] + (in.b()));
            }
            default -> {
                boolean add = in.v().eval(n, lb) != 0;
                if (!add && n[p.lock(p.devices().get(d).lock())] != 0) {
                    return false;
                }
                mirrors.memslot(n, d, in.b(), add, out);
            }
        }
        return true;
    }

    @Override
    public String waitReason(int[] n, int t, Instr in, String at) {
        return switch (in.op()) {
            case MIRROR_BEGIN -> "waits in mmu_interval_read_begin(" + names.device(in.a()) + "): an invalidation of its interval is running (seq "
                    + n[p.itreeSeq()] + ") " + at;
            case MIRROR_WAIT -> "waits for the running invalidations of " + names.device(in.a()) + "'s mm to end " + at;
            case KVM_SRCU -> "waits in synchronize_srcu() for " + n[p.kvmSrcu(in.a())] + " reader(s) of "
                    + names.device(in.a()) + "'s srcu " + at;
            case KVM_MEMSLOT -> {
                int l = p.devices().get(in.a()).lock();
                yield "waits for " + names.lock(l) + (n[p.lock(l)] == 0 ? "" : ", held by " + names.thread(n[p.lock(l)] - 1))
                        + ", to zap the deleted memslot's sptes " + at;
            }
            default -> null;
        };
    }

    // ---- source ----

    /** The statement that lowers to in. */
    public static String source(Program p, Instr in, Families.Operands o) {
        String dev = p.devices().get(in.a()).name();
        String page = in.b() >= 0 && in.b() < p.pages().size() ? p.pages().get(in.b()).name() : "?";
        String dst = o.dst();
        return switch (in.op()) {
            case MIRROR_BEGIN -> dst + " = mmu_interval_read_begin(" + dev + ")";
            case MIRROR_QUERY -> {
                String args = switch (in.b()) {
                    case MirrorEffects.Q_INTERVAL_RETRY, MirrorEffects.Q_KVM_RETRY, MirrorEffects.Q_RETRY_CACHE -> ", " + o.value(in.v());
                    case MirrorEffects.Q_KVM_RETRY_GFN -> ", " + o.value(in.v()) + ", " + queryPage(p, in.w());
                    case MirrorEffects.Q_MEMSLOT -> ", " + queryPage(p, in.w());
                    default -> "";
                };
                yield dst + " = " + QUERIES[in.b()] + "(" + dev + args + ")";
            }
            case MIRROR_MAP -> "mirror_map(" + dev + ", " + page + ", " + o.frame(in.v()) + ", " + o.value(in.w()) + ")";
            case MIRROR_UNMAP -> "mirror_unmap(" + dev + ", " + page + ")";
            case MIRROR_WAIT -> "wait_invalidate_end(" + dev + ")";
            case KVM_MEMSLOT -> "memslot_assign(" + dev + ", " + page + ", " + o.value(in.v()) + ")";
            default -> (in.b() > 0 ? "srcu_read_lock(" : in.b() < 0 ? "srcu_read_unlock(" : "synchronize_srcu(") + dev + ")";
        };
    }

    private static String queryPage(Program p, Val v) {
        return v instanceof Val.Const c && c.value() >= 0 && c.value() < p.pages().size() ? p.pages().get(c.value()).name() : "?";
    }
}
