package dev.mmun.repl;

import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;

/**
 * Where one cell of a thread's program came from: statements typed in the REPL, one top-level
 * statement of a declared thread's body, or a row of a script's own timeline. {@code text} is the
 * source as written; {@code block} and {@code label} name a script's time block (-1 and null otherwise).
 */
record Origin(Kind kind, String thread, String text, SourceFile source, Span span, int unitId, int block, String label) {
    enum Kind { TYPED, BODY, TIMELINE }
}
