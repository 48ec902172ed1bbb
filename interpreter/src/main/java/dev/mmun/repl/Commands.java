package dev.mmun.repl;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Violation;
import dev.mmun.report.StateView;
import dev.mmun.report.Style;
import dev.mmun.report.TextReport;
import dev.mmun.report.TimelineTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The REPL's {@code :commands}; each may be shortened to a unique prefix ({@code :s} is ambiguous, {@code :st} too). */
final class Commands {
    static final List<String> NAMES = List.of(":help", ":load", ":state", ":threads", ":step", ":run", ":back",
            ":trace", ":save", ":check", ":follow", ":reset", ":quit");

    static final String HELP = """
            Type declarations and statements as in a .mmun script. A declaration takes effect at once; a
            statement runs at once, as steps of the cpu thread `repl`, or of THREAD with `on THREAD: stmt`
            (or `on THREAD { stmts }`), and prints what it changed and any rule it broke.
              :help              this help
              :load FILE         load a script: its declarations, its threads (ready to step), its timeline,
                                 merged into the session (:load --replace FILE starts anew from the file)
              :state             page table, CPU and device TLBs with the may-cache sets, frames, locks, invalidations
              :threads           each thread: where it is, what it waits for, its locals
              :step [THREAD]     one step of THREAD (default: the timeline's next, else round robin)
              :run               the rest: the timeline's rows in order, then round robin, until no thread can move
              :back [N]          undo the last N inputs (default 1): what each declared, typed and stepped
              :back N steps      undo the last N steps; statements typed after them are forgotten
              :trace             the session so far as a timeline table
              :save FILE         write the session as a .mmun file with a timeline that `mmun run` replays
              :check [STATES]    explore every interleaving from here (at most STATES states; Ctrl-C stops it)
              :follow RULE       take the steps that :check found to RULE
              :reset             an empty machine again
              :quit              leave (Ctrl-D too)
            A { block } or ( ... ) may go on over several lines; a timeline ([time N] and its rows) ends with an
            empty line. A procedure defined again replaces the earlier one for later calls. Tab completes what
            may stand at the cursor, and commands; history is kept in ~/.mmun_history.
            """;

    private static final long DEFAULT_STATES = 1_000_000;
    private static final int RUN_BOUND = 10_000;

    private final ReplSession rs;
    private Checking.Found found;

    Commands(ReplSession rs) {
        this.rs = rs;
    }

    /** Runs one command line; false for :quit. */
    boolean run(String line) {
        String[] words = line.split("\\s+", 2);
        String arg = words.length > 1 ? words[1].strip() : "";
        PrintWriter out = rs.out();
        Style style = rs.style();
        List<String> matches = NAMES.stream().filter(n -> n.equals(words[0])).toList();
        if (matches.isEmpty()) {
            matches = NAMES.stream().filter(n -> n.startsWith(words[0])).toList();
        }
        if (matches.size() != 1) {
            out.println(style.bad("error: ") + (matches.isEmpty() ? "unknown command " + words[0]
                    : words[0] + " is short for " + String.join(" or ", matches)) + " (:help lists the commands)");
            return true;
        }
        switch (matches.get(0)) {
            case ":help" -> out.print(HELP);
            case ":quit" -> {
                out.print(rs.openInvalidations());
                return false;
            }
            case ":load" -> {
                boolean replace = arg.startsWith("--replace");
                String file = replace ? arg.substring("--replace".length()).strip() : arg;
                if (needs(file, "FILE")) {
                    rs.load(file, replace);
                }
            }
            case ":state" -> {
                out.print(new StateView(rs.build().program, style).render(rs.state()));
                out.print(rs.openInvalidations());
            }
            case ":threads" -> out.print(Describer.threads(rs.build(), rs.state(), style));
            case ":step" -> step(arg);
            case ":run" -> runAll();
            case ":back" -> {
                boolean steps = arg.endsWith("steps") || arg.endsWith("step");
                String count = steps ? arg.replaceFirst("\\s*steps?$", "") : arg;
                Integer n = number(count, 1);
                if (n != null && steps) {
                    rs.backSteps(n);
                } else if (n != null) {
                    rs.backInputs(n);
                }
            }
            case ":trace" -> trace();
            case ":save" -> {
                if (needs(arg, "FILE")) {
                    save(arg);
                }
            }
            case ":check" -> {
                Integer n = number(arg, (int) DEFAULT_STATES);
                if (n != null) {
                    found = Checking.check(rs, n);
                }
            }
            case ":follow" -> follow(arg);
            case ":reset" -> {
                found = null;
                rs.reset();
            }
            default -> throw new IllegalStateException(matches.get(0));
        }
        return true;
    }

