package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files for the text report's States list, final-condition witnesses and verdict lines:
 * each case is a command line, its output compared with src/test/resources/golden/NAME.txt. The
 * statistics line (times, worker count) is masked and the project root is written as ROOT.
 * Run with -Dgolden.update=true to rewrite the files, then read their diff.
 */
class ReportGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden");

    record Case(String name, String... args) {}

    static List<Case> cases() {
        String golden = DIR.resolve("forall-sometimes.mmun").toString();
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("forall-sometimes.check", "check", "--workers", "1", golden));
        cs.add(new Case("forall-sometimes.run", "run", golden));
        cs.add(new Case("case-b-timeline-fixed.check", "check", "--workers", "1", "--no-trace", sample("case-b-timeline-fixed.mmun")));
        cs.add(new Case("case-a-free-before-end.check", "check", "--workers", "1", "--no-trace", sample("case-a-free-before-end.mmun")));
        cs.add(new Case("case-b-threads.run", "run", "--no-trace", sample("case-b-threads.mmun")));
        cs.add(new Case("case-b-threads.check", "check", "--workers", "1", "--no-trace", sample("case-b-threads.mmun")));
        return cs;
    }

    static String sample(String name) {
        return CliTest.sample(name).toString();
    }

    @TestFactory
    Stream<DynamicTest> goldens() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            List<String> args = new ArrayList<>(List.of(c.args()));
            args.add(1, "--color");
            args.add(2, "never");
            CliTest.Result r = CliTest.mmun("", args.toArray(String[]::new));
            String got = normalize(r.out() + r.err()) + "exit " + r.code() + "\n";
            Path file = DIR.resolve(c.name() + ".txt");
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(file, got, StandardCharsets.UTF_8);
            }
            assertEquals(read(file), got, "golden " + file);
        }));
    }

    static String normalize(String out) {
        String raw = System.getProperty("mmun.root", "..");
        String root = Path.of(raw).toAbsolutePath().normalize().toString();
        StringBuilder sb = new StringBuilder();
        for (String line : out.replace(raw + "/", "ROOT/").replace(root + "/", "ROOT/").split("\n", -1)) {
            if (line.startsWith("states_stored ") || line.startsWith("steps ") || line.startsWith("runs ")) {
                line = "<stats>";
            }
            sb.append(line).append('\n');
        }
        return sb.toString().replaceAll("\n+$", "\n");
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing " + p + ")";
    }
}
