package dev.mmun.report;

import dev.mmun.ast.Item;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.Replay;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.ControlFamily;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.session.FinalResult;
import dev.mmun.syntax.ScriptWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a counterexample back as a {@code .mmun} script that replays it: the script's own items
 * as written (era, arch, gather_batch, pages, devices, locks, procedures, the threads' whole
 * programs, a timeline's rows as programs), then the schedule as data ({@code schedule { ... }}),
 * which {@code mmun run} follows exactly and no further. So the replay is the same machine and the
 * same steps: the same rules and the same final state. It expects the rules it shows that the
 * script expects, so its exit code is check's for that schedule: 0 when check's verdict met the
 * script's expectation, 1 for a rule the script does not expect, 3 when it shows only LOOP_BOUND.
 * Final conditions are left out: they speak of every schedule, and the trace is one. Each step is
 * listed in a comment, as it ran.
 */
public final class TraceEmitter {
    private TraceEmitter() {
    }

    public static String emit(Scenario sc, SourceFile src, Run trace, Rule rule) {
        return write(sc, src, trace, "A counterexample for " + rule, null);
    }

    /**
     * The witness of a final condition (a schedule to a final state that breaks a forall or
     * ~exists, or reaches an exists): the same script, with that condition kept, so that the
     * replay judges it on the state the schedule ends in.
     */
    public static String emitWitness(Scenario sc, SourceFile src, FinalResult f) {
        Item.Final keep = null;
        for (Item.Final it : sc.script().all(Item.Final.class)) {
            if (it.span().equals(f.check().span())) {
                keep = it;
            }
        }
        return write(sc, src, f.witness(), "A schedule that " + f.witnessVerb() + " " + f.title(), keep);
    }

    private static String write(Scenario sc, SourceFile src, Run trace, String what, Item.Final keep) {
        Program p = sc.program();
        Semantics sem = new Semantics(p);
        List<Integer> choices = trace.steps().stream().map(TraceStep::thread).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(what).append(" in ").append(src == null ? sc.source().name() : src.name())
                .append(", found by mmun check: ").append(choices.size()).append(" steps.\n");
        Set<Rule> shown = EnumSet.noneOf(Rule.class);
        trace.violations().forEach(v -> shown.add(v.rule()));
        sb.append("// The schedule shows: ").append(String.join(", ", shown.stream().map(Enum::name).toList())).append('\n');
        sb.append("// Replay it with: mmun run THIS-FILE\n\n");
        for (Item it : sc.script().items()) {
            if (!(it instanceof Item.Expect || it instanceof Item.Final || it instanceof Item.Mode || it instanceof Item.Schedule)) {
                sb.append(ScriptWriter.item(it)).append('\n');
            }
        }
        Set<Rule> expected = EnumSet.noneOf(Rule.class);
        if (sc.expected() != null) {
            expected.addAll(sc.expected());
        }
        expected.retainAll(shown);
        if (!expected.isEmpty()) {
            sb.append("expect ").append(String.join(", ", expected.stream().map(Enum::name).toList())).append('\n');
        }
        sb.append('\n');
        steps(sb, sem, choices);
        sb.append(ScriptWriter.schedule(choices.stream().map(t -> p.threads().get(t).name()).toList())).append('\n');
        sb.append("mode run\n");
        if (keep != null) {
            sb.append(ScriptWriter.item(keep)).append('\n');
        }
        return sb.toString();
    }

    /** The steps as comments: each thread's statements as that step ran them, and what it broke. */
    private static void steps(StringBuilder sb, Semantics sem, List<Integer> choices) {
        Program p = sem.program();
        List<String> lines = new ArrayList<>();
        Run run = new Replay(sem).follow(sem.initial(), choices, (t, instr, before, rec, after) -> {
            StringBuilder line = new StringBuilder("//").append(String.format("%5d  ", lines.size() + 1))
                    .append(pad(p.threads().get(t).name(), p)).append("  {")
                    .append(cell(p.threads().get(t).code(), Arrays.stream(rec.pcs()).boxed().toList())).append('}');
            rec.violations().forEach(v -> line.append("   ").append(v.rule()));
            lines.add(line.toString());
        });
        lines.forEach(l -> sb.append(l).append('\n'));
        int during = run.steps().stream().mapToInt(st -> st.violations().size()).sum();
        for (var v : run.violations().subList(during, run.violations().size())) {
            sb.append("//        then no thread can move: ").append(v.rule()).append('\n');
        }
    }

    private static String cell(Instr[] code, List<Integer> pcs) {
        StringBuilder sb = new StringBuilder();
        for (int pc : pcs) {
            Instr in = code[pc];
            String st = ControlFamily.shown(in.op()) ? statement(in) : null;
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

    /** A statement as its source text says; the atomic brackets and assert as their family writes them. */
    private static String statement(Instr in) {
        return in.op().local() && in.op() != Op.ASSIGN ? ControlFamily.source(in, "", in.text()) : in.text();
    }

    private static String pad(String name, Program p) {
        int w = p.threads().stream().mapToInt(t -> t.name().length()).max().orElse(0);
        return name + " ".repeat(w - name.length());
    }
}
