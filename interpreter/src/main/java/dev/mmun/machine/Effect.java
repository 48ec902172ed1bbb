package dev.mmun.machine;

/**
 * What a family's instructions do to a machine's state: {@link Effects} keeps one per family and
 * hands each instruction to its family's ({@link Families#of(Op)}), so the families, not a switch
 * over op codes, say what an instruction does. A class, not an interface: the step calls it
 * through a virtual call per instruction (an interface call's itable stub cost more there).
 */
abstract class Effect {
    /** Applies instruction in of thread t at pc to n; false when the thread cannot do it now (it waits). */
    abstract boolean apply(int[] n, int t, int pc, Instr in, StepOut out);

    /** A quick look, before any copying, at whether in would make thread t wait; false when in doubt (apply decides). */
    boolean blocked(int[] s, int t, Instr in) {
        return false;
    }

    /** Why thread t waits at in ({@code at} says where), or null when the family has nothing to say. */
    String waitReason(int[] n, int t, Instr in, String at) {
        return null;
    }
}
