/**
 * {@code mmun repl}: a live session over one state (declarations and statements typed in, steps
 * taken one at a time, {@code :check} and {@code :follow}), with its JLine terminal, completion,
 * highlighting, saving, and the source form of lowered instructions.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check},
 * {@code stdlib}, {@code lower}, {@code explore}, {@code session} and {@code report}.
 */
package dev.mmun.repl;
