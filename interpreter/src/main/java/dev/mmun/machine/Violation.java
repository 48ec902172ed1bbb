package dev.mmun.machine;

import dev.mmun.diag.Span;

/**
 * A rule broken by one step: which rule, which thread, where in the source, why (one sentence in
 * the document's terms), and the page and frame it is about (-1 when none), so that a report can
 * find the earlier steps that set it up.
 */
public record Violation(Rule rule, int thread, Span span, String message, int page, int frame) {
}
