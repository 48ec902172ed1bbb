package dev.mmun.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a suite: every {@code .mmun} file under the paths (recursively, hidden folders and
 * files left out), sorted by path, each once, less those a filter leaves out. A path that names a file is taken whatever its name; a
 * path that cannot be read, or a folder with no scripts, is kept as a problem for the report. The path
 * {@code -} is a script on stdin.
 */
public final class SuiteFiles {
    /** What a suite will run: the files, how many the filters left out, the paths that gave nothing. */
    public record Plan(List<String> files, int filteredOut, Map<String, String> problems) {
        /**
         * Shard I of N: every N-th file of the sorted list from the I-th. Every machine that finds the
         * same files computes the same shards, each file in exactly one of them. The paths that gave
         * no file and the count the filters left out go with shard 1, so that they are reported once.
         */
        public Plan shard(Slice slice) {
            boolean first = slice.index() == 1;
            return new Plan(List.copyOf(slice.of(files)), first ? filteredOut : 0, first ? problems : Map.of());
        }
    }

    private SuiteFiles() {
    }

    public static Plan find(List<String> paths, List<String> globs) {
        Map<Path, String> found = new TreeMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String arg : paths) {
            if (arg.equals("-")) {
                found.putIfAbsent(key(Path.of(arg)), arg); // a script on stdin, read once
                continue;
            }
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                List<Path> scripts;
                try {
                    scripts = walk(p);
                } catch (UncheckedIOException e) {
                    problems.put(arg, "cannot read " + arg + ": " + e.getCause().getMessage());
                    continue;
                }
                if (scripts.isEmpty()) {
                    problems.put(arg, "no .mmun files under " + arg);
                }
                for (Path f : scripts) {
                    found.putIfAbsent(key(f), f.toString());
                }
            } else if (Files.isRegularFile(p)) {
                found.putIfAbsent(key(p), arg);
            } else {
                problems.put(arg, "cannot read " + arg + ": no such file or folder");
            }
        }
        List<PathMatcher> matchers = globs.stream().map(SuiteFiles::matcher).toList();
        List<String> kept = new ArrayList<>();
        int out = 0;
        for (String f : sorted(found)) {
            if (matchers.isEmpty() || matchers.stream().anyMatch(m -> matches(m, f))) {
                kept.add(f);
            } else {
                out++;
            }
        }
        return new Plan(List.copyOf(kept), out, problems);
    }

    /** Sorted by the path as shown, so the order does not depend on how the paths were given. */
    private static List<String> sorted(Map<Path, String> found) {
        return found.values().stream().sorted((a, b) -> Path.of(a).compareTo(Path.of(b))).toList();
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** The scripts under a folder, less those in hidden folders (.git, an editor's backups). */
    private static List<Path> walk(Path dir) {
        try {
            // A folder named through a symlink (a suite linked into a CI checkout) is walked where it
            // points, its files still named under the link; links further down are not followed, so a
            // link loop cannot make the walk endless.
            Path real = Files.isSymbolicLink(dir) ? dir.toRealPath() : dir;
            try (Stream<Path> s = Files.walk(real)) {
                return s.filter(f -> f.getFileName() != null && f.getFileName().toString().endsWith(".mmun")
                        && Files.isRegularFile(f) && !hidden(real.relativize(f)))
                        .map(f -> dir.resolve(real.relativize(f).toString())).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".") && !part.toString().equals(".") && !part.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A glob is matched against the path as shown in the report ({@code samples/kernel/**}) and
     * against the file name alone, so {@code *cow*} finds cow scripts in any folder.
     */
    static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    private static boolean matches(PathMatcher m, String file) {
        Path p = Path.of(file);
        Path normal = p.normalize();
        return m.matches(p) || m.matches(normal)
                || (p.getFileName() != null && m.matches(p.getFileName()));
    }

    /** Checks a glob's syntax; returns why it is bad, or null. */
    public static String badGlob(String glob) {
        try {
            matcher(glob);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
