package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.explore.Run;
import dev.mmun.machine.Violation;
import dev.mmun.report.Explainer;
import dev.mmun.session.Outcome;
import dev.mmun.session.Session;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** run/check --html: a well-formed, self-contained page with a lane per thread and the breaking and set-up steps marked. */
class HtmlReportTest {
    @Test
    void aRunIsOneLanePerThreadWithTheBreakingAndSetUpStepsMarked(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("run.html");
        Path file = CliTest.sample("case-b-timeline.mmun");
        CliTest.Result r = CliTest.mmun("", "run", "--color", "never", "--html", page.toString(), file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String html = Files.readString(page);
        selfContained(html);
        Document doc = parse(html);

        Session session = Session.withStdlib();
        Session.Compiled c = session.compile(file.toString(), new ByteArrayInputStream(new byte[0]));
        Outcome o = session.run(c.scenario(), 10_000);
        List<String> threads = c.scenario().program().threads().stream().map(t -> t.name()).toList();
        List<Element> sections = withClass(doc, "section", "trace");
        assertEquals(1, sections.size(), "run draws its one run");
        assertEquals(threads, withClass(sections.get(0), "th", "thread").stream().map(Node::getTextContent).toList());
        lanesHoldTheirThreadsStatements(sections.get(0), threads.size());

        Run run = o.traces().values().iterator().next();
        Set<Integer> breaking = new TreeSet<>();
        Set<Integer> setup = new TreeSet<>();
        for (Violation v : o.violations()) {
            int at = Explainer.stepOf(run, v);
            breaking.add(at + 1);
            Explainer.setup(run, v, at).forEach(i -> setup.add(i + 1));
        }
        assertEquals(breaking, steps(sections.get(0), "breaking"));
        assertEquals(setup, steps(sections.get(0), "setup"));
        // pinned on this sample: the clear under COW_step1 sets CASE_B up, the set_pte_at breaks it
        assertTrue(rowText(sections.get(0), "setup").stream().anyMatch(t -> t.contains("ptep_clear_flush(A)") && t.contains("sets up CASE_B")));
        assertTrue(rowText(sections.get(0), "breaking").stream().anyMatch(t -> t.contains("set_pte_at(A, new, rw)") && t.contains("CASE_B: ")));
        assertTrue(html.contains("verdict: violation: CASE_B, STALE_READ; expected CASE_B, STALE_READ: met"), html);
        picture(doc, sections.get(0), threads, breaking, setup);
        int links = 0;
        for (Violation v : o.violations()) {
            links += Explainer.setup(run, v, Explainer.stepOf(run, v)).size();
        }
        assertEquals(links, withClass(sections.get(0), "line", "setup-link").size(), "a line from each set-up step to what it set up");
    }

    /**
     * The trace's picture (inline SVG): a lane per thread, a dot per row of the table in its
     * thread's lane, linking to that row, with the same steps marked breaking and set-up.
     */
    private static void picture(Document doc, Element section, List<String> threads, Set<Integer> breaking, Set<Integer> setup) {
        NodeList svgs = section.getElementsByTagName("svg");
        assertEquals(1, svgs.getLength(), "one picture per trace");
        Element svg = (Element) svgs.item(0);
        assertEquals(threads, withClass(svg, "text", "thread").stream().map(Node::getTextContent).toList());
        List<Element> lanes = withClass(svg, "line", "lane");
        assertEquals(threads.size(), lanes.size());
        List<Element> rows = withClass(section, "tr", "step");
        List<Element> dots = withClass(svg, "circle", "dot");
        assertEquals(rows.stream().map(r -> r.getAttribute("data-step")).toList(), dots.stream().map(d -> d.getAttribute("data-step")).toList());
        for (int i = 0; i < dots.size(); i++) {
            Element dot = dots.get(i);
            int thread = Integer.parseInt(rows.get(i).getAttribute("data-thread"));
            assertEquals(lanes.get(thread).getAttribute("x1"), dot.getAttribute("cx"), "a dot in its thread's lane");
            String href = ((Element) dot.getParentNode()).getAttribute("href");
            assertEquals("#" + rows.get(i).getAttribute("id"), href, "a dot links to its row");
            if (i > 0) {
                assertTrue(Integer.parseInt(dot.getAttribute("cy")) > Integer.parseInt(dots.get(i - 1).getAttribute("cy")), "rows go down");
            }
        }
        assertEquals(breaking, dotSteps(svg, "breaking"));
        assertEquals(setup, dotSteps(svg, "setup"));
    }

    private static Set<Integer> dotSteps(Element svg, String cls) {
        Set<Integer> out = new TreeSet<>();
        withClass(svg, "circle", cls).forEach(c -> out.add(Integer.parseInt(c.getAttribute("data-step"))));
        return out;
    }

    @Test
    void checkDrawsEachRulesShortestTraceAndTheFinalWitness(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("check.html");
        CliTest.Result r = CliTest.mmun("", "check", "--color", "never", "--html", page.toString(),
                CliTest.sample("case-b-threads.mmun").toString(), "src/test/resources/golden/forall-sometimes.mmun");
        String html = Files.readString(page);
        selfContained(html);
        Document doc = parse(html);
        List<Element> files = withClass(doc, "section", "file");
        assertEquals(2, files.size());
        List<String> titles = withClass(files.get(0), "section", "trace").stream()
                .map(s -> s.getElementsByTagName("h2").item(0).getTextContent()).toList();
        // the same traces, in the same order, as the text report heads them
        List<String> inText = r.out().lines().takeWhile(l -> !l.startsWith("== ") || l.contains("case-b-threads"))
                .filter(l -> l.startsWith("shortest trace")).map(l -> l.substring(0, l.length() - 1)).toList();
        assertEquals(inText, titles);
        assertTrue(titles.get(0).startsWith("shortest trace to "), titles.toString());
        for (Element s : withClass(files.get(0), "section", "trace")) {
            assertFalse(steps(s, "breaking").isEmpty(), "each counterexample shows the step that broke its rule");
            assertEquals(1, s.getElementsByTagName("svg").getLength(), "each counterexample is drawn");
            assertFalse(withClass(s, "circle", "breaking").isEmpty());
            lanesHoldTheirThreadsStatements(s, withClass(s, "th", "thread").size());
        }
        List<Element> witness = withClass(files.get(1), "section", "trace");
        assertEquals(1, witness.size());
        assertEquals("shortest trace that breaks forall (C1:r == 5) (2 steps)", witness.get(0).getElementsByTagName("h2").item(0).getTextContent());
        assertTrue(withClass(files.get(1), "li", "notmet").get(0).getTextContent().contains("NOT MET"));
    }

    @Test
    void namesAndStatementsAreEscaped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a<b>&c.mmun");
        Files.writeString(file, """
                page A at 0x1000 = 0
                cpu C0 { n = 1
                    write(A, n < 2) }
                expect ok
                exists (A < 2)
                """);
        Path page = dir.resolve("e.html");
        CliTest.Result r = CliTest.mmun("", "run", "--color", "never", "--html", page.toString(), file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String html = Files.readString(page);
        assertTrue(html.contains("a&lt;b&gt;&amp;c.mmun"), html);
        assertTrue(html.contains("write(A, n &lt; 2)"), html);
        assertTrue(html.contains("exists (A &lt; 2)"), html);
        Document doc = parse(html);
        assertTrue(doc.getElementsByTagName("h1").item(0).getTextContent().endsWith("a<b>&c.mmun"));
        // a clean run is drawn too: its one lane holds the write
        assertTrue(withClass(doc, "td", "stmt").stream().anyMatch(td -> td.getTextContent().contains("n < 2")));
    }

    @Test
    void anErrorIsShownAndAnUnwritablePageIsAnError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.mmun");
        Files.writeString(bad, "cpu C0 { write(<, 1) }\n");
        Path page = dir.resolve("bad.html");
        CliTest.Result r = CliTest.mmun("", "run", "--html", page.toString(), bad.toString());
        assertEquals(65, r.code(), r.err());
        Document doc = parse(Files.readString(page));
        assertTrue(withClass(doc, "pre", "diagnostics").get(0).getTextContent().contains("error:"));
        CliTest.Result w = CliTest.mmun("", "check", "--html", dir.resolve("no/such/dir/x.html").toString(),
                CliTest.sample("case-b-threads-fixed.mmun").toString());
        assertEquals(66, w.code(), w.err());
        assertTrue(w.err().contains("mmun check: cannot write "), w.err());
    }

