package dev.mmun.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md is checked against the instruction families: each family's table is the one
 * its primitives' lines give, and every name a family accepts is in it.
 */
class FamilyDocsTest {
    private static String languageDoc() throws IOException {
        return Files.readString(Path.of(System.getProperty("mmun.root", "..")).resolve("docs/language.md"));
    }

    @Test
    void eachFamilysTableIsTheOneItsPrimitivesGive() throws IOException {
        String doc = languageDoc();
        for (Map.Entry<String, List<Primitive>> e : Families.all().entrySet()) {
            String marker = "<!-- family " + e.getKey() + " -->\n";
            int at = doc.indexOf(marker);
            assertTrue(at >= 0, "docs/language.md has no table for the family " + e.getKey() + " (" + marker.trim() + ")");
            String want = Families.table(e.getValue());
            int from = at + marker.length();
            String got = doc.substring(from, Math.min(doc.length(), from + want.length()));
            assertEquals(want, got, "docs/language.md: the table of the family " + e.getKey()
                    + " differs from its primitives' lines (paste Families.table's output)");
        }
    }

    @Test
    void everyNameOfAFamilyIsDocumented() throws IOException {
        String doc = languageDoc();
        for (String name : Families.names()) {
            assertTrue(doc.contains("`" + name + "`") || doc.contains(name + "("), name + " is not in docs/language.md");
        }
    }

    @Test
    void theTableNamesEveryWayToWriteAPrimitive() {
        String table = Families.table(LockFamily.PRIMITIVES);
        assertTrue(table.contains("| `lock(L)` | `spin_lock`, `mutex_lock` |"), table);
        assertTrue(table.contains("| `pmd_unlock(P)` | - |"), table);
    }
}
