package dev.mmun.syntax;

import dev.mmun.ast.Block;
import dev.mmun.ast.Expr;
import dev.mmun.ast.Input;
import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.ast.Script;
import dev.mmun.ast.Stmt;
import dev.mmun.diag.Diagnostics;
import dev.mmun.diag.Span;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/** Turns the parse tree into the immutable AST, with a span on every node. */
final class AstBuilder {
    private final String file;
    private final Spans spans;
    private final Diagnostics diags;

    AstBuilder(String file, Spans spans, Diagnostics diags) {
        this.file = file;
        this.spans = spans;
        this.diags = diags;
    }

    Script build(MmunParser.ScriptContext ctx) {
        List<Item> items = new ArrayList<>();
        for (MmunParser.ItemContext ic : ctx.item()) {
            Item it = item(ic);
            if (it != null) {
                items.add(it);
            }
        }
        return new Script(file, items, spans.of(ctx));
    }

    Input buildInput(MmunParser.ReplInputContext ctx) {
        List<Input.Part> parts = new ArrayList<>();
        List<Stmt> plain = new ArrayList<>();
        Span plainSpan = null;
        for (MmunParser.ReplPartContext pc : ctx.replPart()) {
            if (pc instanceof MmunParser.ReplStmtContext c) {
                Stmt s = stmt(c.stmt());
                if (s != null) {
                    plain.add(s);
                    plainSpan = plainSpan == null ? s.span() : plainSpan.to(s.span());
                }
                continue;
            }
            if (pc instanceof MmunParser.ReplItemContext c && c.item() instanceof MmunParser.EmptyItemContext) {
                continue;
            }
            if (!plain.isEmpty()) {
                parts.add(new Input.Stmts(null, plain, plainSpan));
                plain = new ArrayList<>();
                plainSpan = null;
            }
            if (pc instanceof MmunParser.ReplItemContext c) {
                Item it = item(c.item());
                if (it != null) {
                    parts.add(new Input.Decl(it));
                }
            } else if (pc instanceof MmunParser.ReplOnContext c) {
                List<Stmt> stmts = new ArrayList<>();
                List<MmunParser.StmtContext> scs = c.block() != null ? c.block().stmt() : c.stmt();
                for (MmunParser.StmtContext sc : scs) {
                    Stmt s = stmt(sc);
                    if (s != null) {
                        stmts.add(s);
                    }
                }
                parts.add(new Input.Stmts(name(c.thread), stmts, spans.of(c)));
            } else {
                throw unknown(pc);
            }
        }
        if (!plain.isEmpty()) {
            parts.add(new Input.Stmts(null, plain, plainSpan));
        }
        return new Input(parts, spans.of(ctx));
    }

    private Item item(MmunParser.ItemContext ic) {
        Span sp = spans.of(ic);
        if (ic instanceof MmunParser.EraDeclContext c) {
            return new Item.Era(c.VERSION().getText(), sp);
        } else if (ic instanceof MmunParser.PageDeclContext c) {
            Long value = c.value == null ? null : signed(c.neg, c.value);
            return new Item.Page(name(c.name), number(c.addr), value, options(c.option()), sp);
        } else if (ic instanceof MmunParser.FrameDeclContext c) {
            return new Item.Frame(name(c.name), c.value == null ? null : signed(c.neg, c.value), options(c.option()), sp);
        } else if (ic instanceof MmunParser.DeviceDeclContext c) {
            return new Item.Device(name(c.name), name(c.kind), sp);
        } else if (ic instanceof MmunParser.LockDeclContext c) {
            return new Item.Lock(name(c.name), c.kind.getType() == MmunLexer.MUTEX, sp);
        } else if (ic instanceof MmunParser.CpuDeclContext c) {
            return new Item.Thread(name(c.name), false, null, c.block() == null ? null : block(c.block()), sp);
        } else if (ic instanceof MmunParser.DevDeclContext c) {
            return new Item.Thread(name(c.name), true, c.device == null ? null : name(c.device),
                    c.block() == null ? null : block(c.block()), sp);
        } else if (ic instanceof MmunParser.ProcDeclContext c) {
            List<Name> params = new ArrayList<>();
            if (c.params() != null) {
                c.params().ident().forEach(p -> params.add(name(p)));
            }
            Name era = c.era == null ? null : new Name(c.era.getText(), spans.of(c.era));
            return new Item.Proc(name(c.name), params, block(c.block()), era, sp);
        } else if (ic instanceof MmunParser.NotifierDeclContext c) {
            return new Item.Subscriber(name(c.name), false, name(c.device), null, null,
                    c.callback().stream().map(this::callback).toList(), sp);
        } else if (ic instanceof MmunParser.IntervalDeclContext c) {
            return new Item.Subscriber(name(c.name), true, name(c.device), expr(c.from), expr(c.to),
                    c.callback().stream().map(this::callback).toList(), sp);
        } else if (ic instanceof MmunParser.ArchDeclContext c) {
            return new Item.Arch(name(c.name), sp);
        } else if (ic instanceof MmunParser.GatherBatchDeclContext c) {
            return new Item.GatherBatch(number(c.size), sp);
        } else if (ic instanceof MmunParser.ModeDeclContext c) {
            return new Item.Mode(name(c.ident()), sp);
        } else if (ic instanceof MmunParser.ExpectDeclContext c) {
            return new Item.Expect(c.ident().stream().map(this::name).toList(), sp);
        } else if (ic instanceof MmunParser.FinalDeclContext c) {
            Item.Quantifier q = c.quantifier() instanceof MmunParser.ExistsQuantContext ? Item.Quantifier.EXISTS
                    : c.quantifier() instanceof MmunParser.NotExistsQuantContext ? Item.Quantifier.NOT_EXISTS
                    : Item.Quantifier.FORALL;
            return new Item.Final(q, expr(c.expr()), text(c.expr()), sp);
        } else if (ic instanceof MmunParser.TimeBlockContext c) {
            StringBuilder label = new StringBuilder();
            for (MmunParser.TimeLabelContext l : c.timeLabel()) {
                label.append(l.getText());
            }
            List<Item.Row> rows = new ArrayList<>();
            for (MmunParser.RowContext r : c.row()) {
                rows.add(row(r));
            }
            return new Item.TimeBlock(label.toString(), rows, sp);
        } else if (ic instanceof MmunParser.ScheduleDeclContext c) {
            return new Item.Schedule(c.ident().stream().map(this::name).toList(), sp);
        } else if (ic instanceof MmunParser.EmptyItemContext) {
            return null;
        }
        throw unknown(ic);
    }

