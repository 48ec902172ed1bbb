package dev.mmun.check;

import dev.mmun.ast.Expr;
import dev.mmun.ast.Item;
import dev.mmun.ast.Name;
import dev.mmun.diag.Diagnostics;
import dev.mmun.machine.Era;
import dev.mmun.machine.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers a script writes ({@code notifier NAME on DEVICE { ... }}, {@code interval NAME
 * on DEVICE [START, END) { ... }}): each callback is one the kernel has in the script's era, with
 * the kernel's parameters, for a device of a kind it can serve. Errors are reported where they
 * stand; what passes is the list lowering inlines the callbacks from.
 */
final class Subscribers {
    /** The callbacks of a notifier and their parameter counts; the era-specific one is checked apart. */
    private static final Map<String, Integer> NOTIFIER = Map.of("invalidate_range_start", 1, "invalidate_range_end", 1,
            "invalidate_range", 1, "arch_invalidate_secondary_tlbs", 1, "release", 0);
    /** Callbacks the kernel has that mmun does not model, and why. */
    private static final Map<String, String> NOT_MODELLED = Map.of(
            "clear_flush_young", "the aging callbacks only steer reclaim; they are not modelled",
            "clear_young", "the aging callbacks only steer reclaim; they are not modelled",
            "test_young", "the aging callbacks only steer reclaim; they are not modelled",
            "change_pte", "->change_pte() always ran inside start/end, where it could find nothing to change (removed in 6.10); not modelled",
            "invalidate_page", "->invalidate_page() was removed in 4.13: use invalidate_range_start/end",
            "alloc_notifier", "mmu_notifier_get() is not modelled: a subscriber is registered when the script starts",
            "free_notifier", "mmu_notifier_put() is not modelled: a subscriber is registered when the script starts");

    private Subscribers() {
    }

    static List<Declarations.SubscriberDecl> check(List<Item.Subscriber> items, Declarations decls, Diagnostics diags) {
        List<Declarations.SubscriberDecl> out = new ArrayList<>();
        Set<Integer> served = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Item.Subscriber s : items) {
            String what = s.interval() ? "interval" : "notifier";
            if (!names.add(s.name().text())) {
                diags.error(s.name().span(), "a subscriber named " + s.name() + " is declared already");
                continue;
            }
            Integer d = decls.deviceIndex.get(s.device().text());
            if (d == null) {
                diags.error(s.device().span(), "unknown device " + s.device() + (decls.deviceIndex.isEmpty() ? ": declare it first (device "
                        + s.device() + " ats)" : ": declared devices are " + decls.deviceIndex.keySet()));
                continue;
            }
            Program.Device dev = decls.devices.get(d);
            if (s.interval() && !dev.intervalMirror()) {
                diags.error(s.device().span(), "an interval subscriber mirrors through its own entries, filled by its driver:"
                        + " its device must be a mirror, and " + s.device() + " is " + dev.kind());
                continue;
            }
            Map<String, Item.Callback> callbacks = new LinkedHashMap<>();
            for (Item.Callback cb : s.callbacks()) {
                if (callback(s, cb, decls.era, diags) && callbacks.putIfAbsent(cb.name().text(), cb) != null) {
                    diags.error(cb.name().span(), what + " " + s.name() + " has ->" + cb.name() + "() twice");
                }
            }
            long start = 0;
            long end = 0;
            if (s.interval()) {
                Long a = address(s.from(), decls, diags);
                Long b = address(s.to(), decls, diags);
                if (a == null || b == null) {
                    continue;
                }
                if (b <= a) {
                    diags.error(s.to().span(), "the interval [" + hex(a) + ", " + hex(b) + ") is empty");
                    continue;
                }
                start = a;
                end = b;
            }
            if (!served.add(d)) {
                diags.error(s.device().span(), s.device() + " has a subscriber already: mmun takes one per device");
                continue;
            }
            boolean secondary = callbacks.containsKey("arch_invalidate_secondary_tlbs");
            boolean startEnd = callbacks.containsKey("invalidate_range_start") || callbacks.containsKey("invalidate_range_end");
            boolean refused = decls.era == Era.E6_6 && secondary && startEnd;
            out.add(new Declarations.SubscriberDecl(s.name().text(), out.size(), d, s.interval(), start, end, callbacks, refused, s.span()));
        }
        return out;
    }

    private static boolean callback(Item.Subscriber s, Item.Callback cb, Era era, Diagnostics diags) {
        String name = cb.name().text();
        Name at = cb.name();
        if (s.interval()) {
            if (!name.equals("invalidate")) {
                diags.error(at.span(), "an interval subscriber has one callback, invalidate(range, cur_seq)"
                        + " (struct mmu_interval_notifier_ops), not " + name + "()");
                return false;
            }
            return params(cb, 2, "invalidate(range, cur_seq)", diags);
        }
        if (NOT_MODELLED.containsKey(name)) {
            diags.error(at.span(), "->" + name + "(): " + NOT_MODELLED.get(name));
            return false;
        }
        Integer n = NOTIFIER.get(name);
        if (n == null) {
            diags.error(at.span(), "unknown callback " + name + "(): a notifier has invalidate_range_start(range),"
                    + " invalidate_range_end(range), " + (era == Era.E4_15 ? "invalidate_range(range)" : "arch_invalidate_secondary_tlbs(range)")
                    + " and release()" + (name.equals("invalidate") ? " (invalidate(range, cur_seq) is an interval's)" : ""));
            return false;
        }
        if (name.equals("invalidate_range") && era == Era.E6_6) {
            diags.error(at.span(), "->invalidate_range() does not exist in era 6.6: it became ->arch_invalidate_secondary_tlbs()");
            return false;
        }
        if (name.equals("arch_invalidate_secondary_tlbs") && era == Era.E4_15) {
            diags.error(at.span(), "->arch_invalidate_secondary_tlbs() does not exist in era 4.15: it is ->invalidate_range() there");
            return false;
        }
        return params(cb, n, n == 0 ? name + "()" : name + "(range)", diags);
    }

    private static boolean params(Item.Callback cb, int n, String form, Diagnostics diags) {
        if (cb.params().size() != n) {
            diags.error(cb.name().span(), "->" + cb.name() + "() takes " + (n == 0 ? "no parameter" : n == 1 ? "one parameter"
                    : n + " parameters") + ": " + form + ", not " + cb.params().size());
            return false;
        }
        Set<String> seen = new HashSet<>();
        for (Name p : cb.params()) {
            if (!seen.add(p.text())) {
                diags.error(p.span(), "parameter " + p + " twice");
                return false;
            }
        }
        return true;
    }

    private static Long address(Expr e, Declarations decls, Diagnostics diags) {
        if (e instanceof Expr.Int i) {
            return i.value();
        }
        if (e instanceof Expr.Ref r && decls.pageIndex.containsKey(r.name().text())) {
            return decls.pages.get(decls.pageIndex.get(r.name().text())).address();
        }
        diags.error(e.span(), "an interval's bound is an address or a page (its first address)");
        return null;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
