package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmun run} read without picocli must do what picocli's reading does, and leave it every line it may not read. */
class FastRunTest {
    static final String STDIN = "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\nexpect ok\n";

    record Out(int code, String out, String err, String html) {}

    /** One command line, through FastRun (which must take it when fast) or through picocli; timings masked. */
    static Out execute(boolean fast, Path html, String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Io io = new Io(new ByteArrayInputStream(STDIN.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true), new PrintWriter(err, true));
        int code;
        if (fast) {
            RunCommand run = FastRun.parse(io, args);
            assertNotNull(run, String.join(" ", args));
            code = MmunCommand.callFast(run, io);
        } else {
            code = MmunCommand.commandLine(io, args).execute(args);
        }
        String page = Files.exists(html) ? masked(Files.readString(html)) : null;
        Files.deleteIfExists(html);
        return new Out(code, masked(out.toString()), masked(err.toString()), page);
    }

    static String masked(String s) {
        return s.replaceAll("time_ms\"?:? ?[0-9]+", "time_ms N").replaceAll("[0-9]+ ms", "N ms");
    }

    @Test
    void theLinesItTakesDoWhatPicocliDoes(@TempDir Path tmp) throws IOException {
        Path root = TestCommandTest.root();
        String ksm = root.resolve("samples/doc/ksm-same-content.mmun").toString();
        String caseB = root.resolve("samples/doc/case-b-timeline.mmun").toString();
        Path bad = tmp.resolve("bad.mmun");
        Files.writeString(bad, "page A at 0x1000 = 1\ncpu T { r = frob(A) }\n");
        Path html = tmp.resolve("page.html");
        List<String[]> lines = new ArrayList<>(List.of(
                new String[] {"run", ksm}, new String[] {"run", ksm, caseB}, new String[] {"run", "-"},
                new String[] {"run", "--no-trace", caseB}, new String[] {"run", caseB, "--no-trace"},
                new String[] {"run", "--format", "json", ksm, "--color", "never"}, new String[] {"run", "--format", "text", caseB},
                new String[] {"run", "--color", "always", caseB}, new String[] {"run", "--color", "auto", ksm},
                new String[] {"run", "--max-steps", "3", caseB}, new String[] {"run", "--max-steps", "0", ksm},
                new String[] {"run", "--max-steps", "999999999", ksm}, new String[] {"run", bad.toString()},
                new String[] {"run", "no/such.mmun"}, new String[] {"run", "--html", html.toString(), caseB, ksm},
                new String[] {"run", "--html", tmp.resolve("no/dir/x.html").toString(), ksm}));
        for (String[] args : lines) {
            assertEquals(execute(false, html, args), execute(true, html, args), String.join(" ", args));
        }
    }

    @Test
    void everyOtherLineIsLeftToPicocli() {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String[]> lines = List.of(
                new String[] {"run"}, new String[] {"check", "x.mmun"}, new String[] {"run", "--help", "x.mmun"},
                new String[] {"run", "-h", "x.mmun"}, new String[] {"run", "-V", "x.mmun"}, new String[] {"run", "--version", "x.mmun"},
                new String[] {"run", "--no-trace"}, new String[] {"run", "--no-trace", "--no-trace", "x.mmun"},
                new String[] {"run", "--format=json", "x.mmun"}, new String[] {"run", "--format", "yaml", "x.mmun"},
                new String[] {"run", "--format", "JSON", "x.mmun"}, new String[] {"run", "--format", "json", "--format", "text", "x.mmun"},
                new String[] {"run", "x.mmun", "--format"}, new String[] {"run", "--color", "--no-trace", "x.mmun"},
                new String[] {"run", "--max-steps", "010", "x.mmun"}, new String[] {"run", "--max-steps", "-1", "x.mmun"},
                new String[] {"run", "--max-steps", "+5", "x.mmun"}, new String[] {"run", "--max-steps", "9999999999", "x.mmun"},
                new String[] {"run", "--html", "", "x.mmun"}, new String[] {"run", "--", "x.mmun"},
                new String[] {"run", "@args.txt"}, new String[] {"run", "--frob", "x.mmun"}, new String[] {"run", "-x", "x.mmun"},
                new String[] {"run", ""}, new String[] {"--help"}, new String[] {});
        for (String[] args : lines) {
            assertNull(FastRun.parse(io, args), String.join(" ", args));
        }
    }
}
