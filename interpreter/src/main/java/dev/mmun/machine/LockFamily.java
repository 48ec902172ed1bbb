package dev.mmun.machine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The lock family: taking and releasing the declared spinlocks and mutexes, the page-table locks
 * (the pte level's ptl and the pmd lock) and the devices' locks. Everything a lock instruction
 * means is here: how a call lowers to it, what it does to the state, what it reads and writes, how
 * it is written back as source, and the lines that document it. A lock's slot holds its holder
 * (thread index + 1) or 0.
 */
public final class LockFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("lock", List.of("lock", "spin_lock", "mutex_lock"), "lock(L)", false,
                    "takes L (a spinlock or mutex, ptl(P), a device's lock); waits while another thread holds it"),
            new Primitive("unlock", List.of("unlock", "spin_unlock", "mutex_unlock"), "unlock(L)", false,
                    "releases L (UNLOCK_NOT_HELD when the thread does not hold it)"),
            new Primitive("lock_ptl", List.of("pte_offset_map_lock"), "pte_offset_map_lock(P)", false, "the same as `lock(ptl(P))`"),
            new Primitive("unlock_ptl", List.of("pte_unmap_unlock"), "pte_unmap_unlock(P)", false, "the same as `unlock(ptl(P))`"),
            new Primitive("lock_pmd", List.of("pmd_lock"), "pmd_lock(P)", false, "takes the lock of P's pmd"),
            new Primitive("unlock_pmd", List.of("pmd_unlock"), "pmd_unlock(P)", false, "releases the lock of P's pmd"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.LOCK, Op.UNLOCK);

    private final Program p;
    private final Describe names;
    private final KernelRules rules;

    LockFamily(Program p, Describe names, KernelRules rules) {
        this.p = p;
        this.names = names;
        this.rules = rules;
    }

    // ---- lowering ----

    /** Lowers a call of one of the family's primitives, canon being its canonical name. */
    public static void lower(String canon, CallSite c) {
        boolean take = canon.startsWith("lock");
        if (!c.arity(1)) {
            return;
        }
        if (canon.equals("lock") || canon.equals("unlock")) {
            int l = c.lock(0);
            if (l == CallSite.NOT_A_LOCK) {
                c.error(0, c.name() + "() takes a lock: a declared spinlock or mutex, or ptl(PAGE)");
            } else if (l >= 0) {
                // b: why the context cannot sleep (a callback's), for SLEEP_IN_ATOMIC on a mutex
                c.emit(take ? Op.LOCK : Op.UNLOCK, l, take ? c.sleepContext() : 0);
            }
            return;
        }
        int page = c.page(0);
        if (page >= 0) {
            c.emit(take ? Op.LOCK : Op.UNLOCK, c.pageTableLock(page, canon.endsWith("pmd")), 0);
        }
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        if (in.op() == Op.LOCK) {
            return lock(n, t, in, out);
        }
        unlock(n, t, in, out);
        rules.unlocked(n, t, in.a(), out);
        return true;
    }

    @Override
    public boolean blocked(int[] s, int t, Instr in) {
        return blocked(s, in);
    }

    /** A lock waits while someone holds it (a thread that takes a lock it holds waits for ever). */
    boolean blocked(int[] s, Instr in) {
        return in.op() == Op.LOCK && s[p.lock(in.a())] != 0;
    }

    boolean lock(int[] n, int t, Instr in, StepOut out) {
        int l = in.a();
        if (n[p.lock(l)] != 0) {
            return false;
        }
        if (p.locks().get(l).sleeping() && in.b() != SubscriberFamily.CAN_SLEEP) {
            out.violation(new Violation(Rule.SLEEP_IN_ATOMIC, t, in.span(), p.threads().get(t).name()
                    + " takes the sleeping lock " + names.lock(l) + " in " + SubscriberFamily.context(in.b()), -1, -1));
        } else if (p.locks().get(l).sleeping() && holdsSpinlock(n, t)) {
            out.violation(new Violation(Rule.SLEEP_IN_ATOMIC, t, in.span(), p.threads().get(t).name()
                    + " takes the sleeping lock " + names.lock(l) + " while holding " + heldSpinlock(n, t), -1, -1));
        }
        out.set(n, p.lock(l), t + 1);
        if (out.changes) {
            out.change(Change.Kind.LOCK, -1, -1, -1, "lock " + names.lock(l));
        }
        return true;
    }

    void unlock(int[] n, int t, Instr in, StepOut out) {
        int l = in.a();
        if (n[p.lock(l)] != t + 1) {
            out.violation(new Violation(Rule.UNLOCK_NOT_HELD, t, in.span(), p.threads().get(t).name()
                    + " releases " + names.lock(l) + (n[p.lock(l)] == 0 ? ", which nobody holds"
                    : ", which " + names.thread(n[p.lock(l)] - 1) + " holds"), -1, -1));
            return;
        }
        out.set(n, p.lock(l), 0);
        if (out.changes) {
            out.change(Change.Kind.UNLOCK, -1, -1, -1, "unlock " + names.lock(l));
        }
    }

    /**
     * Whether thread t holds a spinlock (for SLEEP_IN_ATOMIC). Only t takes or drops a lock as
     * its own, so this reads nothing another thread can change: no footprint declares it.
     */
    boolean holdsSpinlock(int[] n, int t) {
        for (int l = 0; l < p.locks().size(); l++) {
            if (n[p.lock(l)] == t + 1 && !p.locks().get(l).sleeping()) {
                return true;
            }
        }
        return false;
    }

    String heldSpinlock(int[] n, int t) {
        for (int l = 0; l < p.locks().size(); l++) {
            if (n[p.lock(l)] == t + 1 && !p.locks().get(l).sleeping()) {
                return names.lock(l);
            }
        }
        return "?";
    }

    @Override
    public String waitReason(int[] s, int t, Instr in, String at) {
        return in.op() == Op.LOCK ? waitReason(s, in, at) : null;
    }

    /** Why a thread whose next instruction is in (a LOCK) waits. */
    String waitReason(int[] s, Instr in, String at) {
        int h = s[p.lock(in.a())];
        return "waits for " + names.lock(in.a()) + (h == 0 ? "" : ", held by " + names.thread(h - 1)) + " " + at;
    }

    // ---- footprint ----

    /** Both instructions read and write the lock's holder (the same in every state). */
    public static void footprint(Instr in, Footprint fp) {
        fp.lock(in.a(), true, true);
    }

    // ---- source ----

    /** The statement that lowers to in: lock(L)/unlock(L), pmd_lock(P)/pmd_unlock(P) for a pmd lock. */
    public static String source(Program p, Instr in) {
        boolean take = in.op() == Op.LOCK;
        Program.Lock lock = p.locks().get(in.a());
        String name = lock.name();
        if (lock.pageTable() && name.startsWith("pmd_lock(")) {
            return (take ? "pmd_lock" : "pmd_unlock") + name.substring("pmd_lock".length());
        }
        return (take ? "lock(" : "unlock(") + name + ")";
    }
}
