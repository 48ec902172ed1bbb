package dev.mmun.lower;

import dev.mmun.ast.Expr;
import dev.mmun.ast.Item;
import dev.mmun.ast.Stmt;
import dev.mmun.check.Declarations;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import dev.mmun.machine.Calls;
import dev.mmun.machine.Era;
import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.SubscriberFamily;
import dev.mmun.machine.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The script's subscribers' callbacks, inlined at each call of the notifier as steps of the
 * calling thread: after every instruction that calls the subscribers (a start, an end, the era's
 * secondary-TLB notify wherever it happens, release), in the kernel's order, each callback behind
 * the core's look-up of the subscription (SUB_CALL). A callback's range parameter is the
 * invalidation's range; whether it may sleep is known here, from the call.
 */
final class Callbacks {
    /** The callback being lowered (callbacks do not nest: a notifier call inside one is an error). */
    record Ctx(Declarations.SubscriberDecl sub, Item.Callback cb, int kind, long start, long end, String text,
               Expr.Range rangeExpr, int event, int owner, boolean blockable, int sleep, int retSlot, List<Integer> exits,
               boolean library) {}

    /** The second argument of a start or end, as the kernel's enum mmu_notifier_event. */
    static final List<String> EVENTS = dev.mmun.machine.NotifierFamily.EVENTS;
    static final int CLEAR = 1;
    static final int RELEASE_EVENT = 5;
    /** The kernel version from which a failed non-blocking start ends the other notifiers (5.12). */
    static final int PAIRED_END_VERSION = 512;
    /** A range the machine only knows at run time: the whole address space, as x86's batched flush passes it. */
    static final long WHOLE_END = -1L;

    /** The address a library callback's range parameter is lowered with: no page has it, the machine passes the range. */
    static final long LIBRARY_RANGE = -2L;

    /** A range as the callbacks see it: start, end (end -1 is ULONG_MAX) and how it is written. */
    record R(long start, long end, String text) {}

    private final Lowering low;
    private final Declarations decls;
    private final Diagnostics diags;
    private final Ranges ranges;
    private Ctx current;

    Callbacks(Lowering low, Declarations decls, Diagnostics diags, Ranges ranges) {
        this.low = low;
        this.decls = decls;
        this.diags = diags;
        this.ranges = ranges;
    }

    Ctx current() {
        return current;
    }

    /** How the thread may sleep where it is now: in a callback, as its context says. */
    int sleepContext() {
        return current == null ? SubscriberFamily.CAN_SLEEP : current.sleep();
    }

    /**
     * Lowers every callback once on its own, so that a body's errors are reported even when no
     * call in the script reaches it (each call site lowers it again; the same error is not
     * reported twice).
     */
    void checkBodies() {
        for (Declarations.SubscriberDecl s : decls.subscribers) {
            for (Item.Callback cb : s.callbacks().values()) {
                ThreadCode scratch = new ThreadCode(0, false);
                R r = s.interval() ? new R(s.start(), s.end(), "[" + s.start() + ", " + s.end() + ")") : new R(0, WHOLE_END, "0..~0");
                int kind = switch (cb.name().text()) {
                    case "invalidate_range_start" -> SubscriberFamily.START;
                    case "invalidate_range_end" -> SubscriberFamily.END;
                    case "release" -> SubscriberFamily.RELEASE;
                    case "invalidate" -> SubscriberFamily.INTERVAL;
                    default -> SubscriberFamily.SECONDARY_TLB;
                };
                call(s, cb.name().text(), kind, r, CLEAR, 0, true, SubscriberFamily.CAN_SLEEP, Env.threadScope(scratch), cb.span());
            }
        }
    }

    /** After a call lowered to the instructions from..: the callbacks each instruction calls. */
    void afterCall(int from, Env env, Expr.Call call) {
        if (decls.subscribers.isEmpty()) {
            return;
        }
        ThreadCode tc = env.thread();
        int to = tc.pc();
        for (int pc = from; pc < to; pc++) {
            Instr in = tc.code.get(pc);
            Calls c = Families.calls(in);
            if (c == null) {
                continue;
            }
            if (current != null) {
                diags.error(call.span(), call.function() + "() calls the notifier's subscribers; a callback cannot"
                        + " (in " + current.sub().name() + "->" + current.cb().name() + "())");
                return;
            }
            lowerCallbacks(pc, in, c, env, call.span());
        }
    }

