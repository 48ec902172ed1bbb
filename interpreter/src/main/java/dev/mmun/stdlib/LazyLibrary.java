package dev.mmun.stdlib;

import dev.mmun.ast.Script;
import dev.mmun.check.Library;
import dev.mmun.diag.SourceFile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The standard library parsed file by file, as scripts need it: a script whose text calls none of
 * its procedures parses none of it, which is most of the start-up time of a small `mmun run`.
 *
 * <p>Which files a text may need is found on the text, without parsing: every name followed by
 * {@code (} is looked up among the procedures each file defines (also without an era suffix such
 * as {@code _4_15}), and the files found are searched the same way, to a fixpoint. Names in
 * comments only add files; if the guess is ever too small the script does not compile with it and
 * the front end compiles it again with {@link #all}, so the guess cannot change a result.
 */
final class LazyLibrary implements Library {
    static final LazyLibrary INSTANCE = new LazyLibrary();

    private volatile Index index;
    private final Map<Integer, Script> parsed = new HashMap<>();

    /** {@code calls} holds each file's {@link #calledNames}, found once per JVM (a suite asks for them per script). */
    private record Index(List<SourceFile> files, Map<String, BitSet> definedIn,
                         java.util.concurrent.atomic.AtomicReferenceArray<List<String>> calls) {
        List<String> calls(int f) {
            List<String> names = calls.get(f);
            if (names == null) {
                names = calledNames(files.get(f).text());
                calls.set(f, names);
            }
            return names;
        }
    }

    private LazyLibrary() {
    }

    @Override
    public List<Script> all() {
        Index ix = index();
        BitSet every = new BitSet();
        every.set(0, ix.files().size());
        return scripts(ix, every);
    }

    @Override
    public List<Script> forText(String text) {
        Index ix = index();
        BitSet need = new BitSet();
        List<List<String>> pending = new ArrayList<>(List.of(calledNames(text)));
        while (!pending.isEmpty()) {
            for (String name : pending.remove(pending.size() - 1)) {
                BitSet files = ix.definedIn().get(name);
                if (files == null) {
                    continue;
                }
                for (int f = files.nextSetBit(0); f >= 0; f = files.nextSetBit(f + 1)) {
                    if (!need.get(f)) {
                        need.set(f);
                        pending.add(ix.calls(f));
                    }
                }
            }
        }
        return scripts(ix, need);
    }

    /**
     * Every name followed by {@code (} (spaces allowed between) outside comments, in one pass over the text. A regex
     * {@code name\\s*\\(} searched with {@code find()} retries at every position of a long name
     * that is not followed by {@code (}, which made a 20,000-character line cost seconds.
     */
    static List<String> calledNames(String text) {
        List<String> names = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!nameStart(c)) {
                i = c == '/' || c == '-' ? afterComment(text, i) : i + 1;
                continue;
            }
            int start = i;
            i++;
            while (i < n) {
                char d = text.charAt(i);
                if (namePart(d)) {
                    i++;
                } else if (d == '-' && i + 1 < n && namePart(text.charAt(i + 1))) {
                    i += 2;
                } else {
                    break;
                }
            }
            int end = i;
            int j = i;
            while (j < n && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (j < n && text.charAt(j) == '(') {
                names.add(text.substring(start, end));
            }
        }
        return names;
    }

    /**
     * The index after a comment or ruler the lexer skips at {@code i} ({@code //} and {@code ---} to
     * the end of the line, {@code /* *\/}), else {@code i + 1}: a kernel function a comment names
     * ("left to write_protect_page()") is not a call, and parsing its file cost a small run about a
     * twentieth of its start. Herd's nesting {@code (* *)} comments are read as text: they only add files.
     */
    private static int afterComment(String text, int i) {
        int n = text.length();
        char c = text.charAt(i);
        char d = i + 1 < n ? text.charAt(i + 1) : 0;
        if (c == '/' && d == '*') {
            int close = text.indexOf("*/", i + 2);
            return close < 0 ? n : close + 2;
        }
        boolean line = c == '/' ? d == '/' : d == '-' && i + 2 < n && text.charAt(i + 2) == '-';
        if (!line) {
            return i + 1;
        }
        int eol = i;
        while (eol < n && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
            eol++;
        }
        return eol;
    }

    /**
     * Each procedure a text defines: the groups of {@code \\bproc\\s+NAME\\s*\\(}, NAME as in
     * {@link #calledNames}. By hand, not with that regex: its {@code \\b} and Unicode classes, run
     * once over the whole library in the interpreter, were about a tenth of a small run's CPU time.
     */
    static void procs(String text, Consumer<String> out) {
        int n = text.length();
        for (int i = text.indexOf("proc"); i >= 0; i = text.indexOf("proc", i + 1)) {
            if (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '_')) {
                continue;
            }
            int start = spaces(text, i + 4);
            if (start == i + 4 || start >= n || !nameStart(text.charAt(start))) {
                continue;
            }
            int end = nameEnd(text, start);
            int paren = spaces(text, end);
            if (paren < n && text.charAt(paren) == '(') {
                out.accept(text.substring(start, end));
                i = paren;
            }
        }
    }

    /** The name without an era suffix such as {@code _4_15} ({@code _\\d+_\\d+$}), else the name. */
    static String withoutEra(String name) {
        int i = name.length();
        for (int group = 0; group < 2; group++) {
            int digits = i;
            while (i > 0 && name.charAt(i - 1) >= '0' && name.charAt(i - 1) <= '9') {
                i--;
            }
            if (i == digits || i == 0 || name.charAt(i - 1) != '_') {
                return name;
            }
            i--;
        }
        return name.substring(0, i);
    }

    /** The end of the longest name at {@code start}: parts joined by single hyphens. */
    private static int nameEnd(String text, int start) {
        int n = text.length();
        int j = start + 1;
        while (true) {
            while (j < n && namePart(text.charAt(j))) {
                j++;
            }
            if (j + 1 < n && text.charAt(j) == '-' && namePart(text.charAt(j + 1))) {
                j += 2;
            } else {
                return j;
            }
        }
    }

    /** The first index at or after {@code i} that is not whitespace as {@code \\s} means it. */
    private static int spaces(String text, int i) {
        int n = text.length();
        while (i < n && " \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean nameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean namePart(char c) {
        return nameStart(c) || (c >= '0' && c <= '9');
    }

    /** In the library's load order, so a later definition still wins as it does with all files. */
    private List<Script> scripts(Index ix, BitSet which) {
        List<Script> out = new ArrayList<>();
        for (int f = which.nextSetBit(0); f >= 0; f = which.nextSetBit(f + 1)) {
            out.add(parsed(ix, f));
        }
        return out;
    }

    private Script parsed(Index ix, int f) {
        synchronized (parsed) {
            Script s = parsed.get(f);
            if (s == null) {
                s = Stdlib.parse(ix.files().get(f));
                parsed.put(f, s);
            }
            return s;
        }
    }

    private Index index() {
        Index ix = index;
        if (ix == null) {
            List<SourceFile> files = Stdlib.sources();
            Map<String, BitSet> definedIn = new HashMap<>();
            for (int f = 0; f < files.size(); f++) {
                int file = f;
                procs(files.get(f).text(), name -> {
                    definedIn.computeIfAbsent(name, k -> new BitSet()).set(file);
                    definedIn.computeIfAbsent(withoutEra(name), k -> new BitSet()).set(file);
                });
            }
            ix = new Index(files, definedIn, new java.util.concurrent.atomic.AtomicReferenceArray<>(files.size()));
            index = ix;
        }
        return ix;
    }
}
