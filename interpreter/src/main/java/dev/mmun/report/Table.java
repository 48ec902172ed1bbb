package dev.mmun.report;

import java.util.ArrayList;
import java.util.List;

/** A plain text table: a header and rows, columns padded to their widest cell. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns);
        }
        rows.add(cells);
        return this;
    }

    public int size() {
        return rows.size() - 1;
    }

    /** The table with each line indented; the header is dimmed by the style. */
    public String render(String indent, Style style) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder line = new StringBuilder();
            String[] r = rows.get(i);
            for (int c = 0; c < columns; c++) {
                line.append(r[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - r[c].length() + 2));
                }
            }
            String text = line.toString().stripTrailing();
            sb.append(indent).append(i == 0 ? style.dim(text) : text).append('\n');
        }
        return sb.toString();
    }
}
