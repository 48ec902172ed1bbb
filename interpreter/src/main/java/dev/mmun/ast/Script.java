package dev.mmun.ast;

import dev.mmun.diag.Span;
import java.util.List;

/** A whole .mmun file: its items in source order. */
public record Script(String file, List<Item> items, Span span) {
    public Script {
        items = List.copyOf(items);
    }

    public <T extends Item> List<T> all(Class<T> kind) {
        return items.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
