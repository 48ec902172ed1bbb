package dev.mmun.repl;

import dev.mmun.machine.Era;
import dev.mmun.machine.FrameFamily;
import dev.mmun.machine.Instr;
import dev.mmun.machine.LockFamily;
import dev.mmun.machine.MemoryFamily;
import dev.mmun.machine.NotifierFamily;
import dev.mmun.machine.SubscriberFamily;
import dev.mmun.machine.PteReadFamily;
import dev.mmun.machine.PteStoreFamily;
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
        String page = in.a() >= 0 && in.a() < p.pages().size() ? p.pages().get(in.a()).name() : "?";
        String dst = in.dst() >= 0 ? local(t, in.dst()) : "";
        return switch (in.op()) {
            case ATOMIC_BEGIN -> "atomic {";
            case ATOMIC_END -> "}";
            case JUMP, BRANCH_FALSE, LOOP_BOUND, FAULT_RESET -> null;
            case ASSIGN -> dst + " = " + value(t, in.v());
            case ASSERT -> "assert(" + value(t, in.v()) + ")";
            case READ, WRITE -> MemoryFamily.source(p, in, dst, in.v() == null ? null : value(t, in.v()));
            case PTE_CLEAR, PTE_SET, PTE_WRPROTECT, PTE_SPECIAL, PTE_RESTORE, REMOVE_MIGRATION, PTE_ACCESS_FLAGS ->
                    PteStoreFamily.source(p, in, in.v() == null ? null : frame(t, in.v()));
            case CPU_FLUSH -> in.a() < 0 ? "flush_tlb_mm()" : "flush_tlb_range(" + range(in.a()) + ")";
            case NOTIFY, INV_START, INV_END, RELEASE -> NotifierFamily.source(p, in, dst);
            // the core's steps around a callback come back from the notifier call that lowers to them
            case SUB_CALL, SUB_RESULT -> null;
            case DEV_FLUSH, SET_SEQ, SLEEP, TRYLOCK -> SubscriberFamily.source(p, in, dst, in.v() == null ? null : value(t, in.v()));
            case LOCK, UNLOCK -> LockFamily.source(p, in);
            case ALLOC, GET_PAGE, PUT_PAGE, COPY, PAGES_IDENTICAL, WRITEBACK -> FrameFamily.source(in, dst,
                    in.v() == null ? null : frame(t, in.v()), in.w() == null ? null : frame(t, in.w()));
            case PTE_PAGE, PTE_QUERY -> PteReadFamily.source(p, in, dst);
            case MIRROR_BEGIN, MIRROR_QUERY, MIRROR_MAP, MIRROR_UNMAP, MIRROR_WAIT, KVM_MEMSLOT, KVM_SRCU -> mirror(t, in, dst);
            default -> KernelInstrSource.statement(p, in, page, dst, in.v() == null ? null : frame(t, in.v()),
                    in.w() == null ? null : value(t, in.w()));
        };
    }

    private static final String[] MIRROR_QUERIES = {"mmu_invalidate_seq", "mmu_invalidate_in_progress",
        "mn_active_invalidate_count", "mmu_interval_read_retry", "mmu_invalidate_retry", "mmu_invalidate_retry_gfn",
        "mmu_notifier_retry_cache", "gfn_to_memslot"};

    /** The software mirror instructions (a: the device, b: a page or a kind). */
    private String mirror(int t, Instr in, String dst) {
        String dev = p.devices().get(in.a()).name();
        String page = in.b() >= 0 && in.b() < p.pages().size() ? p.pages().get(in.b()).name() : "?";
        return switch (in.op()) {
            case MIRROR_BEGIN -> dst + " = mmu_interval_read_begin(" + dev + ")";
            case MIRROR_QUERY -> {
                String args = switch (in.b()) {
                    case 3, 4, 6 -> ", " + value(t, in.v());
                    case 5 -> ", " + value(t, in.v()) + ", " + queryPage(in.w());
                    case 7 -> ", " + queryPage(in.w());
                    default -> "";
                };
                yield dst + " = " + MIRROR_QUERIES[in.b()] + "(" + dev + args + ")";
            }
            case MIRROR_MAP -> "mirror_map(" + dev + ", " + page + ", " + frame(t, in.v()) + ", " + value(t, in.w()) + ")";
            case MIRROR_UNMAP -> "mirror_unmap(" + dev + ", " + page + ")";
            case MIRROR_WAIT -> "wait_invalidate_end(" + dev + ")";
            case KVM_MEMSLOT -> "memslot_assign(" + dev + ", " + page + ", " + value(t, in.v()) + ")";
            default -> (in.b() > 0 ? "srcu_read_lock(" : in.b() < 0 ? "srcu_read_unlock(" : "synchronize_srcu(") + dev + ")";
        };
    }

    private String queryPage(Val v) {
        return v instanceof Val.Const c && c.value() >= 0 && c.value() < p.pages().size() ? p.pages().get(c.value()).name() : "?";
    }

    private String range(int r) {
        return p.ranges().get(r).text();
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
