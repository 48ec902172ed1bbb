package dev.mmun.machine;

/** A pure value over a thread's locals: constants, locals, arithmetic. Frames are index + 1; 0 is none. */
public interface Val {
    int eval(int[] s, int localBase);

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
    }

    record Not(Val operand) implements Val {
        @Override
        public int eval(int[] s, int localBase) {
            return operand.eval(s, localBase) == 0 ? 1 : 0;
        }
    }

    record Neg(Val operand) implements Val {
        @Override
        public int eval(int[] s, int localBase) {
            return -operand.eval(s, localBase);
        }
    }

    record Bin(String op, Val left, Val right) implements Val {
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
