package dev.mmun.machine;

import dev.mmun.diag.Span;

/**
 * One lowered instruction. Operands: {@code dst} a local slot; {@code a}, {@code b} page, lock,
 * range or jump target indices; {@code v}, {@code w} pure values (frames, data, conditions).
 * {@code text} is the statement as the user wrote it, for the timeline.
 */
public record Instr(Op op, int dst, int a, int b, Val v, Val w, Span span, String text) {

    public Instr withTarget(int target) {
        return new Instr(op, dst, target, b, v, w, span, text);
    }
}
