package dev.mmun.repl;

import dev.mmun.ast.Input;
import dev.mmun.ast.Item;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.DiagnosticFormatter;
import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Exhaustive;
import dev.mmun.machine.Op;
import dev.mmun.machine.State;
import dev.mmun.report.Style;
import dev.mmun.session.Session;
import dev.mmun.session.Sources;
import dev.mmun.syntax.ScriptParser;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A live machine to poke at. The session is its events (declarations, typed statements, steps);
 * each change compiles the accumulated script with the front end and replays the steps from the
 * initial state, so every state shown was made by the step function, and going back is dropping
 * steps. Nothing here decides what a statement means.
 */
public final class ReplSession {
    static final String SOURCE = "<repl>";

    private final Session session;
    private final PrintWriter out;
    private final Style style;
    private final Exhaustive checker;
    private final StepPrinter printer;
    private final Commands commands;
    private final Map<String, SourceFile> files = new HashMap<>();
    private final StringBuilder transcript = new StringBuilder();
    private int lines;
    private List<Event> events = new ArrayList<>();
    /** Where each input that changed the session starts in {@link #events}, for :back by inputs. */
    private final List<Integer> inputStarts = new ArrayList<>();
    private Build build;
    private Tape tape;
    private int nextUnit = 1;
    private volatile boolean cancelled;

    public ReplSession(Session session, PrintWriter out, Style style, Exhaustive checker) {
        this.session = session;
        this.out = out;
        this.style = style;
        this.checker = checker;
        this.printer = new StepPrinter(style);
        this.commands = new Commands(this);
        if (!apply(List.of())) {
            throw new IllegalStateException("an empty session does not compile");
        }
    }

    /** Handles one complete input: statements, declarations or a :command. False when the session ends. */
    public boolean handle(String input) {
        int first = lines + 1;
        transcript.append(input).append('\n');
        lines += (int) input.chars().filter(c -> c == '\n').count() + 1;
        String trimmed = input.strip();
        if (trimmed.isEmpty()) {
            return true;
        }
        cancelled = false;
        int before = events.size();
        List<Event> prefix = events;
        try {
            if (trimmed.startsWith(":")) {
                return commands.run(trimmed);
            }
            code(input, first);
        } catch (RuntimeException | StackOverflowError e) {
            out.println(style.bad("internal error: ") + e + " -- this is a bug in mmun; the session goes on");
        } finally {
            if (events.size() > before && events.subList(0, before).equals(prefix.subList(0, before))
                    && (inputStarts.isEmpty() || inputStarts.get(inputStarts.size() - 1) < before)) {
                inputStarts.add(before);
            }
            out.flush();
        }
        return true;
    }

    /** Whether the text needs more lines before it can be handled (an open block, a timeline). */
    public static boolean incomplete(String text) {
        return !text.strip().startsWith(":") && ScriptParser.incomplete(text);
    }

    /** Asks a running :check or :run to stop; safe from another thread. */
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    // ---- statements and declarations ----

    private void code(String input, int firstLine) {
        SourceFile src = new SourceFile(SOURCE, "\n".repeat(firstLine - 1) + input);
        Input in;
        try {
            in = ScriptParser.parseInput(src);
        } catch (CompileException e) {
            report(e.diagnostics());
            return;
        }
        Set<String> threads = declaredThreads(events);
        List<Event> added = new ArrayList<>();
        List<Item> decls = new ArrayList<>();
        for (Input.Part part : in.parts()) {
            if (part instanceof Input.Decl d) {
                decls.add(d.item());
                if (d.item() instanceof Item.Thread th) {
                    threads.add(th.name().text());
                }
                continue;
            }
            if (!decls.isEmpty()) {
                added.add(new Event.Decls(decls, src));
                decls = new ArrayList<>();
            }
            Input.Stmts st = (Input.Stmts) part;
            if (st.thread() != null && !threads.contains(st.thread().text())) {
                report(List.of(Diagnostic.error(st.thread().span(), "unknown thread " + st.thread()
                        + ": declare it first (cpu " + st.thread() + ", or dev " + st.thread() + " on DEVICE)")));
                return;
            }
            added.add(new Event.Unit(nextUnit++, st.thread() == null ? null : st.thread().text(), st.stmts(), src, st.span()));
        }
        if (!decls.isEmpty()) {
            added.add(new Event.Decls(decls, src));
        }
        List<Event> candidate = new ArrayList<>(events);
        candidate.addAll(added);
        if (!apply(candidate)) {
            return;
        }
        for (Event e : added) {
            if (e instanceof Event.Decls d) {
                Describer.declarations(out, style, build, d.items());
            } else if (e instanceof Event.Unit u) {
                runUnit(u);
            }
        }
    }

    private static Set<String> declaredThreads(List<Event> events) {
        Set<String> out = new HashSet<>();
        out.add(Assembler.IMPLICIT);
        for (Event e : events) {
            if (e instanceof Event.Decls d) {
                d.items().stream().filter(Item.Thread.class::isInstance).forEach(i -> out.add(((Item.Thread) i).name().text()));
            }
        }
        return out;
    }

