package dev.mmun.golden;

import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import dev.mmun.session.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds .mmun files and judges each in the mode it asks for, as `mmun test` does. */
final class ScriptCases {
    private ScriptCases() {
    }

    static Path root() {
        String r = System.getProperty("mmun.root");
        return r == null ? Path.of("..") : Path.of(r);
    }

    static List<Path> under(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Outcome judge(Session session, Path file) {
        Session.Compiled c = session.compile(file.toString(), System.in);
        if (c.scenario() == null) {
            return c.failure();
        }
        return session.judge(c.scenario());
    }

    static String describe(Outcome o) {
        if (o.verdict() == Verdict.ERROR) {
            return o.file() + ": " + o.diagnostics();
        }
        return o.file() + ": verdict " + o.verdict().word() + ", violations "
                + o.violations().stream().map(v -> v.rule() + "@" + v.span().where() + " " + v.message()).toList()
                + ", finals " + o.finals().stream().map(f -> f.check().text() + "=" + f.observation()).toList()
                + ", notes " + o.notes();
    }
}
