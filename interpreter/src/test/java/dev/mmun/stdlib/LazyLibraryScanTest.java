package dev.mmun.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmun.diag.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The library's index finds the procedures a file defines exactly as the regular expressions it replaces. */
class LazyLibraryScanTest {
    private static final String NAME = "([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)";
    private static final Pattern PROC = Pattern.compile("\\bproc\\s+" + NAME + "\\s*\\(");
    private static final Pattern ERA_SUFFIX = Pattern.compile("_\\d+_\\d+$");

    private static List<String> groups(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> procs(String text) {
        List<String> out = new ArrayList<>();
        LazyLibrary.procs(text, out::add);
        return out;
    }

    private static void same(String text) {
        assertEquals(groups(PROC, text), procs(text), () -> "procs in: " + text);
    }

    @Test
    void theStandardLibraryScansAsWithThePatterns() {
        for (SourceFile f : Stdlib.sources()) {
            same(f.text());
            for (String name : procs(f.text())) {
                assertEquals(ERA_SUFFIX.matcher(name).replaceFirst(""), LazyLibrary.withoutEra(name), name);
            }
        }
    }

    @Test
    void edgeCasesScanAsWithThePatterns() {
        for (String text : List.of("", "(", "a(", "a (", "a\t\n(", "1a(", "-a(", "a-(", "a-b(", "a--b(", "a-b-c (x) d(",
                "proc f(", "proc  f (", "xproc f(", "_proc f(", "-proc f(", "proc(", "procf(", "proc 1f(", "proc f-g-h(",
                "proc\nf\n(", "proc f x(", "proc proc g(", "éproc f(", "a_1_2(", "proc")) {
            same(text);
        }
        for (String name : List.of("a_4_15", "a_4", "a__4_15", "a_4_15_", "_4_15", "a_1_2_3", "a_x_15", "a4_15")) {
            assertEquals(ERA_SUFFIX.matcher(name).replaceFirst(""), LazyLibrary.withoutEra(name), name);
        }
    }

    @Test
    void randomTextsScanAsWithThePatterns() {
        Random r = new Random(11);
        String alphabet = "proc_ab19-( \n\t)é";
        for (int t = 0; t < 20_000; t++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(24);
            for (int i = 0; i < len; i++) {
                b.append(r.nextInt(4) == 0 ? "proc " : String.valueOf(alphabet.charAt(r.nextInt(alphabet.length()))));
            }
            same(b.toString());
        }
    }
}
