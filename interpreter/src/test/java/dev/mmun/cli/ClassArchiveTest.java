package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start whose JVM is not the one its class archive was made for deletes the archive (so that the
 * installed launcher makes it again), and only then: the launcher's two properties are all it reads.
 */
class ClassArchiveTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty("mmun.archive");
        System.clearProperty("mmun.archive.id");
    }

    private Path archive() throws IOException {
        Path base = tmp.resolve("a");
        for (String kind : new String[] {".jsa", ".aot", ".id"}) {
            Files.writeString(tmp.resolve("a" + kind), "x");
        }
        System.setProperty("mmun.archive", base.toString());
        return base;
    }

    @Test
    void theIdIsThisJvmsBuildAndHome() {
        assertEquals(System.getProperty("java.vm.version") + " " + System.getProperty("java.home"), ClassArchive.id());
    }

    @Test
    void anArchiveMadeForAnotherJvmIsDeleted() throws IOException {
        Path base = archive();
        System.setProperty("mmun.archive.id", "17.0.1+1 /old/jdk");
        assertTrue(ClassArchive.dropIfStale());
        for (String kind : new String[] {".jsa", ".aot", ".id"}) {
            assertFalse(Files.exists(Path.of(base + kind)), kind);
        }
        // gone already: nothing to do, and no error
        assertTrue(ClassArchive.dropIfStale());
    }

    @Test
    void anArchiveMadeForThisJvmIsKept() throws IOException {
        Path base = archive();
        System.setProperty("mmun.archive.id", ClassArchive.id());
        assertFalse(ClassArchive.dropIfStale());
        assertTrue(Files.exists(Path.of(base + ".jsa")));
    }

    @Test
    void withoutTheLaunchersPropertiesNothingIsTouched() throws IOException {
        Path base = archive();
        System.clearProperty("mmun.archive");
        System.setProperty("mmun.archive.id", "other");
        assertFalse(ClassArchive.dropIfStale());
        System.setProperty("mmun.archive", base.toString());
        System.clearProperty("mmun.archive.id");
        assertFalse(ClassArchive.dropIfStale());
        assertTrue(Files.exists(Path.of(base + ".jsa")));
    }
}