    /** The callbacks instruction in (at pc) calls, as its family says (c), inlined after it. */
    private void lowerCallbacks(int pc, Instr in, Calls c, Env env, Span at) {
        R r = range(c);
        String tlb = decls.era == Era.E4_15 ? "invalidate_range" : "arch_invalidate_secondary_tlbs";
        int event = c.event();
        int owner = c.owner();
        switch (c.kind()) {
            case START -> start(pc, in, c.blockable(), c.at(), r, event, owner, env, at);
            case END -> {
                boolean blockable = blockableStart(env.thread(), c.at());
                for (Declarations.SubscriberDecl s : decls.subscribers) {
                    if (c.secondaryTlb()) {
                        call(s, tlb, SubscriberFamily.SECONDARY_TLB, r, event, owner, false, SubscriberFamily.SECONDARY_TLB_CONTEXT, env, at);
                    }
                    call(s, "invalidate_range_end", SubscriberFamily.END, r, event, owner, blockable,
                            blockable ? SubscriberFamily.CAN_SLEEP : SubscriberFamily.NONBLOCK, env, at);
                }
            }
            case RELEASE -> {
                R whole = new R(0, WHOLE_END, "0..~0");
                boolean intervals = false;
                for (Declarations.SubscriberDecl s : decls.subscribers) {
                    intervals |= call(s, "invalidate", SubscriberFamily.INTERVAL, whole, RELEASE_EVENT, 0, true, SubscriberFamily.CAN_SLEEP, env, at) >= 0;
                }
                if (intervals) {
                    env.thread().emit(Op.SUB_RESULT, -1, 0, SubscriberFamily.RELEASE_ITREE, new Val.Const(0), null, at, "mn_itree_release(): end");
                }
                for (Declarations.SubscriberDecl s : decls.subscribers) {
                    call(s, "release", SubscriberFamily.RELEASE, whole, RELEASE_EVENT, 0, true, SubscriberFamily.CAN_SLEEP, env, at);
                }
            }
            case WHEN_BATCH_FULL -> fullBatchFlush(pc, in, c, tlb, event, owner, env, at);
            case SECONDARY_TLB -> {
                int from = env.thread().pc();
                for (Declarations.SubscriberDecl s : decls.subscribers) {
                    call(s, tlb, SubscriberFamily.SECONDARY_TLB, r, event, owner, false, SubscriberFamily.SECONDARY_TLB_CONTEXT, env, at);
                }
                deferFree(pc, c, from, env.thread());
            }
        }
    }

    /**
     * tlb_remove_page(): when the batch is full it calls tlb_flush_mmu(), which notifies in its
     * tlb_flush_mmu_tlbonly() part, before the free. Whether it is full only the run knows: the
     * instruction keeps its flush but defers the free and says whether the batch filled; when it
     * did, the secondary-TLB callbacks run, then the deferred free (as {@link #deferFree}); the
     * family writes both instructions (c.deferred(), c.rest()), this only says where the fill goes.
     */
    private void fullBatchFlush(int pc, Instr in, Calls c, String tlb, int event, int owner, Env env, Span at) {
        if (decls.subscribers.stream().noneMatch(s -> !s.interval() && s.callbacks().containsKey(tlb))) {
            return;                                 // no callback: tlb_remove_page() frees in its own step
        }
        ThreadCode tc = env.thread();
        int full = in.dst() >= 0 ? in.dst() : tc.local("tlb_remove_page#" + tc.newProcInstance() + "$.full");
        int skip = tc.emit(Op.BRANCH_FALSE, -1, -1, 0, new Val.Local(full), null, at, "if");
        for (Declarations.SubscriberDecl s : decls.subscribers) {
            call(s, tlb, SubscriberFamily.SECONDARY_TLB, new R(0, WHOLE_END, "0..~0"), event, owner, false,
                    SubscriberFamily.SECONDARY_TLB_CONTEXT, env, at);
        }
        Instr d = c.deferred();
        tc.code.set(pc, new Instr(d.op(), full, d.a(), d.b(), d.v(), d.w(), d.span(), d.text()));
        Instr rest = c.rest();
        tc.emit(rest.op(), rest.dst(), rest.a(), rest.b(), rest.v(), rest.w(), rest.span(), rest.text());
        tc.patchTarget(skip, tc.pc());
    }

