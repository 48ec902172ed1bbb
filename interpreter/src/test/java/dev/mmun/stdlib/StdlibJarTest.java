package dev.mmun.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mmun.diag.SourceFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library read straight from a jar, as ./mmun does, is the library read as resources. */
class StdlibJarTest {
    @TempDir
    Path dir;

    @Test
    void theJarGivesTheSameFilesInTheSameOrder() throws IOException {
        List<SourceFile> resources = Stdlib.read(Stdlib::resource);
        assertFalse(resources.isEmpty());
        Path jar = dir.resolve("mmun.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("dev/mmun/stdlib/index.txt"));
            j.write(Stdlib.resource("index.txt").getBytes(StandardCharsets.UTF_8));
            for (SourceFile f : resources) {
                j.putNextEntry(new JarEntry("dev/mmun/" + f.name()));
                j.write(f.text().getBytes(StandardCharsets.UTF_8));
            }
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            List<SourceFile> fromJar = Stdlib.read(name -> Stdlib.entry(j, name));
            assertEquals(resources.stream().map(SourceFile::name).toList(), fromJar.stream().map(SourceFile::name).toList());
            assertEquals(resources.stream().map(SourceFile::text).toList(), fromJar.stream().map(SourceFile::text).toList());
            assertEquals(null, Stdlib.entry(j, "no-such.mmun"));
        }
    }
}
