package dev.mmun.machine;

import dev.mmun.diag.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one step reported, held back until the step is known to be enabled: a step that blocks
 * half-way through an atomic block did not happen, and neither did its reports.
 */
final class StepOut {
    boolean changes;
    /** false when the sink reads only which rules broke (the search): messages are then not built */
    private boolean messages = true;
    private List<Violation> violations;
    private List<Change> changeList;
    private int[] pcs;
    private int npcs;
    /**
     * The pages a library callback running in this step was called over: its DEV_FLUSH and
     * KVM_NOTIFY of the range parameter ({@link Program#libraryRange()}) read them here.
     */
    long calledOver;
    /** A secondary-TLB callback (the era's notify) is running: its flush is worded as the notify it is. */
    boolean notifying;
    /**
     * The slots this step wrote (a bit set over the state vector; null: not recorded): every write
     * of a step goes through {@link #set}, so the search finds the slots where a successor differs
     * from its parent here instead of comparing the whole vector. A slot written with the value it
     * had is not (one changed and then put back is). WriteLogTest checks that no write is missed.
     */
    long[] written;

    StepOut(boolean changes) {
        this.changes = changes;
    }

    /** Empties it for another step (a {@link Semantics.Stepper} keeps one). */
    StepOut reset(boolean changes, boolean messages) {
        this.changes = changes;
        this.messages = messages;
        if (violations != null) {
            violations.clear();
        }
        if (changeList != null) {
            changeList.clear();
        }
        npcs = 0;
        if (written != null) {
            java.util.Arrays.fill(written, 0);
        }
        hashDelta = 0;
        return this;
    }

    /**
     * A broken rule whose message is built only for a sink that reads messages: building them at
     * every state where a rule fires made buggy searches markedly slower than fixed ones.
     * {@code why} runs at once or never, so it may read the step's state.
     */
    void violation(Rule rule, int t, Span span, Supplier<String> why, int page, int frame) {
        violation(new Violation(rule, t, span, messages ? why.get() : null, page, frame));
    }

    void violation(Violation v) {
        if (violations == null) {
            violations = new ArrayList<>(2);
        }
        violations.add(v);
    }

    void change(Change.Kind kind, int page, int frame, int device, String text) {
        if (changeList == null) {
            changeList = new ArrayList<>(4);
        }
        changeList.add(new Change(kind, page, frame, device, text));
    }

    /**
     * With {@link #written}: how the step changed the state's fingerprint so far, the sum over its
     * writes of the new value's {@link SlotHash#term} less the old one's (a slot written twice
     * telescopes), so that the search need not look at the written slots again.
     */
    long hashDelta;

    /**
     * n[slot] = v, noted in {@link #written} and {@link #hashDelta} when it changes the slot: the
     * only way a step writes its state.
     */
    void set(int[] n, int slot, int v) {
        int old = n[slot];
        n[slot] = v;
        if (old != v && written != null) {
            logged(slot, old, v);
        }
    }

    /** Kept out of {@link #set} so that set stays small enough to be inlined at every write. */
    private void logged(int slot, int old, int v) {
        hashDelta += SlotHash.term(slot, v) - SlotHash.term(slot, old);
        written[slot >>> 6] |= 1L << slot;
    }

    /** Slots [from, to) of n set to 0, through {@link #set}. */
    void clear(int[] n, int from, int to) {
        for (int i = from; i < to; i++) {
            set(n, i, 0);
        }
    }

    void executed(int pc) {
        if (pcs == null) {
            pcs = new int[8];
        } else if (npcs == pcs.length) {
            pcs = java.util.Arrays.copyOf(pcs, npcs * 2);
        }
        pcs[npcs++] = pc;
    }

    void commit(Sink sink) {
        for (int i = 0; i < npcs; i++) {
            sink.executed(pcs[i]);
        }
        if (changeList != null) {
            changeList.forEach(sink::change);
        }
        if (violations != null) {
            violations.forEach(sink::violation);
        }
    }
}
