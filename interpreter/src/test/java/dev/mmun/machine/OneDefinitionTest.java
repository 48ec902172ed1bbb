package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One definition per instruction (issue 8): what an instruction means is written in its family's
 * file only, so no other main source switches over op codes (a new instruction needs no case
 * elsewhere). The thread-local ops (jumps, assignments, atomic brackets) have their family too
 * (ControlFamily), and which instructions call the subscribers is each family's answer
 * (Families.calls), so the rule has no exception. A scan of the source text: each {@code switch}
 * over an op, and the case labels up to its closing brace.
 */
class OneDefinitionTest {
    private static final Path MAIN = Path.of("src/main/java/dev/mmun");
    private static final Pattern SWITCH = Pattern.compile("switch\\s*\\(\\s*(in\\.op\\(\\)|op|[a-z]+\\.op\\(\\))\\s*\\)\\s*\\{");
    private static final Pattern CASE = Pattern.compile("\\bcase\\s+([A-Z_][A-Z_0-9]*(\\s*,\\s*[A-Z_][A-Z_0-9]*)*)\\s*(->|:)");

    @Test
    void noSwitchOverOpsOutsideTheFamilies() throws IOException {
        Set<String> ops = new java.util.HashSet<>();
        for (Op op : EnumSet.allOf(Op.class)) {
            ops.add(op.name());
        }
        List<String> wrong = new ArrayList<>();
        int switches = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(MAIN)) {
            files = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() > 50, "no sources under " + MAIN.toAbsolutePath());
        for (Path file : files) {
            String name = file.getFileName().toString();
            String code = Files.readString(file);
            Matcher m = SWITCH.matcher(code);
            while (m.find()) {
                switches++;
                if (name.endsWith("Family.java")) {
                    continue;
                }
                String body = block(code, m.end() - 1);
                Matcher c = CASE.matcher(body);
                while (c.find()) {
                    for (String label : c.group(1).split("\\s*,\\s*")) {
                        if (ops.contains(label)) {
                            wrong.add(MAIN.relativize(file) + ": case " + label);
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "ops switched on outside their family's file (say it in the family): " + wrong);
        // the scan sees the families' own switches, so it would see one elsewhere
        assertTrue(switches >= 10, "the scan found only " + switches + " switches over ops");
    }

    /** Every op has one family: the machine's in Families, the thread-local ones in ControlFamily. */
    @Test
    void everyOpHasAFamily() {
        for (Op op : Op.values()) {
            assertTrue(op.local() ? ControlFamily.OPS.contains(op) && Families.of(op) == null : Families.of(op) != null
                    && !ControlFamily.OPS.contains(op), op + " has no family, or two");
        }
    }

    /** The text of the block whose opening brace is at open, up to its closing brace. */
    private static String block(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return code.substring(open, i + 1);
            }
        }
        return code.substring(open);
    }
}