    private static void selfContained(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no URL: the page opens offline");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src="), "nothing loaded from elsewhere");
    }

    /** Every step row has one statement cell, in the lane of the thread that took the step. */
    private static void lanesHoldTheirThreadsStatements(Element section, int threads) {
        List<Element> rows = withClass(section, "tr", "step");
        assertFalse(rows.isEmpty());
        for (Element row : rows) {
            List<Element> lanes = withClass(row, "td", "lane");
            assertEquals(threads, lanes.size());
            List<Element> stmts = withClass(row, "td", "stmt");
            assertEquals(1, stmts.size());
            assertEquals(row.getAttribute("data-thread"), stmts.get(0).getAttribute("data-thread"));
            assertEquals(Integer.parseInt(row.getAttribute("data-thread")), lanes.indexOf(stmts.get(0)));
        }
    }

    private static Set<Integer> steps(Element section, String cls) {
        Set<Integer> out = new TreeSet<>();
        for (Element row : withClass(section, "tr", cls)) {
            out.add(Integer.parseInt(row.getAttribute("data-step")));
        }
        return out;
    }

    private static List<String> rowText(Element section, String cls) {
        return withClass(section, "tr", cls).stream().map(Node::getTextContent).toList();
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> withClass(Node root, String tag, String cls) {
        NodeList nodes = root instanceof Document d ? d.getElementsByTagName(tag) : ((Element) root).getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }
}
