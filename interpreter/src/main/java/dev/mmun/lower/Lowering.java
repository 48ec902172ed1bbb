package dev.mmun.lower;

import dev.mmun.ast.Block;
import dev.mmun.ast.Expr;
import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Stmt;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import dev.mmun.machine.Era;
import dev.mmun.machine.Op;
import dev.mmun.machine.Val;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers statements to per-thread code: procedures are inlined with their arguments bound in the
 * caller's scope, loops are unrolled, names resolve to pages, frames, locks and locals.
 */
final class Lowering {
    private final Declarations decls;
    private final Diagnostics diags;
    private final Calls calls;
    private final Callbacks callbacks;
    /** How many branches known false at lowering enclose the statement being lowered. */
    private int unreachable;
    private final Deque<String> callStack = new ArrayDeque<>();

    Lowering(Declarations decls, Diagnostics diags, Ranges ranges) {
        this.decls = decls;
        this.diags = diags;
        this.calls = new Calls(this, decls, diags, ranges);
        this.callbacks = new Callbacks(this, decls, diags, ranges);
    }

    Diagnostics diags() {
        return diags;
    }

    Calls calls() {
        return calls;
    }

    Callbacks callbacks() {
        return callbacks;
    }

    void block(Block b, Env env) {
        for (Stmt s : b.stmts()) {
            stmt(s, env);
        }
    }

    void stmts(List<Stmt> stmts, Env env) {
        for (Stmt s : stmts) {
            stmt(s, env);
        }
    }

    void stmt(Stmt s, Env env) {
        ThreadCode tc = env.thread();
        if (!tc.overflowed && !tc.spend()) {
            tc.overflowed = true;
            diags.error(s.span(), "lowering this thread visits more than " + ThreadCode.MAX_WORK
                    + " statements after inlining and unrolling (nested repeat counts multiply: lower them)");
        }
        if (!tc.overflowed && tc.interrupted()) {
            // Ctrl-C (mmun run's thread interrupted) during a long lowering: stop it, the file is not run
            tc.overflowed = true;
            diags.error(s.span(), "interrupted (Ctrl-C) while lowering this thread");
        }
        if (tc.full() || tc.overflowed) {
            if (!tc.overflowed) {
                tc.overflowed = true;
                diags.error(s.span(), "the thread's code is larger than " + ThreadCode.MAX_INSTRUCTIONS
                        + " instructions after inlining and unrolling (lower a repeat count or a while bound)");
            }
            return;
        }
        if (s instanceof Stmt.Assign a) {
            assign(a, env);
        } else if (s instanceof Stmt.Try t) {
            calls.attempt(t, env);
        } else if (s instanceof Stmt.CallStmt c) {
            call(c.call(), env, -1, c.span());
        } else if (s instanceof Stmt.Atomic a) {
            // the whole block is the step's statement in traces and the timeline table
            tc.emit(Op.ATOMIC_BEGIN, -1, 0, 0, null, null, a.span(), dev.mmun.syntax.ScriptWriter.oneLine(a));
            block(a.body(), env);
            tc.emit(Op.ATOMIC_END, -1, 0, 0, null, null, a.span(), "atomic");
        } else if (s instanceof Stmt.If i) {
            ifStmt(i, env);
        } else if (s instanceof Stmt.While w) {
            whileStmt(w, env);
        } else if (s instanceof Stmt.Repeat r) {
            // once the file has errors it will not run: a second round would only repeat the first's
            // messages, and under nested repeats that is exponential work
            for (int k = 0; k < r.count() && !tc.overflowed && (k == 0 || !diags.hasErrors()); k++) {
                if (!tc.spend()) {
                    tc.overflowed = true;
                    diags.error(r.span(), "lowering this thread visits more than " + ThreadCode.MAX_WORK
                            + " statements after inlining and unrolling (nested repeat counts multiply: lower them)");
                }
                block(r.body(), env);
            }
        } else if (s instanceof Stmt.Assert a) {
            Val v = value(a.condition(), env);
            tc.emit(Op.ASSERT, -1, 0, 0, v, null, a.span(), a.text());
        } else if (s instanceof Stmt.Labelled l) {
            block(l.body(), env);
        } else if (s instanceof Stmt.Return r) {
            callbacks.returnStmt(r, env);
        }
    }

