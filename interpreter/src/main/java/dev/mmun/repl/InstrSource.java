package dev.mmun.repl;

import dev.mmun.machine.ControlFamily;
import dev.mmun.machine.Families;
import dev.mmun.machine.Instr;
import dev.mmun.machine.Program;
import dev.mmun.machine.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes lowered instructions back as statements, for a cell of the timeline whose steps cut a
 * statement in pieces (the schedule ran another thread in the middle of a procedure call). The
 * statements lower to the same instructions: names resolved, procedures inlined, and the branches
 * that were taken; a procedure's locals get the number of their inlined instance ({@code old_2}).
 */
final class InstrSource {
    private final Program p;
    private final Map<Integer, List<String>> localNames = new HashMap<>();

    InstrSource(Program p) {
        this.p = p;
    }

    /** The instructions at these pcs of thread t, in order, as statements separated by "; ". */
    String render(int t, List<Integer> pcs) {
        Instr[] code = p.threads().get(t).code();
        StringBuilder sb = new StringBuilder();
        for (int pc : pcs) {
            String s = statement(t, code[pc]);
            if (s == null) {
                continue;
            }
            if (s.equals("}")) {
                sb.append(" }");
                continue;
            }
            if (sb.length() > 0 && !sb.toString().endsWith("{")) {
                sb.append(';');
            }
            sb.append(sb.length() > 0 ? " " : "").append(s);
        }
        return sb.toString();
    }

    private String statement(int t, Instr in) {
        String dst = in.dst() >= 0 ? local(t, in.dst()) : "";
        if (in.op().local()) {
            return ControlFamily.shown(in.op()) ? ControlFamily.source(in, dst, in.v() == null ? null : value(t, in.v())) : null;
        }
        // a machine instruction: its family writes it
        return Families.of(in.op()).source().of(p, in, new Families.Operands() {
            @Override
            public String dst() {
                return dst;
            }

            @Override
            public String value(Val v) {
                return InstrSource.this.value(t, v);
            }

            @Override
            public String frame(Val v) {
                return InstrSource.this.frame(t, v);
            }
        });
    }

    /** A frame argument: a declared frame by name, no frame as NULL, else the value. */
    private String frame(int t, Val v) {
        if (v instanceof Val.Const c) {
            return c.value() == 0 ? "NULL" : c.value() <= p.frames().size() ? p.frames().get(c.value() - 1).name()
                    : Integer.toString(c.value());
        }
        return value(t, v);
    }

    private String value(int t, Val v) {
        if (v instanceof Val.Const c) {
            return Integer.toString(c.value());
        } else if (v instanceof Val.Local l) {
            return local(t, l.slot());
        } else if (v instanceof Val.Not n) {
            return "!(" + value(t, n.operand()) + ")";
        } else if (v instanceof Val.Neg n) {
            return "-(" + value(t, n.operand()) + ")";
        } else if (v instanceof Val.Bin bin) {
            return "(" + value(t, bin.left()) + " " + bin.op() + " " + value(t, bin.right()) + ")";
        }
        throw new IllegalStateException("cannot write back " + v);
    }

    /** The thread's own locals keep their names; a procedure instance's {@code f#2.old} becomes {@code old_2}. */
    private String local(int t, int slot) {
        return localNames.computeIfAbsent(t, this::names).get(slot);
    }

    private List<String> names(int t) {
        List<String> full = p.threads().get(t).locals();
        Set<String> taken = new HashSet<>();
        for (String n : full) {
            if (!n.contains("#")) {
                taken.add(n);
            }
        }
        List<String> out = new ArrayList<>();
        for (String n : full) {
            int hash = n.indexOf('#');
            if (hash < 0) {
                out.add(n);
                continue;
            }
            int dot = n.indexOf('.', hash);
            String name = n.substring(dot + 1) + "_" + n.substring(hash + 1, dot);
            while (!taken.add(name)) {
                name = name + "_";
            }
            out.add(name);
        }
        return out;
    }
}
