package dev.mmun.lower;

import dev.mmun.check.Declarations;
import dev.mmun.machine.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The distinct address ranges a script names, each with the mask of declared pages it covers. */
final class Ranges {
    private final List<Declarations.PageDecl> pages;
    private final List<Program.Range> list = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();

    Ranges(List<Declarations.PageDecl> pages) {
        this.pages = pages;
    }

    int of(long start, long end, String text) {
        String key = start + ":" + end;
        Integer i = index.get(key);
        if (i != null) {
            return i;
        }
        long mask = 0;
        for (int p = 0; p < pages.size(); p++) {
            // unsigned: a callback's whole address space ends at ULONG_MAX (-1)
            if (Long.compareUnsigned(pages.get(p).address(), end) < 0 && Long.compareUnsigned(start, pages.get(p).end()) < 0) {
                mask |= 1L << p;
            }
        }
        list.add(new Program.Range(start, end, mask, text));
        index.put(key, list.size() - 1);
        return list.size() - 1;
    }

    /** The index of the range [start, end), or -1 when no call named it. */
    int indexOf(long start, long end) {
        Integer i = index.get(start + ":" + end);
        return i == null ? -1 : i;
    }

    List<Program.Range> all() {
        return list;
    }
}
