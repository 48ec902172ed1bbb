package dev.mmun.report;

import dev.mmun.machine.Describe;
import dev.mmun.machine.Program;
import dev.mmun.machine.Pte;
import dev.mmun.machine.State;

/**
 * A machine state as tables, read through the program's layout: the page table, the CPU and
 * device TLBs with the may-cache sets, the frames, the locks and the active invalidations.
 */
public final class StateView {
    private final Program p;
    private final Describe names;
    private final Style style;

    public StateView(Program p, Style style) {
        this.p = p;
        this.names = new Describe(p);
        this.style = style;
    }

    public String render(State state) {
        int[] s = state.raw();
        StringBuilder sb = new StringBuilder();
        section(sb, "page table (era " + p.version() + ")", pageTable(s), "no pages declared");
        if (p.cpuCount() > 0 && !p.pages().isEmpty()) {
            section(sb, "CPU TLBs", cpuTlbs(s), null);
        }
        for (int d = 0; d < p.devices().size(); d++) {
            Program.Device dev = p.devices().get(d);
            section(sb, "device " + dev.name() + " (" + dev.kind() + "): " + (dev.walksPageTable()
                    ? "its TLB, and what it may cache" : "the entries its driver installed"), device(s, d), "no pages declared");
        }
        if (p.hasSoftwareMirrors()) {
            section(sb, "software mirrors", mirrors(s), null);
        }
        frames(sb, s);
        section(sb, "locks", locks(s), "none");
        section(sb, "active invalidations", invalidations(s), "none");
        return sb.toString();
    }

    private void section(StringBuilder sb, String title, Table t, String empty) {
        sb.append(style.bold(title)).append('\n');
        if (t.size() == 0) {
            sb.append("  ").append(style.dim(empty)).append('\n');
        } else {
            sb.append(t.render("  ", style));
        }
    }

    private Table pageTable(int[] s) {
        Table t = new Table("page", "address", "pte", "content", "lock");
        for (int i = 0; i < p.pages().size(); i++) {
            Program.Page pg = p.pages().get(i);
            int pte = s[p.pte(i)];
            String content = Pte.present(pte) ? Integer.toString(s[p.frameContent(Pte.frame(pte))]) : "-";
            t.row(pg.name() + (pg.huge() ? " (huge)" : ""), "0x" + Long.toHexString(pg.address()), names.pte(pte), content,
                    names.lock(pg.ptl()));
        }
        return t;
    }

    private Table cpuTlbs(int[] s) {
        String[] header = new String[1 + p.cpuCount()];
        header[0] = "page";
        for (Program.Thread th : p.threads()) {
            if (!th.device()) {
                header[1 + th.cpuIndex()] = th.name();
            }
        }
        Table t = new Table(header);
        for (int i = 0; i < p.pages().size(); i++) {
            String[] row = new String[1 + p.cpuCount()];
            row[0] = p.pages().get(i).name();
            for (int c = 0; c < p.cpuCount(); c++) {
                row[1 + c] = names.tlb(s[p.cpuTlb(c, i)]);
            }
            t.row(row);
        }
        return t;
    }

    private Table device(int[] s, int d) {
        boolean walks = p.devices().get(d).walksPageTable();
        Table t = new Table("page", "tlb", walks ? "may cache" : "");
        for (int i = 0; i < p.pages().size(); i++) {
            int held = s[p.devTlb(d, i)];
            String may = walks ? names.frames(s[p.mayCache(d, i)], s[p.mayCacheWritable(d, i)]) : "";
            int pte = s[p.pte(i)];
            int now = Pte.present(pte) ? 1 << Pte.frame(pte) : 0;
            boolean stale = walks && (s[p.mayCache(d, i)] & ~now) != 0;
            t.row(p.pages().get(i).name(), names.tlb(held), stale ? may + "  " + style.warn("stale") : may);
        }
        return t;
    }

    /** The sequence protocols: the interval tree's seq and each mirror's or KVM's counters. */
    private Table mirrors(int[] s) {
        Table t = new Table("device", "kind", "seq", "in progress", "active starts", "memslots");
        for (int d = 0; d < p.devices().size(); d++) {
            Program.Device dev = p.devices().get(d);
            if (dev.intervalMirror()) {
                t.row(dev.name(), "mirror", s[p.mirrorSeq(d)] + " (mm: " + s[p.itreeSeq()] + ")", "-",
                        Integer.toString(s[p.itreeActive()]), "-");
            } else if (dev.kvm()) {
                long slots = (s[p.kvmMemslots(d)] & 0xffffffffL) | ((long) s[p.kvmMemslots(d) + 1] << 32);
                StringBuilder pages = new StringBuilder();
                for (int i = 0; i < p.pages().size(); i++) {
                    if ((slots & (1L << i)) != 0) {
                        pages.append(pages.length() == 0 ? "" : " ").append(p.pages().get(i).name());
                    }
                }
                t.row(dev.name(), "kvm", Integer.toString(s[p.mirrorSeq(d)]), Integer.toString(s[p.kvmInProgress(d)]),
                        Integer.toString(s[p.kvmActive(d)]), pages.length() == 0 ? "none" : pages.toString());
            }
        }
        return t;
    }

    private void frames(StringBuilder sb, int[] s) {
        Table t = new Table("frame", "refcount", "generation", "content");
        int unused = 0;
        for (int f = 0; f < p.frames().size(); f++) {
            int ref = s[p.frameRef(f)];
            int gen = s[p.frameGen(f)];
            if (ref == 0 && gen == 0) {
                unused++;
                continue;
            }
            t.row(names.frame(f), ref == 0 ? "0 (free)" : Integer.toString(ref), Integer.toString(gen),
                    Integer.toString(s[p.frameContent(f)]));
        }
        section(sb, "frames", t, "none");
        if (unused > 0) {
            sb.append("  ").append(style.dim(unused + " more frame" + (unused == 1 ? "" : "s")
                    + " for alloc_page(), never allocated")).append('\n');
        }
    }

    private Table locks(int[] s) {
        Table t = new Table("lock", "kind", "held by");
        for (int l = 0; l < p.locks().size(); l++) {
            Program.Lock lock = p.locks().get(l);
            int holder = s[p.lock(l)];
            String kind = lock.pageTable() ? "page table" : lock.sleeping() ? "mutex" : "spinlock";
            t.row(lock.name(), kind, holder == 0 ? "-" : names.thread(holder - 1));
        }
        return t;
    }

    private Table invalidations(int[] s) {
        Table t = new Table("thread", "range", "blockable", "started at");
        for (int th = 0; th < p.threads().size(); th++) {
            int depth = s[p.invDepth(th)];
            for (int i = 0; i < depth; i++) {
                int v = s[p.invSlot(th, i)];
                int pc = s[p.invSlot(th, i) + 1];
                // bit 17: a non-blocking start that failed (MirrorEffects.FAILED): not running
                String blockable = (v & (1 << 17)) != 0 ? "no, failed: -EAGAIN" : (v & (1 << 16)) != 0 ? "yes" : "no";
                t.row(names.thread(th), names.range(v & 0xffff), blockable, p.threads().get(th).code()[pc].span().where());
            }
        }
        return t;
    }
}
