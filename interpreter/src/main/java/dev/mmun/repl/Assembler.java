package dev.mmun.repl;

import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Script;
import dev.mmun.ast.Stmt;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a session's declarations and typed statements together as one script, in the order they
 * happened, so that every thread's program only ever grows at its end. Every thread program
 * becomes timeline rows: a declared body one row per top-level statement, each typed input one
 * row. The lowering is the same as for a body, and the front end then reports where each
 * statement's code ends, which the REPL needs to step statement by statement and to write the
 * session back as a timeline. A thread that has a body and is also named by a script's timeline
 * keeps its body, so that the front end reports the conflict. A procedure defined again replaces
 * the earlier definition for what comes after; what came before keeps calling the earlier one
 * (renamed {@code f#1}, {@code f#2}, ..., which no one can type), so the steps taken stay the same.
 */
final class Assembler {
    /** The thread that statements typed without {@code on THREAD:} belong to. */
    static final String IMPLICIT = "repl";

    /** The script and, for each row that will become a timeline slot, where it came from. */
    record Assembly(Script script, List<Origin> origins) {}

    private Assembler() {
    }

    static Assembly assemble(List<Event> events, SourceFile whole) {
        Set<String> rowThreads = new HashSet<>();
        Set<String> declared = new HashSet<>();
        boolean implicitUsed = false;
        for (Event e : events) {
            if (e instanceof Event.Decls d) {
                for (Item it : d.items()) {
                    if (it instanceof Item.TimeBlock tb) {
                        tb.rows().forEach(r -> rowThreads.add(r.thread().text()));
                    } else if (it instanceof Item.Thread th) {
                        declared.add(th.name().text());
                    }
                }
            } else if (e instanceof Event.Unit u && u.thread() == null) {
                implicitUsed = true;
            }
        }
        List<Item> items = new ArrayList<>();
        List<Origin> origins = new ArrayList<>();
        Map<String, Integer> definitions = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Event.Decls d) {
                procsOf(d).forEach(n -> definitions.merge(n, 1, Integer::sum));
            }
        }
        Map<String, String> bound = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Event.Decls d) {
                Map<String, String> here = new HashMap<>(bound);
                for (String n : procsOf(d)) {
                    int g = seen.merge(n, 1, Integer::sum);
                    here.put(n, g == definitions.get(n) ? n : n + "#" + g);
                }
                Rebind rebind = new Rebind(here);
                for (Item it : d.items()) {
                    if (it instanceof Item.Proc p && !here.get(p.name().text()).equals(p.name().text())) {
                        it = new Item.Proc(new Name(here.get(p.name().text()), p.name().span()), p.params(), p.body(), p.era(), p.span());
                    }
                    add(rebind.item(it), d.source(), rowThreads, items, origins);
                }
                bound = here;
            } else if (e instanceof Event.Unit u) {
                String thread = u.thread() == null ? IMPLICIT : u.thread();
                Item.Row row = new Item.Row(new Name(thread, u.span()), new Rebind(bound).stmts(u.stmts()), u.span());
                items.add(new Item.TimeBlock("repl", List.of(row), u.span()));
                if (!u.stmts().isEmpty()) {
                    origins.add(new Origin(Origin.Kind.TYPED, thread, text(u.source(), u.stmts()), u.source(), u.span(),
                            u.id(), -1, null));
                }
            }
        }
        if (implicitUsed && !declared.contains(IMPLICIT)) {
            items.add(new Item.Thread(new Name(IMPLICIT, Span.none(whole.name())), false, null, null,
                    Span.none(whole.name())));
        }
        return new Assembly(new Script(whole.name(), items, Span.at(whole.name(), 1, 1)), origins);
    }

    /** The procedures a declaration event defines (several bodies of one name, one per era, count once). */
    private static Set<String> procsOf(Event.Decls d) {
        Set<String> out = new java.util.LinkedHashSet<>();
        d.items().stream().filter(Item.Proc.class::isInstance).forEach(i -> out.add(((Item.Proc) i).name().text()));
        return out;
    }

    private static void add(Item it, SourceFile src, Set<String> rowThreads, List<Item> items, List<Origin> origins) {
        if (it instanceof Item.Thread th && th.body() != null && !rowThreads.contains(th.name().text())) {
            items.add(new Item.Thread(th.name(), th.device(), th.on(), null, th.span()));
            List<Item.Row> rows = new ArrayList<>();
            for (Stmt s : th.body().stmts()) {
                rows.add(new Item.Row(th.name(), List.of(s), s.span()));
                origins.add(new Origin(Origin.Kind.BODY, th.name().text(), oneLine(SpanText.of(src, s.span())), src, s.span(),
                        -1, -1, null));
            }
            items.add(new Item.TimeBlock("body", rows, th.span()));
        } else if (it instanceof Item.TimeBlock tb) {
            int block = (int) items.stream().filter(Item.TimeBlock.class::isInstance).count();
            items.add(tb);
            for (Item.Row r : tb.rows()) {
                if (!r.stmts().isEmpty()) {
                    origins.add(new Origin(Origin.Kind.TIMELINE, r.thread().text(), text(src, r.stmts()), src, r.span(),
                            -1, block, tb.label()));
                }
            }
        } else {
            items.add(it);
        }
    }

    /** Statements as written, one line each, separated by "; " (a timeline cell is one line). */
    private static String text(SourceFile src, List<Stmt> stmts) {
        return String.join("; ", stmts.stream().map(s -> oneLine(SpanText.of(src, s.span()))).toList());
    }

    /** A statement on one line, unless a line comment inside it needs its line end. */
    static String oneLine(String text) {
        return text.contains("//") ? text : text.replaceAll("\\s*\\n\\s*", " ");
    }
}
