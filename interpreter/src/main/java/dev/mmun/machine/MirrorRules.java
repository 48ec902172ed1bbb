package dev.mmun.machine;

/**
 * The rules of software mirrors, judged on machine state: a driver's install (during a running
 * invalidation, or of a translation the pte no longer holds), a pte that changes under a mirror
 * entry, and a frame freed while a mirror still maps it. STALE_MIRROR is kernel-notes D10-D12;
 * the free is case A (docs/mirrors.md says why).
 */
final class MirrorRules {
    private final Program p;
    private final Describe names;
    private final int nPages;
    private final int[] all;

    MirrorRules(Program p, Describe names, int[] softwareMirrors) {
        this.p = p;
        this.names = names;
        this.nPages = p.pages().size();
        this.all = softwareMirrors;
    }

    /**
     * The driver programs its device page table. STALE_MIRROR when an invalidation covering the
     * page is running (its start callback already emptied this mirror; nothing will empty it
     * again before the pte changes), or when the pte does not map this frame with these rights now.
     */
    void map(int[] n, int t, Instr in, int d, int page, int fv, boolean writable, StepOut out) {
        if (fv <= 0 || fv > p.frames().size()) {
            out.violation(new Violation(Rule.ASSERT, t, in.span(), "no frame here: the value is " + fv, -1, -1));
            return;
        }
        int f = fv - 1;
        String who = p.threads().get(t).name();
        String entry = names.page(page) + " -> " + names.frame(f) + (writable ? " rw" : " ro");
        // A script's callback runs in steps of its own: an install between the start and the
        // callback is what the kernel allows (the callback removes it); such a device is judged
        // when the pte changes under its entry or the frame is freed, not at the install.
        int[] inv = p.subscribed(d) ? null : activeInvalidation(n, page);
        int pte = n[p.pte(page)];
        if (inv != null) {
            Instr start = p.threads().get(inv[0]).code()[inv[1]];
            out.violation(Rule.STALE_MIRROR, t, in.span(), () -> who + " installs " + entry + " in "
                    + names.device(d) + " while " + names.thread(inv[0]) + "'s invalidation of " + names.range(inv[2])
                    + " (started at " + start.span().where() + ") is running: its start callback already emptied "
                    + names.device(d) + ", so nothing removes this entry before the pte changes", page, f);
        } else if (!Pte.present(pte) || Pte.frame(pte) != f || (writable && !Pte.writable(pte))) {
            out.violation(Rule.STALE_MIRROR, t, in.span(), () -> who + " installs " + entry + " in "
                    + names.device(d) + ", but the pte maps " + names.page(page) + " -> " + names.pte(pte)
                    + " now: the translation changed after it was read and the sequence check did not catch it", page, f);
        }
        int e = Pte.tlbEntry(Pte.make(f, writable, false), n[p.frameGen(f)]);
        out.set(n, p.devTlb(d, page), e);
        if (out.changes) {
            out.change(Change.Kind.DEV_FILL, page, f, d, names.device(d) + ": maps " + names.page(page) + " -> " + names.tlb(e));
        }
    }

    /** {thread, pc of its start, range} of a running invalidation covering page, or null. */
    private int[] activeInvalidation(int[] n, int page) {
        for (int t = 0; t < p.threads().size(); t++) {
            int depth = n[p.invDepth(t)];
            for (int i = 0; i < depth; i++) {
                int slot = n[p.invSlot(t, i)];
                if ((slot & MirrorEffects.FAILED) == 0 && (p.ranges().get(slot & 0xffff).pages() & (1L << page)) != 0) {
                    return new int[] {t, n[p.invSlot(t, i) + 1], slot & 0xffff};
                }
            }
        }
        return null;
    }

    // ---- rules judged when the page table or a frame changes ----

    /** A pte changed: every mirror entry for the page must still agree with it. */
    void pteChanged(int[] n, int t, Instr in, int page, StepOut out) {
        int pte = n[p.pte(page)];
        for (int d : all) {
            int e = n[p.devTlb(d, page)];
            if (!Pte.present(e)) {
                continue;
            }
            int f = Pte.frame(e);
            boolean agrees = Pte.present(pte) && Pte.frame(pte) == f && Pte.gen(e) == n[p.frameGen(f)]
                    && (!Pte.writable(e) || Pte.writable(pte));
            if (!agrees) {
                out.violation(Rule.STALE_MIRROR, t, in.span(), () -> p.threads().get(t).name() + " changes the pte of "
                        + names.page(page) + " to " + names.pte(pte) + " while " + names.device(d) + " still maps "
                        + names.page(page) + " -> " + names.tlb(e) + ": no invalidate_range_start() covering "
                        + names.page(page) + " reached " + names.device(d) + " since it installed that entry", page, f);
            }
        }
    }

    /** Case A for mirrors: a frame is freed while a mirror still maps it. */
    void freed(int[] n, int t, Instr in, int f, StepOut out) {
        for (int d : all) {
            for (int page = 0; page < nPages; page++) {
                int e = n[p.devTlb(d, page)];
                if (Pte.present(e) && Pte.frame(e) == f && Pte.gen(e) == n[p.frameGen(f)]) {
                    int at = page;
                    out.violation(Rule.CASE_A, t, in.span(), () -> "frame " + names.frame(f) + " is freed while "
                            + names.device(d) + " still maps " + names.page(at) + " -> " + names.frame(f)
                            + ": the mirror was not emptied (or was refilled) before the page could be freed", page, f);
                    break;
                }
            }
        }
    }
}
