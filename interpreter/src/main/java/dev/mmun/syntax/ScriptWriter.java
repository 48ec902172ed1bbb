package dev.mmun.syntax;

import dev.mmun.ast.Block;
import dev.mmun.ast.Expr;
import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Script;
import dev.mmun.ast.Stmt;
import java.util.List;

/**
 * Writes the AST back as source that {@link ScriptParser} reads to the same AST (spans aside):
 * what {@code check --emit-trace} uses to declare exactly the machine and the programs a check ran
 * on. Expressions are written with parentheses around every compound operand, so no precedence is
 * needed; assert and final conditions keep their text as written, which their reports quote.
 */
public final class ScriptWriter {
    private static final String INDENT = "    ";

    private ScriptWriter() {
    }

    public static String write(Script script) {
        StringBuilder sb = new StringBuilder();
        for (Item it : script.items()) {
            sb.append(item(it)).append('\n');
        }
        return sb.toString();
    }

    public static String item(Item it) {
        if (it instanceof Item.Era e) {
            return "era " + e.version();
        } else if (it instanceof Item.Page p) {
            StringBuilder sb = new StringBuilder("page ").append(p.name()).append(" at 0x").append(Long.toHexString(p.address()));
            if (p.value() != null) {
                sb.append(" = ").append(p.value());
            }
            p.options().forEach(o -> sb.append(' ').append(o));
            return sb.toString();
        } else if (it instanceof Item.Frame f) {
            StringBuilder sb = new StringBuilder("frame ").append(f.name()).append(f.value() == null ? "" : " = " + f.value());
            f.options().forEach(o -> sb.append(' ').append(o));
            return sb.toString();
        } else if (it instanceof Item.Device d) {
            return "device " + d.name() + " " + d.kind();
        } else if (it instanceof Item.Lock l) {
            return (l.sleeping() ? "mutex " : "spinlock ") + l.name();
        } else if (it instanceof Item.Thread t) {
            String head = t.device() ? "dev " + t.name() + (t.on() == null ? "" : " on " + t.on()) : "cpu " + t.name();
            return t.body() == null ? head : head + " " + block(t.body(), "");
        } else if (it instanceof Item.Proc p) {
            return "proc " + p.name() + "(" + names(p.params(), ", ") + ")" + (p.era() == null ? "" : " era " + p.era())
                    + " " + block(p.body(), "");
        } else if (it instanceof Item.Subscriber s) {
            StringBuilder sb = new StringBuilder(s.interval() ? "interval " : "notifier ").append(s.name()).append(" on ").append(s.device());
            if (s.interval()) {
                sb.append(" [").append(expr(s.from())).append(", ").append(expr(s.to())).append(')');
            }
            sb.append(" {\n");
            for (Item.Callback cb : s.callbacks()) {
                sb.append(INDENT).append(cb.name()).append('(').append(names(cb.params(), ", ")).append(") ")
                        .append(block(cb.body(), INDENT)).append('\n');
            }
            return sb.append('}').toString();
        } else if (it instanceof Item.Arch a) {
            return "arch " + a.arch();
        } else if (it instanceof Item.GatherBatch g) {
            return "gather_batch " + g.size();
        } else if (it instanceof Item.Mode m) {
            return "mode " + m.mode();
        } else if (it instanceof Item.Expect e) {
            return "expect " + names(e.verdicts(), ", ");
        } else if (it instanceof Item.Final f) {
            return f.quantifier().word() + " (" + f.text() + ")";
        } else if (it instanceof Item.TimeBlock tb) {
            StringBuilder sb = new StringBuilder("[time ").append(tb.label()).append(']');
            for (Item.Row r : tb.rows()) {
                sb.append('\n').append(r.thread()).append(r.stmts().isEmpty() ? " {}" : " { " + inline(r.stmts()) + " }");
            }
            return sb.toString();
        } else if (it instanceof Item.Schedule s) {
            return schedule(s.threads().stream().map(Name::text).toList());
        }
        throw new IllegalArgumentException("no source form for " + it.getClass().getSimpleName());
    }

    /** {@code schedule { ... }}, sixteen names to a line. */
    public static String schedule(List<String> threads) {
        StringBuilder sb = new StringBuilder("schedule {");
        for (int i = 0; i < threads.size(); i++) {
            sb.append(i % 16 == 0 ? "\n" + INDENT : " ").append(threads.get(i));
        }
        return sb.append("\n}").toString();
    }

