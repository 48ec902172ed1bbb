package dev.mmun.lsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * LSP4J (and Gson) stay off the start-up path: a JVM that runs another command never loads their
 * classes; `mmun lsp` does (so the check can tell).
 */
class LspOffStartupTest {
    private static final Path ROOT = Path.of(System.getProperty("mmun.root", ".."));

    private static String classesLoaded(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-Xshare:off", "-cp", System.getProperty("java.class.path"), "dev.mmun.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void runAndCheckDoNotLoadLsp4j() throws Exception {
        String sample = ROOT.resolve("samples/doc/case-b-timeline.mmun").toString();
        for (String command : List.of("run", "check")) {
            String loaded = classesLoaded(command, sample);
            assertTrue(loaded.contains("dev.mmun.cli.MmunCommand"), "not a class list:\n" + loaded.substring(0, Math.min(2000, loaded.length())));
            assertFalse(loaded.contains("org.eclipse.lsp4j"), command + " loaded LSP4J");
            assertFalse(loaded.contains("com.google.gson"), command + " loaded Gson");
            assertFalse(loaded.contains("dev.mmun.lsp."), command + " loaded dev.mmun.lsp");
        }
    }

    @Test
    void lspLoadsIt() throws Exception {
        assertTrue(classesLoaded("lsp").contains("org.eclipse.lsp4j"));
    }
}
