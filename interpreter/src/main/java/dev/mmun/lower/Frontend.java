package dev.mmun.lower;

import dev.mmun.ast.Expr;
import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Script;
import dev.mmun.check.Declarations;
import dev.mmun.check.Library;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Val;
import dev.mmun.syntax.ScriptParser;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Source text to a checked, lowered scenario: parse, collect declarations, lower, compile expectations. */
public final class Frontend {
    /** The zero page is never freed: its frame starts with more references than any scenario drops. */
    private static final int ZERO_REFS = 1 << 20;
    private final Library library;

    /** @param library parsed scripts whose procedures every script can call (the stdlib) */
    public Frontend(List<Script> library) {
        this(Library.of(library));
    }

    public Frontend(Library library) {
        this.library = library;
    }

    /** Every kernel primitive the language knows, kernel and short names, sorted (for completion and help). */
    public static List<String> primitiveNames() {
        return Calls.names();
    }

    /** The options a page declaration takes ({@code cow}, {@code huge}, ...), sorted (for completion). */
    public static List<String> pageOptions() {
        return Declarations.PAGE_OPTIONS.stream().sorted().toList();
    }

    /** The device kinds ({@code ats}, {@code kvm}, {@code mirror}), sorted (for completion). */
    public static List<String> deviceKinds() {
        return Declarations.DEVICE_KINDS.stream().sorted().toList();
    }

    public Scenario compile(SourceFile src) throws CompileException {
        return compile(ScriptParser.parse(src), src);
    }

    public Scenario compile(Script script, SourceFile src) throws CompileException {
        List<Script> part = library.forText(src.text());
        try {
            return compile(script, src, part);
        } catch (CompileException e) {
            List<Script> all = library.all();
            if (all.size() == part.size()) {
                throw e;
            }
            return compile(script, src, all);
        }
    }

    private Scenario compile(Script script, SourceFile src, List<Script> library) throws CompileException {
        Diagnostics diags = new Diagnostics();
        Declarations decls = new Declarations(diags);
        decls.collect(script);
        for (Script lib : library) {
            decls.addProcs(lib, true);
        }
        decls.addProcs(script, false);
        Ranges ranges = new Ranges(decls.pages);
        Lowering low = new Lowering(decls, diags, ranges);
        List<Program.LibraryCallback> kinds = low.callbacks().lowerLibrary(DeviceKinds.templates());
        List<ThreadCode> codes = new ArrayList<>();
        for (Declarations.ThreadDecl td : decls.threads) {
            ThreadCode tc = new ThreadCode(td.index(), td.item().device());
            for (int i = 1; i < low.callbacks().scratch(); i++) {
                tc.local("$callback." + i);             // the library callbacks' locals, 0 between steps
            }
            codes.add(tc);
            if (td.item().body() != null) {
                low.block(td.item().body(), Env.threadScope(tc));
            }
        }
        List<Scenario.Slot> timeline = timeline(script, decls, codes, low, diags);
        low.callbacks().checkBodies();                  // after the calls: their ranges keep their names
        Program program = program(decls, ranges, codes, Span.at(src.name(), 1, 1), diags, kinds, low.callbacks().libraryRange());
        Set<Rule> expected = null;
        Span expectSpan = null;
        for (Item.Expect e : script.all(Item.Expect.class)) {
            if (expected == null) {
                expected = EnumSet.noneOf(Rule.class);
                expectSpan = e.span();
            }
            expect(e, expected, diags);
        }
        List<Scenario.FinalCheck> finals = new ArrayList<>();
        for (Item.Final f : script.all(Item.Final.class)) {
            java.util.Map<String, Scenario.Observable> vars = new java.util.LinkedHashMap<>();
            Val v = finalValue(f.condition(), decls, codes, program, diags, vars);
            finals.add(new Scenario.FinalCheck(f.quantifier(), v, f.text(), f.span(), List.copyOf(vars.values())));
        }
        Mode mode = null;
        for (Item.Mode m : script.all(Item.Mode.class)) {
            Mode named = Mode.ofItem(m.mode().text());
            if (named == null) {
                diags.error(m.mode().span(), "mode is run or check");
            } else {
                mode = named;
            }
        }
        List<Integer> schedule = schedule(script, decls, diags);
        if (diags.hasErrors()) {
            throw new CompileException(diags.sorted());
        }
        return new Scenario(src, program, expected, expectSpan, finals, timeline, mode, schedule, script);
    }