    private static String names(List<Name> names, String sep) {
        return String.join(sep, names.stream().map(Name::text).toList());
    }

    /** A block over lines at this indent; on one line (separated by semicolons) when indent is null. */
    private static String block(Block b, String indent) {
        if (b.stmts().isEmpty()) {
            return "{ }";
        }
        if (indent == null) {
            return "{ " + inline(b.stmts()) + " }";
        }
        StringBuilder sb = new StringBuilder("{\n");
        for (Stmt s : b.stmts()) {
            sb.append(indent).append(INDENT).append(stmt(s, indent + INDENT)).append('\n');
        }
        return sb.append(indent).append('}').toString();
    }

    /** A statement on one line, its blocks' statements separated by semicolons. */
    public static String oneLine(Stmt s) {
        return stmt(s, null);
    }

    /** Statements on one line (a timeline cell), separated by semicolons. */
    private static String inline(List<Stmt> stmts) {
        return String.join("; ", stmts.stream().map(s -> s instanceof Stmt.Labelled l
                ? l.label() + ": " + block(l.body(), null) : stmt(s, null)).toList());
    }

    /** A statement, its blocks over lines at this indent (on one line when indent is null). */
    public static String stmt(Stmt s, String indent) {
        if (s instanceof Stmt.Assign a) {
            return a.target() + " = " + expr(a.value());
        } else if (s instanceof Stmt.Try t) {
            return "try " + (t.target() == null ? "" : t.target() + " = ") + expr(t.call());
        } else if (s instanceof Stmt.CallStmt c) {
            return expr(c.call());
        } else if (s instanceof Stmt.Atomic a) {
            return "atomic " + block(a.body(), indent);
        } else if (s instanceof Stmt.If i) {
            String out = "if (" + expr(i.condition()) + ") " + block(i.then(), indent);
            if (i.elseBranch() instanceof Block b) {
                out += " else " + block(b, indent);
            } else if (i.elseBranch() instanceof Stmt.If elif) {
                out += " else " + stmt(elif, indent);
            }
            return out;
        } else if (s instanceof Stmt.While w) {
            return "while (" + expr(w.condition()) + ") max " + w.max() + " " + block(w.body(), indent);
        } else if (s instanceof Stmt.Repeat r) {
            return "repeat " + r.count() + " " + block(r.body(), indent);
        } else if (s instanceof Stmt.Assert a) {
            return "assert(" + a.text() + ")";
        } else if (s instanceof Stmt.Preempt) {
            return "preempt";
        } else if (s instanceof Stmt.Return r) {
            return r.value() == null ? "return" : "return " + expr(r.value());
        } else if (s instanceof Stmt.Labelled l) {
            throw new IllegalArgumentException("a labelled part stands only in a timeline row: " + l.label());
        }
        throw new IllegalArgumentException("no source form for " + s.getClass().getSimpleName());
    }

    public static String expr(Expr e) {
        if (e instanceof Expr.Int i) {
            return i.value() < 0 ? "(" + i.value() + ")" : Long.toString(i.value());
        } else if (e instanceof Expr.Bool b) {
            return Boolean.toString(b.value());
        } else if (e instanceof Expr.Ref r) {
            return r.name().text();
        } else if (e instanceof Expr.ThreadReg t) {
            return t.thread() + ":" + t.reg();
        } else if (e instanceof Expr.Field f) {
            return f.target() + "." + f.field();
        } else if (e instanceof Expr.Unary u) {
            return u.op() + operand(u.operand());
        } else if (e instanceof Expr.Binary b) {
            return operand(b.left()) + " " + b.op() + " " + operand(b.right());
        } else if (e instanceof Expr.Range r) {
            return operand(r.from()) + ".." + operand(r.to());
        } else if (e instanceof Expr.Call c) {
            return c.function() + "(" + String.join(", ", c.args().stream().map(ScriptWriter::expr).toList()) + ")";
        }
        throw new IllegalArgumentException("no source form for " + e.getClass().getSimpleName());
    }

    private static String operand(Expr e) {
        boolean compound = e instanceof Expr.Unary || e instanceof Expr.Binary || e instanceof Expr.Range;
        return compound ? "(" + expr(e) + ")" : expr(e);
    }
}
