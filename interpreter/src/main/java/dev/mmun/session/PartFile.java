package dev.mmun.session;

import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Bound;
import dev.mmun.explore.ExploreResult;
import dev.mmun.explore.Explorer;
import dev.mmun.explore.FinalStates;
import dev.mmun.explore.Split;
import dev.mmun.machine.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one part of a search ({@code mmun check --part I/N}) as a JSON file that
 * {@code mmun check --merge} reads back. It carries the scenario's text (so the merge needs no other
 * file and can tell parts of different scenarios apart), the options that shape the state space, what
 * the search did before it split (the same in every part) and what this part found: the thread
 * choices of each rule's schedule, the counts, the statistics.
 */
public final class PartFile {
    /** The format's name and version, the first field of every part file. */
    public static final String FORMAT = "mmun-check-part/1";

    /**
     * A part file read back. por, symmetry, splitDepth, maxDepth: the options asked for. prefixStates:
     * the valuations of the terminal states above the split (null: no split); states: those of the
     * part's own terminal states past the split (all of them when there was no split), and its witnesses.
     */
    public record Part(String name, String file, SourceFile source, String sha256, String version, Split split,
                       boolean por, boolean symmetry, int maxDepth, Split.Prefix prefix, ExploreResult result,
                       Tally prefixStates, Tally states) {}

    /**
     * The final states as a part file carries them: valuations with their counts, the terminal
     * states past the listed ones, and per final condition the schedule to its witness (null: none;
     * an empty list for the prefix, which has no witnesses of its own).
     */
    public record Tally(List<FinalStates.Valuation> valuations, long unlisted, List<List<Integer>> witnesses) {}

    /** A part file that is not one, with the exit code it deserves. */
    public static final class BadPart extends Exception {
        private final int exitCode;

