package dev.mmun.explore;

import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Val;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code mmun check}: breadth-first search over every interleaving of the step function, so that
 * the first schedule found to break a rule is a shortest one (among the schedules the reductions
 * keep). The visited set holds 64-bit fingerprints; each stored state keeps its parent and the
 * thread that moved, which is all it takes to rebuild a schedule. Levels are expanded in chunks,
 * by several workers at once when asked: the verdicts and the counterexample lengths do not depend
 * on the number of workers.
 */
public final class Explorer {
    private static final int CHUNK = 4096;
    /**
     * With several search threads, the ring of expansions holds this many parts per thread (see
     * {@link Crew}): the threads run that far ahead of the merge, so that neither waits for the
     * other while the searching thread merges or runs a costly part.
     */
    private static final int PARTS_PER_THREAD = 16;

    /** How a search goes. maxStates, maxDepth and timeoutMillis: 0 or less for none. */
    public record Options(boolean por, boolean symmetry, int workers, long maxStates, int maxDepth,
                          long timeoutMillis, Progress progress) {
        public static Options defaults() {
            return new Options(true, true, Runtime.getRuntime().availableProcessors(), 0, 0, 0, null);
        }
    }

    /** Called between chunks, at most as often as the caller lets it through. */
    public interface Progress {
        void update(long states, long transitions, int depth, long queue, long millis);
    }

    private final Semantics sem;
    private final Program p;
    private final List<Scenario.FinalCheck> finals;
    private int[] start;
    private BooleanSupplier cancelled = () -> false;
    /** rules whose shortest schedules are all a search is for: it stops once it has them all */
    private java.util.Set<Rule> targets;
    /** --part: the part of the search this one explores (null: all of it), and what the last search did before it split */
    private Split split;
    private Split.Prefix prefix;
    /** the prefix of the search proper (not of the search for shorter counterexamples that may follow it) */
    private Split.Prefix mainPrefix;
    /** the parts are cut by the canonical form of the frames even when this search runs without the symmetry */
    private boolean canonicalSplit;

    public Explorer(Scenario sc) {
        this(new Semantics(sc.program()), sc.finals());
    }

    Explorer(Semantics sem, List<Scenario.FinalCheck> finals) {
        this.sem = sem;
        this.p = sem.program();
        this.finals = finals;
        this.start = sem.initial().raw();
    }

    /** The search from another state than the initial one (the REPL's), stopping when cancelled says so. */
    ExploreResult explore(Options o, int[] from, BooleanSupplier cancel) {
        this.start = from;
        this.cancelled = cancel;
        return explore(o);
    }

    /** One part of the search (see {@link Split}): the counterexamples are the shortest this part saw. */
    public Split.Result explorePart(Options o, Split part) {
        this.split = part;
        try {
            ExploreResult r = explore(o);
            return new Split.Result(r, mainPrefix);
        } finally {
            this.split = null;
        }
    }

    public ExploreResult explore(Options o) {
        List<String> notes = new ArrayList<>();
        if (p.threads().size() > 63) {
            throw new IllegalArgumentException("mmun check handles at most 63 threads");
        }
        boolean sym = o.symmetry();
        if (sym) {
            FrameSymmetry fs = new FrameSymmetry(p, finalVals());
            String why = fs.unsupported() != null ? fs.unsupported()
                    : fs.freedPool(start) ? "a frame from alloc_page() is already freed" : null;
            if (why != null) {
                sym = false;
                notes.add("symmetry reduction off: " + why);
            }
        }
        long t0 = System.nanoTime();
        canonicalSplit = false;
        ExploreResult r = search(o, sym, notes, t0);
        if (r == null) {
            notes.add("symmetry reduction off: a frame from alloc_page() is freed, so frame numbers matter; searched again without it");
            // another part may have kept the symmetry: all cut the split level by the same (canonical) states
            canonicalSplit = true;
            sym = false;
            r = search(o, false, notes, t0);
        }
        mainPrefix = prefix;
        if (o.por() && r.bound() == null && !r.traces().isEmpty()) {
            r = shortest(o, sym, r, t0);
        }
        return r;
    }

