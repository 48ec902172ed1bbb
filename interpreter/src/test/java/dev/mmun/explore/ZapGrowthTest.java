package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ZAP-N (bench/zap-n.sh: a munmap of N pages through an mmu_gather, raced by a device that writes
 * each page and by a task that allocates N frames and writes them) grows polynomially in N with the
 * reductions on: the growth per added page falls from N = 2 to 6, and doubling N from 3 to 6
 * multiplies the states by at most 2^4, what a polynomial of degree 4 does; the fixed and the buggy
 * variant alike. Before the dead history was forgotten (DeadRecords), the ratio per page settled
 * near 4.4 (6,050 to 611,691 states from N = 3 to 6, a factor of 101); the buggy variant's, before
 * its dead may-cache bits were forgotten, near 3.3 (3,474 to 164,555, a factor of 47: the freed
 * frames the device's may-cache sets kept told apart which of them the task had taken).
 */
class ZapGrowthTest {

    @Test
    void statesGrowPolynomially() {
        grows(false);
    }

    @Test
    void buggyStatesGrowPolynomially() {
        grows(true);
    }

    private static void grows(boolean buggy) {
        long[] states = new long[7];
        for (int n = 2; n <= 6; n++) {
            Scenario sc = ExplorerPropertyTest.compile(zap(n, buggy));
            ExploreResult r = ExplorerPropertyTest.explore(sc, true, true, 1);
            assertEquals(null, r.bound(), "ZAP-" + n);
            assertTrue(r.stats().symmetry(), () -> r.notes().toString());
            assertEquals(buggy ? Set.of(Rule.CASE_A) : Set.of(), r.traces().keySet(), "ZAP-" + n);
            states[n] = r.stats().stored();
        }
        String all = java.util.Arrays.toString(states);
        for (int n = 2; n + 2 <= 6; n++) {
            // states(n+2)/states(n+1) < states(n+1)/states(n)
            assertTrue(states[n + 2] * states[n] < states[n + 1] * states[n + 1], "the growth per page does not fall: " + all);
        }
        assertTrue(states[6] <= 16 * states[3], "doubling N from 3 to 6 multiplied the states by more than 2^4: " + all);
    }

    /** The scenario bench/zap-n.sh N buggy|fixed writes, with one allocating task. */
    static String zap(int n, boolean buggy) {
        StringBuilder sb = new StringBuilder("era 4.15\ngather_batch 1\n");
        for (int i = 0; i < n; i++) {
            sb.append("page P").append(i).append(" at 0x").append(Integer.toHexString((i + 1) * 0x1000)).append(" = ")
                    .append(i + 1).append('\n');
        }
        sb.append("device iommu ats\nproc zap_one(P) {\n    pte_offset_map_lock(P)\n    old = vm_normal_page(P)\n")
                .append("    ptep_get_and_clear(P)\n    tlb_remove_tlb_entry(P)\n    force = __tlb_remove_page(old)\n")
                .append("    if (force == 1) { ").append(buggy ? "flush_tlb_range(P)" : "tlb_flush_mmu_tlbonly()").append(" }\n")
                .append("    pte_unmap_unlock(P)\n    if (force == 1) { tlb_flush_mmu_free() }\n}\n");
        sb.append("cpu CPU-thread-0 {\n    tlb_gather_mmu()\n    mmu_notifier_invalidate_range_start(P0..P").append(n - 1).append(")\n");
        for (int i = 0; i < n; i++) {
            sb.append("    zap_one(P").append(i).append(")\n");
        }
        sb.append("    mmu_notifier_invalidate_range_end(P0..P").append(n - 1).append(")\n    tlb_finish_mmu()\n}\n");
        sb.append("cpu CPU-thread-1 {\n");
        for (int i = 0; i < n; i++) {
            sb.append("    x").append(i).append(" = alloc_page()\n    write_frame(x").append(i).append(", ").append(10 + i).append(")\n");
        }
        sb.append("}\ndev DEV-thread-0 on iommu {\n");
        for (int i = 0; i < n; i++) {
            sb.append("    try write(P").append(i).append(", ").append(20 + i).append(")\n");
        }
        return sb.append("}\n").toString();
    }
}
