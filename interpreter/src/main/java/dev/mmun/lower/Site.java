package dev.mmun.lower;

import dev.mmun.ast.Expr;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import dev.mmun.machine.CallSite;
import dev.mmun.machine.Era;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Val;

/**
 * A primitive's call as the instruction families see it: its arguments resolved in the caller's
 * scope, errors reported at the argument, the instruction appended to the thread's code with the
 * statement's text.
 */
final class Site implements CallSite {
    private final Lowering low;
    private final Calls calls;
    private final Declarations decls;
    private final Diagnostics diags;
    private final Expr.Call c;
    private final Env env;
    /** the local the call's value goes to, or -1 */
    private final int dst;
    private final String text;
    /** the whole statement (the assignment or try around the call) */
    private final Span statement;
    private final boolean attempt;

    Site(Lowering low, Calls calls, Declarations decls, Diagnostics diags, Expr.Call c, Env env, int dst, String text,
            Span statement, boolean attempt) {
        this.low = low;
        this.calls = calls;
        this.decls = decls;
        this.diags = diags;
        this.c = c;
        this.env = env;
        this.dst = dst;
        this.text = text;
        this.statement = statement;
        this.attempt = attempt;
    }

    @Override
    public String name() {
        return c.function().text();
    }

    @Override
    public boolean arity(int n) {
        return calls.arity(c, n);
    }

    @Override
    public int lock(int i) {
        Res res = low.argument(c.args().get(i), env, true);
        return res instanceof Res.Lock l ? l.index() : res instanceof Res.Bad ? -1 : NOT_A_LOCK;
    }

    @Override
    public int page(int i) {
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Page p) {
            return p.index();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), c.function() + "() takes a page here");
        }
        return -1;
    }

    @Override
    public int range(int i) {
        Integer r = calls.rangeArg(c, env, i);
        return r == null ? -1 : r;
    }

    @Override
    public Era era() {
        return decls.era;
    }

    @Override
    public int args() {
        return c.args().size();
    }

    @Override
    public int deviceOrNull(int i) {
        if (c.args().get(i) instanceof Expr.Ref r && (r.name().text().equals("NULL") || r.name().text().equals("null"))) {
            return 0;
        }
        int d = device(i);
        return d < 0 ? -1 : d + 1;
    }

    @Override
    public int device(int i) {
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Device d) {
            return d.index();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), c.function() + "() takes a device here");
        }
        return -1;
    }

    @Override
    public boolean intervalDevice(int d) {
        return decls.devices.get(d).intervalMirror();
    }

    @Override
    public int sleepContext() {
        return low.callbacks().sleepContext();
    }

    @Override
    public int pageTableLock(int page, boolean pmd) {
        return pmd ? decls.pagePmdLock[page] : decls.pagePtl[page];
    }

    @Override
    public void emit(Op op, int a, int b) {
        env.thread().emit(op, dst, a, b, null, null, c.span(), text);
    }

    @Override
    public Val value(int i) {
        return low.value(c.args().get(i), env);
    }

    @Override
    public Val frame(int i) {
        return calls.frameArg(c.args().get(i), env);
    }

    @Override
    public int deviceArg(int i) {
        Res r = low.argument(c.args().get(i), env, true);
        return r instanceof Res.Device d ? d.index() : r instanceof Res.Bad ? -1 : NOT_A_DEVICE;
    }

    @Override
    public Program.Device deviceDecl(int d) {
        return decls.devices.get(d);
    }

    @Override
    public Val valueArg(int i, String what) {
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Value v) {
            return v.val();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), what);
        }
        return null;
    }

    @Override
    public Val protOrValue(int i) {
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Prot p) {
            return new Val.Const(p.writable() ? 1 : 0);
        }
        if (r instanceof Res.Value v) {
            return v.val();
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), "the protection is rw, ro, or a local from pte_write()");
        }
        return null;
    }

    @Override
    public void emit(Op op, int a, int b, Val v, Val w) {
        env.thread().emit(op, dst, a, b, v, w, c.span(), text);
    }

    @Override
    public boolean device() {
        return env.thread().device;
    }

    @Override
    public String arch() {
        return decls.arch;
    }

    @Override
    public boolean reachable() {
        return low.reachable();
    }

    @Override
    public boolean attempt() {
        return attempt;
    }

    @Override
    public void emitStatement(Op op, int a, int b, Val v) {
        env.thread().emit(op, dst, a, b, v, null, statement, text);
    }

    @Override
    public void error(int i, String message) {
        diags.error(i < 0 ? c.function().span() : c.args().get(i).span(), message);
    }

    @Override
    public int kernelVersion() {
        return decls.kernelVersion;
    }

    @Override
    public boolean hugePage(int page) {
        return decls.pages.get(page).huge();
    }

    @Override
    public String pageName(int page) {
        return decls.pages.get(page).name();
    }

    @Override
    public int prot(int i) {
        Res r = low.argument(c.args().get(i), env, true);
        if (r instanceof Res.Prot p) {
            return p.writable() ? 1 : 0;
        }
        if (!(r instanceof Res.Bad)) {
            diags.error(c.args().get(i).span(), "the protection is rw or ro");
        }
        return -1;
    }

    @Override
    public void usesGather() {
        env.thread().usesGather = true;
    }
}