    /**
     * tlb_flush_mmu() and tlb_finish_mmu() notify in their tlb_flush_mmu_tlbonly() part and free
     * the gathered pages after it: when callbacks were inlined after such a flush, its free and
     * finish move to an instruction after them (the family's c.rest()), so the subscribers are told
     * before the pages go.
     */
    private static void deferFree(int pc, Calls c, int from, ThreadCode tc) {
        if (c.deferred() == null || tc.pc() == from) {
            return;
        }
        tc.code.set(pc, c.deferred());
        Instr rest = c.rest();
        tc.emit(rest.op(), rest.dst(), rest.a(), rest.b(), rest.v(), rest.w(), rest.span(), rest.text());
    }

    /**
     * mmu_notifier_invalidate_range_start(): the overlapping intervals' invalidate(), then the
     * notifiers' invalidate_range_start(). Not blockable, a failure makes the start return
     * -EAGAIN: a failing interval stops it there (the core ends the interval side, no notifier is
     * called); a failing notifier lets the others start, and from 5.12 the core ends every notifier.
     */
    private void start(int pc, Instr in, boolean blockable, int range, R r, int event, int owner, Env env, Span at) {
        ThreadCode tc = env.thread();
        int sleep = blockable ? SubscriberFamily.CAN_SLEEP : SubscriberFamily.NONBLOCK;
        if (blockable) {
            for (Declarations.SubscriberDecl s : decls.subscribers) {
                call(s, "invalidate", SubscriberFamily.INTERVAL, r, event, owner, true, sleep, env, at);
            }
            for (Declarations.SubscriberDecl s : decls.subscribers) {
                call(s, "invalidate_range_start", SubscriberFamily.START, r, event, owner, true, sleep, env, at);
            }
            return;
        }
        String hidden = "start#" + tc.newProcInstance() + "$.";
        int result = in.dst();
        if (result < 0) {
            result = tc.local(hidden + "ret");
            tc.code.set(pc, new Instr(in.op(), result, in.a(), in.b(), in.v(), in.w(), in.span(), in.text()));
        }
        int failed = tc.local(hidden + "failed");
        List<Integer> toDone = new ArrayList<>();
        // a built-in mirror that could not start failed it already: nothing else is called
        toDone.add(tc.emit(Op.BRANCH_FALSE, -1, -1, 0, new Val.Bin("==", new Val.Local(result), new Val.Const(0)), null, at, "if"));
        tc.emit(Op.ASSIGN, failed, 0, 0, new Val.Const(0), null, at, "failed = 0");
        List<Integer> toItreeFail = new ArrayList<>();
        for (Declarations.SubscriberDecl s : decls.subscribers) {
            int ret = call(s, "invalidate", SubscriberFamily.INTERVAL, r, event, owner, false, sleep, env, at);
            if (ret >= 0) {
                tc.emit(Op.ASSIGN, failed, 0, 0, new Val.Bin("==", new Val.Local(ret), new Val.Const(0)), null, at, "failed = !ret");
                toItreeFail.add(tc.emit(Op.BRANCH_FALSE, -1, -1, 0, new Val.Bin("==", new Val.Local(failed), new Val.Const(0)), null, at, "if"));
            }
        }
        boolean notifiers = false;
        for (Declarations.SubscriberDecl s : decls.subscribers) {
            int ret = call(s, "invalidate_range_start", SubscriberFamily.START, r, event, owner, false, sleep, env, at);
            if (ret >= 0) {
                notifiers = true;
                tc.emit(Op.ASSIGN, failed, 0, 0, new Val.Bin("||", new Val.Local(failed),
                        new Val.Bin("!=", new Val.Local(ret), new Val.Const(0))), null, at, "failed |= ret");
            }
        }
        if (notifiers) {
            tc.emit(Op.SUB_RESULT, result, range, 0, new Val.Local(failed), null, at, "the start's callbacks return");
            if (decls.kernelVersion >= PAIRED_END_VERSION) {
                int skip = tc.emit(Op.BRANCH_FALSE, -1, -1, 0, new Val.Local(failed), null, at, "if");
                for (Declarations.SubscriberDecl s : decls.subscribers) {
                    call(s, "invalidate_range_end", SubscriberFamily.END, r, event, owner, false, sleep, env, at);
                }
                tc.patchTarget(skip, tc.pc());
            }
        }
        if (!toItreeFail.isEmpty()) {
            toDone.add(tc.emit(Op.JUMP, -1, -1, 0, null, null, at, "else"));
            for (int b : toItreeFail) {
                tc.patchTarget(b, tc.pc());
            }
            tc.emit(Op.SUB_RESULT, result, range, SubscriberFamily.ITREE_FAILED, new Val.Local(failed), null, at,
                    "an interval's invalidate() returns false");
        }
        for (int b : toDone) {
            tc.patchTarget(b, tc.pc());
        }
    }