    /** A grammar alternative this builder does not know: the grammar grew and the builder did not. */
    private static IllegalStateException unknown(ParserRuleContext ctx) {
        return new IllegalStateException("AstBuilder does not know the grammar alternative " + ctx.getClass().getSimpleName());
    }

    private Item.Row row(MmunParser.RowContext r) {
        List<Stmt> stmts = new ArrayList<>();
        for (MmunParser.CellPartContext part : r.cellPart()) {
            if (part instanceof MmunParser.LabelledPartContext lp) {
                stmts.add(new Stmt.Labelled(name(lp.label), block(lp.block()), spans.of(lp)));
            } else if (part instanceof MmunParser.PlainPartContext pp) {
                Stmt s = stmt(pp.stmt());
                if (s != null) {
                    stmts.add(s);
                }
            } else {
                throw unknown(part);
            }
        }
        return new Item.Row(name(r.thread), stmts, spans.of(r));
    }

    private Block block(MmunParser.BlockContext ctx) {
        List<Stmt> stmts = new ArrayList<>();
        for (MmunParser.StmtContext sc : ctx.stmt()) {
            Stmt s = stmt(sc);
            if (s != null) {
                stmts.add(s);
            }
        }
        return new Block(stmts, spans.of(ctx));
    }

    private Stmt stmt(MmunParser.StmtContext sc) {
        Span sp = spans.of(sc);
        if (sc instanceof MmunParser.AssignStmtContext c) {
            return new Stmt.Assign(name(c.target), expr(c.expr()), sp);
        } else if (sc instanceof MmunParser.TryStmtContext c) {
            return new Stmt.Try(c.target == null ? null : name(c.target), call(c.call()), sp);
        } else if (sc instanceof MmunParser.CallStmtContext c) {
            return new Stmt.CallStmt(call(c.call()), sp);
        } else if (sc instanceof MmunParser.AtomicStmtContext c) {
            return new Stmt.Atomic(block(c.block()), sp);
        } else if (sc instanceof MmunParser.IfStmtContext c) {
            return ifChain(c.ifChain());
        } else if (sc instanceof MmunParser.WhileStmtContext c) {
            return new Stmt.While(expr(c.expr()), count(c.NUMBER().getSymbol()), block(c.block()), sp);
        } else if (sc instanceof MmunParser.RepeatStmtContext c) {
            return new Stmt.Repeat(count(c.NUMBER().getSymbol()), block(c.block()), sp);
        } else if (sc instanceof MmunParser.AssertStmtContext c) {
            return new Stmt.Assert(expr(c.expr()), text(c.expr()), sp);
        } else if (sc instanceof MmunParser.PreemptStmtContext) {
            return new Stmt.Preempt(sp);
        } else if (sc instanceof MmunParser.ReturnStmtContext c) {
            return new Stmt.Return(c.expr() == null ? null : expr(c.expr()), sp);
        } else if (sc instanceof MmunParser.EmptyStmtContext) {
            return null;
        }
        throw unknown(sc);
    }

    private Stmt.If ifChain(MmunParser.IfChainContext c) {
        Object otherwise = null;
        if (c.ifChain() != null) {
            otherwise = ifChain(c.ifChain());
        } else if (c.block().size() > 1) {
            otherwise = block(c.block(1));
        }
        return new Stmt.If(expr(c.expr()), block(c.block(0)), otherwise, spans.of(c));
    }

