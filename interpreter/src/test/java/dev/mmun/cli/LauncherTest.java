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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./mmun launcher, run by bash in a copy of the project's layout with stand-ins for mvn and java
 * on PATH (they log their arguments): it rebuilds exactly when a source is newer than the jar, and
 * starts java with the class archive the build made.
 */
class LauncherTest {
    @TempDir
    Path tmp;
    Path root;
    Path bin;

    /** the JVM options per command, sourced by both launchers */
    private static final String OPTIONS = "dist/src/bin/jvm-options.bash";
    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @BeforeEach
    void layout() throws IOException {
        root = tmp.resolve("project");
        bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Files.copy(TestCommandTest.root().resolve("mmun"), root(root, "mmun"));
        Files.copy(TestCommandTest.root().resolve(OPTIONS), root(root, OPTIONS));
        for (String f : List.of("pom.xml", "grammar/pom.xml", "grammar/src/main/antlr4/Mmun.g4", "grammar/target/classes/X.class",
                "interpreter/pom.xml", "interpreter/src/main/java/A.java", "interpreter/src/build/class-archive.sh",
                "stdlib/memory.mmun", "interpreter/target/mmun.jar")) {
            Files.writeString(root(root, f), "x");
            age(f, f.endsWith("mmun.jar") ? 0 : -60);
        }
        // mvn (run in the project folder) makes the jar now; java prints how it was called
        stub("mvn", "echo \"mvn $*\" >> \"" + tmp.resolve("log") + "\"; touch interpreter/target/mmun.jar");
        stub("java", "echo \"java $*\" >> \"" + tmp.resolve("log") + "\"");
    }

    private static Path root(Path root, String f) throws IOException {
        Path p = root.resolve(f);
        Files.createDirectories(p.getParent());
        return p;
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sets a file's time to the build's time plus {@code seconds}. */
    private void age(String f, int seconds) throws IOException {
        Files.setLastModifiedTime(root.resolve(f), FileTime.from(BUILT.plusSeconds(seconds)));
    }

    /** Runs the launcher (through {@code via}, a path to it) and returns the stand-ins' log. */
    private List<String> launch(Path via, String... args) throws Exception {
        return launch(0, via, args);
    }

    private List<String> launch(int exit, Path via, String... args) throws Exception {
        Files.deleteIfExists(tmp.resolve("log"));
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", via.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().remove("MMUN_JAVA_OPTS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(exit, p.exitValue(), out);
        return Files.exists(tmp.resolve("log")) ? Files.readAllLines(tmp.resolve("log")) : List.of();
    }

    private List<String> launch(String... args) throws Exception {
        return launch(root.resolve("mmun"), args);
    }

    private static boolean built(List<String> log) {
        return log.stream().anyMatch(l -> l.startsWith("mvn "));
    }

    /** The build packages in the reactor: an install would write ~/.m2, which other checkouts read. */
    private static void assertBuildsWithoutInstalling(List<String> log) {
        String mvn = log.stream().filter(l -> l.startsWith("mvn ")).findFirst().orElseThrow();
        assertTrue(mvn.matches(".* -pl interpreter -am package( .*)?"), mvn);
        assertFalse(mvn.contains("install"), mvn);
    }

    private static String java(List<String> log) {
        List<String> j = log.stream().filter(l -> l.startsWith("java ")).toList();
        assertEquals(1, j.size(), log.toString());
        return j.get(0);
    }

    @Test
    void aFreshJarIsRunWithoutABuild() throws Exception {
        List<String> log = launch("run", "x.mmun");
        assertFalse(built(log), log.toString());
        assertTrue(java(log).endsWith("-jar " + root + "/interpreter/target/mmun.jar run x.mmun"), log.toString());
    }

    @Test
    void aSourceNewerThanTheJarRebuildsFirst() throws Exception {
        for (String f : List.of("pom.xml", "grammar/pom.xml", "grammar/src/main/antlr4/Mmun.g4", "interpreter/pom.xml",
                "interpreter/src/main/java/A.java", "interpreter/src/build/class-archive.sh", "stdlib/memory.mmun")) {
            age(f, 30);
            age("interpreter/target/mmun.jar", 0);
            List<String> log = launch("--version");
            assertTrue(built(log), f + " newer than the jar: " + log);
            assertBuildsWithoutInstalling(log);
            assertEquals("java", java(log).substring(0, 4));
            assertFalse(built(launch("--version")), "built again after " + f);
            age(f, -60);
        }
    }

    @Test
    void aMissingJarIsBuiltAndBuildOutputIsNotASource() throws Exception {
        age("grammar/target/classes/X.class", 30);
        assertFalse(built(launch("--version")), "grammar/target is build output");
        Files.delete(root.resolve("interpreter/target/mmun.jar"));
        assertTrue(built(launch("--version")));
    }

    @Test
    void theArchiveTheBuildMadeIsMapped() throws Exception {
        String none = java(launch("run", "x.mmun"));
        assertFalse(none.contains("SharedArchiveFile") || none.contains("AOTCache"), none);
        assertTrue(none.contains("-XX:TieredStopAtLevel=1"), none);
        Files.writeString(root.resolve("interpreter/target/mmun.jsa"), "x");
        String withArchive = java(launch("run", "x.mmun"));
        assertTrue(withArchive.contains("-XX:SharedArchiveFile=" + root + "/interpreter/target/mmun.jsa"), withArchive);
        // where a search may run too: the archive no longer keeps methods from being compiled (class-archive.sh)
        String jsa = java(launch("test", "suite"));
        assertTrue(jsa.contains("SharedArchiveFile"), "a suite that may search starts with the archive: " + jsa);
        assertFalse(jsa.contains("TieredStopAtLevel"), "test keeps the tiered compiler: " + jsa);
        String repl = java(launch("repl"));
        assertTrue(repl.contains("SharedArchiveFile"), repl);
        String check = java(launch("check", "x.mmun"));
        assertTrue(check.contains("SharedArchiveFile"), check);
        assertFalse(check.contains("TieredStopAtLevel") || check.contains("UseSerialGC"), "check keeps the tiered compiler and G1: " + check);
        // huge pages for the search's tables wherever the kernel offers them, and only for check
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(thp) && !Files.readString(thp).contains("[never]");
        assertEquals(offered, check.contains("-XX:+UseTransparentHugePages"), check);
        assertFalse(jsa.contains("UseTransparentHugePages"), jsa);
        String run = java(launch("run", "x.mmun"));
        assertTrue(run.contains("-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:+UseSerialGC -XX:CICompilerCount=1 -XX:-UsePerfData"), run);
        Files.writeString(root.resolve("interpreter/target/mmun.aot"), "x");
        String aot = java(launch("run", "x.mmun"));
        // -Xshare is refused together with -XX:AOTCache, and a JDK older than 25 must ignore the option
        assertTrue(aot.contains("-XX:+IgnoreUnrecognizedVMOptions -XX:AOTCache=" + root + "/interpreter/target/mmun.aot"), aot);
        assertFalse(aot.contains("-Xshare") || aot.contains("SharedArchiveFile"), aot);
        String aotCheck = java(launch("check", "x.mmun"));
        assertTrue(aotCheck.contains("AOTCache"), aotCheck);
    }

    @Test
    void aSuiteOfRunModeFilesIsCompiledAsRunIs() throws Exception {
        String c1 = "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:+UseSerialGC";
        Files.createDirectories(tmp.resolve("runs/deeper"));
        Files.writeString(tmp.resolve("runs/a.mmun"), "page A = 0\nmode run\n");
        Files.writeString(tmp.resolve("runs/deeper/b.mmun"), "cpu C\n[Time N] ------\nC {write(A, 1)}\n");
        Files.writeString(tmp.resolve("runs/notes.txt"), "not a scenario");
        assertTrue(java(launch("test", "--jobs", "1", "runs")).contains(c1), "every file runs");
        Files.writeString(root.resolve("interpreter/target/mmun.jsa"), "x");
        assertTrue(java(launch("test", "runs")).contains("SharedArchiveFile"), "a suite that only runs starts with the archive");
        Files.delete(root.resolve("interpreter/target/mmun.jsa"));
        assertTrue(java(launch("test", "runs/a.mmun")).contains(c1));
        Files.writeString(tmp.resolve("checks.mmun"), "page A = 0\nexpect ok\n");
        assertFalse(java(launch("test", "runs", "checks.mmun")).contains("TieredStopAtLevel"), "a file without a timeline is checked");
        Files.writeString(tmp.resolve("runs/deeper/c.mmun"), "cpu C\n[time 1] ---\nC {write(A, 1)}\nmode check\n");
        assertFalse(java(launch("test", "runs")).contains("TieredStopAtLevel"), "mode check searches");
        assertFalse(java(launch("test", "-")).contains("TieredStopAtLevel"), "stdin: not known");
    }

    @Test
    void throughASymlinkTheProjectIsFoundBesideTheRealFile() throws Exception {
        Path link = tmp.resolve("elsewhere/mmun");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, root.resolve("mmun"));
        List<String> log = launch(link, "--version");
        assertFalse(built(log), log.toString());
        assertTrue(java(log).contains("-jar " + root.toRealPath() + "/interpreter/target/mmun.jar"), log.toString());
    }

