package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mmun.machine.Mode;
import dev.mmun.machine.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kernel paths' rules read and write more of the state than the document's (may-cache sets at
 * write-protects, copy state, the page's last value, gather batches): partial-order and symmetry
 * reduction must still keep every terminal state, rule and observation of the catalogue.
 */
class KernelReductionTest {
    static List<Path> files() {
        Path dir = Path.of(System.getProperty("mmun.root", "..")).resolve("samples/kernel");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mmun")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> reductionsKeepTheCatalogue() {
        return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Scenario sc = ExplorerPropertyTest.compile(Files.readString(f));
            if (sc.hasTimeline() || sc.mode() == Mode.RUN) {
                return;
            }
            ExploreResult full = ExplorerPropertyTest.explore(sc, false, false, 1);
            assertNull(full.bound(), f + ": the unreduced search hit a bound");
            for (boolean[] mode : new boolean[][] {{true, false}, {true, true}}) {
                ExploreResult red = ExplorerPropertyTest.explore(sc, mode[0], mode[1], 1);
                String what = f.getFileName() + " with por=" + mode[0] + " symmetry=" + mode[1];
                assertEquals(full.traces().keySet(), red.traces().keySet(), "rules differ: " + what);
                assertEquals(ExplorerPropertyTest.observations(full), ExplorerPropertyTest.observations(red), "observations differ: " + what);
                if (!red.stats().symmetry()) {
                    assertEquals(full.terminals(), red.terminals(), "terminal states differ: " + what);
                }
            }
        }));
    }
}
