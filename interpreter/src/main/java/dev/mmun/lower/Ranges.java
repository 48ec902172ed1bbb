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
            if (pages.get(p).address() < end && start < pages.get(p).end()) {
                mask |= 1L << p;
            }
        }
        list.add(new Program.Range(start, end, mask, text));
        index.put(key, list.size() - 1);
        return list.size() - 1;
    }

    List<Program.Range> all() {
        return list;
    }
}