    private void assign(Stmt.Assign a, Env env) {
        Integer target = targetSlot(a.target(), env);
        if (target == null) {
            return;
        }
        int slot = target;
        if (a.value() instanceof Expr.Call c && !c.function().text().equals("ptl") && !CONSTANT_CALLS.contains(c.function().text())) {
            call(c, env, slot, a.span());
            return;
        }
        Val v = value(a.value(), env);
        env.thread().emit(Op.ASSIGN, slot, 0, 0, v, null, a.span(), a.target() + " = " + text(a.value()));
    }

    /**
     * The slot an assignment writes: a local of the scope, or, for a parameter whose argument is a
     * plain name of the caller, the caller's local (an out-parameter: {@code write_protect_page(P,
     * page, orig)} sets the caller's orig). Null, with an error, when the target cannot be assigned.
     */
    Integer targetSlot(Name target, Env env) {
        Env.Binding b = env.params().get(target.text());
        if (b != null) {
            if (b.arg() instanceof Expr.Ref r && (b.env().params().containsKey(r.name().text()) || !isGlobal(r.name().text()))) {
                return targetSlot(new Name(r.name().text(), target.span()), b.env());
            }
            diags.error(target.span(), "cannot assign to the parameter " + target + ": its argument ("
                    + text(b.arg()) + ") is not a local of the caller");
            return null;
        }
        if (isGlobal(target.text())) {
            diags.error(target.span(), target + " is declared as a page, frame, lock or device; a local needs another name");
            return null;
        }
        return env.local(target.text());
    }

    private boolean isGlobal(String name) {
        return decls.pageIndex.containsKey(name) || decls.frameIndex.containsKey(name) || decls.pageFrameIndex.containsKey(name)
                || decls.lockIndex.containsKey(name) || decls.deviceIndex.containsKey(name);
    }

    private void ifStmt(Stmt.If i, Env env) {
        ThreadCode tc = env.thread();
        Val cond = value(i.condition(), env);
        int branch = tc.emit(Op.BRANCH_FALSE, -1, -1, 0, cond, null, i.span(), "if");
        if (falseAtLowering(cond)) {
            unreachableBlock(i.then(), env);
        } else {
            block(i.then(), env);
        }
        if (i.elseBranch() == null) {
            tc.patchTarget(branch, tc.pc());
            return;
        }
        int jump = tc.emit(Op.JUMP, -1, -1, 0, null, null, i.span(), "else");
        tc.patchTarget(branch, tc.pc());
        if (i.elseBranch() instanceof Block b) {
            block(b, env);
        } else if (i.elseBranch() instanceof Stmt.If nested) {
            ifStmt(nested, env);
        }
        tc.patchTarget(jump, tc.pc());
    }

    /**
     * A branch that is false at lowering (should_defer_flush() on an arch that cannot batch) is
     * never taken. It is still checked as C checks dead code (unknown names, arguments), but its
     * code is dropped and calls that only one arch or era offers are not errors there: the kernel
     * has an empty stub for them that is never reached ({@link #reachable()}).
     */
    private void unreachableBlock(Block b, Env env) {
        ThreadCode tc = env.thread();
        int pc = tc.pc();
        int invStarts = tc.invStarts;
        int allocs = tc.allocs;
        boolean usesGather = tc.usesGather;
        unreachable++;
        try {
            block(b, env);
        } finally {
            unreachable--;
        }
        tc.code.subList(pc, tc.code.size()).clear();
        tc.invStarts = invStarts;
        tc.allocs = allocs;
        tc.usesGather = usesGather;
    }

    /** Whether the statement being lowered can run: false inside a branch known false at lowering. */
    boolean reachable() {
        return unreachable == 0;
    }

    /** Calls whose value is known at lowering: they are values, not steps. */
    static final java.util.Set<String> CONSTANT_CALLS = java.util.Set.of("same_ptl", "should_defer_flush");

    /** 0, or a conjunction with a side that is 0 (the values of constant calls such as should_defer_flush()). */
    static boolean falseAtLowering(Val v) {
        if (v instanceof Val.Const k) {
            return k.value() == 0;
        }
        return v instanceof Val.Bin b && b.op().equals("&&") && (falseAtLowering(b.left()) || falseAtLowering(b.right()));
    }

