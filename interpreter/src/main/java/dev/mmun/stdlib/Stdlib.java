package dev.mmun.stdlib;

import dev.mmun.ast.Script;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.syntax.ScriptParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        List<SourceFile> out = new ArrayList<>();
        String index = resource("index.txt");
        if (index == null) {
            return out;
        }
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String text = resource(name);
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

    private static String resource(String name) {
        try (InputStream in = Stdlib.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
