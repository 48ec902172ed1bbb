/**
 * The abstract syntax: immutable records for scripts, items, statements and expressions, each with
 * its span. Built by {@code syntax}, read by everything after it; parse trees never reach here.
 *
 * <p>May use: {@code diag}.
 */
package dev.mmun.ast;
