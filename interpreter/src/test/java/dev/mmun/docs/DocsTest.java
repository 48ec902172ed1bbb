package dev.mmun.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command README.md and docs/*.md show is run, and the output they show is compared, so the
 * docs cannot drift from the code (issue 12). The conventions ({@link DocCommands}): a fenced block
 * with lines {@code $ command} is a transcript, each command's shown output the lines after it,
 * {@code ...} eliding; a REPL session ({@code $ mmun repl}, its input the lines after {@code mmun> })
 * may go on in later blocks that start with {@code mmun> }, and runs once; a {@code ```sh} block is a script that must exit 0; a line
 * {@code # not run by the doc test: REASON} keeps the next command (in a script block: the block)
 * from running, and this test lists those.
 *
 * <p>Commands run under bash in a scratch folder per doc that holds the project's folders (linked),
 * with {@code ./mmun} and {@code mmun} the interpreter on this test's classpath, so files a doc
 * makes (a {@code :save}, a report) stay there. {@code -Dmmun.docs.update=true} writes each
 * command's actual output into the doc instead (elisions are lost where the output changed:
 * review the diff).
 */
class DocsTest {
    static final String NESTED = "MMUN_IN_DOCS_TEST";
    static final boolean UPDATE = Boolean.getBoolean("mmun.docs.update");