    /** Frames: one per mapped page (zero pages share one), the declared frames, the zero frame, the pool. */
    static int declaredFrame(Declarations decls, int i) {
        int mapped = (int) decls.pages.stream().filter(pg -> pg.mapped() && !pg.zero()).count();
        return mapped + i;
    }

    /** The index of the frame page i starts on (i is mapped and not the zero page). */
    static int pageFrame(Declarations decls, int i) {
        int f = 0;
        for (int j = 0; j < i; j++) {
            if (decls.pages.get(j).mapped() && !decls.pages.get(j).zero()) {
                f++;
            }
        }
        return f;
    }

    /** The CPU index of thread t: CPU threads are numbered in declaration order, device threads skipped. */
    private static int cpuIndex(Declarations decls, int t) {
        int c = 0;
        for (int j = 0; j < t; j++) {
            if (!decls.threads.get(j).item().device()) {
                c++;
            }
        }
        return c;
    }

    static int zeroFrame(Declarations decls) {
        return declaredFrame(decls, decls.frames.size());
    }

    private static List<Scenario.Slot> timeline(Script script, Declarations decls, List<ThreadCode> codes,
                                                Lowering low, Diagnostics diags) {
        List<Item.TimeBlock> blocks = script.all(Item.TimeBlock.class);
        if (blocks.isEmpty()) {
            return null;
        }
        List<Scenario.Slot> slots = new ArrayList<>();
        List<Env> envs = new ArrayList<>();
        for (ThreadCode tc : codes) {
            envs.add(Env.threadScope(tc));
        }
        for (int bi = 0; bi < blocks.size(); bi++) {
            Item.TimeBlock b = blocks.get(bi);
            for (Item.Row row : b.rows()) {
                Integer t = decls.threadIndex.get(row.thread().text());
                if (t == null) {
                    diags.error(row.thread().span(), "the timeline names " + row.thread() + ", which is not a declared thread"
                            + (decls.threadIndex.isEmpty() ? "" : " (declared: " + String.join(", ", decls.threadIndex.keySet()) + ")"));
                    continue;
                }
                Item.Thread decl = decls.threads.get(t).item();
                if (decl.body() != null) {
                    diags.error(row.thread().span(), "thread " + row.thread() + " has a body at " + decl.span().where()
                            + "; a thread's program comes either from its body or from the timeline");
                    continue;
                }
                low.stmts(row.stmts(), envs.get(t));
                if (!row.stmts().isEmpty()) {
                    slots.add(new Scenario.Slot(t, codes.get(t).pc(), bi, b.label(), row.span(),
                            String.join("; ", row.stmts().stream().map(Frontend::stmtText).toList())));
                }
            }
        }
        return slots;
    }

    /** The thread order of a {@code schedule} item, by thread index; null when there is none. */
    private static List<Integer> schedule(Script script, Declarations decls, Diagnostics diags) {
        List<Item.Schedule> items = script.all(Item.Schedule.class);
        if (items.isEmpty()) {
            return null;
        }
        if (items.size() > 1) {
            diags.error(items.get(1).span(), "the schedule is already given at " + items.get(0).span().where());
        }
        List<Integer> order = new ArrayList<>();
        for (Name n : items.get(0).threads()) {
            Integer t = decls.threadIndex.get(n.text());
            if (t == null) {
                diags.error(n.span(), "the schedule names " + n + ", which is not a declared thread"
                        + (decls.threadIndex.isEmpty() ? "" : " (declared: " + String.join(", ", decls.threadIndex.keySet()) + ")"));
            } else {
                order.add(t);
            }
        }
        return List.copyOf(order);
    }