    private void whileStmt(Stmt.While w, Env env) {
        ThreadCode tc = env.thread();
        int[] exits = new int[Math.min(w.max(), ThreadCode.MAX_INSTRUCTIONS + 1)];
        int rounds = 0;
        while (rounds < exits.length && !tc.overflowed && (rounds == 0 || !diags.hasErrors())) {
            if (tc.full()) {
                tc.overflowed = true;
                diags.error(w.span(), "the thread's code is larger than " + ThreadCode.MAX_INSTRUCTIONS
                        + " instructions after inlining and unrolling (lower a repeat count or a while bound)");
                break;
            }
            exits[rounds++] = tc.emit(Op.BRANCH_FALSE, -1, -1, 0, value(w.condition(), env), null, w.span(), "while");
            block(w.body(), env);
        }
        tc.emit(Op.LOOP_BOUND, -1, 0, w.max(), value(w.condition(), env), null, w.span(), "while");
        for (int k = 0; k < rounds; k++) {
            tc.patchTarget(exits[k], tc.pc());
        }
    }

    /** A call as a statement (dst -1) or as the value of an assignment (dst: the local's slot). */
    void call(Expr.Call c, Env env, int dst, Span span) {
        String fn = c.function().text();
        Item.Proc proc = decls.procs.get(fn);
        if (proc != null && !Calls.isPrimitive(fn)) {
            if (dst >= 0) {
                diags.error(c.span(), "procedure " + fn + " returns no value");
                return;
            }
            inline(proc, c, env);
            return;
        }
        if (proc == null && !Calls.isPrimitive(fn) && decls.procVariants.containsKey(fn)) {
            diags.error(c.function().span(), fn + " has no body for era " + decls.era.version() + ": it is defined for "
                    + String.join(", ", decls.procVariants.get(fn).stream()
                            .map(v -> "era " + v.era() + " (" + v.span().where() + ")").toList()));
            return;
        }
        int from = env.thread().pc();
        calls.primitive(c, env, dst, span);
        callbacks.afterCall(from, env, c);
    }

    private void inline(Item.Proc proc, Expr.Call c, Env env) {
        String fn = proc.name().text();
        if (callStack.contains(fn)) {
            diags.error(c.span(), "recursive call to " + fn + " (procedures are inlined, so they cannot recurse): "
                    + chain() + " -> " + fn);
            return;
        }
        if (c.args().size() != proc.params().size()) {
            diags.error(c.span(), fn + " takes " + proc.params().size() + " argument" + (proc.params().size() == 1 ? "" : "s")
                    + " (" + String.join(", ", proc.params().stream().map(Name::text).toList()) + "), not " + c.args().size());
            return;
        }
        Map<String, Env.Binding> params = new HashMap<>();
        for (int i = 0; i < c.args().size(); i++) {
            params.put(proc.params().get(i).text(), new Env.Binding(c.args().get(i), env));
        }
        Env inner = new Env(env.thread(), fn + "#" + env.thread().newProcInstance() + ".", params, env);
        callStack.push(fn);
        block(proc.body(), inner);
        callStack.pop();
    }

    private String chain() {
        List<String> frames = new java.util.ArrayList<>(callStack);
        java.util.Collections.reverse(frames);
        return String.join(" -> ", frames);
    }

    /** How an argument reads at the call, with parameters replaced by what they are bound to. */
    String display(Expr e, Env env) {
        if (callbacks.rangeOf(e) instanceof Res.Range r) {
            return r.text();                                // a callback's range parameter
        }
        if (e instanceof Expr.Ref r && env.params().containsKey(r.name().text())) {
            Env.Binding b = env.params().get(r.name().text());
            return display(b.arg(), b.env());
        }
        if (e instanceof Expr.Range r) {
            return display(r.from(), env) + ".." + display(r.to(), env);
        }
        if (e instanceof Expr.Call c) {
            return c.function().text() + "(" + String.join(", ", c.args().stream().map(a -> display(a, env)).toList()) + ")";
        }
        return text(e);
    }

    // ---- names and values ----

