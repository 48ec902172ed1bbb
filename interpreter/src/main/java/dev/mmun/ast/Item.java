package dev.mmun.ast;

import dev.mmun.diag.Span;
import java.util.List;

/** A top-level item of a script: a declaration, an expectation or a timeline block. */
public sealed interface Item {
    Span span();

    record Era(String version, Span span) implements Item {}

    /** {@code page A at 0x1000 = 0 cow ref 3 tlb(CPU-0)}; value is null when not given. */
    record Page(Name name, long address, Long value, List<Option> options, Span span) implements Item {
        public Page {
            options = List.copyOf(options);
        }
    }

    /** {@code frame K = 0 ref 2}. */
    record Frame(Name name, Long value, List<Option> options, Span span) implements Item {
        public Frame {
            options = List.copyOf(options);
        }

        public Frame(Name name, Long value, Span span) {
            this(name, value, List.of(), span);
        }
    }

    /**
     * An option of a page or frame declaration: a word ({@code cow}), a word with a number
     * ({@code ref 3}: number is not null) or with names ({@code tlb(CPU-0)}: names is not null).
     */
    record Option(Name name, Long number, List<Name> names, Span span) {
        public Option {
            names = names == null ? null : List.copyOf(names);
        }

        @Override
        public String toString() {
            return name + (number != null ? " " + number
                    : names != null ? "(" + String.join(", ", names.stream().map(Name::text).toList()) + ")" : "");
        }
    }

    record Device(Name name, Name kind, Span span) implements Item {}

    record Lock(Name name, boolean sleeping, Span span) implements Item {}

    /** A CPU or device thread; body is null when its program comes from the timeline. */
    record Thread(Name name, boolean device, Name on, Block body, Span span) implements Item {}

    /** A procedure; era is the API era its body is for ({@code proc f(P) era 6.6 { }}), null for both. */
    record Proc(Name name, List<Name> params, Block body, Name era, Span span) implements Item {
        public Proc {
            params = List.copyOf(params);
        }

        public Proc(Name name, List<Name> params, Block body, Span span) {
            this(name, params, body, null, span);
        }
    }

    /**
     * A subscriber the script writes: {@code notifier NAME on DEVICE { callbacks }}, or
     * {@code interval NAME on DEVICE [from, to) { invalidate(r, cur_seq) { ... } }} (from and to
     * are null for a notifier).
     */
    record Subscriber(Name name, boolean interval, Name device, Expr from, Expr to, List<Callback> callbacks, Span span)
            implements Item {
        public Subscriber {
            callbacks = List.copyOf(callbacks);
        }
    }

    /** One callback of a subscriber: its kernel name, its parameters and its body. */
    record Callback(Name name, List<Name> params, Block body, Span span) {
        public Callback {
            params = List.copyOf(params);
        }
    }

    /** {@code arch x86} or {@code arch arm64}: the CPU architecture whose TLB flushes the primitives follow. */
    record Arch(Name arch, Span span) implements Item {}

    /** {@code gather_batch N}: how many pages an mmu_gather holds before tlb_remove_page() says it is full. */
    record GatherBatch(long size, Span span) implements Item {}

    record Mode(Name mode, Span span) implements Item {}

    record Expect(List<Name> verdicts, Span span) implements Item {
        public Expect {
            verdicts = List.copyOf(verdicts);
        }
    }

    enum Quantifier { EXISTS, NOT_EXISTS, FORALL;
        public String word() {
            return switch (this) {
                case EXISTS -> "exists";
                case NOT_EXISTS -> "~exists";
                case FORALL -> "forall";
            };
        }
    }

    /** A herd-style final condition. {@code text} is the condition as written, for reports. */
    record Final(Quantifier quantifier, Expr condition, String text, Span span) implements Item {}

    /** {@code [time N+1]} and the rows under it. */
    record TimeBlock(String label, List<Row> rows, Span span) implements Item {
        public TimeBlock {
            rows = List.copyOf(rows);
        }
    }

    /**
     * {@code schedule { T T U }}: the exact order in which {@code run} moves the threads, one step
     * per name (a counterexample written back by {@code check --emit-trace}).
     */
    record Schedule(List<Name> threads, Span span) implements Item {
        public Schedule {
            threads = List.copyOf(threads);
        }
    }

    /** One thread's cell in a time block: its statements run one after the other. */
    record Row(Name thread, List<Stmt> stmts, Span span) {
        public Row {
            stmts = List.copyOf(stmts);
        }
    }
}