    /**
     * Partial-order reduction keeps every rule reachable but not every shortest schedule: it may
     * let independent steps of other threads go first. So the schedules found are checked by a
     * second search without it, bounded by their length: any rule it reaches sooner gets the
     * shorter schedule. The bound keeps it small (it only looks at states closer to the start than
     * the longest counterexample, and stops once it has seen every rule, each then at its shortest);
     * if it would grow past twice the first search's size, it stops and the schedules stay as found.
     */
    private ExploreResult shortest(Options o, boolean sym, ExploreResult r, long t0) {
        int longest = r.traces().values().stream().mapToInt(List::size).max().orElse(0);
        if (longest <= 1) {
            return r;
        }
        long budget = Math.max(200_000, 2 * r.stats().stored());
        long left = o.timeoutMillis() <= 0 ? 0 : Math.max(1, o.timeoutMillis() - (System.nanoTime() - t0) / 1_000_000);
        Options bounded = new Options(false, sym, o.workers(), budget, longest - 1, left, null);
        targets = r.traces().keySet();
        ExploreResult b;
        try {
            b = search(bounded, sym, new ArrayList<>(), System.nanoTime());
        } finally {
            targets = null;
        }
        List<String> notes = new ArrayList<>(r.notes());
        if (b == null || b.bound() == Bound.MAX_STATES || b.bound() == Bound.TIMEOUT) {
            notes.add("the counterexamples are the shortest the partial-order reduction kept;"
                    + " a search for shorter ones without it stopped at its bound (use --no-por for the shortest)");
            return new ExploreResult(r.traces(), r.terminals(), r.positive(), r.negative(), r.bound(), r.stats(), notes,
                    r.finalStates());
        }
        Map<Rule, List<Integer>> traces = new EnumMap<>(Rule.class);
        traces.putAll(r.traces());
        for (Map.Entry<Rule, List<Integer>> e : b.traces().entrySet()) {
            List<Integer> old = traces.get(e.getKey());
            if (old == null || e.getValue().size() < old.size()) {
                traces.put(e.getKey(), e.getValue());
            }
        }
        ExploreResult.Stats s = r.stats();
        ExploreResult.Stats stats = new ExploreResult.Stats(s.stored(), s.matched(), s.transitions(), s.depth(),
                (System.nanoTime() - t0) / 1_000_000, s.memoryBytes(), s.workers(), s.por(), s.symmetry(), s.collision(), 0,
                s.firstViolationMillis());
        return new ExploreResult(traces, r.terminals(), r.positive(), r.negative(), r.bound(), stats, notes, r.finalStates());
    }

    private List<Val> finalVals() {
        return finals.stream().map(Scenario.FinalCheck::condition).toList();
    }

    /** The search; null when the frame symmetry turned out not to hold (a pool frame was freed). */
    private ExploreResult search(Options o, boolean sym, List<String> notes, long t0) {
        Search s = new Search(o, sym, t0);
        // the searching thread works too: the crew's helpers are the other threads
        Crew crew = s.nWorkers > 1
                ? new Crew(s.worker, s.nWorkers - 1, s::newWorker, s.parts.toArray(new Expansion[0]), s.stats) : null;
        try {
            if (!s.levels(crew)) {
                return null;
            }
        } catch (OutOfMemoryError e) {
            s.outOfMemory();
        } finally {
            if (crew != null) {
                crew.close();
            }
            if (s.stats != null) {
                System.err.print(s.stats.report());
            }
        }
        return s.result(notes);
    }

    /** How expanding a level ended. */
    private enum Level { DONE, STOPPED, SYMMETRY_BROKEN }

    /**
     * One breadth-first search: the workers and the visited set, the tree of stored states (each
     * one's parent and the thread that moved to it: all it takes to rebuild a schedule), the level
     * being expanded and the next, and the figures the workers gathered. {@link #levels} runs it;
     * {@link #result} reads it.
     */
    private final class Search {
        private final Options o;
        private final boolean sym;
        private final long t0;
        final int nWorkers;
        /** -Dmmun.crew.stats: where the search threads' time goes; null when not asked */
        final CrewStats stats;
        private final FingerprintSet visited = new FingerprintSet(1 << 16, visitedSlots());
        /** the searching thread's worker (each helper of the crew has its own), and an expansion per part that may be in flight */
        private Worker worker;
        private final List<Expansion> parts = new ArrayList<>();
        /** the state the frontiers store the others against */
        private final int[] ref;
        private Frontier cur;
        private Frontier next;
        private final Tree tree = new Tree();
        private long stored;
        /** for each rule, the stored state whose step first broke it and the thread that took that step (Worker.UNSET: not yet) */
        private final int[] foundParent = new int[Rule.values().length];
        private final int[] foundChoice = new int[Rule.values().length];
        private long transitions;
        private long matched;
        private long terminals;
        private final long[] positive = new long[finals.size()];
        private final long[] negative = new long[finals.size()];
        private final FinalStates finalStates = new FinalStates(finals);
        /** the bound that stopped the search; null while none has */
        private Bound bound;
        private boolean depthCut;
        private int level;
        private int deepest;
        private long peakFrontier;
        private long lastProgress = System.nanoTime();
        private long firstFound = -1;

