package dev.mmun.machine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The page-table reads: the frame a pte maps ({@code vm_normal_page()}) and its bits
 * ({@code pte_none()} and the like), each one step that reads the pte into a local. Everything
 * they mean is here: lowering, effect, footprint, source form and the lines that document them.
 * PTE_QUERY's b says which bit: the index in {@link #QUERIES}.
 */
public final class PteReadFamily {
    public static final List<Primitive> PRIMITIVES = List.of(
            new Primitive("pte_page", List.of("vm_normal_page", "pte_page", "pmd_page"), "f = vm_normal_page(P)", true,
                    "the frame P maps now; 0 when none, and for the zero page"),
            new Primitive("pte_none", List.of("pte_none"), "n = pte_none(P)", true, "1 when P's entry is empty (not a swap or migration entry either)"),
            new Primitive("pte_present", List.of("pte_present"), "p = pte_present(P)", true, "1 when P maps a frame"),
            new Primitive("pte_write", List.of("pte_write"), "w = pte_write(P)", true, "1 when P's entry allows writes"),
            new Primitive("pte_dirty", List.of("pte_dirty"), "d = pte_dirty(P)", true, "1 when P's entry is dirty"));

    /** The family's instructions. */
    public static final Set<Op> OPS = EnumSet.of(Op.PTE_PAGE, Op.PTE_QUERY);

    /** The bit queries, in the order of PTE_QUERY's b. */
    private static final List<String> QUERIES = List.of("pte_none", "pte_present", "pte_write", "pte_dirty");

    private PteReadFamily() {
    }

    // ---- lowering ----

    public static void lower(String canon, CallSite c) {
        if (!c.arity(1)) {
            return;
        }
        int page = c.page(0);
        if (page < 0) {
            return;
        }
        if (canon.equals("pte_page")) {
            c.emit(Op.PTE_PAGE, page, 0);
        } else {
            c.emit(Op.PTE_QUERY, page, QUERIES.indexOf(canon));
        }
    }

    // ---- effect ----

    /** Reads P's pte into the local: the frame (+1) for PTE_PAGE, the bit for PTE_QUERY. */
    static void apply(Program p, int[] n, int lb, Instr in, StepOut out) {
        int pte = n[p.pte(in.a())];
        int v;
        if (in.op() == Op.PTE_PAGE) {
            // vm_normal_page() is NULL for the zero page
            v = Pte.present(pte) && Pte.frame(pte) != p.kernel().zeroFrame() ? Pte.frame(pte) + 1 : 0;
        } else {
            v = switch (in.b()) {
                case 0 -> pte == 0 ? 1 : 0;
                case 1 -> Pte.present(pte) ? 1 : 0;
                case 2 -> Pte.writable(pte) ? 1 : 0;
                default -> (pte & Pte.DIRTY) != 0 ? 1 : 0;
            };
        }
        out.set(n, lb + in.dst(), v);
    }

    // ---- footprint ----

    /** Reads the pte, writes nothing shared (the local is the thread's own). */
    public static void footprint(Instr in, Footprint fp) {
        fp.pte(in.a(), true, false);
    }

    // ---- source ----

    /** The statement that lowers to in, dst being how the local is written. */
    public static String source(Program p, Instr in, String dst) {
        String page = p.pages().get(in.a()).name();
        return dst + " = " + (in.op() == Op.PTE_PAGE ? "vm_normal_page" : QUERIES.get(in.b())) + "(" + page + ")";
    }
}
