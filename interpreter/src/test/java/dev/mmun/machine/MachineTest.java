package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.SourceFile;
import dev.mmun.lower.Frontend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The primitives' effects on the machine, per era, read straight from the state vector. */
class MachineTest {
    /** A one-thread machine: page A (and B) with an ats device, thread T running body. */
    static final class M {
        final Program p;
        final Semantics sem;
        State s;
        final List<Violation> violations = new ArrayList<>();

        M(String era, String decls, String body) throws Exception {
            String text = "era " + era + "\n" + decls + "\ndevice iommu ats\ncpu T { " + body + " }\n";
            Scenario sc = new Frontend(List.of()).compile(new SourceFile("t.mmun", text));
            p = sc.program();
            sem = new Semantics(p);
            s = sem.initial();
        }

        M step() {
            State n = sem.step(s, 0, violations::add);
            assertNotNull(n, "the step should be enabled");
            s = n;
            return this;
        }

        M steps(int k) {
            for (int i = 0; i < k; i++) {
                step();
            }
            return this;
        }

        int mayCache(int page) {
            return s.get(p.mayCache(0, page));
        }

        int pte(int page) {
            return s.get(p.pte(page));
        }

        List<Rule> rules() {
            return violations.stream().map(Violation::rule).toList();
        }
    }

    private static final String A = "page A at 0x1000 = 0";

    @Test
    void initialMayCacheHoldsTheMappedFrame() throws Exception {
        M m = new M("4.15", A, "");
        assertEquals(1, m.mayCache(0));
        assertTrue(Pte.present(m.pte(0)) && Pte.writable(m.pte(0)));
        assertEquals(1, m.s.get(m.p.frameRef(0)));
        assertEquals(1, m.s.get(m.p.frameGen(0)));
    }

    @Test
    void clearFlushDoesNotNotifyIn415() throws Exception {
        M m = new M("4.15", A, "pte_offset_map_lock(A); ptep_clear_flush(A)").steps(2);
        assertEquals(0, m.pte(0));
        assertEquals(1, m.mayCache(0), "the device may still hold A -> fA");
    }

    @Test
    void clearFlushNotifiesIn66() throws Exception {
        M m = new M("6.6", A, "pte_offset_map_lock(A); ptep_clear_flush(A)").steps(2);
        assertEquals(0, m.pte(0));
        assertEquals(0, m.mayCache(0));
    }

    @Test
    void clearFlushNotifyNotifies() throws Exception {
        M m = new M("4.15", A, "pte_offset_map_lock(A); ptep_clear_flush_notify(A)").steps(2);
        assertEquals(0, m.mayCache(0));
    }

    @Test
    void getAndClearNeverNotifies() throws Exception {
        assertEquals(1, new M("6.6", A, "pte_offset_map_lock(A); ptep_get_and_clear(A)").steps(2).mayCache(0));
        assertEquals(1, new M("4.15", A, "pte_offset_map_lock(A); ptep_get_and_clear(A)").steps(2).mayCache(0));
    }

    @Test
    void endNotifiesIn415Only() throws Exception {
        String body = "mmu_notifier_invalidate_range_start(A); pte_offset_map_lock(A); ptep_get_and_clear(A); "
                + "pte_unmap_unlock(A); mmu_notifier_invalidate_range_end(A)";
        assertEquals(0, new M("4.15", A, body).steps(5).mayCache(0));
        assertEquals(1, new M("6.6", A, body).steps(5).mayCache(0));
    }

    @Test
    void onlyEndDoesNotNotify() throws Exception {
        String body = "mmu_notifier_invalidate_range_start(A); pte_offset_map_lock(A); ptep_get_and_clear(A); "
                + "pte_unmap_unlock(A); mmu_notifier_invalidate_range_only_end(A)";
        assertEquals(1, new M("4.15", A, body).steps(5).mayCache(0));
    }

    @Test
    void flushTlbRangeNotifiesIn66Only() throws Exception {
        String body = "pte_offset_map_lock(A); ptep_get_and_clear(A); flush_tlb_range(A)";
        assertEquals(1, new M("4.15", A, body).steps(3).mayCache(0));
        assertEquals(0, new M("6.6", A, body).steps(3).mayCache(0));
    }