        /** The search's first level: the start state alone (canonical under the symmetry), stored as the tree's root. */
        Search(Options o, boolean sym, long t0) {
            this.o = o;
            this.sym = sym;
            this.t0 = t0;
            this.nWorkers = Math.max(1, o.workers());
            this.stats = CrewStats.ifAsked(nWorkers);
            // the crew's helpers build theirs, each on its own thread (Crew)
            worker = newWorker();
            int inFlight = nWorkers == 1 ? 1 : nWorkers * PARTS_PER_THREAD;
            for (int e = 0; e < inFlight; e++) {
                parts.add(new Expansion(finals));
            }
            int[] init = start.clone();
            if (sym) {
                new FrameSymmetry(p, finalVals()).canonicalize(init);
            }
            prefix = null;
            visited.add(Fingerprint.key(Fingerprint.of(init)));
            visited.added(1);
            tree.set(0, -1, -1);
            stored = 1;
            ref = init.clone();
            cur = new Frontier(ref, 1024);
            next = new Frontier(ref, 1024);
            for (Expansion e : parts) {
                e.reference(ref);
            }
            cur.add(init, 0, Fingerprint.of(init));
            Arrays.fill(foundParent, Worker.UNSET);
        }

        /** Level by level until none is left, a bound stops it or every target rule is found; false when the symmetry broke. */
        boolean levels(Crew crew) {
            while (cur.size() > 0) {
                deepest = level;
                Level end = crew == null ? expandLevel() : expandLevel(crew);
                if (end == Level.SYMMETRY_BROKEN) {
                    return false;
                }
                if (end == Level.STOPPED || targets != null && targets.stream().allMatch(r -> foundParent[r.ordinal()] != Worker.UNSET)) {
                    return true;
                }
                nextLevel();
            }
            return true;
        }

        /** The current level in chunks, each chunk's successors merged before the next; the bounds are checked between chunks. */
        private Level expandLevel() {
            boolean expand = o.maxDepth() <= 0 || level < o.maxDepth();
            Worker w = worker;
            Expansion e = parts.get(0);
            for (int from = 0; from < cur.size(); from += CHUNK) {
                bound = boundHit();
                if (bound != null) {
                    return Level.STOPPED;
                }
                int end = Math.min(cur.size(), from + CHUNK);
                visited.reserve((long) (end - from) * p.threads().size());
                long[] c = stats == null ? null : stats.start();
                w.run(cur, from, end, expand, e);
                if (c != null) {
                    stats.add(0, CrewStats.Kind.RUN, c, end - from);
                    c = stats.start();
                }
                Level merged = merge(e);
                if (c != null) {
                    stats.add(0, CrewStats.Kind.MERGE, c, 0);
                }
                if (merged != Level.DONE) {
                    return merged;
                }
                chunkDone(end);
            }
            return Level.DONE;
        }