    /** Compiles and replays a new list of events; on success it becomes the session. */
    boolean apply(List<Event> candidate) {
        SourceFile whole = new SourceFile(SOURCE, transcript.toString());
        try {
            Build b = Build.compile(session.frontend(), candidate, whole);
            Tape t = Tape.replay(b, candidate);
            events = new ArrayList<>(candidate);
            inputStarts.removeIf(i -> i >= events.size());
            build = b;
            tape = t;
            return true;
        } catch (CompileException e) {
            report(e.diagnostics());
        } catch (Tape.Divergence e) {
            out.println(style.bad("error: ") + e.getMessage() + "; the input was not taken (:back to undo steps first)");
        }
        return false;
    }

    /** Runs a typed statement at once, unless its thread has earlier statements still to run. */
    private void runUnit(Event.Unit u) {
        int slot = build.slotOfUnit(u.id());
        if (slot < 0) {
            return;
        }
        int t = build.slot(slot).thread();
        int start = build.slotStart[slot];
        int end = build.slot(slot).endPc();
        if (pc(t) < start) {
            out.println("  " + style.warn("queued: ") + build.threadName(t) + " has earlier statements to run first ("
                    + Describer.next(build, state(), t) + "); :step " + build.threadName(t) + " runs them");
            return;
        }
        if (start == end) {
            out.println("  " + style.dim("no step"));
            return;
        }
        if (pc(t) >= end) {
            out.println("  " + Describer.localsOf(build, state(), t, start, end));
            return;
        }
        boolean withStatement = machineInstructions(t, start, end) > 1;
        while (pc(t) < end) {
            if (!stepThread(t, withStatement, false)) {
                return;
            }
        }
    }

    private int machineInstructions(int t, int start, int end) {
        int n = 0;
        for (int pc = start; pc < end; pc++) {
            Op op = build.program.threads().get(t).code()[pc].op();
            if (!op.local() || op == Op.ATOMIC_BEGIN) {
                n++;
            }
        }
        return n;
    }

    /** One step of thread t, printed; false (with why) when it cannot move. */
    boolean stepThread(int t, boolean withStatement, boolean atEnd) {
        Taken k = Taken.take(build, tape.state(), t);
        if (k == null) {
            String why = build.sem.waitingFor(tape.state().raw(), t);
            out.println("  " + style.warn(build.threadName(t) + (why == null ? " has finished" : " " + why)));
            return false;
        }
        events.add(new Event.Step(build.threadName(t), k.localOnly()));
        List<Taken> taken = new ArrayList<>(tape.taken());
        taken.add(k);
        tape = new Tape(taken, k.after());
        out.print(printer.step(build, taken, taken.size() - 1, withStatement, atEnd));
        return true;
    }

    /**
     * Loads a script's declarations, threads and timeline into the session. By default they are
     * merged into what the session has: a declaration the session already has, word for word, is
     * kept once, a procedure defined again replaces the earlier one for later calls, and any
     * other clash is an error that leaves the session as it was. replace starts from an empty
     * machine instead.
     */
    void load(String path, boolean replace) {
        if (path.equals("-")) {
            out.println(style.bad("error: ") + ":load needs a file name");
            return;
        }
        Sources.Loaded loaded = Sources.load(path, InputStream.nullInputStream());
        if (loaded.source() == null) {
            report(List.of(loaded.problem()));
            return;
        }
        SourceFile src = loaded.source();
        try {
            List<Item> items = ScriptParser.parse(src).items();
            List<Event> candidate = new ArrayList<>(replace ? List.of() : events);
            Set<String> have = new HashSet<>();
            for (Event e : candidate) {
                if (e instanceof Event.Decls d) {
                    d.items().forEach(it -> have.add(declText(d.source(), it)));
                }
            }
            List<Item> fresh = items.stream().filter(it -> it instanceof Item.TimeBlock || it instanceof Item.Proc
                    || !have.contains(declText(src, it))).toList();
            candidate.add(new Event.Decls(fresh, src));
            Map<String, SourceFile> before = new HashMap<>(files);
            files.put(src.name(), src);
            if (replace) {
                nextUnit = 1;
            }
            if (apply(candidate)) {
                if (replace) {
                    inputStarts.clear();
                    inputStarts.add(0);
                }
                int kept = items.size() - fresh.size();
                out.println(Describer.loaded(style, build, src.name())
                        + (kept == 0 ? "" : " (" + kept + " declaration" + (kept == 1 ? "" : "s") + " the session already had, kept once)"));
            } else {
                files.clear();
                files.putAll(before);
                if (!replace && !events.isEmpty()) {
                    out.println("  " + style.dim(":load merges into the session; :load --replace " + path + " starts a new one from the file"));
                }
            }
        } catch (CompileException e) {
            report(e.diagnostics());
        }
    }

    private static String declText(SourceFile src, Item it) {
        return it.getClass().getSimpleName() + " " + SpanText.of(src, it.span()).strip();
    }

