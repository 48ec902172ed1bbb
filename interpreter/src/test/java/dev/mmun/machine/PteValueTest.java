package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The clears give the old entry (issue 9 item 4): {@code pteval = ptep_clear_flush(P)} and its
 * kin, {@code pte_dirty(pteval)} and {@code pte_write(pteval)} of the value (no machine step), and
 * {@code set_pte_at(P, pteval)} storing it back.
 */
class PteValueTest {
    static final class S extends Stepper<S> {
        S(String text) throws Exception {
            super(text);
        }
    }

    private static final String CLEAR = "cpu T {\n lock(ptl(A))\n pteval = %s(A)\n d = pte_dirty(pteval)\n w = pte_write(pteval)\n"
            + " n = pte_none(pteval)\n set_pte_at(A, pteval)\n unlock(ptl(A))\n}\n";

    @Test
    void eachClearGivesTheEntryItTook() throws Exception {
        for (String clear : new String[] {"ptep_get_and_clear", "ptep_clear_flush", "ptep_clear_flush_notify"}) {
            S m = new S("era 4.15\npage A at 0x1000 = 1\ncpu U { write(A, 2) }\n" + CLEAR.formatted(clear));
            m.run("U");                                 // the store dirties the pte
            int before = m.s.get(m.p.pte(0));
            m.steps("T", 2);
            assertEquals(0, m.s.get(m.p.pte(0)), clear + " cleared the pte");
            assertEquals(before, m.local("T", "pteval"), clear);
            m.run("T");
            assertEquals(1, m.local("T", "d"));
            assertEquals(1, m.local("T", "w"));
            assertEquals(0, m.local("T", "n"));
            assertEquals(before, m.s.get(m.p.pte(0)), "set_pte_at(A, pteval) put the entry back, dirty bit and all");
        }
    }

    @Test
    void aCleanReadOnlyEntryAndTheBitsTakeNoStep() throws Exception {
        S m = new S("era 6.6\npage A at 0x1000 = 1 ro\n" + CLEAR.formatted("ptep_clear_flush"));
        long machine = Arrays.stream(m.p.threads().get(0).code()).filter(in -> !in.op().local()).count();
        assertEquals(4, machine, "lock, clear, store, unlock: the bits of a value are no step");
        m.run("T");
        assertEquals(0, m.local("T", "d"));
        assertEquals(0, m.local("T", "w"));
        assertTrue(m.violations.isEmpty(), m.violations.toString());
    }
}
