package dev.mmun.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The instruction families that define their primitives in one file each (lowering, effect,
 * footprint, source form, documentation): the front end finds a primitive's family here by name,
 * the machine, the footprints and the source writer find an instruction's family by its op, and
 * the docs' tables are checked against their lines, and the lowering of a script's callbacks asks
 * each instruction whether it calls them ({@link #calls(Instr)}). A new family is one entry below (and its
 * effect in {@link Effects}); a new instruction of a family is an edit of the family's file only.
 */
public final class Families {
    /** What an instruction reads and writes in any state (thread t runs it). */
    @FunctionalInterface
    public interface StaticFootprint {
        void of(Program p, int t, Instr in, Footprint fp);
    }

    /** What an instruction reads and writes when thread t runs it next in state s. */
    @FunctionalInterface
    public interface ExactFootprint {
        void of(Program p, int[] s, int t, Instr in, Footprint fp);
    }

    /** How the statements the source writer knows are written: the call's local, a value, a frame. */
    public interface Operands {
        /** The local the instruction writes, as written ("" when none). */
        String dst();

        /** A value operand over the thread's locals. */
        String value(Val v);

        /** A frame operand: a declared frame by name, NULL, or the value. */
        String frame(Val v);
    }

    /** The statement that lowers to an instruction (null: none; the step shows with the statement around it). */
    @FunctionalInterface
    public interface SourceForm {
        String of(Program p, Instr in, Operands o);
    }

    /**
     * A family: its primitives and lowering, its instructions, their footprints and source forms, and
     * how many of an instruction's value operands (v, then w) are frames (the frame symmetry renames them).
     */
    public record Family(String name, List<Primitive> primitives, BiConsumer<String, CallSite> lower, Set<Op> ops,
                         StaticFootprint footprint, ExactFootprint exact, SourceForm source, ToIntFunction<Op> frameOperands,
                         Function<Instr, Calls> calls) {
        /** A family whose instructions call no subscriber. */
        public Family(String name, List<Primitive> primitives, BiConsumer<String, CallSite> lower, Set<Op> ops,
                      StaticFootprint footprint, ExactFootprint exact, SourceForm source, ToIntFunction<Op> frameOperands) {
            this(name, primitives, lower, ops, footprint, exact, source, frameOperands, in -> null);
        }

        /** A family whose instructions take no frame operands and call no subscriber. */
        public Family(String name, List<Primitive> primitives, BiConsumer<String, CallSite> lower, Set<Op> ops,
                      StaticFootprint footprint, ExactFootprint exact, SourceForm source) {
            this(name, primitives, lower, ops, footprint, exact, source, op -> 0);
        }

        /** The footprint of in as thread t's next step in state s: the exact one where the family has it. */
        public void exact(Program p, int[] s, int t, Instr in, Footprint fp) {
            if (exact == null) {
                footprint.of(p, t, in, fp);
            } else {
                exact.of(p, s, t, in, fp);
            }
        }
    }

    /** A primitive and the lowering of its family. */
    public record Entry(String family, Primitive primitive, BiConsumer<String, CallSite> lower) {
        public void lower(CallSite c) {
            lower.accept(primitive.canonical(), c);
        }
    }

    private static final Map<String, List<Primitive>> FAMILIES = new LinkedHashMap<>();
    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final List<Family> LIST = new ArrayList<>();
    private static final Family[] BY_OP = new Family[Op.values().length];

    static {
        add(new Family("memory", MemoryFamily.PRIMITIVES, MemoryFamily::lower, MemoryFamily.OPS, MemoryFamily::footprint,
                MemoryFamily::footprint, (p, in, o) -> MemoryFamily.source(p, in, o.dst(), in.v() == null ? null : o.value(in.v()))));
        add(new Family("locks", LockFamily.PRIMITIVES, LockFamily::lower, LockFamily.OPS, (p, t, in, fp) -> LockFamily.footprint(in, fp),
                null, (p, in, o) -> LockFamily.source(p, in)));
        add(new Family("frames", FrameFamily.PRIMITIVES, FrameFamily::lower, FrameFamily.OPS,
                (p, t, in, fp) -> FrameFamily.footprint(p, in, fp), FrameFamily::footprint,
                (p, in, o) -> FrameFamily.source(in, o.dst(), in.v() == null ? null : o.frame(in.v()), in.w() == null ? null : o.frame(in.w())),
                FrameFamily::frameOperands));
        add(new Family("pte-reads", PteReadFamily.PRIMITIVES, PteReadFamily::lower, PteReadFamily.OPS,
                (p, t, in, fp) -> PteReadFamily.footprint(in, fp), null, (p, in, o) -> PteReadFamily.source(p, in, o.dst())));
        add(new Family("notifier-calls", NotifierFamily.PRIMITIVES, NotifierFamily::lower,
                EnumSet.of(Op.NOTIFY, Op.INV_START, Op.INV_END, Op.RELEASE), (p, t, in, fp) -> NotifierFamily.footprint(p, in, fp), null,
                (p, in, o) -> NotifierFamily.source(p, in, o.dst()), op -> 0, NotifierFamily::calls));
        // the core's steps around a callback (SUB_CALL, SUB_RESULT) come back from the notifier call that lowers to them
        add(new Family("callbacks", SubscriberFamily.PRIMITIVES, SubscriberFamily::lower,
                EnumSet.of(Op.SUB_CALL, Op.SUB_RESULT, Op.DEV_FLUSH, Op.SET_SEQ, Op.SLEEP, Op.TRYLOCK, Op.KVM_NOTIFY),
                (p, t, in, fp) -> SubscriberFamily.footprint(p, in, fp), null,
                (p, in, o) -> in.op() == Op.SUB_CALL || in.op() == Op.SUB_RESULT ? null
                        : SubscriberFamily.source(p, in, o.dst(), in.v() == null ? null : o.value(in.v()))));
        add(new Family("pte-stores", PteStoreFamily.PRIMITIVES, PteStoreFamily::lower, PteStoreFamily.OPS,
                (p, t, in, fp) -> PteStoreFamily.footprint(p, in, fp), PteStoreFamily::footprint,
                (p, in, o) -> PteStoreFamily.source(p, in, in.v() == null ? null : o.frame(in.v()), o.dst()), PteStoreFamily::frameOperands,
                PteStoreFamily::calls));
        add(new Family("tlb-flushes", TlbFlushFamily.PRIMITIVES, TlbFlushFamily::lower, TlbFlushFamily.OPS,
                TlbFlushFamily::footprint, null, TlbFlushFamily::source, TlbFlushFamily::frameOperands, TlbFlushFamily::calls));
        add(new Family("kernel-ops", KernelOpsFamily.PRIMITIVES, KernelOpsFamily::lower, KernelOpsFamily.OPS,
                (p, t, in, fp) -> fp.everything(), null, KernelOpsFamily::source, KernelOpsFamily::frameOperands));
        add(new Family("mirror-ops", MirrorFamily.PRIMITIVES, MirrorFamily::lower, MirrorFamily.OPS,
                (p, t, in, fp) -> fp.everything(), null, MirrorFamily::source));
    }

    private Families() {
    }

    private static void add(Family f) {
        FAMILIES.put(f.name(), f.primitives());
        LIST.add(f);
        for (Primitive pr : f.primitives()) {
            for (String name : pr.names()) {
                if (BY_NAME.put(name, new Entry(f.name(), pr, f.lower())) != null) {
                    throw new IllegalStateException("primitive name " + name + " defined twice");
                }
            }
        }
        for (Op op : f.ops()) {
            if (op.local() || BY_OP[op.ordinal()] != null) {
                throw new IllegalStateException(op + " is local or in two families");
            }
            BY_OP[op.ordinal()] = f;
        }
    }

    /**
     * Whether a step of op may drop a frame's last reference: put_page(), and the mmu_gather's steps
     * that may flush its batch (tlb_remove_page() when the batch is full, a flush that frees, the
     * end of a vma), the only callers of FrameFamily.putPage. The reductions that reason about where
     * a frame may be freed next ask this, per step; FootprintChecker checks it against every step
     * that frees a frame.
     */
    public static boolean mayFree(Op op) {
        return op == Op.PUT_PAGE || op == Op.TLB_REMOVE_PAGE || op == Op.TLB_FLUSH || op == Op.TLB_END_VMA;
    }

    /**
     * Whether a thread running this code may free frames: it calls put_page(), or moves frames into
     * its own mmu_gather batch (__tlb_remove_page()), which only its own gather steps free. Weaker
     * than asking {@link #mayFree} of each instruction: a thread that gathers no page flushes an
     * empty batch. The same check as FootprintChecker's, per thread.
     */
    public static boolean threadFrees(Instr[] code) {
        for (Instr in : code) {
            if (in.op() == Op.PUT_PAGE || in.op() == Op.TLB_REMOVE_PAGE) {
                return true;
            }
        }
        return false;
    }

    /** The family of a machine instruction (null for the thread-local ops). */
    public static Family of(Op op) {
        return BY_OP[op.ordinal()];
    }

    /**
     * Which of the script's subscribers' callbacks in calls, and over which range, as its family
     * says; null when it calls none (a thread-local op calls none).
     */
    public static Calls calls(Instr in) {
        Family f = BY_OP[in.op().ordinal()];
        return f == null ? null : f.calls().apply(in);
    }

    /** How many of in's value operands (v, then w) are frames; 0 for a thread-local op. */
    public static int frameOperands(Op op) {
        Family f = BY_OP[op.ordinal()];
        return f == null ? 0 : f.frameOperands().applyAsInt(op);
    }

    /** Every family, in the order of the docs. */
    public static List<Family> list() {
        return Collections.unmodifiableList(LIST);
    }

    /** The family primitive written with this name, or null. */
    public static Entry byName(String name) {
        return BY_NAME.get(name);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** Each family's primitives, by family name. */
    public static Map<String, List<Primitive>> all() {
        return Collections.unmodifiableMap(FAMILIES);
    }

    /** A family's table as docs/language.md shows it: statement, the names it is written with, what it does. */
    public static String table(List<Primitive> primitives) {
        List<String> rows = new ArrayList<>();
        rows.add("| statement | also written | what it does |");
        rows.add("|---|---|---|");
        for (Primitive pr : primitives) {
            String call = pr.form().contains(" = ") ? pr.form().substring(pr.form().indexOf(" = ") + 3) : pr.form();
            List<String> others = pr.names().stream().filter(n -> !call.startsWith(n + "(")).map(n -> "`" + n + "`").toList();
            rows.add("| `" + pr.form() + "` | " + (others.isEmpty() ? "-" : String.join(", ", others)) + " | " + pr.doc() + " |");
        }
        return String.join("\n", rows) + "\n";
    }
}
