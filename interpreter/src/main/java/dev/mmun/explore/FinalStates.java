package dev.mmun.explore;

import dev.mmun.ast.Item;
import dev.mmun.machine.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final states of a search as herd lists them ({@code States N}): each valuation of the
 * variables the final conditions read, with the number of terminal states that have it; and, per
 * final condition, the first terminal state that is its witness: one that breaks a {@code forall}
 * or {@code ~exists}, or that reaches an {@code exists}. Found in BFS order, that state has a
 * shortest schedule among those the search kept.
 *
 * <p>One per worker (filled in the order the worker meets its states), merged by the explorer in
 * the workers' order, so that what it keeps does not depend on the number of workers.
 */
public final class FinalStates {
    /** Distinct valuations kept at most; the terminal states past them are only counted. */
    public static final int MAX_LISTED = 1000;
    static final long NONE = Long.MIN_VALUE;

    /** One valuation of the observed variables and the number of terminal states with it. */
    public record Valuation(int[] values, long count) {}

    private final List<Scenario.Observable> vars;
    private final List<Scenario.FinalCheck> finals;
    private final Map<Key, long[]> counts = new HashMap<>();
    private long unlisted;
    /** per final condition: the witness state's index (BFS) or run number (random), NONE if none yet */
    private final long[] witness;
    /** per final condition: the witness's schedule, once known */
    private final List<List<Integer>> schedules;

    public FinalStates(List<Scenario.FinalCheck> finals) {
        this(Scenario.observables(finals), finals);
    }

    private FinalStates(List<Scenario.Observable> vars, List<Scenario.FinalCheck> finals) {
        this.vars = vars;
        this.finals = finals;
        this.witness = new long[finals.size()];
        Arrays.fill(witness, NONE);
        this.schedules = new ArrayList<>();
        for (int f = 0; f < finals.size(); f++) {
            schedules.add(null);
        }
    }

    /** An empty one for the same conditions (a worker's). */
    FinalStates fresh() {
        return new FinalStates(vars, finals);
    }

    void clear() {
        counts.clear();
        unlisted = 0;
        Arrays.fill(witness, NONE);
    }

    /** Counts terminal state s (its index in the search, or the run's number); true when it is a new witness for some condition. */
    public boolean add(int[] s, long index) {
        if (!vars.isEmpty()) {
            int[] v = new int[vars.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = vars.get(i).value().eval(s, 0);
            }
            count(new Key(v), 1);
        }
        boolean any = false;
        for (int f = 0; f < finals.size(); f++) {
            if (witness[f] == NONE && isWitness(finals.get(f), s)) {
                witness[f] = index;
                any = true;
            }
        }
        return any;
    }

    /** A state that breaks forall/~exists, or reaches exists. */
    public static boolean isWitness(Scenario.FinalCheck f, int[] s) {
        boolean holds = f.condition().eval(s, 0) != 0;
        return f.quantifier() == Item.Quantifier.FORALL ? !holds : holds;
    }

    private void count(Key k, long n) {
        long[] c = counts.get(k);
        if (c != null) {
            c[0] += n;
        } else if (counts.size() < MAX_LISTED) {
            counts.put(k, new long[] {n});
        } else {
            unlisted += n;
        }
    }

    /** A copy of the valuations counted so far (not the witnesses): what a part's search had counted when it split. */
    FinalStates snapshot() {
        FinalStates c = fresh();
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
            c.counts.put(e.getKey(), new long[] {e.getValue()[0]});
        }
        c.unlisted = unlisted;
        return c;
    }

    /** The count of one valuation (0 when it is not listed). */
    public long count(int[] values) {
        long[] c = counts.get(new Key(values));
        return c == null ? 0 : c[0];
    }

    /** Adds n terminal states with these values (from a part file: {@code check --merge}). */
    public void addCount(int[] values, long n) {
        if (values.length != vars.size()) {
            throw new IllegalArgumentException("a valuation of " + values.length + " values for " + vars.size() + " variables");
        }
        count(new Key(values.clone()), n);
    }

    /** Adds n terminal states whose valuation was not listed (from a part file). */
    public void addUnlisted(long n) {
        unlisted += n;
    }

    /** Sets final condition f's witness to this schedule (from a part file). */
    public void witness(int f, List<Integer> choices) {
        schedule(f, choices);
    }

    /** Adds what another (a worker's, later in the search order) found. */
    void merge(FinalStates other) {
        for (Map.Entry<Key, long[]> e : other.counts.entrySet()) {
            count(e.getKey(), e.getValue()[0]);
        }
        unlisted += other.unlisted;
        for (int f = 0; f < witness.length; f++) {
            if (witness[f] == NONE && other.witness[f] != NONE) {
                witness[f] = other.witness[f];
            }
        }
    }

    long witnessIndex(int f) {
        return witness[f];
    }

    void schedule(int f, List<Integer> choices) {
        schedules.set(f, List.copyOf(choices));
    }

    public List<Scenario.Observable> vars() {
        return vars;
    }

    /** The valuations, sorted by their values (herd's order), each with its count. */
    public List<Valuation> valuations() {
        List<Valuation> out = new ArrayList<>();
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
            out.add(new Valuation(e.getKey().v.clone(), e.getValue()[0]));
        }
        out.sort((a, b) -> Arrays.compare(a.values(), b.values()));
        return out;
    }

    /** Terminal states whose valuation is not listed (more than MAX_LISTED distinct ones). */
    public long unlisted() {
        return unlisted;
    }

    /** The schedule to final condition f's witness, or null when there is none. */
    public List<Integer> witness(int f) {
        return schedules.get(f);
    }

    private record Key(int[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }
}
