package dev.mmun.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The instruction families that define their primitives in one file each (lowering, effect,
 * footprint, source form, documentation): the front end finds a primitive's family here by name,
 * and the docs' tables are checked against their lines. A new family is one entry below.
 */
public final class Families {
    /** A primitive and the lowering of its family. */
    public record Entry(String family, Primitive primitive, BiConsumer<String, CallSite> lower) {
        public void lower(CallSite c) {
            lower.accept(primitive.canonical(), c);
        }
    }

    private static final Map<String, List<Primitive>> FAMILIES = new LinkedHashMap<>();
    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    static {
        add("memory", MemoryFamily.PRIMITIVES, MemoryFamily::lower);
        add("locks", LockFamily.PRIMITIVES, LockFamily::lower);
        add("frames", FrameFamily.PRIMITIVES, FrameFamily::lower);
        add("pte-reads", PteReadFamily.PRIMITIVES, PteReadFamily::lower);
        add("notifier-calls", NotifierFamily.PRIMITIVES, NotifierFamily::lower);
        add("callbacks", SubscriberFamily.PRIMITIVES, SubscriberFamily::lower);
        add("pte-stores", PteStoreFamily.PRIMITIVES, PteStoreFamily::lower);
    }

    private Families() {
    }

    private static void add(String family, List<Primitive> primitives, BiConsumer<String, CallSite> lower) {
        FAMILIES.put(family, primitives);
        for (Primitive pr : primitives) {
            for (String name : pr.names()) {
                if (BY_NAME.put(name, new Entry(family, pr, lower)) != null) {
                    throw new IllegalStateException("primitive name " + name + " defined twice");
                }
            }
        }
    }

    /** The family primitive written with this name, or null. */
    public static Entry byName(String name) {
        return BY_NAME.get(name);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** Each family's primitives, by family name. */
    public static Map<String, List<Primitive>> all() {
        return Collections.unmodifiableMap(FAMILIES);
    }

    /** A family's table as docs/language.md shows it: statement, the names it is written with, what it does. */
    public static String table(List<Primitive> primitives) {
        List<String> rows = new ArrayList<>();
        rows.add("| statement | also written | what it does |");
        rows.add("|---|---|---|");
        for (Primitive pr : primitives) {
            String call = pr.form().contains(" = ") ? pr.form().substring(pr.form().indexOf(" = ") + 3) : pr.form();
            List<String> others = pr.names().stream().filter(n -> !call.startsWith(n + "(")).map(n -> "`" + n + "`").toList();
            rows.add("| `" + pr.form() + "` | " + (others.isEmpty() ? "-" : String.join(", ", others)) + " | " + pr.doc() + " |");
        }
        return String.join("\n", rows) + "\n";
    }
}
