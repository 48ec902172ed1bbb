package dev.mmun.repl;

import dev.mmun.ast.Item;
import java.util.List;
import java.util.Set;

/** The names a session knows, for completion and highlighting. */
final class Names {
    private Names() {
    }

    /** Names the session declares, for completion: pages, frames, devices, locks, threads. */
    static List<String> declared(ReplSession session) {
        Build build = session.build();
        Set<String> names = new java.util.TreeSet<>();
        build.program.pages().forEach(p -> names.add(p.name()));
        build.program.devices().forEach(d -> names.add(d.name()));
        build.program.threads().forEach(t -> names.add(t.name()));
        build.program.locks().stream().filter(l -> !l.pageTable()).forEach(l -> names.add(l.name()));
        for (Event e : session.events()) {
            if (e instanceof Event.Decls d) {
                for (Item it : d.items()) {
                    if (it instanceof Item.Frame f) {
                        names.add(f.name().text());
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    /** The threads' own locals (not a procedure's), for completion. */
    static List<String> locals(ReplSession session) {
        Build build = session.build();
        Set<String> names = new java.util.TreeSet<>();
        build.program.threads().forEach(t -> t.locals().stream().filter(n -> !n.contains("#")).forEach(names::add));
        return List.copyOf(names);
    }

    /** The procedures the session defined (not the library's). */
    static List<String> procs(ReplSession session) {
        Set<String> names = new java.util.TreeSet<>();
        for (Event e : session.events()) {
            if (e instanceof Event.Decls d) {
                d.items().stream().filter(Item.Proc.class::isInstance).forEach(i -> names.add(((Item.Proc) i).name().text()));
            }
        }
        return List.copyOf(names);
    }

    /** Device names, for {@code dev D on DEVICE}. */
    static List<String> devices(ReplSession session) {
        return session.build().program.devices().stream().map(dev.mmun.machine.Program.Device::name).toList();
    }

    /** Thread names, for completing :step and on. */
    static List<String> threads(ReplSession session) {
        Build build = session.build();
        return build.program.threads().stream().map(dev.mmun.machine.Program.Thread::name).toList();
    }
}
