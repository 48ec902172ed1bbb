package dev.mmun.repl;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.machine.Rule;
import dev.mmun.stdlib.Stdlib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: :commands, then what each takes (files, threads, rules); in code what may stand
 * at the cursor ({@link Completions}): device kinds after {@code device NAME}, page options after
 * {@code page NAME at ADDR}, primitives and procedures where a statement starts, names in calls.
 */
final class ReplCompleter implements Completer {
    private static final List<String> STDLIB = stdlibProcs();

    private final ReplSession session;

    ReplCompleter(ReplSession session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
        candidates.addAll(candidates(before, line.words(), line.wordIndex(), line.word()));
    }

    /** The candidates for the word at the cursor; text is the input up to the cursor. */
    List<Candidate> candidates(String text, List<String> words, int index, String word) {
        List<Candidate> out = new ArrayList<>();
        if (text.stripLeading().startsWith(":")) {
            if (index == 0) {
                Commands.NAMES.forEach(c -> out.add(new Candidate(c, c, "commands", null, null, null, true)));
                return out;
            }
            switch (words.get(0)) {
                case ":load", ":save" -> files(word, out);
                case ":step" -> Names.threads(session).forEach(t -> out.add(plain(t, "threads")));
                case ":follow" -> Stream.of(Rule.values()).forEach(r -> out.add(plain(r.name(), "rules")));
                default -> { }
            }
            return out;
        }
        for (Completions.Offer o : Completions.at(text, known(session), true)) {
            out.add(new Candidate(o.value(), o.value(), o.group(), null, null, null, false));
        }
        return out;
    }

    /** The names a session knows, for {@link Completions}. */
    static Completions.Known known(ReplSession session) {
        return new Completions.Known(Names.declared(session), Names.procs(session), Names.locals(session),
                Names.threads(session), Names.devices(session), STDLIB);
    }

    private static Candidate plain(String value, String group) {
        return new Candidate(value, value, group, null, null, null, true);
    }

    private static void files(String word, List<Candidate> out) {
        int slash = word.lastIndexOf('/');
        String dirPart = slash >= 0 ? word.substring(0, slash + 1) : "";
        Path dir = Path.of(dirPart.isEmpty() ? "." : dirPart.startsWith("~/")
                ? System.getProperty("user.home") + dirPart.substring(1) : dirPart);
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                boolean isDir = Files.isDirectory(p);
                String name = dirPart + p.getFileName() + (isDir ? "/" : "");
                out.add(new Candidate(name, p.getFileName() + (isDir ? "/" : ""), null, null, null, null, !isDir));
            });
        } catch (IOException | RuntimeException e) {
            // no such directory: nothing to offer
        }
    }

    private static List<String> stdlibProcs() {
        List<String> out = new ArrayList<>();
        for (Script s : Stdlib.scripts()) {
            s.all(Item.Proc.class).forEach(p -> out.add(p.name().text()));
        }
        return List.copyOf(out);
    }
}
