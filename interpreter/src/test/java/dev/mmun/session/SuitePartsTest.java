package dev.mmun.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts of `mmun test`: finding files, durations, shell quoting. */
class SuitePartsTest {
    @Test
    void filesAreFoundOnceSortedByPathAndFiltered(@TempDir Path dir) throws Exception {
        for (String f : List.of("b/z.mmun", "a.mmun", "b/a-cow.mmun", "b/notes.txt", ".git/x.mmun", "b/.#tmp.mmun")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "");
        }
        String d = dir.toString();
        SuiteFiles.Plan all = SuiteFiles.find(List.of(d + "/b", d, d + "/a.mmun"), List.of());
        assertEquals(List.of(d + "/a.mmun", d + "/b/a-cow.mmun", d + "/b/z.mmun"), all.files());
        assertEquals(0, all.filteredOut());
        SuiteFiles.Plan cow = SuiteFiles.find(List.of(d), List.of("*cow*"));
        assertEquals(List.of(d + "/b/a-cow.mmun"), cow.files());
        assertEquals(2, cow.filteredOut());
        assertEquals(List.of(d + "/b/a-cow.mmun", d + "/b/z.mmun"), SuiteFiles.find(List.of(d), List.of("**/b/*")).files());
        SuiteFiles.Plan bad = SuiteFiles.find(List.of(d + "/nope", d + "/.git/.."), List.of());
        assertEquals(List.of("cannot read " + d + "/nope: no such file or folder"), List.copyOf(bad.problems().values()));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("90"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 parsecs"));
        assertEquals("12 ms", Durations.show(12_000_000L));
        assertEquals("1.5 s", Durations.show(1_500_000_000L));
        assertEquals("2 min 5 s", Durations.show(125_000_000_000L));
    }

    @Test
    void commandsToPasteBack() {
        assertEquals("samples/doc/case-b.mmun", Shell.quote("samples/doc/case-b.mmun"));
        assertEquals("'my race.mmun'", Shell.quote("my race.mmun"));
        assertEquals("'it'\\''s.mmun'", Shell.quote("it's.mmun"));
    }
}
