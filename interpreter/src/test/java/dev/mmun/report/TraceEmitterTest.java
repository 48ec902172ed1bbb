package dev.mmun.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.diag.SourceFile;
import dev.mmun.explore.Explorer;
import dev.mmun.explore.Run;
import dev.mmun.explore.Runner;
import dev.mmun.machine.Rule;
import dev.mmun.machine.Scenario;
import dev.mmun.session.Checking;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The three replays issue 8 quotes as failing, and golden files for the format of
 * {@code check --emit-trace} (regenerate with {@code -Dmmun.updateGoldens=true} and read the diff).
 */
class TraceEmitterTest {
    private static final Explorer.Options ONE_WORKER = new Explorer.Options(true, true, 1, 0, 0, 0, null);
    private static final Path GOLDEN = Path.of("src/test/resources/golden/trace");
    private final Session session = Session.withStdlib();

    /** Was: the devices' own locks written as declarations (exit 65 at `spinlock mmu_lock(vm)`), era 6.1 as 4.15, arch and gather_batch dropped. */
    @Test
    void aMirrorAndKvmMachineIsDeclaredAsGiven() {
        String text = """
                era 6.1
                arch arm64
                gather_batch 2
                page A at 0x1000 = 0
                device vm kvm
                device gpu mirror
                cpu T { unlock(ptl(A)) }
                expect UNLOCK_NOT_HELD
                """;
        Replayed r = emitAndReplay(text, Rule.UNLOCK_NOT_HELD);
        assertTrue(r.emitted.contains("era 6.1\narch arm64\ngather_batch 2\n"), r.emitted);
        assertTrue(r.emitted.contains("device vm kvm\ndevice gpu mirror\n"), r.emitted);
        assertFalse(r.emitted.contains("mmu_lock"), r.emitted);
        assertEquals(0, r.checkExit);
        assertEquals(0, r.replay.exitCode(), r.emitted);
        assertTrue(TextReport.render(r.replay, java.util.Map.of(), new Style(false), false).contains("era 6.1"), "the report header says the era as given");
    }

    /** Was: the loop written unrolled, so the replay said ok (exit 0) where check was inconclusive (exit 3). */
    @Test
    void aLoopBoundReplaysAsInconclusive() {
        Replayed r = emitAndReplay("page A at 0x1000 = 0\ncpu T { r = 0; while (r == 0) max 1 { r = read(A) } }\n", Rule.LOOP_BOUND);
        assertTrue(r.emitted.contains("while (r == 0) max 1 {"), r.emitted);
        assertEquals(3, r.checkExit);
        assertEquals(3, r.replay.exitCode(), r.emitted);
    }

    /** Was: the arch dropped, so an arm64 DEADLOCK replayed on x86; now the machine and the deadlock come back. */
    @Test
    void anArm64DeadlockReplaysAsADeadlock() {
        String text = """
                era 6.6
                arch arm64
                page A at 0x1000 = 0
                device smmu ats
                spinlock L
                spinlock M
                cpu T { lock(L); lock(M); write(A, 1); unlock(M); unlock(L) }
                cpu U { lock(M); lock(L); unlock(L); unlock(M) }
                """;
        Replayed r = emitAndReplay(text, Rule.DEADLOCK);
        assertTrue(r.emitted.contains("arch arm64\n"), r.emitted);
        assertEquals(List.of(Rule.DEADLOCK), r.replay.violations().stream().map(v -> v.rule()).toList(), r.emitted);
        assertEquals(1, r.replay.exitCode());
        assertEquals(r.checkExit, r.replay.exitCode());
    }

    /** Was: an atomic step shown by its first statement, hiding the read that mattered. */
    @Test
    void anAtomicStepIsShownWhole() throws IOException {
        Path src = GOLDEN.resolve("loop-atomic-mirror.mmun");
        Scenario sc = compile(new SourceFile(src.getFileName().toString(), Files.readString(src)));
        String report = TextReport.render(Checking.check(sc, ONE_WORKER), java.util.Map.of(), new Style(false), true);
        assertTrue(report.contains("Writer  {atomic { r = read(A); write(A, r + 1) }} tlb Writer:"), report);
    }

    @TestFactory
    Stream<DynamicTest> goldenTraces() throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.list(GOLDEN)) {
            sources = s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList();
        }
        assertFalse(sources.isEmpty());
        return sources.stream().map(src -> DynamicTest.dynamicTest(src.getFileName().toString(), () -> {
            String name = src.getFileName().toString();
            Scenario sc = compile(new SourceFile(name, Files.readString(src)));
            Outcome o = Checking.check(sc, ONE_WORKER);
            StringBuilder all = new StringBuilder();
            for (var e : o.traces().entrySet()) {
                all.append(TraceEmitter.emit(sc, null, e.getValue(), e.getKey())).append("// ----\n");
            }
            Path golden = GOLDEN.resolve(name.replace(".mmun", ".trace"));
            if (Boolean.getBoolean("mmun.updateGoldens")) {
                Files.writeString(golden, all.toString(), StandardCharsets.UTF_8);
            }
            assertEquals(Files.readString(golden), all.toString(), "the emitted traces of " + name + " changed");
        }));
    }

    private record Replayed(String emitted, int checkExit, Outcome replay) {}

    private Replayed emitAndReplay(String text, Rule rule) {
        SourceFile src = new SourceFile("case.mmun", text);
        Scenario sc = compile(src);
        Outcome check = Checking.check(sc, ONE_WORKER);
        Run trace = check.traces().get(rule);
        assertTrue(trace != null, "check found " + check.traces().keySet() + ", not " + rule);
        String emitted = TraceEmitter.emit(sc, src, trace, rule);
        Scenario back = compile(new SourceFile("trace.mmun", emitted));
        Outcome replay = session.run(back, Runner.DEFAULT_MAX_STEPS);
        Run run = replay.traces().get(rule);
        assertTrue(run != null, "the replay shows " + replay.traces().keySet() + "\n" + emitted);
        assertArrayEquals(trace.last().raw(), run.last().raw(), emitted);
        return new Replayed(emitted, check.exitCode(), replay);
    }

    private Scenario compile(SourceFile src) {
        Session.Compiled c = session.compile(src);
        assertTrue(c.scenario() != null, () -> c.failure().diagnostics() + "\n" + src.text());
        return c.scenario();
    }
}
