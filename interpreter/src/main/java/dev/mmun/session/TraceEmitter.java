package dev.mmun.session;

import dev.mmun.check.Scenario;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.Runner;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Change;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Sink;
import dev.mmun.machine.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a counterexample back as a {@code .mmun} script whose timeline is the schedule: the same
 * machine, threads without bodies, and one timeline row per step holding the statements that step
 * ran (branches already taken, procedures already inlined). After the counterexample the threads
 * run to their end on the default schedule, so that no thread is cut off half-way (a thread that
 * ended inside an invalidation would break a rule of its own). {@code mmun run} replays it.
 */
public final class TraceEmitter {
    private TraceEmitter() {
    }

    public static String emit(Scenario sc, SourceFile src, Run trace, Rule rule) {
        Program p = sc.program();
        Semantics sem = new Semantics(p);
        List<Integer> choices = trace.steps().stream().map(TraceStep::thread).toList();
        Run full = new Runner(sc, sem, Runner.DEFAULT_MAX_STEPS).replay(choices);
        StringBuilder sb = new StringBuilder();
        sb.append("// A counterexample for ").append(rule).append(" in ").append(src == null ? sc.source().name() : src.name())
                .append(", found by mmun check: ").append(choices.size()).append(" steps.\n");
        sb.append("// Replay it with: mmun run THIS-FILE\n");
        declarations(sb, p);
        sb.append('\n');
        int[] s = sem.initial().raw();
        Set<Integer> inBlock = new HashSet<>();
        int block = 0;
        for (int i = 0; i < full.steps().size(); i++) {
            int t = full.steps().get(i).thread();
            PcSink pcs = new PcSink();
            int[] n = sem.step(s, t, pcs);
            if (n == null) {
                break;
            }
            s = n;
            if (i == choices.size()) {
                sb.append("// ---- the counterexample ends here; the rest runs the threads to their end ----\n");
                inBlock.clear();
            }
            if (inBlock.isEmpty() || inBlock.contains(t)) {
                inBlock.clear();
                sb.append("[time ").append(++block).append("] ").append("-".repeat(60)).append('\n');
            }
            inBlock.add(t);
            sb.append(pad(p.threads().get(t).name(), p)).append("  {").append(cell(p.threads().get(t).code(), pcs.pcs)).append("}");
            for (Violation v : full.steps().get(i).violations()) {
                sb.append("   // ").append(v.rule());
            }
            sb.append('\n');
        }
        stuckThreads(sb, sem, s, p);
        Set<Rule> rules = Judge.rules(full.violations().stream().map(Violation::rule).toList());
        sb.append('\n').append("mode run\n");
        sb.append("expect ").append(rules.isEmpty() ? "ok" : String.join(", ", rules.stream().map(Enum::name).toList())).append('\n');
        return sb.toString();
    }

    /** A deadlock: the waiting threads' next statements, which the replay then cannot run either. */
    private static void stuckThreads(StringBuilder sb, Semantics sem, int[] s, Program p) {
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < p.threads().size(); t++) {
            if (sem.finished(s, t)) {
                continue;
            }
            Instr in = sem.nextInstr(s, t);
            if (in != null) {
                rows.add(pad(p.threads().get(t).name(), p) + "  {" + statement(in) + "}   // waits");
            }
        }
        if (!rows.isEmpty()) {
            sb.append("[time stuck] ").append("-".repeat(60)).append('\n');
            rows.forEach(r -> sb.append(r).append('\n'));
        }
    }

    private static String cell(Instr[] code, List<Integer> pcs) {
        StringBuilder sb = new StringBuilder();
        for (int pc : pcs) {
            Instr in = code[pc];
            String st = switch (in.op()) {
                case ATOMIC_BEGIN -> "atomic {";
                case ATOMIC_END -> "}";
                case BRANCH_FALSE, JUMP, LOOP_BOUND, FAULT_RESET -> null;
                default -> statement(in);
            };
            if (st == null) {
                continue;
            }
            if (sb.length() > 0 && !sb.toString().endsWith("{") && !st.equals("}")) {
                sb.append(';');
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(st);
        }
        return sb.toString();
    }

    private static String statement(Instr in) {
        return in.op() == Op.ASSERT ? "assert(" + in.text() + ")" : in.text();
    }

    private static String pad(String name, Program p) {
        int w = p.threads().stream().mapToInt(t -> t.name().length()).max().orElse(0);
        return name + " ".repeat(w - name.length());
    }

    private static void declarations(StringBuilder sb, Program p) {
        sb.append("era ").append(p.era().version()).append("\n\n");
        Set<Integer> mapped = new HashSet<>();
        for (Program.Page pg : p.pages()) {
            sb.append("page ").append(pg.name()).append(" at 0x").append(Long.toHexString(pg.address()));
            if (pg.frame() < 0) {
                sb.append(" unmapped");
            } else {
                mapped.add(pg.frame());
                Program.Frame f = p.frames().get(pg.frame());
                sb.append(" = ").append(f.content());
                sb.append(pg.writable() ? " rw" : f.initialRef() > 1 ? " cow" : " ro");
                if (pg.huge()) {
                    sb.append(" huge");
                }
                if (pg.dirty()) {
                    sb.append(" dirty");
                }
                if (pg.tlbPreload()) {
                    sb.append(" tlb");
                }
            }
            sb.append('\n');
        }
        for (int f = 0; f < p.frames().size(); f++) {
            Program.Frame fr = p.frames().get(f);
            if (!mapped.contains(f) && fr.initialRef() > 0) {
                sb.append("frame ").append(fr.name()).append(" = ").append(fr.content()).append('\n');
            }
        }
        for (Program.Device d : p.devices()) {
            sb.append("device ").append(d.name()).append(' ').append(d.kind()).append('\n');
        }
        for (Program.Lock l : p.locks()) {
            if (!l.pageTable()) {
                sb.append(l.sleeping() ? "mutex " : "spinlock ").append(l.name()).append('\n');
            }
        }
        for (Program.Thread t : p.threads()) {
            sb.append(t.device() ? "dev " : "cpu ").append(t.name());
            if (t.device()) {
                sb.append(" on ").append(p.devices().get(t.deviceIndex()).name());
            }
            sb.append('\n');
        }
    }

    /** Collects the pcs a step ran. */
    private static final class PcSink implements Sink {
        final List<Integer> pcs = new ArrayList<>();

        @Override
        public void violation(Violation v) {
        }

        @Override
        public boolean wantsChanges() {
            return true;
        }

        @Override
        public void change(Change c) {
        }

        @Override
        public void executed(int pc) {
            pcs.add(pc);
        }
    }
}
