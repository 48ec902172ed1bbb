package dev.mmun.machine;

/**
 * The rules the kernel paths need beyond A and B (kernel-notes §5.5, §5.6), judged on machine
 * state: which translations a device may hold ({@code mayCacheWritable}), the active
 * invalidations of a thread, and what each frame was copied from.
 * <ul>
 * <li>{@code UNCOVERED_PTE_CHANGE} (D8): a present entry is removed, re-pointed or made read-only
 *     by a thread that has no active invalidation covering the address.</li>
 * <li>{@code WP_NOT_PROPAGATED} (exception W's deadline): a device may still write through a
 *     writable translation of a page whose pte is now read-only when the protection is consumed
 *     (contents compared), when the write-protecting thread ends its invalidation in era 4.15
 *     (end is the deadline there), or when the run ends (6.6: the flush never came).</li>
 * <li>{@code LOST_WRITE} (kernel-notes S22b): a page is pointed at a copy of a frame that was
 *     written after the copy was taken: that write never reaches the page's new frame.</li>
 * </ul>
 */
final class KernelRules {
    private final Program p;
    private final Describe names;
    private final int[] atsDevices;
    private final int nPages;

    KernelRules(Program p, Describe names, int[] atsDevices) {
        this.p = p;
        this.names = names;
        this.atsDevices = atsDevices;
        this.nPages = p.pages().size();
    }

    /** After a store to page's pte by thread t; old is the entry before. */
    void pteChanged(int[] n, int t, Instr in, int page, int old, StepOut out) {
        pteChanged(n, t, in, -1, page, old, false, out);
    }

    /**
     * After a store to page's pte by thread t at pc; old is the entry before; notified: the store
     * is a clear that notifies the secondary TLBs in the same step.
     */
    void pteChanged(int[] n, int t, Instr in, int pc, int page, int old, boolean notified, StepOut out) {
        int now = n[p.pte(page)];
        if (n[p.clearPending(t)] != 0 && Pte.present(now)) {
            restored(n, t, page, now, out);
        }
        if (Pte.present(old) && changesTranslation(old, now) && !covered(n, t, page)) {
            if (notified && !Pte.present(now) && pc >= 0 && pc < PendingClear.MAX_PC && n[p.clearPending(t)] == 0
                    && n[p.lock(p.pages().get(page).ptl())] == t + 1) {
                // judged when the ptl is dropped: a store of the same frame, with no more rights, in
                // this hold makes the pair no change at all (v6.18 __uprobe_write() in place)
                out.set(n, p.clearPending(t), PendingClear.of(page, Pte.frame(old), Pte.writable(old), pc));
            } else {
                out.violation(Rule.UNCOVERED_PTE_CHANGE, t, in.span(), () -> names.thread(t) + " changes the pte of "
                        + names.page(page) + " from " + names.pte(old) + " to " + names.pte(now)
                        + " outside any mmu_notifier_invalidate_range_start() of its own that covers " + names.page(page),
                        page, Pte.frame(old));
            }
        }
        if (writableStale(n, page) >= 0) {
            out.set(n, p.wpPending(page), t + 1);
        }
        if (Pte.present(now) && (!Pte.present(old) || Pte.frame(old) != Pte.frame(now))) {
            // the page now maps another frame
            if (!lostByCopy(n, t, in, page, Pte.frame(now), out)) {
                shown(n, page, Pte.frame(now), out);     // a copy that lost a write shows an older value: not a write
            }
        }
    }

    /**
     * Pointing page at a frame with other content than the page showed last is, for a reader, a
     * write to the page (uprobes' breakpoint, a zeroed page after a discard): a device that reads
     * the old frame afterwards reads a stale value.
     */
    private void shown(int[] n, int page, int g, StepOut out) {
        int content = n[p.frameContent(g)];
        if (content != n[p.lastWritten(page)]) {
            out.set(n, p.version(page), n[p.version(page)] + 1);
            out.set(n, p.frameVersion(g), n[p.version(page)]);
            out.set(n, p.lastWritten(page), content);
        }
    }

    // ---- a notified clear that the same ptl hold may undo (D8's exemption, kernel-notes §3.5) ----

    /** Thread t stores present entry now to page while a clear of its own is pending. */
    private void restored(int[] n, int t, int page, int now, StepOut out) {
        int pending = n[p.clearPending(t)];
        if (PendingClear.page(pending) != page) {
            return;
        }
        boolean sameFrame = Pte.frame(now) == PendingClear.frame(pending);
        boolean noMoreRights = !Pte.writable(now) || PendingClear.writable(pending);
        if (sameFrame && noMoreRights) {
            out.set(n, p.clearPending(t), 0);
        } else {
            uncoveredClear(n, t, "points it at " + names.pte(now) + " in the same ptl hold", out);
        }
    }

