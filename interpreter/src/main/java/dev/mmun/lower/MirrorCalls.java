package dev.mmun.lower;

import dev.mmun.ast.Expr;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Val;
import java.util.Map;
import java.util.Set;

/**
 * The primitives of software mirrors, by their kernel names: the mmu_interval_notifier read side
 * (include/linux/mmu_notifier.h), KVM's sequence and retry checks (include/linux/kvm_host.h,
 * virt/kvm/pfncache.c, with the names before the 6.3 rename as aliases), and the two steps a
 * driver takes on its own device page table. Each lowers to one machine instruction.
 */
final class MirrorCalls {
    /** Device-lock functions usable wherever a lock is: lock(driver_lock(gpu)). */
    static final Set<String> LOCK_FUNCTIONS = Set.of("driver_lock", "mmu_lock", "gpc_lock");

    private record Sig(String canon, String kind, boolean valued) {}

    private static final Map<String, Sig> NAMES = Map.ofEntries(
            Map.entry("mmu_interval_read_begin", new Sig("read_begin", "mirror", true)),
            Map.entry("mmu_interval_read_retry", new Sig("read_retry", "mirror", true)),
            Map.entry("mmu_interval_check_retry", new Sig("read_retry", "mirror", true)),
            Map.entry("mmu_invalidate_seq", new Sig("seq", "kvm", true)),
            Map.entry("mmu_notifier_seq", new Sig("seq", "kvm", true)),
            Map.entry("mmu_invalidate_in_progress", new Sig("in_progress", "kvm", true)),
            Map.entry("mmu_notifier_count", new Sig("in_progress", "kvm", true)),
            Map.entry("mn_active_invalidate_count", new Sig("active", "kvm", true)),
            Map.entry("mmu_invalidate_retry", new Sig("retry", "kvm", true)),
            Map.entry("mmu_notifier_retry", new Sig("retry", "kvm", true)),
            Map.entry("mmu_invalidate_retry_gfn", new Sig("retry_gfn", "kvm", true)),
            Map.entry("mmu_invalidate_retry_hva", new Sig("retry_gfn", "kvm", true)),
            Map.entry("mmu_notifier_retry_hva", new Sig("retry_gfn", "kvm", true)),
            Map.entry("mmu_notifier_retry_cache", new Sig("retry_cache", "kvm", true)),
            Map.entry("wait_invalidate_end", new Sig("wait", null, false)),
            Map.entry("mirror_map", new Sig("map", null, false)),
            Map.entry("mirror_unmap", new Sig("unmap", null, false)),
            Map.entry("memslot_assign", new Sig("memslot", "kvm", false)),
            Map.entry("gfn_to_memslot", new Sig("has_memslot", "kvm", true)),
            Map.entry("srcu_read_lock", new Sig("srcu_lock", "kvm", false)),
            Map.entry("srcu_read_unlock", new Sig("srcu_unlock", "kvm", false)),
            Map.entry("synchronize_srcu", new Sig("srcu_sync", "kvm", false)));

    private final Lowering low;
    private final Declarations decls;
    private final Diagnostics diags;

    MirrorCalls(Lowering low, Declarations decls, Diagnostics diags) {
        this.low = low;
        this.decls = decls;
        this.diags = diags;
    }

    static boolean handles(String name) {
        return NAMES.containsKey(name);
    }

    static Set<String> names() {
        return NAMES.keySet();
    }