        /**
         * The current level by the crew's threads, its parts merged in order as they are done: the
         * same states, in the same order, as {@link #expandLevel()} but for which of two parts that
         * reach a state first stores it, and the bounds checked after the same chunks.
         */
        private Level expandLevel(Crew crew) {
            bound = boundHit();
            if (bound != null) {
                return Level.STOPPED;
            }
            int size = cur.size();
            long threads = p.threads().size();
            Level[] end = {Level.DONE};
            crew.level(cur, size, o.maxDepth() <= 0 || level < o.maxDepth(), new Crew.Merger() {
                @Override
                public boolean mayRun(int mergedTo, int from, int to) {
                    // at most every thread's step of each state in flight is new
                    if (!visited.hasRoom((to - mergedTo) * threads)) {
                        return false;
                    }
                    // a part after a chunk's end whose check may stop the search waits for it: else it
                    // could store first a state of that chunk's, which would then not be stored
                    return o.maxStates() <= 0 || from / CHUNK == mergedTo / CHUNK
                            || stored + (from - mergedTo) * threads < o.maxStates();
                }

                @Override
                public void makeRoom(int from, int to) {
                    long[] c = stats == null ? null : stats.start();
                    // room for the whole ring of parts, or (a table that cannot double) for this one
                    visited.reserve((long) parts.size() * Crew.PART * threads, (long) (to - from) * threads, nWorkers);
                    if (c != null) {
                        stats.add(0, CrewStats.Kind.ROOM, c, 0);
                    }
                }

                @Override
                public boolean merge(Expansion e, int from, int to) {
                    Level merged = Search.this.merge(e);
                    if (merged == Level.DONE && (to % CHUNK == 0 || to == size)) {
                        chunkDone(to);
                        if (to < size && (bound = boundHit()) != null) {
                            merged = Level.STOPPED;
                        }
                    }
                    end[0] = merged;
                    return merged == Level.DONE;
                }
            });
            return end[0];
        }

        private void chunkDone(int end) {
            peakFrontier = Math.max(peakFrontier, cur.bytes() + next.bytes());
            progress(end);
        }

        /** The time limit, Ctrl-C (or the REPL's cancel) and the state bound, in that order; null: go on. */
        private Bound boundHit() {
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (o.timeoutMillis() > 0 && elapsed >= o.timeoutMillis()) {
                return Bound.TIMEOUT;
            }
            if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
                return Bound.INTERRUPTED;
            }
            if (o.maxStates() > 0 && stored >= o.maxStates()) {
                return Bound.MAX_STATES;
            }
            return null;
        }

        /** One expansion of a chunk or part: its figures, the rules it found first, its new states stored; then it is reset. */
        private Level merge(Expansion w) {
            transitions += w.transitions;
            matched += w.matched;
            terminals += w.terminals;
            for (int f = 0; f < positive.length; f++) {
                positive[f] += w.positive[f];
                negative[f] += w.negative[f];
            }
            finalStates.merge(w.finalStates);
            for (int r = 0; r < foundParent.length; r++) {
                if (foundParent[r] == Worker.UNSET && w.ruleParent[r] != Worker.UNSET) {
                    if (firstFound < 0) {
                        firstFound = (System.nanoTime() - t0) / 1_000_000;
                    }
                    foundParent[r] = w.ruleParent[r];
                    foundChoice[r] = w.ruleChoice[r];
                }
            }
            depthCut |= w.depthCut;
            if (w.symmetryBroken) {
                return Level.SYMMETRY_BROKEN;
            }
            int added = w.out.size();
            visited.added(added);
            if (stored + added > Integer.MAX_VALUE - 16) {
                bound = Bound.MAX_STATES;
                return Level.STOPPED;
            }
            store(w, added);
            w.reset();
            return Level.DONE;
        }

        /** A worker's new states: into the next level, and into the tree with their parents and threads. */
        private void store(Expansion w, int added) {
            long[] c = stats == null ? null : stats.start();
            tree.ensure(stored + added);
            if (c != null) {
                stats.add(0, CrewStats.Kind.GROW, c, 0);
                c = stats.start();
            }
            int first = next.size();
            next.addAll(w.out);
            if (c != null) {
                stats.add(0, CrewStats.Kind.APPEND, c, 0);
            }
            for (int i = 0; i < added; i++) {
                int idx = (int) stored++;
                tree.set(idx, w.out.index(i), w.outChoice[i]);
                next.setIndex(first + i, idx);
            }
        }

        /** At most once a second: the figures so far, for --progress. end: where in the current level the search is. */
        private void progress(int end) {
            if (o.progress() != null && System.nanoTime() - lastProgress >= 1_000_000_000L) {
                lastProgress = System.nanoTime();
                o.progress().update(stored, transitions, level, (cur.size() - end) + (long) next.size(),
                        (lastProgress - t0) / 1_000_000);
            }
        }

