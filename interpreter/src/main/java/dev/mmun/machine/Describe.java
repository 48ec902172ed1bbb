package dev.mmun.machine;

/** Names of machine things as reports print them: pages, frames, ptes, TLB entries, locks. */
public final class Describe {
    private final Program p;

    public Describe(Program p) {
        this.p = p;
    }

    public String page(int i) {
        return p.pages().get(i).name();
    }

    public String frame(int f) {
        return p.frames().get(f).name();
    }

    public String thread(int t) {
        return p.threads().get(t).name();
    }

    public String device(int d) {
        return p.devices().get(d).name();
    }

    public String lock(int l) {
        return p.locks().get(l).name();
    }

    public String pte(int pte) {
        if (Pte.swap(pte)) {
            return "swap(" + frame(Pte.frame(pte)) + ")";
        }
        if (Pte.migration(pte)) {
            return "migration(" + frame(Pte.frame(pte)) + (Pte.writable(pte) ? " rw)" : " ro)");
        }
        if (!Pte.present(pte)) {
            return "none";
        }
        return frame(Pte.frame(pte)) + (Pte.writable(pte) ? " rw" : " ro") + ((pte & Pte.DIRTY) != 0 ? " dirty" : "");
    }

    public String tlb(int e) {
        return Pte.present(e) ? frame(Pte.frame(e)) + (Pte.writable(e) ? " rw" : " ro") : "-";
    }

    /** A frame mask as {fA, f2}. */
    public String frames(int mask, int writableMask) {
        StringBuilder sb = new StringBuilder("{");
        for (int f = 0; f < 32; f++) {
            if ((mask & (1 << f)) != 0) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(frame(f)).append((writableMask & (1 << f)) != 0 ? " rw" : " ro");
            }
        }
        return sb.append('}').toString();
    }

    public String range(int r) {
        return p.ranges().get(r).text();
    }
}
