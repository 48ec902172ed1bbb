package dev.mmun.lower;

import dev.mmun.diag.Span;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Val;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The code of one thread as it is being lowered: instructions, locals, and the sizes they need. */
final class ThreadCode {
    static final int MAX_INSTRUCTIONS = 100_000;
    /**
     * Statements (and loop rounds) lowering may visit for one thread. Empty bodies emit nothing,
     * so the instruction bound alone let 40 nested {@code repeat 2 { }} run for 2^40 rounds.
     */
    static final int MAX_WORK = 2_000_000;

    final int index;
    final boolean device;
    final List<Instr> code = new ArrayList<>();
    final Map<String, Integer> locals = new LinkedHashMap<>();
    /** The names of {@link #locals} by slot: a trace's text names the local a call assigns, once per call. */
    private final List<String> names = new ArrayList<>();
    int invStarts;
    /** The code outgrew its bound; reported once, and lowering of this thread stops. */
    boolean overflowed;
    int allocs;
    /** The thread uses an mmu_gather: the machine gives it gather slots. */
    boolean usesGather;
    private int procInstances;
    private int work;

    ThreadCode(int index, boolean device) {
        this.index = index;
        this.device = device;
        local("fault");
    }

    int local(String name) {
        return locals.computeIfAbsent(name, k -> {
            names.add(k);
            return locals.size();
        });
    }

    /** The name of a local's slot (the key of {@link #locals} that maps to it). */
    String localName(int slot) {
        return slot >= 0 && slot < names.size() ? names.get(slot) : null;
    }

    int newProcInstance() {
        return ++procInstances;
    }

    /** Whether the lowering's thread was interrupted; asked once in 4096 statements (and at the first). */
    boolean interrupted() {
        return (work & 4095) == 1 && Thread.currentThread().isInterrupted();
    }

    /** Counts one statement or loop round; false once the thread has used up {@link #MAX_WORK}. */
    boolean spend() {
        return ++work <= MAX_WORK;
    }

    int pc() {
        return code.size();
    }

    boolean full() {
        return code.size() >= MAX_INSTRUCTIONS;
    }

    int emit(Op op, int dst, int a, int b, Val v, Val w, Span span, String text) {
        code.add(new Instr(op, dst, a, b, v, w, span, text));
        if (op == Op.INV_START) {
            invStarts++;
        } else if (op == Op.ALLOC) {
            allocs++;
        }
        return code.size() - 1;
    }

    void patchTarget(int at, int target) {
        code.set(at, code.get(at).withTarget(target));
    }
}