    /** Undoes the last n inputs: the declarations, statements and steps each added. */
    void backInputs(int n) {
        if (inputStarts.isEmpty()) {
            out.println("  " + style.dim("nothing to undo"));
            return;
        }
        int undo = Math.min(n, inputStarts.size());
        int cut = inputStarts.get(inputStarts.size() - undo);
        List<String> forgotten = new ArrayList<>();
        for (Event e : events.subList(cut, events.size())) {
            if (e instanceof Event.Decls d) {
                for (Item it : d.items()) {
                    String text = Assembler.oneLine(SpanText.of(d.source(), it.span()).strip());
                    forgotten.add(text.length() > 40 ? text.substring(0, 37) + "..." : text);
                }
            } else if (e instanceof Event.Unit u) {
                int slot = build.slotOfUnit(u.id());
                if (slot >= 0 && pc(build.slot(slot).thread()) <= build.slotStart[slot]) {
                    forgotten.add(build.threadName(build.slot(slot).thread()) + " {" + build.origins.get(slot).text() + "}");
                }
            }
        }
        List<String> undone = undoTo(new ArrayList<>(events.subList(0, cut)));
        if (undone == null) {
            return;
        }
        out.println("  back " + undo + " input" + (undo == 1 ? "" : "s") + ", " + undone.size() + " step"
                + (undone.size() == 1 ? "" : "s") + (undone.isEmpty() ? "" : ": " + String.join(", ", undone)));
        if (!forgotten.isEmpty()) {
            out.println("  forgot " + String.join(", ", forgotten));
        }
    }

    /** Makes kept the session; the steps it undid, last first, or null when it did not compile. */
    private List<String> undoTo(List<Event> kept) {
        Build oldBuild = build;
        List<Taken> old = tape.taken();
        if (!apply(kept)) {
            return null;
        }
        List<String> undone = new ArrayList<>();
        for (int i = old.size() - 1; i >= tape.taken().size(); i--) {
            Taken k = old.get(i);
            undone.add(oldBuild.threadName(k.thread()) + " {" + (k.instr() == null ? "" : k.instr().text()) + "}");
        }
        return undone;
    }

    /** Undoes the last n steps, and forgets the statements typed after the last step kept. */
    void backSteps(int n) {
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Event.Step) {
                steps.add(i);
            }
        }
        if (steps.isEmpty()) {
            out.println("  " + style.dim("no steps to undo"));
            return;
        }
        int undo = Math.min(n, steps.size());
        int keep = steps.size() - undo;
        int cut = keep == 0 ? 0 : steps.get(keep - 1) + 1;
        List<Event> kept = new ArrayList<>(events.subList(0, cut));
        List<String> forgotten = new ArrayList<>();
        for (Event e : events.subList(cut, events.size())) {
            if (e instanceof Event.Decls) {
                kept.add(e);
            } else if (e instanceof Event.Unit u) {
                int slot = build.slotOfUnit(u.id());
                if (slot >= 0) {
                    forgotten.add(build.threadName(build.slot(slot).thread()) + " {" + build.origins.get(slot).text() + "}");
                }
            }
        }
        List<String> undone = undoTo(kept);
        if (undone == null) {
            return;
        }
        out.println("  back " + undo + " step" + (undo == 1 ? "" : "s") + (undone.isEmpty() ? "" : ": " + String.join(", ", undone)));
        if (!forgotten.isEmpty()) {
            out.println("  forgot " + String.join(", ", forgotten));
        }
    }

    void reset() {
        files.clear();
        inputStarts.clear();
        nextUnit = 1;
        apply(List.of());
        out.println("  " + style.dim("an empty machine again"));
    }

    /** The notes on threads whose program ends with an invalidation open (see StepPrinter). */
    String openInvalidations() {
        return printer.openInvalidations(build, tape.taken(), this::pc);
    }

    // ---- what the commands read ----

    int pc(int t) {
        return tape.state().get(build.program.pc(t));
    }

    State state() {
        return tape.state();
    }

    Build build() {
        return build;
    }

    List<Taken> taken() {
        return tape.taken();
    }

    List<Event> events() {
        return events;
    }

    Session session() {
        return session;
    }

    Exhaustive checker() {
        return checker;
    }

    PrintWriter out() {
        return out;
    }

    Style style() {
        return style;
    }

    StepPrinter printer() {
        return printer;
    }

    void report(List<Diagnostic> diagnostics) {
        Map<String, SourceFile> sources = new HashMap<>(files);
        sources.put(SOURCE, new SourceFile(SOURCE, transcript.toString()));
        DiagnosticFormatter fmt = new DiagnosticFormatter(sources);
        for (Diagnostic d : diagnostics) {
            String text = fmt.format(d);
            int colon = text.indexOf(": error: ");
            if (colon >= 0) {
                text = text.substring(0, colon + 2) + style.bad("error: ") + text.substring(colon + ": error: ".length());
            }
            out.println(text);
        }
    }
}