    /**
     * The archive's bin/mmun, unpacked (bin/, lib/) and reached through a symlink: the same options
     * per command as ./mmun, from the one file both source, and a clear error when lib/ is not whole.
     */
    @Test
    void theArchivesLauncherGivesEachCommandTheSameOptions() throws Exception {
        Path home = tmp.resolve("opt/mmun-1");
        Files.copy(TestCommandTest.root().resolve("dist/src/bin/mmun"), root(home, "bin/mmun"));
        Files.copy(TestCommandTest.root().resolve(OPTIONS), root(home, "lib/jvm-options.bash"));
        Files.writeString(root(home, "lib/mmun.jar"), "x");
        Path link = tmp.resolve("elsewhere/mmun");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, home.resolve("bin/mmun"));
        String run = java(launch(link, "run", "x.mmun"));
        assertTrue(run.endsWith("-jar " + home.toRealPath() + "/lib/mmun.jar run x.mmun"), run);
        assertTrue(run.contains("-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:+UseSerialGC -XX:CICompilerCount=1 -XX:-UsePerfData"), run);
        String check = java(launch(link, "check", "x.mmun"));
        assertFalse(check.contains("TieredStopAtLevel") || check.contains("UseSerialGC"), check);
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(thp) && !Files.readString(thp).contains("[never]");
        assertEquals(offered, check.contains("-XX:+UseTransparentHugePages"), check);
        // the same options as the checkout's launcher, less its archive and log settings
        String mine = java(launch("check", "x.mmun"));
        assertEquals(mine.substring(mine.indexOf("-Dmmun.launcher=") + 1).replaceAll("^\\S+ ", "").replaceAll("-jar .*", ""),
                check.substring(check.indexOf("-Dmmun.launcher=") + 1).replaceAll("^\\S+ ", "").replaceAll("-jar .*", ""));
        Files.delete(home.resolve("lib/jvm-options.bash"));
        assertTrue(launch(70, link, "run", "x.mmun").isEmpty(), "java is not started without lib/jvm-options.bash");
    }
}
