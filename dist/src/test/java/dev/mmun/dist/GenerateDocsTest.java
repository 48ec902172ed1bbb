package dev.mmun.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;

/** What GenerateDocs wrote in process-classes (target/generated-docs): completion and man pages of every command. */
class GenerateDocsTest {
    private static final Path DOCS = Path.of("target", "generated-docs");

    @Test
    void theCompletionScriptIsTheCommandModels() throws IOException {
        String script = Files.readString(DOCS.resolve("completion/mmun.bash"));
        assertEquals(AutoComplete.bash("mmun", GenerateDocs.model()), script);
        for (String word : new String[] {"run", "check", "repl", "test", "help", "--max-states", "--emit-trace", "--jobs", "--shard"}) {
            assertTrue(script.contains(word), word);
        }
        assertTrue(Files.readString(DOCS.resolve("completion/mmun.zsh")).endsWith(script));
    }

    @Test
    void bashCompletesSubcommandsAndOptions() throws Exception {
        assertEquals("check", complete("mmun ch"));
        assertEquals("--max-states", complete("mmun check --max-s"));
        assertEquals("--filter", complete("mmun test --fil"));
    }

    @Test
    void everyCommandHasAManPage() throws IOException {
        for (String page : new String[] {"mmun", "mmun-run", "mmun-check", "mmun-repl", "mmun-test", "mmun-help"}) {
            Path adoc = DOCS.resolve("man/" + page + ".adoc");
            assertTrue(Files.isRegularFile(adoc), adoc.toString());
            String text = Files.readString(adoc);
            assertTrue(text.contains(":doctype: manpage"), page);
            assertTrue(text.contains("= " + page + "(1)"), page);
        }
        String check = Files.readString(DOCS.resolve("man/mmun-check.adoc"));
        assertTrue(check.contains("--timeout"), check);
        assertTrue(check.contains("0 = all cores"), check);
    }

    /** The single completion bash offers for a command line (COMP_WORDS as bash would split it). */
    private static String complete(String line) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        String[] words = line.split(" ");
        // compopt works only while bash itself completes; here a no-op stands in for it
        String program = "compopt() { :; }\nsource " + DOCS.resolve("completion/mmun.bash").toAbsolutePath() + "\n"
                + "COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT="
                + line.length() + "\n"
                // the function the script registered for mmun (complete -F FUNCTION ... mmun)
                + "f=$(complete -p mmun | sed 's/.*-F \\([^ ]*\\).*/\\1/') && $f\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("/bin/bash", "--norc", "-c", program).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