    /** Resolves a name in a scope: parameters first, then locals, then declarations. */
    Res resolve(Name n, Env env, boolean report) {
        Env.Binding b = env.params().get(n.text());
        if (b != null) {
            return argument(b.arg(), b.env(), report);
        }
        Integer slot = env.existingLocal(n.text());
        if (slot != null) {
            return new Res.Value(new Val.Local(slot), false);
        }
        if (n.text().equals("fault")) {
            return new Res.Value(new Val.Local(0), false);      // the thread's, set by every try, in procedures too
        }
        Integer i = decls.pageIndex.get(n.text());
        if (i != null) {
            return new Res.Page(i);
        }
        i = decls.frameIndex.get(n.text());
        if (i != null) {
            return new Res.Value(new Val.Const(Frontend.declaredFrame(decls, i) + 1), true);
        }
        i = decls.pageFrameIndex.get(n.text());
        if (i != null) {
            return new Res.Value(new Val.Const(Frontend.pageFrame(decls, i) + 1), true);
        }
        i = decls.lockIndex.get(n.text());
        if (i != null) {
            return new Res.Lock(i);
        }
        i = decls.deviceIndex.get(n.text());
        if (i != null) {
            return new Res.Device(i);
        }
        for (dev.mmun.check.Declarations.SubscriberDecl s : decls.subscribers) {
            if (s.name().equals(n.text())) {
                return new Res.Device(s.device());          // an interval stands for its device's subscription
            }
        }
        int event = Callbacks.EVENTS.indexOf(n.text());
        if (event >= 0) {
            return new Res.Value(new Val.Const(event), false);
        }
        if (n.text().equals("EAGAIN")) {
            return new Res.Value(new Val.Const(11), false);
        }
        switch (n.text()) {
            case "rw", "writable", "RW" -> {
                return new Res.Prot(true);
            }
            case "ro", "readonly", "RO" -> {
                return new Res.Prot(false);
            }
            case "NULL", "null" -> {
                return new Res.Value(new Val.Const(0), true);
            }
            case "ZERO_PAGE", "zero_page" -> {
                decls.zeroFrame = true;
                return new Res.Value(new Val.Const(Frontend.zeroFrame(decls) + 1), true);
            }
            default -> { }
        }
        if (report) {
            diags.error(n.span(), "unknown name " + n + hyphenHint(n.text(), env));
        }
        return new Res.Bad();
    }

    private String hyphenHint(String name, Env env) {
        if (!name.contains("-")) {
            return "";
        }
        String first = name.substring(0, name.indexOf('-'));
        return resolve(new Name(first, null), env, false) instanceof Res.Bad ? ""
                : " (names may contain '-': to subtract, write spaces around it)";
    }

    /** An argument expression: a name, a range, ptl(P), or a value. */
    Res argument(Expr e, Env env, boolean report) {
        Res range = callbacks.rangeOf(e);
        if (range != null) {
            return range;
        }
        if (e instanceof Expr.Ref r) {
            return resolve(r.name(), env, report);
        }
        if (e instanceof Expr.Range r) {
            return calls.range(r, env);
        }
        if (e instanceof Expr.Call c && (c.function().text().equals("ptl") || c.function().text().equals("pmd_lockptr"))) {
            return calls.ptlOf(c, env);
        }
        if (e instanceof Expr.Call c && MirrorCalls.LOCK_FUNCTIONS.contains(c.function().text())) {
            return calls.deviceLock(c, env);
        }
        Val v = value(e, env);
        return v == null ? new Res.Bad() : new Res.Value(v, false);
    }

    /** A division or remainder by a constant 0 is an error where it is written (a computed 0 fails at its step). */
    static void zeroDivisor(Expr.Binary b, Diagnostics diags) {
        if ((b.op().equals("/") || b.op().equals("%")) && b.right() instanceof Expr.Int i && i.value() == 0) {
            diags.error(b.span(), (b.op().equals("/") ? "division" : "remainder") + " by zero");
        }
    }

