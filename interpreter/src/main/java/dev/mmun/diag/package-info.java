/**
 * Diagnostics: spans, source files, the problems of a script and how they are printed
 * ({@code file:line:col: error: message}, the line and a caret). The bottom of the pipeline: every
 * other package reports through it, and nothing here knows the language.
 *
 * <p>May use: nothing.
 */
package dev.mmun.diag;