    static Path root() {
        return Path.of(System.getProperty("mmun.root", "..")).toAbsolutePath().normalize();
    }

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(root().resolve("README.md"));
        try (Stream<Path> s = Files.list(root().resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void everyCommandTheDocsShowRunsAndPrintsWhatTheyShow(@TempDir Path tmp) throws Exception {
        // a doc command that starts the build would run this test again, and so on
        assertTrue(System.getenv(NESTED) == null, "a command in the docs ran the build that runs DocsTest: mark it not run");
        int ran = 0;
        List<String> failures = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (Path doc : docs()) {
            String name = root().relativize(doc).toString();
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            List<DocCommands.Shown> shown = DocCommands.parse(lines);
            if (shown.isEmpty()) {
                continue;
            }
            Path work = scratch(tmp.resolve(name.replace('/', '_')));
            Map<Integer, List<String>> rewrites = new TreeMap<>();
            Map<DocCommands.Shown, List<DocCommands.Shown>> sessions = sessions(shown);
            for (DocCommands.Shown block : shown) {
                if (block.continued()) {
                    continue; // it runs with the block that starts its session
                }
                List<DocCommands.Shown> session = sessions.get(block);
                DocCommands.Shown c = session.size() == 1 ? block : joined(session);
                String where = name + ":" + c.line() + (session.size() == 1 ? ""
                        : " (a REPL session over " + session.size() + " blocks, from lines "
                        + session.stream().map(b -> Integer.toString(b.line())).collect(java.util.stream.Collectors.joining(", ")) + ")");
                if (c.notRunReason() != null) {
                    notRun.add(where + ": " + c.command().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()
                            .orElse("") + "  (" + c.notRunReason() + ")");
                    continue;
                }
                ran++;
                Ran r = run(work, c);
                if (c.script()) {
                    if (r.code() != 0) {
                        failures.add(where + ": the script exits " + r.code() + ", not 0\n" + indent(c.command())
                                + "  its output:\n" + indent(r.out()));
                    }
                    continue;
                }
                String problem = r.code() == 70 || r.code() >= 126
                        ? "it exits " + r.code() + " (an internal error, or no such command)" : null;
                if (!DocCommands.matches(c.expected(), r.out())) {
                    problem = (problem == null ? "" : problem + "; ") + "its output differs";
                    if (UPDATE) {
                        List<String> parts = DocCommands.cut(r.out(), session);
                        for (int k = 0; k < session.size(); k++) {
                            rewrites.put(session.get(k).line(), parts.get(k).isEmpty() ? List.of() : List.of(parts.get(k).split("\n", -1)));
                        }
                    }
                }
                if (problem != null) {
                    failures.add(where + ": $ " + c.command() + "\n  " + problem + "\n  shown:\n"
                            + indent(String.join("\n", c.expected())) + "  actual (exit " + r.code() + "):\n" + indent(r.out()));
                }
            }
            if (UPDATE && !rewrites.isEmpty()) {
                Files.write(doc, DocCommands.rewrite(lines, shown, rewrites), StandardCharsets.UTF_8);
            }
        }
        System.out.println("DocsTest: " + ran + " commands run, " + notRun.size() + " not run:");
        notRun.forEach(n -> System.out.println("  " + n));
        assertTrue(ran > 0, "no command found in the docs");
        if (!failures.isEmpty()) {
            fail(failures.size() + " doc command(s) do not do what the docs show"
                    + (UPDATE ? " (the docs were rewritten with the actual output: review the diff)" : "")
                    + ":\n\n" + String.join("\n", failures));
        }
    }

    record Ran(int code, String out) {}

    /** Each block that starts a command, with the blocks that go on with its REPL session (itself first). */
    static Map<DocCommands.Shown, List<DocCommands.Shown>> sessions(List<DocCommands.Shown> shown) {
        Map<DocCommands.Shown, List<DocCommands.Shown>> sessions = new java.util.IdentityHashMap<>();
        DocCommands.Shown head = null;
        for (DocCommands.Shown b : shown) {
            if (b.continued()) {
                sessions.get(head).add(b);
            } else {
                sessions.put(b, new ArrayList<>(List.of(b)));
                head = b.repl() ? b : head;
            }
        }
        return sessions;
    }

    /** A REPL session's blocks as one command: all their inputs, all their shown output in order. */
    static DocCommands.Shown joined(List<DocCommands.Shown> session) {
        DocCommands.Shown head = session.get(0);
        List<String> expected = new ArrayList<>();
        StringBuilder stdin = new StringBuilder();
        for (DocCommands.Shown b : session) {
            expected.addAll(b.expected());
            stdin.append(b.stdin());
        }
        return new DocCommands.Shown(head.line(), head.command(), expected, head.from(), head.to(), head.indent(),
                stdin.toString(), false, head.notRunReason(), false);
    }

    /** A folder that looks like the checkout (its folders linked), with {@code mmun} this build. */
    static Path scratch(Path work) throws IOException {
        Files.createDirectories(work);
        try (Stream<Path> s = Files.list(root())) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (f.equals("samples")) {
                    copy(p, work.resolve(f)); // a copy: mmun test does not walk into a linked folder
                } else if (!f.equals("mmun") && !f.startsWith(".")) {
                    Files.createSymbolicLink(work.resolve(f), p);
                }
            }
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path mmun = work.resolve("mmun");
        Files.writeString(mmun, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss8m"
                + " -Xshare:auto -Dmmun.launcher=./mmun -cp '" + cp + "' dev.mmun.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(mmun, PosixFilePermissions.fromString("rwxr-xr-x"));
        return work;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    static Ran run(Path work, DocCommands.Shown c) throws IOException, InterruptedException {
        ProcessBuilder pb = c.script()
                ? new ProcessBuilder("bash", "-e", "-c", c.command())
                : new ProcessBuilder("bash", "-c", c.command());
        pb.directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", work + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("NO_COLOR");
        env.remove("MMUN_JAVA_OPTS");
        // java would say on stderr that it picked these up
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("MMUN_HISTORY", work.resolve(".mmun_history").toString());
        env.put("TERM", "dumb");
        env.put(NESTED, "1");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(c.stdin().getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ran(-1, "(timed out)");
        }
        return new Ran(p.exitValue(), DocCommands.normalise(new String(out, StandardCharsets.UTF_8)));
    }

    static String indent(String text) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(l -> b.append("    | ").append(l).append('\n'));
        return b.toString();
    }
}
