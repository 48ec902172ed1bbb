package dev.mmun.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where an editor can open a library file: the file itself when the classes run from a folder
 * (a build in the repository), else a copy taken out of the jar into the temporary folder, since
 * editors do not open {@code jar:} addresses.
 */
final class StdlibFiles {
    private StdlibFiles() {
    }

    /** The URI of a library file named as its spans name it ({@code stdlib/memory.mmun}). */
    static String uri(String spanFile) {
        String name = spanFile.startsWith("stdlib/") ? spanFile.substring("stdlib/".length()) : spanFile;
        URL url = StdlibFiles.class.getResource("/dev/mmun/stdlib/" + name);
        if (url == null) {
            return spanFile;
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI()).toUri().toString();
            }
            String version = String.valueOf(StdlibFiles.class.getPackage().getImplementationVersion());
            Path copy = Path.of(System.getProperty("java.io.tmpdir"), "mmun-stdlib-" + version, name);
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return copy.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            return url.toString();
        }
    }
}
