/**
 * Text to AST: the ANTLR lexer and parser (the only package that sees ANTLR or a parse tree), the
 * AST builder, syntax errors in plain words, the language's words for completion and highlighting,
 * and the writer that turns an AST back into source.
 *
 * <p>May use: {@code diag} and {@code ast}.
 */
package dev.mmun.syntax;