    /** Deeper expressions than this are refused: walking them would overflow the stack. */
    private static final int MAX_EXPR_DEPTH = 200;
    private int depth;
    private boolean tooDeep;

    private Expr expr(MmunParser.ExprContext ec) {
        if (depth >= MAX_EXPR_DEPTH) {
            if (!tooDeep) {
                tooDeep = true;
                diags.error(spans.of(ec.getStart()), "expression nested more than " + MAX_EXPR_DEPTH + " operators deep");
            }
            return new Expr.Int(0, spans.of(ec.getStart()));
        }
        depth++;
        try {
            return exprAt(ec);
        } finally {
            depth--;
        }
    }

    private Expr exprAt(MmunParser.ExprContext ec) {
        Span sp = spans.of(ec);
        if (ec instanceof MmunParser.ParenExprContext c) {
            return expr(c.expr());
        } else if (ec instanceof MmunParser.UnaryExprContext c) {
            String op = c.op.getType() == MmunLexer.MINUS ? "-" : "!";
            return new Expr.Unary(op, expr(c.expr()), sp);
        } else if (ec instanceof MmunParser.MulExprContext c) {
            return new Expr.Binary(c.op.getText(), expr(c.expr(0)), expr(c.expr(1)), sp);
        } else if (ec instanceof MmunParser.AddExprContext c) {
            return new Expr.Binary(c.op.getText(), expr(c.expr(0)), expr(c.expr(1)), sp);
        } else if (ec instanceof MmunParser.CmpExprContext c) {
            return new Expr.Binary(c.op.getText(), expr(c.expr(0)), expr(c.expr(1)), sp);
        } else if (ec instanceof MmunParser.AndExprContext c) {
            return new Expr.Binary("&&", expr(c.expr(0)), expr(c.expr(1)), sp);
        } else if (ec instanceof MmunParser.OrExprContext c) {
            return new Expr.Binary("||", expr(c.expr(0)), expr(c.expr(1)), sp);
        } else if (ec instanceof MmunParser.RangeExprContext c) {
            return new Expr.Range(expr(c.expr(0)), expr(c.expr(1)), sp);
        } else if (ec instanceof MmunParser.CallExprContext c) {
            return call(c.call());
        } else if (ec instanceof MmunParser.ThreadRegExprContext c) {
            return new Expr.ThreadReg(name(c.thread), name(c.reg), sp);
        } else if (ec instanceof MmunParser.FieldExprContext c) {
            return new Expr.Field(name(c.target), name(c.field), sp);
        } else if (ec instanceof MmunParser.NameExprContext c) {
            return new Expr.Ref(name(c.ident()));
        } else if (ec instanceof MmunParser.NumberExprContext c) {
            return new Expr.Int(number(c.NUMBER().getSymbol()), sp);
        } else if (ec instanceof MmunParser.BoolExprContext c) {
            return new Expr.Bool(c.TRUE() != null, sp);
        }
        throw unknown(ec);
    }

    private Item.Callback callback(MmunParser.CallbackContext c) {
        List<Name> params = new ArrayList<>();
        if (c.params() != null) {
            c.params().ident().forEach(p -> params.add(name(p)));
        }
        return new Item.Callback(name(c.name), params, block(c.block()), spans.of(c));
    }

    private Expr.Call call(MmunParser.CallContext c) {
        return new Expr.Call(name(c.ident()), c.expr().stream().map(this::expr).toList(), spans.of(c));
    }

    private List<Item.Option> options(List<MmunParser.OptionContext> list) {
        List<Item.Option> out = new ArrayList<>();
        for (MmunParser.OptionContext oc : list) {
            if (oc instanceof MmunParser.NumberOptionContext c) {
                out.add(new Item.Option(name(c.ident()), number(c.NUMBER().getSymbol()), null, spans.of(oc)));
            } else if (oc instanceof MmunParser.NamesOptionContext c) {
                List<Name> names = c.ident().subList(1, c.ident().size()).stream().map(this::name).toList();
                out.add(new Item.Option(name(c.ident(0)), null, names, spans.of(oc)));
            } else if (oc instanceof MmunParser.WordOptionContext c) {
                out.add(new Item.Option(name(c.ident()), null, null, spans.of(oc)));
            }
        }
        return out;
    }

    private Name name(MmunParser.IdentContext c) {
        return new Name(c.getText(), spans.of(c));
    }

    private long signed(Token neg, Token value) {
        long v = number(value);
        return neg == null ? v : -v;
    }

    private long number(Token t) {
        String s = t.getText().replace("_", "");
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            diags.error(spans.of(t), "number too large: " + t.getText());
            return 0;
        }
    }

    private int count(Token t) {
        long v = number(t);
        if (v > 1_000) {
            diags.error(spans.of(t), "a loop bound must be at most 1000");
            return 0;
        }
        return (int) v;
    }

    /** The source text of a node, as written (for assert and final-condition reports). */
    private static String text(ParserRuleContext ctx) {
        if (ctx.getStop() == null) {
            return ctx.getText();
        }
        return ctx.getStart().getInputStream()
                .getText(Interval.of(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex()));
    }
}
