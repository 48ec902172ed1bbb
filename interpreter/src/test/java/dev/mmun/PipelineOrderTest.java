package dev.mmun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the pipeline: a package may use only the packages before it in {@link #ORDER}
 * (imports, static imports and fully qualified names alike), and each has a package-info.java
 * saying what lives there. A scan of the source text, not ArchUnit: the rule is one list, and a
 * scan needs no dependency and sees names that only javadoc or a qualified call mentions.
 */
class PipelineOrderTest {
    private static final Path MAIN = Path.of("src/main/java/dev/mmun");

    /**
     * The order of the dependencies, the lowest first (as in each package-info.java). It is not the
     * order data flows in: {@code machine} (the instructions and their meaning) comes before
     * {@code check} and {@code lower}, which produce its instructions; {@code ast} before
     * {@code syntax}, which builds it.
     */
    static final List<String> ORDER = List.of(
            "diag", "ast", "syntax", "machine", "check", "stdlib", "lower",
            "explore", "session", "report", "repl", "lsp", "cli");

    /**
     * Narrower than the order: in machine only Scenario (which keeps the script it came from and
     * its final conditions' quantifiers) names the AST; the instruction families lower through
     * {@code machine.CallSite}, which lower implements, so they never see the AST.
     */
    private static final Map<String, Set<String>> ONLY_IN = Map.of("machine.ast", Set.of("Scenario.java"));

    /** A library's packages, and the packages of ours that may use it. */
    private static final Map<String, Set<String>> LIBRARIES = Map.of(
            "org.antlr", Set.of("syntax"),
            "picocli", Set.of("cli"),
            "org.jline", Set.of("repl", "cli"),
            "org.eclipse.lsp4j", Set.of("lsp"));

    private static final Pattern OURS = Pattern.compile("\\bdev\\.mmun\\.([a-z]+)\\b");

    @Test
    void noPackageUsesOneLaterInThePipeline() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            String code = code(Files.readString(file));
            Matcher m = OURS.matcher(code);
            Set<String> used = new TreeSet<>();
            while (m.find()) {
                used.add(m.group(1));
            }
            used.remove(pkg);
            for (String other : used) {
                if (!ORDER.contains(other)) {
                    wrong.add(file + " uses dev.mmun." + other + ", which is not in the pipeline order");
                } else if (ORDER.indexOf(other) > ORDER.indexOf(pkg)) {
                    wrong.add(file + " (" + pkg + ") uses dev.mmun." + other + ", which comes later in the pipeline");
                }
                Set<String> only = ONLY_IN.get(pkg + "." + other);
                if (only != null && !only.contains(file.getFileName().toString())) {
                    wrong.add(file + " uses dev.mmun." + other + "; in " + pkg + " only " + only + " may");
                }
            }
            for (Map.Entry<String, Set<String>> lib : LIBRARIES.entrySet()) {
                if (code.matches("(?s).*\\b" + Pattern.quote(lib.getKey()) + "\\..*") && !lib.getValue().contains(pkg)) {
                    wrong.add(file + " (" + pkg + ") uses " + lib.getKey() + ", which only " + lib.getValue() + " may");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPackageIsPlacedAndSaysWhatLivesThere() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(ORDER), packages, "ORDER lists every package under " + MAIN);
        for (String pkg : packages) {
            Path info = MAIN.resolve(pkg).resolve("package-info.java");
            assertTrue(Files.exists(info), info + " is missing");
            String text = Files.readString(info);
            assertTrue(text.contains("May use:"), info + " says which packages it may use (a line 'May use: ...')");
        }
    }

    /** A package-info's "May use:" sentence (up to its first stop, semicolon or parenthesis) names exactly the packages before it. */
    @Test
    void packageInfosAgreeWithTheOrder() throws IOException {
        Pattern mayUse = Pattern.compile("May use:([^.;(]*)[.;(]");
        for (String pkg : ORDER) {
            String text = Files.readString(MAIN.resolve(pkg).resolve("package-info.java"));
            Matcher m = mayUse.matcher(text.replaceAll("\\s*\\n\\s*\\*\\s*", " "));
            assertTrue(m.find(), pkg + "'s package-info has no 'May use: ... .' sentence");
            Set<String> said = new TreeSet<>();
            for (String word : m.group(1).replaceAll("\\{@code|}|,|\\band\\b|\\bnothing\\b", " ").trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    said.add(word);
                }
            }
            assertEquals(new TreeSet<>(ORDER.subList(0, ORDER.indexOf(pkg))), said, pkg + "'s package-info, 'May use:'");
        }
    }

    /** The scan sees what it should: a qualified name in code counts, one in a comment or a string does not. */
    @Test
    void theScanReadsCodeOnly() {
        assertEquals("x = dev.mmun.cli.Version.get();  \ny", code("x = dev.mmun.cli.Version.get(); // dev.mmun.repl\ny"));
        assertEquals("String s = \"\" + '' + \"\";", code("String s = \"dev.mmun.cli /*\" + '\\'' + \"\\\"dev.mmun.lsp\";"));
        assertEquals("  class A {}", code("/** {@link dev.mmun.cli.Main} */ class A {}"));
        assertEquals("s = \"\"; dev.mmun.x", code("s = \"\"\"\n  dev.mmun.cli\n  \"\"\"; dev.mmun.x"));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }

    /** The text with each comment as one space and each string, text block and char literal emptied. */
    static String code(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.append(' ');
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