    void primitive(Expr.Call c, Env env, int dst, Span span, String text) {
        String name = c.function().text();
        Sig sig = NAMES.get(name);
        if (sig.valued && dst < 0) {
            diags.error(c.span(), name + "() gives a value: assign it to a local (x = " + name + "(...))");
            return;
        }
        if (!sig.valued && dst >= 0) {
            diags.error(c.span(), name + "() gives no value");
            return;
        }
        if (env.thread().device) {
            diags.error(c.span(), "a device thread only reads and writes memory; " + name + "() is driver code and runs on a CPU thread");
            return;
        }
        int arity = switch (sig.canon) {
            case "read_begin", "seq", "in_progress", "active", "wait", "srcu_lock", "srcu_unlock", "srcu_sync" -> 1;
            case "read_retry", "retry", "retry_cache", "unmap", "has_memslot" -> 2;
            case "retry_gfn", "memslot" -> 3;
            default -> 4;
        };
        if (c.args().size() != arity) {
            diags.error(c.span(), name + "() takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", not " + c.args().size());
            return;
        }
        Integer d = device(c, env, sig.kind);
        if (d == null) {
            return;
        }
        ThreadCode tc = env.thread();
        switch (sig.canon) {
            case "read_begin" -> tc.emit(Op.MIRROR_BEGIN, dst, d, 0, null, null, c.span(), text);
            case "seq" -> query(tc, dst, d, 0, null, null, c, text);
            case "in_progress" -> query(tc, dst, d, 1, null, null, c, text);
            case "active" -> query(tc, dst, d, 2, null, null, c, text);
            case "read_retry" -> query(tc, dst, d, 3, low.value(c.args().get(1), env), null, c, text);
            case "retry" -> query(tc, dst, d, 4, low.value(c.args().get(1), env), null, c, text);
            case "retry_gfn" -> {
                Integer page = page(c.args().get(2), env, name);
                if (page != null) {
                    query(tc, dst, d, 5, low.value(c.args().get(1), env), new Val.Const(page), c, text);
                }
            }
            case "retry_cache" -> query(tc, dst, d, 6, low.value(c.args().get(1), env), null, c, text);
            case "has_memslot" -> {
                Integer page = page(c.args().get(1), env, name);
                if (page != null) {
                    query(tc, dst, d, 7, null, new Val.Const(page), c, text);
                }
            }
            case "wait" -> tc.emit(Op.MIRROR_WAIT, -1, d, 0, null, null, c.span(), text);
            case "srcu_lock" -> tc.emit(Op.KVM_SRCU, -1, d, 1, null, null, c.span(), text);
            case "srcu_unlock" -> tc.emit(Op.KVM_SRCU, -1, d, -1, null, null, c.span(), text);
            case "srcu_sync" -> tc.emit(Op.KVM_SRCU, -1, d, 0, null, null, c.span(), text);
            case "unmap" -> {
                Integer page = page(c.args().get(1), env, name);
                if (page != null) {
                    tc.emit(Op.MIRROR_UNMAP, -1, d, page, null, null, c.span(), text);
                }
            }
            case "memslot" -> {
                Integer page = page(c.args().get(1), env, name);
                Val on = value(c.args().get(2), env, "1 (the page gets a memslot) or 0 (it loses it)");
                if (page != null && on != null) {
                    tc.emit(Op.KVM_MEMSLOT, -1, d, page, on, null, c.span(), text);
                }
            }
            case "map" -> {
                Integer page = page(c.args().get(1), env, name);
                Val frame = value(c.args().get(2), env, "a frame is needed here: a local from vm_normal_page(), or a declared frame");
                Val prot = prot(c.args().get(3), env);
                if (page != null && frame != null && prot != null) {
                    tc.emit(Op.MIRROR_MAP, -1, d, page, frame, prot, c.span(), text);
                }
            }
            default -> throw new IllegalStateException("mirror primitive " + sig.canon);
        }
    }

    private void query(ThreadCode tc, int dst, int d, int kind, Val v, Val w, Expr.Call c, String text) {
        tc.emit(Op.MIRROR_QUERY, dst, d, kind, v, w, c.span(), text);
    }

    /** The device argument, of the kind the primitive needs (null: any software mirror). */
    private Integer device(Expr.Call c, Env env, String kind) {
        Expr arg = c.args().get(0);
        Res r = low.argument(arg, env, true);
        if (r instanceof Res.Bad) {
            return null;
        }
        if (!(r instanceof Res.Device dv)) {
            diags.error(arg.span(), c.function() + "() takes a " + (kind == null ? "mirror or kvm" : kind) + " device here");
            return null;
        }
        Program.Device dev = decls.devices.get(dv.index());
        boolean ok = kind == null ? !dev.walksPageTable() : dev.kind().equals(kind);
        if (!ok) {
            diags.error(arg.span(), c.function() + "() works on a " + (kind == null ? "mirror or kvm" : kind) + " device, but "
                    + dev.name() + " is " + (dev.walksPageTable() ? "an ats device: it walks the CPU page table and has no driver"
                    + " page table to fill" : "a " + dev.kind() + " device"));
            return null;
        }
        return dv.index();
    }

    private Integer page(Expr e, Env env, String name) {
        Res r = low.argument(e, env, true);
        if (r instanceof Res.Page p) {
            return p.index();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(e.span(), name + "() takes a page here");
        }
        return null;
    }

    private Val value(Expr e, Env env, String what) {
        Res r = low.argument(e, env, true);
        if (r instanceof Res.Value v) {
            return v.val();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(e.span(), what);
        }
        return null;
    }

    /** rw or ro, or a local holding 1 or 0 (pte_write()). */
    private Val prot(Expr e, Env env) {
        Res r = low.argument(e, env, true);
        if (r instanceof Res.Prot p) {
            return new Val.Const(p.writable() ? 1 : 0);
        }
        if (r instanceof Res.Value v) {
            return v.val();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(e.span(), "the protection is rw, ro, or a local from pte_write()");
        }
        return null;
    }

    /** driver_lock(M), mmu_lock(K), gpc_lock(K): the device's callback locks as lock arguments. */
    Res lockOf(Expr.Call c, Env env) {
        String fn = c.function().text();
        if (c.args().size() != 1) {
            diags.error(c.span(), fn + "() takes 1 argument, not " + c.args().size());
            return new Res.Bad();
        }
        Res r = low.argument(c.args().get(0), env, true);
        if (r instanceof Res.Bad) {
            return r;
        }
        if (r instanceof Res.Device dv) {
            Program.Device dev = decls.devices.get(dv.index());
            int l = switch (fn) {
                case "driver_lock" -> dev.intervalMirror() ? dev.lock() : -1;
                case "mmu_lock" -> dev.kvm() ? dev.lock() : -1;
                default -> dev.kvm() ? dev.lock2() : -1;
            };
            if (l >= 0) {
                return new Res.Lock(l);
            }
            diags.error(c.args().get(0).span(), fn + "() is the lock of a " + (fn.equals("driver_lock") ? "mirror" : "kvm")
                    + " device, but " + dev.name() + " is a" + (dev.kind().equals("ats") ? "n " : " ") + dev.kind() + " device");
            return new Res.Bad();
        }
        diags.error(c.args().get(0).span(), fn + "() takes a device");
        return new Res.Bad();
    }
}
