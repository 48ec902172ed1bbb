package dev.mmun.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The doc conventions DocsTest relies on: what counts as a command, its output, and elisions. */
class DocCommandsTest {
    static final List<String> DOC = List.of(
            "text",
            "```",
            "$ ./mmun run a.mmun",
            "one",
            "...",
            "verdict: ok (... ms)",
            "# not run by the doc test: it waits for Ctrl-C",
            "$ ./mmun check big.mmun",
            "...",
            "$ ./mmun repl",
            "mmun> page A at 0x1000 = 0",
            "  page A",
            "```",
            "  ```sh",
            "  ./mmun test samples/",
            "  ```",
            "```sh",
            "# not run by the doc test: installs",
            "ln -s x y",
            "```",
            "```yaml",
            "$ not a command",
            "```");

    @Test
    void transcriptsScriptsAndMarkers() {
        List<DocCommands.Shown> s = DocCommands.parse(DOC);
        assertEquals(5, s.size(), s.toString());
        assertEquals(3, s.get(0).line());
        assertEquals("./mmun run a.mmun", s.get(0).command());
        assertEquals(List.of("one", "...", "verdict: ok (... ms)"), s.get(0).expected());
        assertNull(s.get(0).notRunReason());
        assertEquals("it waits for Ctrl-C", s.get(1).notRunReason());
        assertEquals("page A at 0x1000 = 0\n", s.get(2).stdin());
        assertTrue(s.get(3).script());
        assertEquals("./mmun test samples/\n", s.get(3).command());
        assertNull(s.get(3).notRunReason());
        assertEquals("installs", s.get(4).notRunReason());
    }

    @Test
    void elisionsStandForLinesOrTextAndNothingElseIsLoose() {
        List<String> shown = List.of("one", "...", "verdict: ok (... ms)");
        assertTrue(DocCommands.matches(shown, "one\nverdict: ok (12 ms)"));
        assertTrue(DocCommands.matches(shown, "one\ntwo\nthree\nverdict: ok (12 ms)"));
        assertFalse(DocCommands.matches(shown, "one\nverdict: ok (12 ms)\nfour"));
        assertFalse(DocCommands.matches(shown, "One\nverdict: ok (12 ms)"));
        assertFalse(DocCommands.matches(List.of("a (b)"), "a (c)"));
        assertTrue(DocCommands.matches(List.of(), ""));
        assertFalse(DocCommands.matches(List.of(), "something"));
    }

    @Test
    void aReplSessionGoesOnInLaterBlocksThatStartWithItsPrompt() {
        List<String> doc = List.of(
                "```",
                "$ ./mmun repl",
                "mmun> page A at 0x1000 = 0",
                "  page A",
                "```",
                "prose",
                "```",
                "mmun> :state",
                "...",
                "mmun> :quit",
                "```",
                "```",
                "$ ./mmun run fixed.mmun",
                "ok",
                "```");
        List<DocCommands.Shown> s = DocCommands.parse(doc);
        assertEquals(3, s.size(), s.toString());
        assertTrue(s.get(1).continued());
        assertEquals(":state\n:quit\n", s.get(1).stdin());
        assertEquals(List.of("mmun> :state", "...", "mmun> :quit"), s.get(1).expected());
        assertFalse(s.get(2).continued());
        var sessions = DocsTest.sessions(s);
        assertEquals(List.of(s.get(0), s.get(1)), sessions.get(s.get(0)));
        assertEquals(List.of(s.get(2)), sessions.get(s.get(2)));
        DocCommands.Shown whole = DocsTest.joined(sessions.get(s.get(0)));
        assertEquals("page A at 0x1000 = 0\n:state\n:quit\n", whole.stdin());
        assertTrue(DocCommands.matches(whole.expected(), "mmun> page A at 0x1000 = 0\n  page A\nmmun> :state\nt\nmmun> :quit"));
        assertFalse(DocCommands.matches(whole.expected(), "mmun> page A at 0x1000 = 0\n  page B\nmmun> :state\nmmun> :quit"));
        assertEquals(List.of("mmun> page A at 0x1000 = 0\n  page A", "mmun> :state\nt\nmmun> :quit"),
                DocCommands.cut("mmun> page A at 0x1000 = 0\n  page A\nmmun> :state\nt\nmmun> :quit", sessions.get(s.get(0))));
    }

    @Test
    void aPromptBlockWithNoSessionBeforeItIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> DocCommands.parse(List.of("```", "mmun> :state", "```")));
    }

    @Test
    void updateReplacesOnlyTheShownOutput() {
        List<DocCommands.Shown> s = DocCommands.parse(DOC);
        List<String> out = DocCommands.rewrite(DOC, s, Map.of(3, List.of("new")));
        assertEquals(DOC.size() - 2, out.size());
        assertEquals(List.of("$ ./mmun run a.mmun", "new", "# not run by the doc test: it waits for Ctrl-C"), out.subList(2, 5));
    }
}
