/**
 * The checks on a script's names before any lowering: its declarations (unique names, aligned and
 * disjoint pages, known page options and device kinds, one era, procedures one body per era, the
 * page table locks the layout implies) and the library of procedures it may call. An argument's
 * kind is checked where its instruction is lowered (by its family in {@code machine}, through
 * {@code lower}), since that is where the argument is read.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax} and {@code machine}.
 */
package dev.mmun.check;
