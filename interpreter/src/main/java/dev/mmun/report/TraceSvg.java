package dev.mmun.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run as a picture, above its table in the HTML page: a vertical lane per thread, a dot per drawn
 * step in its thread's lane (top to bottom, as the table's rows), the breaking step red, the steps
 * that set it up amber and joined to it, as a message sequence chart shows who did what when. Each
 * dot links to its row of the table. Inline SVG with no namespace URL, so that the page stays
 * self-contained and well-formed XML.
 */
final class TraceSvg {
    private static final int LEFT = 64;
    private static final int LANE = 116;
    private static final int TOP = 30;
    private static final int ROW = 16;

    /** One drawn step: its index in the run, its thread, its text, and the time label when a block starts there. */
    record Dot(int step, int thread, String text, String blockLabel) {}

    private TraceSvg() {
    }

    /**
     * id: the trace section's id (rows are id-sN); links: for each breaking step, the steps that set
     * it up.
     */
    static void render(StringBuilder sb, String id, String title, List<String> threads, List<Dot> dots,
                       Set<Integer> breaking, Map<Integer, List<Integer>> links) {
        int width = LEFT + threads.size() * LANE;
        int height = TOP + dots.size() * ROW + 8;
        sb.append("<svg class=\"lanes\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\">\n<title>")
                .append(HtmlReport.esc(title)).append("</title>\n");
        for (int t = 0; t < threads.size(); t++) {
            int x = x(t);
            sb.append("<text class=\"thread\" x=\"").append(x).append("\" y=\"16\" text-anchor=\"middle\">")
                    .append(HtmlReport.esc(threads.get(t))).append("</text>")
                    .append("<line class=\"lane\" x1=\"").append(x).append("\" y1=\"22\" x2=\"").append(x).append("\" y2=\"")
                    .append(height - 4).append("\"/>\n");
        }
        int[] rowOf = new int[dots.stream().mapToInt(Dot::step).max().orElse(-1) + 1];
        for (int r = 0; r < dots.size(); r++) {
            Dot d = dots.get(r);
            rowOf[d.step()] = r;
            if (d.blockLabel() != null) {
                sb.append("<line class=\"block\" x1=\"0\" y1=\"").append(y(r) - ROW / 2).append("\" x2=\"").append(width)
                        .append("\" y2=\"").append(y(r) - ROW / 2).append("\"/><text class=\"time\" x=\"2\" y=\"").append(y(r) + 4)
                        .append("\">").append(HtmlReport.esc(d.blockLabel())).append("</text>\n");
            }
        }
        links.forEach((at, from) -> {
            Dot to = dots.get(rowOf[at]);
            for (int s : from) {
                Dot d = dots.get(rowOf[s]);
                sb.append("<line class=\"setup-link\" x1=\"").append(x(d.thread())).append("\" y1=\"").append(y(rowOf[s]))
                        .append("\" x2=\"").append(x(to.thread())).append("\" y2=\"").append(y(rowOf[at])).append("\"/>\n");
            }
        });
        Set<Integer> setup = new java.util.HashSet<>();
        links.values().forEach(setup::addAll);
        for (int r = 0; r < dots.size(); r++) {
            Dot d = dots.get(r);
            String cls = "dot" + (breaking.contains(d.step()) ? " breaking" : "") + (setup.contains(d.step()) ? " setup" : "");
            sb.append("<a href=\"#").append(id).append("-s").append(d.step() + 1).append("\"><circle class=\"").append(cls)
                    .append("\" data-step=\"").append(d.step() + 1).append("\" cx=\"").append(x(d.thread())).append("\" cy=\"")
                    .append(y(r)).append("\" r=\"").append(breaking.contains(d.step()) ? 6 : 4).append("\"><title>")
                    .append(HtmlReport.esc("step " + (d.step() + 1) + ", " + threads.get(d.thread()) + ": " + d.text()))
                    .append("</title></circle></a>\n");
        }
        sb.append("</svg>\n");
    }

    private static int x(int thread) {
        return LEFT + thread * LANE + LANE / 2;
    }

    private static int y(int row) {
        return TOP + row * ROW + ROW / 2;
    }

    static final String CSS = """
            svg.lanes { display: block; margin: 0.4em 0 0.8em; max-width: 100%; height: auto; }
            svg.lanes text.thread { font: 600 11px system-ui, sans-serif; fill: #1d1d1f; }
            svg.lanes text.time { font: 10px ui-monospace, monospace; fill: #777; }
            svg.lanes line.lane { stroke: #bbb; stroke-dasharray: 3 3; }
            svg.lanes line.block { stroke: #eee; }
            svg.lanes line.setup-link { stroke: #c99400; stroke-width: 1.5; stroke-dasharray: 4 2; }
            svg.lanes circle.dot { fill: #4a78c2; }
            svg.lanes circle.dot.setup { fill: #c99400; }
            svg.lanes circle.dot.breaking { fill: #b3261e; }
            """;
}
