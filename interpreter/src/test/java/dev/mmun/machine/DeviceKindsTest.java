package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The device kinds' subscribers of stdlib/devices.mmun: registered for each device of the kind no
 * script subscriber serves, run inside the step of the core's call (no instruction of their own
 * in the thread's code), with the range the core passes, and their locals back to 0 after.
 */
class DeviceKindsTest {
    static final class S extends Stepper<S> {
        S(String text) throws Exception {
            super(text);
        }

        int mayCache(String device, int page) {
            return s.get(p.mayCache(device(device), page));
        }
    }

    private static String ops(Program p, int t) {
        return Arrays.stream(p.threads().get(t).code()).filter(in -> !in.op().local()).map(in -> in.op().name())
                .collect(Collectors.joining(" "));
    }

    private static String kinds(Program p) {
        return p.library().stream().map(c -> c.name() + ":" + c.kind()).collect(Collectors.joining(" "));
    }

    @Test
    void theAtsKindIsToldInsideTheNotifyingStep() throws Exception {
        S m = new S("era 4.15\npage A at 0x1000 = 1 tlb\ndevice iommu ats\n"
                + "cpu T { lock(ptl(A)); ptep_clear_flush_notify(A); unlock(ptl(A)) }\n");
        assertEquals("LOCK PTE_CLEAR UNLOCK", ops(m.p, 0), "no callback instruction in the thread's code");
        assertEquals("ats_tlb:" + SubscriberFamily.SECONDARY_TLB + " ats_tlb:" + SubscriberFamily.RELEASE, kinds(m.p));
        assertNotEquals(0, m.entry("iommu", 0));
        m.steps("T", 2);
        assertEquals(0, m.entry("iommu", 0), "the clear's own step flushed the device");
        assertEquals(0, m.mayCache("iommu", 0));
    }

    @Test
    void eachEraGetsItsSecondaryTlbCallbackAndAScriptSubscriberReplacesTheKinds() throws Exception {
        S m = new S("era 6.6\npage A at 0x1000 = 1\ndevice smmu ats\ndevice gpu ats\n"
                + "notifier mine on gpu { arch_invalidate_secondary_tlbs(r) { device_tlb_flush(mine, r) } }\ncpu T { }\n");
        assertEquals(1, m.p.library().stream().filter(c -> c.kind() == SubscriberFamily.SECONDARY_TLB).count());
        assertTrue(m.p.library().stream().allMatch(c -> c.device() == m.device("smmu")));
    }

    @Test
    void theStartEndKindIsFlushedAtStartAndEndOnly() throws Exception {
        S m = new S("era 4.15\npage A at 0x1000 = 1 tlb\ndevice iommu ats_start_end\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A); lock(ptl(A)); ptep_clear_flush_notify(A); unlock(ptl(A));"
                + " mmu_notifier_invalidate_range_end(A) }\n");
        assertEquals("INV_START LOCK PTE_CLEAR UNLOCK INV_END", ops(m.p, 0));
        m.step("T");
        assertEquals(0, m.entry("iommu", 0), "the start flushed it");
        assertNotEquals(0, m.mayCache("iommu", 0), "it may still cache the present pte");
        m.steps("T", 2);
        assertNotEquals(0, m.mayCache("iommu", 0), "the notify under the ptl does not reach it");
        m.steps("T", 2);
        assertEquals(0, m.mayCache("iommu", 0), "the end does");
    }

    @Test
    void theMirrorKindWaitsForItsDriverLockAndItsLocalsGoBackToZero() throws Exception {
        S m = new S("era 6.6\npage A at 0x1000 = 1 tlb\ndevice gpu mirror\n"
                + "cpu Drv { lock(driver_lock(gpu)); unlock(driver_lock(gpu)) }\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n");
        m.step("Drv");
        assertTrue(m.blocked("T"), "->invalidate() takes the driver lock: the start's step waits");
        m.step("Drv").step("T");
        assertEquals(0, m.entry("gpu", 0));
        assertEquals(m.s.get(m.p.itreeSeq()), m.s.get(m.p.mirrorSeq(m.device("gpu"))), "mmu_interval_set_seq(cur_seq)");
        int t = m.thread("T");
        int scratch = m.p.library().stream().mapToInt(Program.LibraryCallback::scratch).max().orElse(1);
        assertTrue(scratch > 1, "the interval's callback has locals");
        for (int i = 1; i < scratch; i++) {
            assertEquals(0, m.s.get(m.p.localBase(t) + i), "scratch local " + i);
        }
    }

    @Test
    void aNonBlockingStartOfTheMirrorKindFailsOnAHeldLock() throws Exception {
        S m = new S("era 6.6\npage A at 0x1000 = 1\ndevice gpu mirror\n"
                + "cpu Drv { lock(driver_lock(gpu)); unlock(driver_lock(gpu)) }\n"
                + "cpu T { ret = mmu_notifier_invalidate_range_start_nonblock(A) }\n");
        m.step("Drv").step("T");
        assertEquals(-11, m.local("T", "ret"));
        assertFalse(m.violations.stream().anyMatch(v -> v.rule() == Rule.SLEEP_IN_ATOMIC));
    }

    @Test
    void theKvmKindCountsItsInvalidation() throws Exception {
        S m = new S("era 6.6\npage A at 0x1000 = 1 tlb\ndevice vm kvm\n"
                + "cpu T { mmu_notifier_invalidate_range_start(A); mmu_notifier_invalidate_range_end(A) }\n");
        int d = m.device("vm");
        m.step("T");
        assertEquals(1, m.s.get(m.p.kvmActive(d)));
        assertEquals(1, m.s.get(m.p.kvmInProgress(d)));
        assertEquals(0, m.entry("vm", 0));
        int seq = m.s.get(m.p.mirrorSeq(d));
        m.step("T");
        assertEquals(0, m.s.get(m.p.kvmActive(d)));
        assertEquals(0, m.s.get(m.p.kvmInProgress(d)));
        assertEquals(seq + 1, m.s.get(m.p.mirrorSeq(d)));
    }

    @Test
    void aScriptFlushOfTheWholeAddressSpaceCoversEveryPage() throws Exception {
        // its end is ULONG_MAX (-1): compared unsigned
        S m = new S("era 6.6\npage A at 0x1000 = 1 tlb\ndevice smmu ats\n"
                + "notifier mine on smmu { arch_invalidate_secondary_tlbs(r) { device_tlb_flush(mine, r) } }\n"
                + "cpu T { flush_tlb_mm() }\n");
        m.run("T");
        assertEquals(0, m.entry("smmu", 0));
    }
}
