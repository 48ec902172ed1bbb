package dev.mmun.stdlib;

import dev.mmun.ast.Script;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.syntax.ScriptParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The standard library: the kernel's own paths as procedures, written in .mmun and shipped in the
 * jar. {@code index.txt} lists its files, since a jar cannot be listed portably.
 */
public final class Stdlib {
    private static final String ROOT = "/dev/mmun/stdlib/";

    private Stdlib() {
    }

    /** Read once per JVM: the library is constant, so sharing it is safe. */
    private static final class Sources {
        static final List<SourceFile> SOURCES = read();
    }

    /** Parsed once per JVM, apart from the sources, so reading them does not parse them all. */
    private static final class Holder {
        static final List<Script> SCRIPTS = parse(Sources.SOURCES);
    }

    public static List<Script> scripts() {
        return Holder.SCRIPTS;
    }

    public static List<SourceFile> sources() {
        return Sources.SOURCES;
    }

    /** The library for the front end: only the files a script's text can need are parsed. */
    public static dev.mmun.check.Library library() {
        return LazyLibrary.INSTANCE;
    }

    private static List<SourceFile> read() {
        try (JarFile jar = ownJar()) {
            return read(jar == null ? Stdlib::resource : name -> entry(jar, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The jar mmun runs from, or null when its classes are a folder (the build's tests). Reading the
     * library's files from it directly is about half the time of as many resource look-ups, each of
     * which first searches the JDK's modules: a tenth of a small run's start-up on a loaded machine.
     */
    private static JarFile ownJar() {
        try {
            var source = Stdlib.class.getProtectionDomain().getCodeSource();
            Path path = source == null ? null : Path.of(source.getLocation().toURI());
            return path != null && Files.isRegularFile(path) ? new JarFile(path.toFile()) : null;
        } catch (IOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    static String entry(JarFile jar, String name) {
        JarEntry e = jar.getJarEntry(ROOT.substring(1) + name);
        if (e == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    static List<SourceFile> read(Function<String, String> resource) {
        List<SourceFile> out = new ArrayList<>();
        String index = resource.apply("index.txt");
        if (index == null) {
            return out;
        }
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String text = resource.apply(name);
            if (text == null) {
                throw new IllegalStateException("stdlib/index.txt names " + name + ", which is not in the jar");
            }
            out.add(new SourceFile("stdlib/" + name, text));
        }
        return List.copyOf(out);
    }

    private static List<Script> parse(List<SourceFile> sources) {
        List<Script> out = new ArrayList<>();
        for (SourceFile src : sources) {
            out.add(parse(src));
        }
        return List.copyOf(out);
    }

    static Script parse(SourceFile src) {
        try {
            return ScriptParser.parse(src);
        } catch (CompileException e) {
            throw new IllegalStateException("the standard library does not parse: " + e.diagnostics().get(0).span().where()
                    + ": " + e.getMessage());
        }
    }

    static String resource(String name) {
        try (InputStream in = Stdlib.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
