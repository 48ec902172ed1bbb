package dev.mmun.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/** The streams a command reads and writes, so tests can run commands on byte streams. */
public record Io(InputStream in, PrintWriter out, PrintWriter err) {
}
