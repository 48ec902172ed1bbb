package dev.mmun.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bench/cost-split.sh applies its patches to Worker.java: each patch's hunks must still find the
 * lines they change (their context and removed lines, in a row), or the script stops on the next
 * measurement, long after the change that broke it. Checked here without git: a hunk's old lines,
 * joined, must occur once in Worker.java.
 */
class CostSplitPatchTest {
    private static final Path ROOT = Path.of(System.getProperty("mmun.root", ".."));
    private static final Path WORKER = ROOT.resolve("interpreter/src/main/java/dev/mmun/explore/Worker.java");

    @Test
    void everyPatchStillApplies() throws IOException {
        String worker = Files.readString(WORKER);
        List<Path> patches;
        try (Stream<Path> s = Files.list(ROOT.resolve("bench/cost-split"))) {
            patches = s.filter(p -> p.toString().endsWith(".patch")).sorted().toList();
        }
        assertEquals(List.of("read.patch", "step.patch", "visited.patch", "write.patch"),
                patches.stream().map(p -> p.getFileName().toString()).toList(), "the parts bench/cost-split.sh names");
        for (Path patch : patches) {
            List<String> hunks = oldSides(Files.readAllLines(patch));
            assertTrue(!hunks.isEmpty(), patch + ": no hunk");
            for (String old : hunks) {
                int at = worker.indexOf(old);
                assertTrue(at >= 0, patch + " no longer applies to Worker.java: make it again from the edit it names."
                        + " Its hunk's lines:\n" + old);
                assertEquals(-1, worker.indexOf(old, at + 1), patch + ": a hunk's lines occur twice in Worker.java");
            }
        }
    }

    /** Each hunk's lines as they are before the patch (context and removed lines), joined by newlines. */
    private static List<String> oldSides(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder hunk = null;
        for (String l : lines) {
            if (l.startsWith("@@")) {
                if (hunk != null) {
                    out.add(hunk.toString());
                }
                hunk = new StringBuilder();
            } else if (hunk != null && (l.startsWith(" ") || l.startsWith("-") || l.isEmpty())) {
                hunk.append(l.isEmpty() ? "" : l.substring(1)).append('\n');
            }
        }
        if (hunk != null) {
            out.add(hunk.toString());
        }
        return out;
    }
}
