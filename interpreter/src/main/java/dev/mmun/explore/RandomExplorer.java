package dev.mmun.explore;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code mmun check --random RUNS --seed S}: RUNS schedules drawn at random over the same step
 * function, each step a thread picked uniformly among those that can move. Run r uses its own
 * generator seeded from (S, r), so the same seed gives the same runs. It finds violations; it
 * cannot show there are none.
 */
public final class RandomExplorer {
    private final Scenario sc;
    private final Semantics sem;

    public RandomExplorer(Scenario sc) {
        this.sc = sc;
        this.sem = new Semantics(sc.program());
    }

    public ExploreResult explore(long runs, long seed, long timeoutMillis) {
        long t0 = System.nanoTime();
        int threads = sc.program().threads().size();
        Map<Rule, List<Integer>> traces = new EnumMap<>(Rule.class);
        long[] positive = new long[sc.finals().size()];
        long[] negative = new long[sc.finals().size()];
        FinalStates finalStates = new FinalStates(sc.finals());
        List<List<Integer>> witnesses = new ArrayList<>(Collections.nCopies(sc.finals().size(), null));
        RuleMask sink = new RuleMask();
        int[][] succ = new int[threads][];
        int[] enabled = new int[threads];
        long transitions = 0;
        long terminals = 0;
        int deepest = 0;
        Bound bound = null;
        long done = 0;
        long first = -1;
        for (long r = 0; r < runs; r++) {
            if (timeoutMillis > 0 && (System.nanoTime() - t0) / 1_000_000 >= timeoutMillis) {
                bound = Bound.TIMEOUT;
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                bound = Bound.INTERRUPTED;
                break;
            }
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + r);
            int[] s = sem.initial().raw();
            List<Integer> choices = new ArrayList<>();
            while (true) {
                int count = 0;
                for (int t = 0; t < threads; t++) {
                    sink.mask = 0;
                    succ[t] = sem.step(s, t, sink);
                    if (succ[t] != null) {
                        enabled[count++] = t;
                        for (int v = sink.mask; v != 0; v &= v - 1) {
                            record(traces, Rule.values()[Integer.numberOfTrailingZeros(v)], choices, t);
                        }
                    }
                }
                if (count == 0) {
                    break;
                }
                int t = enabled[rnd.nextInt(count)];
                choices.add(t);
                s = succ[t];
                transitions++;
            }
            done++;
            terminals++;
            if (first < 0 && !traces.isEmpty()) {
                first = (System.nanoTime() - t0) / 1_000_000;
            }
            deepest = Math.max(deepest, choices.size());
            finalStates.add(s, r);
            for (int f = 0; f < witnesses.size(); f++) {
                // the shortest witness any run saw
                if (FinalStates.isWitness(sc.finals().get(f), s) && (witnesses.get(f) == null || witnesses.get(f).size() > choices.size())) {
                    witnesses.set(f, List.copyOf(choices));
                }
            }
            for (int f = 0; f < positive.length; f++) {
                if (sc.finals().get(f).condition().eval(s, 0) != 0) {
                    positive[f]++;
                } else {
                    negative[f]++;
                }
            }
            for (dev.mmun.machine.Violation v : sem.terminal(s)) {
                record(traces, v.rule(), choices, -1);
            }
        }
        for (int f = 0; f < witnesses.size(); f++) {
            if (witnesses.get(f) != null) {
                finalStates.schedule(f, witnesses.get(f));
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        ExploreResult.Stats stats = new ExploreResult.Stats(0, 0, transitions, deepest, millis, 0, 1, false, false, 0, done, first);
        List<String> notes = new ArrayList<>();
        notes.add(done + " random schedules (seed " + seed + "): random runs find violations but cannot show there are none");
        return new ExploreResult(traces, terminals, positive, negative, bound == null ? Bound.RANDOM : bound, stats, notes,
                finalStates);
    }

    /** Keeps the shortest schedule seen for each rule. */
    private static void record(Map<Rule, List<Integer>> traces, Rule rule, List<Integer> prefix, int last) {
        int len = prefix.size() + (last >= 0 ? 1 : 0);
        List<Integer> old = traces.get(rule);
        if (old != null && old.size() <= len) {
            return;
        }
        List<Integer> path = new ArrayList<>(prefix);
        if (last >= 0) {
            path.add(last);
        }
        traces.put(rule, Collections.unmodifiableList(path));
    }
}
