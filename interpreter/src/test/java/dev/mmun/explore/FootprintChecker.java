package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Program;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Semantics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks the footprints partial-order reduction takes ({@link Stubborn#nextStepFootprint}) against
 * what the steps do, instead of trusting them. Every slot of the state vector belongs to one group:
 * a {@link Resources} bit (the pte and its write-protect mark; a frame's refcount; its data,
 * generation, version and copy state; a page's write count and last value; a lock; a TLB entry; a
 * may-cache set), a thread's own slots (pc, locals, invalidation stack, gather, deferred flush), or
 * the rest (mirror counters, release), which only steps that declare every resource may change.
 *
 * <p>Writes: every slot a step changes is in a group of its write set, or its own thread's, or of a
 * frame private to it. A frame becoming free or allocated is a write of the free-frame pool. Only
 * thread t takes or drops a lock as t's. Writes are also checked against the static footprint of
 * the instruction when the step is one machine instruction.
 *
 * <p>Reads, by perturbation: for each group outside the read set, the step is run again on the
 * state with that group's slots replaced by their values in another reachable state of the same
 * program; it must be enabled or not alike, report the same rules and leave every other slot as
 * before, and on the replaced slots either write the same value or leave both alone. A difference
 * means the step's result depends on the group, i.e. reads it. Perturbations keep what the
 * footprints treat as owned: whether t holds a lock (only t changes that), and, when the pool is
 * read, whether a frame is free.
 */
final class FootprintChecker {
    /** group kinds */
    private static final int RESOURCE = 0;
    private static final int OWN = 1;
    private static final int REST = 2;
    /** a frame's generation: only alloc_page() changes it, which writes the frame's refcount and data */
    private static final int GEN = 3;
    /** a thread's invalidation stack: the mirrors' callbacks look at every thread's */
    private static final int INVS = 4;

    private record Group(int kind, int index, int[] slots) {}

    private final Program p;
    private final Semantics sem;
    private final Stubborn stubborn;
    private final Footprints fp;
    private final Resources res;
    private final List<Group> groups = new ArrayList<>();
    /** the group of each slot */
    private final int[] groupOf;
    private final long[] everything;
    private final Random rnd;
    private final String what;
    /** the program has software mirrors, whose callbacks read every thread's invalidations */
    private final boolean soft;
    int stepsChecked;
    /** the machine instructions of the steps checked (the step's first, when it starts with one) */
    final java.util.Set<dev.mmun.machine.Op> opsChecked = java.util.EnumSet.noneOf(dev.mmun.machine.Op.class);
    /** the instructions of the steps that freed a frame, as {@link Families#mayFree} was asked of them */
    final java.util.Set<dev.mmun.machine.Op> freeingOps = java.util.EnumSet.noneOf(dev.mmun.machine.Op.class);

    FootprintChecker(Program p, long seed, String what) {
        this.p = p;
        this.sem = new Semantics(p);
        this.fp = new Footprints(p);
        this.stubborn = new Stubborn(p, fp);
        this.res = fp.res;
        this.rnd = new Random(seed);
        this.what = what;
        this.soft = p.devices().stream().anyMatch(d -> !d.walksPageTable());
        groupOf = new int[p.stateSize()];
        Arrays.fill(groupOf, -1);
        layout();
        everything = new long[res.words];
        for (int i = 0; i < res.count; i++) {
            Resources.set(everything, i);
        }
    }

    private void layout() {
        int pages = p.pages().size();
        List<List<Integer>> byRes = new ArrayList<>();
        for (int i = 0; i < res.count; i++) {
            byRes.add(new ArrayList<>());
        }
        for (int pg = 0; pg < pages; pg++) {
            byRes.get(res.pte(pg)).add(p.pte(pg));
            byRes.get(res.pte(pg)).add(p.wpPending(pg));
            byRes.get(res.version(pg)).add(p.version(pg));
            byRes.get(res.version(pg)).add(p.lastWritten(pg));
            for (int c = 0; c < p.cpuCount(); c++) {
                byRes.get(res.cpuTlb(c, pg)).add(p.cpuTlb(c, pg));
            }
            for (int d = 0; d < p.devices().size(); d++) {
                byRes.get(res.devTlb(d, pg)).add(p.devTlb(d, pg));
                byRes.get(res.mayCache(d, pg)).add(p.mayCache(d, pg));
                byRes.get(res.mayCache(d, pg)).add(p.mayCacheWritable(d, pg));
            }
        }
        for (int f = 0; f < p.frames().size(); f++) {
            byRes.get(res.ref(f)).add(p.frameRef(f));
            byRes.get(res.data(f)).add(p.frameContent(f));
            byRes.get(res.data(f)).add(p.frameVersion(f));
            if (p.kernel().copyTracking()) {
                byRes.get(res.data(f)).add(p.frameWrites(f));
                byRes.get(res.data(f)).add(p.copySource(f));
                byRes.get(res.data(f)).add(p.copyWrites(f));
                byRes.get(res.data(f)).add(p.copyGeneration(f));
            }
        }
        for (int l = 0; l < p.locks().size(); l++) {
            byRes.get(res.lock(l)).add(p.lock(l));
        }
        for (int i = 0; i < res.count; i++) {
            add(RESOURCE, i, byRes.get(i));
        }
        for (int f = 0; f < p.frames().size(); f++) {
            add(GEN, f, List.of(p.frameGen(f)));
        }
        for (int t = 0; t < p.threads().size(); t++) {
            List<Integer> own = new ArrayList<>();
            for (int i = p.pc(t); i < p.invDepth(t); i++) {
                own.add(i);
            }
            List<Integer> invs = new ArrayList<>();
            int end = p.invDepth(t) + 1 + 2 * p.threads().get(t).maxInvalidations();
            for (int i = p.invDepth(t); i < end; i++) {
                invs.add(i);
            }
            add(INVS, t, invs);
            own.add(p.ubcPending(t));
            own.add(p.clearPending(t));
            if (p.kernel().gatherSlots() > 0) {
                own.add(p.gatherFlags(t));
                own.add(p.gatherRange(t));
                own.add(p.gatherRange(t) + 1);
                own.add(p.zapDone(t));
                own.add(p.zapDone(t) + 1);
                for (int i = 0; i < p.kernel().gatherSlots(); i++) {
                    own.add(p.gatherSlot(t, i));
                }
            }
            add(OWN, t, own);
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < groupOf.length; i++) {
            if (groupOf[i] < 0) {
                rest.add(i);
            }
        }
        add(REST, 0, rest);
    }

    private void add(int kind, int index, List<Integer> slots) {
        int g = groups.size();
        for (int s : slots) {
            if (groupOf[s] >= 0) {
                throw new AssertionError("slot " + s + " laid out twice");
            }
            groupOf[s] = g;
        }
        groups.add(new Group(kind, index, slots.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** What a step gave: null state when it could not move, and the rules it reported. */
    private record Result(int[] next, Set<Rule> rules, String thrown) {}

    private Result run(int[] s, int t) {
        Set<Rule> rules = new TreeSet<>();
        try {
            int[] n = sem.step(s, t, v -> rules.add(v.rule()));
            return new Result(n, rules, null);
        } catch (RuntimeException e) {
            return new Result(null, rules, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Every .mmun file under the project's samples/ folder, sorted; more than 50, or the layout is wrong. */
    static List<Path> samples() {
        Path root = samplesRoot();
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(f -> f.toString().endsWith(".mmun")).sorted().toList();
            assertTrue(files.size() > 50, "the samples are missing: " + root.toAbsolutePath());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path samplesRoot() {
        return Path.of(System.getProperty("mmun.root", "..")).resolve("samples");
    }

    /** The states the checks look at: at most max breadth first from the start, then those of runs random runs to the end. */
    List<int[]> statesAndRuns(int max, int runs) {
        List<int[]> states = new ArrayList<>(states(max));
        states.addAll(randomRuns(runs));
        return states;
    }

    /** The reachable states, breadth first, at most max of them. */
    List<int[]> states(int max) {
        List<int[]> out = new ArrayList<>();
        Set<List<Integer>> seen = new HashSet<>();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        int[] init = sem.initial().raw();
        queue.add(init);
        seen.add(key(init));
        while (!queue.isEmpty() && out.size() < max) {
            int[] s = queue.poll();
            out.add(s);
            for (int t = 0; t < p.threads().size(); t++) {
                int[] n = sem.step(s, t, v -> { });
                if (n != null && seen.add(key(n))) {
                    queue.add(n);
                }
            }
        }
        return out;
    }

    /** States met on random runs to the end: deep states a bounded breadth-first walk does not reach. */
    List<int[]> randomRuns(int runs) {
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < runs; k++) {
            int[] s = sem.initial().raw();
            for (int steps = 0; steps < 10_000; steps++) {
                out.add(s);
                int[] order = order();
                int[] next = null;
                for (int t : order) {
                    next = sem.step(s, t, v -> { });
                    if (next != null) {
                        break;
                    }
                }
                if (next == null) {
                    break;
                }
                s = next;
            }
        }
        return out;
    }

    private int[] order() {
        int n = p.threads().size();
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int x = o[i];
            o[i] = o[j];
            o[j] = x;
        }
        return o;
    }

    private static List<Integer> key(int[] s) {
        List<Integer> k = new ArrayList<>(s.length);
        for (int v : s) {
            k.add(v);
        }
        return k;
    }

    /** Checks every thread's next step in every state; the failures, empty when all hold. */
    List<String> check(List<int[]> states, boolean reads) {
        List<String> failures = new ArrayList<>();
        long[] r = new long[res.words];
        long[] w = new long[res.words];
        for (int[] s : states) {
            for (int t = 0; t < p.threads().size(); t++) {
                if (!stubborn.nextStepFootprint(s, t, r, w)) {
                    continue;
                }
                Result base = run(s, t);
                if (base.thrown != null || base.next == null) {
                    continue;
                }
                stepsChecked++;
                opsChecked.add(p.threads().get(t).code()[s[p.pc(t)]].op());
                boolean[] privateFrame = privateFrames(s, t);
                writes(s, t, base.next, r, w, privateFrame, failures);
                frees(s, t, base.next, failures);
                if (reads) {
                    reads(s, t, base, r, w, privateFrame, states, failures);
                }
                if (failures.size() > 2) {
                    return failures;
                }
            }
        }
        return failures;
    }

    private boolean[] privateFrames(int[] s, int t) {
        PrivateFrames pf = new PrivateFrames(p, constFrames());
        boolean[] out = new boolean[p.frames().size()];
        for (int f = 0; f < out.length; f++) {
            out[f] = pf.privateTo(s, t, f);
        }
        return out;
    }

    private long constFramesCache = -1;

    /** The frames some code names by a constant, computed as Footprints does (through a fresh one). */
    private long constFrames() {
        if (constFramesCache < 0) {
            long c = 0;
            for (int f = 0; f < p.frames().size(); f++) {
                // a frame is private to no one when a constant names it: find out through PrivateFrames' rule
                c |= namedByConstant(f) ? 1L << f : 0;
            }
            constFramesCache = c;
        }
        return constFramesCache;
    }

    private boolean namedByConstant(int f) {
        for (Program.Thread th : p.threads()) {
            for (dev.mmun.machine.Instr in : th.code()) {
                if (names(in.v(), f) || names(in.w(), f)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean names(dev.mmun.machine.Val v, int f) {
        if (v instanceof dev.mmun.machine.Val.Const c) {
            return c.value() == f + 1;
        }
        if (v instanceof dev.mmun.machine.Val.Bin b) {
            return names(b.left(), f) || names(b.right(), f);
        }
        if (v instanceof dev.mmun.machine.Val.Not x) {
            return names(x.operand(), f);
        }
        if (v instanceof dev.mmun.machine.Val.Neg x) {
            return names(x.operand(), f);
        }
        return false;
    }

    private boolean frameGroupOfPrivate(Group g, boolean[] privateFrame) {
        if (g.kind != RESOURCE) {
            return false;
        }
        for (int f = 0; f < privateFrame.length; f++) {
            if (privateFrame[f] && (g.index == res.ref(f) || g.index == res.data(f))) {
                return true;
            }
        }
        return false;
    }

    private void writes(int[] s, int t, int[] n, long[] r, long[] w, boolean[] privateFrame, List<String> failures) {
        boolean all = all(w, privateFrame);
        for (int i = 0; i < s.length; i++) {
            if (s[i] == n[i]) {
                continue;
            }
            Group g = groups.get(groupOf[i]);
            boolean ok = switch (g.kind) {
                case RESOURCE -> Resources.get(w, g.index) || frameGroupOfPrivate(g, privateFrame);
                case GEN -> (Resources.get(w, res.ref(g.index)) && Resources.get(w, res.data(g.index))) || privateFrame[g.index];
                case OWN -> g.index == t || all;
                case INVS -> (g.index == t && !soft) || all;
                default -> all;
            };
            if (!ok) {
                failures.add(describe(s, t, "writes " + slotName(i) + " (" + s[i] + " -> " + n[i] + ") outside its write footprint "
                        + names(w)));
            }
        }
        for (int f = 0; f < p.frames().size(); f++) {
            if ((s[p.frameRef(f)] == 0) != (n[p.frameRef(f)] == 0) && !Resources.get(w, res.alloc)) {
                failures.add(describe(s, t, "frees or allocates frame " + f + " without writing the free-frame pool"));
            }
        }
        for (int l = 0; l < p.locks().size(); l++) {
            int a = s[p.lock(l)];
            int b = n[p.lock(l)];
            if (a != b && !((a == 0 && b == t + 1) || (a == t + 1 && b == 0))) {
                failures.add(describe(s, t, "changes lock " + l + " from " + a + " to " + b + ", which is not its own to change"));
            }
        }
        int pc = s[p.pc(t)];
        dev.mmun.machine.Instr in = p.threads().get(t).code()[pc];
        if (!in.op().local() && !all) {
            long[] sw = fp.writes[t][pc];
            for (int i = 0; i < s.length; i++) {
                Group g = groups.get(groupOf[i]);
                if (s[i] != n[i] && g.kind == RESOURCE && !Resources.get(sw, g.index)) {
                    failures.add(describe(s, t, "writes " + slotName(i) + " outside the static write footprint of its instruction"));
                }
            }
        }
    }

    /**
     * A step that frees a frame (its refcount falls to 0) runs an instruction that
     * {@link Families#mayFree} names, in a thread that {@link Families#threadFrees} names, or runs a
     * library callback that has such an instruction: the reductions that forget what only a later
     * free could read (ReusedFrameSymmetry, DeadMayCache) take where frees may happen from them.
     */
    private void frees(int[] s, int t, int[] n, List<String> failures) {
        boolean freed = false;
        for (int f = 0; f < p.frames().size(); f++) {
            freed |= s[p.frameRef(f)] > 0 && n[p.frameRef(f)] == 0;
        }
        if (!freed) {
            return;
        }
        Instr[] code = p.threads().get(t).code();
        Recorder rec = new Recorder();
        sem.step(s, t, rec);
        List<Integer> pcs = Arrays.stream(rec.pcs()).boxed().toList();
        pcs.forEach(pc -> {
            if (!code[pc].op().local()) {
                freeingOps.add(code[pc].op());
            }
        });
        boolean named = pcs.stream().anyMatch(pc -> Families.mayFree(code[pc].op()));
        if (named && !Families.threadFrees(code)) {
            failures.add(describe(s, t, "frees a frame, but Families.threadFrees says its thread does not"));
        }
        boolean callbackFrees = p.library().stream().anyMatch(cb -> Arrays.stream(cb.code()).anyMatch(in -> Families.mayFree(in.op())));
        if (!named && !callbackFrees) {
            failures.add(describe(s, t, "frees a frame in a step (pcs " + pcs + ") none of whose instructions Families.mayFree names"));
        }
    }

    private void reads(int[] s, int t, Result base, long[] r, long[] w, boolean[] privateFrame, List<int[]> states,
                       List<String> failures) {
        // what the step declares it reads or writes: a step that writes a resource conflicts with
        // every other step that writes it, so it may read it too
        long[] rw = r.clone();
        Resources.or(rw, w);
        boolean empty = isEmpty(rw);
        boolean allR = all(rw, privateFrame);
        boolean poolRead = Resources.get(r, res.alloc);
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            if (g.slots.length == 0) {
                continue;
            }
            boolean covered = switch (g.kind) {
                case RESOURCE -> Resources.get(rw, g.index) || frameGroupOfPrivate(g, privateFrame);
                case GEN -> Resources.get(rw, res.ref(g.index)) || Resources.get(rw, res.data(g.index)) || privateFrame[g.index];
                case OWN -> g.index == t;
                // the invalidation stacks change only in steps that declare everything when there are mirrors
                case INVS -> g.index == t || (soft && allR);
                // the rest is written only by steps that write everything (checked above): those
                // conflict with any step that declares something
                default -> !empty;
            };
            if (covered) {
                continue;
            }
            int[] other = perturbation(s, t, g, poolRead, states);
            if (other == null) {
                continue;
            }
            int[] s2 = s.clone();
            for (int slot : g.slots) {
                s2[slot] = other[slot];
            }
            Result pert = run(s2, t);
            String diff = difference(s, s2, base, pert, g);
            if (diff != null) {
                failures.add(describe(s, t, "reads " + groupName(g) + " outside its read footprint " + names(r) + ": with "
                        + slotsText(g, s2) + " instead of " + slotsText(g, s) + ", " + diff));
            }
        }
    }

    /** Another reachable state whose values for g differ from s's, keeping what the footprints treat as owned. */
    private int[] perturbation(int[] s, int t, Group g, boolean poolRead, List<int[]> states) {
        for (int tries = 0; tries < 12; tries++) {
            int[] o = states.get(rnd.nextInt(states.size()));
            boolean differs = false;
            boolean keeps = true;
            for (int slot : g.slots) {
                differs |= o[slot] != s[slot];
                if (isLockSlot(slot) && ((o[slot] == t + 1) != (s[slot] == t + 1))) {
                    keeps = false;
                }
                if (poolRead && isRefSlot(slot) && ((o[slot] == 0) != (s[slot] == 0))) {
                    keeps = false;
                }
            }
            if (differs && keeps) {
                return o;
            }
        }
        return null;
    }

    private boolean isLockSlot(int slot) {
        for (int l = 0; l < p.locks().size(); l++) {
            if (p.lock(l) == slot) {
                return true;
            }
        }
        return false;
    }

    private boolean isRefSlot(int slot) {
        for (int f = 0; f < p.frames().size(); f++) {
            if (p.frameRef(f) == slot) {
                return true;
            }
        }
        return false;
    }

    private String difference(int[] s, int[] s2, Result base, Result pert, Group g) {
        if (pert.thrown != null) {
            return "the step throws " + pert.thrown;
        }
        if (pert.next == null) {
            return "the step is no longer enabled";
        }
        if (!base.rules.equals(pert.rules)) {
            return "it reports " + pert.rules + " instead of " + base.rules;
        }
        Set<Integer> perturbed = new HashSet<>();
        for (int slot : g.slots) {
            perturbed.add(slot);
        }
        for (int i = 0; i < s.length; i++) {
            if (perturbed.contains(i)) {
                boolean bothKept = base.next[i] == s[i] && pert.next[i] == s2[i];
                if (!bothKept && base.next[i] != pert.next[i]) {
                    return "it leaves " + slotName(i) + " = " + pert.next[i] + " instead of " + base.next[i];
                }
            } else if (base.next[i] != pert.next[i]) {
                return "it leaves " + slotName(i) + " = " + pert.next[i] + " instead of " + base.next[i];
            }
        }
        return null;
    }

    /** Every resource but the frames private to the thread (which the footprint leaves out). */
    private boolean all(long[] bits, boolean[] privateFrame) {
        for (int i = 0; i < res.count; i++) {
            if (!Resources.get(bits, i)) {
                boolean exempt = false;
                for (int f = 0; f < privateFrame.length; f++) {
                    exempt |= privateFrame[f] && (i == res.ref(f) || i == res.data(f));
                }
                if (!exempt) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isEmpty(long[] bits) {
        for (long b : bits) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private String describe(int[] s, int t, String problem) {
        int pc = s[p.pc(t)];
        dev.mmun.machine.Instr in = p.threads().get(t).code()[pc];
        return what + ": " + p.threads().get(t).name() + " at pc " + pc + " (" + in.op() + " " + in.text() + ", "
                + in.span().where() + ") " + problem + "\n  state " + Arrays.toString(s);
    }

    private String groupName(Group g) {
        return switch (g.kind) {
            case RESOURCE -> "resource " + g.index + " (slots " + Arrays.toString(g.slots) + ")";
            case OWN -> "the own slots of " + p.threads().get(g.index).name();
            case INVS -> "the invalidation stack of " + p.threads().get(g.index).name();
            case GEN -> "the generation of frame " + g.index;
            default -> "the mirror/release slots";
        };
    }

    private String slotName(int i) {
        return "slot " + i + " of " + groupName(groups.get(groupOf[i]));
    }

    private static String slotsText(Group g, int[] s) {
        StringBuilder sb = new StringBuilder("[");
        for (int slot : g.slots) {
            sb.append(sb.length() > 1 ? " " : "").append(s[slot]);
        }
        return sb.append(']').toString();
    }

    private String names(long[] bits) {
        List<Integer> on = new ArrayList<>();
        for (int i = 0; i < res.count; i++) {
            if (Resources.get(bits, i)) {
                on.add(i);
            }
        }
        return Arrays.equals(bits, everything) ? "(everything)" : on.toString();
    }
}