        /** The next level becomes the current one; at the split level, a part keeps only its own states (see {@link Split}). */
        private void nextLevel() {
            Frontier tmp = cur;
            cur = next;
            next = tmp;
            next.clear();
            level++;
            if (split != null && prefix == null && cur.size() > 0 && split.due(level, cur.size())) {
                long wide = cur.size();
                cur = keep(cur, ref);
                prefix = new Split.Prefix(level, wide, cur.size(), stored, matched, transitions, terminals,
                        positive.clone(), negative.clone(), finalStates.snapshot());
            }
        }

        /** A worker for one search thread: its own scratch, partial-order reduction and symmetry. */
        Worker newWorker() {
            return new Worker(sem, finals, visited, o.por() ? new Stubborn(p, new Footprints(p)) : null,
                    sym ? new FrameSymmetry(p, finalVals()) : null);
        }

        /** The heap ran out: the levels and the workers are let go, so that the result can still be built. */
        void outOfMemory() {
            cur = null;
            next = null;
            worker = null;
            parts.clear();
            bound = Bound.MEMORY;
        }

        /** What the search found: each rule's schedule and each final condition's witness rebuilt from the tree, the figures. */
        ExploreResult result(List<String> notes) {
            if (bound == null && depthCut) {
                bound = Bound.MAX_DEPTH;
            }
            Map<Rule, List<Integer>> traces = new EnumMap<>(Rule.class);
            for (Rule r : Rule.values()) {
                int at = foundParent[r.ordinal()];
                if (at != Worker.UNSET) {
                    List<Integer> path = path(tree, at);
                    if (foundChoice[r.ordinal()] >= 0) {
                        path.add(foundChoice[r.ordinal()]);
                    }
                    traces.put(r, Collections.unmodifiableList(path));
                }
            }
            for (int f = 0; f < finals.size(); f++) {
                long at = finalStates.witnessIndex(f);
                if (at != FinalStates.NONE) {
                    finalStates.schedule(f, path(tree, (int) at));
                }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long memory = visited.bytes() + tree.bytes() + peakFrontier;
            double collision = (double) stored * stored / Math.pow(2, 65);
            ExploreResult.Stats stats = new ExploreResult.Stats(stored, matched, transitions, deepest, millis, memory,
                    nWorkers, o.por(), sym, Math.min(1, collision), 0, firstFound);
            List<String> all = new ArrayList<>(notes);
            if (visited.crowded()) {
                all.add("the visited set could not double (no room in the Java heap) and was filled further instead:"
                        + " slower from there on; more memory for java avoids it");
            }
            return new ExploreResult(traces, terminals, positive, negative, bound, stats, List.copyOf(all), finalStates);
        }
    }

    /**
     * The largest visited set a search may have, in slots: {@link FingerprintSet#MAX_SLOTS}, or less
     * with -Dmmun.visited.maxSlots (rounded down to a power of two, at least 1024), which runs a
     * search as a heap too small to double the set would (tests, and trying what a smaller machine
     * would do).
     */
    private static int visitedSlots() {
        int asked = Integer.getInteger("mmun.visited.maxSlots", FingerprintSet.MAX_SLOTS);
        return Integer.highestOneBit(Math.max(1024, Math.min(FingerprintSet.MAX_SLOTS, asked)));
    }

    /**
     * The states of the split level that are this part's, in their order, in a level of their own.
     */
    private Frontier keep(Frontier level, int[] ref) {
        Frontier kept = new Frontier(ref, Math.max(1024, level.size() / split.parts()));
        FrameSymmetry canon = canonicalSplit ? new FrameSymmetry(p, finalVals()) : null;
        int[] s = new int[ref.length];
        int[] c = canon == null ? null : new int[ref.length];
        Frontier.Cursor cursor = new Frontier.Cursor();
        for (int i = 0; i < level.size(); i++) {
            if (i == 0) {
                cursor.seek(level, 0, s);
            } else {
                cursor.next(s);
            }
            long h = level.hash(i);
            if (canon != null) {
                System.arraycopy(s, 0, c, 0, s.length);
                canon.canonicalize(c);
                h = Fingerprint.of(c);
            }
            if (split.keeps(h)) {
                kept.add(s, level.index(i), level.hash(i));
            }
        }
        return kept;
    }

    private static List<Integer> path(Tree tree, int idx) {
        List<Integer> out = new ArrayList<>();
        for (int i = idx; i > 0; i = tree.parent(i)) {
            out.add(tree.choice(i));
        }
        Collections.reverse(out);
        return out;
    }
}
