package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.SourceFile;
import dev.mmun.lower.Frontend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Subscribers written in a script: where their callbacks are inlined, in which context they run,
 * and what the core does around them (step by step, on the state vector).
 */
class SubscriberTest {
    private static Program program(String text) throws Exception {
        return new Frontend(List.of()).compile(new SourceFile("t.mmun", text)).program();
    }

    private static String ops(Program p, int t) {
        return Arrays.stream(p.threads().get(t).code()).filter(in -> !in.op().local()).map(in -> in.op().name())
                .collect(Collectors.joining(" "));
    }

    /** Runs thread 0 alone to its end; the rules it broke. */
    private static List<Rule> runAlone(Program p) {
        Semantics sem = new Semantics(p);
        State s = sem.initial();
        List<Rule> rules = new ArrayList<>();
        while (!sem.finished(s.raw(), 0)) {
            State n = sem.step(s, 0, v -> rules.add(v.rule()));
            assertNotNull(n, "thread 0 waits");
            s = n;
        }
        return rules;
    }

    private static final String ATS = "page A at 0x1000 = 1\ndevice iommu ats\n";

    @Test
    void callbacksAreStepsOfTheCallerAfterTheCoresOwn() throws Exception {
        Program p = program("era 4.15\n" + ATS + "notifier n on iommu {\n invalidate_range_start(r) { device_tlb_flush(iommu, r) }\n"
                + " invalidate_range_end(r) { device_tlb_flush(iommu, r) }\n invalidate_range(r) { device_tlb_flush(iommu, r) }\n}\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A); lock(ptl(A)); ptep_clear_flush_notify(A); unlock(ptl(A));"
                + " mmu_notifier_invalidate_range_end(A) }\n");
        // 4.15's end calls ->invalidate_range() first, then ->invalidate_range_end(), per subscriber
        assertEquals("INV_START SUB_CALL DEV_FLUSH LOCK PTE_CLEAR SUB_CALL DEV_FLUSH UNLOCK INV_END SUB_CALL DEV_FLUSH SUB_CALL DEV_FLUSH",
                ops(p, 0));
    }

    @Test
    void inEra66EveryNotifyingFlushCallsTheSecondaryTlbCallback() throws Exception {
        Program p = program("era 6.6\n" + ATS + "notifier n on iommu {\n arch_invalidate_secondary_tlbs(r) { device_tlb_flush(iommu, r) }\n}\n"
                + "cpu T { lock(ptl(A)); ptep_clear_flush(A); unlock(ptl(A)); flush_tlb_range(A); ptep_get_and_clear(A) }\n");
        assertEquals("LOCK PTE_CLEAR SUB_CALL DEV_FLUSH UNLOCK CPU_FLUSH SUB_CALL DEV_FLUSH PTE_CLEAR", ops(p, 0));
    }

    @Test
    void theRangeFieldsAreTheCallsOwn() throws Exception {
        Program p = program("era 6.6\npage A at 0x1000 = 1\npage B at 0x2000 = 1\ndevice gpu mirror\n"
                + "notifier n on gpu {\n invalidate_range_start(r) {\n  assert(r.start == 0x1000 && r.end == 0x3000)\n"
                + "  assert(r.event == MMU_NOTIFY_MIGRATE && r.owner == gpu && r.blockable == 1)\n  return 0\n }\n}\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A..B, MMU_NOTIFY_MIGRATE, gpu); mmu_notifier_invalidate_range_end(A..B) }\n");
        assertEquals(List.of(), runAlone(p));
        Program q = program("era 6.6\npage A at 0x1000 = 1\ndevice gpu mirror\n"
                + "notifier n on gpu {\n invalidate_range_start(r) {\n  assert(r.event == MMU_NOTIFY_CLEAR && r.owner == 0)\n  return 0\n }\n}\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n");
        assertEquals(List.of(), runAlone(q));
    }

    @Test
    void aMutexInACallbackThatCannotSleepIsSleepInAtomic() throws Exception {
        String subs = "mutex M\nnotifier n on iommu {\n invalidate_range(r) { lock(M); device_tlb_flush(iommu, r); unlock(M) }\n}\n";
        assertEquals(List.of(Rule.SLEEP_IN_ATOMIC), runAlone(program("era 4.15\n" + ATS + subs + "cpu T { mmu_notifier_invalidate_range(A) }\n")));
        // the same lock in a blockable start is fine
        String start = "mutex M\nnotifier n on iommu {\n invalidate_range_start(r) { lock(M); unlock(M); return 0 }\n}\n";
        assertEquals(List.of(), runAlone(program("era 4.15\n" + ATS + start
                + "cpu T { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n")));
        // might_sleep() in a non-blocking start's callback
        String nb = "notifier n on iommu {\n invalidate_range_start(r) { might_sleep(); return 0 }\n}\n";
        assertEquals(List.of(Rule.SLEEP_IN_ATOMIC), runAlone(program("era 4.15\n" + ATS + nb
                + "cpu T { x = mmu_notifier_invalidate_range_start_nonblock(A); mmu_notifier_invalidate_range_end(A) }\n")));
    }

