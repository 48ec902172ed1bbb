package dev.mmun.cli;

import static dev.mmun.cli.CliTest.mmun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** `mmun test --shard I/N`: the shards of a suite are the suite, each file in exactly one; JUnit per shard. */
class ShardTest {
    /** The files a shard judged, from its JUnit report, as folder/name. */
    private static List<String> judged(Path xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            out.add(((Element) cases.item(i)).getAttribute("file"));
        }
        return out;
    }

    @Test
    void theShardsOfASuiteAreTheSuiteEachFileOnce(@TempDir Path dir) throws Exception {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        for (int i = 0; i < 11; i++) {
            TestCommandTest.write(suite, (i % 3 == 0 ? "sub/" : "") + "f" + i + ".mmun",
                    "page A at 0x1000 = " + i + "\ncpu T { r = read(A) }\nmode run\nforall (T:r == " + i + ")\n");
        }
        Path whole = dir.resolve("whole.xml");
        assertEquals(0, mmun("", "test", "--format", "junit", "-o", whole.toString(), suite.toString()).code());
        List<String> all = judged(whole);
        assertEquals(11, all.size());
        for (int n : new int[] {1, 2, 3, 7, 11, 13}) {
            List<String> union = new ArrayList<>();
            Set<String> suites = new HashSet<>();
            for (int i = 1; i <= n; i++) {
                Path xml = dir.resolve("shard-" + n + "-" + i + ".xml");
                CliTest.Result r = mmun("", "test", "--color", "never", "--shard", i + "/" + n, "--format", "junit",
                        "-o", xml.toString(), suite.toString());
                assertEquals(0, r.code(), r.out() + r.err());
                List<String> mine = judged(xml);
                assertTrue(r.out().startsWith("shard " + i + "/" + n + ": " + mine.size() + " of 11 files\n"), r.out());
                assertTrue(mine.size() == 11 / n || mine.size() == 11 / n + 1, "shards differ by one file at most: " + mine);
                union.addAll(mine);
                suites.add(Files.readString(xml).replaceAll("(?s).*<testsuite name=\"([^\"]*)\".*", "$1"));
            }
            assertEquals(all.stream().sorted().toList(), union.stream().sorted().toList(), "shards of " + n);
            assertEquals(n, suites.size(), "each shard's testsuite has its own name: " + suites);
        }
    }

    @Test
    void problemsAndFilteredFilesAreReportedByTheFirstShardOnly(@TempDir Path dir) throws Exception {
        TestCommandTest.write(dir, "a.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        TestCommandTest.write(dir, "b.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        TestCommandTest.write(dir, "c-other.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        String missing = dir.resolve("missing").toString();
        CliTest.Result one = mmun("", "test", "--color", "never", "--shard", "1/2", "--filter", "[ab].mmun", dir.toString(), missing);
        CliTest.Result two = mmun("", "test", "--color", "never", "--shard", "2/2", "--filter", "[ab].mmun", dir.toString(), missing);
        assertEquals(66, one.code(), one.out());
        assertTrue(one.out().endsWith("1 passed, 1 failed, 1 skipped\n"), one.out());
        assertEquals(0, two.code(), two.out());
        assertTrue(two.out().endsWith("\n1 passed, 0 failed\n"), two.out());
    }

    @Test
    void badShardsAreUsageErrors(@TempDir Path dir) throws Exception {
        TestCommandTest.write(dir, "a.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        for (String bad : new String[] {"0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/3/4", ""}) {
            CliTest.Result r = mmun("", "test", "--shard", bad, dir.toString());
            assertEquals(64, r.code(), bad + ": " + r.err());
            assertTrue(r.err().startsWith("mmun test: --shard: '" + bad + "'"), r.err());
            assertEquals("", r.out(), "nothing is run");
        }
    }
}
