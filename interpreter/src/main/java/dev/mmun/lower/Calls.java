package dev.mmun.lower;

import dev.mmun.ast.Expr;
import dev.mmun.ast.Stmt;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import dev.mmun.machine.Families;
import dev.mmun.machine.Val;
import java.util.List;
import java.util.TreeSet;

/**
 * The kernel primitives: each name (kernel name or short name) is a primitive of an instruction
 * family ({@link Families}), which lowers it; here the checks every call shares (a value assigned
 * or not, a device thread) and the arguments' resolution.
 */
final class Calls {
    private final Lowering low;
    private final Declarations decls;
    private final Diagnostics diags;
    private final Ranges ranges;
    private final MirrorCalls mirrors;

    Calls(Lowering low, Declarations decls, Diagnostics diags, Ranges ranges) {
        this.low = low;
        this.decls = decls;
        this.diags = diags;
        this.ranges = ranges;
        this.mirrors = new MirrorCalls(low, decls, diags);
    }

    static boolean isPrimitive(String name) {
        return Families.byName(name) != null;
    }

    /** Every primitive name, for completion and help. */
    static List<String> names() {
        TreeSet<String> all = new TreeSet<>(Families.names());
        return List.copyOf(all);
    }

    void attempt(Stmt.Try t, Env env) {
        Families.Entry family = Families.byName(t.call().function().text());
        if (family == null || !family.primitive().access()) {
            diags.error(t.call().span(), "try goes with a memory access (read or write), not " + t.call().function());
            return;
        }
        boolean valued = family.primitive().valued();
        if (valued && t.target() == null) {
            diags.error(t.span(), "a read needs a local for its value: try r = read(...)");
            return;
        }
        if (!valued && t.target() != null) {
            diags.error(t.span(), "a write has no value to assign");
            return;
        }
        Integer dst = t.target() == null ? Integer.valueOf(-1) : low.targetSlot(t.target(), env);
        if (dst == null) {
            return;
        }
        String text = "try " + (dst >= 0 ? displayLocal(env, dst) + " = " : "") + low.display(t.call(), env);
        family.lower(new Site(low, this, decls, diags, t.call(), env, dst, text, t.span(), true));
    }

    void primitive(Expr.Call c, Env env, int dst, Span span) {
        String name = c.function().text();
        Families.Entry family = Families.byName(name);
        String canon = family != null ? family.primitive().canonical() : null;
        if (canon == null) {
            diags.error(c.function().span(), "unknown procedure or kernel primitive " + name);
            return;
        }
        ThreadCode tc = env.thread();
        boolean valued = family.primitive().valued();
        // __tlb_remove_page() says whether the batch is full; a caller may leave that unused
        if (valued && dst < 0 && !canon.equals("remove_page_nested")) {
            diags.error(c.span(), name + "() gives a value: assign it to a local (x = " + name + "(...))");
            return;
        }
        if (!valued && dst >= 0 && !canon.equals("start_nonblock") && !dev.mmun.machine.PteStoreFamily.givesOldPte(canon)) {
            diags.error(c.span(), name + "() gives no value");
            return;
        }
        if (tc.device && !family.primitive().access()) {
            diags.error(c.span(), "a device thread only reads and writes memory; " + name + "() runs on a CPU thread");
            return;
        }
        String text = (dst >= 0 ? displayLocal(env, dst) + " = " : "") + low.display(c, env);
        if (dst >= 0 && pteBitOfValue(c, env, canon, dst, text)) {
            return;
        }
        family.lower(new Site(low, this, decls, diags, c, env, dst, text, span, false));
    }

    /**
     * pte_dirty(pteval), pte_write(pteval), pte_present(pteval), pte_none(pteval) of an entry a
     * local holds (a clear's old entry, ptep_get()'s): the bit of the value, no machine step.
     * False when the argument is not such a local (a page: the family reads the pte).
     */
    private boolean pteBitOfValue(Expr.Call c, Env env, String canon, int dst, String text) {
        int bit = switch (canon) {
            case "pte_present" -> dev.mmun.machine.Pte.PRESENT;
            case "pte_write" -> dev.mmun.machine.Pte.WRITE;
            case "pte_dirty" -> dev.mmun.machine.Pte.DIRTY;
            case "pte_none" -> 0;
            default -> -1;
        };
        if (bit < 0 || c.args().size() != 1 || !(c.args().get(0) instanceof Expr.Ref ref)
                || !(low.argument(ref, env, false) instanceof Res.Value rv) || !(rv.val() instanceof Val.Local)) {
            return false;
        }
        Val v = bit == 0 ? new Val.Bin("==", rv.val(), new Val.Const(0))
                : new Val.Bin("%", new Val.Bin("/", rv.val(), new Val.Const(bit)), new Val.Const(2));
        env.thread().emit(dev.mmun.machine.Op.ASSIGN, dst, 0, 0, v, null, c.span(), text);
        return true;
    }

