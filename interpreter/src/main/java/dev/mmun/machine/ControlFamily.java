package dev.mmun.machine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The thread-local instructions: assignments, jumps and branches, assertions, a loop's bound, the
 * fault slot's reset and the atomic brackets. They touch only the thread's own locals and pc, so
 * they take no step of their own: {@link Semantics} runs them inside the next visible step, and the
 * library's callbacks run theirs the same way ({@link LibraryCallbacks}). What each one does and
 * how it is written back as source is here and nowhere else; the statements that lower to them
 * (assignments, if, while, atomic, assert) are the language's own, lowered by lower/Lowering.
 *
 * <p>Operands: ASSIGN dst = local, v = value. JUMP a = target. BRANCH_FALSE a = target, v = the
 * condition. ASSERT v = the condition. LOOP_BOUND v = the loop's condition after its rounds, b =
 * the rounds. FAULT_RESET: none (the fault slot is local 0).
 */
public final class ControlFamily {
    /** The family's instructions: every op that is {@link Op#local()}. */
    public static final Set<Op> OPS = EnumSet.of(Op.ATOMIC_BEGIN, Op.ATOMIC_END, Op.ASSIGN, Op.JUMP, Op.BRANCH_FALSE, Op.ASSERT,
            Op.LOOP_BOUND, Op.FAULT_RESET);

    private ControlFamily() {
    }

    // ---- effect ----

    /**
     * Runs thread t's local instruction in at pc on n (lb: the thread's first local); returns the
     * next pc. An atomic bracket does nothing here: the step that runs it counts the nesting.
     */
    static int step(int[] n, int t, int lb, int pc, Instr in, StepOut out) {
        switch (in.op()) {
            case ASSIGN -> out.set(n, lb + in.dst(), in.v().eval(n, lb));
            case JUMP -> {
                return in.a();
            }
            case BRANCH_FALSE -> {
                return in.v().eval(n, lb) == 0 ? in.a() : pc + 1;
            }
            case ASSERT -> {
                if (in.v().eval(n, lb) == 0) {
                    out.violation(new Violation(Rule.ASSERT, t, in.span(), "assert(" + in.text() + ") failed", -1, -1));
                }
            }
            case LOOP_BOUND -> {
                if (in.v().eval(n, lb) != 0) {
                    out.violation(new Violation(Rule.LOOP_BOUND, t, in.span(),
                            "the loop is still running after its " + in.b() + " rounds", -1, -1));
                }
            }
            case FAULT_RESET -> out.set(n, lb, 0);
            case ATOMIC_BEGIN, ATOMIC_END -> { }
            default -> throw new IllegalStateException("not a local op: " + in.op());
        }
        return pc + 1;
    }

    // ---- source ----

    /** Whether the instruction is written in a trace: a jump, a branch, a loop's bound and the fault reset are not. */
    public static boolean shown(Op op) {
        return switch (op) {
            case JUMP, BRANCH_FALSE, LOOP_BOUND, FAULT_RESET -> false;
            default -> true;
        };
    }

    /** The statement that lowers to a shown local instruction: dst and value as the writer spells them. */
    public static String source(Instr in, String dst, String value) {
        return switch (in.op()) {
            case ATOMIC_BEGIN -> "atomic {";
            case ATOMIC_END -> "}";
            case ASSIGN -> dst + " = " + value;
            case ASSERT -> "assert(" + value + ")";
            default -> null;
        };
    }
}