    /** Whether the thread's latest start of this range (before the end) was blockable; blockable if none is found. */
    private static boolean blockableStart(ThreadCode tc, int range) {
        for (int i = tc.code.size() - 1; i >= 0; i--) {
            Calls c = Families.calls(tc.code.get(i));
            if (c != null && c.kind() == Calls.Kind.START && c.at() == range) {
                return c.blockable();
            }
        }
        return true;
    }

    /**
     * Inlines subscriber s's callback of this name, if it has one (and, for an interval, the range
     * overlaps it): the core's look-up, then the body with the range bound. Returns the local of the
     * callback's result (-1 when not inlined; a callback that returns nothing gets one too).
     */
    private int call(Declarations.SubscriberDecl s, String name, int kind, R r, int event, int owner,
            boolean blockable, int sleep, Env env, Span at) {
        Item.Callback cb = s.callbacks().get(name);
        if (cb == null || (kind == SubscriberFamily.INTERVAL) != s.interval()) {
            return -1;
        }
        // the interval tree's lookup of [start, end - 1]: an empty range still finds an interval around it
        if (s.interval() && !(Long.compareUnsigned(r.start(), s.end()) < 0 && Long.compareUnsigned(s.start(), r.end()) < 0)) {
            return -1;
        }
        ThreadCode tc = env.thread();
        String prefix = s.name() + "#" + tc.newProcInstance();
        Map<String, Env.Binding> params = new HashMap<>();
        Expr.Range rangeExpr = new Expr.Range(new Expr.Int(r.start(), cb.span()), new Expr.Int(r.end(), cb.span()), cb.span());
        if (!cb.params().isEmpty()) {
            params.put(cb.params().get(0).text(), new Env.Binding(rangeExpr, env));
        }
        Env inner = new Env(tc, prefix + ".", params, env);
        boolean returns = kind == SubscriberFamily.START || kind == SubscriberFamily.INTERVAL;
        int ret = tc.local(prefix + "$.ret");
        tc.emit(Op.ASSIGN, ret, 0, 0, new Val.Const(kind == SubscriberFamily.INTERVAL ? 1 : 0), null, at, "ret = " + (returns ? "ok" : "0"));
        int go = kind == SubscriberFamily.INTERVAL ? inner.local(cb.params().get(1).text()) : tc.local(prefix + "$.go");
        tc.emit(Op.SUB_CALL, go, s.index(), kind, null, null, at, s.name() + "->" + name + "(" + r.text() + ")");
        int skip = tc.emit(Op.BRANCH_FALSE, -1, -1, 0, new Val.Local(go), null, at, "if");
        Ctx saved = current;
        current = new Ctx(s, cb, kind, r.start(), r.end(), r.text(), rangeExpr, event, owner, blockable, sleep, returns ? ret : -1,
                new ArrayList<>(), false);
        low.block(cb.body(), inner);
        for (int j : current.exits()) {
            tc.patchTarget(j, tc.pc());
        }
        current = saved;
        tc.patchTarget(skip, tc.pc());
        return ret;
    }