    private static String stmtText(dev.mmun.ast.Stmt s) {
        if (s instanceof dev.mmun.ast.Stmt.Labelled l) {
            return l.label() + ": {" + String.join("; ", l.body().stmts().stream().map(Frontend::stmtText).toList()) + "}";
        }
        if (s instanceof dev.mmun.ast.Stmt.CallStmt c) {
            return Lowering.text(c.call());
        }
        if (s instanceof dev.mmun.ast.Stmt.Assign a) {
            return a.target() + " = " + Lowering.text(a.value());
        }
        if (s instanceof dev.mmun.ast.Stmt.Try t) {
            return "try " + (t.target() == null ? "" : t.target() + " = ") + Lowering.text(t.call());
        }
        if (s instanceof dev.mmun.ast.Stmt.Preempt) {
            return "preempted";
        }
        return s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " ...";
    }

    private static Program program(Declarations decls, Ranges ranges, List<ThreadCode> codes, Span where, Diagnostics diags,
                                   List<Program.LibraryCallback> kinds, int libraryRange) {
        List<Program.Frame> frames = new ArrayList<>();
        List<Program.Page> pages = new ArrayList<>();
        for (int i = 0; i < decls.pages.size(); i++) {
            Declarations.PageDecl pg = decls.pages.get(i);
            int frame = -1;
            if (pg.zero()) {
                frame = zeroFrame(decls);
            } else if (pg.mapped()) {
                frame = frames.size();
                // a COW page is shared with the process it was forked from: that mapping holds a reference too
                frames.add(new Program.Frame("f" + pg.name(), pg.ref() > 0 ? pg.ref() : pg.cow() ? 2 : 1, pg.content()));
            }
            long cpuTlbs = 0;
            for (dev.mmun.ast.Name n : pg.cpuTlbs()) {
                Integer t = decls.threadIndex.get(n.text());
                if (t != null && !decls.threads.get(t).item().device()) {
                    cpuTlbs |= 1L << cpuIndex(decls, t);
                }
            }
            pages.add(new Program.Page(pg.name(), pg.address(), pg.huge(), decls.pagePtl[i], frame, pg.writable(),
                    pg.dirty(), pg.tlb(), pg.span(), cpuTlbs));
        }
        for (int i = 0; i < decls.frames.size(); i++) {
            Item.Frame f = decls.frames.get(i);
            frames.add(new Program.Frame(f.name().text(), decls.frameRefs.get(i), f.value() == null ? 0 : (int) (long) f.value()));
        }
        if (decls.zeroFrame) {
            frames.add(new Program.Frame("zero", ZERO_REFS, 0));
        }
        int pool = codes.stream().mapToInt(c -> c.allocs).sum();
        for (int i = 1; i <= pool; i++) {
            frames.add(new Program.Frame("f" + i, 0, 0));
        }
        if (frames.size() > Program.MAX_FRAMES) {
            diags.error(where, "the scenario needs " + frames.size() + " frames (mapped pages, declared frames and one per alloc_page()); at most "
                    + Program.MAX_FRAMES);
        }
        List<Program.Thread> threads = new ArrayList<>();
        int cpu = 0;
        for (ThreadCode tc : codes) {
            Declarations.ThreadDecl td = decls.threads.get(tc.index);
            List<String> locals = new ArrayList<>(tc.locals.keySet());
            threads.add(new Program.Thread(td.item().name().text(), tc.device, td.device(), tc.device ? -1 : cpu++,
                    tc.code.toArray(new Instr[0]), locals, tc.invStarts, td.item().span()));
        }
        boolean gather = codes.stream().anyMatch(c -> c.usesGather);
        boolean copies = codes.stream().anyMatch(c -> c.code.stream().anyMatch(i -> i.op() == dev.mmun.machine.Op.COPY));
        Program.Kernel kernel = new Program.Kernel(decls.zeroFrame ? zeroFrame(decls) : -1,
                gather ? (decls.gatherBatch > 0 ? decls.gatherBatch : Declarations.MAX_GATHER_BATCH) : 0, copies);
        List<Program.Subscriber> subscribers = decls.subscribers.stream().map(s -> new Program.Subscriber(s.name(), s.device(),
                s.interval(), s.start(), s.end(), s.refused())).toList();
        return new Program(decls.era, decls.eraText, pages, frames, decls.devices, decls.locks, ranges.all(), threads, kernel, subscribers,
                kinds, libraryRange);
    }

