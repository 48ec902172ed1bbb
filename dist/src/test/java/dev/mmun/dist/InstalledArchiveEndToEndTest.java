package dev.mmun.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed launcher's class archive with the real pieces: bin/mmun, lib/class-archive.sh and
 * the interpreter's jar laid out as the archive unpacks them (src/assembly/dist.xml), and this
 * JVM's java behind a stand-in that logs its arguments and starts the real one with
 * {@code -Xshare:on} (or {@code -XX:AOTMode=on}) whenever it is given an archive: such a JVM fails
 * to start unless it maps the archive, so a start that works has mapped it. The archive is made
 * in the foreground (MMUN_CLASS_ARCHIVE=now), mapped by a run, dropped by a start of another JVM
 * (a stale id), and made again in the background by the start after that.
 */
class InstalledArchiveEndToEndTest {
    private static final Path ROOT = Path.of("..");
    private static final Path JAR = ROOT.resolve("interpreter/target/mmun.jar");

    @TempDir
    Path tmp;

    private Path home;
    private Path cache;

    private void unpack() throws IOException {
        home = tmp.resolve("mmun-0");
        cache = tmp.resolve("cache");
        copy(ROOT.resolve("dist/src/bin/mmun"), home.resolve("bin/mmun"));
        copy(ROOT.resolve("dist/src/bin/jvm-options.bash"), home.resolve("lib/jvm-options.bash"));
        copy(ROOT.resolve("interpreter/src/build/class-archive.sh"), home.resolve("lib/class-archive.sh"));
        copy(JAR, home.resolve("lib/mmun.jar"));
        try (Stream<Path> s = Files.list(ROOT.resolve("samples/doc"))) {
            for (Path f : s.filter(f -> f.toString().endsWith(".mmun")).toList()) {
                copy(f, home.resolve("samples/doc").resolve(f.getFileName()));
            }
        }
        Path real = Path.of(System.getProperty("java.home"), "bin", "java");
        Path java = tmp.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho \"java $*\" >> \"" + tmp.resolve("log") + "\"\n"
                + "case \"$*\" in\n"
                + "  *SharedArchiveFile=*) exec \"" + real + "\" -Xshare:on \"$@\" ;;\n"
                + "  *AOTCache=*) exec \"" + real + "\" -XX:AOTMode=on \"$@\" ;;\n"
                + "  *) exec \"" + real + "\" \"$@\" ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private record Ran(int exit, String out, String java) {}

    /** bin/mmun with these arguments and extra environment; the last java command it started. */
    private Ran mmun(Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(tmp.resolve("log"));
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", home.resolve("bin/mmun").toString()),
                Stream.of(args)).toList()).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        for (String v : List.of("MMUN_JAVA_OPTS", "MMUN_CLASS_ARCHIVE", "JAVA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        List<String> log = Files.readAllLines(tmp.resolve("log"));
        return new Ran(p.exitValue(), out, log.get(log.size() - 1));
    }

    /** The archive files in the cache: the archive itself and its id. */
    private List<Path> archives() throws IOException {
        Path dir = cache.resolve("mmun");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().matches(".*\\.(jsa|aot|id)")).sorted().toList();
        }
    }

    @Test
    void madeMappedDroppedForAnotherJvmAndMadeAgain() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "the interpreter's jar is built before this module's tests");
        unpack();
        Ran made = mmun(Map.of("MMUN_CLASS_ARCHIVE", "now"), "--version");
        assertEquals(0, made.exit(), made.out());
        List<Path> files = archives();
        assertEquals(2, files.size(), files.toString());
        Path archive = files.stream().filter(f -> !f.toString().endsWith(".id")).findFirst().orElseThrow();
        Path id = files.stream().filter(f -> f.toString().endsWith(".id")).findFirst().orElseThrow();
        assertTrue(made.java().contains("=" + archive + " "), made.java());
        assertFalse(Files.readString(id).isBlank());

        // mapped, or the stand-in's -Xshare:on would have stopped the JVM
        Ran run = mmun(Map.of(), "run", "samples/doc/ksm-same-content.mmun");
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("verdict: ok"), run.out());
        assertTrue(run.java().contains("=" + archive + " ") && run.java().contains("-Dmmun.archive.id="), run.java());

        // the id of another JVM: this start drops the archive (and runs without it)
        Files.writeString(id, "17.0.1+1 /some/other/jdk\n");
        Ran stale = mmun(Map.of(), "--version");
        assertEquals(0, stale.exit(), stale.out());
        assertEquals(List.of(), archives());

        // the next start makes it again, in the background, and does not wait for it
        Ran next = mmun(Map.of(), "--version");
        assertEquals(0, next.exit(), next.out());
        assertFalse(next.java().contains(archive.toString()), next.java());
        for (int i = 0; i < 1200 && archives().size() < 2; i++) {
            Thread.sleep(100);
        }
        assertEquals(files, archives());
        Path lock = Path.of(archive.toString().replaceAll("\\.(jsa|aot)$", ".lock"));
        for (int i = 0; i < 100 && Files.exists(lock); i++) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(lock), "the background maker is done");
    }
}
