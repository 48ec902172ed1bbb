package dev.mmun.lower;

import dev.mmun.ast.Expr;
import java.util.Map;

/**
 * A lexical scope while inlining: the thread's own (prefix "") or one procedure call's, whose
 * parameters are bound to the caller's argument expressions, resolved in the caller's scope.
 */
record Env(ThreadCode thread, String prefix, Map<String, Binding> params, Env caller) {
    record Binding(Expr arg, Env env) {}

    static Env threadScope(ThreadCode thread) {
        return new Env(thread, "", Map.of(), null);
    }

    boolean inProc() {
        return caller != null;
    }

    /** The slot of a local of this scope, if it exists already. */
    Integer existingLocal(String name) {
        return thread.locals.get(prefix + name);
    }

    int local(String name) {
        return thread.local(prefix + name);
    }
}
