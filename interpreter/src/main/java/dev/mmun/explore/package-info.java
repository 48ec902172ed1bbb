/**
 * Schedulers over the step function: the breadth-first search of {@code mmun check} (the visited
 * set, partial-order and symmetry reduction, footprints, splitting into parts), random runs, the
 * schedule of {@code mmun run}, and the one replay of a schedule as a {@code Run}. Works on a
 * {@code machine.Scenario}, never on source.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check},
 * {@code stdlib} and {@code lower}.
 */
package dev.mmun.explore;
