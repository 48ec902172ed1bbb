package dev.mmun.machine;

import java.util.List;

/**
 * The meaning of a program: its initial state and the pure step function. {@code step(s, t)} is
 * the only place a statement means anything; run, check, the REPL and replay all schedule it.
 * Thread-safe: it keeps no mutable state.
 */
public final class Semantics {
    private final Program p;
    private final Effects fx;
    /** each thread's code, kept apart from the program's lists for the hot path */
    private final Instr[][] codes;
    /** per thread and pc: the instruction computes a division, so each step checks its divisor */
    private final boolean[][] divides;

    public Semantics(Program program) {
        this.p = program;
        this.fx = new Effects(program);
        this.codes = new Instr[program.threads().size()][];
        this.divides = new boolean[codes.length][];
        for (int t = 0; t < codes.length; t++) {
            codes[t] = program.threads().get(t).code();
            divides[t] = new boolean[codes[t].length];
            for (int pc = 0; pc < codes[t].length; pc++) {
                Instr in = codes[t][pc];
                divides[t][pc] = in.v() != null && in.v().divides() || in.w() != null && in.w().divides();
            }
        }
    }

    public Program program() {
        return p;
    }

    public State initial() {
        int[] s = new int[p.stateSize()];
        for (int f = 0; f < p.frames().size(); f++) {
            Program.Frame fr = p.frames().get(f);
            s[p.frameRef(f)] = fr.initialRef();
            s[p.frameGen(f)] = fr.initialRef() > 0 ? 1 : 0;
            s[p.frameContent(f)] = fr.content();
        }
        for (int i = 0; i < p.pages().size(); i++) {
            Program.Page pg = p.pages().get(i);
            if (pg.frame() < 0) {
                continue;
            }
            int pte = Pte.make(pg.frame(), pg.writable(), pg.dirty());
            s[p.lastWritten(i)] = p.frames().get(pg.frame()).content();
            s[p.pte(i)] = pte;
            for (int c = 0; c < p.cpuCount(); c++) {
                if ((pg.cpuTlbs() & (1L << c)) != 0) {
                    s[p.cpuTlb(c, i)] = Pte.tlbEntry(pte, 1);
                }
            }
            for (int d = 0; d < p.devices().size(); d++) {
                if (!p.devices().get(d).walksPageTable()) {
                    continue;
                }
                s[p.mayCache(d, i)] = 1 << pg.frame();
                s[p.mayCacheWritable(d, i)] = pg.writable() ? 1 << pg.frame() : 0;
                if (pg.tlbPreload()) {
                    s[p.devTlb(d, i)] = Pte.tlbEntry(pte, 1);
                }
            }
        }
        MirrorEffects.initial(p, s);
        return new State(s);
    }

    public boolean finished(int[] s, int t) {
        return s[p.pc(t)] >= codes[t].length;
    }

    public boolean allFinished(int[] s) {
        for (int t = 0; t < codes.length; t++) {
            if (!finished(s, t)) {
                return false;
            }
        }
        return true;
    }

    public State step(State s, int t, Sink sink) {
        int[] n = step(s.raw(), t, sink);
        return n == null ? null : new State(n);
    }

    /**
     * One step of thread t: its thread-local instructions, then one machine instruction (or a whole
     * atomic block), then the thread-local instructions that follow. A step that would block inside
     * an atomic block is not enabled at all. Returns the new state, or null
     * when the thread has finished or cannot move (it waits for a lock or for a mapping).
     */
    public int[] step(int[] s, int t, Sink sink) {
        Instr[] code = codes[t];
        int pc = s[p.pc(t)];
        if (pc >= code.length || fx.blocked(s, t, code[pc])) {
            return null;
        }
        int[] n = s.clone();
        return run(n, t, pc, sink) ? n : null;
    }

    /**
     * The step function for one search thread, reusing its buffers: the explorer's hot path. Not
     * thread-safe; it holds nothing between steps but scratch space.
     */
    public Stepper stepper() {
        return new Stepper();
    }

    public final class Stepper {
        private final StepOut out = new StepOut(false);

        private Stepper() {
        }

        /**
         * The same step as {@link Semantics#step(int[], int, Sink)}, written into {@code into} (a
         * vector of the state's length, which it overwrites whole) instead of a new vector. Returns
         * false, and leaves {@code into} unspecified, when the thread cannot move.
         */
        public boolean step(int[] s, int t, Sink sink, int[] into) {
            return step(s, t, sink, into, null);
        }

        /**
         * The same, and the slots the step changed set in {@code written} (a bit set over the state
         * vector, which it clears first; null: not recorded): every slot where {@code into} differs
         * from s is in it, and perhaps slots changed and then put back. With a log,
         * {@link #hashDelta} then tells how the step changed the state's fingerprint.
         */
        public boolean step(int[] s, int t, Sink sink, int[] into, long[] written) {
            Instr[] code = codes[t];
            int pc = s[p.pc(t)];
            // no blocked() look first, unlike step(): the copy is cheaper than that call on every
            // thread of every state, and apply() says as surely whether the thread waits
            if (pc >= code.length) {
                return false;
            }
            System.arraycopy(s, 0, into, 0, s.length);
            out.written = written;
            return run(into, t, pc, sink, out.reset(sink.wantsChanges(), sink.wantsMessages()));
        }

