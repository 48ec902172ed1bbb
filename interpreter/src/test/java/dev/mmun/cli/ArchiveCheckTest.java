package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's class archive and JDK-8306460 (before JDK 21 an archive keeps methods marked queued
 * for compilation, and a JVM that maps it never compiles them): class-archive.sh trains a JDK 17
 * archive with the interpreter alone, and archive-check.sh fails on an archive whose methods start
 * out queued. Both run here with a stand-in for java on PATH.
 */
class ArchiveCheckTest {
    private static final String QUEUED = "dev.mmun.explore.FrameSymmetry.canonicalize([I)V";
    private static final String OTHER = "dev.mmun.explore.Stubborn.choose([IJ)J";

    @TempDir
    Path tmp;
    Path bin;
    Path target;

    @BeforeEach
    void layout() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("mmun.jar"), "x");
    }

    private void java(String body) throws IOException {
        Path p = bin.resolve("java");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Ran(int exit, String out) {}

    private Ran script(String name) throws Exception {
        Path script = TestCommandTest.root().resolve("interpreter/src/build/" + name);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), target.resolve("mmun.jar").toString(), "samples")
                .directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Ran(p.exitValue(), out);
    }

    /** A line of -XX:+PrintTieredEvents, as JDK 17 prints it. */
    private static String event(String kind, String method, String status) {
        String tail = kind.equals("compile") ? "]" : " compilable=c1,c1-osr,c2,c2-osr status=" + status + "]";
        return "0.94: [" + kind + " level=0 [" + method + "] @-1 queues=0,0 rate=n/a k=1.00,1.00" + tail;
    }

    /** java prints these events and exits 1 (as a test with a failing sample would): only the events count. */
    private void events(String... lines) throws IOException {
        Files.write(tmp.resolve("events"), List.of(lines));
        java("cat \"" + tmp.resolve("events") + "\"; exit 1");
    }

    @Test
    void aMethodWhoseFirstEventIsQueuedFailsTheCheck() throws Exception {
        Files.writeString(target.resolve("mmun.jsa"), "x");
        events(event("call", OTHER, "idle"), event("compile", OTHER, ""), event("call", OTHER, "in-queue"),
                event("loop", QUEUED, "in-queue"), event("call", QUEUED, "in-queue"));
        Ran r = script("archive-check.sh");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains(QUEUED), r.out());
        // queued after a compilation was asked for: in the queue, as any method is for a while
        assertFalse(r.out().contains(OTHER), r.out());
    }

    @Test
    void methodsQueuedOnlyAfterTheirCompilationWasAskedForPass() throws Exception {
        Files.writeString(target.resolve("mmun.jsa"), "x");
        events(event("call", QUEUED, "idle"), event("compile", QUEUED, ""), event("loop", QUEUED, "in-queue"));
        Ran r = script("archive-check.sh");
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void withoutAJdk17ArchiveThereIsNothingToCheck() throws Exception {
        events(event("loop", QUEUED, "in-queue"));
        Ran r = script("archive-check.sh");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("nothing to check"), r.out());
    }

    /** class-archive.sh's calls of java with a JDK of this feature release: the training's options. */
    private String training(int feature) throws Exception {
        Path log = tmp.resolve("log");
        Files.deleteIfExists(log);
        java("echo \"$*\" >> \"" + log + "\"; case \"$*\" in -version) echo 'openjdk version \"" + feature
                + ".0.1\" 2025-01-01' >&2 ;; esac; exit 0");
        Ran r = script("class-archive.sh");
        assertEquals(0, r.exit(), r.out());
        return Files.readAllLines(log).stream().filter(l -> l.contains("dev.mmun.cli.Train")).findFirst().orElseThrow();
    }

    @Test
    void aJdk17ArchiveIsTrainedByTheInterpreterAlone() throws Exception {
        String jdk17 = training(17);
        assertTrue(jdk17.contains("-Xint") && jdk17.contains("-XX:ArchiveClassesAtExit="), jdk17);
        // JDK 21 fixed the bug, and JDK 25's cache keeps the profiles that only the compilers make
        String jdk25 = training(25);
        assertTrue(jdk25.contains("-XX:AOTCacheOutput=") && !jdk25.contains("-Xint"), jdk25);
    }
}
