package dev.mmun.repl;

import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.lower.Frontend;
import dev.mmun.machine.Program;
import dev.mmun.machine.Scenario;
import dev.mmun.machine.Semantics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's script, compiled: the program and its semantics, and for every cell of a thread's
 * program (a timeline slot) where it came from and which code it covers.
 */
final class Build {
    final Scenario scenario;
    final Program program;
    final Semantics sem;
    final List<Origin> origins;
    /** The first pc of each slot's code; its end is the slot's endPc. */
    final int[] slotStart;
    private final Map<String, Integer> threadIndex = new HashMap<>();
    private final Map<Integer, Integer> unitSlot = new HashMap<>();
    /** Each thread's slots that hold code, in pc order. */
    private final Map<Integer, int[]> threadSlots = new HashMap<>();

    private Build(Scenario scenario, List<Origin> origins) {
        this.scenario = scenario;
        this.program = scenario.program();
        this.sem = new Semantics(program);
        this.origins = origins;
        List<Scenario.Slot> slots = scenario.timeline() == null ? List.of() : scenario.timeline();
        if (slots.size() != origins.size()) {
            throw new IllegalStateException("the REPL's rows and the front end's slots differ: " + origins.size()
                    + " rows, " + slots.size() + " slots");
        }
        slotStart = new int[slots.size()];
        Map<Integer, Integer> end = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Scenario.Slot s = slots.get(i);
            slotStart[i] = end.getOrDefault(s.thread(), 0);
            end.put(s.thread(), s.endPc());
            if (origins.get(i).kind() == Origin.Kind.TYPED) {
                unitSlot.put(origins.get(i).unitId(), i);
            }
        }
        for (int t = 0; t < program.threads().size(); t++) {
            threadIndex.put(program.threads().get(t).name(), t);
            final int thread = t;
            threadSlots.put(t, java.util.stream.IntStream.range(0, slots.size())
                    .filter(i -> slots.get(i).thread() == thread && slotStart[i] < slots.get(i).endPc()).toArray());
        }
    }

    static Build compile(Frontend frontend, List<Event> events, SourceFile whole) throws CompileException {
        Assembler.Assembly a = Assembler.assemble(events, whole);
        return new Build(frontend.compile(a.script(), whole), a.origins());
    }

    /** The thread's index, or -1 when there is no such thread. */
    int thread(String name) {
        return threadIndex.getOrDefault(name, -1);
    }

    String threadName(int t) {
        return program.threads().get(t).name();
    }

    Scenario.Slot slot(int i) {
        return scenario.timeline().get(i);
    }

    int slotCount() {
        return slotStart.length;
    }

    /** The slot of a typed unit, or -1 when it has no code row (no statements). */
    int slotOfUnit(int unitId) {
        return unitSlot.getOrDefault(unitId, -1);
    }

    /** The slot of thread t whose code holds pc, or -1 (past the end of the thread's code). */
    int slotAt(int t, int pc) {
        int[] mine = threadSlots.get(t);
        if (mine == null) {
            return -1;
        }
        int lo = 0;
        int hi = mine.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int i = mine[mid];
            if (pc < slotStart[i]) {
                hi = mid - 1;
            } else if (pc >= slot(i).endPc()) {
                lo = mid + 1;
            } else {
                return slotStart[i] == slot(i).endPc() ? -1 : i;
            }
        }
        return -1;
    }

    int codeLength(int t) {
        return program.threads().get(t).code().length;
    }
}