        /**
         * After a step that kept a log: the fingerprint of its successor less the fingerprint of
         * the state it started from (explore/Fingerprint, the sum of {@link SlotHash#term} over the slots).
         */
        public long hashDelta() {
            return out.hashDelta;
        }
    }

    /** Runs thread t's step from pc on n, a copy of the state it starts from; false when it cannot move. */
    private boolean run(int[] n, int t, int pc, Sink sink) {
        return run(n, t, pc, sink, new StepOut(sink.wantsChanges()));
    }

    private boolean run(int[] n, int t, int pc, Sink sink, StepOut out) {
        Instr[] code = codes[t];
        int pcSlot = p.pc(t);
        int lb = p.localBase(t);
        boolean visibleDone = false;
        int atomic = 0;
        while (pc < code.length) {
            Instr in = code[pc];
            Op op = in.op();
            if (op == Op.ATOMIC_BEGIN) {
                if (visibleDone && atomic == 0) {
                    break;
                }
                atomic++;
                if (out.changes) {
                    out.executed(pc);
                }
                pc++;
                continue;
            }
            if (op == Op.ATOMIC_END) {
                atomic--;
                if (out.changes) {
                    out.executed(pc);
                }
                pc++;
                continue;
            }
            if (op.local()) {
                if (divides[t][pc]) {
                    checkDivisions(n, t, lb, in, out);
                }
                if (out.changes) {
                    out.executed(pc);
                }
                pc = ControlFamily.step(n, t, lb, pc, in, out);
                continue;
            }
            if (visibleDone && atomic == 0) {
                break;
            }
            if (divides[t][pc]) {
                checkDivisions(n, t, lb, in, out);
            }
            if (!fx.apply(n, t, pc, in, out)) {
                return false;
            }
            if (out.changes) {
                out.executed(pc);
            }
            visibleDone = true;
            pc++;
        }
        out.set(n, pcSlot, pc);
        if (pc >= code.length) {
            fx.threadExit(n, t, out);
        }
        out.commit(sink);
        return true;
    }

    /**
     * A division or remainder by zero computed at run time is the script's own assertion failing,
     * at the step that computes it (the value is 0, and the step goes on). A constant divisor 0 is
     * a static error (Lowering).
     */
    private static void checkDivisions(int[] n, int t, int lb, Instr in, StepOut out) {
        boolean zero = in.v() != null && in.v().dividesByZero(n, lb) || in.w() != null && in.w().dividesByZero(n, lb);
        if (zero) {
            out.violation(new Violation(Rule.ASSERT, t, in.span(), "division by zero in " + in.text(), -1, -1));
        }
    }

    /**
     * Whether thread t can move in s: the same answer as {@code step(s, t, ...) != null}, without
     * building the successor when the next step is a single machine instruction.
     */
    public boolean canMove(int[] s, int t) {
        Instr[] code = codes[t];
        int pc = s[p.pc(t)];
        if (pc >= code.length) {
            return false;
        }
        Instr in = code[pc];
        if (!in.op().local()) {
            return !fx.blocked(s, t, in);
        }
        return step(s, t, Sink.IGNORE) != null;
    }

    /** The machine instruction thread t's next step starts with (after its local jumps); null at the end. */
    public Instr nextInstr(int[] s, int t) {
        return fx.nextVisible(s, t);
    }

    /** Why thread t cannot move in state s, in words; null when it can or has finished. */
    public String waitingFor(int[] s, int t) {
        if (finished(s, t) || step(s, t, Sink.IGNORE) != null) {
            return null;
        }
        return fx.waitReason(s, t);
    }

    /**
     * How a run that ends in s is judged; no thread can move there. The end-of-run rules (a
     * write-protect never propagated, ...), then a DEADLOCK when some thread has not finished,
     * placed at the next statement of the first such thread. Every driver (run, check, random
     * runs, replay, the REPL) judges the end of a run here and nowhere else.
     */
    public List<Violation> terminal(int[] s) {
        List<Violation> out = new java.util.ArrayList<>(fx.rules().atEnd(s));
        for (int t = 0; t < codes.length; t++) {
            if (!finished(s, t)) {
                Instr at = nextInstr(s, t);
                out.add(new Violation(Rule.DEADLOCK, t, at == null ? p.threads().get(t).span() : at.span(),
                        "no thread can move: " + String.join("; ", stuck(s)), -1, -1));
                break;
            }
        }
        return out;
    }

    /**
     * The rules {@link #terminal(int[])} reports for s, as a bit mask over Rule ordinals, without
     * the DEADLOCK message (which steps every thread again to say why it waits): the search asks
     * this at every terminal state and replays the trace for the message.
     */
    public int terminalRules(int[] s) {
        int mask = 0;
        for (Violation v : fx.rules().atEnd(s)) {
            mask |= 1 << v.rule().ordinal();
        }
        for (int t = 0; t < codes.length; t++) {
            if (!finished(s, t)) {
                return mask | 1 << Rule.DEADLOCK.ordinal();
            }
        }
        return mask;
    }

    /** Whether no thread can move in s: the run ends there. */
    public boolean ended(int[] s) {
        for (int t = 0; t < codes.length; t++) {
            if (canMove(s, t)) {
                return false;
            }
        }
        return true;
    }

    /** The threads that cannot move in a state where nobody can, with why. */
    public List<String> stuck(int[] s) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int t = 0; t < p.threads().size(); t++) {
            String why = waitingFor(s, t);
            if (why != null) {
                out.add(p.threads().get(t).name() + " " + why);
            }
        }
        return out;
    }
}
