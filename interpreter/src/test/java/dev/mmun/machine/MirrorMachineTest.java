package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The state of software mirrors, step by step, read straight from the state vector (both eras). */
class MirrorMachineTest {
    /** A machine with page A (and B), devices and threads as given; steps by thread name. */
    static final class M extends Stepper<M> {
        M(String era, String text) throws Exception {
            super("era " + era + "\n" + text);
        }

        /**
         * The rules these tests are about, in the order they were broken. Rules of other parts
         * (the kernel paths' D8 coverage rule, for one) are left out: some steps here change a pte
         * outside an invalidation on purpose.
         */
        List<Rule> rules() {
            return violations.stream().map(Violation::rule).filter(MIRROR_RULES::contains).toList();
        }
    }

    private static final java.util.Set<Rule> MIRROR_RULES = java.util.EnumSet.of(Rule.STALE_MIRROR, Rule.CASE_A,
            Rule.CASE_B, Rule.END_AFTER_FAILED_START, Rule.UNPAIRED_INVALIDATE, Rule.DEVICE_UAF, Rule.STALE_READ,
            Rule.SLEEP_IN_ATOMIC, Rule.DEADLOCK, Rule.ASSERT);

    private static final String PAGES = "page A at 0x1000 = 5\npage B at 0x2000 = 6\n";

    @ParameterizedTest
    @ValueSource(strings = {"4.15", "6.6"})
    void intervalStartSetsTheOddSeqAndUnmapsEndMakesItEven(String era) throws Exception {
        M m = new M(era, "page A at 0x1000 = 5 tlb\npage B at 0x2000 = 6 tlb\ndevice gpu mirror\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n");
        int gpu = m.device("gpu");
        assertEquals(2, m.s.get(m.p.itreeSeq()));
        assertEquals(1, m.s.get(m.p.mirrorSeq(gpu)));
        assertTrue(Pte.present(m.entry("gpu", 0)), "a tlb page starts mirrored");
        m.step("T");
        assertEquals(3, m.s.get(m.p.itreeSeq()));
        assertEquals(3, m.s.get(m.p.mirrorSeq(gpu)), "mmu_interval_set_seq(cur_seq)");
        assertEquals(1, m.s.get(m.p.itreeActive()));
        assertEquals(0, m.entry("gpu", 0), "the callback unmaps A");
        assertTrue(Pte.present(m.entry("gpu", 1)), "B is outside the range");
        m.step("T");
        assertEquals(4, m.s.get(m.p.itreeSeq()));
        assertEquals(0, m.s.get(m.p.itreeActive()));
        assertEquals(List.of(), m.rules());
    }