    /** Thread t releases lock l: a pending clear under it was not undone in the hold. */
    void unlocked(int[] n, int t, int l, StepOut out) {
        int pending = n[p.clearPending(t)];
        if (pending != 0 && p.pages().get(PendingClear.page(pending)).ptl() == l) {
            uncoveredClear(n, t, "drops " + names.lock(l) + " with the pte still none", out);
        }
    }

    /** Thread t finishes with a clear pending (it never dropped the ptl). */
    void exited(int[] n, int t, StepOut out) {
        if (n[p.clearPending(t)] != 0) {
            uncoveredClear(n, t, "finishes with the pte still none", out);
        }
    }

    /** The pending clear of thread t is an uncovered removal after all: reported at the clear. */
    private void uncoveredClear(int[] n, int t, String then, StepOut out) {
        int pending = n[p.clearPending(t)];
        out.set(n, p.clearPending(t), 0);
        int page = PendingClear.page(pending);
        int frame = PendingClear.frame(pending);
        Instr clear = p.threads().get(t).code()[PendingClear.pc(pending)];
        out.violation(Rule.UNCOVERED_PTE_CHANGE, t, clear.span(), () -> names.thread(t) + " clears the pte of "
                + names.page(page) + " (" + names.frame(frame) + ") outside any mmu_notifier_invalidate_range_start() of its own"
                + " that covers " + names.page(page) + ", then " + then, page, frame);
    }

    // ---- D18: a zap that completes while a CPU TLB entry outlives the pte ----

    /**
     * A zap completed (its tlb_finish_mmu() returned) for pages: a CPU TLB entry of one of them
     * that still holds a frame the pte no longer maps outlives a zap its caller thinks done (a path
     * that cleared the pte earlier and flushes later, after dropping the ptl): marked, and judged
     * at its next use.
     */
    void zapCompleted(int[] n, long pages, StepOut out) {
        for (long m = pages; m != 0; m &= m - 1) {
            int page = Long.numberOfTrailingZeros(m);
            int pte = n[p.pte(page)];
            for (int c = 0; c < p.cpuCount(); c++) {
                int e = n[p.cpuTlb(c, page)];
                if (Pte.present(e) && !(Pte.present(pte) && Pte.frame(pte) == Pte.frame(e))) {
                    out.set(n, p.cpuTlb(c, page), e | Pte.ZAPPED);
                }
            }
        }
    }

    /** Removal, re-point, or fewer rights on the same frame: the changes D8 wants covered. */
    private static boolean changesTranslation(int old, int now) {
        if (!Pte.present(now)) {
            return true;
        }
        return Pte.frame(now) != Pte.frame(old) || Pte.writable(old) && !Pte.writable(now);
    }

