package dev.mmun.repl;

import dev.mmun.ast.Item;
import dev.mmun.machine.Describe;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.State;
import dev.mmun.report.Style;
import dev.mmun.report.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Short descriptions for the REPL: what a declaration made, where a thread is, what a file brought. */
final class Describer {
    private Describer() {
    }

    static void declarations(PrintWriter out, Style style, Build b, List<Item> items) {
        Program p = b.program;
        Describe names = new Describe(p);
        for (Item it : items) {
            String text = null;
            if (it instanceof Item.Page pg) {
                int i = pageIndex(p, pg.name().text());
                Program.Page page = p.pages().get(i);
                int pte = b.sem.initial().get(p.pte(i));
                text = "page " + page.name() + " at 0x" + Long.toHexString(page.address()) + ": pte " + names.pte(pte)
                        + ", lock " + names.lock(page.ptl());
            } else if (it instanceof Item.Device d) {
                text = "device " + d.name() + " (" + d.kind() + ")";
            } else if (it instanceof Item.Thread th) {
                text = (th.device() ? "dev " : "cpu ") + th.name() + (th.on() == null ? "" : " on " + th.on())
                        + (th.body() == null ? ""
                        : ": " + th.body().stmts().size() + " statement" + (th.body().stmts().size() == 1 ? "" : "s")
                        + " to run (:step " + th.name() + ")");
            } else if (it instanceof Item.Proc pr) {
                text = "proc " + pr.name() + "(" + String.join(", ", pr.params().stream().map(n -> n.text()).toList()) + ")";
            } else if (it instanceof Item.Lock l) {
                text = (l.sleeping() ? "mutex " : "spinlock ") + l.name();
            } else if (it instanceof Item.Frame f) {
                text = "frame " + f.name();
            } else if (it instanceof Item.Era) {
                text = "era " + p.version();
            } else if (it instanceof Item.TimeBlock tb) {
                text = "[time " + tb.label() + "]: " + tb.rows().size() + " row" + (tb.rows().size() == 1 ? "" : "s") + " (:run follows them)";
            } else if (it instanceof Item.Schedule sch) {
                text = "schedule of " + sch.threads().size() + " steps: mmun run follows it; :step and :run here do not";
            } else if (it instanceof Item.Expect || it instanceof Item.Final || it instanceof Item.Mode) {
                text = "noted; expectations are judged by mmun run and mmun check, not here";
            }
            if (text != null) {
                out.println("  " + style.dim(text));
            }
        }
    }

    private static int pageIndex(Program p, String name) {
        for (int i = 0; i < p.pages().size(); i++) {
            if (p.pages().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no page " + name);
    }

    /** Where thread t is: its next statement, why it waits, or that it has finished. */
    static String next(Build b, State s, int t) {
        if (b.sem.finished(s.raw(), t)) {
            return "finished";
        }
        String why = b.sem.waitingFor(s.raw(), t);
        if (why != null) {
            return why;
        }
        Instr in = b.sem.nextInstr(s.raw(), t);
        return in == null ? "only local statements left" : "next: " + in.text() + " at " + in.span().where();
    }

    /** The locals that the instructions in [start, end) assign, with their values now. */
    static String localsOf(Build b, State s, int t, int start, int end) {
        Program.Thread th = b.program.threads().get(t);
        Set<Integer> slots = new LinkedHashSet<>();
        for (int pc = start; pc < end; pc++) {
            if (th.code()[pc].op() == Op.ASSIGN) {
                slots.add(th.code()[pc].dst());
            }
        }
        List<String> parts = new ArrayList<>();
        for (int slot : slots) {
            parts.add(StepPrinter.displayName(th.locals().get(slot)) + " = " + s.get(b.program.localBase(t) + slot));
        }
        return parts.isEmpty() ? "no step" : String.join("; ", parts);
    }

    static String loaded(Style style, Build b, String file) {
        Program p = b.program;
        List<String> threads = new ArrayList<>();
        for (int t = 0; t < p.threads().size(); t++) {
            threads.add(p.threads().get(t).name());
        }
        boolean timeline = b.origins.stream().anyMatch(o -> o.kind() == Origin.Kind.TIMELINE && o.source() != null
                && o.source().name().equals(file));
        return "  loaded " + file + ": " + p.pages().size() + " page" + (p.pages().size() == 1 ? "" : "s") + ", "
                + p.devices().size() + " device" + (p.devices().size() == 1 ? "" : "s") + ", threads "
                + (threads.isEmpty() ? "none" : String.join(", ", threads))
                + style.dim(timeline ? " (:step THREAD steps one; :run follows the timeline)" : " (:step THREAD steps one; :run runs them round robin)");
    }

    /** The threads: kind, where each is, and its locals. */
    static String threads(Build b, State s, Style style) {
        Program p = b.program;
        if (p.threads().isEmpty()) {
            return "  " + style.dim("no threads yet: a statement typed here runs on the cpu thread " + Assembler.IMPLICIT) + "\n";
        }
        Table t = new Table("thread", "kind", "state", "locals");
        for (int i = 0; i < p.threads().size(); i++) {
            Program.Thread th = p.threads().get(i);
            String kind = th.device() ? "dev on " + p.devices().get(th.deviceIndex()).name() : "cpu";
            List<String> locals = new ArrayList<>();
            for (int slot = 0; slot < th.locals().size(); slot++) {
                String name = th.locals().get(slot);
                int v = s.get(p.localBase(i) + slot);
                if (slot == 0 && v == 0) {
                    continue;
                }
                locals.add((name.contains("#") ? name.substring(0, name.indexOf('#')) + "." : "")
                        + StepPrinter.displayName(name) + " = " + v);
            }
            t.row(th.name(), kind, next(b, s, i), String.join(", ", locals));
        }
        return t.render("  ", style);
    }
}
