package dev.mmun.report;

import dev.mmun.session.SuiteResult;
import dev.mmun.session.SuiteStatus;
import dev.mmun.session.SuiteSummary;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, as CI systems read it (Jenkins, GitLab, GitHub's test reporters): one testsuite, one
 * testcase per file, its classname the folder ({@code samples/kernel} gives {@code samples.kernel})
 * and its name the file's without {@code .mmun}. A FAIL or INCONCLUSIVE file has a failure and an
 * ERROR file an error, whose message is the first mismatch; system-out is the file's text report.
 */
public final class SuiteJunit implements SuiteReport {
    private final String launcher;
    private final String suite;
    private final List<SuiteResult> results = new ArrayList<>();

    public SuiteJunit(String launcher) {
        this(launcher, "mmun test");
    }

    /** @param suite the testsuite's name: each shard of a suite names its own, so that merged reports tell them apart */
    public SuiteJunit(String launcher, String suite) {
        this.launcher = launcher;
        this.suite = suite;
    }

    @Override
    public String result(SuiteResult r) {
        results.add(r);
        return "";
    }

    @Override
    public String end(SuiteSummary s) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suite);
            x.writeAttribute("tests", String.valueOf(results.size()));
            x.writeAttribute("failures", String.valueOf(count(SuiteStatus.FAIL) + count(SuiteStatus.INCONCLUSIVE)));
            x.writeAttribute("errors", String.valueOf(count(SuiteStatus.ERROR)));
            x.writeAttribute("skipped", String.valueOf(count(SuiteStatus.SKIP)));
            x.writeAttribute("time", seconds(s.nanos()));
            x.writeCharacters("\n");
            for (SuiteResult r : results) {
                testcase(x, r);
            }
            x.writeStartElement("system-out");
            x.writeCharacters(clean(s.line()));
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out.toString();
    }

    private void testcase(XMLStreamWriter x, SuiteResult r) throws XMLStreamException {
        x.writeCharacters("  ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", classname(r.file()));
        x.writeAttribute("name", name(r.file()));
        x.writeAttribute("file", clean(r.file()));
        x.writeAttribute("time", seconds(r.nanos()));
        x.writeCharacters("\n");
        switch (r.status()) {
            case SKIP -> {
                x.writeCharacters("    ");
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", clean(r.skipReason()));
                x.writeCharacters("\n");
            }
            case FAIL, INCONCLUSIVE, ERROR -> {
                x.writeCharacters("    ");
                x.writeStartElement(r.status() == SuiteStatus.ERROR ? "error" : "failure");
                x.writeAttribute("message", clean(r.mismatch()));
                x.writeAttribute("type", r.status().name());
                x.writeCharacters(clean(r.mismatch() + (r.rerun(launcher) == null ? "" : "\nre-run: " + r.rerun(launcher))));
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            default -> {
            }
        }
        if (r.outcome() != null) {
            x.writeCharacters("    ");
            x.writeStartElement("system-out");
            x.writeCharacters(clean(SuiteText.full(r, new Style(false))));
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private int count(SuiteStatus st) {
        return (int) results.stream().filter(r -> r.status() == st).count();
    }

    /** The folder as a dotted name: samples/kernel/cow.mmun gives samples.kernel; "." and ".." are dropped. */
    static String classname(String file) {
        Path parent = Path.of(file).getParent();
        if (parent == null) {
            return "mmun";
        }
        List<String> parts = new ArrayList<>();
        for (Path p : parent) {
            String s = p.toString();
            if (!s.isEmpty() && !s.equals(".") && !s.equals("..")) {
                parts.add(s.replace('.', '_'));
            }
        }
        return parts.isEmpty() ? "mmun" : clean(String.join(".", parts));
    }

    static String name(String file) {
        Path f = Path.of(file).getFileName();
        String n = f == null ? file : f.toString();
        return clean(n.endsWith(".mmun") ? n.substring(0, n.length() - ".mmun".length()) : n);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** XML 1.0 cannot carry most control characters, even escaped. */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0xfffe || c == 0xffff ? '?' : c);
        }
        return sb.toString();
    }
}
