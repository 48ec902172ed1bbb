/**
 * The command line (picocli): {@code run}, {@code check}, {@code test}, {@code repl}, {@code lsp},
 * their options and exit codes, progress and Ctrl-C, the version. The top of the pipeline.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check},
 * {@code stdlib}, {@code lower}, {@code explore}, {@code session}, {@code report}, {@code repl} and
 * {@code lsp}.
 */
package dev.mmun.cli;
