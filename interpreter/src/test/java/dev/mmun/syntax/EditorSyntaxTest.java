package dev.mmun.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.lower.Frontend;
import dev.mmun.machine.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The editors' word lists against the language: every keyword of the lexer (and so of the
 * grammar) and every kernel primitive is highlighted by the VS Code grammar and by the Vim syntax
 * file, and neither lists a word the language does not have.
 */
class EditorSyntaxTest {
    private static final Path ROOT = Path.of(System.getProperty("mmun.root", ".."));
    private static final Path TEXTMATE = ROOT.resolve("editors/vscode/syntaxes/mmun.tmLanguage.json");
    private static final Path VIM = ROOT.resolve("editors/vim/syntax/mmun.vim");

    private static Set<String> language() {
        Set<String> out = new TreeSet<>(Lexicon.keywords());
        out.addAll(Frontend.primitiveNames());
        out.addAll(Frontend.pageOptions());
        out.addAll(Frontend.deviceKinds());
        out.add("ok");
        Stream.of(Rule.values()).forEach(r -> out.add(r.name()));
        return out;
    }

    private static List<String> textMateWords() throws IOException {
        String text = Files.readString(TEXTMATE, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"match\": \"\\(\\?<!\\[\\\\\\\\w-\\]\\)\\(\\?:([^)]*)\\)").matcher(text);
        while (m.find()) {
            out.addAll(List.of(m.group(1).split("\\|")));
        }
        return out;
    }

    private static List<String> vimWords() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(VIM, StandardCharsets.UTF_8)) {
            if (line.startsWith("syn keyword ")) {
                String[] words = line.split("\\s+");
                out.addAll(List.of(words).subList(3, words.length));
            }
        }
        return out;
    }

    @Test
    void theFilesAreWhatTheGeneratorWrites() throws IOException {
        if (Boolean.getBoolean("mmun.editors.write")) {
            Files.writeString(TEXTMATE, EditorFiles.textMate(), StandardCharsets.UTF_8);
            Files.writeString(VIM, EditorFiles.vim(), StandardCharsets.UTF_8);
        }
        String how = ": regenerate with -Dmmun.editors.write=true (see EditorFiles)";
        assertEquals(EditorFiles.textMate(), Files.readString(TEXTMATE, StandardCharsets.UTF_8), TEXTMATE + how);
        assertEquals(EditorFiles.vim(), Files.readString(VIM, StandardCharsets.UTF_8), VIM + how);
    }

    @Test
    void everyKeywordAndPrimitiveIsHighlightedByBoth() throws IOException {
        Set<String> must = new TreeSet<>(Lexicon.keywords());
        must.addAll(Frontend.primitiveNames());
        must.addAll(List.of("cow", "huge", "ats", "kvm", "mirror", "CASE_A", "CASE_B", "gather_batch"));
        for (List<String> words : List.of(textMateWords(), vimWords())) {
            Set<String> missing = new TreeSet<>(must);
            missing.removeAll(words);
            assertTrue(missing.isEmpty(), "not highlighted: " + missing);
        }
    }

    @Test
    void neitherListsAWordTheLanguageDoesNotHave() throws IOException {
        Set<String> known = language();
        for (List<String> words : List.of(textMateWords(), vimWords())) {
            assertTrue(words.size() > 150, "too few words: " + words.size());
            Set<String> unknown = new TreeSet<>(words);
            unknown.removeAll(known);
            assertTrue(unknown.isEmpty(), "not words of mmun: " + unknown);
            assertEquals(words.size(), new HashSet<>(words).size(), "a word listed twice");
        }
    }

    @Test
    void theGrammarsRegexesCompile() throws IOException {
        String text = Files.readString(TEXTMATE, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"(?:match|begin|end)\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        int n = 0;
        while (m.find()) {
            String regex = m.group(1).replace("\\\\", "\\");
            Pattern.compile(regex);
            n++;
        }
        assertTrue(n >= 12, "patterns: " + n);
        Pattern primitive = Pattern.compile(textMateRegex(text, "primitive"));
        assertTrue(primitive.matcher("  ptep_clear_flush_notify(A)").find());
        assertTrue(!primitive.matcher("CPU-write-0").find(), "a name with a hyphen is not a keyword");
    }

    private static String textMateRegex(String text, String group) {
        Matcher m = Pattern.compile("\"" + group + "\": \\{\\s*\"name\": \"[^\"]*\",\\s*\"match\": \"([^\"]*)\"").matcher(text);
        assertTrue(m.find(), group);
        return m.group(1).replace("\\\\", "\\");
    }
}
