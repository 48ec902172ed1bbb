package dev.mmun.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mmun.cli.Io;
import dev.mmun.cli.MmunCommand;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The commands README.md and docs/*.md name in their prose ({@code `mmun check --html t.html x.mmun`})
 * are checked against the command line's model, so a doc cannot name a command or option that does
 * not exist (the commands in their transcripts and scripts are run by DocsTest).
 */
class DocInlineCommandsTest {
    private static final CommandLine MMUN = MmunCommand.commandLine(new Io(new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));

    @Test
    void everyCommandTheDocsNameInProseParses() throws Exception {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (Path doc : DocsTest.docs()) {
            for (DocInlineCommands.Named n : DocInlineCommands.find(Files.readAllLines(doc, StandardCharsets.UTF_8))) {
                checked++;
                String problem = DocInlineCommands.problem(MMUN, n.command());
                if (problem != null) {
                    bad.add(DocsTest.root().relativize(doc) + ":" + n.line() + ": `" + n.command() + "`: " + problem);
                }
            }
        }
        assertTrue(checked > 50, "only " + checked + " inline commands found");
        if (!bad.isEmpty()) {
            fail(bad.size() + " command(s) named in the docs do not parse:\n" + String.join("\n", bad));
        }
    }

    @Test
    void aCommandOrOptionThatDoesNotExistIsFound() {
        assertNotNull(DocInlineCommands.problem(MMUN, "mmun chek x.mmun"));
        assertNotNull(DocInlineCommands.problem(MMUN, "./mmun check --max-state 3 x.mmun"));
        assertNotNull(DocInlineCommands.problem(MMUN, "mmun run --html=t.html --no-trase x.mmun"));
        assertNotNull(DocInlineCommands.problem(MMUN, "mmun lsp x.mmun"));
        assertNotNull(DocInlineCommands.problem(MMUN, "mmun help chek"));
        assertNotNull(DocInlineCommands.problem(MMUN, "mmun COMMAND --frobnicate"));
        assertEquals("no option --max-state in 'mmun check'", DocInlineCommands.problem(MMUN, "mmun check --max-state 3 x.mmun"));
    }

    @Test
    void placeholdersValuesAndTheShellsPartPass() {
        for (String ok : List.of("mmun", "./mmun", "mmun --help", "mmun help check", "mmun help COMMAND", "mmun COMMAND --help",
                "mmun check --html t.html x.mmun", "mmun check --part I/N FILE", "mmun test --shard I/N PATH...",
                "mmun repl < session.txt", "mmun run --format json x.mmun | jq .", "mmun check --timeout=2m x.mmun",
                "mmun run -")) {
            assertNull(DocInlineCommands.problem(MMUN, ok), ok);
        }
    }

    @Test
    void codeSpansAreFoundInProseOnlyAndMayRunOverALineEnd() {
        List<DocInlineCommands.Named> found = DocInlineCommands.find(List.of(
                "Run `mmun check",
                "--html t.html x.mmun` and `./mmun run x.mmun`.",
                "",
                "```",
                "`mmun inside a fence` is not prose",
                "```",
                "`mmunx` is not mmun; `mmun` alone is."));
        assertEquals(List.of(new DocInlineCommands.Named(1, "mmun check --html t.html x.mmun"),
                new DocInlineCommands.Named(2, "./mmun run x.mmun"), new DocInlineCommands.Named(7, "mmun")), found);
    }
}