    /**
     * The device kinds' callbacks (stdlib/devices.mmun: a template {@code notifier NAME on KIND} or
     * {@code interval NAME on KIND [S, E)} per kind), lowered once for each device of that kind no
     * script subscriber serves, in the era's set (a template may carry both eras' secondary-TLB
     * callbacks). Each body gets its own code, with locals from slot 1 that every thread reserves
     * (see {@link #scratch}); its range parameter is {@link #LIBRARY_RANGE}, its NAME the device.
     */
    List<dev.mmun.machine.Program.LibraryCallback> lowerLibrary(List<Item.Subscriber> templates) {
        List<dev.mmun.machine.Program.LibraryCallback> out = new ArrayList<>();
        java.util.Set<Integer> served = new java.util.HashSet<>();
        for (Declarations.SubscriberDecl s : decls.subscribers) {
            served.add(s.device());
        }
        for (boolean intervals : new boolean[] {true, false}) {
            for (int d = 0; d < decls.devices.size(); d++) {
                if (served.contains(d)) {
                    continue;
                }
                String kind = decls.devices.get(d).kind();
                for (Item.Subscriber t : templates) {
                    if (t.device().text().equals(kind) && t.interval() == intervals) {
                        library(t, d, out);
                    }
                }
            }
        }
        return out;
    }

    /** The number of local slots (from 0, the fault slot) the library's callbacks use. */
    int scratch() {
        return scratch;
    }

    private int scratch = 1;

    private void library(Item.Subscriber t, int d, List<dev.mmun.machine.Program.LibraryCallback> out) {
        String device = decls.devices.get(d).name();
        long pages = 0;
        long from = t.from() instanceof Expr.Int i ? i.value() : 0;
        long to = t.to() instanceof Expr.Int i ? i.value() : WHOLE_END;
        for (int i = 0; i < decls.pages.size(); i++) {
            Declarations.PageDecl pg = decls.pages.get(i);
            if (Long.compareUnsigned(pg.address(), to) < 0 && Long.compareUnsigned(from, pg.end()) < 0) {
                pages |= 1L << i;
            }
        }
        Declarations.SubscriberDecl sub = new Declarations.SubscriberDecl(t.name().text(), -1, d, t.interval(), 0, 0,
                Map.of(), false, t.span());
        for (Item.Callback cb : t.callbacks()) {
            String name = cb.name().text();
            if (name.equals("invalidate_range") && decls.era != Era.E4_15
                    || name.equals("arch_invalidate_secondary_tlbs") && decls.era == Era.E4_15) {
                continue;
            }
            int kind = switch (name) {
                case "invalidate_range_start" -> SubscriberFamily.START;
                case "invalidate_range_end" -> SubscriberFamily.END;
                case "release" -> SubscriberFamily.RELEASE;
                case "invalidate" -> SubscriberFamily.INTERVAL;
                default -> SubscriberFamily.SECONDARY_TLB;
            };
            ThreadCode tc = new ThreadCode(-1, false);
            Env outer = Env.threadScope(tc);
            Map<String, Env.Binding> params = new HashMap<>();
            Expr.Range rangeExpr = new Expr.Range(new Expr.Int(0, cb.span()), new Expr.Int(0, cb.span()), cb.span());
            if (!cb.params().isEmpty()) {
                params.put(cb.params().get(0).text(), new Env.Binding(rangeExpr, outer));
            }
            params.put(t.name().text(), new Env.Binding(new Expr.Ref(new dev.mmun.ast.Name(device, t.name().span())), outer));
            Env inner = new Env(tc, t.name().text() + ".", params, outer);
            boolean returns = kind == SubscriberFamily.START || kind == SubscriberFamily.INTERVAL;
            int ret = returns ? tc.local("$ret") : -1;
            int curSeq = kind == SubscriberFamily.INTERVAL ? inner.local(cb.params().get(1).text()) : -1;
            Ctx saved = current;
            current = new Ctx(sub, cb, kind, 0, 0, "r", rangeExpr, CLEAR, 0, true, SubscriberFamily.CAN_SLEEP, ret,
                    new ArrayList<>(), true);
            low.block(cb.body(), inner);
            for (int j : current.exits()) {
                tc.patchTarget(j, tc.pc());
            }
            current = saved;
            scratch = Math.max(scratch, tc.locals.size());
            out.add(new dev.mmun.machine.Program.LibraryCallback(t.name().text(), d, kind, tc.code.toArray(new Instr[0]), ret, curSeq,
                    slot(tc, "$r.blockable"), slot(tc, "$r.event"), slot(tc, "$r.owner"), pages, tc.locals.size()));
        }
    }

