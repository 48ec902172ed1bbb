package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed launcher's class archive (dist/src/bin/mmun): one per install and java in the
 * user's cache, made in the background by the first start without one, mapped by the starts after
 * it, made again when the jar is newer, never with MMUN_CLASS_ARCHIVE=off, in the foreground with
 * =now, and by one maker at a time. Run by bash in an unpacked layout, with stand-ins for java and
 * for lib/class-archive.sh that log their arguments (the stand-in maker writes BASE.jsa and BASE.id).
 */
class InstalledArchiveTest {
    private static final Instant UNPACKED = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path tmp;
    Path home;
    Path bin;
    Path cache;

    @BeforeEach
    void unpack() throws IOException {
        home = tmp.resolve("opt/mmun-1");
        bin = Files.createDirectories(tmp.resolve("bin"));
        cache = tmp.resolve("cache");
        copy("dist/src/bin/mmun", "bin/mmun");
        copy("dist/src/bin/jvm-options.bash", "lib/jvm-options.bash");
        Files.writeString(file("lib/mmun.jar"), "x");
        Files.setLastModifiedTime(home.resolve("lib/mmun.jar"), FileTime.from(UNPACKED));
        Files.writeString(file("samples/doc/a.mmun"), "x");
        // the maker logs its arguments, takes a moment (so that starts can race it), then writes what the real one does
        Files.writeString(file("lib/class-archive.sh"), "echo \"make $*\" >> \"" + tmp.resolve("makes") + "\"\n"
                + "sleep 0.3; echo x > \"$3.jsa\"; echo 'vm 17 /jdk' > \"$3.id\"; echo done >> \"" + tmp.resolve("done") + "\"\n");
        stub("java", "echo \"java $*\" >> \"" + tmp.resolve("log") + "\"");
    }

    private void copy(String from, String to) throws IOException {
        Files.copy(TestCommandTest.root().resolve(from), file(to));
    }

    private Path file(String f) throws IOException {
        Path p = home.resolve(f);
        Files.createDirectories(p.getParent());
        return p;
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Starts bin/mmun with these extra environment variables; returns the java command it ran. */
    private String start(Map<String, String> env) throws Exception {
        Files.deleteIfExists(tmp.resolve("log"));
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/mmun").toString(), "run", "x.mmun")
                .directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        for (String v : List.of("MMUN_JAVA_OPTS", "MMUN_CLASS_ARCHIVE", "JAVA_HOME")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> log = Files.readAllLines(tmp.resolve("log"));
        assertEquals(1, log.size(), log.toString());
        return log.get(0);
    }

    private String start() throws Exception {
        return start(Map.of());
    }

    /**
     * The maker's calls, once n of them have finished (the background one is not waited for by the
     * start), and a moment more, in which a call too many would show.
     */
    private List<String> makes(int n) throws Exception {
        Path done = tmp.resolve("done");
        for (int i = 0; i < 200 && (Files.exists(done) ? Files.readAllLines(done).size() : 0) < n; i++) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        Path makes = tmp.resolve("makes");
        return Files.exists(makes) ? Files.readAllLines(makes) : List.of();
    }

    /** The archive's file of this kind for the stand-in java on PATH. */
    private Path archive(String kind) {
        String key = (home + "@" + bin.resolve("java")).replaceAll("[^A-Za-z0-9._@-]", "+");
        return cache.resolve("mmun").resolve(key + kind);
    }

    @Test
    void theFirstStartMakesTheArchiveInTheBackgroundAndTheNextMapsIt() throws Exception {
        String first = start();
        assertFalse(first.contains("SharedArchiveFile") || first.contains("mmun.archive"), first);
        List<String> made = makes(1);
        String base = archive("").toString();
        assertEquals(List.of("make " + home.resolve("lib/mmun.jar") + " " + home.resolve("samples/doc") + " " + base + " java"), made);
        String second = start();
        assertTrue(second.contains("-XX:SharedArchiveFile=" + base + ".jsa -Dmmun.archive=" + base + " -Dmmun.archive.id=vm 17 /jdk -jar "), second);
        assertEquals(1, makes(1).size(), "made once");
    }

    @Test
    void aJarNewerThanItsArchiveIsStartedWithoutItAndTheArchiveIsMadeAgain() throws Exception {
        start();
        makes(1);
        Files.setLastModifiedTime(home.resolve("lib/mmun.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        assertFalse(start().contains("SharedArchiveFile"));
        assertEquals(2, makes(2).size());
    }

    @Test
    void offMeansNeverAndNowMeansBeforeThisStart() throws Exception {
        assertFalse(start(Map.of("MMUN_CLASS_ARCHIVE", "off")).contains("SharedArchiveFile"));
        assertEquals(List.of(), makes(0));
        assertTrue(start(Map.of("MMUN_CLASS_ARCHIVE", "now")).contains("-XX:SharedArchiveFile=" + archive(".jsa")));
        assertEquals(1, makes(1).size());
    }

    @Test
    void oneMakerAtATimeAndALockWhoseMakerIsGoneIsTakenOver() throws Exception {
        Files.createDirectories(archive("").getParent());
        Process alive = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(archive(".lock"), alive.pid() + "\n");
            start();
            assertEquals(List.of(), makes(0), "a live maker's lock is left be");
        } finally {
            alive.destroy();
            alive.waitFor();
        }
        // that pid is gone now: the next start takes the lock over and makes the archive
        start();
        assertEquals(1, makes(1).size());
        assertTrue(Files.exists(archive(".jsa")));
        assertFalse(Files.exists(archive(".lock")), "the maker's lock is gone with it");
    }

    @Test
    void eachJavaHasItsOwnArchiveAndAVeryLongNameIsHashed() throws Exception {
        Path jdk = tmp.resolve("jdk-x".repeat(50));
        Files.createDirectories(jdk.resolve("bin"));
        Files.copy(bin.resolve("java"), jdk.resolve("bin/java"));
        start(Map.of("JAVA_HOME", jdk.toString()));
        List<String> made = new ArrayList<>(makes(1));
        assertEquals(1, made.size());
        String base = made.get(0).split(" ")[3];
        assertTrue(base.matches(".*/mmun/h[0-9a-f]{8}"), base);
        assertTrue(made.get(0).endsWith(" " + jdk.resolve("bin/java")), made.get(0));
        assertTrue(start(Map.of("JAVA_HOME", jdk.toString())).contains("-XX:SharedArchiveFile=" + base + ".jsa"));
        // the java on PATH has none yet: it gets its own
        assertFalse(start().contains("SharedArchiveFile"));
        assertTrue(makes(2).get(1).endsWith(archive("") + " java"));
    }
}
