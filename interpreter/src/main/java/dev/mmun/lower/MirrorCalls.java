package dev.mmun.lower;

import dev.mmun.ast.Expr;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.machine.Program;
import java.util.Set;

/**
 * The software mirrors' locks as lock arguments: lock(driver_lock(gpu)), lock(mmu_lock(vm)). The
 * driver side's primitives are a family of their own ({@code machine/MirrorFamily}).
 */
final class MirrorCalls {
    /** Device-lock functions usable wherever a lock is: lock(driver_lock(gpu)). */
    static final Set<String> LOCK_FUNCTIONS = Set.of("driver_lock", "mmu_lock", "gpc_lock");

    private final Lowering low;
    private final Declarations decls;
    private final Diagnostics diags;

    MirrorCalls(Lowering low, Declarations decls, Diagnostics diags) {
        this.low = low;
        this.decls = decls;
        this.diags = diags;
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