    /** A pure value over locals. Calls and pages are not values: they need a step of their own. */
    Val value(Expr e, Env env) {
        if (e instanceof Expr.Int i) {
            if (i.value() > Integer.MAX_VALUE / 2 || i.value() < Integer.MIN_VALUE / 2) {
                diags.error(i.span(), "number out of range: " + i.value() + " (values are between " + (Integer.MIN_VALUE / 2)
                        + " and " + (Integer.MAX_VALUE / 2) + "; an address in a range can go up to 0x"
                        + Long.toHexString(Declarations.TOP_USER_PAGE + 4096) + ")");
            }
            return new Val.Const((int) i.value());
        } else if (e instanceof Expr.Bool b) {
            return new Val.Const(b.value() ? 1 : 0);
        } else if (e instanceof Expr.Ref r) {
            Res res = resolve(r.name(), env, true);
            if (res instanceof Res.Value v) {
                return v.val();
            }
            if (res instanceof Res.Device d && callbacks.current() != null) {
                return new Val.Const(d.index() + 1);                // r.owner == gpu
            }
            if (!(res instanceof Res.Bad)) {
                diags.error(r.span(), r.name() + " is not a value here" + (res instanceof Res.Page
                        ? ": read the page into a local first (x = read(" + r.name() + "))" : ""));
            }
            return new Val.Const(0);
        } else if (e instanceof Expr.Field f) {
            return callbacks.field(f, env);
        } else if (e instanceof Expr.Unary u) {
            Val v = value(u.operand(), env);
            return u.op().equals("-") ? new Val.Neg(v) : new Val.Not(v);
        } else if (e instanceof Expr.Binary b) {
            zeroDivisor(b, diags);
            return new Val.Bin(b.op(), value(b.left(), env), value(b.right(), env));
        } else if (e instanceof Expr.Call c && c.function().text().equals("same_ptl")) {
            return samePtl(c, env);
        } else if (e instanceof Expr.Call c && c.function().text().equals("should_defer_flush")) {
            return shouldDeferFlush(c);
        } else if (e instanceof Expr.Call c) {
            diags.error(c.span(), c.function() + "(...) cannot be part of an expression: it is a step; assign it to a local first (x = "
                    + c.function() + "(...))");
        } else if (e instanceof Expr.Range r) {
            diags.error(r.span(), "a range is only an argument of a call");
        } else if (e instanceof Expr.ThreadReg t) {
            diags.error(t.span(), "THREAD:register is only for final conditions (exists, forall)");
        }
        return new Val.Const(0);
    }

    /**
     * same_ptl(A, B): 1 when pages A and B share one page-table lock (the same 2 MiB region with
     * split ptls), constant at lowering. move_ptes() takes new_ptl only when new_ptl != old_ptl:
     * taking it again would deadlock the thread on itself.
     */
    private Val samePtl(Expr.Call c, Env env) {
        if (!calls.arity(c, 2)) {
            return new Val.Const(0);
        }
        Integer a = calls.pageArg(c, env, 0, 2);
        Integer b = calls.pageArg(c, env, 1, 2);
        if (a == null || b == null) {
            return new Val.Const(0);
        }
        return new Val.Const(decls.pagePtl[a] == decls.pagePtl[b] ? 1 : 0);
    }

    /**
     * should_defer_flush(): 1 when the arch can batch the unmap TLB flush
     * (CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH: x86 always, arm64 from 6.5), constant at lowering.
     * Without it the kernel's should_defer_flush() is "return false". With it the kernel also asks
     * whether another CPU may cache the mm; the model takes that as always true (the worst case for
     * the secondary TLBs, and the path reclaim takes on a busy machine).
     */
    private Val shouldDeferFlush(Expr.Call c) {
        if (!calls.arity(c, 0)) {
            return new Val.Const(0);
        }
        boolean batches = !decls.arch.equals("arm64") || decls.kernelVersion >= Era.number("6.5");
        return new Val.Const(batches ? 1 : 0);
    }

    static String text(Expr e) {
        if (e instanceof Expr.Int i) {
            return Long.toString(i.value());
        } else if (e instanceof Expr.Bool b) {
            return Boolean.toString(b.value());
        } else if (e instanceof Expr.Ref r) {
            return r.name().text();
        } else if (e instanceof Expr.Unary u) {
            return u.op() + text(u.operand());
        } else if (e instanceof Expr.Binary b) {
            return text(b.left()) + " " + b.op() + " " + text(b.right());
        } else if (e instanceof Expr.Range r) {
            return text(r.from()) + ".." + text(r.to());
        } else if (e instanceof Expr.Call c) {
            return c.function().text() + "(" + String.join(", ", c.args().stream().map(Lowering::text).toList()) + ")";
        } else if (e instanceof Expr.ThreadReg t) {
            return t.thread() + ":" + t.reg();
        } else if (e instanceof Expr.Field f) {
            return f.target() + "." + f.field();
        }
        return "?";
    }
}
