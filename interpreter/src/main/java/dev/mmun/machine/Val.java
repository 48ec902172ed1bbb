package dev.mmun.machine;

/** A pure value over a thread's locals: constants, locals, arithmetic. Frames are index + 1; 0 is none. */
public interface Val {
    /** The value; a division or remainder by zero gives 0 here (the step reports it, see {@link #dividesByZero}). */
    int eval(int[] s, int localBase);

    /** Whether the value has a division or remainder at all: only such instructions are checked at each step. */
    default boolean divides() {
        return false;
    }

    /**
     * Whether evaluating the value now divides by zero somewhere, in the order {@link #eval} goes
     * ({@code &&} and {@code ||} skip their right side as eval does, so a guarded division is fine).
     */
    default boolean dividesByZero(int[] s, int localBase) {
        return false;
    }

    /** Gives each local slot the value reads (as {@link Local#slot}: the thread's, or a final condition's whole-state slot). */
    default void locals(java.util.function.IntConsumer each) {
    }

    record Const(int value) implements Val {
        @Override
        public int eval(int[] s, int localBase) {
            return value;
        }
    }

    record Local(int slot) implements Val {
        @Override
        public int eval(int[] s, int localBase) {
            return s[localBase + slot];
        }

        @Override
        public void locals(java.util.function.IntConsumer each) {
            each.accept(slot);
        }
    }

    /** A value of one operand: it reads the operand's locals and divides where the operand does. */
    interface Unary extends Val {
        Val operand();

        @Override
        default void locals(java.util.function.IntConsumer each) {
            operand().locals(each);
        }

        @Override
        default boolean divides() {
            return operand().divides();
        }

        @Override
        default boolean dividesByZero(int[] s, int localBase) {
            return operand().dividesByZero(s, localBase);
        }
    }

    record Not(Val operand) implements Unary {
        @Override
        public int eval(int[] s, int localBase) {
            return operand.eval(s, localBase) == 0 ? 1 : 0;
        }
    }

    record Neg(Val operand) implements Unary {
        @Override
        public int eval(int[] s, int localBase) {
            return -operand.eval(s, localBase);
        }
    }

    record Bin(String op, Val left, Val right) implements Val {
        @Override
        public void locals(java.util.function.IntConsumer each) {
            left.locals(each);
            right.locals(each);
        }

        @Override
        public boolean divides() {
            return op.equals("/") || op.equals("%") || left.divides() || right.divides();
        }

        @Override
        public boolean dividesByZero(int[] s, int localBase) {
            if (left.dividesByZero(s, localBase)) {
                return true;
            }
            if (op.equals("&&") || op.equals("||")) {
                boolean a = left.eval(s, localBase) != 0;
                return a == op.equals("&&") && right.dividesByZero(s, localBase);
            }
            return right.dividesByZero(s, localBase)
                    || (op.equals("/") || op.equals("%")) && right.eval(s, localBase) == 0;
        }

        @Override
        public int eval(int[] s, int localBase) {
            int a = left.eval(s, localBase);
            if (op.equals("&&")) {
                return a != 0 && right.eval(s, localBase) != 0 ? 1 : 0;
            }
            if (op.equals("||")) {
                return a != 0 || right.eval(s, localBase) != 0 ? 1 : 0;
            }
            int b = right.eval(s, localBase);
            return switch (op) {
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "/" -> b == 0 ? 0 : a / b;
                case "%" -> b == 0 ? 0 : a % b;
                case "==" -> a == b ? 1 : 0;
                case "!=" -> a != b ? 1 : 0;
                case "<" -> a < b ? 1 : 0;
                case "<=" -> a <= b ? 1 : 0;
                case ">" -> a > b ? 1 : 0;
                case ">=" -> a >= b ? 1 : 0;
                default -> throw new IllegalStateException("operator " + op);
            };
        }
    }

    /** The value a page maps at the end of a run (for final conditions); -1 when unmapped. */
    record Mapped(int pteSlot, int frameBase) implements Val {
        @Override
        public int eval(int[] s, int localBase) {
            int pte = s[pteSlot];
            return Pte.present(pte) ? s[frameBase + 4 * Pte.frame(pte) + 2] : -1;
        }
    }
}