    @Test
    void readBeginWaitsWhileInvalidatingAndRetrySeesTheCollision() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\n"
                + "cpu C { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n"
                + "cpu F { s1 = mmu_interval_read_begin(gpu); s2 = mmu_interval_read_begin(gpu); r = mmu_interval_read_retry(gpu, s1) }\n");
        m.step("F");
        assertEquals(1, m.local("F", "s1"));
        m.step("C");
        assertTrue(m.blocked("F"), "read_begin waits while the interval is being invalidated");
        m.step("C").step("F");
        assertEquals(3, m.local("F", "s2"));
        m.step("F");
        assertEquals(1, m.local("F", "r"), "the invalidation collided with s1");
    }

    @Test
    void blockableStartWaitsForTheDriverLock() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\n"
                + "cpu F { mutex_lock(driver_lock(gpu)); mutex_unlock(driver_lock(gpu)) }\n"
                + "cpu C { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n");
        m.step("F");
        assertTrue(m.blocked("C"), "->invalidate() must take the driver lock");
        assertTrue(m.sem.waitingFor(m.s.raw(), m.thread("C")).contains("driver_lock(gpu)"));
        m.step("F").step("C");
        assertEquals(3, m.s.get(m.p.itreeSeq()));
    }

    @Test
    void nonblockingStartFailsOnAHeldDriverLockAndEndAfterItIsReported() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\n"
                + "cpu F { mutex_lock(driver_lock(gpu)) }\n"
                + "cpu R { ret = mmu_notifier_invalidate_range_start_nonblock(A); mmu_notifier_invalidate_range_end(A) }\n");
        m.step("F").step("R");
        assertEquals(MirrorEffects.EAGAIN, m.local("R", "ret"));
        assertEquals(4, m.s.get(m.p.itreeSeq()), "the core ended the interval side itself");
        assertEquals(0, m.s.get(m.p.itreeActive()));
        assertEquals(1, m.s.get(m.p.mirrorSeq(m.device("gpu"))), "the failing callback did not set the seq");
        m.step("R");
        assertEquals(List.of(Rule.END_AFTER_FAILED_START), m.rules());
        assertEquals(-1, m.s.get(m.p.itreeActive()), "the end unbalances active_invalidate_ranges");
    }

    @Test
    void failedStartWithoutEndIsNotUnpaired() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\n"
                + "cpu F { mutex_lock(driver_lock(gpu)) }\n"
                + "cpu R { ret = mmu_notifier_invalidate_range_start_nonblock(A) }\n");
        m.step("F").step("R");
        assertTrue(m.sem.finished(m.s.raw(), m.thread("R")));
        assertEquals(List.of(), m.rules());
    }

    @Test
    void kvmStartAndEndKeepTheCountSeqAndRange() throws Exception {
        M m = new M("6.6", "page A at 0x1000 = 5 tlb\npage B at 0x2000 = 6 tlb\ndevice vm kvm\n"
                + "cpu C { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n"
                + "cpu V { lock(mmu_lock(vm)); unlock(mmu_lock(vm)) }\n");
        int vm = m.device("vm");
        m.step("C");
        assertEquals(1, m.s.get(m.p.kvmInProgress(vm)));
        assertEquals(1, m.s.get(m.p.kvmActive(vm)));
        assertEquals(1, m.s.get(m.p.kvmRange(vm)), "the range is A");
        assertEquals(0, m.entry("vm", 0));
        assertTrue(Pte.present(m.entry("vm", 1)));
        m.step("V");
        assertTrue(m.blocked("C"), "kvm_mmu_invalidate_end() runs under mmu_lock");
        m.step("V").step("C");
        assertEquals(1, m.s.get(m.p.mirrorSeq(vm)));
        assertEquals(0, m.s.get(m.p.kvmInProgress(vm)));
        assertEquals(0, m.s.get(m.p.kvmActive(vm)));
    }

    @Test
    void kvmRetryChecks() throws Exception {
        M m = new M("4.15", PAGES + "device vm kvm\n"
                + "cpu C { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n"
                + "cpu V { s = mmu_invalidate_seq(vm); a = mmu_invalidate_retry_gfn(vm, s, A); b = mmu_invalidate_retry_gfn(vm, s, B);"
                + " c = mmu_invalidate_retry(vm, s); d = mmu_notifier_retry_cache(vm, s); e = mn_active_invalidate_count(vm);"
                + " wait_invalidate_end(vm); f = mmu_invalidate_retry_gfn(vm, s, B) }\n");
        m.step("V").step("C").steps("V", 5);
        assertEquals(1, m.local("V", "a"), "A is being invalidated");
        assertEquals(0, m.local("V", "b"), "B is outside the range and the seq has not moved");
        assertEquals(1, m.local("V", "c"), "mmu_invalidate_retry() looks at the count alone");
        assertEquals(1, m.local("V", "d"));
        assertEquals(1, m.local("V", "e"));
        assertTrue(m.blocked("V"), "the retry waits for the end");
        m.step("C").steps("V", 2);
        assertEquals(1, m.local("V", "f"), "the end moved the seq");
    }

    @Test
    void installDuringAnInvalidationIsStale() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\n"
                + "cpu C { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n"
                + "cpu F { f = vm_normal_page(A); mirror_map(gpu, A, f, rw) }\n");
        m.step("F").step("C").step("F");
        assertEquals(List.of(Rule.STALE_MIRROR), m.rules(), "the start had emptied gpu already");
        assertTrue(Pte.present(m.entry("gpu", 0)), "the entry is installed all the same");
    }

    @Test
    void installOfAFrameThePteDoesNotMapIsStaleAndAnAgreeingOneIsNot() throws Exception {
        M m = new M("4.15", PAGES + "frame K = 0\ndevice gpu mirror\n"
                + "cpu F { f = vm_normal_page(A); mirror_map(gpu, A, f, rw); mirror_map(gpu, B, K, ro); w = pte_write(A);"
                + " mirror_unmap(gpu, A) }\n");
        m.steps("F", 2);
        assertEquals(List.of(), m.rules());
        m.step("F");
        assertEquals(List.of(Rule.STALE_MIRROR), m.rules());
        m.steps("F", 2);
        assertEquals(0, m.entry("gpu", 0));
    }

    @Test
    void pteChangeUnderAMirrorEntryIsStaleAndItsFreeIsCaseA() throws Exception {
        M m = new M("4.15", "page A at 0x1000 = 5 tlb\ndevice gpu mirror\n"
                + "cpu C { pte_offset_map_lock(A); old = vm_normal_page(A); ptep_clear_flush_notify(A); pte_unmap_unlock(A); put_page(old) }\n");
        m.steps("C", 3);
        assertEquals(List.of(Rule.STALE_MIRROR), m.rules());
        m.steps("C", 2);
        assertEquals(List.of(Rule.STALE_MIRROR, Rule.CASE_A), m.rules());
    }

    @Test
    void writeProtectingAMirroredPageNeedsAnInvalidationButAnUpgradeDoesNot() throws Exception {
        M m = new M("4.15", "page A at 0x1000 = 5 ro tlb\npage B at 0x2000 = 6 tlb\ndevice gpu mirror\n"
                + "cpu C { pte_offset_map_lock(A); f = vm_normal_page(A); ptep_clear_flush(A); set_pte_at(A, f, rw); ptep_set_wrprotect(B) }\n");
        m.steps("C", 4);
        assertEquals(List.of(Rule.STALE_MIRROR), m.rules(), "the clear removes what the mirror maps");
        m.step("C");
        assertEquals(List.of(Rule.STALE_MIRROR, Rule.STALE_MIRROR), m.rules(), "B's writable entry outlives the write-protect");
    }

    @Test
    void mirrorDevicesDoNotWalkThePageTable() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\n"
                + "cpu F { f = vm_normal_page(A); mirror_map(gpu, A, f, ro) }\n"
                + "dev G on gpu { try r0 = read(A); r1 = read(A); try write(A, 9) }\n");
        int gpu = m.device("gpu");
        m.step("G");
        assertEquals(1, m.local("G", "fault"), "no entry: the device faults instead of walking");
        assertEquals(0, m.entry("gpu", 0));
        assertTrue(m.blocked("G"));
        assertTrue(m.sem.waitingFor(m.s.raw(), m.thread("G")).contains("driver to map A"));
        m.steps("F", 2).step("G");
        assertEquals(5, m.local("G", "r1"));
        m.step("G");
        assertEquals(1, m.local("G", "fault"), "a read-only entry does not allow the write");
        assertEquals(0, m.s.get(m.p.mayCache(gpu, 0)), "no may-cache set for a mirror");
        assertEquals(List.of(), m.rules());
    }

    @Test
    void accessThroughAMirrorEntryToAFreedFrameIsDeviceUaf() throws Exception {
        M m = new M("4.15", "page A at 0x1000 = 5 tlb\ndevice gpu mirror\n"
                + "cpu C { mmu_notifier_invalidate_range_start(B); pte_offset_map_lock(A); old = vm_normal_page(A);"
                + " ptep_clear_flush(A); pte_unmap_unlock(A); put_page(old); x = alloc_page(); mmu_notifier_invalidate_range_end(B) }\n"
                + "page B at 0x2000 = 6\n"
                + "dev G on gpu { r0 = read(A) }\n");
        m.steps("C", 7).step("G");
        assertTrue(m.rules().contains(Rule.DEVICE_UAF), m.rules().toString());
        assertTrue(m.rules().contains(Rule.CASE_A), m.rules().toString());
    }

    @Test
    void kvmCallbacksLookAtTheMemslotsOfTheMoment() throws Exception {
        M m = new M("4.15", PAGES + "device vm kvm\n"
                + "cpu C { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n"
                + "cpu V { memslot_assign(vm, A, 0); has = gfn_to_memslot(vm, A); memslot_assign(vm, A, 1) }\n");
        int vm = m.device("vm");
        m.steps("V", 2);
        assertEquals(0, m.local("V", "has"));
        m.step("C");
        assertEquals(0, m.s.get(m.p.kvmInProgress(vm)), "no memslot overlaps: no mmu_lock, no count");
        assertEquals(1, m.s.get(m.p.kvmActive(vm)));
        m.step("V").step("C");
        assertEquals(-1, m.s.get(m.p.kvmInProgress(vm)), "the end saw a memslot the start did not");
        assertEquals(1, m.s.get(m.p.mirrorSeq(vm)));
    }

    @Test
    void memslotUpdatesWaitForInvalidationsAndSrcuReaders() throws Exception {
        M m = new M("4.15", "page A at 0x1000 = 5 tlb\ndevice vm kvm\n"
                + "cpu C { mmu_notifier_invalidate_range_start(B); mmu_notifier_invalidate_range_end(B) }\n"
                + "cpu R { srcu_read_lock(vm); srcu_read_unlock(vm) }\n"
                + "cpu U { atomic { wait_invalidate_end(vm); synchronize_srcu(vm); memslot_assign(vm, A, 0) } }\n"
                + "page B at 0x2000 = 6\n");
        m.step("C");
        assertTrue(m.blocked("U"), "an invalidation is running");
        m.step("C").step("R");
        assertTrue(m.blocked("U"), "a fault is in kvm->srcu");
        m.step("R").step("U");
        assertEquals(0, m.entry("vm", 0), "the deleted memslot's sptes are zapped");
        assertEquals(List.of(), m.rules());
    }

    @Test
    void deviceLocksAreNamedAfterTheirDevice() throws Exception {
        M m = new M("4.15", PAGES + "device gpu mirror\ndevice vm kvm\ncpu T { }\n");
        Program.Device gpu = m.p.devices().get(m.device("gpu"));
        Program.Device vm = m.p.devices().get(m.device("vm"));
        assertEquals("driver_lock(gpu)", m.p.locks().get(gpu.lock()).name());
        assertTrue(m.p.locks().get(gpu.lock()).sleeping());
        assertEquals("mmu_lock(vm)", m.p.locks().get(vm.lock()).name());
        assertEquals("gpc_lock(vm)", m.p.locks().get(vm.lock2()).name());
        assertEquals(-1, m.p.devices().get(0).lock2());
    }

    @Test
    void programsWithoutSoftwareMirrorsLayOutNoMirrorState() throws Exception {
        M ats = new M("4.15", PAGES + "device iommu ats\ncpu T { }\n");
        M mirror = new M("4.15", PAGES + "device iommu ats\ndevice gpu mirror\ncpu T { }\n");
        assertFalse(ats.p.hasSoftwareMirrors());
        assertTrue(mirror.p.hasSoftwareMirrors());
    }
}
