/**
 * AST to instructions: {@link dev.mmun.lower.Frontend} (source text to a {@code machine.Scenario}:
 * parse, check the declarations, lower, compile the expectations) and the lowering itself:
 * procedures inlined, loops unrolled, names resolved, each primitive call lowered to one machine
 * instruction by its family ({@code machine/Families}, through {@code Site}, the family's view
 * of the call). A script's subscribers' callbacks are inlined after each instruction whose family
 * says it calls them ({@code Families.calls}: which callbacks, over which range); lower/Callbacks
 * asks, and reads no family's flags.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check} and
 * {@code stdlib}.
 */
package dev.mmun.lower;
