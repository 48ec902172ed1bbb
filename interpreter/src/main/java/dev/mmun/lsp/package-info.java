/**
 * {@code mmun lsp}: a language server over stdio (LSP4J) for editors. Diagnostics are the front
 * end's, as the CLI prints them; completion is the REPL's ({@link dev.mmun.repl.Completions});
 * hover text comes from docs/language.md and the standard library's own comments, shipped in the
 * jar; go to definition finds procedures in the script and in the library. Only {@code mmun lsp}
 * loads this package and LSP4J.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check},
 * {@code stdlib}, {@code lower}, {@code explore}, {@code session}, {@code report} and {@code repl}
 * (not {@code cli}: the CLI passes the version in).
 */
package dev.mmun.lsp;
