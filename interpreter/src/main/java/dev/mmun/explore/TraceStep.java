package dev.mmun.explore;

import dev.mmun.machine.Change;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Violation;
import java.util.List;

/**
 * One step of a run as reports show it: the thread, the instruction it started with, the time
 * block it belongs to (a timeline's label, or null), what it changed and what it broke.
 */
public record TraceStep(int thread, Instr instr, String label, int slot, List<Change> changes,
                        List<Violation> violations) {
}
