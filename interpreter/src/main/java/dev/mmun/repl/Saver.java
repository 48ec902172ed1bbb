package dev.mmun.repl;

import dev.mmun.ast.Item;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Run;
import dev.mmun.explore.Runner;
import dev.mmun.explore.TraceStep;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Violation;
import dev.mmun.session.Judge;
import dev.mmun.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a session as a .mmun file: its declarations as written, every thread declared without a
 * body, and a timeline of the steps it took, which {@code mmun run} follows. Statements not run
 * yet are listed in a comment. The file is compiled and run before it is written, to check that
 * it replays the session, and its {@code expect} line says what that run finds.
 */
final class Saver {
    /** The text, and a problem when the file does not replay the session step for step (null when it does). */
    record Saved(String text, String problem) {}

    private static final int RULER = 72;

    private Saver() {
    }

    static Saved save(Session session, List<Event> events, Build b, List<Taken> tape, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("// A session of mmun repl, saved with :save. `mmun run ").append(name).append("` replays it.\n\n");
        Map<String, Item.Thread> threads = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Event.Decls d) {
                for (Item it : d.items()) {
                    if (it instanceof Item.Thread th) {
                        threads.putIfAbsent(th.name().text(), th);
                    } else if (!(it instanceof Item.TimeBlock || it instanceof Item.Expect || it instanceof Item.Final
                            || it instanceof Item.Mode || it instanceof Item.Schedule)) {
                        String text = SpanText.of(d.source(), it.span());
                        if (!text.isBlank() && !text.equals(";")) {
                            sb.append(text).append('\n');
                        }
                    }
                }
            }
        }
        sb.append('\n');
        for (Program.Thread th : b.program.threads()) {
            Item.Thread decl = threads.get(th.name());
            if (th.device()) {
                sb.append("dev ").append(th.name());
                if (decl != null && decl.on() != null) {
                    sb.append(" on ").append(decl.on().text());
                }
            } else {
                sb.append("cpu ").append(th.name());
            }
            sb.append('\n');
        }
        timeline(sb, b, tape);
        pending(sb, b, tape);
        String body = sb.toString();
        Session.Compiled c = session.compile(new SourceFile(name, body + "expect ok\n"));
        if (c.scenario() == null) {
            String why = c.failure().diagnostics().isEmpty() ? "?" : c.failure().diagnostics().get(0).span().where() + ": "
                    + c.failure().diagnostics().get(0).message();
            return new Saved(body, "the saved file does not compile: " + why);
        }
        Run run = new Runner(c.scenario(), new Semantics(c.scenario().program()), Runner.DEFAULT_MAX_STEPS).run();
        Set<Rule> rules = Judge.rules(run.violations().stream().map(Violation::rule).toList());
        String expect = rules.isEmpty() ? "ok" : rules.stream().map(Enum::name).collect(Collectors.joining(", "));
        return new Saved(body + "\nexpect " + expect + "\n", compare(c.scenario(), run, b, tape));
    }

    private static void timeline(StringBuilder sb, Build b, List<Taken> tape) {
        List<Cells.Cell> cells = new Cells(b, tape).cells();
        int width = b.program.threads().stream().mapToInt(t -> t.name().length()).max().orElse(4);
        int block = -1;
        for (Cells.Cell c : cells) {
            if (c.block() != block) {
                block = c.block();
                String head = "\n[time " + c.label() + "] ";
                sb.append(head).append("-".repeat(Math.max(4, RULER - head.length() + 1))).append('\n');
            }
            String name = b.threadName(c.thread());
            sb.append(name).append(" ".repeat(width - name.length() + 2)).append('{').append(c.source()).append("}\n");
        }
    }

    private static void pending(StringBuilder sb, Build b, List<Taken> tape) {
        List<String> lines = new ArrayList<>();
        Map<Integer, Integer> pcNow = new HashMap<>();
        for (Taken k : tape) {
            pcNow.put(k.thread(), k.pcAfter());
        }
        for (int i = 0; i < b.slotCount(); i++) {
            Scenario.Slot s = b.slot(i);
            int pc = pcNow.getOrDefault(s.thread(), 0);
            if (pc < s.endPc()) {
                String rest = pc > b.slotStart[i] ? "the rest of " : "";
                lines.add("//   " + rest + b.threadName(s.thread()) + " {" + b.origins.get(i).text().replace("\n", " ") + "}");
            }
        }
        if (!lines.isEmpty()) {
            sb.append("\n// Not run when the session was saved:\n").append(String.join("\n", lines)).append('\n');
        }
    }

    /** Whether the saved file's run takes the session's steps: the same threads, the same changes. */
    private static String compare(Scenario saved, Run run, Build b, List<Taken> tape) {
        List<TraceStep> steps = run.steps();
        for (int i = 0; i < Math.max(steps.size(), tape.size()); i++) {
            if (i >= steps.size() || i >= tape.size()) {
                return "the saved file takes " + steps.size() + " steps, the session took " + tape.size();
            }
            String a = saved.program().threads().get(steps.get(i).thread()).name() + ": "
                    + StepPrinter.joinChanges(steps.get(i).changes());
            String c = b.threadName(tape.get(i).thread()) + ": " + StepPrinter.joinChanges(tape.get(i).changes());
            if (!a.equals(c)) {
                return "step " + (i + 1) + " differs: the session took {" + c + "}, the saved file takes {" + a + "}";
            }
        }
        return null;
    }
}
