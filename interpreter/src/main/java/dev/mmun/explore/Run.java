package dev.mmun.explore;

import dev.mmun.machine.State;
import dev.mmun.machine.Violation;
import java.util.List;

/**
 * The result of following one schedule: every step, the final state, every violation (including a
 * deadlock at the end), and notes (a timeline that could not be followed, a bound that was hit).
 */
public record Run(List<TraceStep> steps, State last, List<Violation> violations, boolean boundHit,
                  List<String> notes) {
}
