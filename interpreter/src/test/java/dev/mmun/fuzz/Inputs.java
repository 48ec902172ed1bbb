package dev.mmun.fuzz;

import dev.mmun.explore.ScenarioGen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Fuzz inputs: valid scripts from the random scenario generators of the explorer and replay tests
 * (every device kind, kernel paths, loops, timelines), with expectations added, and mutations of
 * those and of the project's samples (byte flips, token deletion/duplication/swap, splicing,
 * truncation, huge numbers, deep nesting, unicode, very long lines).
 */
final class Inputs {
    private static final String[] RULES = {"ok", "CASE_A", "CASE_B", "STALE_READ", "DEVICE_UAF", "STALE_MIRROR", "NO_SUCH_RULE"};
    private static final String[] TOKENS = {"{", "}", "(", ")", "repeat 2", "while (r == 0) max 3", "if (fault == 1)", "0x",
        "99999999999999999999999", "-1", "/*", "(*", "//", "\"", "é", "\u202e", "\ud83d\ude00", "\t", "@", ":", ",", "==", "7/0", "7%0",
        "expect", "exists", "forall", "~exists", "cpu", "dev", "page", "era", "arch arm64", "repeat 2 {"};

    private final Random rnd;
    private final List<String> corpus;

    Inputs(long seed, List<String> corpus) {
        this.rnd = new Random(seed);
        this.corpus = corpus;
    }

    /** The samples of the repository (samples/ and the test resources), the seeds of mutation. */
    static List<String> samples(Path root) {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("samples", "interpreter/src/test/resources/lang", "interpreter/src/test/resources/error")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList()) {
                    out.add(Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The repository root, from the working directory of a test (interpreter/) or of the project. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("samples")) ? p : p.getParent();
    }

    /** A valid script from one of the generators, often with an expectation. */
    String valid() {
        long s = rnd.nextLong();
        String text = ScenarioGen.generate(s);
        if (rnd.nextInt(3) == 0) {
            text += "expect " + RULES[rnd.nextInt(RULES.length - 1)] + "\n";
        }
        return text;
    }

    /** The next input: a third valid, the rest mutated (of a sample or of a valid script). */
    byte[] next() {
        int k = rnd.nextInt(3);
        if (k == 0) {
            return valid().getBytes(StandardCharsets.UTF_8);
        }
        String base = k == 1 && !corpus.isEmpty() ? corpus.get(rnd.nextInt(corpus.size())) : valid();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            base = mutate(base);
        }
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        return rnd.nextInt(8) == 0 ? flipBytes(b) : b;
    }

    private String mutate(String s) {
        List<String> toks = tokens(s);
        switch (rnd.nextInt(11)) {
            case 0 -> { // delete a token
                if (!toks.isEmpty()) {
                    toks.remove(rnd.nextInt(toks.size()));
                }
            }
            case 1 -> { // duplicate a token
                if (!toks.isEmpty()) {
                    int i = rnd.nextInt(toks.size());
                    toks.add(i, toks.get(i));
                }
            }
            case 2 -> { // swap two tokens
                if (toks.size() > 1) {
                    int i = rnd.nextInt(toks.size());
                    int j = rnd.nextInt(toks.size());
                    String t = toks.get(i);
                    toks.set(i, toks.get(j));
                    toks.set(j, t);
                }
            }
            case 3 -> { // insert a token of the language or a hostile one
                toks.add(toks.isEmpty() ? 0 : rnd.nextInt(toks.size() + 1), TOKENS[rnd.nextInt(TOKENS.length)]);
            }
            case 4 -> { // splice with another input
                String o = corpus.isEmpty() || rnd.nextBoolean() ? valid() : corpus.get(rnd.nextInt(corpus.size()));
                return s.substring(0, rnd.nextInt(s.length() + 1)) + o.substring(rnd.nextInt(o.length() + 1));
            }
            case 5 -> { // truncate
                return s.substring(0, rnd.nextInt(s.length() + 1));
            }
            case 6 -> { // a huge or odd number in place of a number
                String[] nums = {"99999999999999999999999999", "2147483648", "-2147483649", "0xffffffffffffffffff", "9223372036854775807", "0", "-0"};
                return s.replaceFirst("\\b\\d+\\b", nums[rnd.nextInt(nums.length)]);
            }
            case 7 -> { // deep nesting at a line start
                int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 400);
                String open = switch (rnd.nextInt(4)) {
                    case 0 -> "repeat 2 { ";
                    case 1 -> "if (1 == 1) { ";
                    case 2 -> "(";
                    default -> "{ ";
                };
                String close = open.equals("(") ? ")" : "} ";
                String body = rnd.nextBoolean() ? "" : "r = read(A) ";
                int at = s.indexOf('\n', rnd.nextInt(s.length() + 1));
                at = at < 0 ? s.length() : at + 1;
                return s.substring(0, at) + open.repeat(depth) + body + (rnd.nextInt(4) == 0 ? "" : close.repeat(depth)) + "\n" + s.substring(at);
            }
            case 8 -> { // unicode
                String[] u = {"é", "\u202e", "\u0000", "\ud83d\ude00", "\u00a0", "\ufeff", "ß", "\u2028"};
                int at = rnd.nextInt(s.length() + 1);
                return s.substring(0, at) + u[rnd.nextInt(u.length)] + s.substring(at);
            }
            case 9 -> { // a very long line (a name, a comment or a number)
                int len = 1_000 + rnd.nextInt(30_000);
                String line = switch (rnd.nextInt(3)) {
                    case 0 -> "x".repeat(len);
                    case 1 -> "// " + "y".repeat(len);
                    default -> "page " + "A".repeat(len) + " at 0x1000 = 0";
                };
                int at = s.indexOf('\n', rnd.nextInt(s.length() + 1));
                at = at < 0 ? s.length() : at + 1;
                return s.substring(0, at) + line + "\n" + s.substring(at);
            }
            default -> { // duplicate a line many times
                String[] lines = s.split("\n", -1);
                String l = lines[rnd.nextInt(lines.length)];
                int at = s.indexOf('\n', rnd.nextInt(s.length() + 1));
                at = at < 0 ? s.length() : at + 1;
                return s.substring(0, at) + (l + "\n").repeat(1 + rnd.nextInt(200)) + s.substring(at);
            }
        }
        return String.join("", toks);
    }

    private byte[] flipBytes(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        byte[] c = b.clone();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return c;
    }

    /** Words, numbers, blanks and single other characters: joining them gives the text back. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int j = i + 1;
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_') {
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
            } else if (c == ' ' || c == '\t') {
                while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }
}