    private boolean covered(int[] n, int t, int page) {
        int depth = n[p.invDepth(t)];
        for (int i = 0; i < depth; i++) {
            int range = n[p.invSlot(t, i)] & 0xffff;
            if ((p.ranges().get(range).pages() & (1L << page)) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A device that may still write page through a writable translation of the frame the pte now
     * maps read-only (a write-protect not yet propagated); -1 when none. Stale translations of
     * other frames are case B, judged where the pte was re-pointed.
     */
    private int writableStale(int[] n, int page) {
        int pte = n[p.pte(page)];
        if (!Pte.present(pte) || Pte.writable(pte)) {
            return -1;
        }
        for (int d : atsDevices) {
            if ((n[p.mayCacheWritable(d, page)] & (1 << Pte.frame(pte))) != 0) {
                return d;
            }
        }
        return -1;
    }

    /** Era 4.15: invalidate_range_end() is the deadline of a write-protect made by the same thread. */
    void invalidationEnded(int[] n, int t, Instr in, long pages, StepOut out) {
        if (p.era() != Era.E4_15) {
            return;
        }
        for (long m = pages; m != 0; m &= m - 1) {
            int page = Long.numberOfTrailingZeros(m);
            if (n[p.wpPending(page)] == t + 1) { // the words only when there is something to judge: a hot path
                deadline(n, t, in, page, "ends its invalidation of " + names.page(page), out);
            }
        }
    }

    /**
     * Judged on a state where the run ends (every thread finished, or nobody can move): a
     * write-protect that was never propagated. In era 6.6 its deadline is the CPU TLB flush that
     * completes the operation, which no later step will make now.
     */
    java.util.List<Violation> atEnd(int[] s) {
        java.util.List<Violation> out = new java.util.ArrayList<>();
        for (int page = 0; page < nPages; page++) {
            int t = s[p.wpPending(page)] - 1;
            int d = writableStale(s, page);
            if (t >= 0 && d >= 0) {
                out.add(wpViolation(s, t, lastInstr(s, t), page, d, "has finished its part"));
            }
        }
        return out;
    }

    private void deadline(int[] n, int t, Instr at, int page, String what, StepOut out) {
        if (n[p.wpPending(page)] != t + 1) {
            return;
        }
        int d = writableStale(n, page);
        out.set(n, p.wpPending(page), 0);
        if (d >= 0) {
            out.violation(wpViolation(n, t, at, page, d, what));
        }
    }

    private Violation wpViolation(int[] n, int t, Instr at, int page, int d, String what) {
        int pte = n[p.pte(page)];
        return new Violation(Rule.WP_NOT_PROPAGATED, t, at.span(), names.thread(t) + " " + what + " while "
                + names.device(d) + " may still write " + names.page(page) + " through a writable translation to "
                + names.frame(Pte.frame(pte)) + ", though the pte is now " + names.pte(pte) + ": no notify of "
                + names.page(page) + " since " + names.thread(t) + " write-protected it", page, Pte.frame(pte));
    }

    /** The instruction thread t last ran (or is at, if it never ran). */
    private Instr lastInstr(int[] n, int t) {
        Instr[] code = p.threads().get(t).code();
        return code[Math.min(Math.max(n[p.pc(t)] - 1, 0), code.length - 1)];
    }

    /** The contents of frames a and b are compared: neither may still be writable through a stale translation. */
    void consumed(int[] n, int t, Instr in, int a, int b, StepOut out) {
        consumed(n, t, in, a, b, "compares", out);
    }

    /** As above; what says how the contents are relied on (compares, starts writeback of). */
    void consumed(int[] n, int t, Instr in, int a, int b, String what, StepOut out) {
        for (int f : new int[] {a, b}) {
            if (f < 0) {
                continue;
            }
            for (int page = 0; page < nPages; page++) {
                int pte = n[p.pte(page)];
                boolean legit = Pte.present(pte) && Pte.writable(pte) && Pte.frame(pte) == f;
                for (int d : atsDevices) {
                    if (!legit && (n[p.mayCacheWritable(d, page)] & (1 << f)) != 0) {
                        int at = page;
                        out.violation(Rule.WP_NOT_PROPAGATED, t, in.span(), () -> names.thread(t) + " " + what + " frame "
                                + names.frame(f) + " while " + names.device(d) + " may still write it through "
                                + names.page(at) + " (pte " + names.pte(pte) + "): the write-protect was not propagated",
                                page, f);
                        return;
                    }
                }
            }
        }
    }

    // ---- LOST_WRITE ----

    void copied(int[] n, int dst, int src, StepOut out) {
        if (!p.kernel().copyTracking()) {
            return;
        }
        out.set(n, p.copySource(dst), (src + 1) | n[p.frameGen(src)] << 8);
        out.set(n, p.copyWrites(dst), n[p.frameWrites(src)]);
        out.set(n, p.copyGeneration(dst), n[p.frameGen(dst)]);
    }

    /** Frame f was written (a memory write, or a kernel write into the frame). */
    void frameWritten(int[] n, int f, StepOut out) {
        if (p.kernel().copyTracking()) {
            out.set(n, p.frameWrites(f), n[p.frameWrites(f)] + 1);
        }
    }

    /** page now maps frame g: is g a copy of a frame that was written after the copy was taken? */
    private boolean lostByCopy(int[] n, int t, Instr in, int page, int g, StepOut out) {
        if (!p.kernel().copyTracking()) {
            return false;
        }
        int packed = n[p.copySource(g)];
        if (packed == 0 || n[p.copyGeneration(g)] != n[p.frameGen(g)]) {
            return false;
        }
        int src = (packed & 0xff) - 1;
        if (n[p.frameGen(src)] != packed >>> 8 || n[p.frameRef(src)] == 0) {
            return false;
        }
        if (n[p.frameWrites(src)] > n[p.copyWrites(g)] && n[p.frameContent(src)] != n[p.frameContent(g)]) {
            out.violation(Rule.LOST_WRITE, t, in.span(), () -> names.page(page) + " maps frame " + names.frame(g)
                    + ", a copy of " + names.frame(src) + " taken before " + names.frame(src)
                    + " was written again: that write is lost (a writable translation to " + names.frame(src)
                    + " survived the copy)", page, src);
            return true;
        }
        return false;
    }
}