        public BadPart(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private PartFile() {
    }

    /** The version of mmun that wrote a part: parts of different versions may not cut alike. */
    static String version() {
        String v = PartFile.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String write(SourceFile src, Explorer.Options o, Split split, Split.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("mmun", version());
        m.put("file", src.name());
        m.put("sha256", sha256(src.text()));
        m.put("part", split.part());
        m.put("parts", split.parts());
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("por", o.por());
        opts.put("symmetry", o.symmetry());
        opts.put("split_depth", split.depth());
        opts.put("max_depth", o.maxDepth());
        m.put("options", opts);
        Split.Prefix p = r.prefix();
        if (p == null) {
            m.put("split", null);
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("depth", p.depth());
            s.put("width", p.width());
            s.put("kept", p.kept());
            s.put("prefix", counts(p.stored(), p.matched(), p.transitions(), p.terminals(), p.positive(), p.negative()));
            s.put("final_states", valuations(p.finalStates(), null));
            m.put("split", s);
        }
        ExploreResult e = r.result();
        ExploreResult.Stats st = e.stats();
        Map<String, Object> res = counts(st.stored(), st.matched(), st.transitions(), e.terminals(), e.positive(), e.negative());
        res.put("bound", e.bound() == null ? null : e.bound().text());
        Map<String, Object> traces = new LinkedHashMap<>();
        e.traces().forEach((rule, choices) -> traces.put(rule.name(), choices));
        res.put("traces", traces);
        res.put("depth", st.depth());
        res.put("time_ms", st.millis());
        res.put("memory_bytes", st.memoryBytes());
        res.put("workers", st.workers());
        res.put("por", st.por());
        res.put("symmetry", st.symmetry());
        res.put("first_violation_ms", st.firstViolationMillis());
        res.put("notes", e.notes());
        if (e.finalStates() != null) {
            // past the split only: the merge adds the prefix's (the same in every part) once
            Map<String, Object> fs = valuations(e.finalStates(), p == null ? null : p.finalStates());
            List<Object> witnesses = new ArrayList<>();
            for (int f = 0; f < e.positive().length; f++) {
                witnesses.add(e.finalStates().witness(f));
            }
            fs.put("witnesses", witnesses);
            res.put("final_states", fs);
        }
        m.put("result", res);
        m.put("source", src.text());
        return Json.write(m) + "\n";
    }

    /** The valuations of fs, less those of minus (the prefix's, which fs's counts include), and the unlisted ones. */
    private static Map<String, Object> valuations(FinalStates fs, FinalStates minus) {
        List<Object> vs = new ArrayList<>();
        for (FinalStates.Valuation v : fs.valuations()) {
            long n = v.count() - (minus == null ? 0 : minus.count(v.values()));
            if (n > 0) {
                List<Long> row = new ArrayList<>();
                for (int x : v.values()) {
                    row.add((long) x);
                }
                row.add(n);
                vs.add(row);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valuations", vs);
        m.put("unlisted", fs.unlisted() - (minus == null ? 0 : minus.unlisted()));
        return m;
    }

    private static Map<String, Object> counts(long stored, long matched, long transitions, long terminals,
                                              long[] positive, long[] negative) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stored", stored);
        m.put("matched", matched);
        m.put("transitions", transitions);
        m.put("terminals", terminals);
        m.put("positive", list(positive));
        m.put("negative", list(negative));
        return m;
    }

    private static List<Long> list(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }

    /** Reads a part file; name is how the user gave it, for the messages. */
    public static Part read(String name, String text) throws BadPart {
        Object v;
        try {
            v = JsonReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(name, "not a part file of mmun check --part (not JSON: " + e.getMessage() + ")");
        }
        if (!(v instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
            throw bad(name, "not a part file of mmun check --part (it has no \"format\": \"" + FORMAT + "\")");
        }
        try {
            Map<?, ?> opts = map(m, "options");
            int part = (int) num(m, "part");
            int parts = (int) num(m, "parts");
            Split split;
            try {
                split = new Split(part, parts, (int) num(opts, "split_depth"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("part " + part + "/" + parts + " is not a part");
            }
            String source = str(m, "source");
            String sha = str(m, "sha256");
            if (!sha.equals(sha256(source))) {
                throw new IllegalArgumentException("its scenario text does not match its sha256 (the file was changed)");
            }
            Split.Prefix prefix = null;
            Tally prefixStates = null;
            if (m.get("split") != null) {
                Map<?, ?> s = map(m, "split");
                Map<?, ?> c = map(s, "prefix");
                prefix = new Split.Prefix((int) num(s, "depth"), num(s, "width"), num(s, "kept"), num(c, "stored"),
                        num(c, "matched"), num(c, "transitions"), num(c, "terminals"), longs(c, "positive"), longs(c, "negative"),
                        null);
                prefixStates = tally(map(s, "final_states"), 0);
            }
            Map<?, ?> r = map(m, "result");
            ExploreResult result = result(r);
            Tally states = tally(map(r, "final_states"), result.positive().length);
            return new Part(name, str(m, "file"), new SourceFile(str(m, "file"), source), sha, str(m, "mmun"), split,
                    bool(opts, "por"), bool(opts, "symmetry"), (int) num(opts, "max_depth"), prefix, result,
                    prefixStates, states);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw bad(name, "a broken part file: " + e.getMessage());
        }
    }

    /** A "final_states" object; finals: how many witnesses it must list (0: none, the prefix's). */
    private static Tally tally(Map<?, ?> m, int finals) {
        List<FinalStates.Valuation> vs = new ArrayList<>();
        if (!(m.get("valuations") instanceof List<?> rows)) {
            throw new IllegalArgumentException("no array \"valuations\"");
        }
        for (Object row : rows) {
            List<?> l = (List<?>) row;
            if (l.isEmpty()) {
                throw new IllegalArgumentException("an empty valuation");
            }
            int[] values = new int[l.size() - 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = (int) (long) (Long) l.get(i);
            }
            vs.add(new FinalStates.Valuation(values, (Long) l.get(values.length)));
        }
        List<List<Integer>> witnesses = new ArrayList<>();
        if (finals > 0) {
            if (!(m.get("witnesses") instanceof List<?> ws) || ws.size() != finals) {
                throw new IllegalArgumentException("no array \"witnesses\" of " + finals);
            }
            for (Object w : ws) {
                witnesses.add(w == null ? null : choices((List<?>) w));
            }
        }
        return new Tally(List.copyOf(vs), num(m, "unlisted"), java.util.Collections.unmodifiableList(witnesses));
    }

    private static List<Integer> choices(List<?> l) {
        List<Integer> choices = new ArrayList<>();
        for (Object c : l) {
            choices.add((int) (long) (Long) c);
        }
        return Collections.unmodifiableList(choices);
    }

    private static ExploreResult result(Map<?, ?> r) {
        Map<Rule, List<Integer>> traces = new EnumMap<>(Rule.class);
        for (Map.Entry<?, ?> e : map(r, "traces").entrySet()) {
            Rule rule = Rule.byName(String.valueOf(e.getKey()));
            if (rule == null) {
                throw new IllegalArgumentException("no rule " + e.getKey());
            }
            List<Integer> choices = new ArrayList<>();
            for (Object c : (List<?>) e.getValue()) {
                choices.add((int) (long) (Long) c);
            }
            traces.put(rule, Collections.unmodifiableList(choices));
        }
        Object bound = r.get("bound");
        List<String> notes = new ArrayList<>();
        for (Object n : (List<?>) r.get("notes")) {
            notes.add((String) n);
        }
        long stored = num(r, "stored");
        ExploreResult.Stats st = new ExploreResult.Stats(stored, num(r, "matched"), num(r, "transitions"),
                (int) num(r, "depth"), num(r, "time_ms"), num(r, "memory_bytes"), (int) num(r, "workers"),
                bool(r, "por"), bool(r, "symmetry"), Math.min(1, (double) stored * stored / Math.pow(2, 65)), 0,
                num(r, "first_violation_ms"));
        return new ExploreResult(traces, num(r, "terminals"), longs(r, "positive"), longs(r, "negative"),
                bound == null ? null : Bound.of((String) bound), st, List.copyOf(notes), null);
    }

    private static Map<?, ?> map(Map<?, ?> m, String k) {
        if (!(m.get(k) instanceof Map<?, ?> v)) {
            throw new IllegalArgumentException("no object \"" + k + "\"");
        }
        return v;
    }

    private static long num(Map<?, ?> m, String k) {
        if (!(m.get(k) instanceof Long v)) {
            throw new IllegalArgumentException("no integer \"" + k + "\"");
        }
        return v;
    }

    private static String str(Map<?, ?> m, String k) {
        if (!(m.get(k) instanceof String v)) {
            throw new IllegalArgumentException("no string \"" + k + "\"");
        }
        return v;
    }

    private static boolean bool(Map<?, ?> m, String k) {
        if (!(m.get(k) instanceof Boolean v)) {
            throw new IllegalArgumentException("no boolean \"" + k + "\"");
        }
        return v;
    }

    private static long[] longs(Map<?, ?> m, String k) {
        if (!(m.get(k) instanceof List<?> l)) {
            throw new IllegalArgumentException("no array \"" + k + "\"");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Long) l.get(i);
        }
        return out;
    }

    private static BadPart bad(String name, String why) {
        return new BadPart(name + ": " + why, Judge.DATA);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
