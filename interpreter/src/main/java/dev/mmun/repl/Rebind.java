package dev.mmun.repl;

import dev.mmun.ast.Block;
import dev.mmun.ast.Expr;
import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Stmt;
import java.util.List;
import java.util.Map;

/**
 * Renames the procedures that calls name, so that a procedure defined again in a session keeps
 * its earlier definition for the calls made before: the assembler gives each superseded
 * definition a name no one can type ({@code f#1}) and points the calls of its time at it.
 */
final class Rebind {
    private final Map<String, String> names;

    Rebind(Map<String, String> names) {
        this.names = names;
    }

    Item item(Item it) {
        if (names.isEmpty()) {
            return it;
        }
        if (it instanceof Item.Proc p) {
            return new Item.Proc(p.name(), p.params(), block(p.body()), p.era(), p.span());
        }
        if (it instanceof Item.Thread th && th.body() != null) {
            return new Item.Thread(th.name(), th.device(), th.on(), block(th.body()), th.span());
        }
        if (it instanceof Item.TimeBlock tb) {
            return new Item.TimeBlock(tb.label(), tb.rows().stream()
                    .map(r -> new Item.Row(r.thread(), stmts(r.stmts()), r.span())).toList(), tb.span());
        }
        return it;
    }

    List<Stmt> stmts(List<Stmt> in) {
        return names.isEmpty() ? in : in.stream().map(this::stmt).toList();
    }

    private Block block(Block b) {
        return b == null ? null : new Block(stmts(b.stmts()), b.span());
    }

    private Stmt stmt(Stmt s) {
        if (s instanceof Stmt.Assign a) {
            return new Stmt.Assign(a.target(), expr(a.value()), a.span());
        } else if (s instanceof Stmt.Try t) {
            return new Stmt.Try(t.target(), call(t.call()), t.span());
        } else if (s instanceof Stmt.CallStmt c) {
            return new Stmt.CallStmt(call(c.call()), c.span());
        } else if (s instanceof Stmt.Atomic a) {
            return new Stmt.Atomic(block(a.body()), a.span());
        } else if (s instanceof Stmt.If i) {
            Object otherwise = i.elseBranch() instanceof Block b ? block(b)
                    : i.elseBranch() instanceof Stmt.If e ? stmt(e) : i.elseBranch();
            return new Stmt.If(expr(i.condition()), block(i.then()), otherwise, i.span());
        } else if (s instanceof Stmt.While w) {
            return new Stmt.While(expr(w.condition()), w.max(), block(w.body()), w.span());
        } else if (s instanceof Stmt.Repeat r) {
            return new Stmt.Repeat(r.count(), block(r.body()), r.span());
        } else if (s instanceof Stmt.Assert a) {
            return new Stmt.Assert(expr(a.condition()), a.text(), a.span());
        } else if (s instanceof Stmt.Labelled l) {
            return new Stmt.Labelled(l.label(), block(l.body()), l.span());
        }
        return s;
    }

    private Expr expr(Expr e) {
        if (e instanceof Expr.Call c) {
            return call(c);
        } else if (e instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), expr(u.operand()), u.span());
        } else if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), expr(b.left()), expr(b.right()), b.span());
        } else if (e instanceof Expr.Range r) {
            return new Expr.Range(expr(r.from()), expr(r.to()), r.span());
        }
        return e;
    }

    private Expr.Call call(Expr.Call c) {
        String to = names.get(c.function().text());
        Name fn = to == null ? c.function() : new Name(to, c.function().span());
        return new Expr.Call(fn, c.args().stream().map(this::expr).toList(), c.span());
    }
}
