package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Instr;
import dev.mmun.machine.Op;
import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import dev.mmun.machine.Val;
import dev.mmun.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * DeadMayCache takes some steps to read less of the may-cache sets than their families' footprints
 * declare (a free reads the freed frame's bits, a notify overwrites the set, invalidate_range_end()
 * and a pte clear read the bit of the frame the pte maps): {@link DeadMayCache#wholeSetReads}.
 * Checked here against what the steps do, by perturbation: in reachable states of every sample with
 * an ATS device and of random zaps raced by reused frames, each bit a step does not read as a whole
 * (not in its sets, not the frame its page's pte maps, not a frame the step frees) is cleared, and
 * the step must then do the same: enabled alike, the same rules broken, the same successor but for
 * that bit, which it either leaves cleared or overwrites as before.
 */
class NarrowMayCacheReadsTest {
    private static final Session SESSION = Session.withStdlib();
    private static final int RANDOM_PROGRAMS = 60;

    @Test
    void samplesWithAtsDevices() {
        Checker total = new Checker();
        for (Path f : FootprintChecker.samples()) {
            Scenario sc = SESSION.compile(f.toString(), System.in).scenario();
            if (sc != null && sc.program().devices().stream().anyMatch(d -> d.walksPageTable())) {
                total.check(sc, f.getFileName().toString(), f.hashCode());
            }
        }
        total.assertClean();
        // the narrow steps that cleared bits were judged on: the frees, the notifies, range_end, a clear
        assertTrue(total.judged.containsAll(Set.of(Op.PUT_PAGE, Op.TLB_FLUSH, Op.INV_END, Op.NOTIFY)),
                "narrow steps judged: " + total.judged);
        assertTrue(total.perturbations > 1000, "too few perturbations: " + total.perturbations);
    }

    @Test
    void randomZapsRacedByReusedFrames() {
        Checker total = new Checker();
        for (long seed = 1; seed <= RANDOM_PROGRAMS && total.failures.isEmpty(); seed++) {
            String text = FrameReuseGen.generate(seed * 104729);
            total.check(ExplorerPropertyTest.compile(text), "FrameReuseGen " + seed * 104729 + ":\n" + text, seed);
        }
        total.assertClean();
        assertTrue(total.perturbations > 1000, "too few perturbations: " + total.perturbations);
    }

    private static final class Checker {
        final List<String> failures = new ArrayList<>();
        final Set<Op> judged = EnumSet.noneOf(Op.class);
        int perturbations;

        void check(Scenario sc, String what, long seed) {
            Program p = sc.program();
            Semantics sem = new Semantics(p);
            List<Val> finals = sc.finals().stream().map(Scenario.FinalCheck::condition).toList();
            DeadMayCache dead = new DeadRecords(p, finals).mayCache();
            FootprintChecker fc = new FootprintChecker(p, seed, what);
            for (int[] s : fc.statesAndRuns(300, 10)) {
                for (int t = 0; t < p.threads().size() && failures.size() < 3; t++) {
                    step(p, sem, dead, s, t, what);
                }
            }
        }

        private void step(Program p, Semantics sem, DeadMayCache dead, int[] s, int t, String what) {
            Result base = run(sem, s, t);
            if (base.next == null) {
                return;
            }
            Instr[] code = p.threads().get(t).code();
            long[] reads = new long[p.devices().size()];
            for (int pc : base.pcs) {
                long[] r = dead.wholeSetReads(t, code[pc]);
                for (int d = 0; d < reads.length; d++) {
                    reads[d] |= r[d];
                }
            }
            long freed = 0;
            for (int f = 0; f < p.frames().size(); f++) {
                freed |= s[p.frameRef(f)] > 0 && base.next[p.frameRef(f)] == 0 ? 1L << f : 0;
            }
            boolean perturbed = false;
            for (int d = 0; d < p.devices().size(); d++) {
                if (!p.devices().get(d).walksPageTable()) {
                    continue;
                }
                for (int pg = 0; pg < p.pages().size(); pg++) {
                    if (pg >= 64 || (reads[d] & 1L << pg) != 0) {
                        continue;
                    }
                    int mc = p.mayCache(d, pg);
                    int mcw = p.mayCacheWritable(d, pg);
                    int pte = s[p.pte(pg)];
                    long bits = (s[mc] | s[mcw]) & 0xffffffffL & ~freed & ~(Pte.holdsFrame(pte) ? 1L << Pte.frame(pte) : 0);
                    for (long m = bits; m != 0; m &= m - 1) {
                        int bit = 1 << Long.numberOfTrailingZeros(m);
                        int[] s2 = s.clone();
                        s2[mc] &= ~bit;
                        s2[mcw] &= ~bit;
                        perturbations++;
                        String diff = difference(base, run(sem, s2, t), mc, mcw, bit);
                        if (diff != null) {
                            failures.add(what + ": thread " + p.threads().get(t).name() + " at pc " + s[p.pc(t)] + " ("
                                    + code[s[p.pc(t)]].op() + "), device " + d + " page " + pg + ", frame bit " + bit
                                    + " cleared: " + diff);
                            return;
                        }
                        perturbed = true;
                    }
                }
            }
            if (perturbed) {
                // the step's machine instructions were judged on at least one cleared bit
                base.pcs.forEach(pc -> {
                    if (!code[pc].op().local()) {
                        judged.add(code[pc].op());
                    }
                });
            }
        }

        void assertClean() {
            assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        }
    }

    private record Result(int[] next, Set<Rule> rules, List<Integer> pcs) {}

    private static Result run(Semantics sem, int[] s, int t) {
        Recorder rec = new Recorder();
        int[] n = sem.step(s, t, rec);
        Set<Rule> rules = new TreeSet<>();
        rec.violations().forEach(v -> rules.add(v.rule()));
        return new Result(n, rules, java.util.Arrays.stream(rec.pcs()).boxed().toList());
    }

    /** Null when the step did the same on the state with the bit cleared; else what differs. */
    private static String difference(Result base, Result pert, int mc, int mcw, int bit) {
        if (pert.next == null) {
            return "the step no longer moves";
        }
        if (!base.rules.equals(pert.rules)) {
            return "rules " + base.rules + " became " + pert.rules;
        }
        for (int i = 0; i < base.next.length; i++) {
            int a = base.next[i];
            int b = pert.next[i];
            boolean same = i == mc || i == mcw ? b == a || b == (a & ~bit) : a == b;
            if (!same) {
                return "slot " + i + " is " + b + ", not " + a;
            }
        }
        return null;
    }
}