    private String displayLocal(Env env, int slot) {
        String k = env.thread().localName(slot);
        return k == null ? "?" : k.substring(k.lastIndexOf('.') + 1);
    }

    boolean arity(Expr.Call c, int n) {
        if (c.args().size() != n) {
            diags.error(c.span(), c.function() + "() takes " + n + " argument" + (n == 1 ? "" : "s") + ", not " + c.args().size());
            return false;
        }
        return true;
    }

    Integer pageArg(Expr.Call c, Env env, int i, int arity) {
        if (!arity(c, arity)) {
            return null;
        }
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Page p) {
            return p.index();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), c.function() + "() takes a page here");
        }
        return null;
    }

    Val frameArg(Expr e, Env env) {
        Res r = low.argument(e, env, true);
        if (r instanceof Res.Value v) {
            return v.val();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(e.span(), "a frame is needed here: a local from alloc_page() or vm_normal_page(), or a declared frame");
        }
        return new Val.Const(0);
    }

    /** Argument i of c as a range index; null after an error. */
    Integer rangeArg(Expr.Call c, Env env, int i) {
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Page p) {
            Declarations.PageDecl pg = decls.pages.get(p.index());
            return ranges.of(pg.address(), pg.end(), pg.name());
        }
        if (r instanceof Res.Range rr) {
            return ranges.of(rr.start(), rr.end(), rr.text());
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), c.function() + "() takes a range: a page, or PAGE..PAGE");
        }
        return null;
    }

    /** {@code A..C}: from A's first byte to C's last; or two addresses. */
    Res range(Expr.Range r, Env env) {
        if (r.from() instanceof Expr.Int x && r.to() instanceof Expr.Int y) {
            // addresses: not values, so they may go up to the top of the user address space
            long top = Declarations.TOP_USER_PAGE + 4096;
            if (x.value() < 0 || y.value() > top) {
                diags.error(r.span(), "a range is within the 47-bit user address space, 0x0..0x" + Long.toHexString(top));
                return new Res.Bad();
            }
            if (y.value() < x.value()) {
                diags.error(r.span(), "the range ends before it starts");
                return new Res.Bad();
            }
            return new Res.Range(x.value(), y.value(), "0x" + Long.toHexString(x.value()) + "..0x" + Long.toHexString(y.value()));
        }
        Res a = low.argument(r.from(), env, true);
        Res b = low.argument(r.to(), env, true);
        if (a instanceof Res.Page pa && b instanceof Res.Page pb) {
            Declarations.PageDecl x = decls.pages.get(pa.index());
            Declarations.PageDecl y = decls.pages.get(pb.index());
            if (y.end() <= x.address()) {
                diags.error(r.span(), "the range ends before it starts");
                return new Res.Bad();
            }
            return new Res.Range(x.address(), y.end(), x.name() + ".." + y.name());
        }
        if (r.from() instanceof Expr.Int x && r.to() instanceof Expr.Int y && y.value() >= x.value()) {
            return new Res.Range(x.value(), y.value(), "0x" + Long.toHexString(x.value()) + "..0x" + Long.toHexString(y.value()));
        }
        if (!(a instanceof Res.Bad) && !(b instanceof Res.Bad)) {
            diags.error(r.span(), "a range is PAGE..PAGE or ADDRESS..ADDRESS");
        }
        return new Res.Bad();
    }

    Res deviceLock(Expr.Call c, Env env) {
        return mirrors.lockOf(c, env);
    }

    Res ptlOf(Expr.Call c, Env env) {
        Integer page = pageArg(c, env, 0, 1);
        return page == null ? new Res.Bad() : new Res.Lock(decls.pagePtl[page]);
    }
}