    @Test
    void setPteAddsToTheMayCacheSet() throws Exception {
        M m = new M("4.15", A + "\nframe F = 0", "mmu_notifier_invalidate_range_start(A); pte_offset_map_lock(A); "
                + "ptep_clear_flush_notify(A); set_pte_at(A, F, ro); pte_unmap_unlock(A); mmu_notifier_invalidate_range_only_end(A)").steps(6);
        assertEquals(1 << 1, m.mayCache(0), "only F after the notify and the store");
        assertEquals(List.of(), m.rules());
        assertEquals(1, Pte.frame(m.pte(0)));
        assertTrue(!Pte.writable(m.pte(0)));
    }

    @Test
    void wrprotectKeepsTheFrameAndTheStaleWritableEntry() throws Exception {
        M m = new M("4.15", A, "pte_offset_map_lock(A); ptep_set_wrprotect(A)").steps(2);
        assertTrue(Pte.present(m.pte(0)) && !Pte.writable(m.pte(0)));
        assertEquals(1, m.s.get(m.p.mayCacheWritable(0, 0)), "the device may still write through its old entry");
    }

    @Test
    void putToZeroFreesAndAllocReusesWithANewGeneration() throws Exception {
        M m = new M("4.15", "frame F = 3", "put_page(F); g = alloc_page()").steps(2);
        assertEquals(1, m.s.get(m.p.frameRef(0)));
        assertEquals(2, m.s.get(m.p.frameGen(0)));
        assertEquals(0, m.s.get(m.p.frameContent(0)));
        assertEquals(List.of(), m.rules());
    }

    @Test
    void freeingAFrameTheDeviceMayHoldIsCaseA() throws Exception {
        M m = new M("4.15", A, "mmu_notifier_invalidate_range_start(A); pte_offset_map_lock(A); old = vm_normal_page(A); "
                + "ptep_clear_flush(A); put_page(old); pte_unmap_unlock(A); mmu_notifier_invalidate_range_only_end(A)").steps(7);
        assertEquals(List.of(Rule.CASE_A), m.rules());
    }

    @Test
    void lockBlocksWhileHeldAndStepIsPure() throws Exception {
        M m = new M("4.15", A, "lock(ptl(A)); lock(ptl(A))");
        State start = m.s;
        int[] before = start.raw().clone();
        State taken = m.sem.step(start, 0, v -> { });
        assertNotNull(taken, "the first lock is free");
        assertFalse(Arrays.equals(before, taken.raw()), "taking the lock changes the state");
        assertArrayEquals(before, start.raw(), "an enabled step must not change its input");
        assertEquals(taken, m.sem.step(start, 0, v -> { }), "the same step from the same state gives the same state");
        int[] input = before.clone();
        int[] out = m.sem.step(input, 0, v -> { });
        assertArrayEquals(before, input, "the search's form of the step must not change its input either");
        assertArrayEquals(taken.raw(), out);
        m.s = taken;
        int[] held = taken.raw().clone();
        assertNull(m.sem.step(m.s, 0, v -> { }), "a lock held by anyone blocks");
        assertArrayEquals(held, taken.raw(), "a blocked step must not change its input");
        assertTrue(m.sem.waitingFor(m.s.raw(), 0).contains("waits for ptl(A), held by T"));
    }

    @Test
    void atomicBlockIsOneStepAndDisabledIfAnyPartBlocks() throws Exception {
        M m = new M("4.15", A, "atomic { pte_offset_map_lock(A); ptep_clear_flush_notify(A); pte_unmap_unlock(A) }").step();
        assertTrue(m.sem.finished(m.s.raw(), 0));
        M blocked = new M("4.15", "page A at 0x1000 = 0 ro", "atomic { r = read(A); write(A, 1) }");
        assertNull(blocked.sem.step(blocked.s, 0, v -> { }), "the write would wait, so the whole block waits");
    }

    @Test
    void statesAreValues() throws Exception {
        M a = new M("4.15", A, "r = read(A)").step();
        M b = new M("4.15", A, "r = read(A)").step();
        assertEquals(a.s, b.s);
        assertEquals(a.s.hashCode(), b.s.hashCode());
    }
}
