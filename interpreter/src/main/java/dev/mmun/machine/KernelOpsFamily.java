package dev.mmun.machine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel paths' other steps: reading a whole pte for an exact {@code pte_same()}, waiting on a
 * migration entry, reading a frame's reference count, and the kernel's own write into a frame.
 * Everything they mean is here: lowering, effect, footprint, source form and the lines that
 * document them. PAGE_COUNT's and WRITE_FRAME's v is the frame, WRITE_FRAME's w the value.
 */
public final class KernelOpsFamily extends Effect {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("pte_get", List.of("ptep_get", "pmdp_get"), "e = ptep_get(P)", true,
                    "the whole entry, for an exact `pte_same()` (`cur == orig`); `set_pte_at(P, e)` stores it back"),
            new Primitive("migration_wait", List.of("migration_entry_wait"), "migration_entry_wait(P)", false,
                    "waits while P holds a migration entry"),
            new Primitive("page_count", List.of("page_count", "folio_ref_count"), "c = page_count(F)", true, "F's references"),
            new Primitive("write_frame", List.of("write_frame", "copy_to_page"), "write_frame(F, v)", false,
                    "writes v into F directly (the kernel's own write, e.g. a uprobe breakpoint): a write to every page mapping F"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.PTE_GET, Op.MIGRATION_WAIT, Op.PAGE_COUNT, Op.WRITE_FRAME);

    private final Program p;
    private final Describe names;
    private final Effects fx;
    private final int nPages;

    KernelOpsFamily(Program p, Describe names, Effects fx) {
        this.p = p;
        this.names = names;
        this.fx = fx;
        this.nPages = p.pages().size();
    }

    /** page_count()'s and write_frame()'s frame (write_frame()'s value is data). */
    static int frameOperands(Op op) {
        return op == Op.PAGE_COUNT || op == Op.WRITE_FRAME ? 1 : 0;
    }

    // ---- lowering ----

    public static void lower(String canon, CallSite c) {
        switch (canon) {
            case "pte_get", "migration_wait" -> {
                if (c.arity(1)) {
                    int page = c.page(0);
                    if (page >= 0) {
                        c.emit(canon.equals("pte_get") ? Op.PTE_GET : Op.MIGRATION_WAIT, page, 0);
                    }
                }
            }
            case "page_count" -> {
                if (c.arity(1)) {
                    c.emit(Op.PAGE_COUNT, 0, 0, c.frame(0), null);
                }
            }
            default -> {
                if (c.arity(2)) {
                    Val f = c.frame(0);
                    c.emit(Op.WRITE_FRAME, 0, 0, f, c.value(1));
                }
            }
        }
    }

    // ---- effect ----

    @Override
    public boolean apply(int[] n, int t, int pc, Instr in, StepOut out) {
        int lb = p.localBase(t);
        switch (in.op()) {
            case PTE_GET -> out.set(n, lb + in.dst(), n[p.pte(in.a())]);
            case PAGE_COUNT -> {
                int f = fx.frameOf(in.v().eval(n, lb), in, t, out);
                out.set(n, lb + in.dst(), f < 0 ? 0 : n[p.frameRef(f)]);
            }
            case WRITE_FRAME -> writeFrame(n, t, in, out);
            default -> {
                return !Pte.migration(n[p.pte(in.a())]);     // waits while the page is being migrated
            }
        }
        return true;
    }

    @Override
    public boolean blocked(int[] s, int t, Instr in) {
        return in.op() == Op.MIGRATION_WAIT && Pte.migration(s[p.pte(in.a())]);
    }

    /** A kernel write into a frame (copy_to_page(), the uprobes breakpoint): like a write to every page mapping it. */
    private void writeFrame(int[] n, int t, Instr in, StepOut out) {
        int lb = p.localBase(t);
        int f = fx.frameOf(in.v().eval(n, lb), in, t, out);
        if (f < 0) {
            return;
        }
        int value = in.w().eval(n, lb);
        out.set(n, p.frameContent(f), value);
        for (int page = 0; page < nPages; page++) {
            int pte = n[p.pte(page)];
            if (Pte.present(pte) && Pte.frame(pte) == f) {
                out.set(n, p.version(page), n[p.version(page)] + 1);
                out.set(n, p.frameVersion(f), n[p.version(page)]);
                out.set(n, p.lastWritten(page), value);
            }
        }
        fx.rules().frameWritten(n, f, out);
        if (out.changes) {
            out.change(Change.Kind.WRITE, -1, f, -1, "frame " + names.frame(f) + " = " + value);
        }
    }

    // ---- source ----

    /** The statement that lowers to in. */
    public static String source(Program p, Instr in, Families.Operands o) {
        String page = in.a() >= 0 && in.a() < p.pages().size() ? p.pages().get(in.a()).name() : "?";
        String assign = o.dst().isEmpty() ? "" : o.dst() + " = ";
        return switch (in.op()) {
            case PTE_GET -> assign + "ptep_get(" + page + ")";
            case PAGE_COUNT -> assign + "page_count(" + o.frame(in.v()) + ")";
            case WRITE_FRAME -> "write_frame(" + o.frame(in.v()) + ", " + o.value(in.w()) + ")";
            default -> "migration_entry_wait(" + page + ")";
        };
    }
}
