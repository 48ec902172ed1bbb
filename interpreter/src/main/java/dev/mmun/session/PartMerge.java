package dev.mmun.session;

import dev.mmun.explore.Bound;
import dev.mmun.explore.ExploreResult;
import dev.mmun.explore.FinalStates;
import dev.mmun.explore.Split;
import dev.mmun.machine.Mode;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mmun check --merge}: the parts of one search joined into the outcome the whole search
 * would give. A rule is broken when some part broke it, with the shortest schedule any part found
 * (the lower part on a tie); a final condition holds in some terminal state when it did in some
 * part; the search is inconclusive when some part hit a bound. The final states (herd's {@code States}
 * list) add up the same way, valuation by valuation; a final condition's witness is the shortest any
 * part found. The counts add up: what the
 * search did before the split once (every part did it alike), then each part's own work past it.
 * The parts must be all N parts of one search: the same scenario text, N, options and version.
 */
public final class PartMerge {
    private PartMerge() {
    }

    /** The parts in order 1..N, or why they cannot be merged (exit 64: they are not one search's N parts). */
    public static PartFile.Part[] check(List<PartFile.Part> parts) throws PartFile.BadPart {
        PartFile.Part first = parts.get(0);
        int n = first.split().parts();
        PartFile.Part[] byIndex = new PartFile.Part[n];
        for (PartFile.Part p : parts) {
            if (!p.sha256().equals(first.sha256())) {
                throw apart(p.name() + " is a part of another scenario than " + first.name() + " (" + p.file()
                        + " and " + first.file() + " differ)");
            }
            if (p.split().parts() != n) {
                throw apart(p.name() + " is part " + p.split().part() + " of " + p.split().parts() + ", but "
                        + first.name() + " is part " + first.split().part() + " of " + n);
            }
            if (p.por() != first.por() || p.symmetry() != first.symmetry() || p.maxDepth() != first.maxDepth()
                    || p.split().depth() != first.split().depth()) {
                throw apart(p.name() + " and " + first.name() + " were searched with different options"
                        + " (--no-por, --no-symmetry, --max-depth and --split-depth must be the same in every part)");
            }
            if (!p.version().equals(first.version())) {
                throw apart(p.name() + " was made by mmun " + p.version() + " and " + first.name() + " by " + first.version());
            }
            PartFile.Part twin = byIndex[p.split().part() - 1];
            if (twin != null) {
                throw apart(p.name() + " and " + twin.name() + " are both part " + p.split().part() + "/" + n);
            }
            byIndex[p.split().part() - 1] = p;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (byIndex[i] == null) {
                missing.add((i + 1) + "/" + n);
            }
        }
        if (!missing.isEmpty()) {
            throw apart("missing part" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " of " + first.file()
                    + ": the verdict needs every part");
        }
        for (PartFile.Part p : byIndex) {
            if (!samePrefix(p.prefix(), first.prefix())) {
                throw apart(p.name() + " and " + first.name() + " did not split the search alike (different mmun builds?)");
            }
        }
        return byIndex;
    }

    /** The outcome of the whole search, from its parts in order (as {@link #check} gives them). */
    public static Outcome merge(Session session, PartFile.Part[] parts) {
        Session.Compiled c = session.compile(parts[0].source());
        if (c.scenario() == null) {
            return c.failure();
        }
        return Checking.outcome(c.scenario(), join(parts, c.scenario().finals()), Mode.CHECK);
    }

    private static PartFile.BadPart apart(String why) {
        return new PartFile.BadPart(why, Judge.USAGE);
    }

    private static boolean samePrefix(Split.Prefix a, Split.Prefix b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.depth() == b.depth() && a.width() == b.width() && a.stored() == b.stored() && a.matched() == b.matched()
                && a.transitions() == b.transitions() && a.terminals() == b.terminals()
                && java.util.Arrays.equals(a.positive(), b.positive()) && java.util.Arrays.equals(a.negative(), b.negative());
    }