    private static int slot(ThreadCode tc, String name) {
        Integer s = tc.locals.get(name);
        return s == null ? -1 : s;
    }

    /** The range index that stands for a library callback's range parameter (-1 when no callback names it). */
    int libraryRange() {
        return ranges.indexOf(LIBRARY_RANGE, LIBRARY_RANGE);
    }

    /** {@code return} in a callback: its value goes to the callback's result, then to the callback's end. */
    void returnStmt(Stmt.Return r, Env env) {
        if (current == null) {
            diags.error(r.span(), "return is only for a callback's body (a procedure is inlined and returns nothing)");
            return;
        }
        String cb = current.cb().name().text();
        if (current.retSlot() < 0) {
            if (r.value() != null) {
                diags.error(r.value().span(), "->" + cb + "() returns nothing (void): write return without a value");
                return;
            }
        } else if (r.value() == null) {
            diags.error(r.span(), "->" + cb + "() returns " + (current.kind() == SubscriberFamily.INTERVAL
                    ? "a bool: return true, or false when it would have to sleep" : "an int: return 0, or -EAGAIN when it would have to sleep"));
            return;
        } else {
            env.thread().emit(Op.ASSIGN, current.retSlot(), 0, 0, low.value(r.value(), env), null, r.span(), "return " + Lowering.text(r.value()));
        }
        current.exits().add(env.thread().emit(Op.JUMP, -1, -1, 0, null, null, r.span(), "return"));
    }

    /** {@code r.start}, {@code r.end}, {@code r.event}, {@code r.owner}, {@code r.blockable} of a callback's range. */
    Val field(Expr.Field f, Env env) {
        Env.Binding b = env.params().get(f.target().text());
        if (current == null || b == null || b.arg() != current.rangeExpr()) {
            diags.error(f.span(), f.target() + "." + f.field() + ": only a callback's range parameter has fields");
            return new Val.Const(0);
        }
        if (current.library()) {
            String field = f.field().text();
            if (!List.of("event", "owner", "blockable").contains(field)) {
                diags.error(f.field().span(), "a device kind's library callback reads r.event, r.owner and r.blockable;"
                        + " r." + field + " is for a script's subscriber");
                return new Val.Const(0);
            }
            return new Val.Local(env.thread().local("$r." + field));
        }
        return switch (f.field().text()) {
            case "start" -> new Val.Const((int) current.start());
            case "end" -> new Val.Const((int) current.end());
            case "event" -> new Val.Const(current.event());
            case "owner" -> new Val.Const(current.owner());
            case "blockable" -> new Val.Const(current.blockable() ? 1 : 0);
            default -> {
                diags.error(f.field().span(), "struct mmu_notifier_range has no field " + f.field()
                        + " here: start, end, event, owner, blockable");
                yield new Val.Const(0);
            }
        };
    }

    /** The range argument a callback's parameter stands for. */
    Res rangeOf(Expr e) {
        if (current != null && current.library() && e == current.rangeExpr()) {
            return new Res.Range(LIBRARY_RANGE, LIBRARY_RANGE, "r");
        }
        if (current != null && e == current.rangeExpr()) {
            return new Res.Range(current.start(), current.end(), current.text());
        }
        return null;
    }

    /** The range the callbacks are given: a declared range, a page's, or the whole address space when only the run knows it. */
    private R range(Calls c) {
        return switch (c.over()) {
            case RANGE -> rangeAt(c.at());
            case PAGE -> page(c.at());
            case WHOLE -> new R(0, WHOLE_END, "0..~0");
        };
    }

    private R rangeAt(int i) {
        dev.mmun.machine.Program.Range r = ranges.all().get(i);
        return new R(r.start(), r.end(), r.text());
    }

    private R page(int i) {
        Declarations.PageDecl pg = decls.pages.get(i);
        return new R(pg.address(), pg.end(), pg.name());
    }
}
