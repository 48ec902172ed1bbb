package dev.mmun.repl;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.check.Frontend;
import dev.mmun.machine.Rule;
import dev.mmun.stdlib.Stdlib;
import dev.mmun.syntax.Lexicon;
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
 * Tab completion: :commands, then what each takes (files, threads, rules); in code the keywords,
 * the kernel primitives, the standard library's procedures and what the session has declared.
 */
final class ReplCompleter implements Completer {
    private static final List<String> KEYWORDS = Lexicon.keywords();
    private static final List<String> PRIMITIVES = Frontend.primitiveNames();
    private static final List<String> STDLIB = stdlibProcs();

    private final ReplSession session;

    ReplCompleter(ReplSession session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.line(), line.words(), line.wordIndex(), line.word()));
    }

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
        if (index > 0 && words.get(index - 1).equals("on")) {
            Names.threads(session).forEach(t -> out.add(new Candidate(t, t, "threads", null, null, null, false)));
            return out;
        }
        KEYWORDS.forEach(k -> out.add(plain(k, "keywords")));
        PRIMITIVES.forEach(p -> out.add(new Candidate(p, p, "kernel primitives", null, null, null, false)));
        STDLIB.forEach(p -> out.add(new Candidate(p, p, "standard library", null, null, null, false)));
        Names.declared(session).forEach(n -> out.add(new Candidate(n, n, "declared", null, null, null, false)));
        Names.locals(session).forEach(n -> out.add(new Candidate(n, n, "locals", null, null, null, false)));
        return out;
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
