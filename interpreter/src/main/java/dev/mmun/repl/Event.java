package dev.mmun.repl;

import dev.mmun.ast.Item;
import dev.mmun.ast.Stmt;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.util.List;

/**
 * What a REPL session is made of, in the order it happened. The accumulated script is every
 * {@link Decls} and {@link Unit}; the schedule is every {@link Step}. Both are replayed from the
 * initial state on each change, so the session never holds a state that the semantics did not make.
 */
sealed interface Event {

    /** Declarations typed or loaded from a file, with the source they were parsed from. */
    record Decls(List<Item> items, SourceFile source) implements Event {
        public Decls {
            items = List.copyOf(items);
        }
    }

    /** Statements typed for one thread, appended to its program: one cell of the timeline. */
    record Unit(int id, String thread, List<Stmt> stmts, SourceFile source, Span span) implements Event {
        public Unit {
            stmts = List.copyOf(stmts);
        }
    }

    /**
     * One step of a thread. localOnly: it ran only thread-local instructions up to the end of the
     * thread's code; when more code is appended later, the replay folds those instructions into a
     * neighbouring step of the same thread, as the step function does, and skips this one.
     */
    record Step(String thread, boolean localOnly) implements Event {}
}
