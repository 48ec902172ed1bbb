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
 * Golden files for the text report's States list, final-condition witnesses and verdict lines, for
 * JSON of a check and of a run, and for mmun test's text, JSON, JUnit and TAP reports of one suite:
 * each case is a command line, its output compared with src/test/resources/golden/NAME.txt. The
 * statistics line and other times, rates and worker counts are masked, and the project root is
 * written as ROOT.
 * Run with -Dgolden.update=true to rewrite the files, then read their diff.
 */
class ReportGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden");

    record Case(String name, String... args) {}

    /** Relative paths, so that the JUnit class names and the text report's columns do not depend on where the project is. */
    static final List<String> SUITE = List.of("../samples/doc/case-b-timeline.mmun", "../samples/doc/case-b-threads-fixed.mmun",
            DIR.resolve("suite/unmet.mmun").toString(), DIR.resolve("suite/error.mmun").toString());

    /** What changes from run to run: times and rates, the heap, the worker count (check in mmun test uses every core). */
    private static final List<String[]> MASKS = List.of(
            new String[] {"\"(time_ms|first_violation_ms|states_per_s|memory_mb|workers)\":[-0-9.eE+]+", "\"$1\":\"<masked>\""},
            new String[] {" time=\"[0-9.]+\"", " time=\"<masked>\""},
            new String[] {"(\\(|, )([0-9]+(\\.[0-9]+)? (ms|s)|[0-9]+ min [0-9]+ s)\\)", "$1<time>)"},
            new String[] {"^[0-9]+ files? in .*", "<suite timing>"});

    static List<Case> cases() {
        String golden = DIR.resolve("forall-sometimes.mmun").toString();
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("forall-sometimes.check", "check", "--workers", "1", golden));
        cs.add(new Case("forall-sometimes.run", "run", golden));
        cs.add(new Case("case-b-timeline-fixed.check", "check", "--workers", "1", "--no-trace", sample("case-b-timeline-fixed.mmun")));
        cs.add(new Case("case-a-free-before-end.check", "check", "--workers", "1", "--no-trace", sample("case-a-free-before-end.mmun")));
        cs.add(new Case("case-b-threads.run", "run", "--no-trace", sample("case-b-threads.mmun")));
        cs.add(new Case("case-b-threads.check", "check", "--workers", "1", "--no-trace", sample("case-b-threads.mmun")));
        // the machine-read formats of one file: JSON of a check (with traces) and of a run
        cs.add(new Case("case-b-threads.check.json", "check", "--workers", "1", "--format", "json", sample("case-b-threads.mmun")));
        cs.add(new Case("case-b-timeline.run.json", "run", "--format", "json", sample("case-b-timeline.mmun")));
        // mmun test's four formats over one suite: a run and a check that pass, an unmet expectation, a static error
        for (String format : List.of("text", "json", "junit", "tap")) {
            List<String> args = new ArrayList<>(List.of("test", "--jobs", "1", "--format", format));
            args.addAll(SUITE);
            cs.add(new Case("suite." + format, args.toArray(String[]::new)));
        }
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
            for (String[] mask : MASKS) {
                line = line.replaceAll(mask[0], mask[1]);
            }
            sb.append(line).append('\n');
        }
        return sb.toString().replaceAll("\n+$", "\n");
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing " + p + ")";
    }
}
