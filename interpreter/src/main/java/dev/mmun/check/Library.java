package dev.mmun.check;

import dev.mmun.ast.Script;
import java.util.List;

/**
 * The procedures a script may call besides its own (the stdlib). {@link #forText} may give just the
 * scripts a text can need, so a small scenario does not pay for parsing the whole library at
 * start-up; the front end falls back to {@link #all} whenever a script does not compile with that
 * part, so a part that is too small can never change a result.
 */
public interface Library {
    List<Script> all();

    default List<Script> forText(String text) {
        return all();
    }

    static Library of(List<Script> scripts) {
        List<Script> copy = List.copyOf(scripts);
        return () -> copy;
    }
}