    /** The parts, in order, as one search's result. */
    static ExploreResult join(PartFile.Part[] parts, List<Scenario.FinalCheck> finalChecks) {
        ExploreResult one = parts[0].result();
        Split.Prefix pre = parts[0].prefix();
        int finals = one.positive().length;
        long stored = 0;
        long matched = 0;
        long transitions = 0;
        long terminals = 0;
        long[] positive = new long[finals];
        long[] negative = new long[finals];
        if (pre != null) {
            stored = pre.stored();
            matched = pre.matched();
            transitions = pre.transitions();
            terminals = pre.terminals();
            add(positive, pre.positive(), null);
            add(negative, pre.negative(), null);
        }
        Map<Rule, List<Integer>> traces = new EnumMap<>(Rule.class);
        Bound bound = null;
        int depth = 0;
        long millis = 0;
        long memory = 0;
        int workers = 0;
        boolean symmetry = true;
        long first = -1;
        Set<String> notes = new LinkedHashSet<>();
        long kept = 0;
        for (PartFile.Part p : parts) {
            ExploreResult r = p.result();
            ExploreResult.Stats s = r.stats();
            if (pre == null) {
                // no level was wide enough to split: every part searched everything, alike
                if (p == parts[0]) {
                    stored = s.stored();
                    matched = s.matched();
                    transitions = s.transitions();
                    terminals = r.terminals();
                    add(positive, r.positive(), null);
                    add(negative, r.negative(), null);
                }
            } else {
                stored += s.stored() - pre.stored();
                matched += s.matched() - pre.matched();
                transitions += s.transitions() - pre.transitions();
                terminals += r.terminals() - pre.terminals();
                add(positive, r.positive(), pre.positive());
                add(negative, r.negative(), pre.negative());
                kept += p.prefix().kept();
            }
            for (Map.Entry<Rule, List<Integer>> e : r.traces().entrySet()) {
                List<Integer> old = traces.get(e.getKey());
                if (old == null || e.getValue().size() < old.size()) {
                    traces.put(e.getKey(), e.getValue());
                }
            }
            if (bound == null) {
                bound = r.bound();
            }
            depth = Math.max(depth, s.depth());
            millis += s.millis();
            memory = Math.max(memory, s.memoryBytes());
            workers += s.workers();
            symmetry &= s.symmetry();
            if (s.firstViolationMillis() >= 0 && (first < 0 || s.firstViolationMillis() < first)) {
                first = s.firstViolationMillis();
            }
            notes.addAll(r.notes());
        }
        int n = parts.length;
        if (pre == null) {
            notes.add("merged " + n + " parts: no level of the search had " + "enough states to split, so each part searched all of it");
        } else {
            notes.add("merged " + n + " parts, split at depth " + pre.depth() + " (" + pre.width() + " states, " + kept
                    + " kept over the parts): the counts add the search down to the split once and each part's own past it;"
                    + " a state reached from two parts' states is counted in both; time_ms is the parts' total");
        }
        double collision = Math.min(1, (double) stored * stored / Math.pow(2, 65));
        ExploreResult.Stats stats = new ExploreResult.Stats(stored, matched, transitions, depth, millis, memory, workers,
                one.stats().por(), symmetry, collision, 0, first);
        return new ExploreResult(traces, terminals, positive, negative, bound, stats, List.copyOf(notes),
                finalStates(parts, finalChecks));
    }

    /**
     * The valuations above the split once (every part counted them alike), then each part's own past
     * it; with no split every part searched everything, so the first part's alone. Each condition's
     * witness: the shortest schedule any part found, the lower part's on a tie.
     */
    private static FinalStates finalStates(PartFile.Part[] parts, List<Scenario.FinalCheck> finalChecks) {
        FinalStates fs = new FinalStates(finalChecks);
        PartFile.Part[] counted = parts[0].prefix() == null ? new PartFile.Part[] {parts[0]} : parts;
        if (parts[0].prefixStates() != null) {
            add(fs, parts[0].prefixStates());
        }
        for (PartFile.Part p : counted) {
            add(fs, p.states());
        }
        for (int f = 0; f < finalChecks.size(); f++) {
            List<Integer> best = null;
            for (PartFile.Part p : parts) {
                List<Integer> w = p.states().witnesses().get(f);
                if (w != null && (best == null || w.size() < best.size())) {
                    best = w;
                }
            }
            if (best != null) {
                fs.witness(f, best);
            }
        }
        return fs;
    }

    private static void add(FinalStates fs, PartFile.Tally t) {
        for (FinalStates.Valuation v : t.valuations()) {
            fs.addCount(v.values(), v.count());
        }
        fs.addUnlisted(t.unlisted());
    }

    private static void add(long[] into, long[] a, long[] minus) {
        for (int i = 0; i < into.length && i < a.length; i++) {
            into[i] += a[i] - (minus == null ? 0 : minus[i]);
        }
    }
}
