/**
 * The machine: a program's per-thread instructions ({@link dev.mmun.machine.Program}), the state
 * vector, and the one meaning of a statement, the pure {@code Semantics.step(State, thread)}, with
 * the rules it checks. The instruction families ({@code *Family}) each hold, for their instructions,
 * the lowering, the effect, the footprint and the source form; they lower through
 * {@link dev.mmun.machine.CallSite}, which {@code lower} implements, so they never see the AST.
 * {@code ControlFamily} holds the thread-local instructions (jumps, assignments, atomic brackets);
 * which instructions call a script's subscribers is each family's answer ({@link dev.mmun.machine.Calls}),
 * and the library's callbacks run through the same effects (LibraryCallbacks has no op switch).
 * {@link dev.mmun.machine.Scenario} (a checked, lowered script: the program, its expectations,
 * timeline and schedule) sits beside the program so that the drivers after it need no front end.
 *
 * <p>May use: {@code diag}, {@code ast} and {@code syntax}; of {@code ast}, only Scenario (the script
 * it came from, the final conditions' quantifiers), as PipelineOrderTest checks.
 */
package dev.mmun.machine;