    private boolean needs(String arg, String what) {
        if (arg.isEmpty()) {
            rs.out().println(rs.style().bad("error: ") + "this command needs a " + what);
            return false;
        }
        return true;
    }

    private Integer number(String arg, int dflt) {
        if (arg.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(arg.replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        rs.out().println(rs.style().bad("error: ") + "expected a positive number, not " + arg);
        return null;
    }

    private void step(String arg) {
        Build b = rs.build();
        int t;
        if (arg.isEmpty()) {
            t = Scheduler.next(b, rs.state(), rs.taken(), null);
            if (t < 0) {
                rs.out().println("  " + rs.style().dim(Scheduler.idle(b, rs.state())));
                return;
            }
        } else {
            t = b.thread(arg);
            if (t < 0) {
                List<String> threads = Names.threads(rs);
                rs.out().println(rs.style().bad("error: ") + "unknown thread " + arg
                        + (threads.isEmpty() ? " (no threads yet)" : " (threads: " + String.join(", ", threads) + ")"));
                return;
            }
        }
        rs.stepThread(t, true, false);
    }

    private void runAll() {
        PrintWriter out = rs.out();
        int n = 0;
        StringBuilder note = new StringBuilder();
        while (true) {
            if (rs.cancelled()) {
                out.println(rs.style().warn("interrupted") + " after " + n + " steps");
                break;
            }
            if (n >= RUN_BOUND) {
                out.println(rs.style().warn("stopped") + " after " + n + " steps (:run again goes on)");
                break;
            }
            int t = Scheduler.next(rs.build(), rs.state(), rs.taken(), note);
            if (t < 0) {
                break;
            }
            if (note.length() > 0) {
                out.println("  " + rs.style().warn("note: ") + note);
                note.setLength(0);
            }
            rs.stepThread(t, true, true);
            n++;
        }
        Build b = rs.build();
        if (Scheduler.next(b, rs.state(), rs.taken(), null) < 0) {
            Cells cells = new Cells(b, rs.taken());
            for (Violation v : b.sem.terminal(rs.state().raw())) {
                out.print(TextReport.violation(cells.scenario(), v, cells.run(List.of()), rs.style()).replaceAll("(?m)^", "  "));
            }
        }
        out.println("  " + rs.style().dim("ran " + n + " step" + (n == 1 ? "" : "s") + "; " + Scheduler.idle(b, rs.state())));
    }

    private void trace() {
        if (rs.taken().isEmpty()) {
            rs.out().println("  " + rs.style().dim("no steps yet"));
            return;
        }
        Cells cells = new Cells(rs.build(), rs.taken());
        rs.out().print(TimelineTable.render(cells.scenario(), cells.run(List.of()), rs.style()));
    }

    private void save(String file) {
        Saver.Saved saved = Saver.save(rs.session(), rs.events(), rs.build(), rs.taken(), file);
        try {
            Files.writeString(Path.of(file), saved.text(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            rs.out().println(rs.style().bad("error: ") + "cannot write " + file + ": " + why);
            return;
        }
        rs.out().println("  saved " + rs.taken().size() + " steps to " + file + "; `mmun run " + file + "` replays them");
        if (saved.problem() != null) {
            rs.out().println("  " + rs.style().warn("warning: ") + saved.problem());
        }
    }

    private void follow(String arg) {
        PrintWriter out = rs.out();
        if (found == null || !found.events().equals(rs.events())) {
            out.println(rs.style().bad("error: ") + ":follow takes the steps of the last :check, and the session changed since (or none ran)");
            return;
        }
        Rule rule = Rule.byName(arg.toUpperCase(java.util.Locale.ROOT));
        if (rule == null || !found.choices().containsKey(rule)) {
            out.println(rs.style().bad("error: ") + "the last :check found " + (found.choices().isEmpty() ? "nothing"
                    : String.join(", ", found.choices().keySet().stream().map(Enum::name).toList())));
            return;
        }
        for (int t : found.choices().get(rule)) {
            if (!rs.stepThread(t, true, false)) {
                break;
            }
        }
        found = null;
    }
}