    private static void expect(Item.Expect e, Set<Rule> expected, Diagnostics diags) {
        for (Name n : e.verdicts()) {
            if (n.text().equals("ok")) {
                continue;
            }
            Rule r = Rule.byName(n.text());
            if (r == null) {
                diags.error(n.span(), "unknown verdict " + n + ": use ok or a rule name ("
                        + String.join(", ", java.util.Arrays.stream(Rule.values()).map(Enum::name).toList()) + ")");
            } else {
                expected.add(r);
            }
        }
        boolean ok = e.verdicts().stream().anyMatch(n -> n.text().equals("ok"));
        if (ok && e.verdicts().size() > 1) {
            diags.error(e.span(), "expect ok cannot go with rule names");
        }
    }

    /** A final condition over the whole state: registers as THREAD:reg, pages as the value they map. */
    private static Val finalValue(Expr e, Declarations decls, List<ThreadCode> codes, Program program, Diagnostics diags,
                                  java.util.Map<String, Scenario.Observable> vars) {
        if (e instanceof Expr.ThreadReg tr) {
            Integer t = decls.threadIndex.get(tr.thread().text());
            if (t == null) {
                diags.error(tr.thread().span(), "unknown thread " + tr.thread());
                return new Val.Const(0);
            }
            Integer slot = codes.get(t).locals.get(tr.reg().text());
            if (slot == null) {
                diags.error(tr.reg().span(), tr.thread() + " has no register " + tr.reg());
                return new Val.Const(0);
            }
            Val v = new Val.Local(program.localBase(t) + slot);
            String name = tr.thread().text() + ":" + tr.reg().text();
            vars.putIfAbsent(name, new Scenario.Observable(name, v));
            return v;
        } else if (e instanceof Expr.Ref r) {
            Integer p = decls.pageIndex.get(r.name().text());
            if (p == null) {
                diags.error(r.span(), "unknown page " + r.name() + " (in a final condition, write THREAD:register or a page name)");
                return new Val.Const(0);
            }
            Val v = new Val.Mapped(program.pte(p), program.frameRef(0));
            vars.putIfAbsent(r.name().text(), new Scenario.Observable(r.name().text(), v));
            return v;
        } else if (e instanceof Expr.Int i) {
            return new Val.Const((int) i.value());
        } else if (e instanceof Expr.Bool b) {
            return new Val.Const(b.value() ? 1 : 0);
        } else if (e instanceof Expr.Unary u) {
            Val v = finalValue(u.operand(), decls, codes, program, diags, vars);
            return u.op().equals("-") ? new Val.Neg(v) : new Val.Not(v);
        } else if (e instanceof Expr.Binary b) {
            Lowering.zeroDivisor(b, diags);
            return new Val.Bin(b.op(), finalValue(b.left(), decls, codes, program, diags, vars),
                    finalValue(b.right(), decls, codes, program, diags, vars));
        }
        diags.error(e.span(), "a final condition compares registers (THREAD:reg) and pages with numbers");
        return new Val.Const(0);
    }
}