    @Test
    void aFailedNonBlockingStartReturnsEagainAndItsEndIsForbidden() throws Exception {
        String subs = "notifier n on gpu {\n invalidate_range_start(r) { if (!r.blockable) { return -EAGAIN } return 0 }\n}\n";
        Program p = program("era 6.6\npage A at 0x1000 = 1\ndevice gpu mirror\n" + subs
                + "cpu T { x = mmu_notifier_invalidate_range_start_nonblock(A); assert(x == -11); mmu_notifier_invalidate_range_end(A) }\n");
        assertEquals(List.of(Rule.END_AFTER_FAILED_START), runAlone(p));
    }

    @Test
    void era66RefusesASubscriberWithBothKindsAndNeverCallsIt() throws Exception {
        Program p = program("era 6.6\n" + ATS + "notifier n on iommu {\n invalidate_range_start(r) { return 0 }\n"
                + " arch_invalidate_secondary_tlbs(r) { device_tlb_flush(iommu, r) }\n}\n"
                + "cpu T { arch_invalidate_secondary_tlbs(A) }\n");
        assertTrue(p.subscribers().get(0).refused());
        Semantics sem = new Semantics(p);
        List<Rule> rules = new ArrayList<>();
        State s = sem.step(sem.initial(), 0, v -> rules.add(v.rule()));      // the core's notify
        s = sem.step(s, 0, v -> rules.add(v.rule()));                        // the look-up: refused
        assertEquals(List.of(Rule.BAD_SUBSCRIBER), rules);
        assertTrue(sem.finished(s.raw(), 0), "the callback's body is skipped");
        assertFalse(program("era 4.15\n" + ATS + "notifier n on iommu {\n invalidate_range_start(r) { return 0 }\n"
                + " invalidate_range(r) { device_tlb_flush(iommu, r) }\n}\ncpu T { }\n").subscribers().get(0).refused());
    }

    /** A hand-written zap whose tlb_remove_page() fills a batch of the given size; the callback asserts it ran. */
    private static Program fullBatch(String era, int batch) throws Exception {
        String cb = era.equals("4.15") ? "invalidate_range" : "arch_invalidate_secondary_tlbs";
        return program("era " + era + "\ngather_batch " + batch + "\n" + ATS + "notifier n on iommu {\n " + cb + "(r) { assert(0) }\n}\n"
                + "cpu T { tlb_gather_mmu(); lock(ptl(A)); old = vm_normal_page(A); ptep_get_and_clear(A); tlb_remove_tlb_entry(A);"
                + " unlock(ptl(A)); tlb_remove_page(old) }\n");
    }

    @Test
    void aFullBatchFlushInTlbRemovePageCallsTheCallbackBeforeTheFree() throws Exception {
        for (String era : List.of("4.15", "6.6")) {
            Program p = fullBatch(era, 1);
            // the remove (and its flush when full), the callback, then the deferred free
            assertEquals("TLB_GATHER LOCK PTE_PAGE PTE_CLEAR TLB_REMOVE_TLB_ENTRY UNLOCK TLB_REMOVE_PAGE SUB_CALL TLB_FLUSH",
                    ops(p, 0), era);
            // (no start/end around the clear: it is uncovered, and nothing flushes the device)
            assertTrue(runAlone(p).contains(Rule.ASSERT), era + ": the full batch's flush calls the callback");
            assertFalse(runAlone(fullBatch(era, 2)).contains(Rule.ASSERT), era + ": a batch that is not full is not flushed");
        }
    }

    @Test
    void releaseCallsEveryIntervalWithTheReleaseEventAndLaterStartsCallItAgain() throws Exception {
        String interval = "page A at 0x1000 = 1\ndevice gpu mirror\ninterval g on gpu [0x1000, 0x2000) {\n invalidate(r, cur_seq) {"
                + " assert(r.event != MMU_NOTIFY_RELEASE || !r.blockable || r.start != 0); return true }\n}\n";
        // mn_itree_release(): blockable, 0..ULONG_MAX, MMU_NOTIFY_RELEASE
        assertEquals(List.of(Rule.ASSERT), runAlone(program("era 6.6\n" + interval + "cpu T { mmu_notifier_release() }\n")));
        String later = "page A at 0x1000 = 1\ndevice gpu mirror\ninterval g on gpu [0x1000, 0x2000) {\n invalidate(r, cur_seq) {"
                + " assert(r.event == MMU_NOTIFY_RELEASE); return true }\n}\n";
        // the interval stays in the tree: a later start (exit_mmap()'s unmap_vmas()) calls it again
        assertEquals(List.of(Rule.ASSERT), runAlone(program("era 6.6\n" + later + "cpu T { mmu_notifier_release();"
                + " mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n")));
    }

    @Test
    void afterReleaseNoCallbackRunsButReleaseItself() throws Exception {
        Program p = program("era 6.6\n" + ATS + "notifier n on iommu {\n arch_invalidate_secondary_tlbs(r) { assert(0) }\n"
                + " release() { device_unbind(iommu) }\n}\ncpu T { mmu_notifier_release(); flush_tlb_mm() }\n");
        assertEquals(List.of(), runAlone(p));
        Semantics sem = new Semantics(p);
        State s = sem.initial();
        int d = 0;
        assertEquals(1, s.raw()[p.mayCache(d, 0)]);
        for (int i = 0; i < 3; i++) {
            s = sem.step(s, 0, v -> { });
        }
        assertEquals(0, s.raw()[p.mayCache(d, 0)], "release() unbound the device");
    }
}
