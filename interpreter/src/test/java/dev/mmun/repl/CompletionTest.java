package dev.mmun.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.explore.BreadthFirst;
import dev.mmun.report.Style;
import dev.mmun.session.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;

/** Tab offers commands, keywords, kernel primitives, stdlib procedures, and the session's own names. */
class CompletionTest {
    private final ReplSession session = new ReplSession(Session.withStdlib(), new PrintWriter(new StringWriter()),
            new Style(false), new BreadthFirst());
    private final ReplCompleter completer = new ReplCompleter(session);

    private List<String> complete(String line) {
        ReplLineParser.Words w = ReplLineParser.words(line, line.length());
        return completer.candidates(line, w.words(), w.wordIndex(), w.word()).stream().map(Candidate::value)
                .filter(v -> v.startsWith(w.word())).toList();
    }

    @Test
    void commandsKeywordsPrimitivesAndLibrary() {
        assertTrue(complete(":lo").contains(":load"));
        assertTrue(complete(":").containsAll(Commands.NAMES));
        assertTrue(complete("ptep_clear_fl").containsAll(List.of("ptep_clear_flush", "ptep_clear_flush_notify")));
        assertTrue(complete("dev").contains("device"));
        for (var script : dev.mmun.stdlib.Stdlib.scripts()) {
            for (var proc : script.all(dev.mmun.ast.Item.Proc.class)) {
                String name = proc.name().text();
                assertTrue(complete(name.substring(0, name.length() - 1)).contains(name), name);
            }
        }
    }

    @Test
    void declaredNamesAndThreads() {
        session.handle("page Alpha at 0x1000\ncpu CPU-thread-0\nproc mine(P) { write(P, 1) }");
        assertTrue(complete("write(Al").contains("Alpha"));
        assertTrue(complete("on CPU-th").contains("CPU-thread-0"));
        assertTrue(complete(":step CPU").contains("CPU-thread-0"));
        assertTrue(complete("mi").contains("mine"));
        assertTrue(complete(":follow CASE").contains("CASE_B"));
    }

    @Test
    void offersWhatIsLegalWhereTheCursorIs() {
        session.handle("page A at 0x1000\ndevice iommu ats\nproc mine(P) { write(P, 1) }");
        assertTrue(complete("page B at 0x2000 = 0 co").contains("cow"));
        assertTrue(complete("page B at 0x2000 ").containsAll(List.of("cow", "huge", "ro")));
        assertFalse(complete("page B at 0x2000 ").contains("ptep_clear_flush"));
        assertTrue(complete("device gpu ").containsAll(List.of("ats", "kvm", "mirror")));
        assertFalse(complete("device gpu ").contains("cow"));
        assertFalse(complete("co").contains("cow"));
        assertFalse(complete("a").contains("ats"));
        assertTrue(complete("dev D on ").contains("iommu"));
        assertTrue(complete("expect CA").contains("CASE_B"));
        assertTrue(complete("set_pte_at(A, new, r").containsAll(List.of("rw", "ro")));
        assertFalse(complete("write(").contains("page"));
        assertTrue(complete("cpu T { mi").contains("mine"));
        assertFalse(complete("cpu T { pa").contains("page"));
        for (String k : dev.mmun.syntax.Lexicon.keywords()) {
            boolean somewhere = complete("").contains(k) || complete("cpu T { ").contains(k) || complete("page B ").contains(k)
                    || complete("dev D ").contains(k) || complete("set_pte_at(A, A, ").contains(k)
                    || List.of("max", "else", "time", "preempted").contains(k);
            assertTrue(somewhere, "keyword " + k + " is offered nowhere");
        }
        assertTrue(complete("x = ptep_get_and").stream().anyMatch(s -> s.startsWith("ptep_get_and_clear")));
    }
}
