package dev.mmun.machine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The frames: allocating one, taking and dropping references (the put that reaches 0 frees it),
 * copying one's content into another, comparing two. Everything they mean is here: lowering,
 * effect, footprint, source form and the lines that document them. A frame is a value (index + 1,
 * 0 for none) held in a local or named by a declaration; v and w are the frame operands.
 */
public final class FrameFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("alloc", List.of("alloc_page", "alloc_page_vma", "folio_alloc"), "f = alloc_page()", true,
                    "takes a free frame (refcount 1, content 0) into f"),
            new Primitive("get", List.of("get_page", "folio_get"), "get_page(F)", false,
                    "takes a reference to F (PAGE_REF_UNDERFLOW when F is free)"),
            new Primitive("put", List.of("put_page", "folio_put", "free_page"), "put_page(F)", false,
                    "drops a reference to F; the last one frees it (CASE_A or CPU_TLB_UAF when a translation to it may remain)"),
            new Primitive("copy", List.of("copy_page", "copy_user_highpage", "copy_highpage"), "copy_page(F, G)", false,
                    "copies G's content into F"),
            new Primitive("identical", List.of("pages_identical"), "s = pages_identical(F, G)", true,
                    "1 when F and G hold the same content"),
            new Primitive("writeback", List.of("folio_start_writeback"), "folio_start_writeback(F)", false,
                    "the writeback I/O snapshots F's content (WP_NOT_PROPAGATED when a device may still write F through a translation no pte allows)"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.ALLOC, Op.GET_PAGE, Op.PUT_PAGE, Op.COPY, Op.PAGES_IDENTICAL, Op.WRITEBACK);

    private final Program p;
    private final Describe names;
    private final KernelRules rules;
    private final MirrorEffects mirrors;
    private final int[] atsDevices;

    FrameFamily(Program p, Describe names, KernelRules rules, MirrorEffects mirrors, int[] atsDevices) {
        this.p = p;
        this.names = names;
        this.rules = rules;
        this.mirrors = mirrors;
        this.atsDevices = atsDevices;
    }

    /** Every frame instruction's value operands are frames (ALLOC has none). */
    static int frameOperands(Op op) {
        return op == Op.ALLOC ? 0 : 2;
    }

    // ---- lowering ----

    public static void lower(String canon, CallSite c) {
        switch (canon) {
            // alloc_page_vma(gfp, vma, addr) and the like: the arguments say nothing the model keeps
            case "alloc" -> c.emit(Op.ALLOC, 0, 0, null, null);
            case "copy", "identical" -> {
                if (c.arity(2)) {
                    Val a = c.frame(0);
                    Val b = c.frame(1);
                    c.emit(canon.equals("copy") ? Op.COPY : Op.PAGES_IDENTICAL, 0, 0, a, b);
                }
            }
            default -> {
                if (c.arity(1)) {
                    Op op = switch (canon) {
                        case "get" -> Op.GET_PAGE;
                        case "put" -> Op.PUT_PAGE;
                        default -> Op.WRITEBACK;
                    };
                    c.emit(op, 0, 0, c.frame(0), null);
                }
            }
        }
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        switch (in.op()) {
            case ALLOC -> alloc(n, t, in, out);
            case GET_PAGE -> getPage(n, t, in, frameOf(p, in.v().eval(n, p.localBase(t)), in, t, out), out);
            case PUT_PAGE -> putPage(n, t, in, frameOf(p, in.v().eval(n, p.localBase(t)), in, t, out), out);
            case COPY -> copy(n, t, in, out);
            case PAGES_IDENTICAL -> identical(n, t, in, out);
            default -> writeback(n, t, in, out);
        }
        return true;
    }

    /** A frame value (index + 1) as an index; a value that names no frame is reported and gives -1. */
    static int frameOf(Program p, int v, Instr in, int t, StepOut out) {
        if (v <= 0 || v > p.frames().size()) {
            out.violation(new Violation(Rule.ASSERT, t, in.span(), "no frame here: the value is " + v, -1, -1));
            return -1;
        }
        return v - 1;
    }

    void alloc(int[] n, int t, Instr in, StepOut out) {
        for (int f = 0; f < p.frames().size(); f++) {
            if (n[p.frameRef(f)] == 0) {
                out.set(n, p.frameRef(f), 1);
                out.set(n, p.frameGen(f), n[p.frameGen(f)] + 1);
                out.set(n, p.frameContent(f), 0);
                out.set(n, p.frameVersion(f), 0);
                out.set(n, p.localBase(t) + in.dst(), f + 1);
                if (out.changes) {
                    out.change(Change.Kind.ALLOC, -1, f, -1, "alloc frame " + names.frame(f)
                            + (n[p.frameGen(f)] > 1 ? " (reused: generation " + n[p.frameGen(f)] + ")" : ""));
                }
                return;
            }
        }
        throw new IllegalStateException("frame pool exhausted");
    }

    void getPage(int[] n, int t, Instr in, int f, StepOut out) {
        if (f < 0) {
            return;
        }
        if (n[p.frameRef(f)] == 0) {
            out.violation(Rule.PAGE_REF_UNDERFLOW, t, in.span(), () -> "get_page() on frame "
                    + names.frame(f) + ", which is free", -1, f);
            return;
        }
        out.set(n, p.frameRef(f), n[p.frameRef(f)] + 1);
        if (out.changes) {
            out.change(Change.Kind.REF, -1, f, -1, "frame " + names.frame(f) + " refcount " + n[p.frameRef(f)]);
        }
    }

    void putPage(int[] n, int t, Instr in, int f, StepOut out) {
        if (f < 0) {
            return;
        }
        if (n[p.frameRef(f)] == 0) {
            out.violation(Rule.PAGE_REF_UNDERFLOW, t, in.span(), () -> "put_page() on frame "
                    + names.frame(f) + ", which is already free", -1, f);
            return;
        }
        out.set(n, p.frameRef(f), n[p.frameRef(f)] - 1);
        if (n[p.frameRef(f)] > 0) {
            if (out.changes) {
                out.change(Change.Kind.REF, -1, f, -1, "frame " + names.frame(f) + " refcount " + n[p.frameRef(f)]);
            }
            return;
        }
        if (out.changes) {
            out.change(Change.Kind.FREE, -1, f, -1, "frame " + names.frame(f) + " freed");
        }
        mirrors.rules().freed(n, t, in, f, out);
        int nPages = p.pages().size();
        int bit = 1 << f;
        for (int d : atsDevices) {
            for (int page = 0; page < nPages; page++) {
                if ((n[p.mayCache(d, page)] & bit) != 0) {
                    int dev = d;
                    int pg = page;
                    out.violation(Rule.CASE_A, t, in.span(), () -> "frame " + names.frame(f) + " is freed while "
                            + names.device(dev) + " may still hold " + names.page(pg) + " -> " + names.frame(f)
                            + ": no notify of " + names.page(pg) + " since the pte stopped pointing at it", page, f);
                    break;
                }
            }
        }
        for (int c = 0; c < p.cpuCount(); c++) {
            for (int page = 0; page < nPages; page++) {
                int e = n[p.cpuTlb(c, page)];
                if (Pte.present(e) && Pte.frame(e) == f) {
                    int pg = page;
                    out.violation(Rule.CPU_TLB_UAF, t, in.span(), () -> "frame " + names.frame(f)
                            + " is freed while a CPU TLB still holds " + names.page(pg) + " -> " + names.frame(f), page, f);
                    c = p.cpuCount();
                    break;
                }
            }
        }
    }

    void copy(int[] n, int t, Instr in, StepOut out) {
        int lb = p.localBase(t);
        int dst = frameOf(p, in.v().eval(n, lb), in, t, out);
        int src = frameOf(p, in.w().eval(n, lb), in, t, out);
        if (dst < 0 || src < 0) {
            return;
        }
        out.set(n, p.frameContent(dst), n[p.frameContent(src)]);
        out.set(n, p.frameVersion(dst), n[p.frameVersion(src)]);
        rules.copied(n, dst, src, out);
        if (out.changes) {
            out.change(Change.Kind.COPY, -1, dst, -1, "frame " + names.frame(dst) + " = copy of "
                    + names.frame(src) + " (" + n[p.frameContent(dst)] + ")");
        }
    }

    void identical(int[] n, int t, Instr in, StepOut out) {
        int lb = p.localBase(t);
        int a = frameOf(p, in.v().eval(n, lb), in, t, out);
        int b = frameOf(p, in.w().eval(n, lb), in, t, out);
        out.set(n, lb + in.dst(), a >= 0 && b >= 0 && n[p.frameContent(a)] == n[p.frameContent(b)] ? 1 : 0);
        rules.consumed(n, t, in, a, b, out);
    }

    /**
     * Writeback starts: the I/O reads f as it is now, and a device write through a translation
     * the write-protect should have removed would not reach the disk (nor dirty the page again).
     */
    void writeback(int[] n, int t, Instr in, StepOut out) {
        int f = frameOf(p, in.v().eval(n, p.localBase(t)), in, t, out);
        if (f >= 0) {
            rules.consumed(n, t, in, f, -1, "starts writeback of", out);
        }
    }

    // ---- footprint ----

    /** The frames a frame operand may name in any state: the constant's, else every frame. */
    static int[] candidates(Program p, Val v) {
        int frames = p.frames().size();
        if (v instanceof Val.Const c) {
            return c.value() <= 0 || c.value() > frames ? new int[0] : new int[] {c.value() - 1};
        }
        return java.util.stream.IntStream.range(0, frames).toArray();
    }

    /** In any state (a frame in a local may be any frame). */
    public static void footprint(Program p, Instr in, Footprint fp) {
        switch (in.op()) {
            case ALLOC -> {
                fp.freeFrames(true, true);
                for (int f = 0; f < p.frames().size(); f++) {
                    fp.frameRef(f, true, true);
                    fp.frameData(f, false, true);
                }
            }
            case GET_PAGE -> {
                for (int f : candidates(p, in.v())) {
                    fp.frameRef(f, true, true);
                }
            }
            case PUT_PAGE -> {
                for (int f : candidates(p, in.v())) {
                    fp.frameRef(f, true, true);
                }
                freeing(p, fp);
            }
            case COPY -> {
                for (int f : candidates(p, in.v())) {
                    fp.frameData(f, false, true);
                }
                for (int f : candidates(p, in.w())) {
                    fp.frameData(f, true, false);
                }
            }
            case WRITEBACK -> {
                for (int f : candidates(p, in.v())) {
                    fp.frameRef(f, true, false);
                }
                consumed(p, fp);
            }
            default -> {
                for (int f : candidates(p, in.v())) {
                    fp.frameData(f, true, false);
                }
                for (int f : candidates(p, in.w())) {
                    fp.frameData(f, true, false);
                }
                consumed(p, fp);
            }
        }
    }

    /** In state s: the frames the operands hold now, the first free frame for an allocation. */
    public static void footprint(Program p, int[] s, int t, Instr in, Footprint fp) {
        int lb = p.localBase(t);
        switch (in.op()) {
            case ALLOC -> {
                fp.freeFrames(true, true);
                for (int f = 0; f < p.frames().size(); f++) {
                    if (s[p.frameRef(f)] == 0) {
                        fp.frameRef(f, true, true);
                        fp.frameData(f, false, true);
                        break;
                    }
                }
            }
            case GET_PAGE -> {
                int f = frame(p, in.v().eval(s, lb));
                if (f >= 0) {
                    fp.frameRef(f, true, true);
                }
            }
            case PUT_PAGE -> {
                int f = frame(p, in.v().eval(s, lb));
                if (f >= 0) {
                    fp.frameRef(f, true, true);
                    if (s[p.frameRef(f)] == 1) {
                        freeing(p, fp);
                    }
                }
            }
            case COPY -> {
                int dst = frame(p, in.v().eval(s, lb));
                int src = frame(p, in.w().eval(s, lb));
                if (dst >= 0 && src >= 0) {
                    fp.frameData(dst, false, true);
                    fp.frameData(src, true, false);
                }
            }
            case WRITEBACK -> {
                int f = frame(p, in.v().eval(s, lb));
                if (f >= 0) {
                    fp.frameRef(f, true, false);
                }
                consumed(p, fp);
            }
            default -> {
                int a = frame(p, in.v().eval(s, lb));
                int b = frame(p, in.w().eval(s, lb));
                if (a >= 0) {
                    fp.frameData(a, true, false);
                }
                if (b >= 0) {
                    fp.frameData(b, true, false);
                }
                consumed(p, fp);
            }
        }
    }

    private static int frame(Program p, int v) {
        return v <= 0 || v > p.frames().size() ? -1 : v - 1;
    }

    /**
     * A free hands the frame back to the pool and is judged against every translation that may
     * still lead to it: the ATS devices' may-cache sets, the software mirrors' entries, the CPU TLBs.
     */
    private static void freeing(Program p, Footprint fp) {
        fp.freeFrames(false, true);
        for (int pg = 0; pg < p.pages().size(); pg++) {
            for (int d = 0; d < p.devices().size(); d++) {
                if (p.devices().get(d).walksPageTable()) {
                    fp.mayCache(d, pg, true, false);
                } else {
                    fp.deviceTlb(d, pg, true, false);
                }
            }
            for (int c = 0; c < p.cpuCount(); c++) {
                fp.cpuTlb(c, pg, true, false);
            }
        }
    }

    /** KernelRules.consumed: a comparison is judged against every pte and what the ATS devices may cache. */
    private static void consumed(Program p, Footprint fp) {
        for (int pg = 0; pg < p.pages().size(); pg++) {
            fp.pte(pg, true, false);
            for (int d = 0; d < p.devices().size(); d++) {
                if (p.devices().get(d).walksPageTable()) {
                    fp.mayCache(d, pg, true, false);
                }
            }
        }
    }

    // ---- source ----

    /** The statement that lowers to in: dst is how its local is written, v and w its frame operands. */
    public static String source(Instr in, String dst, String v, String w) {
        return switch (in.op()) {
            case ALLOC -> dst + " = alloc_page()";
            case GET_PAGE -> "get_page(" + v + ")";
            case PUT_PAGE -> "put_page(" + v + ")";
            case COPY -> "copy_page(" + v + ", " + w + ")";
            case WRITEBACK -> "folio_start_writeback(" + v + ")";
            default -> dst + " = pages_identical(" + v + ", " + w + ")";
        };
    }
}
