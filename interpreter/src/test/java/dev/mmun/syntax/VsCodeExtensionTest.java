package dev.mmun.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The VS Code extension folder (editors/vscode) cannot be tried in VS Code here, so its files are
 * checked for what VS Code reads from them: package.json's required fields and the files it names,
 * the grammar's scope name, the language configuration's comments, brackets and patterns against the
 * language, and every include of the grammar resolving. The Vim files' filetype names agree too.
 */
class VsCodeExtensionTest {
    private static final Path ROOT = Path.of(System.getProperty("mmun.root", ".."));
    private static final Path EXT = ROOT.resolve("editors/vscode");

    private static JsonObject json(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String str(JsonObject o, String field) {
        assertTrue(o.has(field) && o.get(field).isJsonPrimitive(), "no string " + field + " in " + o);
        String s = o.get(field).getAsString();
        assertTrue(!s.isBlank(), field + " is empty");
        return s;
    }

    /** A file package.json names, relative to the extension folder; it must exist. */
    private static Path named(String relative) {
        Path p = EXT.resolve(relative).normalize();
        assertTrue(p.startsWith(EXT.normalize()), relative + " is outside the extension folder");
        assertTrue(Files.isRegularFile(p), relative + " named by package.json does not exist");
        return p;
    }

    @Test
    void packageJsonHasWhatVsCodeRequiresAndNamesFilesThatExist() throws IOException {
        JsonObject pkg = json(EXT.resolve("package.json"));
        for (String f : List.of("name", "displayName", "description", "version", "publisher", "main")) {
            str(pkg, f);
        }
        assertTrue(str(pkg, "name").matches("[a-z0-9][a-z0-9._-]*"), "a VS Code extension name is lower case");
        assertTrue(str(pkg, "version").matches("\\d+\\.\\d+\\.\\d+"), "a semver version");
        Matcher pom = Pattern.compile("<artifactId>mmun-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(pom.find());
        assertEquals(pom.group(1), str(pkg, "version"), "the extension's version is the project's");
        assertTrue(str(pkg.getAsJsonObject("engines"), "vscode").matches("\\^\\d+\\.\\d+\\.\\d+"));
        String main = Files.readString(named(str(pkg, "main")));
        assertTrue(main.contains("activate") && main.contains("module.exports"), "main exports activate");

        JsonObject contributes = pkg.getAsJsonObject("contributes");
        JsonObject lang = contributes.getAsJsonArray("languages").get(0).getAsJsonObject();
        String id = str(lang, "id");
        assertTrue(strings(pkg.getAsJsonArray("activationEvents")).contains("onLanguage:" + id));
        assertTrue(strings(lang.getAsJsonArray("extensions")).contains(".mmun"));
        json(named(str(lang, "configuration"))); // parses

        JsonObject grammar = contributes.getAsJsonArray("grammars").get(0).getAsJsonObject();
        assertEquals(id, str(grammar, "language"));
        JsonObject tm = json(named(str(grammar, "path")));
        assertEquals(str(grammar, "scopeName"), str(tm, "scopeName"), "package.json's scopeName is the grammar's");
        assertTrue(str(tm, "scopeName").equals("source." + id));

        // the setting the extension reads is the one package.json declares
        JsonObject props = contributes.getAsJsonObject("configuration").getAsJsonObject("properties");
        for (String key : props.keySet()) {
            String[] parts = key.split("\\.", 2);
            assertEquals(id, parts[0], key);
            assertTrue(main.contains("getConfiguration('" + parts[0] + "')") && main.contains("get('" + parts[1] + "'"),
                    "extension.js does not read " + key);
        }
        assertTrue(main.contains("args: ['lsp']"), "the extension starts `mmun lsp`");
        assertTrue(pkg.getAsJsonObject("dependencies").has("vscode-languageclient"));
    }

    @Test
    void theLanguageConfigurationFitsTheLanguage() throws IOException {
        JsonObject conf = json(EXT.resolve("language-configuration.json"));
        JsonObject comments = conf.getAsJsonObject("comments");
        assertEquals("//", str(comments, "lineComment"));
        assertEquals(List.of("/*", "*/"), strings(comments.getAsJsonArray("blockComment")));
        // comments the configuration names are comments to the lexer
        assertEquals(List.of(Lexeme.Kind.COMMENT, Lexeme.Kind.NAME, Lexeme.Kind.COMMENT),
                Lexicon.lexemes("// x\nA /* y */").stream().map(Lexeme::kind).toList());
        for (JsonElement pair : conf.getAsJsonArray("brackets")) {
            List<String> p = strings(pair.getAsJsonArray());
            assertEquals(2, p.size());
            assertTrue(Set.of("{}", "[]", "()").contains(p.get(0) + p.get(1)), p.toString());
        }
        for (JsonElement pair : conf.getAsJsonArray("autoClosingPairs")) {
            JsonObject p = pair.getAsJsonObject();
            str(p, "open");
            str(p, "close");
        }
        Pattern word = Pattern.compile(str(conf, "wordPattern"));
        for (String w : List.of("CPU-thread-0", "pte_offset_map_lock", "0x1000", "mmu_notifier_invalidate_range_start", "r0")) {
            assertTrue(word.matcher(w).matches(), w + " is not one word to the editor");
        }
        JsonObject indent = conf.getAsJsonObject("indentationRules");
        assertTrue(Pattern.compile(str(indent, "increaseIndentPattern")).matcher("cpu T {").find());
        assertTrue(Pattern.compile(str(indent, "decreaseIndentPattern")).matcher("    }").find());
    }

    @Test
    void everyIncludeOfTheGrammarResolves() throws IOException {
        String text = Files.readString(EXT.resolve("syntaxes/mmun.tmLanguage.json"), StandardCharsets.UTF_8);
        Set<String> repository = json(EXT.resolve("syntaxes/mmun.tmLanguage.json")).getAsJsonObject("repository").keySet();
        Matcher m = Pattern.compile("\"include\": \"#([^\"]+)\"").matcher(text);
        Set<String> used = new HashSet<>();
        while (m.find()) {
            assertTrue(repository.contains(m.group(1)), "#" + m.group(1) + " is not in the grammar's repository");
            used.add(m.group(1));
        }
        assertEquals(repository, used, "a repository entry nothing includes");
    }

    @Test
    void vimNamesTheSameFiletype() throws IOException {
        String detect = Files.readString(ROOT.resolve("editors/vim/ftdetect/mmun.vim"));
        assertTrue(detect.matches("(?s).*\\*\\.mmun\\s+setf(iletype)? mmun\\b.*"), detect);
        assertTrue(Files.readString(ROOT.resolve("editors/vim/syntax/mmun.vim")).contains("b:current_syntax = 'mmun'"));
    }

    private static List<String> strings(JsonArray a) {
        return a.asList().stream().map(JsonElement::getAsString).toList();
    }
}
