package dev.mmun.cli;

import static dev.mmun.cli.CliTest.mmun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The machine-read reports of `mmun test`: JUnit XML (read back with the JDK's parser), TAP, JSON Lines. */
class TestFormatsTest {
    @Test
    void junitXmlHasOneTestCasePerFileWithFailuresAndTheirFirstMismatch(@TempDir Path dir) throws Exception {
        TestCommandTest.suite(dir);
        Path xml = dir.resolve("report.xml");
        CliTest.Result r = mmun("", "test", "--color", "never", "--format", "junit", "--output", xml.toString(), dir.toString());
        assertEquals(65, r.code());
        assertTrue(r.out().endsWith("\n1 passed, 4 failed, 1 skipped\n"), "the text report still goes to stdout: " + r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(6, cases.getLength());
        Element pass = (Element) cases.item(0);
        assertEquals("a-pass", pass.getAttribute("name"));
        assertTrue(pass.getAttribute("classname").endsWith(dir.getFileName().toString()), pass.getAttribute("classname"));
        assertFalse(pass.getAttribute("classname").contains("/"), pass.getAttribute("classname"));
        assertEquals(0, pass.getElementsByTagName("failure").getLength());
        assertTrue(pass.getElementsByTagName("system-out").item(0).getTextContent().contains("verdict: ok; expected ok: met"));
        Element wrong = (Element) cases.item(1);
        Element failure = (Element) wrong.getElementsByTagName("failure").item(0);
        assertEquals("expected CASE_B, STALE_READ; got ok", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("re-run: ./mmun run "), failure.getTextContent());
        Element error = (Element) ((Element) cases.item(3)).getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").contains("unexpected character '@'"), error.getAttribute("message"));
        assertTrue(((Element) cases.item(3)).getElementsByTagName("system-out").item(0).getTextContent().contains("^"));
        assertEquals(1, ((Element) cases.item(4)).getElementsByTagName("skipped").getLength());
        Element loop = (Element) cases.item(5);
        assertTrue(loop.getAttribute("classname").endsWith(".sub"), loop.getAttribute("classname"));
        assertEquals("INCONCLUSIVE", ((Element) loop.getElementsByTagName("failure").item(0)).getAttribute("type"));
    }

    @Test
    void junitXmlOnStdoutAloneWhenThereIsNoOutputFile(@TempDir Path dir) throws Exception {
        TestCommandTest.write(dir, "odd <&> name.mmun", "page A at 0x1000 = 1\ncpu T { r = read(A) }\nmode run\n");
        CliTest.Result r = mmun("", "test", "--format", "junit", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("<?xml"), r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("odd <&> name", ((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name"));
        assertEquals("1 passed, 0 failed\n", r.err(), "the closing line goes to stderr");
    }

    @Test
    void tapHasThePlanAndOneTestPointPerFile(@TempDir Path dir) throws IOException {
        TestCommandTest.suite(dir);
        CliTest.Result r = mmun("", "test", "--format", "tap", dir.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("TAP version 13", lines.get(0));
        assertEquals("1..6", lines.get(1));
        assertTrue(lines.get(2).matches("ok 1 - .*a-pass\\.mmun \\(ok\\)"), lines.get(2));
        assertTrue(lines.get(3).matches("not ok 2 - .*b-wrong-verdict\\.mmun \\(ok\\)"), lines.get(3));
        assertTrue(r.out().contains("  message: 'expected CASE_B, STALE_READ; got ok'\n  severity: fail\n"), r.out());
        assertTrue(r.out().contains("\nnot ok 4 - "), r.out());
        assertTrue(Pattern.compile("(?m)^ok 5 - .*e-skipped\\.mmun # SKIP waiting for the kvm device$").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("\nnot ok 6 - "), r.out());
        assertTrue(r.out().contains("  severity: inconclusive\n"), r.out());
        assertEquals("# 1 passed, 4 failed, 1 skipped", lines.get(lines.size() - 1));
        assertEquals(6, lines.stream().filter(l -> l.matches("(not )?ok \\d+ - .*")).count());
    }

    @Test
    void jsonLinesOneObjectPerFileThenTheSummary(@TempDir Path dir) throws IOException {
        TestCommandTest.suite(dir);
        CliTest.Result r = mmun("", "test", "--format", "json", "--jobs", "3", dir.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        for (String l : lines.subList(0, 6)) {
            assertTrue(l.startsWith("{\"schema\":\"mmun/1\",\"kind\":\"file\",\"mode\":\"test\",\"file\":\"" + dir), l);
            assertTrue(l.endsWith("}"), l);
        }
        assertTrue(lines.get(0).contains("\"status\":\"ok\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"expectation_met\":true"), lines.get(0));
        assertTrue(lines.get(1).contains("\"status\":\"FAIL\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"mismatch\":\"expected CASE_B, STALE_READ; got ok\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"rerun\":\"./mmun run "), lines.get(1));
        assertTrue(lines.get(3).contains("\"status\":\"ERROR\""), lines.get(3));
        assertTrue(lines.get(3).contains("\"diagnostics\":[{"), lines.get(3));
        assertTrue(lines.get(4).contains("\"status\":\"skip\",\"reason\":\"waiting for the kvm device\",\"outcome\":null"), lines.get(4));
        assertTrue(lines.get(6).startsWith("{\"schema\":\"mmun/1\",\"kind\":\"summary\",\"mode\":\"test\",\"passed\":1,\"failed\":4,\"skipped\":1,"), lines.get(6));
        assertTrue(lines.get(6).contains("\"exit_code\":65"), lines.get(6));
        assertEquals(65, r.code());
    }

    @Test
    void textToAFileIsPlain(@TempDir Path dir) throws IOException {
        TestCommandTest.suite(dir);
        Path out = dir.resolve("report.txt");
        CliTest.Result r = mmun("", "test", "--color", "always", "--output", out.toString(), dir.resolve("a-pass.mmun").toString());
        assertEquals(0, r.code());
        String text = Files.readString(out);
        assertFalse(text.contains("\u001b["), text);
        assertTrue(text.endsWith("\n1 passed, 0 failed\n"), text);
        assertTrue(r.out().contains("\u001b["), "stdout keeps the colours asked for");
    }
}
